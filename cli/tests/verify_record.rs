//! `attend verify-record` on real printouts: a record PDF made by attend-print and
//! signed with the running server's active key (as the member page does), an altered
//! copy carrying the same QR code, a scan of page 1, and the key set from a file, from
//! the server over HTTP, and built in (which does not know this server's key).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use attend_domain::record::{self, RecordLine};
use attend_print::{record_pdf, RecordSheet};
use attend_server::keyring;
use chrono::NaiveDate;

const NAME: &str = "試験 太郎";

fn sheet(qr: &str, lines: &[String]) -> RecordSheet {
    RecordSheet {
        member_number: common::MEMBER.to_owned(),
        name_kanji: NAME.to_owned(),
        issued_text: "2026年11月26日".to_owned(),
        summary_lines: vec![],
        records: lines
            .iter()
            .enumerate()
            .map(|(i, l)| ((i == 0).then(|| "2026年度".to_owned()), l.clone()))
            .collect(),
        qr_text: qr.to_owned(),
    }
}

async fn attend(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_attend"))
            .env_remove("ATTEND_SERVER")
            .args(&args)
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

fn args(parts: &[&str], file: &Path) -> Vec<String> {
    let mut v: Vec<String> = parts.iter().map(|s| s.to_string()).collect();
    v.push(file.display().to_string());
    v
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_genuine_record_verifies_and_an_altered_copy_does_not() {
    let world = common::start().await;
    let store = world.server.store();
    let key = keyring::active_key(store, &world.path("keys"))
        .await
        .unwrap();
    let keys_json = world.path("keys.json");
    std::fs::write(
        &keys_json,
        keyring::key_set(store, "JSNM").await.unwrap().to_json(),
    )
    .unwrap();
    let keys_arg = keys_json.display().to_string();

    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let lines = vec![
        RecordLine {
            date: day,
            congress: common::CONGRESS_NAME.to_owned(),
            session: "学術総会 出席受付".to_owned(),
            kind_label: "学術総会出席".to_owned(),
            credit: 10,
        },
        RecordLine {
            date: day,
            congress: common::CONGRESS_NAME.to_owned(),
            session: "教育講演1 核医学治療".to_owned(),
            kind_label: "教育講演".to_owned(),
            credit: 2,
        },
    ];
    let issued = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let qr = record::sign("JSNM", common::MEMBER, NAME, issued, &lines, &key);
    let texts: Vec<String> = lines.iter().map(RecordLine::text).collect();
    let genuine = world.path("record.pdf");
    std::fs::write(&genuine, record_pdf(&sheet(&qr, &texts)).unwrap()).unwrap();

    let ok = attend(args(&["verify-record", "--keys", &keys_arg], &genuine)).await;
    assert!(ok.status.success(), "{}", out(&ok));
    let text = out(&ok);
    assert!(
        text.contains(NAME) && text.contains(common::MEMBER),
        "{text}"
    );
    assert!(text.contains("記録件数: 2"), "{text}");

    let json = attend(args(
        &["--json", "verify-record", "--keys", &keys_arg],
        &genuine,
    ))
    .await;
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["checked"], "printed");
    assert_eq!(doc["proof"]["count"], 2);

    // One credit changed, the same QR code: refused with the member-facing reason.
    let mut altered = texts.clone();
    altered[1] = altered[1].replace(" 2単位", " 9単位");
    assert_ne!(altered[1], texts[1]);
    let forged = world.path("forged.pdf");
    std::fs::write(&forged, record_pdf(&sheet(&qr, &altered)).unwrap()).unwrap();
    let bad = attend(args(&["verify-record", "--keys", &keys_arg], &forged)).await;
    assert!(!bad.status.success(), "{}", out(&bad));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("改変されています"),
        "{}",
        out(&bad)
    );
    let bad = attend(args(
        &[
            "--json",
            "--lang",
            "en",
            "verify-record",
            "--keys",
            &keys_arg,
        ],
        &forged,
    ))
    .await;
    assert!(!bad.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "records_differ");
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("the copy was altered"));

    // A scan of page 1, keys fetched from the server: the signed facts, code only.
    let prefix = world.path("scan");
    let rendered = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-f", "1", "-l", "1"])
        .arg(&genuine)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(rendered.success());
    let scan = std::fs::read_dir(world.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("scan")
                && p.extension().is_some_and(|e| e == "png")
        })
        .unwrap();
    let photo = attend(args(&["--server", &world.url(), "verify-record"], &scan)).await;
    assert!(photo.status.success(), "{}", out(&photo));
    let text = out(&photo);
    assert!(text.contains(NAME) && text.contains("紙面と照合"), "{text}");

    // The keys built into the program do not include this server's fresh key.
    let unknown = attend(args(&["--json", "verify-record"], &scan)).await;
    assert!(!unknown.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&unknown.stdout).unwrap();
    assert_eq!(doc["error"]["code"], "record_unknown_key");

    // Without poppler on the PATH a PDF cannot be read: say which package to install.
    let empty = world.path("no-tools");
    std::fs::create_dir_all(&empty).unwrap();
    let (pdf, keys) = (genuine.clone(), keys_arg.clone());
    let no_tools = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_attend"))
            .env("PATH", &empty)
            .args(["--lang", "en", "verify-record", "--keys", &keys])
            .arg(&pdf)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(!no_tools.status.success());
    let text = out(&no_tools);
    assert!(
        text.contains("pdftotext") && text.contains("poppler-utils"),
        "{text}"
    );

    world.server.shutdown().await.unwrap();
}
