//! Counting finder-pattern candidates before rqrr does, to bound its work.
//!
//! Why rqrr 0.11 can run for minutes: `detect_grids` turns every row run of
//! dark:light:dark:light:dark ≈ 1:1:3:1:1 whose outer ring is one connected region into
//! a "capstone", then, for every capstone, tries every pair of other capstones that
//! lie roughly along its axes — and for each pair it clones the whole prepared image
//! (`find_groupings`) before fitting a grid. Capstones come from noise as easily as
//! from codes: the noisy dark hall of `qr-stress/projected__044.jpg` yields thousands,
//! so the work is cubic in thousands times a 12-megapixel copy.
//!
//! rqrr claims each capstone's ring region, so there can be no more capstones than
//! distinct 4-connected regions that serve as the ring of a 1:1:3:1:1 row run. We
//! scan the bitmap with the same run test, label regions, and count those rings. A
//! bitmap is given to rqrr only when that count is at most the budget's limit, so a
//! call costs at most O(limit³ · pixels) by construction, whatever the image holds.

use super::gray::Bitmap;

/// A ring region that some row run qualifies as a finder-pattern candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub x0: usize,
    pub y0: usize,
    pub x1: usize,
    pub y1: usize,
    /// Pixels of the ring: 24 square modules in a finder pattern.
    pub area: usize,
}

/// Run-length union-find over one bitmap.
struct Regions {
    parent: Vec<u32>,
    bbox: Vec<[usize; 4]>,
    area: Vec<usize>,
}

impl Regions {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = p;
        }
        i
    }
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
            self.area[lo as usize] += self.area[hi as usize];
            let (bl, bh) = (self.bbox[lo as usize], self.bbox[hi as usize]);
            self.bbox[lo as usize] = [
                bl[0].min(bh[0]),
                bl[1].min(bh[1]),
                bl[2].max(bh[2]),
                bl[3].max(bh[3]),
            ];
        }
    }
}

/// Ring regions of all 1:1:3:1:1 row runs, at most `limit + 1` of them (enough to
/// tell the caller the limit was exceeded without labelling further).
pub fn candidates(bm: &Bitmap, limit: usize) -> Vec<Candidate> {
    let (w, h) = (bm.w, bm.h);
    // Runs of each row: (start, end inclusive, dark, region id).
    let mut regions = Regions {
        parent: Vec::new(),
        bbox: Vec::new(),
        area: Vec::new(),
    };
    let mut prev: Vec<(usize, usize, bool, u32)> = Vec::new();
    let mut cur: Vec<(usize, usize, bool, u32)> = Vec::new();
    // (left, stone, ring) run ids of every row run passing the length test.
    let mut hits: Vec<[u32; 3]> = Vec::new();
    for y in 0..h {
        cur.clear();
        let row = &bm.dark[y * w..(y + 1) * w];
        let mut start = 0;
        for x in 1..=w {
            if x == w || row[x] != row[start] {
                let id = regions.parent.len() as u32;
                regions.parent.push(id);
                regions.bbox.push([start, y, x - 1, y]);
                regions.area.push(x - start);
                cur.push((start, x - 1, row[start], id));
                start = x;
            }
        }
        // 4-connectivity: same colour and overlapping columns in the row above.
        let mut j = 0;
        for &(s, e, d, id) in &cur {
            while j < prev.len() && prev[j].1 < s {
                j += 1;
            }
            let mut k = j;
            while k < prev.len() && prev[k].0 <= e {
                if prev[k].2 == d {
                    regions.union(id, prev[k].3);
                }
                k += 1;
            }
        }
        // Same run test as rqrr: five runs dark,light,dark,light,dark ending a row run,
        // lengths within ±3/4 of 1:1:3:1:1 of their mean module; the ring is the
        // region of the last dark run. A virtual light pixel ends every row.
        for i in 0..cur.len() {
            let closes = i + 1 == cur.len() || !cur[i + 1].2;
            if i < 4 || !cur[i].2 || !closes {
                continue;
            }
            let len = |r: &(usize, usize, bool, u32)| r.1 - r.0 + 1;
            let l = [
                len(&cur[i - 4]),
                len(&cur[i - 3]),
                len(&cur[i - 2]),
                len(&cur[i - 1]),
                len(&cur[i]),
            ];
            let avg = (l[0] + l[1] + l[3] + l[4]) / 4;
            let err = avg * 3 / 4;
            let ok = [1, 1, 3, 1, 1]
                .iter()
                .zip(&l)
                .all(|(&c, &v)| v + err >= c * avg && v <= c * avg + err);
            if ok {
                hits.push([cur[i - 4].3, cur[i - 2].3, cur[i].3]);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // rqrr's region test, on complete regions: the first and last dark runs are one
    // region (the ring), the middle one another (the stone), and the stone holds
    // 10–70 % as many pixels as the ring.
    let mut rings: Vec<u32> = Vec::new();
    for [l, s, r] in hits {
        let (l, s, r) = (regions.find(l), regions.find(s), regions.find(r));
        if l != r || s == r {
            continue;
        }
        let ratio = regions.area[s as usize] * 100 / regions.area[r as usize].max(1);
        if 10 < ratio && ratio < 70 {
            rings.push(r);
        }
    }
    rings.sort_unstable();
    rings.dedup();
    rings
        .into_iter()
        .take(limit + 1)
        .map(|r| to_candidate(&regions, r))
        .collect()
}

fn to_candidate(regions: &Regions, root: u32) -> Candidate {
    let b = regions.bbox[root as usize];
    Candidate {
        x0: b[0],
        y0: b[1],
        x1: b[2],
        y1: b[3],
        area: regions.area[root as usize],
    }
}
