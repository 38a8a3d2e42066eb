//! What the browser tests share: Debian's chromium and the Playwright driver scripts in
//! `tests/browser/` (their `node_modules` installed on first use).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's chromium (or `CHROMIUM`); fails with the install advice when missing.
pub fn chromium() -> PathBuf {
    let path =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    assert!(
        path.exists(),
        "{} not found: install it with `apt-get install -y chromium fonts-noto-cjk`",
        path.display()
    );
    path
}

/// `tests/browser/`, with `npm ci` run there when Playwright is not installed yet.
pub fn scripts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !dir.join("node_modules/playwright-core").exists() {
        let ok = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm (apt-get install -y nodejs npm)");
        assert!(ok.success(), "npm ci failed in {}", dir.display());
    }
    dir
}
