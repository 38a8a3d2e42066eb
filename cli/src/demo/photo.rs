//! Posters as the office prints them, and photographs of them as a phone takes them:
//! at an angle (a perspective warp), slightly out of focus (blur), in a dim hall
//! (darker towards the bottom) and with sensor noise, saved as JPEG. The decoder then
//! reads these files exactly as it reads a member's photo.

use std::path::{Path, PathBuf};

use attend_print::{poster_png, PaperSize, Poster, SCAN_LINE_EN, SCAN_LINE_JA};
use image::codecs::jpeg::JpegEncoder;
use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::{warp_into, Border, Interpolation, Projection};
use imageproc::noise::gaussian_noise;

use super::setup::{DemoSession, CONGRESS_NAME};
use super::DemoError;

/// A printed poster; `print_error` says why attend-print could not make it (then the
/// image is a plain QR rendering).
pub struct PrintedPoster {
    pub image: RgbImage,
    pub print_error: Option<String>,
}

pub fn poster(session: &DemoSession, opens: &str) -> PrintedPoster {
    let poster = Poster {
        congress_name: CONGRESS_NAME.to_owned(),
        session_title: session.title.to_owned(),
        kind_name: session.kind_name.to_owned(),
        credit: session.credit,
        valid_from_text: opens.to_owned(),
        code_text: session.code.clone(),
        instructions_ja: SCAN_LINE_JA.to_owned(),
        instructions_en: SCAN_LINE_EN.to_owned(),
    };
    let printed = poster_png(&poster, PaperSize::A4)
        .map_err(|e| e.to_string())
        .and_then(|png| image::load_from_memory(&png).map_err(|e| e.to_string()));
    match printed {
        Ok(img) => PrintedPoster {
            image: img.to_rgb8(),
            print_error: None,
        },
        // No Japanese font on this machine: the QR code alone still makes the demo.
        Err(e) => PrintedPoster {
            image: plain_qr(&session.code),
            print_error: Some(e),
        },
    }
}

/// The code drawn with 12-pixel modules and a quiet zone, on an A4-proportioned sheet.
fn plain_qr(text: &str) -> RgbImage {
    let (w, h) = (1654u32, 2339u32);
    let mut page = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return page;
    };
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let scale = (w * 3 / 4) / modules.max(1);
    let x0 = (w - modules * scale) / 2;
    let y0 = (h - modules * scale) / 2;
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i as u32 % modules, i as u32 / modules);
        for dy in 0..scale {
            for dx in 0..scale {
                page.put_pixel(x0 + mx * scale + dx, y0 + my * scale + dy, Rgb([0, 0, 0]));
            }
        }
    }
    page
}

/// What a phone held a little to the left of and below the poster records.
pub fn photograph(poster: &RgbImage, seed: u64) -> RgbImage {
    let (w, h) = (poster.width() as f32, poster.height() as f32);
    let (cw, ch) = (1500u32, 2000u32);
    let from = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
    // A trapezoid: the right edge is nearer the camera, the top leans away.
    let to = [
        (210.0, 170.0),
        (1320.0, 250.0),
        (1290.0, 1860.0),
        (160.0, 1770.0),
    ];
    let wall = Rgb([96, 88, 80]);
    let mut photo = RgbImage::from_pixel(cw, ch, wall);
    if let Some(projection) = Projection::from_control_points(from, to) {
        warp_into(
            poster,
            projection,
            Interpolation::Bilinear,
            Border::Constant(wall),
            &mut photo,
        );
    }
    let mut photo = imageproc::filter::gaussian_blur_f32(&photo, 1.6);
    // Hall lighting: from 80 % at the top to 55 % at the bottom, a little warm.
    for (_, y, px) in photo.enumerate_pixels_mut() {
        let light = 0.80 - 0.25 * (y as f32 / ch as f32);
        let [r, g, b] = px.0;
        px.0 = [
            (f32::from(r) * light) as u8,
            (f32::from(g) * light * 0.97) as u8,
            (f32::from(b) * light * 0.90) as u8,
        ];
    }
    gaussian_noise(&photo, 0.0, 7.0, seed)
}

pub fn save_png(img: &RgbImage, path: &Path) -> Result<(), DemoError> {
    img.save(path)
        .map_err(|e| DemoError::Setup(format!("{}: {e}", path.display())))
}

pub fn save_jpeg(img: &RgbImage, path: &Path) -> Result<PathBuf, DemoError> {
    let fail = |e: &dyn std::fmt::Display| DemoError::Setup(format!("{}: {e}", path.display()));
    let file = std::fs::File::create(path).map_err(|e| fail(&e))?;
    let mut writer = std::io::BufWriter::new(file);
    JpegEncoder::new_with_quality(&mut writer, 82)
        .encode_image(img)
        .map_err(|e| fail(&e))?;
    Ok(path.to_owned())
}
