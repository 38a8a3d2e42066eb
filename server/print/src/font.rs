//! The one Japanese font every page is set in, and how wide its text runs.
//!
//! A font is looked up on the server's disk, never bundled: the office machine gets it
//! from Debian (`fonts-ipaexfont-gothic`, a plain TrueType file that both the PNG
//! rasteriser and the PDF subsetter read; `fonts-noto-cjk` works too, face 0 of its
//! collection being Japanese). The same font measures text for both outputs, so a
//! poster's PNG and PDF have the same line breaks and the same QR size.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use ab_glyph::{Font, FontRef};

use crate::PrintError;

/// Where Debian puts the Japanese fonts, best first. IPAex Gothic is a single TTF
/// (6 MB): quicker to load than the 19 MB Noto collection.
const CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
];

/// Names a font file (and a face inside a `.ttc` collection) that overrides the lookup.
pub const FONT_ENV: &str = "ATTEND_FONT";

/// A font file read into memory, checked to parse and to hold Japanese glyphs.
#[derive(Debug, Clone)]
pub struct FontData {
    bytes: Vec<u8>,
    index: u32,
    path: PathBuf,
}

impl FontData {
    /// Reads and checks a font file; `index` is the face in a collection (0 for a TTF).
    pub fn load(path: &Path, index: u32) -> Result<FontData, PrintError> {
        let bytes = std::fs::read(path).map_err(|e| PrintError::FontUnusable {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        FontData::from_bytes(bytes, index, path.to_owned())
    }

    /// Checks font bytes already in memory; `path` is only used in messages.
    pub fn from_bytes(bytes: Vec<u8>, index: u32, path: PathBuf) -> Result<FontData, PrintError> {
        let font = FontData { bytes, index, path };
        let face = font.face()?;
        // A Latin-only font would print empty boxes for every title: refuse it here, where
        // the message can still name the package to install.
        if face.glyph_id('会').0 == 0 || face.glyph_id('単').0 == 0 {
            return Err(PrintError::FontUnusable {
                path: font.path.clone(),
                detail: "no Japanese glyphs / 日本語の文字がありません".into(),
            });
        }
        Ok(font)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn index(&self) -> u32 {
        self.index
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn face(&self) -> Result<FontRef<'_>, PrintError> {
        FontRef::try_from_slice_and_index(&self.bytes, self.index).map_err(|e| {
            PrintError::FontUnusable {
                path: self.path.clone(),
                detail: e.to_string(),
            }
        })
    }
}

/// Finds the Japanese font: `ATTEND_FONT` (a path, optionally `path#face` for a
/// collection) if set, else the standard Debian places.
pub fn find_japanese_font() -> Result<FontData, PrintError> {
    if let Some(value) = std::env::var_os(FONT_ENV) {
        let value = value.to_string_lossy().into_owned();
        // An explicit setting that does not work is an error, not a reason to quietly
        // print in another font than the one the office chose.
        let (path, index) = match value.rsplit_once('#') {
            Some((path, face)) => match face.parse::<u32>() {
                Ok(index) => (path.to_owned(), index),
                Err(_) => (value.clone(), 0),
            },
            None => (value.clone(), 0),
        };
        return FontData::load(Path::new(&path), index);
    }
    for (path, index) in CANDIDATES {
        let path = Path::new(path);
        if path.is_file() {
            return FontData::load(path, *index);
        }
    }
    Err(PrintError::FontMissing {
        looked_in: CANDIDATES.iter().map(|(p, _)| (*p).to_owned()).collect(),
    })
}

/// The font the printing functions use, read once per process: a font file is megabytes
/// and the office prints a letter per member.
pub(crate) fn default_font() -> Result<Arc<FontData>, PrintError> {
    static FONT: OnceLock<Arc<FontData>> = OnceLock::new();
    if let Some(font) = FONT.get() {
        return Ok(font.clone());
    }
    let font = Arc::new(find_japanese_font()?);
    Ok(FONT.get_or_init(|| font).clone())
}

/// Measures text in millimetres for a font size given as the em in millimetres (the
/// PDF's notion of font size).
pub(crate) struct Measure<'a> {
    face: FontRef<'a>,
    units_per_em: f32,
}

impl<'a> Measure<'a> {
    pub(crate) fn new(font: &'a FontData) -> Result<Measure<'a>, PrintError> {
        let face = font.face()?;
        let units_per_em = face.units_per_em().unwrap_or(1000.0);
        Ok(Measure { face, units_per_em })
    }

    pub(crate) fn face(&self) -> &FontRef<'a> {
        &self.face
    }

    /// Advance of one character, in ems.
    pub(crate) fn advance_em(&self, c: char) -> f32 {
        self.face.h_advance_unscaled(self.face.glyph_id(c)) / self.units_per_em
    }

    pub(crate) fn width_mm(&self, text: &str, em_mm: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * em_mm
    }

    /// ab_glyph scales by the font's ascent-to-descent height, not by the em.
    pub(crate) fn px_scale(&self, em_px: f32) -> ab_glyph::PxScale {
        ab_glyph::PxScale::from(em_px * self.face.height_unscaled() / self.units_per_em)
    }
}
