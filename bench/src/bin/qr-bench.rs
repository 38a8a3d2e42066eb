//! qr-bench: decode rate and time per image of our decoder, plain rqrr and zxing-cpp on
//! one qr-corpus folder, side by side in one run.
//!
//! `cargo run --release --bin qr-bench -- CORPUS_DIR` (with `QR_BENCH_QUICK=1`: ours
//! with `Effort::Still` only, against the other two, noting the stage that read each
//! image; for tuning)
//!
//! Time per image is the decode call alone, on an image already loaded and converted to
//! 8-bit grayscale. Plain rqrr runs in a child process per image (this binary with
//! `--plain-rqrr FILE`), killed after a watchdog of 10 s and counted as failed: it can
//! run for minutes and a thread cannot be stopped. zxing-cpp runs in
//! `bench/zxing_bench.py` with `python3` or `$QR_BENCH_PYTHON`; if it is missing the
//! bench says how to install it and reports the other two.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use attend_core::decode::{self, Effort, Frame, Gray, Stage};

const WATCHDOG: Duration = Duration::from_secs(10);

struct Row {
    file: String,
    expected: String,
    folder: String,
}

#[derive(Default, Clone)]
struct Outcome {
    ok: bool,
    ms: f64,
    note: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "--plain-rqrr" {
        plain_child(&args[2]);
        return;
    }
    let Some(dir) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: qr-bench CORPUS_DIR   (a folder in the qr-corpus format)");
        std::process::exit(2);
    };
    if let Err(e) = run(&dir) {
        eprintln!("qr-bench: {e}");
        std::process::exit(1);
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let rows = manifest(dir)?;
    let n = rows.len();
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // For tuning: ours (Still) against plain rqrr and zxing-cpp only.
    let quick = std::env::var_os("QR_BENCH_QUICK").is_some();
    let mut ours = Vec::new();
    let mut live = Vec::new();
    let mut plain = Vec::new();
    let mut stage_ok: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
    let mut stage_ms: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for row in &rows {
        let path = dir.join(&row.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let luma = decode::load_luma(&bytes).map_err(|e| format!("{}: {e}", row.file))?;
        let frame = Frame::Luma {
            data: luma.as_raw(),
            width: luma.width(),
            height: luma.height(),
            stride: luma.width(),
        };
        let start = Instant::now();
        let report = decode::decode_frame(frame, Effort::Still);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let (ok, note) = match report {
            Ok(r) => {
                let ok = r.codes.iter().any(|c| c.text == row.expected);
                let wrong = r.codes.iter().any(|c| c.text != row.expected);
                let mut note: Vec<String> =
                    r.diagnostics.iter().map(|d| format!("{d:?}")).collect();
                if wrong && !ok {
                    note.push("WRONG TEXT".into());
                }
                if quick {
                    note.extend(
                        r.codes
                            .iter()
                            .map(|c| format!("read by {}", c.stage.name())),
                    );
                }
                (ok, (!note.is_empty()).then(|| note.join("; ")))
            }
            Err(e) => (false, Some(e.to_string())),
        };
        ours.push(Outcome { ok, ms, note });
        if quick {
            plain.push(plain_parent(&exe, &path, &row.expected));
            continue;
        }
        let start = Instant::now();
        let live_report = decode::decode_frame(frame, Effort::Live);
        let ms = start.elapsed().as_secs_f64() * 1e3;
        let ok = live_report.is_ok_and(|r| r.codes.iter().any(|c| c.text == row.expected));
        live.push(Outcome { ok, ms, note: None });
        for stage in Stage::ALL {
            let start = Instant::now();
            let r = decode::decode_frame_stages(frame, &[stage]);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            let ok = r.is_ok_and(|r| r.codes.iter().any(|c| c.text == row.expected));
            stage_ok.entry(stage.name()).or_default().push(ok);
            stage_ms.entry(stage.name()).or_default().push(ms);
        }
        plain.push(plain_parent(&exe, &path, &row.expected));
    }
    let zxing = zxing(dir, &rows);

    println!("qr-bench on {} ({n} images)\n", dir.display());
    println!(
        "{:<46} {:>14} {:>14} {:>14}",
        "image", "ours", "zxing-cpp", "rqrr"
    );
    for (i, row) in rows.iter().enumerate() {
        let cell = |o: Option<&Outcome>| match o {
            Some(o) => format!("{} {:>8.2}ms", if o.ok { "ok" } else { "--" }, o.ms),
            None => "n/a".to_owned(),
        };
        let z = zxing.as_ref().ok().map(|z| &z[i]);
        println!(
            "{:<46} {:>14} {:>14} {:>14}",
            row.file,
            cell(Some(&ours[i])),
            cell(z),
            cell(Some(&plain[i]))
        );
        for (who, o) in [("ours", &ours[i]), ("rqrr", &plain[i])] {
            if let Some(note) = &o.note {
                println!("    {who}: {note}");
            }
        }
    }

    println!("\nper source folder (read / images): ours, zxing-cpp, rqrr");
    let mut folders: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let e = folders.entry(row.folder.as_str()).or_default();
        e[0] += 1;
        e[1] += usize::from(ours[i].ok);
        e[2] += usize::from(zxing.as_ref().is_ok_and(|z| z[i].ok));
        e[3] += usize::from(plain[i].ok);
    }
    for (folder, c) in &folders {
        println!(
            "  {folder:<12} {:>3} / {:<3} {:>3} / {:<3} {:>3} / {:<3}",
            c[1], c[0], c[2], c[0], c[3], c[0]
        );
    }

    println!("\nper stage of ours, each alone and in Effort::Still order:");
    println!(
        "  {:<12} {:>6} {:>10} {:>12}",
        "stage", "alone", "new reads", "median ms"
    );
    let mut read_so_far = vec![false; n];
    for stage in Stage::ALL.into_iter().filter(|_| !quick) {
        let oks = &stage_ok[stage.name()];
        let new = (0..n).filter(|&i| oks[i] && !read_so_far[i]).count();
        for i in 0..n {
            read_so_far[i] |= oks[i];
        }
        let (med, _) = quantiles(&stage_ms[stage.name()]);
        println!(
            "  {:<12} {:>6} {:>10} {:>12.2}",
            stage.name(),
            oks.iter().filter(|&&o| o).count(),
            new,
            med
        );
    }

    println!("\nsummary (ours = Effort::Still; ours live = Effort::Live, for the camera preview):");
    let line = |name: &str, v: &[Outcome]| {
        let ok = v.iter().filter(|o| o.ok).count();
        let (med, p90) = quantiles(&v.iter().map(|o| o.ms).collect::<Vec<_>>());
        println!("  {name:<10} {ok:>3}/{n} ({:>3.0}%)  median {med:.2} ms  p90 {p90:.2} ms  max {:.2} ms", 100.0 * ok as f64 / n.max(1) as f64, v.iter().map(|o| o.ms).fold(0.0, f64::max));
        (ok, med)
    };
    let (ours_ok, ours_med) = line("ours", &ours);
    if !quick {
        line("ours live", &live);
    }
    let (z_ok, z_med) = match &zxing {
        Ok(z) => {
            let (ok, med) = line("zxing-cpp", z);
            (ok.to_string(), format!("{med:.2}"))
        }
        Err(why) => {
            println!("  zxing-cpp  not run: {why}");
            ("n/a".to_owned(), "n/a".to_owned())
        }
    };
    let timeouts = plain
        .iter()
        .filter(|o| o.note.as_deref() == Some("watchdog: no answer in 10 s, counted as failed"))
        .count();
    let (plain_ok, _) = line("rqrr", &plain);
    if timeouts > 0 {
        println!(
            "  rqrr: {timeouts} image(s) hit the {} s watchdog",
            WATCHDOG.as_secs()
        );
    }
    println!("decode rate: ours {ours_ok}/{n}, zxing-cpp {z_ok}/{n}, rqrr {plain_ok}/{n}; median ms: ours {ours_med:.2}, zxing-cpp {z_med}");
    Ok(())
}

