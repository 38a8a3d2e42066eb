//! Our own reading of a grid's data stream, for what rqrr's `decode` does not handle:
//! structured append (a message split over several symbols: each symbol's own part is
//! returned), FNC1/GS1 (group separators as U+001D) and ECI designators (the character
//! set a segment declares). rqrr still finds and samples the grid and reads the format
//! and the raw codewords; we unmask, correct ([`super::rs`]) and parse.

use encoding_rs::Encoding;
use rqrr::BitGrid;

use super::rs;
use super::text::bytes_to_text;

/// The grid as it would look without its data mask, format cells untouched, so that
/// rqrr's raw reader (which keeps the mask) hands us unmasked bits.
struct Unmasked<'a> {
    grid: &'a dyn BitGrid,
    mask: u16,
    mirrored: bool,
}

impl BitGrid for Unmasked<'_> {
    fn size(&self) -> usize {
        self.grid.size()
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        let (y, x) = if self.mirrored { (x, y) } else { (y, x) };
        let n = self.grid.size();
        let format = (y == 8 && (x <= 8 || x + 8 >= n)) || (x == 8 && (y <= 8 || y + 7 >= n));
        let (i, j) = (y, x);
        let flip = !format
            && match self.mask {
                0 => (i + j) % 2 == 0,
                1 => i % 2 == 0,
                2 => j % 3 == 0,
                3 => (i + j) % 3 == 0,
                4 => (i / 2 + j / 3) % 2 == 0,
                5 => (i * j) % 2 + (i * j) % 3 == 0,
                6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
                _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
            };
        self.grid.bit(y, x) ^ flip
    }
}

/// A borrowed grid, so rqrr's `Grid` can wrap any grid without taking it.
struct Borrowed<'a>(&'a dyn BitGrid);

impl BitGrid for Borrowed<'_> {
    fn size(&self) -> usize {
        self.0.size()
    }
    fn bit(&self, y: usize, x: usize) -> bool {
        self.0.bit(y, x)
    }
}

/// Bytes and text of a grid: rqrr's decoder first; ours for the text when the bytes
/// are not UTF-8 (an ECI or Shift_JIS) and for the headers rqrr rejects.
pub fn decode_grid(grid: &dyn BitGrid) -> Option<(Vec<u8>, String)> {
    let mut bytes = Vec::new();
    match rqrr::Grid::new(Borrowed(grid)).decode_to(&mut bytes) {
        Ok(_) => match String::from_utf8(bytes) {
            Ok(text) => Some((text.clone().into_bytes(), text)),
            Err(e) => {
                let bytes = e.into_bytes();
                let text = read(grid).map_or_else(|| bytes_to_text(&bytes), |(_, t)| t);
                Some((bytes, text))
            }
        },
        Err(rqrr::DeQRError::UnknownDataType) => read(grid),
        Err(_) => None,
    }
}

/// Whether our own reader can correct the grid's codewords, in either orientation:
/// a cheap screen for the many wrong samplings our detector tries. rqrr's error
/// correction computes every syndrome term with a power by repeated multiplication
/// (most of the decoder's time before this screen); ours is table-driven.
pub fn correctable(grid: &dyn BitGrid) -> bool {
    [false, true]
        .into_iter()
        .any(|mirrored| codewords(grid, mirrored).is_some())
}

/// Bytes and text of a grid by our own reader, or `None` if it does not correct or
/// parse.
pub fn read(grid: &dyn BitGrid) -> Option<(Vec<u8>, String)> {
    [false, true]
        .into_iter()
        .find_map(|mirrored| read_oriented(grid, mirrored))
}

fn read_oriented(grid: &dyn BitGrid, mirrored: bool) -> Option<(Vec<u8>, String)> {
    let (data, version) = codewords(grid, mirrored)?;
    parse(&data, version)
}

