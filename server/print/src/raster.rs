//! Draws a laid-out page into an RGB PNG at a given resolution, with the resolution
//! recorded in the file (pHYs) so that printing it "at actual size" gives A4 or A3.

use ab_glyph::{point, Font, ScaleFont};
use image::{Rgb as Px, RgbImage};

use crate::font::Measure;
use crate::layout::{Item, Page, Rgb};
use crate::PrintError;

pub(crate) fn png(page: &Page, dpi: u32, measure: &Measure<'_>) -> Result<Vec<u8>, PrintError> {
    let px_per_mm = dpi as f32 / 25.4;
    let w = (page.width * px_per_mm).round() as u32;
    let h = (page.height * px_per_mm).round() as u32;
    let mut img = RgbImage::from_pixel(w, h, Px([255, 255, 255]));
    for item in &page.items {
        match item {
            Item::Rect { x, y, w, h, color } => fill(
                &mut img,
                (x * px_per_mm).round() as i64,
                (y * px_per_mm).round() as i64,
                (w * px_per_mm).round() as i64,
                (h * px_per_mm).round() as i64,
                *color,
            ),
            Item::Qr {
                x,
                y,
                module,
                width,
                dark,
            } => {
                // Whole pixels per module: the layout snapped sizes to this grid.
                let m = (module * px_per_mm).round() as i64;
                let x0 = (x * px_per_mm).round() as i64;
                let y0 = (y * px_per_mm).round() as i64;
                for (i, is_dark) in dark.iter().enumerate() {
                    if *is_dark {
                        let (col, row) = ((i % width) as i64, (i / width) as i64);
                        fill(&mut img, x0 + col * m, y0 + row * m, m, m, Rgb(0, 0, 0));
                    }
                }
            }
            Item::Text {
                text,
                x,
                baseline,
                em,
                color,
                pitch,
            } => text_run(
                &mut img,
                measure,
                text,
                x * px_per_mm,
                baseline * px_per_mm,
                em * px_per_mm,
                pitch.map(|p| p * px_per_mm),
                *color,
            ),
        }
    }
    encode(&img, dpi)
}

fn fill(img: &mut RgbImage, x: i64, y: i64, w: i64, h: i64, color: Rgb) {
    let (iw, ih) = (img.width() as i64, img.height() as i64);
    for yy in y.max(0)..(y + h).min(ih) {
        for xx in x.max(0)..(x + w).min(iw) {
            img.put_pixel(xx as u32, yy as u32, Px([color.0, color.1, color.2]));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn text_run(
    img: &mut RgbImage,
    measure: &Measure<'_>,
    text: &str,
    x: f32,
    baseline: f32,
    em_px: f32,
    pitch_px: Option<f32>,
    color: Rgb,
) {
    let font = measure.face().as_scaled(measure.px_scale(em_px));
    let mut pen = x;
    for c in text.chars() {
        let id = font.glyph_id(c);
        let advance = font.h_advance(id);
        let left = match pitch_px {
            Some(p) => pen + (p - advance) / 2.0,
            None => pen,
        };
        let glyph = id.with_scale_and_position(font.scale(), point(left, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + gx as i64;
                let py = bounds.min.y as i64 + gy as i64;
                if px >= 0 && py >= 0 && (px as u32) < img.width() && (py as u32) < img.height() {
                    blend(img.get_pixel_mut(px as u32, py as u32), color, coverage);
                }
            });
        }
        pen += pitch_px.unwrap_or(advance);
    }
}

fn blend(px: &mut Px<u8>, color: Rgb, coverage: f32) {
    let a = coverage.clamp(0.0, 1.0);
    let mix = |bg: u8, fg: u8| (bg as f32 * (1.0 - a) + fg as f32 * a).round() as u8;
    *px = Px([
        mix(px.0[0], color.0),
        mix(px.0[1], color.1),
        mix(px.0[2], color.2),
    ]);
}

fn encode(img: &RgbImage, dpi: u32) -> Result<Vec<u8>, PrintError> {
    let err = |e: png::EncodingError| PrintError::Encode {
        format: "PNG",
        detail: e.to_string(),
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, img.width(), img.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let per_metre = (dpi as f64 / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(img.as_raw()).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}