fn manifest(dir: &Path) -> Result<Vec<Row>, String> {
    let path = dir.join("manifest.tsv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let expected: String =
            serde_json::from_str(cols[1]).map_err(|e| format!("manifest line {}: {e}", i + 1))?;
        rows.push(Row {
            file: cols[0].to_owned(),
            expected,
            folder: cols[2].to_owned(),
        });
    }
    Ok(rows)
}

/// Child side of the watchdog: time plain rqrr on one image, print one JSON line.
fn plain_child(file: &str) {
    let result = std::fs::read(file)
        .map_err(|e| e.to_string())
        .and_then(|b| decode::load_luma(&b).map_err(|e| e.to_string()));
    let line = match result {
        Ok(luma) => {
            let gray = Gray {
                w: luma.width() as usize,
                h: luma.height() as usize,
                px: luma.into_raw(),
            };
            let start = Instant::now();
            let r = decode::plain_rqrr(&gray);
            let ms = start.elapsed().as_secs_f64() * 1e3;
            match r {
                Ok(texts) => serde_json::json!({"texts": texts, "ms": ms}),
                Err(panic) => serde_json::json!({"texts": [], "ms": ms, "panic": panic}),
            }
        }
        Err(e) => serde_json::json!({"texts": [], "ms": 0.0, "error": e}),
    };
    println!("{line}");
}

fn plain_parent(exe: &Path, image: &Path, expected: &str) -> Outcome {
    let child = Command::new(exe)
        .arg("--plain-rqrr")
        .arg(image)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Outcome {
                ok: false,
                ms: 0.0,
                note: Some(format!("could not start: {e}")),
            }
        }
    };
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < WATCHDOG => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome {
                    ok: false,
                    ms: WATCHDOG.as_secs_f64() * 1e3,
                    note: Some("watchdog: no answer in 10 s, counted as failed".into()),
                };
            }
        }
    }
    let mut out = String::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut out);
    }
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap_or_default();
    let texts: Vec<&str> = v["texts"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t.as_str()).collect())
        .unwrap_or_default();
    let note = v
        .get("panic")
        .and_then(|p| p.as_str())
        .map(|p| format!("panicked: {p}"));
    Outcome {
        ok: texts.contains(&expected),
        ms: v["ms"].as_f64().unwrap_or(0.0),
        note,
    }
}

fn zxing(dir: &Path, rows: &[Row]) -> Result<Vec<Outcome>, String> {
    let python = std::env::var("QR_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("zxing_bench.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(dir)
        .output()
        .map_err(|e| format!("could not run {python}: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        eprintln!("{err}");
        return Err(format!(
            "{python} {} failed: {}",
            script.display(),
            err.lines().next().unwrap_or("")
        ));
    }
    let mut by_file: BTreeMap<String, (Vec<String>, f64)> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("zxing line: {e}"))?;
        let file = v["file"].as_str().unwrap_or_default().to_owned();
        let texts: Vec<String> = v["texts"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        by_file.insert(file, (texts, v["ms"].as_f64().unwrap_or(0.0)));
    }
    Ok(rows
        .iter()
        .map(|r| {
            let (texts, ms) = by_file.remove(&r.file).unwrap_or_default();
            Outcome {
                ok: texts.contains(&r.expected),
                ms,
                note: None,
            }
        })
        .collect())
}

/// Median and 90th percentile (nearest rank).
fn quantiles(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let at = |q: f64| s[((q * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
    (at(0.5), at(0.9))
}
