//! The projector page and the SVG the server sends it, checked structurally and by
//! drawing the SVG's modules back into an image that rqrr decodes.

mod support;

use attend_print::{projector_code_json, projector_html, qr_svg, Projector, QUIET_ZONE};
use image::{GrayImage, Luma};

fn projector() -> Projector {
    Projector {
        congress_name: "第66回日本核医学会学術総会 & 春季大会".into(),
        session_title: "<script>alert('x')</script> 教育講演3".into(),
        kind_name: "教育講演".into(),
        credit: 2,
        code_url: "/projector/s-12/code?key=a&b=\"c\"".into(),
    }
}

#[test]
fn titles_and_url_are_escaped() {
    let html = projector_html(&projector());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script>alert"), "raw script injected");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 教育講演3"));
    assert!(html.contains("第66回日本核医学会学術総会 &amp; 春季大会"));
    assert!(html.contains(r#"data-code-url="/projector/s-12/code?key=a&amp;b=&quot;c&quot;""#));
    assert!(html.contains("教育講演　2単位"));
    assert!(html.contains("JSNM学会参加登録アプリで読み取ってください"));
    assert!(html.contains("サーバーに接続できません"), "offline notice");
    // Self-contained: nothing loaded from elsewhere.
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    assert_eq!(html.matches("{{").count(), 0, "every placeholder filled");
}

#[test]
fn a_title_that_looks_like_a_placeholder_is_printed_as_is() {
    let mut p = projector();
    p.session_title = "{{CODE_URL}}".into();
    let html = projector_html(&p);
    assert!(html.contains("<div class=\"session\">{{CODE_URL}}</div>"));
}

/// Reads the renderer's path (`M{x} {y}h{w}v{h}H{x}V{y}` per dark run) into an image,
/// `scale` pixels per module.
fn rasterise(svg: &str, scale: u32) -> (GrayImage, u32, u32) {
    let doc = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let view: Vec<u32> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split_whitespace()
        .map(|v| v.parse().expect("integer viewBox"))
        .collect();
    assert_eq!(view.len(), 4);
    let side = view[2];
    assert_eq!(view[3], side, "square");
    let path = root
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .and_then(|n| n.attribute("d"))
        .expect("a path of modules");
    let mut img = GrayImage::from_pixel(side * scale, side * scale, Luma([255]));
    let mut dark = 0;
    for cmd in path.split('M').filter(|c| !c.is_empty()) {
        let nums: Vec<u32> = cmd
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("integer"))
            .collect();
        let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
        dark += w * h;
        for yy in y * scale..(y + h) * scale {
            for xx in x * scale..(x + w) * scale {
                img.put_pixel(xx, yy, Luma([0]));
            }
        }
    }
    (img, side, dark)
}

#[test]
fn qr_svg_has_the_modules_of_the_code_and_decodes() {
    let code = support::lecture_code();
    let svg = qr_svg(&code).expect("svg");
    assert!(svg.starts_with("<svg"), "no XML declaration inside HTML");
    let (img, side, dark) = rasterise(&svg, 4);

    let reference =
        qrcode::QrCode::with_error_correction_level(code.as_bytes(), qrcode::EcLevel::M)
            .expect("reference code");
    assert_eq!(side as usize, reference.width() + 2 * QUIET_ZONE);
    let want_dark = reference
        .to_colors()
        .iter()
        .filter(|c| **c == qrcode::Color::Dark)
        .count();
    assert_eq!(dark as usize, want_dark);

    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, text) = grids[0].decode().expect("decodes");
    assert_eq!(text, code);
}

#[test]
fn projector_sample() {
    let html = projector_html(&Projector {
        congress_name: "第66回日本核医学会学術総会".into(),
        session_title: "教育講演3 PET/CTによる腫瘍診断の基礎と最新の臨床応用".into(),
        kind_name: "教育講演".into(),
        credit: 2,
        code_url: "code.json".into(),
    });
    assert!(html.contains("code.json"));
    if let Ok(dir) = std::env::var("ATTEND_PRINT_SAMPLES") {
        std::fs::write(format!("{dir}/projector.html"), &html).expect("write sample");
        let json = projector_code_json(&support::lecture_code(), 30000).expect("json");
        std::fs::write(format!("{dir}/code.json"), json).expect("write sample");
    }
}

#[test]
fn code_json_carries_the_code_and_its_svg() {
    let code = support::lecture_code();
    let json: serde_json::Value =
        serde_json::from_str(&projector_code_json(&code, 30_000).expect("json")).expect("parses");
    assert_eq!(json["code"], code.as_str());
    assert_eq!(json["refresh_in_ms"], 30_000);
    assert_eq!(json["svg"], qr_svg(&code).expect("svg").as_str());
}
