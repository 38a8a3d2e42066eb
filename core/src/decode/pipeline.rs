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

/// Runs the plan's passes on `base` until one decodes something.
pub fn run(base: &Gray, plan: &Plan) -> PassOutcome {
    let mut out = PassOutcome {
        codes: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The stretched image is shared by most passes; make it once.
    let stretched = base.stretch();
    for &stage in &plan.stages {
        let t0 = std::time::Instant::now();
        let Some((bm, scale)) = bitmap_for(stage, &stretched) else {
            continue;
        };
        let t1 = std::time::Instant::now();
        let found = finder::candidates(&bm, plan.max_candidates);
        let t2 = std::time::Instant::now();
        if found.len() > plan.max_candidates {
            out.diagnostics.push(Diagnostic::TooManyCandidates {
                stage,
                limit: plan.max_candidates,
            });
            continue;
        }
        // Fewer than three rings cannot make a grid: skip rqrr entirely.
        if found.len() < 3 {
            continue;
        }
        let read = reader::read_bitmap(&bm);
        eprintln!("TIMING {:?} {}x{} bin {:?} find {:?} ({}) rqrr {:?}", stage, bm.w, bm.h, t1-t0, t2-t1, found.len(), t2.elapsed());
        if let Some(message) = read.panic {
            out.diagnostics.push(Diagnostic::Panicked { stage, message });
        }
        for mut code in read.codes {
            for c in &mut code.corners {
                c.0 /= scale;
                c.1 /= scale;
            }
            out.codes.push((code, stage));
        }
        if !out.codes.is_empty() {
            break;
        }
    }
    out
}

/// The bitmap one stage gives rqrr, and its scale relative to the working image.
/// `None` when the stage does not apply to an image of this size.
fn bitmap_for(stage: Stage, g: &Gray) -> Option<(Bitmap, f32)> {
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
        _ => (1.0, g.clone()),
    };
    let short = img.w.min(img.h);
    let window = (short / super::gray::tune("WIN", 16) as usize).clamp(4, 48);
    let bm = match stage {
        Stage::Otsu => img.otsu(),
        Stage::RowMean => img.row_mean(),
        Stage::WideWindow => img.adaptive((short / 5).clamp(8, 160), 4),
        _ => img.adaptive(window, super::gray::tune("FLAT", 6) as u32),
    };
    Some((bm, scale))
}
