//! Our own detector, and a second look at grids rqrr found but could not correct.
//!
//! rqrr fits a perspective to the finder patterns and samples one pixel per module.
//! On small or blurred codes that fit is off by a fraction of a module and the sample
//! lands on a neighbour, so error correction fails although the grid is right. We
//! rebuild the same perspective from the grid's corners (which rqrr reports), shift
//! and scale it by fractions of a module, take a 5-point majority per module, rank the
//! 27 samplings by how well their timing rows alternate, and give at most the best
//! six to the decoder. Error correction, not sampling, is what costs: samplings from
//! our detector's guesses are first screened by our table-driven correction
//! ([`stream::correctable`]) before rqrr's slow one runs.

use rqrr::BitGrid;

use super::align;
use super::finder::Candidate;
use super::gray::Bitmap;
use super::stream;

/// Shifts (in modules) and scales tried, in order; the unshifted one first.
const SHIFTS: [(f64, f64); 9] = [
    (0.0, 0.0),
    (0.3, 0.0),
    (-0.3, 0.0),
    (0.0, 0.3),
    (0.0, -0.3),
    (0.3, 0.3),
    (-0.3, -0.3),
    (0.3, -0.3),
    (-0.3, 0.3),
];
const SCALES: [f64; 3] = [1.0, 0.985, 1.015];
/// Most samplings of one grid given to error correction.
const DECODE_TRIES: usize = 6;

/// Projective map from grid coordinates (modules) to bitmap pixels.
pub struct Homography([f64; 8]);

