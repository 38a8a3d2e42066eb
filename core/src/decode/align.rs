//! The bottom-right alignment pattern, so our detector can fit a perspective rather
//! than a parallelogram.
//!
//! Three finder centres fix an affine grid; a code photographed at an angle is not
//! affine, and its far corner drifts by a module or more, which no jitter of the
//! sampling absorbs. From version 2 on a QR code carries an alignment pattern (a dark
//! module in a light ring in a dark ring) centred on module (size − 7, size − 7), so
//! we look for it near where the affine grid puts it and, when found, use it as the
//! fourth point of a projective fit (ZXing's detector does the same).

use super::gray::Bitmap;
use super::sample::Homography;

/// How far from the affine prediction to search, in quarter modules.
const REACH: i32 = 12;

/// Pixel centre of the alignment pattern of a grid of `size` modules that `h` maps
/// (module coordinates, centres at half integers) roughly right, or `None` when no
/// place near the prediction shows the 5×5 pattern in at least 24 of its 25 cells.
pub fn locate(bm: &Bitmap, h: &Homography, size: usize) -> Option<(f64, f64)> {
    let c = size as f64 - 6.5;
    let mut best = 0usize;
    // Sum of offsets and count of the positions that reach the best score: their
    // mean is the pattern's centre, more precise than any one position.
    let (mut su, mut sv, mut count) = (0i64, 0i64, 0i64);
    for dv in -REACH..=REACH {
        for du in -REACH..=REACH {
            let (u, v) = (c + f64::from(du) / 4.0, c + f64::from(dv) / 4.0);
            let mut score = 0;
            for j in -2i32..=2 {
                for i in -2i32..=2 {
                    let want_dark = i.abs().max(j.abs()) != 1;
                    let (x, y) = h.map(u + f64::from(i), v + f64::from(j));
                    score += usize::from(is_dark(bm, x, y) == want_dark);
                }
            }
            if score > best {
                (best, su, sv, count) = (score, 0, 0, 0);
            }
            if score == best {
                su += i64::from(du);
                sv += i64::from(dv);
                count += 1;
            }
        }
    }
    if best < 24 || count == 0 {
        return None;
    }
    let (u, v) = (
        c + su as f64 / count as f64 / 4.0,
        c + sv as f64 / count as f64 / 4.0,
    );
    Some(h.map(u, v))
}

fn is_dark(bm: &Bitmap, x: f64, y: f64) -> bool {
    if !(x.is_finite() && y.is_finite()) || x < 0.0 || y < 0.0 {
        return false;
    }
    let (xi, yi) = (x as usize, y as usize);
    xi < bm.w && yi < bm.h && bm.dark[yi * bm.w + xi]
}
