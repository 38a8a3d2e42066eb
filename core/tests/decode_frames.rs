//! The decoder on frames as the platforms hand them over: a signed congress poster,
//! rendered with the `qrcode` crate, photographed badly (perspective, blur, dim light,
//! sensor noise), given as luma with padded rows, BGRA and RGBA; and arbitrary bytes.

use attend_core::decode::{decode_frame, Effort, Frame, FrameError, ScanSession};
use attend_domain::keys::{demo_signing_key, DEMO_KEY_ID};
use attend_domain::model::{kinds, CodeClaims, CreditKind};
use attend_domain::payload;
use chrono::{TimeZone, Utc};
use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp, Border, Interpolation, Projection};
use proptest::prelude::*;

/// The text of a real lecture poster code, signed with the demo key.
fn poster_text() -> String {
    let claims = CodeClaims {
        society: "JSNM".into(),
        congress_id: "jsnm63".into(),
        congress_name: "第63回日本核医学会学術総会".into(),
        session_id: "jsnm63-el3".into(),
        session_title: "教育講演3 核医学治療の最新動向とセラノスティクス".into(),
        kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
        credit: 1,
        valid_from: Utc.with_ymd_and_hms(2023, 11, 17, 0, 0, 0).unwrap(),
        valid_until: Utc.with_ymd_and_hms(2023, 11, 17, 1, 30, 0).unwrap(),
        key_id: DEMO_KEY_ID.into(),
        rotation: None,
    };
    payload::sign(&claims, &demo_signing_key().unwrap()).unwrap()
}

/// The code printed on white paper, `module` pixels per module, 4-module quiet zone.
fn render(text: &str, module: u32) -> GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let n = code.width() as u32;
    let colors = code.to_colors();
    let side = (n + 8) * module;
    GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / module) as i64 - 4, (y / module) as i64 - 4);
        let dark = mx >= 0
            && my >= 0
            && (mx as u32) < n
            && (my as u32) < n
            && colors[(my as u32 * n + mx as u32) as usize] == qrcode::Color::Dark;
        Luma([if dark { 20 } else { 235 }])
    })
}

/// The poster seen by a phone: on a grey wall in a 960x720 frame, tilted in
/// perspective, out of focus, in dim hall light, with sensor noise.
fn photograph(poster: &GrayImage) -> GrayImage {
    let s = poster.width() as f32;
    let mut frame = GrayImage::from_pixel(960, 720, Luma([120]));
    image::imageops::overlay(&mut frame, poster, 0, 0);
    let from = [(0.0, 0.0), (s, 0.0), (s, s), (0.0, s)];
    let to = [
        (250.0, 120.0),
        (700.0, 170.0),
        (660.0, 640.0),
        (280.0, 600.0),
    ];
    let projection = Projection::from_control_points(from, to).unwrap();
    let warped = warp(
        &frame,
        projection,
        Interpolation::Bilinear,
        Border::Constant(Luma([120])),
    );
    let blurred = imageproc::filter::gaussian_blur_f32(&warped, 1.2);
    let dim = GrayImage::from_fn(960, 720, |x, y| {
        Luma([(u16::from(blurred.get_pixel(x, y).0[0]) * 2 / 5) as u8])
    });
    imageproc::noise::gaussian_noise(&dim, 0.0, 4.0, 7)
}

#[test]
fn a_badly_photographed_poster_decodes_to_its_signed_text() {
    let text = poster_text();
    let photo = photograph(&render(&text, 6));
    let (w, h) = photo.dimensions();
    for effort in [Effort::Live, Effort::Still] {
        let report = decode_frame(
            Frame::Luma {
                data: photo.as_raw(),
                width: w,
                height: h,
                stride: w,
            },
            effort,
        )
        .unwrap();
        assert_eq!(report.codes.len(), 1, "{effort:?}");
        assert_eq!(report.codes[0].text, text);
        assert_eq!(report.codes[0].bytes, text.as_bytes());
        // The scan is genuine: the decoded text verifies with the bundled keys.
        assert!(payload::read_unverified(&report.codes[0].text).is_ok());
    }
}

