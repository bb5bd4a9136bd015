//! The client's rate budget: CertCentral counts every request of an API key against rolling
//! windows and answers 429 to every request above either (lifecycle.md §0, glossary "Rate
//! limits": 100 per 5 seconds and 1000 per 3 minutes, firm). A client that knows how many
//! requests it sent can wait for a free slot instead of being refused: bulk jobs and waits that
//! poll then never see a 429 from their own volume.
//!
//! The limits are data ([`CERTCENTRAL_LIMITS`]; the page says they "may change without
//! notice", and earlier copies gave other numbers), and a client can be given others.

/// CertCentral's limits per API key: (requests, window in ms).
pub const CERTCENTRAL_LIMITS: &[Window] = &[
    Window {
        requests: 100,
        window_ms: 5_000,
    },
    Window {
        requests: 1000,
        window_ms: 180_000,
    },
];

/// How much longer than its window a request is counted: CertCentral counts requests when they
/// arrive and the client when it sends them, so two sent exactly a window apart can arrive less
/// than a window apart. 10 ms and 1 % of the window (50 ms of CertCentral's 5 s).
fn margin(window_ms: u32) -> f64 {
    10.0 + f64::from(window_ms) / 100.0
}

/// At most `requests` in any `window_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub requests: u32,
    pub window_ms: u32,
}

/// The requests sent in the longest window, and until when a 429 told us to hold back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateBudget {
    windows: Vec<Window>,
    /// Send times (ms), oldest first, within the longest window.
    sent: std::collections::VecDeque<f64>,
    /// No request before this time (ms): set from a 429's `Retry-After`.
    hold_until: f64,
}

impl RateBudget {
    /// A budget for these windows; none means no limit is kept.
    pub fn new(windows: &[Window]) -> RateBudget {
        RateBudget {
            windows: windows
                .iter()
                .copied()
                .filter(|w| w.requests > 0 && w.window_ms > 0)
                .collect(),
            ..RateBudget::default()
        }
    }

    /// How long to wait (ms) before a request may go at `now_ms`: 0 when it may go now, and
    /// then it is counted as sent. A caller that gets more than 0 waits and asks again (other
    /// calls of the same client may have taken the slot meanwhile). `hold`: whether a 429's hold
    /// applies (not to the retry of the request that drew it, which waited it out already).
    pub fn take(&mut self, now_ms: f64, hold: bool) -> u64 {
        let longest = self.windows.iter().map(|w| w.window_ms).max().unwrap_or(0);
        while self
            .sent
            .front()
            .is_some_and(|&t| t <= now_ms - f64::from(longest) - margin(longest))
        {
            self.sent.pop_front();
        }
        let mut wait = if hold {
            (self.hold_until - now_ms).max(0.0)
        } else {
            0.0
        };
        for w in &self.windows {
            let span = f64::from(w.window_ms) + margin(w.window_ms);
            let since = now_ms - span;
            let in_window = self.sent.iter().rev().take_while(|&&t| t > since).count();
            if in_window >= w.requests as usize {
                // The slot frees when the oldest request still counted in this window leaves it.
                let oldest = self
                    .sent
                    .len()
                    .checked_sub(w.requests as usize)
                    .and_then(|i| self.sent.get(i))
                    .copied()
                    .unwrap_or(now_ms);
                wait = wait.max(oldest + span - now_ms);
            }
        }
        if wait > 0.0 {
            // At least a millisecond, so a caller never spins.
            return (wait.ceil() as u64).max(1);
        }
        if !self.windows.is_empty() {
            self.sent.push_back(now_ms);
        }
        0
    }

    /// A 429 arrived anyway (another client on the same key, or other limits): hold every call
    /// of this client back for `delay_ms`.
    pub fn hold(&mut self, now_ms: f64, delay_ms: u64) {
        self.hold_until = self.hold_until.max(now_ms + delay_ms as f64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_for_the_window_to_roll_on() {
        let mut b = RateBudget::new(&[Window {
            requests: 3,
            window_ms: 1000,
        }]);
        // A request counts for its window and a margin of 10 ms + 1 %: 1020 ms here.
        assert_eq!(
            [b.take(0.0, true), b.take(10.0, true), b.take(20.0, true)],
            [0, 0, 0]
        );
        // The fourth would be the fourth within the window: wait until the first leaves.
        assert_eq!(b.take(30.0, true), 990);
        assert_eq!(b.take(1019.0, true), 1);
        assert_eq!(b.take(1020.0, true), 0);
        assert_eq!(b.take(1021.0, true), 9);
    }

    #[test]
    fn both_windows_count() {
        let mut b = RateBudget::new(&[
            Window {
                requests: 2,
                window_ms: 100,
            },
            Window {
                requests: 3,
                window_ms: 10_000,
            },
        ]);
        assert_eq!([b.take(0.0, true), b.take(1.0, true)], [0, 0]);
        assert_eq!(b.take(2.0, true), 109);
        assert_eq!(b.take(111.0, true), 0);
        // Three in ten seconds: the long window decides now.
        assert_eq!(b.take(500.0, true), 9610);
        assert_eq!(b.take(10_110.0, true), 0);
    }

    #[test]
    fn certcentral_limits_and_holds() {
        let mut b = RateBudget::new(CERTCENTRAL_LIMITS);
        let sent = (0..100)
            .filter(|&i| b.take(f64::from(i), true) == 0)
            .count();
        assert_eq!(sent, 100);
        assert_eq!(b.take(100.0, true), 4960);
        b.hold(100.0, 10_000);
        assert_eq!(b.take(5_000.0, true), 5100);
        // The call whose 429 set the hold has waited it out: only the windows count for it.
        assert_eq!(b.take(5_000.0, false), 60);
        assert_eq!(b.take(5_060.0, false), 0);
        let mut none = RateBudget::new(&[]);
        assert!((0..10_000).all(|i| none.take(f64::from(i), true) == 0));
        none.hold(0.0, 50);
        assert_eq!(none.take(0.0, true), 50);
    }
}
