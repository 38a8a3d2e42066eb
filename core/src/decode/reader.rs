//! The only place rqrr is called, each call inside `catch_unwind`.
//!
//! rqrr 0.11 asserts on states real photos reach (e.g. "Expected Region::Unclaimed" on
//! qr-corpus `qrcode-6__7.png`). A panic must not cross the decoder, let alone the FFI,
//! so every call is wrapped and a caught panic becomes a [`super::Diagnostic`] naming
//! the stage. The closures only touch data they own, so nothing half-updated is seen
//! after an unwind.

use std::panic::{catch_unwind, AssertUnwindSafe};

use super::gray::{Bitmap, Gray};
use super::stream;
use super::text::bytes_to_text;

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
        let mut img = rqrr::PreparedImage::prepare_from_bitmap(bm.w, bm.h, |x, y| bm.dark[y * bm.w + x]);
        collect(img.detect_grids())
    })
}

/// Plain rqrr: its own binarisation, detection and `Grid::decode` (UTF-8 text only) on
/// a grayscale image. Only the benchmark's baseline uses this; it is unbounded (see
/// `finder`).
pub fn read_gray_plain(g: &Gray) -> Read {
    guarded(|| {
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(g.w, g.h, |x, y| g.px[y * g.w + x]);
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

fn collect<G: rqrr::BitGrid>(grids: Vec<rqrr::Grid<G>>) -> Read {
    let mut read = Read::default();
    for grid in grids {
        let mut bytes = Vec::new();
        // rqrr's decode first; our stream reader for the text when the bytes are not
        // UTF-8 (ECI or Shift_JIS) and for the headers rqrr rejects.
        let decoded = match grid.decode_to(&mut bytes) {
            Ok(_) => match String::from_utf8(bytes) {
                Ok(text) => Some((text.clone().into_bytes(), text)),
                Err(e) => {
                    let bytes = e.into_bytes();
                    let text = stream::read(&grid.grid).map_or_else(|| bytes_to_text(&bytes), |(_, t)| t);
                    Some((bytes, text))
                }
            },
            Err(rqrr::DeQRError::UnknownDataType) => stream::read(&grid.grid),
            Err(_) => None,
        };
        if let Some((bytes, text)) = decoded {
            read.codes.push(RawCode {
                bytes,
                text,
                corners: grid.bounds.map(|q| (q.x as f32, q.y as f32)),
                version: grid.grid.size().saturating_sub(17) / 4,
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
