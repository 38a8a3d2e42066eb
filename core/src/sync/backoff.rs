//! When to try again after a failed sync.
//!
//! Exponential backoff with full jitter (the delay is drawn uniformly from zero to the
//! exponential bound): when the venue Wi-Fi comes back, three thousand phones must not
//! hit the server in the same second, and full jitter spreads them best for the least
//! total wait. A `Retry-After` from the server wins over our own guess; a little jitter
//! is still added after it, since the server gave every phone the same time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Bound of the first retry's delay.
    pub base: Duration,
    /// The bound stops growing here.
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(1),
            max: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    /// The upper bound of the delay before retry number `attempt` (0 = first retry).
    pub fn bound(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.max)
    }

    /// How long to wait before retry `attempt`, honouring the server's `retry_at` if it
    /// gave one.
    pub fn delay(
        &self,
        attempt: u32,
        retry_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        rng: &mut impl Rng,
    ) -> Duration {
        if let Some(at) = retry_at {
            let asked = (at - now).to_std().unwrap_or(Duration::ZERO);
            return asked.min(Duration::from_secs(86_400)) + jitter(self.base, rng);
        }
        jitter(self.bound(attempt), rng)
    }
}

fn jitter(bound: Duration, rng: &mut impl Rng) -> Duration {
    let millis = u64::try_from(bound.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(rng.random_range(0..=millis))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn bound_doubles_up_to_the_cap() {
        let b = Backoff {
            base: Duration::from_millis(100),
            max: Duration::from_secs(2),
        };
        assert_eq!(b.bound(0), Duration::from_millis(100));
        assert_eq!(b.bound(1), Duration::from_millis(200));
        assert_eq!(b.bound(4), Duration::from_millis(1600));
        assert_eq!(b.bound(5), Duration::from_secs(2));
        assert_eq!(b.bound(200), Duration::from_secs(2));
    }

    #[test]
    fn delays_stay_within_the_bound_and_spread() {
        let b = Backoff::default();
        let now = Utc::now();
        let mut rng = rand::rng();
        let delays: Vec<_> = (0..200).map(|_| b.delay(3, None, now, &mut rng)).collect();
        assert!(delays.iter().all(|d| *d <= b.bound(3)));
        let distinct: std::collections::HashSet<_> = delays.iter().collect();
        assert!(distinct.len() > 50, "full jitter spreads the delays");
    }

    #[test]
    fn retry_after_is_honoured() {
        let b = Backoff::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 16, 9, 0, 0).unwrap();
        let at = now + chrono::Duration::seconds(30);
        let mut rng = rand::rng();
        for _ in 0..50 {
            let d = b.delay(0, Some(at), now, &mut rng);
            assert!(d >= Duration::from_secs(30) && d <= Duration::from_secs(31));
        }
        // A time in the past means "now", plus jitter.
        let d = b.delay(0, Some(now - chrono::Duration::seconds(5)), now, &mut rng);
        assert!(d <= b.base);
    }
}