/// The corrected data codewords of a grid and its version, or `None` if the format
/// or a block cannot be corrected.
fn codewords(grid: &dyn BitGrid, mirrored: bool) -> Option<(Vec<u8>, usize)> {
    let probe = Unmasked {
        grid,
        mask: 0,
        mirrored,
    };
    let (meta, _) = rqrr::Grid::new(probe).get_raw_data().ok()?;
    let unmasked = Unmasked {
        grid,
        mask: meta.mask,
        mirrored,
    };
    let (meta, raw) = rqrr::Grid::new(unmasked).get_raw_data().ok()?;
    let bytes = raw.data.get(..raw.len / 8)?;
    let data = rs::data_codewords(bytes, meta.version.0, meta.ecc_level)?;
    Some((data, meta.version.0))
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn take(&mut self, n: usize) -> Option<u32> {
        if self.pos + n > self.data.len() * 8 {
            return None;
        }
        let mut v = 0u32;
        for _ in 0..n {
            let bit = (self.data[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(v)
    }
    fn left(&self) -> usize {
        self.data.len() * 8 - self.pos
    }
}

/// How a run of bytes is to be turned into text.
#[derive(Clone, Copy, PartialEq)]
enum Charset {
    /// No ECI: UTF-8, else Shift_JIS, else ISO-8859-1.
    Guess,
    Latin1,
    Named(&'static Encoding),
}

const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

fn parse(data: &[u8], version: usize) -> Option<(Vec<u8>, String)> {
    let class = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut bits = Bits { data, pos: 0 };
    let mut runs: Vec<(Charset, Vec<u8>)> = Vec::new();
    let mut charset = Charset::Guess;
    let mut gs1 = false;
    let push = |runs: &mut Vec<(Charset, Vec<u8>)>, cs: Charset, b: &[u8]| match runs.last_mut() {
        Some((c, v)) if *c == cs => v.extend_from_slice(b),
        _ => runs.push((cs, b.to_vec())),
    };
    while bits.left() >= 4 {
        match bits.take(4)? {
            0 => break,
            1 => {
                let mut n = bits.take([10, 12, 14][class])? as usize;
                let mut out = Vec::new();
                while n > 0 {
                    let (digits, width) = [(3, 10), (2, 7), (1, 4)][3 - n.min(3)];
                    let v = bits.take(width)?;
                    out.extend(format!("{v:0digits$}").bytes());
                    n -= digits;
                }
                push(&mut runs, charset, &out);
            }
            2 => {
                let mut n = bits.take([9, 11, 13][class])? as usize;
                let mut out = Vec::new();
                while n > 0 {
                    if n >= 2 {
                        let v = bits.take(11)? as usize;
                        out.push(*ALNUM.get(v / 45)?);
                        out.push(*ALNUM.get(v % 45)?);
                        n -= 2;
                    } else {
                        out.push(*ALNUM.get(bits.take(6)? as usize)?);
                        n -= 1;
                    }
                }
                if gs1 {
                    // In FNC1 mode "%" stands for the group separator and "%%" for "%".
                    let text = String::from_utf8(out).ok()?;
                    out = text
                        .replace("%%", "\u{0}")
                        .replace('%', "\u{1d}")
                        .replace('\u{0}', "%")
                        .into_bytes();
                }
                push(&mut runs, charset, &out);
            }
            4 => {
                let n = bits.take([8, 16, 16][class])? as usize;
                let out: Option<Vec<u8>> = (0..n).map(|_| bits.take(8).map(|b| b as u8)).collect();
                push(&mut runs, charset, &out?);
            }
            8 => {
                let n = bits.take([8, 10, 12][class])? as usize;
                let mut out = Vec::with_capacity(2 * n);
                for _ in 0..n {
                    let v = bits.take(13)?;
                    let w = (v / 0xc0) << 8 | (v % 0xc0);
                    let sjis = if w + 0x8140 <= 0x9ffc {
                        w + 0x8140
                    } else {
                        w + 0xc140
                    };
                    out.extend([(sjis >> 8) as u8, sjis as u8]);
                }
                push(&mut runs, Charset::Named(encoding_rs::SHIFT_JIS), &out);
            }
            7 => {
                let first = bits.take(8)?;
                let eci = if first & 0x80 == 0 {
                    first
                } else if first & 0xc0 == 0x80 {
                    (first & 0x3f) << 8 | bits.take(8)?
                } else {
                    (first & 0x1f) << 16 | bits.take(16)?
                };
                charset = eci_charset(eci);
            }
            // Structured append: symbol index, count and parity; the part stands alone.
            3 => {
                bits.take(16)?;
            }
            5 => gs1 = true,
            9 => {
                bits.take(8)?;
            }
            _ => return None,
        }
    }
    let bytes: Vec<u8> = runs.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    let text = runs
        .iter()
        .map(|(cs, b)| match cs {
            Charset::Guess => bytes_to_text(b),
            Charset::Latin1 => b.iter().map(|&c| char::from(c)).collect(),
            Charset::Named(enc) => enc.decode_without_bom_handling(b).0.into_owned(),
        })
        .collect();
    Some((bytes, text))
}

/// The character set an ECI assignment number names (AIM ECI table).
fn eci_charset(eci: u32) -> Charset {
    let label = match eci {
        0..=3 => return Charset::Latin1,
        4..=18 if eci != 14 => format!("iso-8859-{}", eci - 2),
        20 => "shift_jis".into(),
        21 => "windows-1250".into(),
        22 => "windows-1251".into(),
        23 => "windows-1252".into(),
        24 => "windows-1256".into(),
        25 => "utf-16be".into(),
        26 => "utf-8".into(),
        28 => "big5".into(),
        29 => "gb18030".into(),
        30 => "euc-kr".into(),
        _ => return Charset::Guess,
    };
    Encoding::for_label(label.as_bytes()).map_or(Charset::Guess, Charset::Named)
}
