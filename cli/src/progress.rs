//! The sync progress bar: the app's sync listener drawn with indicatif.

use attend_core::app::{AppSyncListener, SyncView};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Draws every sync report as a bar of scans sent out of those waiting.
pub struct SyncBar {
    bar: ProgressBar,
}

impl SyncBar {
    /// `visible: false` (for `--json`, or no terminal) keeps the reports and draws nothing.
    pub fn new(visible: bool) -> Self {
        let bar = ProgressBar::new(0);
        if visible {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        } else {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        if let Ok(style) = ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Self { bar }
    }

    /// Starts drawing (on a terminal; indicatif draws nothing when stderr is not one).
    pub fn show(&self) {
        self.bar.set_draw_target(ProgressDrawTarget::stderr());
    }

    pub fn finish(&self) {
        self.bar.finish();
    }
}

impl AppSyncListener for SyncBar {
    fn on_sync(&self, view: SyncView) {
        self.bar.set_length(view.total);
        self.bar.set_position(view.sent);
        self.bar.set_message(view.state_text);
    }
}
