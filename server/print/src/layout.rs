//! A page as a list of placed items in millimetres, from the top-left corner.
//!
//! Posters and letters are laid out once into this form; `raster` draws it into a PNG
//! and `pdf` writes it as vector PDF. Keeping one layout means the two outputs cannot
//! drift apart (a PDF with a smaller QR code than the PNG the office checked).

use crate::font::Measure;
use crate::PrintError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

pub(crate) const BLACK: Rgb = Rgb(0, 0, 0);
pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
/// The society's dark blue, for the header band.
pub(crate) const NAVY: Rgb = Rgb(0x1b, 0x36, 0x6b);
pub(crate) const GREY: Rgb = Rgb(0x55, 0x55, 0x55);
/// Dark red for the credit line: the one thing a member looks for on a poster.
pub(crate) const ACCENT: Rgb = Rgb(0xa8, 0x1c, 0x24);

#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A single line; `x`/`baseline` in mm from the top-left, `em` the font size in mm.
    /// With `pitch`, each character is centred in a cell of that width (a fixed-pitch
    /// look for passwords whatever the font).
    Text {
        text: String,
        x: f32,
        baseline: f32,
        em: f32,
        color: Rgb,
        pitch: Option<f32>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    /// A QR symbol: `x`/`y` is the top-left of the first module (the quiet zone lies
    /// outside, kept clear by the layout), `width` modules a side, row-major `dark`.
    Qr {
        x: f32,
        y: f32,
        module: f32,
        width: usize,
        dark: Vec<bool>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// Line height as a multiple of the em: Japanese text wants more air than Latin.
pub(crate) const LINE: f32 = 1.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// Writes lines down the page from a cursor.
pub(crate) struct Flow<'m, 'f> {
    pub measure: &'m Measure<'f>,
    pub page: Page,
    /// Top of the next line, mm from the top.
    pub y: f32,
    pub left: f32,
    pub right: f32,
}

impl<'m, 'f> Flow<'m, 'f> {
    pub(crate) fn new(measure: &'m Measure<'f>, width: f32, height: f32, margin: f32) -> Self {
        Flow {
            measure,
            page: Page {
                width,
                height,
                items: Vec::new(),
            },
            y: margin,
            left: margin,
            right: width - margin,
        }
    }

    /// Sets `text` in at most `max_lines` lines, shrinking from `em` down to `min_em`
    /// until it fits; advances the cursor. Fails when even `min_em` is too large.
    pub(crate) fn para(
        &mut self,
        text: &str,
        em: f32,
        min_em: f32,
        max_lines: usize,
        align: Align,
        color: Rgb,
    ) -> Result<(), PrintError> {
        let width = self.right - self.left;
        let centred = align == Align::Center;
        let lines = fit(self.measure, text, em, min_em, width, max_lines, centred)?;
        self.place(lines, align, color);
        Ok(())
    }

    /// The lines and size `para` would use for centred text, without placing them.
    pub(crate) fn lines(
        &self,
        text: &str,
        em: f32,
        min_em: f32,
        max_lines: usize,
    ) -> Result<(f32, Vec<String>), PrintError> {
        fit(
            self.measure,
            text,
            em,
            min_em,
            self.right - self.left,
            max_lines,
            true,
        )
    }

    pub(crate) fn place(&mut self, (em, lines): (f32, Vec<String>), align: Align, color: Rgb) {
        for line in lines {
            let width = self.measure.width_mm(&line, em);
            let x = match align {
                Align::Left => self.left,
                Align::Center => (self.left + self.right - width) / 2.0,
                Align::Right => self.right - width,
            };
            // Baseline at 1.1 em below the line top centres CJK glyphs (ascent ~0.88 em)
            // within a 1.4 em line.
            self.page.items.push(Item::Text {
                text: line,
                x,
                baseline: self.y + 1.1 * em,
                em,
                color,
                pitch: None,
            });
            self.y += LINE * em;
        }
    }

    pub(crate) fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    pub(crate) fn push(&mut self, item: Item) {
        self.page.items.push(item);
    }
}

/// Breaks `text` into lines of at most `width` mm, trying sizes from `em` down to
/// `min_em` in 5 % steps until it takes at most `max_lines` lines; `balanced` evens
/// out the line lengths (for centred titles, not for body text).
pub(crate) fn fit(
    measure: &Measure<'_>,
    text: &str,
    em: f32,
    min_em: f32,
    width: f32,
    max_lines: usize,
    balanced: bool,
) -> Result<(f32, Vec<String>), PrintError> {
    let mut size = em;
    loop {
        let lines = wrap(measure, text, size, width);
        let widest = lines
            .iter()
            .map(|l| measure.width_mm(l, size))
            .fold(0.0, f32::max);
        if lines.len() <= max_lines && widest <= width * 1.02 {
            if balanced {
                return Ok((size, balance(measure, text, size, width, lines)));
            }
            return Ok((size, lines));
        }
        if size <= min_em {
            return Err(PrintError::TextTooLong(text.to_owned()));
        }
        size = (size * 0.95).max(min_em);
    }
}

/// Evens out a wrapped title: the narrowest width that still gives the same number of
/// lines, so a two-line title breaks near its middle instead of leaving a short tail.
fn balance(
    measure: &Measure<'_>,
    text: &str,
    em: f32,
    width: f32,
    lines: Vec<String>,
) -> Vec<String> {
    if lines.len() < 2 {
        return lines;
    }
    let mut best = lines;
    let mut w = width;
    while w > width * 0.5 {
        w *= 0.97;
        let tried = wrap(measure, text, em, w);
        if tried.len() != best.len() {
            break;
        }
        best = tried;
    }
    best
}

/// Closing marks that must not start a line (kinsoku): they stay at the end of the
/// previous line even if it overflows a little.
fn no_line_start(c: char) -> bool {
    "、。，．,.)）」』】〕〉》!?！？ー々・：:;；".contains(c)
}

/// Greedy line breaking: Japanese may break between any two characters, Latin words
/// only at spaces (a word longer than the line is cut where it must be).
pub(crate) fn wrap(measure: &Measure<'_>, text: &str, em: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for token in tokens(paragraph) {
            let token_w = measure.width_mm(&token, em);
            let glued = token.chars().next().is_some_and(no_line_start);
            if line_w + token_w > width && !line.trim().is_empty() && !glued {
                lines.push(line.trim_end().to_owned());
                line = token.trim_start().to_owned();
                line_w = measure.width_mm(&line, em);
            } else {
                line.push_str(&token);
                line_w += token_w;
            }
            while line_w > width * 1.02 && line.chars().count() > 1 {
                // A single token wider than the line (a long URL): cut by characters.
                let (head, tail) = cut(measure, &line, em, width);
                lines.push(head);
                line = tail;
                line_w = measure.width_mm(&line, em);
            }
        }
        if !line.trim().is_empty() {
            lines.push(line.trim_end().to_owned());
        }
    }
    lines
}

fn cut(measure: &Measure<'_>, line: &str, em: f32, width: f32) -> (String, String) {
    let mut w = 0.0;
    for (i, c) in line.char_indices() {
        w += measure.advance_em(c) * em;
        if w > width && i > 0 {
            return (line[..i].to_owned(), line[i..].to_owned());
        }
    }
    (line.to_owned(), String::new())
}

/// Splits into break units: a Latin word with its trailing spaces, or one CJK
/// character.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let latin = c.is_ascii() && !c.is_ascii_whitespace();
        if latin {
            if word.ends_with(' ') {
                out.push(std::mem::take(&mut word));
            }
            word.push(c);
        } else if c == ' ' || c == '\t' {
            word.push(' ');
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}
