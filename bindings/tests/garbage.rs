//! No panic crosses the boundary: whatever a shell hands over (a frame of the wrong
//! size, a stride shorter than a row, dimensions from a corrupt header, text that is no
//! code, a file that is no picture), the exports answer with an `AttendError`. Called
//! here as plain Rust, where a panic would fail the test instead of being caught by the
//! uniffi glue.

mod common;

use attend_ffi::{AttendError, Locale, PixelFormat};
use rand::{Rng, SeedableRng};

/// Nothing listens on port 9: network calls fail fast, local ones are unaffected.
const NOWHERE: &str = "http://127.0.0.1:9";

fn frame_error(result: Result<Option<attend_ffi::ScanResultView>, AttendError>) -> AttendError {
    match result {
        Err(e) => e,
        Ok(v) => panic!("garbage frame accepted: {v:?}"),
    }
}

#[test]
fn impossible_frames_are_errors_with_a_message() {
    let o = common::open(NOWHERE, Locale::Ja);
    // (what, format, buffer, width, height, stride)
    type Case = (&'static str, PixelFormat, Vec<u8>, u32, u32, u32);
    let cases: Vec<Case> = vec![
        ("zero size", PixelFormat::Luma, vec![], 0, 0, 0),
        ("zero height", PixelFormat::Rgba, vec![0; 64], 16, 0, 64),
        (
            "stride shorter than a row",
            PixelFormat::Bgra,
            vec![0; 400 * 100],
            100,
            100,
            100,
        ),
        (
            "luma stride < width",
            PixelFormat::Luma,
            vec![0; 50 * 100],
            100,
            100,
            50,
        ),
        (
            "huge dimensions",
            PixelFormat::Luma,
            vec![0; 1024],
            100_000,
            100_000,
            100_000,
        ),
        (
            "u32::MAX everything",
            PixelFormat::Rgba,
            vec![0; 16],
            u32::MAX,
            u32::MAX,
            u32::MAX,
        ),
        (
            "buffer too short",
            PixelFormat::Rgba,
            vec![0; 100],
            640,
            480,
            2560,
        ),
        (
            "one byte short",
            PixelFormat::Luma,
            vec![0; 64 * 64 - 1],
            64,
            64,
            64,
        ),
    ];
    for (what, format, data, w, h, stride) in cases {
        let err = frame_error(o.app.scan_frame(format, data, w, h, stride));
        assert!(
            matches!(err, AttendError::Unreadable { .. }),
            "{what}: {err:?}"
        );
        assert_eq!(err.code(), "unreadable_image", "{what}");
        // The member reads Japanese, not a Rust error.
        assert!(
            err.reason().contains("カメラの画像"),
            "{what}: {}",
            err.reason()
        );
    }
}

#[test]
fn random_frames_never_panic() {
    let o = common::open(NOWHERE, Locale::En);
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let formats = [PixelFormat::Luma, PixelFormat::Bgra, PixelFormat::Rgba];
    let mut errors = 0;
    for _ in 0..150 {
        let format = formats[rng.random_range(0..3)];
        let w = rng.random_range(0..200u32);
        let h = rng.random_range(0..200u32);
        let stride = rng.random_range(0..900u32);
        let len = rng.random_range(0..(w as usize * 4 + 8) * (h as usize + 1));
        let data: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        match o.app.scan_frame(format, data, w, h, stride) {
            // Noise holds no code; a well-formed noisy frame is "nothing in view".
            Ok(found) => assert!(found.is_none(), "noise decoded to {found:?}"),
            Err(e) => {
                assert!(matches!(e, AttendError::Unreadable { .. }), "{e:?}");
                errors += 1;
            }
        }
    }
    // The generator makes both kinds; if it did not, this test tested nothing.
    assert!(errors > 0 && errors < 150, "{errors} of 150 were errors");
}

#[test]
fn files_that_are_no_pictures_are_errors() {
    let o = common::open(NOWHERE, Locale::En);
    let junk = o.dir.path().join("junk.jpg");
    std::fs::write(&junk, b"\xff\xd8\xff\xe0 this is not a JPEG").unwrap();
    let empty = o.dir.path().join("empty.png");
    std::fs::write(&empty, b"").unwrap();
    for path in [
        junk.display().to_string(),
        empty.display().to_string(),
        o.dir.path().display().to_string(),
        "/nonexistent/photo.jpg".to_owned(),
        String::new(),
    ] {
        let err = o.app.scan_image_file(path.clone()).unwrap_err();
        assert!(
            matches!(err, AttendError::Unreadable { .. }),
            "{path}: {err:?}"
        );
        assert!(!err.reason().is_empty());
    }
}

#[test]
fn without_a_login_the_app_says_so() {
    let o = common::open(NOWHERE, Locale::En);
    assert_eq!(o.app.account().unwrap(), None);
    let home = o.app.home().unwrap();
    assert!(home.account.is_none());
    assert!(home.entries.is_empty());
    let err = o.app.credits().unwrap_err();
    assert!(matches!(err, AttendError::NotLoggedIn { .. }), "{err:?}");
    for text in [
        "",
        "garbage",
        "HC1:NCFOXN%TS3DH",
        "\u{0}\u{1}",
        &"A".repeat(1 << 20),
    ] {
        let err = o.app.scan_text(text.to_owned()).unwrap_err();
        assert!(matches!(err, AttendError::NotLoggedIn { .. }), "{err:?}");
        assert!(err.reason().starts_with("Log in"), "{}", err.reason());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_failures_are_errors_a_member_reads() {
    let o = common::open(NOWHERE, Locale::Ja);
    let err = o
        .app
        .login(String::new(), "x".to_owned())
        .await
        .unwrap_err();
    assert!(matches!(err, AttendError::Login { .. }), "{err:?}");
    assert_eq!(err.code(), "missing_input");
    let err = o
        .app
        .login("100234".to_owned(), "pw".to_owned())
        .await
        .unwrap_err();
    assert!(matches!(err, AttendError::Network { .. }), "{err:?}");
    assert!(
        err.reason().contains("ネットワーク") || err.reason().contains("サーバー"),
        "{}",
        err.reason()
    );
    let err = o.app.sync_now().await.unwrap_err();
    assert!(matches!(err, AttendError::NotLoggedIn { .. }), "{err:?}");
    o.app.shutdown().await;
}
