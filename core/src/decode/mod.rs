//! QR decoding of camera frames and photos: rqrr, with our own preprocessing around
//! it, a bound on its work, and the text decoding Japanese codes need.
//!
//! A frame goes through: one copy to grayscale at the working size (block-averaged
//! down, `frame`), a contrast stretch, then passes ([`Stage`]) that each threshold the
//! image their own way (`gray`) and count finder candidates to bound rqrr's work
//! (`finder`, which explains why rqrr can run for minutes). Our own detector
//! (`sample::direct`: three finder candidates forming a right angle give the version
//! and an affine grid, sampled with small shifts and scales; under stronger
//! perspective a projective grid through the alignment pattern, `align`) sees the
//! Otsu and adaptive bitmaps before rqrr runs at all; then each pass in order gets our
//! detector and rqrr's, inside `catch_unwind` (`reader`); a grid rqrr finds but cannot
//! correct is resampled. Bytes become text by ECI, else UTF-8, else Shift_JIS (`text`,
//! `stream`, `rs`; our stream reader also takes structured-append and GS1 headers,
//! which rqrr rejects). The first pass that reads a code ends the frame.
//!
//! # What each part earns (qr-corpus, 106 images; `qr-bench`, release build)
//!
//! Each stage alone, and the reads it adds after the stages before it in
//! [`Effort::Still`]'s order; times are medians over all 106 images with the stage
//! alone, on a shared, busy 2-core machine (plain rqrr's median in the same run:
//! 8.8 ms):
//!
//! | stage | reads alone | new reads in order | median ms alone |
//! |---|---:|---:|---:|
//! | otsu (global threshold) | 74 | 74 | 4.2 |
//! | adaptive (local mean, window ⅟16 of the short side) | 84 | 14 | 4.9 |
//! | doubled (×2 bilinear, images ≤ 640 px) | 91 | 7 | 10.4 |
//! | inverted (light-on-dark) | 2 | 2 | 0.7 |
//! | row-mean (rqrr's own threshold idea) | 81 | 2 | 6.2 |
//! | wide-window (window ⅕ of the short side) | 85 | 0 | 6.1 |
//! | halved (images ≥ 200 px) | 41 | 0 | 1.7 |
//! | padded (light frame, ×2 if ≤ 320 px) | 86 | 0 | 9.1 |
//!
//! Wide-window, halved and padded add nothing on this corpus any more (each added one
//! image before our detector improved); they run only on frames nothing else read, so
//! they cost no median time, and the held-out photos may need them.
//!
//! Parts under every stage, measured by adding them one at a time: rqrr alone on our
//! bitmaps (7 stages) read 84; thresholding at the local mean rather than 3 % below
//! it, 86; resampling grids rqrr could not correct, 92; the padded stage, 93; our own
//! detector in front of rqrr, 97; in it, version ±1 and the alignment-pattern
//! perspective, 99 (`#142`, a poster at an angle, and a structured-append part). The
//! stream reader gives the GS1 code and all 3 structured-append parts; all 9 images
//! with Japanese text are read (plain rqrr: 2; the other 7 are Shift_JIS or kanji
//! mode, which rqrr's UTF-8 `decode` refuses). Tried and dropped: a light frame around
//! every pass (−6, before resampling existed), a threshold margin above the mean
//! (−4), windows of ⅛ or ⅟24 (−3, −6), resampling at version ±1 (±0).
//!
//! Where the time went (`perf`; medians with `QR_BENCH_QUICK=1` on quieter runs, ours
//! against plain rqrr in the same run): 5.2–5.9 ms against 4.8–6.5 ms once our
//! detector saw both cheap bitmaps first and tried all candidate triples; 36–43 % of
//! all decoding time was then rqrr's error correction (its `block_syndromes` raises
//! the generator to a power for every term) on our detector's wrong samplings.
//! Ranking samplings by their timing rows and screening them with our table-driven
//! correction first gave 2.3–2.8 ms against plain rqrr's 4.6–5.0 ms, same reads.
//!
//! Totals (`qr-bench`, full run, busy machine): `Still` 99/106, median 4.79 ms, p90
//! 29.7 ms; zxing-cpp 99/106, 0.18 ms; plain rqrr 49/106, 8.80 ms. `Live` (otsu,
//! adaptive, padded at ≤ 800 px) 93/106, median 5.9 ms. The 12-megapixel stress image
//! (`qr-stress/projected__044.jpg`, where plain rqrr runs for more than 15 minutes)
//! answers "nothing found" in about 0.3–0.5 s with `Still` and 9–13 ms with `Live`:
//! its code is under 2 pixels a module once the frame is averaged to 1600 px, and
//! zxing-cpp does not read it at full size either.

