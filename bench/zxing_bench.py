"""zxing-cpp side of qr-bench: decode every image of a qr-corpus folder, print JSON lines.

Run by `qr-bench` (bench/src/bin/qr-bench.rs) with `python3` or $QR_BENCH_PYTHON:

    python3 bench/zxing_bench.py CORPUS_DIR

One line per manifest row: {"file": ..., "texts": [...], "ms": ...}, where ms times only
`read_barcodes` on the image already loaded and converted to 8-bit grayscale. Exits 3
with an install hint on stderr when zxing-cpp or Pillow is missing.
"""

import json
import os
import sys
import time

try:
    import zxingcpp
    from PIL import Image
except ImportError as missing:
    sys.stderr.write(
        f"zxing-cpp side skipped ({missing}). Install it with:\n"
        "  python3 -m venv .venv && .venv/bin/pip install zxing-cpp pillow\n"
        "then run with QR_BENCH_PYTHON=.venv/bin/python\n"
    )
    sys.exit(3)


def main() -> None:
    corpus = sys.argv[1]
    with open(os.path.join(corpus, "manifest.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    first = True
    for row in rows:
        if not row or not row[0]:
            continue
        with Image.open(os.path.join(corpus, row[0])) as img:
            gray = img.convert("L")
            gray.load()
        if first:
            # Warm-up: the first call pays for lazy initialisation inside the module.
            zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
            first = False
        start = time.perf_counter()
        found = zxingcpp.read_barcodes(
            gray,
            formats=zxingcpp.BarcodeFormat.QRCode,
            text_mode=zxingcpp.TextMode.Plain,
        )
        ms = (time.perf_counter() - start) * 1000.0
        print(json.dumps({"file": row[0], "texts": [b.text for b in found], "ms": ms}), flush=True)


if __name__ == "__main__":
    main()
