//! Shared builders for the print tests: a realistic poster, code texts of a given QR
//! size, and running poppler's `pdftotext` / `pdfinfo` on real files.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use attend_print::{Letter, Poster};

/// base45's alphabet (RFC 9285), which the society's code texts use after `JSNM1:`.
const BASE45: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// A code text shaped like a signed one: `JSNM1:` and `len` base45 characters, varied
/// by `seed`, never starting or ending with a space.
pub fn code_text(len: usize, seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::from("JSNM1:");
    for i in 0..len {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut c = BASE45[((state >> 33) % 45) as usize];
        if c == b' ' && (i == 0 || i + 1 == len) {
            c = b'Q';
        }
        out.push(c as char);
    }
    out
}

/// About the size of a real signed lecture code: QR version 10 at level M.
pub fn lecture_code() -> String {
    code_text(294, 7)
}

pub fn poster(code: &str) -> Poster {
    Poster {
        congress_name: "第66回日本核医学会学術総会".into(),
        session_title: "教育講演3 PET/CTによる腫瘍診断の基礎と最新の臨床応用".into(),
        kind_name: "教育講演".into(),
        credit: 2,
        valid_from_text: "受付開始 2026年11月27日 9:00 / Registration opens 27 Nov 2026, 9:00"
            .into(),
        code_text: code.into(),
        instructions_ja:
            "講演開始後30分以内にアプリの「スキャン起動」からQRコードを読み取ってください。".into(),
        instructions_en: "Open the app and tap Scan within 30 minutes after the lecture starts."
            .into(),
    }
}

pub fn letter(n: usize) -> Letter {
    let names = ["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲"];
    Letter {
        member_number: format!("{:08}", 20_260_000 + n * 37),
        name_kanji: names[n % names.len()].into(),
        temp_password: format!("Kp7x{n}Rw9m"),
        member_page_url: "https://member.jsnm.example/mypage".into(),
        update_deadline_text: "2027年1月31日".into(),
    }
}

fn poppler(tool: &str, args: &[&str], file: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {tool} ({e}): install the Debian package poppler-utils")
        });
    assert!(
        out.status.success(),
        "{tool} failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of one page (1-based) or of all pages, as poppler extracts it.
pub fn pdftotext(file: &Path, page: Option<u32>) -> String {
    match page {
        Some(p) => {
            let p = p.to_string();
            poppler("pdftotext", &["-f", &p, "-l", &p], file)
        }
        None => poppler("pdftotext", &[], file),
    }
}

/// `pdfinfo`'s report (it takes no output argument, so it is run directly).
pub fn pdfinfo(file: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run pdfinfo ({e}): install the Debian package poppler-utils")
        });
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text with all whitespace removed, so a title broken over two lines still matches.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
