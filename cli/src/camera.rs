//! `attend scan --camera`: webcam frames through nokhwa, handed to the app exactly as
//! a phone hands over its camera frames (RGBA with a row stride), until the first code
//! is read. Built only with the `camera` feature, so the default build needs no camera
//! libraries.

use std::time::{Duration, Instant};

use attend_core::app::{AttendApp, ScanResultView};
use attend_core::decode::Frame;
use nokhwa::pixel_format::RgbAFormat;
use nokhwa::utils::{CameraIndex, RequestedFormat, RequestedFormatType};
use nokhwa::Camera;

use crate::commands::Failure;

fn camera_err(e: impl std::fmt::Display) -> Failure {
    Failure::Camera(e.to_string())
}

/// Reads frames from the first webcam until a code is read (recorded or refused), or
/// `timeout` passes.
pub fn scan_until_first_code(
    app: &AttendApp,
    timeout: Duration,
) -> Result<ScanResultView, Failure> {
    let format = RequestedFormat::new::<RgbAFormat>(RequestedFormatType::AbsoluteHighestFrameRate);
    let mut camera = Camera::new(CameraIndex::Index(0), format).map_err(camera_err)?;
    camera.open_stream().map_err(camera_err)?;
    app.reset_scanner();
    let deadline = Instant::now() + timeout;
    let result = loop {
        if Instant::now() > deadline {
            break Err(Failure::App(attend_core::app::AppError::NoCode));
        }
        let buffer = match camera.frame() {
            Ok(buffer) => buffer,
            Err(e) => break Err(camera_err(e)),
        };
        let image = match buffer.decode_image::<RgbAFormat>() {
            Ok(image) => image,
            // A torn frame happens; the next one is another chance.
            Err(_) => continue,
        };
        let (width, height) = image.dimensions();
        let frame = Frame::Rgba {
            data: image.as_raw(),
            width,
            height,
            stride: width.saturating_mul(4),
        };
        match app.scan_frame(frame) {
            Ok(Some(view)) => break Ok(view),
            Ok(None) => continue,
            Err(e) => break Err(Failure::App(e)),
        }
    };
    let _ = camera.stop_stream();
    result
}