impl Homography {
    /// The map taking the four `from` points to the four `to` points.
    pub fn solve(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Option<Self> {
        let mut m = [[0f64; 9]; 8];
        for (k, (&(u, v), &(x, y))) in from.iter().zip(&to).enumerate() {
            m[2 * k] = [u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x, x];
            m[2 * k + 1] = [0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y, y];
        }
        // Gaussian elimination with partial pivoting.
        for col in 0..8 {
            let pivot = (col..8).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
            if m[pivot][col].abs() < 1e-12 {
                return None;
            }
            m.swap(col, pivot);
            let pivot_row = m[col];
            for (row, r) in m.iter_mut().enumerate() {
                if row != col {
                    let f = r[col] / pivot_row[col];
                    for (dst, src) in r[col..].iter_mut().zip(&pivot_row[col..]) {
                        *dst -= f * src;
                    }
                }
            }
        }
        let mut h = [0f64; 8];
        for (i, hi) in h.iter_mut().enumerate() {
            *hi = m[i][8] / m[i][i];
        }
        Some(Homography(h))
    }

    pub fn map(&self, u: f64, v: f64) -> (f64, f64) {
        let h = &self.0;
        let d = h[6] * u + h[7] * v + 1.0;
        (
            (h[0] * u + h[1] * v + h[2]) / d,
            (h[3] * u + h[4] * v + h[5]) / d,
        )
    }
}

/// Bytes and text of the grid of `size` modules whose corners rqrr reported as
/// `corners` (the perspective's images of (0,0), (size+1,0), (size+1,size+1),
/// (0,size+1)), or `None` if no sampling decodes.
pub fn resample(bm: &Bitmap, corners: [(f32, f32); 4], size: usize) -> Option<(Vec<u8>, String)> {
    let n = size as f64 + 1.0;
    let to = corners.map(|(x, y)| (f64::from(x), f64::from(y)));
    let h = Homography::solve([(0.0, 0.0), (n, 0.0), (n, n), (0.0, n)], to)?;
    sample_and_decode(bm, &h, size, false)
}

/// Bytes, text, corners (bitmap pixels) and grid size of a code [`direct`] read.
pub type DirectRead = (Vec<u8>, String, [(f32, f32); 4], usize);

/// Our own detector for the common case, tried before rqrr's (which costs a few
/// milliseconds even on a clean code): three finder candidates of similar module size
/// forming a right angle give the grid's version (±1 tried) and an affine grid; the
/// fourth corner is completed as a parallelogram, and the jittered sampling absorbs
/// mild perspective; a stronger one is fitted through the alignment pattern
/// ([`align`]). Returns the code and its corners (in bitmap pixels).
pub fn direct(bm: &Bitmap, found: &[Candidate]) -> Option<DirectRead> {
    let centre = |c: &Candidate| {
        (
            (c.x0 + c.x1) as f64 / 2.0 + 0.5,
            (c.y0 + c.y1) as f64 / 2.0 + 0.5,
        )
    };
    let module = |c: &Candidate| (c.area as f64 / 24.0).sqrt();
    let n = found.len().min(12);
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                let tri = [&found[i], &found[j], &found[k]];
                let m: Vec<f64> = tri.iter().map(|c| module(c)).collect();
                let (lo, hi) = m
                    .iter()
                    .fold((f64::MAX, 0f64), |(a, b), &v| (a.min(v), b.max(v)));
                if hi > lo * 1.5 {
                    continue;
                }
                let p: Vec<(f64, f64)> = tri.iter().map(|c| centre(c)).collect();
                let d2 = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2);
                // The corner finder is opposite the longest side.
                let sides = [d2(p[1], p[2]), d2(p[0], p[2]), d2(p[0], p[1])];
                let a = (0..3).max_by(|&x, &y| sides[x].total_cmp(&sides[y]))?;
                let (mut b, mut c) = ((a + 1) % 3, (a + 2) % 3);
                let (pa, mut pb, mut pc) = (p[a], p[b], p[c]);
                let cross = (pb.0 - pa.0) * (pc.1 - pa.1) - (pb.1 - pa.1) * (pc.0 - pa.0);
                if cross < 0.0 {
                    std::mem::swap(&mut b, &mut c);
                    std::mem::swap(&mut pb, &mut pc);
                }
                let (ab, ac) = (d2(pa, pb).sqrt(), d2(pa, pc).sqrt());
                // A right angle between sides of similar length.
                let cos =
                    ((pb.0 - pa.0) * (pc.0 - pa.0) + (pb.1 - pa.1) * (pc.1 - pa.1)) / (ab * ac);
                if cos.abs() > 0.4 || ab > ac * 1.5 || ac > ab * 1.5 {
                    continue;
                }
                let unit = (m[a] + m[b] + m[c]) / 3.0;
                let version = (((ab + ac) / 2.0 / unit - 10.0) / 4.0).round();
                if !(1.0..=40.0).contains(&version) {
                    continue;
                }
                // The estimate can be off by one under perspective; the timing
                // rows reject a wrong size after a few dozen samples.
                for v in [version, version - 1.0, version + 1.0] {
                    if !(1.0..=40.0).contains(&v) {
                        continue;
                    }
                    if let Some(read) = read_grid(bm, [pa, pb, pc], 17 + 4 * v as usize) {
                        return Some(read);
                    }
                }
            }
        }
    }
    None
}

/// Reads the grid of `size` modules whose top-left, top-right and bottom-left finder
/// centres are `pa`, `pb`, `pc`: first as a parallelogram, then (from version 2) as a
/// perspective through the alignment pattern, if [`align::locate`] finds it.
fn read_grid(bm: &Bitmap, [pa, pb, pc]: [(f64, f64); 3], size: usize) -> Option<DirectRead> {
    let far = size as f64 - 3.5;
    let pd = (pb.0 + pc.0 - pa.0, pb.1 + pc.1 - pa.1);
    let h = Homography::solve(
        [(3.5, 3.5), (far, 3.5), (far, far), (3.5, far)],
        [pa, pb, pd, pc],
    )?;
    if let Some(read) = sample_and_decode(bm, &h, size, true) {
        return Some(with_corners(read, &h, size));
    }
    // The timing rows run between the three finders, so a perspective leaves them in
    // place: a grid whose rows are wrong is a wrong triple, not worth the search.
    let unshifted = Sampled {
        bm,
        h: &h,
        size,
        scale: 1.0,
        shift: (0.0, 0.0),
    };
    if size < 25 || timing_off(&unshifted) > 0.25 {
        return None;
    }
    let pe = align::locate(bm, &h, size)?;
    let al = size as f64 - 6.5;
    let h = Homography::solve(
        [(3.5, 3.5), (far, 3.5), (al, al), (3.5, far)],
        [pa, pb, pe, pc],
    )?;
    let read = sample_and_decode(bm, &h, size, true)?;
    Some(with_corners(read, &h, size))
}

