//! Writes laid-out pages as a vector PDF with printpdf: real text in the Japanese font
//! (subset to the glyphs used, so a letter run stays small and the text stays
//! searchable and copyable), the QR code as filled rectangles so it prints sharp at
//! any printer resolution.

use printpdf::{
    Color, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb as PdfRgb, TextItem, WindingOrder,
};

use crate::font::{FontData, Measure};
use crate::layout::{Item, Page, Rgb};
use crate::PrintError;

pub(crate) fn document(
    title: &str,
    pages: &[Page],
    font: &FontData,
    measure: &Measure<'_>,
) -> Result<Vec<u8>, PrintError> {
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(font.bytes(), font.index() as usize, &mut warnings)
        .ok_or_else(|| PrintError::FontUnusable {
            path: font.path().to_owned(),
            detail: "the PDF writer cannot read this font".into(),
        })?;
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.author = crate::SOCIETY_JA.to_owned();
    doc.metadata.info.creator = "attend-print".to_owned();
    let font_id = doc.add_font(&parsed);
    let handle = PdfFontHandle::External(font_id);
    let pdf_pages = pages
        .iter()
        .map(|page| PdfPage::new(Mm(page.width), Mm(page.height), ops(page, &handle, measure)))
        .collect();
    let mut save_warnings = Vec::new();
    let bytes = doc
        .with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut save_warnings);
    if !bytes.starts_with(b"%PDF") {
        return Err(PrintError::Encode {
            format: "PDF",
            detail: format!("{save_warnings:?}"),
        });
    }
    Ok(bytes)
}

fn color(c: Rgb) -> Color {
    Color::Rgb(PdfRgb {
        r: c.0 as f32 / 255.0,
        g: c.1 as f32 / 255.0,
        b: c.2 as f32 / 255.0,
        icc_profile: None,
    })
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

/// A rectangle as a ring, corners given in page millimetres from the top-left.
fn ring(page_h: f32, x: f32, y: f32, w: f32, h: f32) -> PolygonRing {
    let corner = |x: f32, y: f32| LinePoint {
        p: Point {
            x: pt(x),
            y: pt(page_h - y),
        },
        bezier: false,
    };
    PolygonRing {
        points: vec![
            corner(x, y),
            corner(x + w, y),
            corner(x + w, y + h),
            corner(x, y + h),
        ],
    }
}

fn fill(rings: Vec<PolygonRing>, c: Rgb) -> [Op; 2] {
    [
        Op::SetFillColor { col: color(c) },
        Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                // Rings all turn the same way, so touching runs fill as one shape with
                // no hairline seams between them.
                winding_order: WindingOrder::NonZero,
            },
        },
    ]
}

fn ops(page: &Page, font: &PdfFontHandle, measure: &Measure<'_>) -> Vec<Op> {
    let mut out = Vec::new();
    for item in &page.items {
        match item {
            Item::Rect { x, y, w, h, color } => {
                out.extend(fill(vec![ring(page.height, *x, *y, *w, *h)], *color));
            }
            Item::Qr {
                x,
                y,
                module,
                width,
                dark,
            } => {
                // One ring per horizontal run of dark modules keeps the path short.
                let mut rings = Vec::new();
                for (row, cells) in dark.chunks(*width).enumerate() {
                    let mut col = 0;
                    while col < cells.len() {
                        if !cells[col] {
                            col += 1;
                            continue;
                        }
                        let start = col;
                        while col < cells.len() && cells[col] {
                            col += 1;
                        }
                        rings.push(ring(
                            page.height,
                            x + start as f32 * module,
                            y + row as f32 * module,
                            (col - start) as f32 * module,
                            *module,
                        ));
                    }
                }
                out.extend(fill(rings, Rgb(0, 0, 0)));
            }
            Item::Text {
                text,
                x,
                baseline,
                em,
                color: c,
                pitch,
            } => {
                out.push(Op::SetFillColor { col: color(*c) });
                match pitch {
                    None => out.extend(text_ops(font, text, *x, page.height - baseline, *em)),
                    Some(p) => {
                        for (i, ch) in text.chars().enumerate() {
                            let adv = measure.advance_em(ch) * em;
                            let left = x + i as f32 * p + (p - adv) / 2.0;
                            out.extend(text_ops(
                                font,
                                &ch.to_string(),
                                left,
                                page.height - baseline,
                                *em,
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}

fn text_ops(font: &PdfFontHandle, text: &str, x: f32, y_from_bottom: f32, em: f32) -> [Op; 5] {
    [
        Op::StartTextSection,
        Op::SetFont {
            font: font.clone(),
            size: pt(em),
        },
        Op::SetTextCursor {
            pos: Point::new(Mm(x), Mm(y_from_bottom)),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        },
        Op::EndTextSection,
    ]
}
