//! The passes the decoder makes over one frame, cheapest and most productive first.
//!
//! Each pass turns the working grayscale image into a bitmap (a threshold, possibly on
//! a rescaled or inverted image), checks with [`super::finder`] that rqrr's work on it
//! is bounded, and hands it to rqrr. The first pass that decodes something ends the
//! frame. The order and the choice of passes come from the measurements in the
//! module note of [`super`].

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

/// Runs the plan's passes on `base` until one decodes something. In each pass our
/// own detector goes first (well under a millisecond when it reads), then rqrr's (a
/// few milliseconds, but it copes with perspective and damage). Running ours over all
/// passes before any rqrr call was measured slower: rqrr on the first bitmap reads
/// most of what ours misses.
pub fn run(base: &Gray, plan: &Plan) -> PassOutcome {
    let mut out = PassOutcome {
        codes: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The stretched image is shared by most passes; make it once.
    let stretched = base.stretch();
    for &stage in &plan.stages {
        let Some((bm, scale, border)) = bitmap_for(stage, &stretched) else {
            continue;
        };
        let found = finder::candidates(&bm, plan.max_candidates);
        if found.len() > plan.max_candidates {
            out.diagnostics.push(Diagnostic::TooManyCandidates {
                stage,
                limit: plan.max_candidates,
            });
            continue;
        }
        // Fewer than three rings cannot make a grid: rqrr could not find one either.
        if found.len() < 3 {
            continue;
        }
        // Our own detector first; rqrr's when it finds nothing.
        if let Some(code) = reader::read_direct(&bm, &found) {
            out.codes.push((unscale(code, scale, border), stage));
            break;
        }
        let read = reader::read_bitmap(&bm);
        if let Some(message) = read.panic {
            out.diagnostics
                .push(Diagnostic::Panicked { stage, message });
        }
        for code in read.codes {
            out.codes.push((unscale(code, scale, border), stage));
        }
        if !out.codes.is_empty() {
            break;
        }
    }
    out
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
