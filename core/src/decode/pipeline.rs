//! The passes the decoder makes over one frame, cheapest and most productive first.
//!
//! Each pass turns the working grayscale image into a bitmap (a threshold, possibly on
//! a rescaled or inverted image), checks with [`super::finder`] that rqrr's work on it
//! is bounded, and hands it to our detector, then to rqrr's. Our detector sees the two
//! cheap bitmaps (Otsu, adaptive) before rqrr runs at all, since it reads most codes
//! in well under a millisecond where rqrr's detection alone costs several. The first
//! pass that decodes something ends the frame. The order and the choice of passes come
//! from the measurements in the module note of [`super`].

use super::finder;
use super::gray::{Bitmap, Gray};
use super::reader::{self, RawCode};
use super::{Diagnostic, Stage};

/// How much one frame may cost: the limits behind [`super::Effort`].
#[derive(Debug, Clone)]
pub struct Plan {
    /// Longest side of the working image; larger frames are averaged down to it.
    pub max_side: usize,
    /// Most finder candidates (ring regions) a bitmap may show rqrr.
    pub max_candidates: usize,
    /// Passes in order.
    pub stages: Vec<Stage>,
}

/// Symbols found, in working-image coordinates, with what went wrong on the way.
pub struct PassOutcome {
    pub codes: Vec<(RawCode, Stage)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One stage's bitmap with its scale, border and finder candidates.
struct Prepared {
    bm: Bitmap,
    scale: f32,
    border: f32,
    found: Vec<finder::Candidate>,
}

/// Stages whose bitmaps cost about one pass over the image; our detector tries all of
/// them before rqrr's detector runs on any (rqrr costs milliseconds even on a clean
/// code, ours well under one).
const CHEAP: [Stage; 2] = [Stage::Otsu, Stage::Adaptive];

/// Runs the plan's passes on `base` until one decodes something: first our own
/// detector on the cheap passes' bitmaps, then every pass in order with rqrr's
/// detector behind ours (a few milliseconds, but it copes with perspective and
/// damage). Bitmaps made for the first round are kept for the second.
pub fn run(base: &Gray, plan: &Plan) -> PassOutcome {
    let mut out = PassOutcome {
        codes: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The stretched image is shared by most passes; make it once.
    let stretched = base.stretch();
    let mut kept: Vec<(Stage, Option<Prepared>)> = Vec::new();
    for &stage in plan.stages.iter().filter(|s| CHEAP.contains(s)) {
        let prepared = prepare(stage, &stretched, plan, &mut out);
        if let Some(p) = &prepared {
            if let Some(code) = reader::read_direct(&p.bm, &p.found) {
                out.codes.push((unscale(code, p.scale, p.border), stage));
                return out;
            }
        }
        kept.push((stage, prepared));
    }
    for &stage in &plan.stages {
        let prepared = match kept.iter().position(|(s, _)| *s == stage) {
            Some(i) => kept.swap_remove(i).1,
            None => {
                let p = prepare(stage, &stretched, plan, &mut out);
                if let Some(p) = &p {
                    if let Some(code) = reader::read_direct(&p.bm, &p.found) {
                        out.codes.push((unscale(code, p.scale, p.border), stage));
                        break;
                    }
                }
                p
            }
        };
        let Some(p) = prepared else {
            continue;
        };
        let read = reader::read_bitmap(&p.bm);
        if let Some(message) = read.panic {
            out.diagnostics
                .push(Diagnostic::Panicked { stage, message });
        }
        for code in read.codes {
            out.codes.push((unscale(code, p.scale, p.border), stage));
        }
        if !out.codes.is_empty() {
            break;
        }
    }
    out
}

/// The stage's bitmap and candidates, or `None` when the stage does not apply, shows
/// too many candidates (noted in `out`) or too few to make a grid.
fn prepare(stage: Stage, g: &Gray, plan: &Plan, out: &mut PassOutcome) -> Option<Prepared> {
    let (bm, scale, border) = bitmap_for(stage, g)?;
    let found = finder::candidates(&bm, plan.max_candidates);
    if found.len() > plan.max_candidates {
        out.diagnostics.push(Diagnostic::TooManyCandidates {
            stage,
            limit: plan.max_candidates,
        });
        return None;
    }
    // Fewer than three rings cannot make a grid: rqrr could not find one either.
    if found.len() < 3 {
        return None;
    }
    Some(Prepared {
        bm,
        scale,
        border,
        found,
    })
}

/// Corners from bitmap pixels back to working-image pixels.
fn unscale(mut code: RawCode, scale: f32, border: f32) -> RawCode {
    for c in &mut code.corners {
        c.0 = (c.0 - border) / scale;
        c.1 = (c.1 - border) / scale;
    }
    code
}

/// The bitmap one stage gives rqrr, its scale relative to the working image and the
/// width of the frame around it (in bitmap pixels).
/// `None` when the stage does not apply to an image of this size.
fn bitmap_for(stage: Stage, g: &Gray) -> Option<(Bitmap, f32, f32)> {
    let (scale, img) = match stage {
        Stage::Doubled => {
            if g.w.max(g.h) > 640 {
                return None;
            }
            (2.0, g.double())
        }
        Stage::Halved => {
            if g.w.min(g.h) < 200 {
                return None;
            }
            (0.5, g.half())
        }
        Stage::Inverted => (1.0, g.inverted()),
        Stage::Padded => {
            // Sized so that the frame sits at a fixed offset we can undo.
            let (scale, img) = if g.w.max(g.h) <= 320 {
                (2.0, g.double())
            } else {
                (1.0, g.clone())
            };
            let border = img.w.min(img.h) / 8;
            let p = img.padded(border);
            let short = p.w.min(p.h);
            return Some((
                p.adaptive((short / 16).clamp(4, 48), 6),
                scale,
                border as f32,
            ));
        }
        _ => (1.0, g.clone()),
    };
    let short = img.w.min(img.h);
    let window = (short / 16).clamp(4, 48);
    let bm = match stage {
        Stage::Otsu => img.otsu(),
        Stage::RowMean => img.row_mean(),
        Stage::WideWindow => img.adaptive((short / 5).clamp(8, 160), 4),
        _ => img.adaptive(window, 6),
    };
    Some((bm, scale, 0.0))
}
