//! Grayscale working images and the binarisations handed to rqrr.
//!
//! rqrr's own threshold is a running mean along each row (a window of width/8): it
//! smears across a code under uneven hall light and turns the noise of a dark room
//! into thousands of specks. We binarise ourselves with a 2-D local mean from an
//! integral image, and call a neighbourhood "flat" (all white) when its standard
//! deviation is below a floor, which removes sensor noise in dark areas before rqrr
//! ever sees it. A global Otsu threshold is the fallback for evenly lit, high-contrast
//! codes whose modules are larger than any local window.

/// An 8-bit grayscale image, rows packed (no stride).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub w: usize,
    pub h: usize,
    pub px: Vec<u8>,
}

/// A black/white image: `true` is dark (a QR module).
#[derive(Debug, Clone)]
pub struct Bitmap {
    pub w: usize,
    pub h: usize,
    pub dark: Vec<bool>,
}

impl Gray {
    /// Halves both sides by averaging 2×2 blocks.
    pub fn half(&self) -> Gray {
        let (w, h) = (self.w / 2, self.h / 2);
        let mut px = Vec::with_capacity(w * h);
        for y in 0..h {
            let r0 = &self.px[2 * y * self.w..];
            let r1 = &self.px[(2 * y + 1) * self.w..];
            for x in 0..w {
                let s = u16::from(r0[2 * x])
                    + u16::from(r0[2 * x + 1])
                    + u16::from(r1[2 * x])
                    + u16::from(r1[2 * x + 1]);
                px.push((s / 4) as u8);
            }
        }
        Gray { w, h, px }
    }

    /// Doubles both sides (bilinear at half-pixel offsets), so that codes with modules
    /// of 1–2 pixels still show rqrr's finder test runs it can measure.
    pub fn double(&self) -> Gray {
        let (w, h) = (self.w * 2, self.h * 2);
        let mut px = vec![0u8; w * h];
        let at = |x: usize, y: usize| u32::from(self.px[y * self.w + x]);
        for y in 0..h {
            // Source coordinate of this output row: y/2 - 1/4, clamped.
            let (y0, y1, fy) = lerp_idx(y, self.h);
            for x in 0..w {
                let (x0, x1, fx) = lerp_idx(x, self.w);
                let top = at(x0, y0) * (4 - fx) + at(x1, y0) * fx;
                let bot = at(x0, y1) * (4 - fx) + at(x1, y1) * fx;
                px[y * w + x] = ((top * (4 - fy) + bot * fy + 8) / 16) as u8;
            }
        }
        Gray { w, h, px }
    }

    /// Maps the 1st..99th percentile of brightness to 0..255: a dim projector image or
    /// a grey print gets the full range the thresholds assume.
    pub fn stretch(&self) -> Gray {
        let mut hist = [0usize; 256];
        for &p in &self.px {
            hist[p as usize] += 1;
        }
        let n = self.px.len();
        let (lo, hi) = (
            percentile(&hist, n / 100),
            percentile(&hist, n - n / 100 - 1),
        );
        // Widened: `lo + 8` overflows a u8 on an almost white frame.
        if u16::from(hi) <= u16::from(lo) + 8 {
            return self.clone();
        }
        let span = u32::from(hi - lo);
        let px = self
            .px
            .iter()
            .map(|&p| (u32::from(p.clamp(lo, hi) - lo) * 255 / span) as u8)
            .collect();
        Gray {
            w: self.w,
            h: self.h,
            px,
        }
    }

    /// This image inside a light frame `border` pixels wide: codes cropped to their
    /// edge (screenshots, close-ups) lack the quiet zone rqrr's finder test needs.
    pub fn padded(&self, border: usize) -> Gray {
        let w = self.w + 2 * border;
        let mut px = vec![255u8; w * (self.h + 2 * border)];
        for y in 0..self.h {
            let at = (y + border) * w + border;
            px[at..at + self.w].copy_from_slice(&self.px[y * self.w..(y + 1) * self.w]);
        }
        Gray {
            w,
            h: self.h + 2 * border,
            px,
        }
    }

    /// Light and dark swapped, for light-on-dark codes (screens, inverted prints).
    pub fn inverted(&self) -> Gray {
        Gray {
            w: self.w,
            h: self.h,
            px: self.px.iter().map(|p| 255 - p).collect(),
        }
    }