/// A read with the symbol's corners (bitmap pixels) and size.
fn with_corners((bytes, text): (Vec<u8>, String), h: &Homography, size: usize) -> DirectRead {
    let s = size as f64;
    let corners = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s)].map(|(u, v)| {
        let (x, y) = h.map(u, v);
        (x as f32, y as f32)
    });
    (bytes, text, corners, size)
}

/// Samples the grid `h` maps to the bitmap with each shift and scale, 5-point majority
/// per module, until one decodes. Modules are sampled on demand, so a wrong grid is
/// rejected after its 15 format cells rather than after all of them.
fn sample_and_decode(
    bm: &Bitmap,
    h: &Homography,
    size: usize,
    screen: bool,
) -> Option<(Vec<u8>, String)> {
    if !(21..=177).contains(&size) {
        return None;
    }
    let grid = |scale: f64, shift: (f64, f64)| Sampled {
        bm,
        h,
        size,
        scale,
        shift,
    };
    // The timing rows are a cheap test of the geometry; error correction is not (rqrr
    // computes every block's syndromes, and retries mirrored). Only the samplings that
    // fit the timing rows best go on, best first.
    let mut ranked: Vec<(f64, f64, (f64, f64))> = SCALES
        .iter()
        .flat_map(|&scale| SHIFTS.iter().map(move |&shift| (scale, shift)))
        .map(|(scale, shift)| (timing_off(&grid(scale, shift)), scale, shift))
        .filter(|&(off, _, _)| off <= 0.15)
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    ranked
        .into_iter()
        .take(DECODE_TRIES)
        .enumerate()
        .find_map(|(rank, (off, scale, shift))| {
            let g = grid(scale, shift);
            // With `screen`, only the best sampling, if its timing rows are nearly
            // perfect, skips [`stream::correctable`]: our correction refuses one
            // photo's blocks (qr-corpus `#142`, version 11-Q) that rqrr's accepts.
            let trusted = rank == 0 && off == 0.0;
            if screen && !trusted && !stream::correctable(&g) {
                return None;
            }
            stream::decode_grid(&g)
        })
}

/// Share of the timing-row cells (which alternate dark/light) a sampling gets wrong:
/// about one half on a wrong geometry.
fn timing_off(grid: &Sampled) -> f64 {
    let size = grid.size;
    let off = (8..size - 8)
        .map(|i| {
            usize::from(grid.bit(6, i) != (i % 2 == 0))
                + usize::from(grid.bit(i, 6) != (i % 2 == 0))
        })
        .sum::<usize>();
    off as f64 / (2 * (size - 16)) as f64
}

/// One shifted, scaled sampling of a grid, read lazily.
struct Sampled<'a> {
    bm: &'a Bitmap,
    h: &'a Homography,
    size: usize,
    scale: f64,
    shift: (f64, f64),
}

impl Sampled<'_> {
    fn dark(&self, x: f64, y: f64) -> bool {
        if !(x.is_finite() && y.is_finite()) || x < 0.0 || y < 0.0 {
            return false;
        }
        let (xi, yi) = (x as usize, y as usize);
        xi < self.bm.w && yi < self.bm.h && self.bm.dark[yi * self.bm.w + xi]
    }
}

impl BitGrid for Sampled<'_> {
    fn size(&self) -> usize {
        self.size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        let mid = self.size as f64 / 2.0;
        let u = mid + (x as f64 + 0.5 - mid) * self.scale + self.shift.0;
        let v = mid + (y as f64 + 0.5 - mid) * self.scale + self.shift.1;
        let votes = [
            (0.0, 0.0),
            (0.22, 0.0),
            (-0.22, 0.0),
            (0.0, 0.22),
            (0.0, -0.22),
        ]
        .iter()
        .filter(|(a, b)| {
            let (px, py) = self.h.map(u + a, v + b);
            self.dark(px, py)
        })
        .count();
        votes >= 3
    }
}
