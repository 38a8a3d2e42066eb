//! Camera frames as the platforms hand them over, checked before a single pixel is read.
//!
//! The decoder never copies a frame at full size: [`Frame::to_gray`] reads the platform's
//! buffer in place (honouring the row stride) and writes the grayscale working image
//! at the resolution the decoder works at, averaging blocks of pixels when the frame is
//! larger. That one pass is the only copy; it also denoises a large still photo.

use attend_domain::{Locale, Localized};

use super::gray::Gray;

/// Largest side accepted, in pixels: beyond any phone sensor; larger is a corrupt header.
pub const MAX_SIDE: u32 = 16_384;
/// Largest frame accepted, in pixels (a 108-megapixel sensor still fits).
pub const MAX_PIXELS: u64 = 120_000_000;

/// One camera frame or decoded picture, borrowed from the platform's buffer.
///
/// `stride` is the number of bytes from the start of one row to the start of the next
/// (CameraX `ImageProxy.PlaneProxy.rowStride`, iOS `CVPixelBufferGetBytesPerRowOfPlane`),
/// which is often larger than `width × bytes per pixel`.
#[derive(Debug, Clone, Copy)]
pub enum Frame<'a> {
    /// 8-bit luma: the Y plane of Android's YUV_420_888 or iOS's
    /// `420YpCbCr8BiPlanarFullRange`. The cheapest input: hand over plane 0 as is.
    Luma {
        data: &'a [u8],
        width: u32,
        height: u32,
        stride: u32,
    },
    /// 32-bit BGRA, as iOS delivers `kCVPixelFormatType_32BGRA`.
    Bgra {
        data: &'a [u8],
        width: u32,
        height: u32,
        stride: u32,
    },
    /// 32-bit RGBA (desktop webcams, Android bitmaps).
    Rgba {
        data: &'a [u8],
        width: u32,
        height: u32,
        stride: u32,
    },
}

/// Why a frame could not be read at all. A frame that is fine but shows no code is not
/// an error: it decodes to an empty list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("frame has no pixels ({width}x{height})")]
    Empty { width: u32, height: u32 },
    #[error("frame is implausibly large ({width}x{height})")]
    TooLarge { width: u32, height: u32 },
    #[error("row stride {stride} is shorter than a row of {row_bytes} bytes")]
    StrideTooSmall { stride: u32, row_bytes: u64 },
    #[error("frame buffer holds {len} bytes, {needed} needed")]
    BufferTooShort { len: usize, needed: u64 },
    #[error("image file could not be read: {0}")]
    UnreadableImage(String),
}

impl Localized for FrameError {
    fn message(&self, locale: Locale) -> String {
        let (ja, en) = match self {
            FrameError::Empty { .. } | FrameError::TooLarge { .. } => (
                "カメラの画像の大きさが正しくありません。アプリを再起動してください。",
                "The camera image has an invalid size. Please restart the app.",
            ),
            FrameError::StrideTooSmall { .. } | FrameError::BufferTooShort { .. } => (
                "カメラの画像を読み取れませんでした。アプリを再起動してください。",
                "The camera image could not be read. Please restart the app.",
            ),
            FrameError::UnreadableImage(_) => (
                "画像ファイルを読み込めませんでした。JPEG・PNG・WebP の画像を選んでください。",
                "The image file could not be read. Please choose a JPEG, PNG or WebP image.",
            ),
        };
        locale.pick(ja, en).to_owned()
    }
}

impl<'a> Frame<'a> {
    fn parts(&self) -> (&'a [u8], u32, u32, u32, u64) {
        match *self {
            Frame::Luma {
                data,
                width,
                height,
                stride,
            } => (data, width, height, stride, 1),
            Frame::Bgra {
                data,
                width,
                height,
                stride,
            }
            | Frame::Rgba {
                data,
                width,
                height,
                stride,
            } => (data, width, height, stride, 4),
        }
    }

    /// Checks size, stride and buffer length; every later read relies on this.
    pub fn validate(&self) -> Result<(), FrameError> {
        let (data, width, height, stride, bpp) = self.parts();
        if width == 0 || height == 0 {
            return Err(FrameError::Empty { width, height });
        }
        if width > MAX_SIDE
            || height > MAX_SIDE
            || u64::from(width) * u64::from(height) > MAX_PIXELS
        {
            return Err(FrameError::TooLarge { width, height });
        }
        let row_bytes = u64::from(width) * bpp;
        if u64::from(stride) < row_bytes {
            return Err(FrameError::StrideTooSmall { stride, row_bytes });
        }
        let needed = u64::from(height - 1) * u64::from(stride) + row_bytes;
        if (data.len() as u64) < needed {
            return Err(FrameError::BufferTooShort {
                len: data.len(),
                needed,
            });
        }
        Ok(())
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        let (_, w, h, _, _) = self.parts();
        (w, h)
    }

    /// Grayscale copy whose longer side is at most `max_side` (integer block averaging),
    /// with the block size: one working pixel is `factor × factor` frame pixels.
    pub(crate) fn to_gray(self, max_side: usize) -> Result<(Gray, usize), FrameError> {
        self.validate()?;
        let (data, width, height, stride, _) = self.parts();
        let (w, h, stride) = (width as usize, height as usize, stride as usize);
        let f = w.max(h).div_ceil(max_side.max(1)).max(1);
        let (ow, oh) = (w / f, h / f);
        if ow == 0 || oh == 0 {
            return Err(FrameError::Empty { width, height });
        }
        // Channel offsets of R, G, B within a pixel; luma has one channel.
        let (bpp, ri, gi, bi) = match self {
            Frame::Luma { .. } => (1, 0, 0, 0),
            Frame::Bgra { .. } => (4, 2, 1, 0),
            Frame::Rgba { .. } => (4, 0, 1, 2),
        };
        let luma = |p: &[u8]| -> u32 {
            if bpp == 1 {
                u32::from(p[0])
            } else {
                // ITU-R BT.601 weights in 8-bit fixed point.
                (77 * u32::from(p[ri]) + 150 * u32::from(p[gi]) + 29 * u32::from(p[bi])) >> 8
            }
        };
        let mut px = vec![0u8; ow * oh];
        let mut acc = vec![0u32; ow];
        let area = (f * f) as u32;
        for oy in 0..oh {
            acc.fill(0);
            for y in oy * f..oy * f + f {
                let row = &data[y * stride..y * stride + w * bpp];
                for (ox, a) in acc.iter_mut().enumerate() {
                    let start = ox * f * bpp;
                    for p in row[start..start + f * bpp].chunks_exact(bpp) {
                        *a += luma(p);
                    }
                }
            }
            for (o, a) in px[oy * ow..(oy + 1) * ow].iter_mut().zip(&acc) {
                *o = (a / area) as u8;
            }
        }
        Ok((Gray { w: ow, h: oh, px }, f))
    }
}