mod align;
mod finder;
mod frame;
mod gray;
mod pipeline;
mod reader;
mod rs;
mod sample;
mod session;
mod stream;
mod text;

use std::io::Cursor;

pub use frame::{Frame, FrameError, MAX_PIXELS, MAX_SIDE};
pub use gray::Gray;
pub use session::ScanSession;
pub use text::bytes_to_text;

use pipeline::Plan;

/// How hard to try on one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Effort {
    /// A live camera frame at 30 fps: a working image of at most 800 px, the three
    /// passes that read most codes, at most 10 finder candidates per pass. The next
    /// frame is another chance, so this one stays cheap.
    #[default]
    Live,
    /// A still photo or an image file: a working image of at most 1600 px, every
    /// pass, at most 12 finder candidates per pass (the corpus needs no more than 10;
    /// rqrr's grouping work grows with the cube of this number).
    Still,
}

/// One pass of the decoder (see the module note for what each adds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Local-mean threshold on the contrast-stretched image, flat areas white.
    Adaptive,
    /// Global Otsu threshold.
    Otsu,
    /// Per-row running-mean threshold (rqrr's own idea).
    RowMean,
    /// Adaptive threshold with dark and light swapped (light-on-dark codes).
    Inverted,
    /// Adaptive threshold with a window a fifth of the image (large modules).
    WideWindow,
    /// Image doubled before thresholding (modules of one or two pixels).
    Doubled,
    /// Image halved before thresholding (noise, very large modules).
    Halved,
    /// Image framed in a light border (doubled first when small), for codes cropped
    /// to their edge.
    Padded,
}

impl Stage {
    /// Every stage, in the order [`Effort::Still`] runs them.
    pub const ALL: [Stage; 8] = [
        Stage::Otsu,
        Stage::Adaptive,
        Stage::Doubled,
        Stage::Inverted,
        Stage::RowMean,
        Stage::WideWindow,
        Stage::Halved,
        Stage::Padded,
    ];

    /// Short name for reports and benchmarks.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Adaptive => "adaptive",
            Stage::Otsu => "otsu",
            Stage::RowMean => "row-mean",
            Stage::Inverted => "inverted",
            Stage::WideWindow => "wide-window",
            Stage::Doubled => "doubled",
            Stage::Halved => "halved",
            Stage::Padded => "padded",
        }
    }
}

impl Effort {
    fn plan(self) -> Plan {
        match self {
            Effort::Live => Plan {
                max_side: 800,
                max_candidates: 10,
                stages: vec![Stage::Otsu, Stage::Adaptive, Stage::Padded],
            },
            Effort::Still => Plan {
                max_side: 1600,
                max_candidates: 12,
                stages: Stage::ALL.to_vec(),
            },
        }
    }
}

/// One QR code read from a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The code's content as text: in the character set an ECI names, else UTF-8,
    /// else Shift_JIS, else ISO-8859-1; kanji-mode segments as Shift_JIS.
    pub text: String,
    /// The raw data bytes, for callers that need them exactly.
    pub bytes: Vec<u8>,
    /// Corners in frame pixels: top-left, top-right, bottom-right, bottom-left of the
    /// symbol as encoded (not as seen), e.g. to draw a box over the preview.
    pub corners: [(f32, f32); 4],
    /// QR version (1–40): 21 + 4·(version − 1) modules a side.
    pub version: usize,
    /// The pass that read it.
    pub stage: Stage,
}

/// Something the decoder worked around on the way; the frame still got an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Diagnostic {
    /// rqrr panicked in this pass; the panic was caught and the pass counted as empty.
    Panicked { stage: Stage, message: String },
    /// The bitmap of this pass showed more finder candidates than the budget allows
    /// (typically noise), so rqrr was not run on it.
    TooManyCandidates { stage: Stage, limit: usize },
    /// A panic outside rqrr (a bug of ours) was caught; the frame reads as empty.
    Internal { message: String },
}