#[test]
fn luma_with_padded_rows_bgra_and_rgba_decode_alike() {
    let text = poster_text();
    let photo = photograph(&render(&text, 6));
    let (w, h) = photo.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    // CameraX pads rows to an alignment; put garbage in the padding.
    let stride = wu + 64;
    let mut padded = vec![0xA5u8; stride * hu];
    let mut bgra = vec![0u8; wu * 4 * hu + 16 * hu];
    let mut rgba = vec![0u8; wu * 4 * hu];
    let bgra_stride = wu * 4 + 16;
    for y in 0..hu {
        for x in 0..wu {
            let v = photo.as_raw()[y * wu + x];
            padded[y * stride + x] = v;
            // A grey photo in colour: R = G = B, so the luma is the same.
            bgra[y * bgra_stride + 4 * x..y * bgra_stride + 4 * x + 4]
                .copy_from_slice(&[v, v, v, 255]);
            rgba[(y * wu + x) * 4..(y * wu + x) * 4 + 4].copy_from_slice(&[v, v, v, 255]);
        }
    }
    let frames = [
        Frame::Luma {
            data: &padded,
            width: w,
            height: h,
            stride: stride as u32,
        },
        Frame::Bgra {
            data: &bgra,
            width: w,
            height: h,
            stride: bgra_stride as u32,
        },
        Frame::Rgba {
            data: &rgba,
            width: w,
            height: h,
            stride: w * 4,
        },
    ];
    for frame in frames {
        let report = decode_frame(frame, Effort::Live).unwrap();
        assert_eq!(
            report
                .codes
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            [text.as_str()],
            "{frame:?}"
        );
    }
}

#[test]
fn a_session_reports_a_held_poster_once() {
    let text = poster_text();
    let photo = photograph(&render(&text, 6));
    let (w, h) = photo.dimensions();
    let frame = Frame::Luma {
        data: photo.as_raw(),
        width: w,
        height: h,
        stride: w,
    };
    let mut session = ScanSession::new(std::time::Duration::from_secs(3));
    let t0 = std::time::Instant::now();
    let mut reported = 0;
    for i in 0..5 {
        let report = decode_frame(frame, Effort::Live).unwrap();
        reported += session
            .offer(report, t0 + std::time::Duration::from_millis(33 * i))
            .len();
    }
    assert_eq!(reported, 1);
}

#[test]
fn bad_frames_are_typed_errors() {
    use attend_domain::{Locale, Localized};
    let buf = vec![0u8; 100];
    let cases = [
        (
            Frame::Luma {
                data: &buf,
                width: 0,
                height: 10,
                stride: 10,
            },
            "empty",
        ),
        (
            Frame::Luma {
                data: &buf,
                width: 20,
                height: 5,
                stride: 10,
            },
            "stride",
        ),
        (
            Frame::Luma {
                data: &buf,
                width: 10,
                height: 11,
                stride: 10,
            },
            "short",
        ),
        (
            Frame::Bgra {
                data: &buf,
                width: 10,
                height: 3,
                stride: 40,
            },
            "short",
        ),
        (
            Frame::Rgba {
                data: &buf,
                width: 100_000,
                height: 2,
                stride: 400_000,
            },
            "large",
        ),
    ];
    for (frame, what) in cases {
        let err = decode_frame(frame, Effort::Still).unwrap_err();
        let ok = match what {
            "empty" => matches!(err, FrameError::Empty { .. }),
            "stride" => matches!(err, FrameError::StrideTooSmall { .. }),
            "short" => matches!(err, FrameError::BufferTooShort { .. }),
            _ => matches!(err, FrameError::TooLarge { .. }),
        };
        assert!(ok, "{what}: {err:?}");
        assert!(!err.message(Locale::Ja).is_empty() && !err.message(Locale::En).is_empty());
    }
    let err = attend_core::decode::decode_image_file(b"not an image", Effort::Still).unwrap_err();
    assert!(matches!(err, FrameError::UnreadableImage(_)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any size, stride and bytes: an error or an answer, never a panic or a hang.
    #[test]
    fn arbitrary_frames_never_panic(
        width in 0u32..160,
        height in 0u32..160,
        pad in 0u32..9,
        kind in 0u8..3,
        seed in any::<u64>(),
        len_cut in 0usize..64,
    ) {
        let bpp = if kind == 0 { 1 } else { 4 };
        let stride = width * bpp + pad;
        let len = (stride as usize * height as usize).saturating_sub(len_cut);
        let mut state = seed | 1;
        let data: Vec<u8> = (0..len).map(|_| { state ^= state << 13; state ^= state >> 7; state ^= state << 17; (state >> 24) as u8 }).collect();
        let frame = match kind {
            0 => Frame::Luma { data: &data, width, height, stride },
            1 => Frame::Bgra { data: &data, width, height, stride },
            _ => Frame::Rgba { data: &data, width, height, stride },
        };
        let _ = decode_frame(frame, Effort::Still);
    }
}
