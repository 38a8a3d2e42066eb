//! The `attend` binary against the real server on loopback: login from stdin, scan a
//! photo file, home, credits, sync, logout; `--json` output parses; errors exit
//! non-zero with the member's message.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn attend(data: &Path, url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_attend"));
    cmd.arg("--data-dir")
        .arg(data)
        .arg("--server")
        .arg(url)
        .args(args);
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

async fn run(data: &Path, url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let (data, url) = (data.to_owned(), url.to_owned());
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        attend(&data, &url, &args, stdin.as_deref())
    })
    .await
    .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_logs_in_scans_a_photo_and_shows_home_and_credits() {
    let world = common::start().await;
    let url = world.url();
    let data = world.path("cli");

    let before = run(&data, &url, &["home"], None).await;
    assert!(before.status.success());
    assert!(text(&before).contains("ログインしていません"));

    let wrong = run(
        &data,
        &url,
        &["login", common::MEMBER, "--password-stdin"],
        Some("nope\n"),
    )
    .await;
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr)
        .contains("会員番号またはパスワードが正しくありません"));

    let login = run(
        &data,
        &url,
        &["--json", "login", common::MEMBER, "--password-stdin"],
        Some(&format!("{}\n", common::PASSWORD)),
    )
    .await;
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let account = json(&login);
    assert_eq!(account["member_number"], common::MEMBER);
    assert!(account["reminder"]
        .as_str()
        .unwrap()
        .contains("会員マイページ"));

    let photo = world.path("desk.png");
    common::qr_file(&world.codes[0].2, &photo);
    let scan = run(&data, &url, &["scan", photo.to_str().unwrap()], None).await;
    let out = text(&scan);
    assert!(
        scan.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&scan.stderr)
    );
    assert!(out.contains("登録しました"), "{out}");
    assert!(out.contains(common::CONGRESS_NAME));
    assert!(out.contains("表示内容を必ずご確認ください"));

    let again = run(
        &data,
        &url,
        &["--json", "--lang", "en", "scan", photo.to_str().unwrap()],
        None,
    )
    .await;
    let report = json(&again);
    assert_eq!(report["scans"][0]["result"]["already_registered"], true);
    assert_eq!(
        report["scans"][0]["result"]["headline"],
        "Already registered"
    );

    let not_a_photo = world.path("notes.txt");
    std::fs::write(&not_a_photo, "hello").unwrap();
    let bad = run(
        &data,
        &url,
        &["--json", "scan", not_a_photo.to_str().unwrap()],
        None,
    )
    .await;
    assert!(!bad.status.success());
    assert_eq!(json(&bad)["scans"][0]["error"]["code"], "unreadable_image");

    let sync = run(&data, &url, &["--json", "sync"], None).await;
    assert!(sync.status.success());
    assert_eq!(json(&sync)["waiting"], 0);

    let home = run(&data, &url, &["--json", "home"], None).await;
    let home = json(&home);
    assert_eq!(home["entries"].as_array().unwrap().len(), 1);
    assert_eq!(home["entries"][0]["status"], "confirmed");
    assert_eq!(home["waiting"], 0);

    let credits = run(&data, &url, &["credits"], None).await;
    let out = text(&credits);
    assert!(out.contains("確定 10単位"), "{out}");
    let credits = json(&run(&data, &url, &["--json", "credits"], None).await);
    assert_eq!(credits["confirmed_total"], 10);

    let logout = run(&data, &url, &["logout"], None).await;
    assert!(logout.status.success());
    let after = run(&data, &url, &["--json", "credits"], None).await;
    assert!(!after.status.success());
    assert_eq!(json(&after)["error"]["code"], "not_logged_in");
    world.server.shutdown().await.unwrap();
}

#[test]
fn help_documents_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_attend"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for command in [
        "demo",
        "login",
        "logout",
        "scan",
        "sync",
        "home",
        "credits",
        "verify-record",
    ] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
}
