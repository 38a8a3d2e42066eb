"""Garbage across the boundary gets errors, never a crash of the interpreter."""

import asyncio
import os
import random

import pytest

from attend_ffi import AttendError, Locale, PixelFormat

NOWHERE = "http://127.0.0.1:9"


@pytest.mark.parametrize("fmt,data,w,h,stride", [
    (PixelFormat.LUMA, b"", 0, 0, 0),
    (PixelFormat.RGBA, bytes(64), 16, 0, 64),
    (PixelFormat.BGRA, bytes(400 * 100), 100, 100, 100),
    (PixelFormat.LUMA, bytes(50 * 100), 100, 100, 50),
    (PixelFormat.LUMA, bytes(1024), 100_000, 100_000, 100_000),
    (PixelFormat.RGBA, bytes(16), 2**32 - 1, 2**32 - 1, 2**32 - 1),
    (PixelFormat.RGBA, bytes(100), 640, 480, 2560),
])
def test_impossible_frames(make_app, fmt, data, w, h, stride):
    app, _, _ = make_app(NOWHERE, Locale.EN)
    with pytest.raises(AttendError.Unreadable) as err:
        app.scan_frame(fmt, data, w, h, stride)
    assert err.value.code == "unreadable_image"
    assert "camera image" in err.value.reason


def test_values_out_of_range_are_refused_by_the_glue(make_app):
    app, _, _ = make_app(NOWHERE, Locale.EN)
    # Negative and too-large numbers never reach Rust: the binding rejects them.
    with pytest.raises((ValueError, OverflowError, TypeError)):
        app.scan_frame(PixelFormat.LUMA, bytes(16), -1, 4, 4)
    with pytest.raises((ValueError, OverflowError, TypeError)):
        app.scan_frame(PixelFormat.LUMA, bytes(16), 2**40, 4, 4)


def test_random_frames_and_texts(make_app, tmp_path):
    app, _, _ = make_app(NOWHERE, Locale.EN)
    rng = random.Random(1234)
    errors = 0
    for _ in range(60):
        fmt = rng.choice([PixelFormat.LUMA, PixelFormat.BGRA, PixelFormat.RGBA])
        w, h, stride = rng.randrange(0, 120), rng.randrange(0, 120), rng.randrange(0, 500)
        data = rng.randbytes(rng.randrange(0, (w * 4 + 8) * (h + 1)))
        try:
            assert app.scan_frame(fmt, data, w, h, stride) is None
        except AttendError.Unreadable:
            errors += 1
    assert 0 < errors < 60
    for text in ["", "garbage", "HC1:NCFOXN%TS3DH", "\x00\x01", "🦀" * 1000, "A" * (1 << 20)]:
        with pytest.raises(AttendError.NotLoggedIn):
            app.scan_text(text)
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(os.urandom(4096))
    for path in [str(junk), str(tmp_path), "/nonexistent.png", ""]:
        with pytest.raises(AttendError.Unreadable):
            app.scan_image_file(path)


def test_network_and_login_errors(make_app):
    app, _, _ = make_app(NOWHERE, Locale.JA)
    with pytest.raises(AttendError.Login) as err:
        asyncio.run(app.login("", "x"))
    assert err.value.code == "missing_input"
    with pytest.raises(AttendError.Network):
        asyncio.run(app.login("100234", "pw"))
    with pytest.raises(AttendError.NotLoggedIn):
        asyncio.run(app.sync_now())
    with pytest.raises(AttendError.NotLoggedIn):
        app.credits()
    assert app.account() is None
    asyncio.run(app.shutdown())
