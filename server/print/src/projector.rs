//! The projector page: a self-contained HTML page (no external files, so it works on a
//! venue laptop behind any proxy) that shows the session and a rotating QR code.
//!
//! The page polls `code_url` for `{ "code": "...", "svg": "<svg…>", "refresh_in_ms": N }`
//! and swaps the SVG in: the server renders each rotation with [`crate::qr_svg`], so
//! the page carries no QR encoder. A bar counts down to the next rotation; when the
//! fetch fails a red notice says so, and once the code on screen is past its rotation
//! (plus a short grace) it is hidden, since members scanning it would be refused.

use crate::poster::SOCIETY_JA;
use crate::{qr_svg, PrintError};

/// What the projector page shows. `code_url` is fetched by the page itself (same
/// origin or absolute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projector {
    pub congress_name: String,
    pub session_title: String,
    /// The credit kind's display name, e.g. 教育講演.
    pub kind_name: String,
    pub credit: u16,
    pub code_url: String,
}

const TEMPLATE: &str = include_str!("projector.html");

/// Renders the page; every inserted text is HTML-escaped.
pub fn projector_html(p: &Projector) -> String {
    let credit = format!("{}　{}単位", p.kind_name.trim(), p.credit);
    let mut out = String::with_capacity(TEMPLATE.len() + 512);
    let mut rest = TEMPLATE;
    // One pass over the template, so a title that happens to contain "{{SESSION}}" is
    // printed as it is instead of being substituted again.
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let value = match &after[..end] {
            "CONGRESS" => p.congress_name.as_str(),
            "SESSION" => p.session_title.as_str(),
            "CREDIT" => credit.as_str(),
            "CODE_URL" => p.code_url.as_str(),
            "SOCIETY" => SOCIETY_JA,
            other => other,
        };
        out.push_str(&escape_html(value));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The body the page's `code_url` must answer with: the code, its SVG (from
/// [`qr_svg`]) and the milliseconds until the next rotation, when the page fetches again.
pub fn projector_code_json(code_text: &str, refresh_in_ms: u64) -> Result<String, PrintError> {
    Ok(serde_json::json!({
        "code": code_text,
        "svg": qr_svg(code_text)?,
        "refresh_in_ms": refresh_in_ms,
    })
    .to_string())
}
