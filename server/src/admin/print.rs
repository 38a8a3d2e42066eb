//! Printing through `attend-print`: session posters (PNG or PDF, A4 or A3) with a
//! freshly signed code, and the 会員番号・仮パスワード通知書 letters from the CSV that
//! `import-members` wrote.

use std::path::Path;

use attend_domain::{CreditKind, Locale};
use attend_print::{Letter, PaperSize, Poster, SCAN_LINE_EN, SCAN_LINE_JA};
use chrono::{FixedOffset, Utc};

use super::{AdminError, PasswordNotice};
use crate::config::Config;
use crate::store::Store;

fn print_error(e: attend_print::PrintError) -> AdminError {
    AdminError::Input(format!("printing failed: {e}"))
}

fn write_file(out: &Path, bytes: &[u8]) -> Result<(), AdminError> {
    std::fs::write(out, bytes).map_err(|e| AdminError::Input(format!("{}: {e}", out.display())))
}

/// Writes the poster of a session; `pdf` false gives PNG. Rotating sessions are for the
/// projector page, not paper: a printed rotating code would go stale in minutes.
pub async fn poster(
    store: &Store,
    config: &Config,
    session_id: &str,
    size: PaperSize,
    pdf: bool,
    out: &Path,
) -> Result<(), AdminError> {
    let session = store
        .session(session_id)
        .await?
        .ok_or_else(|| AdminError::Input(format!("no session {session_id}")))?;
    if session.rotation_secs.is_some() {
        return Err(AdminError::Input(format!(
            "session {session_id} rotates its code: show it on the projector page instead of a poster"
        )));
    }
    let code = crate::codes::issue(
        store,
        &config.key_dir,
        &config.society,
        session_id,
        Utc::now(),
    )
    .await?;
    let jst =
        FixedOffset::east_opt(9 * 3600).ok_or_else(|| AdminError::Input("time zone".to_owned()))?;
    let from = session.valid_from.with_timezone(&jst);
    let until = session.valid_until.with_timezone(&jst);
    let poster = Poster {
        congress_name: session.congress_name.clone(),
        session_title: session.title.clone(),
        kind_name: config
            .rules
            .kind_name(&CreditKind(session.kind.clone()), Locale::Ja),
        credit: u16::try_from(session.credit).unwrap_or(u16::MAX),
        valid_from_text: format!(
            "受付 {}〜{}",
            from.format("%Y年%-m月%-d日 %H:%M"),
            until.format("%-m月%-d日 %H:%M")
        ),
        code_text: code.code,
        instructions_ja: SCAN_LINE_JA.to_owned(),
        instructions_en: SCAN_LINE_EN.to_owned(),
    };
    let bytes = if pdf {
        attend_print::poster_pdf(&poster, size)
    } else {
        attend_print::poster_png(&poster, size)
    }
    .map_err(print_error)?;
    write_file(out, &bytes)
}

/// One letter per line of the password CSV; returns how many.
pub fn letters(
    passwords_csv: &Path,
    member_page_url: &str,
    out: &Path,
) -> Result<usize, AdminError> {
    let mut reader = csv::Reader::from_path(passwords_csv)
        .map_err(|e| AdminError::Input(format!("{}: {e}", passwords_csv.display())))?;
    let mut letters = Vec::new();
    for (i, row) in reader.deserialize::<PasswordNotice>().enumerate() {
        let n = row.map_err(|e| AdminError::Input(format!("line {}: {e}", i + 2)))?;
        letters.push(Letter {
            member_number: n.member_number,
            name_kanji: n.name_kanji,
            temp_password: n.temporary_password,
            member_page_url: member_page_url.to_owned(),
            update_deadline_text: match chrono::NaiveDate::parse_from_str(
                &n.update_deadline,
                "%Y-%m-%d",
            ) {
                Ok(d) => d.format("%Y年%-m月%-d日").to_string(),
                Err(_) => n.update_deadline,
            },
        });
    }
    let bytes = attend_print::password_letters_pdf(&letters).map_err(print_error)?;
    write_file(out, &bytes)?;
    Ok(letters.len())
}
