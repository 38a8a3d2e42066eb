//! `attend demo --once` end to end: the real server, posters, photos, offline scans,
//! sync, and the member's confirmed records and credits in the output.

use std::process::Command;

#[test]
fn the_demo_runs_to_the_end_and_shows_confirmed_credits() {
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .args(["demo", "--once"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Offline: the sync attempt failed and the scans waited.
    assert!(stdout.contains("未送信 2件"), "{stdout}");
    assert!(stdout.contains("登録済みです"), "{stdout}");
    // The home list ends with the three sessions confirmed.
    let confirmed: Vec<&str> = stdout.lines().filter(|l| l.contains('✔')).collect();
    assert_eq!(confirmed.len(), 3, "{stdout}");
    for title in ["学術総会 出席受付", "教育講演1", "教育講演2"] {
        assert!(
            confirmed.iter().any(|l| l.contains(title)),
            "{title}: {stdout}"
        );
    }
    // Credits: 10 (desk) + 2 + 2, all confirmed, and progress toward the specialist renewal.
    assert!(stdout.contains("確定 14単位 ／ 未確定 0単位"), "{stdout}");
    assert!(stdout.contains("確定 14 / 50単位"), "{stdout}");
    let server_line = stdout
        .lines()
        .find(|l| l.starts_with("server: http://127.0.0.1:"));
    assert!(server_line.is_some(), "{stdout}");
    // The temporary folder is gone.
    let removed = stdout
        .lines()
        .find(|l| l.starts_with("停止しました"))
        .and_then(|l| l.split('（').nth(1))
        .and_then(|l| l.split(' ').next())
        .unwrap_or_default();
    assert!(
        !removed.is_empty() && !std::path::Path::new(removed).exists(),
        "{stdout}"
    );
}
