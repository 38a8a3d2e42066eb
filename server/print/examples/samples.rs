//! Writes a sample of everything this crate renders into a folder and prints how long
//! each took: `cargo run -p attend-print --example samples -- /tmp/samples`.

use std::time::Instant;

use attend_domain::{Locale, Localized};
use attend_print::{
    password_letters_pdf, poster_pdf, poster_png, projector_code_json, projector_html, Letter,
    PaperSize, Poster, Projector,
};

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "samples".into());
    if let Err(e) = run(&dir) {
        eprintln!("{}\n{}", e.message(Locale::Ja), e.message(Locale::En));
        std::process::exit(1);
    }
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!("{what}: {:.0} ms", start.elapsed().as_secs_f64() * 1000.0);
    out
}

fn run(dir: &str) -> Result<(), Box<dyn LocalizedError>> {
    std::fs::create_dir_all(dir).map_err(io)?;
    // Shaped like a signed lecture code (QR version 10 at level M).
    let code: String = "JSNM1:"
        .chars()
        .chain(
            "6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEXWK G2EJAV"
                .chars()
                .cycle()
                .take(294),
        )
        .collect();
    let poster = Poster {
        congress_name: "第66回日本核医学会学術総会".into(),
        session_title: "教育講演3 PET/CTによる腫瘍診断の基礎と最新の臨床応用".into(),
        kind_name: "教育講演".into(),
        credit: 2,
        valid_from_text: "受付開始 2026年11月27日 9:00 / Registration opens 27 Nov 2026, 9:00"
            .into(),
        code_text: code.clone(),
        instructions_ja:
            "講演開始後30分以内にアプリの「スキャン起動」からQRコードを読み取ってください。".into(),
        instructions_en: "Open the app and tap Scan within 30 minutes after the lecture starts."
            .into(),
    };
    for size in [PaperSize::A4, PaperSize::A3] {
        let png = timed(
            &format!("poster PNG {size:?} (the first call also reads the font)"),
            || poster_png(&poster, size),
        )
        .map_err(boxed)?;
        std::fs::write(format!("{dir}/poster-{size:?}.png"), png).map_err(io)?;
        let pdf = timed(&format!("poster PDF {size:?}"), || {
            poster_pdf(&poster, size)
        })
        .map_err(boxed)?;
        std::fs::write(format!("{dir}/poster-{size:?}.pdf"), pdf).map_err(io)?;
    }
    let letters: Vec<Letter> = (0..100)
        .map(|i| Letter {
            member_number: format!("{:08}", 20_260_000 + i),
            name_kanji: "山田 太郎".into(),
            temp_password: "Kp7x4Rw9m".into(),
            member_page_url: "https://member.jsnm.example/mypage".into(),
            update_deadline_text: "2027年1月31日".into(),
        })
        .collect();
    let pdf = timed("100 letters PDF", || password_letters_pdf(&letters)).map_err(boxed)?;
    println!("100 letters: {} KB", pdf.len() / 1024);
    std::fs::write(format!("{dir}/letters.pdf"), pdf).map_err(io)?;
    let html = projector_html(&Projector {
        congress_name: poster.congress_name.clone(),
        session_title: poster.session_title.clone(),
        kind_name: poster.kind_name.clone(),
        credit: poster.credit,
        code_url: "code.json".into(),
    });
    std::fs::write(format!("{dir}/projector.html"), html).map_err(io)?;
    let json =
        timed("projector code JSON", || projector_code_json(&code, 30_000)).map_err(boxed)?;
    std::fs::write(format!("{dir}/code.json"), json).map_err(io)?;
    println!("written to {dir}");
    Ok(())
}

trait LocalizedError: Localized + std::fmt::Debug {}
impl<T: Localized + std::fmt::Debug> LocalizedError for T {}

fn boxed(e: attend_print::PrintError) -> Box<dyn LocalizedError> {
    Box::new(e)
}

#[derive(Debug)]
struct Io(std::io::Error);

impl Localized for Io {
    fn message(&self, locale: Locale) -> String {
        match locale {
            Locale::Ja => format!("ファイルを書き込めません（{}）。", self.0),
            Locale::En => format!("Cannot write the file ({}).", self.0),
        }
    }
}

fn io(e: std::io::Error) -> Box<dyn LocalizedError> {
    Box::new(Io(e))
}