/// What [`decode_frame`] found in one frame.
#[derive(Debug, Clone, Default)]
pub struct DecodeReport {
    /// Codes read, usually zero or one.
    pub codes: Vec<Decoded>,
    /// Panics caught and passes skipped; empty on a normal frame.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the QR codes in one camera frame.
///
/// Call it with [`Effort::Live`] for every preview frame (feed the result to a
/// [`ScanSession`] so a code held in view registers once) and with [`Effort::Still`]
/// for a photo the member took. Never panics and always returns within a bounded
/// amount of work; an unreadable frame is `Ok` with no codes.
///
/// ```no_run
/// # use attend_core::decode::{decode_frame, Effort, Frame};
/// # let (plane, w, h, row_stride) = (vec![0u8; 640 * 480], 640, 480, 640);
/// let report = decode_frame(
///     Frame::Luma { data: &plane, width: w, height: h, stride: row_stride },
///     Effort::Live,
/// )?;
/// for code in report.codes {
///     println!("{}", code.text);
/// }
/// # Ok::<(), attend_core::decode::FrameError>(())
/// ```
pub fn decode_frame(frame: Frame<'_>, effort: Effort) -> Result<DecodeReport, FrameError> {
    decode_with_plan(frame, &effort.plan())
}

/// Like [`decode_frame`] with [`Effort::Still`]'s limits but only the given passes:
/// for the benchmark's per-stage table and for tuning.
pub fn decode_frame_stages(frame: Frame<'_>, stages: &[Stage]) -> Result<DecodeReport, FrameError> {
    let mut plan = Effort::Still.plan();
    plan.stages = stages.to_vec();
    decode_with_plan(frame, &plan)
}

fn decode_with_plan(frame: Frame<'_>, plan: &Plan) -> Result<DecodeReport, FrameError> {
    let (gray, factor) = frame.to_gray(plan.max_side)?;
    // rqrr's panics are caught where it is called; this catches our own, so that the
    // promise "never panics" does not rest on our code being free of bugs.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline::run(&gray, plan)));
    let out = match run {
        Ok(out) => out,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Ok(DecodeReport {
                codes: Vec::new(),
                diagnostics: vec![Diagnostic::Internal { message }],
            });
        }
    };
    let f = factor as f32;
    let mut codes: Vec<Decoded> = Vec::new();
    for (raw, stage) in out.codes {
        if codes.iter().any(|c| c.bytes == raw.bytes) {
            continue;
        }
        codes.push(Decoded {
            text: raw.text,
            corners: raw.corners.map(|(x, y)| (x * f, y * f)),
            bytes: raw.bytes,
            version: raw.version,
            stage,
        });
    }
    Ok(DecodeReport {
        codes,
        diagnostics: out.diagnostics,
    })
}

/// Reads the QR codes in an image file (JPEG, PNG or WebP), as the desktop shell and
/// the tests do. The picture is converted to 8-bit luma once, then decoded like a
/// [`Frame::Luma`]. Dimensions beyond [`MAX_SIDE`] are refused before decoding pixels.
pub fn decode_image_file(bytes: &[u8], effort: Effort) -> Result<DecodeReport, FrameError> {
    let luma = load_luma(bytes)?;
    let (width, height) = luma.dimensions();
    decode_frame(
        Frame::Luma {
            data: luma.as_raw(),
            width,
            height,
            stride: width,
        },
        effort,
    )
}

/// Decodes an image file to 8-bit luma, refusing absurd sizes before allocating.
/// Public so the benchmark times decoding apart from loading.
pub fn load_luma(bytes: &[u8]) -> Result<image::GrayImage, FrameError> {
    let unreadable = |e: &dyn std::fmt::Display| FrameError::UnreadableImage(e.to_string());
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| unreadable(&e))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| unreadable(&e))?;
    Ok(img.to_luma8())
}

/// Plain rqrr on a grayscale image, for the benchmark's baseline only: no bound on its
/// work (it can run for minutes), panics caught. Returns the texts decoded by rqrr's own
/// `Grid::decode` (UTF-8 only), or the panic message.
pub fn plain_rqrr(gray: &Gray) -> Result<Vec<String>, String> {
    let read = reader::read_gray_plain(gray);
    match read.panic {
        Some(p) => Err(p),
        None => Ok(read.codes.into_iter().map(|c| c.text).collect()),
    }
}
