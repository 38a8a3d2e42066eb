//! A poster photographed in software. The poster is an A-series page (white, a dark
//! title band, the code in the middle with its quiet zone); the "camera" sees it at an
//! angle on a grey wall, with light falling off to one side, slightly out of focus and
//! with sensor noise, at 1280×960. The raw buffers are written as the platforms hand
//! them over: rows padded beyond the pixels, so a binding that ignored the stride
//! would read garbage.

use std::path::{Path, PathBuf};

use image::{GrayImage, ImageFormat, Luma, Rgb, RgbImage};
use imageproc::filter::gaussian_blur_f32;
use imageproc::geometric_transformations::{warp_into, Border, Interpolation, Projection};
use imageproc::noise::gaussian_noise;

use crate::{io, DemoError};

const CAMERA: (u32, u32) = (1280, 960);
/// Bytes of padding after each row of a raw frame (as camera buffers align rows).
const ROW_PADDING: u32 = 64;

/// One raw camera buffer on disk.
#[derive(Debug, Clone)]
pub struct RawFrame {
    /// `luma`, `bgra` or `rgba`.
    pub format: &'static str,
    pub path: PathBuf,
    pub width: u32,
    pub height: u32,
    pub stride: u32,
}

/// The printed poster: the QR code at 12 pixels a module with a four-module quiet
/// zone; also the code's square (quiet zone included) as left, top, side.
fn poster(text: &str) -> Result<(GrayImage, [f32; 3]), DemoError> {
    let qr = qrcode::QrCode::new(text.as_bytes()).map_err(|e| DemoError::Setup(e.to_string()))?;
    let modules = qr.width();
    let colors = qr.to_colors();
    let scale = 12usize;
    let code_side = (modules + 8) * scale;
    let (width, height) = (code_side as u32 + 160, code_side as u32 + 420);
    let left = 80usize;
    let top = 300usize;
    let square = [left as f32, top as f32, code_side as f32];
    let page = GrayImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as usize, y as usize);
        if (40..200).contains(&y) && (40..width as usize - 40).contains(&x) {
            return Luma([40]);
        }
        let inside = x >= left + 4 * scale
            && y >= top + 4 * scale
            && x < left + (modules + 4) * scale
            && y < top + (modules + 4) * scale;
        if inside {
            let mx = (x - left) / scale - 4;
            let my = (y - top) / scale - 4;
            if colors[my * modules + mx] == qrcode::Color::Dark {
                return Luma([20]);
            }
        }
        Luma([235])
    });
    Ok((page, square))
}

/// Photographs the poster of `text`: writes `jpeg`, and the raw frames into
/// `raw_dir` when given.
pub(crate) fn photograph(
    text: &str,
    jpeg: &Path,
    raw_dir: Option<&Path>,
) -> Result<Vec<RawFrame>, DemoError> {
    let (page, [left, top, side]) = poster(text)?;
    let (cw, ch) = (CAMERA.0 as f32, CAMERA.1 as f32);
    // The member holds the phone close, the code filling most of the view, seen from
    // below and to the left: its square becomes a trapezoid, and the rest of the page
    // runs off the frame's edges.
    let to = [
        (cw * 0.26, ch * 0.10),
        (cw * 0.73, ch * 0.13),
        (cw * 0.75, ch * 0.89),
        (cw * 0.24, ch * 0.92),
    ];
    let from = [
        (left, top),
        (left + side, top),
        (left + side, top + side),
        (left, top + side),
    ];
    let projection = Projection::from_control_points(from, to)
        .ok_or_else(|| DemoError::Setup("degenerate poster projection".to_owned()))?;
    let mut seen = GrayImage::from_pixel(CAMERA.0, CAMERA.1, Luma([110]));
    warp_into(
        &page,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([110])),
        &mut seen,
    );
    // Light falls off toward the right; then focus blur and sensor noise.
    for (x, _, p) in seen.enumerate_pixels_mut() {
        let fall = 1.0 - 0.35 * (x as f32 / cw);
        p.0[0] = (f32::from(p.0[0]) * fall) as u8;
    }
    let seen = gaussian_noise(&gaussian_blur_f32(&seen, 1.3), 0.0, 6.0, 7);
    // A warm cast, as a phone's white balance leaves it indoors.
    let color = RgbImage::from_fn(CAMERA.0, CAMERA.1, |x, y| {
        let v = f32::from(seen.get_pixel(x, y).0[0]);
        Rgb([v as u8, (v * 0.94) as u8, (v * 0.82) as u8])
    });
    color
        .save_with_format(jpeg, ImageFormat::Jpeg)
        .map_err(|e| DemoError::Setup(format!("{}: {e}", jpeg.display())))?;

    let Some(dir) = raw_dir else {
        return Ok(Vec::new());
    };
    let mut frames = Vec::new();
    for format in ["rgba", "bgra", "luma"] {
        let bpp = if format == "luma" { 1 } else { 4 };
        let stride = CAMERA.0 * bpp + ROW_PADDING;
        let mut data = vec![0xA5u8; (stride * CAMERA.1) as usize];
        for (x, y, p) in color.enumerate_pixels() {
            let at = (y * stride + x * bpp) as usize;
            let [r, g, b] = p.0;
            match format {
                "rgba" => data[at..at + 4].copy_from_slice(&[r, g, b, 255]),
                "bgra" => data[at..at + 4].copy_from_slice(&[b, g, r, 255]),
                _ => data[at] = seen.get_pixel(x, y).0[0],
            }
        }
        let path = dir.join(format!("poster-photo.{format}"));
        std::fs::write(&path, &data).map_err(io(&path))?;
        frames.push(RawFrame {
            format,
            path,
            width: CAMERA.0,
            height: CAMERA.1,
            stride,
        });
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;
    use attend_core::decode::{decode_frame, Effort, Frame};
    use attend_domain::keys::demo_signing_key;
    use attend_domain::payload;

    /// The binding tests rely on the live decoder reading these photos; codes differ
    /// run to run (fresh keys, today's window), so try several lengths of code.
    #[test]
    fn every_raw_frame_decodes_with_the_live_effort() {
        let dir = tempfile::tempdir().unwrap();
        let key = demo_signing_key().unwrap();
        let fixture = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codes/lecture.txt"),
        )
        .unwrap();
        let mut claims = payload::read_unverified(fixture.trim()).unwrap();
        for (i, title) in ["短", "教育講演1 核医学治療の最前線", &"長い題名".repeat(8)]
            .into_iter()
            .enumerate()
        {
            claims.session_title = title.to_owned();
            let text = payload::sign(&claims, &key).unwrap();
            let jpeg = dir.path().join(format!("{i}.jpg"));
            let raw = dir.path().join(i.to_string());
            std::fs::create_dir_all(&raw).unwrap();
            for f in photograph(&text, &jpeg, Some(&raw)).unwrap() {
                let data = std::fs::read(&f.path).unwrap();
                let (width, height, stride) = (f.width, f.height, f.stride);
                let frame = match f.format {
                    "luma" => Frame::Luma {
                        data: &data,
                        width,
                        height,
                        stride,
                    },
                    "bgra" => Frame::Bgra {
                        data: &data,
                        width,
                        height,
                        stride,
                    },
                    _ => Frame::Rgba {
                        data: &data,
                        width,
                        height,
                        stride,
                    },
                };
                let report = decode_frame(frame, Effort::Live).unwrap();
                let texts: Vec<_> = report.codes.iter().map(|c| c.text.as_str()).collect();
                assert_eq!(texts, [text.as_str()], "{title} {}", f.format);
            }
        }
    }
}
