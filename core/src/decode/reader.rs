//! The only place rqrr is called, each call inside `catch_unwind`.
//!
//! rqrr 0.11 asserts on states real photos reach (e.g. "Expected Region::Unclaimed" on
//! qr-corpus `qrcode-6__7.png`). A panic must not cross the decoder, let alone the FFI,
//! so every call is wrapped and a caught panic becomes a [`super::Diagnostic`] naming
//! the stage. The closures only touch data they own, so nothing half-updated is seen
//! after an unwind.

use std::panic::{catch_unwind, AssertUnwindSafe};

use rqrr::BitGrid;

use super::gray::{Bitmap, Gray};
use super::{sample, stream};

/// One symbol rqrr decoded, in the coordinates of the bitmap it was given.
#[derive(Debug, Clone)]
pub struct RawCode {
    pub bytes: Vec<u8>,
    pub text: String,
    pub corners: [(f32, f32); 4],
    pub version: usize,
}

/// What one rqrr call produced: decoded symbols, or the text of a panic it raised.
#[derive(Debug, Default)]
pub struct Read {
    pub codes: Vec<RawCode>,
    pub panic: Option<String>,
}

/// Detects and decodes every grid in an already binarised bitmap.
pub fn read_bitmap(bm: &Bitmap) -> Read {
    guarded(|| {
        let mut img =
            rqrr::PreparedImage::prepare_from_bitmap(bm.w, bm.h, |x, y| bm.dark[y * bm.w + x]);
        collect(img.detect_grids(), bm)
    })
}

/// Our detector ([`sample::direct`]) on the finder candidates; rqrr's decoder is
/// still called on the grids it samples, so it is guarded the same way.
pub fn read_direct(bm: &Bitmap, found: &[super::finder::Candidate]) -> Option<RawCode> {
    catch_unwind(AssertUnwindSafe(|| sample::direct(bm, found)))
        .ok()
        .flatten()
        .map(|(bytes, text, corners, size)| RawCode {
            bytes,
            text,
            corners,
            version: size.saturating_sub(17) / 4,
        })
}

/// Plain rqrr: its own binarisation, detection and `Grid::decode` (UTF-8 text only) on
/// a grayscale image. Only the benchmark's baseline uses this; it is unbounded (see
/// `finder`).
pub fn read_gray_plain(g: &Gray) -> Read {
    guarded(|| {
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(g.w, g.h, |x, y| g.px[y * g.w + x]);
        let mut read = Read::default();
        for grid in img.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                read.codes.push(RawCode {
                    bytes: text.clone().into_bytes(),
                    text,
                    corners: grid.bounds.map(|q| (q.x as f32, q.y as f32)),
                    version: 0,
                });
            }
        }
        read
    })
}

/// Decodes each grid; a grid that fails is resampled from `bm` (see `sample`).
fn collect<G: BitGrid>(grids: Vec<rqrr::Grid<G>>, bm: &Bitmap) -> Read {
    let mut read = Read::default();
    for grid in grids {
        let corners = grid.bounds.map(|q| (q.x as f32, q.y as f32));
        let size = grid.grid.size();
        let decoded =
            stream::decode_grid(&grid.grid).or_else(|| sample::resample(bm, corners, size));
        if let Some((bytes, text)) = decoded {
            read.codes.push(RawCode {
                bytes,
                text,
                corners,
                version: size.saturating_sub(17) / 4,
            });
        }
    }
    read
}

fn guarded(f: impl FnOnce() -> Read) -> Read {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(read) => read,
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "rqrr panicked".to_owned());
            Read {
                panic: Some(text),
                ..Read::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn a_panic_inside_rqrr_is_caught_and_reported() {
        // rqrr 0.11 asserts in its perspective code on this photo's bitmaps.
        let dir = std::env::var_os("QR_CORPUS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/qr-corpus")
            });
        let luma = image::open(dir.join("images/qrcode-6__7.png"))
            .expect("the shared qr-corpus folder is needed (set QR_CORPUS_DIR)")
            .to_luma8();
        let gray = Gray {
            w: luma.width() as usize,
            h: luma.height() as usize,
            px: luma.into_raw(),
        }
        .stretch();
        let bitmaps = [gray.otsu(), gray.row_mean(), gray.adaptive(31, 6)];
        let caught: Vec<String> = bitmaps
            .iter()
            .filter_map(|bm| read_bitmap(bm).panic)
            .collect();
        assert!(!caught.is_empty(), "rqrr no longer panics on this image");
        assert!(caught.iter().all(|m| !m.is_empty()));
    }
}