    /// Local-mean threshold over a square window of `2r+1`; `flat` is the standard
    /// deviation (in gray levels) below which a neighbourhood is taken as background.
    pub fn adaptive(&self, r: usize, flat: u32) -> Bitmap {
        let (w, h) = (self.w, self.h);
        // Integral images of values and squares, one extra row and column of zeros.
        let iw = w + 1;
        let mut sum = vec![0u64; iw * (h + 1)];
        let mut sq = vec![0u64; iw * (h + 1)];
        for y in 0..h {
            let (mut rs, mut rq) = (0u64, 0u64);
            for x in 0..w {
                let v = u64::from(self.px[y * w + x]);
                rs += v;
                rq += v * v;
                sum[(y + 1) * iw + x + 1] = sum[y * iw + x + 1] + rs;
                sq[(y + 1) * iw + x + 1] = sq[y * iw + x + 1] + rq;
            }
        }
        let flat2 = u64::from(flat) * u64::from(flat);
        let mut dark = vec![false; w * h];
        for y in 0..h {
            let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
                let n = ((yb - ya) * (xb - xa)) as u64;
                let box_sum = |t: &[u64]| {
                    t[yb * iw + xb] + t[ya * iw + xa] - t[ya * iw + xb] - t[yb * iw + xa]
                };
                let s = box_sum(&sum);
                let q = box_sum(&sq);
                // n² · variance = n·Σv² − (Σv)²; compare without dividing.
                let var_n2 = (n * q).saturating_sub(s * s);
                if var_n2 < flat2 * n * n {
                    continue;
                }
                // Dark when below the local mean. A margin either way was measured
                // worse on qr-corpus (31/32 of the mean: −2 images, 33/32: −4).
                let v = u64::from(self.px[y * w + x]) * n;
                dark[y * w + x] = v < s;
            }
        }
        Bitmap { w, h, dark }
    }

    /// rqrr's own idea, in our code: per row, an exponential running mean from each
    /// side over `w/8` pixels; dark when below 95 % of their average. Good on evenly
    /// lit frames where the code fills the row; kept as a stage because it reads
    /// some frames the 2-D threshold does not.
    pub fn row_mean(&self) -> Bitmap {
        let (w, h) = (self.w, self.h);
        let s = (w / 8).max(1);
        let mut dark = vec![false; w * h];
        let mut fwd = vec![0usize; w];
        for y in 0..h {
            let row = &self.px[y * w..(y + 1) * w];
            let mut a = 0usize;
            for (x, f) in fwd.iter_mut().enumerate() {
                a = a * (s - 1) / s + usize::from(row[x]);
                *f = a;
            }
            let mut b = 0usize;
            for x in (0..w).rev() {
                b = b * (s - 1) / s + usize::from(row[x]);
                dark[y * w + x] = usize::from(row[x]) * 200 * s < (fwd[x] + b) * 95;
            }
        }
        Bitmap { w, h, dark }
    }

    /// Global threshold at Otsu's level.
    pub fn otsu(&self) -> Bitmap {
        let mut hist = [0u64; 256];
        for &p in &self.px {
            hist[p as usize] += 1;
        }
        let total = self.px.len() as u64;
        let sum_all: u64 = hist.iter().enumerate().map(|(i, &c)| i as u64 * c).sum();
        let (mut best, mut best_t) = (0f64, 128usize);
        let (mut wb, mut sb) = (0u64, 0u64);
        for (t, &c) in hist.iter().enumerate() {
            wb += c;
            sb += t as u64 * c;
            let wf = total - wb;
            if wb == 0 || wf == 0 {
                continue;
            }
            let mb = sb as f64 / wb as f64;
            let mf = (sum_all - sb) as f64 / wf as f64;
            let between = wb as f64 * wf as f64 * (mb - mf) * (mb - mf);
            if between > best {
                best = between;
                best_t = t;
            }
        }
        let dark = self.px.iter().map(|&p| (p as usize) <= best_t).collect();
        Bitmap {
            w: self.w,
            h: self.h,
            dark,
        }
    }
}

fn percentile(hist: &[usize; 256], rank: usize) -> u8 {
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen > rank {
            return v as u8;
        }
    }
    255
}

/// Source indices and weight (in quarters) for output index `o` of a doubled axis.
fn lerp_idx(o: usize, n: usize) -> (usize, usize, u32) {
    let i = o / 2;
    if o.is_multiple_of(2) {
        // Sits a quarter pixel before source i.
        let a = i.saturating_sub(1);
        (a, i, if i == 0 { 0 } else { 3 })
    } else {
        let b = (i + 1).min(n - 1);
        (i, b, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::Gray;

    /// An almost white frame (a camera pointed at a lit wall) once overflowed the
    /// contrast check; it must come back unchanged.
    #[test]
    fn stretch_leaves_a_flat_bright_frame_alone() {
        for level in [0u8, 120, 247, 248, 255] {
            let g = Gray {
                w: 16,
                h: 16,
                px: vec![level; 256],
            };
            assert_eq!(g.stretch().px, g.px, "level {level}");
        }
    }
}
