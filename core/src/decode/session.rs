//! One result per code held in front of the camera, not thirty a second.
//!
//! A code is reported the first time it is seen; the same text is then suppressed
//! while it keeps being seen and for a quiet period after it was last seen, so a
//! member who keeps the phone on a poster registers once, and one who looks away and
//! back after the quiet period (a deliberate second scan) is told again. A different
//! code is reported at once. Time is passed in, so the shells' clocks and tests agree.

use std::time::{Duration, Instant};

use super::{DecodeReport, Decoded};

/// Suppresses repeats of the same code across consecutive frames.
#[derive(Debug, Clone)]
pub struct ScanSession {
    quiet: Duration,
    last: Option<(String, Instant)>,
}

impl ScanSession {
    /// A session that stays silent about a code until it has been out of view for
    /// `quiet` (the app uses a few seconds).
    pub fn new(quiet: Duration) -> Self {
        ScanSession { quiet, last: None }
    }

    /// Feeds one frame's report, seen at `now`; returns the codes to act on: new texts
    /// only. Typical use: `for code in session.offer(decode_frame(f, Live)?, Instant::now())`.
    pub fn offer(&mut self, report: DecodeReport, now: Instant) -> Vec<Decoded> {
        let mut fresh = Vec::new();
        for code in report.codes {
            let repeat = match &self.last {
                Some((text, seen)) => {
                    *text == code.text && now.saturating_duration_since(*seen) < self.quiet
                }
                None => false,
            };
            // Every sighting refreshes the quiet period, reported or not.
            self.last = Some((code.text.clone(), now));
            if !repeat {
                fresh.push(code);
            }
        }
        fresh
    }

    /// Forgets the last code, e.g. when the member leaves the scanner screen.
    pub fn reset(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::super::Stage;
    use super::*;

    fn report(text: &str) -> DecodeReport {
        DecodeReport {
            codes: vec![Decoded {
                text: text.to_owned(),
                bytes: text.as_bytes().to_vec(),
                corners: [(0.0, 0.0); 4],
                version: 1,
                stage: Stage::Adaptive,
            }],
            diagnostics: Vec::new(),
        }
    }

    #[test]
    fn a_held_code_is_reported_once_then_again_after_quiet() {
        let t0 = Instant::now();
        let mut s = ScanSession::new(Duration::from_secs(3));
        assert_eq!(s.offer(report("A"), t0).len(), 1);
        for i in 1..30 {
            let t = t0 + Duration::from_millis(33 * i);
            assert!(s.offer(report("A"), t).is_empty());
        }
        // Out of view for less than the quiet period: still suppressed.
        assert!(s
            .offer(report("A"), t0 + Duration::from_millis(33 * 29 + 2_000))
            .is_empty());
        // Out of view for longer: reported again.
        assert_eq!(s.offer(report("A"), t0 + Duration::from_secs(10)).len(), 1);
    }

    #[test]
    fn a_different_code_is_reported_at_once() {
        let t0 = Instant::now();
        let mut s = ScanSession::new(Duration::from_secs(3));
        assert_eq!(s.offer(report("A"), t0).len(), 1);
        assert_eq!(
            s.offer(report("B"), t0 + Duration::from_millis(33)).len(),
            1
        );
        assert_eq!(
            s.offer(report("A"), t0 + Duration::from_millis(66)).len(),
            1
        );
        s.reset();
        assert_eq!(
            s.offer(report("A"), t0 + Duration::from_millis(99)).len(),
            1
        );
        assert!(s.offer(DecodeReport::default(), t0).is_empty());
    }
}
