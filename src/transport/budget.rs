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

/// At most `requests` in any `window_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// How many requests the window holds.
    pub requests: u32,
    /// The window's length, in ms (rolling).
    pub window_ms: u32,
}

/// How soon to look again when the slot a call waits for is held by a request still in flight.
const IN_FLIGHT_RECHECK_MS: u64 = 25;

/// The requests of the longest window, and until when a 429 told us to hold back.
///
/// CertCentral counts a request when it arrives; the client cannot see that moment, only that it
/// lies between sending and the answer. So a request counts from when it is sent until its
/// window has passed *since its answer came*: the next request then arrives at least a window
/// after it, however long either took on the way. (Counting from the send, a slow first request
/// and a fast next one drew 429s.)
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateBudget {
    windows: Vec<Window>,
    /// When each request's answer came (ms), ascending; `INFINITY` while it is in flight (those
    /// last).
    done: Vec<f64>,
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
    /// then it is counted, as in flight until [`RateBudget::finish`]. A caller that gets more
    /// than 0 waits and asks again (other calls of the same client may have taken the slot
    /// meanwhile). `hold`: whether a 429's hold applies (not to the retry of the request that
    /// drew it, which waited it out already).
    pub fn take(&mut self, now_ms: f64, hold: bool) -> u64 {
        let longest = self.windows.iter().map(|w| w.window_ms).max().unwrap_or(0);
        let gone = self
            .done
            .iter()
            .take_while(|&&t| t <= now_ms - f64::from(longest))
            .count();
        self.done.drain(..gone);
        let mut wait = if hold {
            (self.hold_until - now_ms).max(0.0)
        } else {
            0.0
        };
        for w in &self.windows {
            let since = now_ms - f64::from(w.window_ms);
            let counted = self.done.iter().rev().take_while(|&&t| t > since).count();
            if counted >= w.requests as usize {
                // The slot frees a window after the answer to the oldest request still counted.
                let oldest = self
                    .done
                    .len()
                    .checked_sub(w.requests as usize)
                    .and_then(|i| self.done.get(i))
                    .copied()
                    .unwrap_or(f64::INFINITY);
                let until = if oldest.is_finite() {
                    oldest + f64::from(w.window_ms) - now_ms
                } else {
                    IN_FLIGHT_RECHECK_MS as f64
                };
                wait = wait.max(until);
            }
        }
        if wait > 0.0 {
            // At least a millisecond, so a caller never spins.
            return (wait.ceil() as u64).max(1);
        }
        if !self.windows.is_empty() {
            self.done.push(f64::INFINITY);
        }
        0
    }

    /// A request [`RateBudget::take`] let go has its answer (or failed) at `now_ms`.
    pub fn finish(&mut self, now_ms: f64) {
        // The first one in flight: every entry before it is an earlier answer, so the order holds.
        if let Some(slot) = self.done.iter_mut().find(|t| t.is_infinite()) {
            *slot = now_ms;
        }
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

    /// Takes a slot at `at` and answers it at once.
    fn sent(b: &mut RateBudget, at: f64) -> u64 {
        let wait = b.take(at, true);
        if wait == 0 {
            b.finish(at);
        }
        wait
    }

    #[test]
    fn waits_for_the_window_to_roll_on() {
        let mut b = RateBudget::new(&[Window {
            requests: 3,
            window_ms: 1000,
        }]);
        assert_eq!(
            [sent(&mut b, 0.0), sent(&mut b, 10.0), sent(&mut b, 20.0)],
            [0, 0, 0]
        );
        // The fourth would be the fourth within a second: wait until the first leaves.
        assert_eq!(sent(&mut b, 30.0), 970);
        assert_eq!(sent(&mut b, 999.0), 1);
        assert_eq!(sent(&mut b, 1000.0), 0);
        assert_eq!(sent(&mut b, 1001.0), 9);
    }

    #[test]
    fn a_request_counts_from_its_answer() {
        let mut b = RateBudget::new(&[Window {
            requests: 2,
            window_ms: 100,
        }]);
        // Two in flight: the third waits for them, whatever the clock says.
        assert_eq!([b.take(0.0, true), b.take(0.0, true)], [0, 0]);
        assert_eq!(b.take(500.0, true), IN_FLIGHT_RECHECK_MS);
        // The first answer came at 400 (slow): it counts until 500.
        b.finish(400.0);
        assert_eq!(b.take(450.0, true), 50);
        assert_eq!(b.take(500.0, true), 0);
        b.finish(505.0);
        b.finish(506.0);
        assert_eq!(b.take(550.0, true), 55);
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
        assert_eq!([sent(&mut b, 0.0), sent(&mut b, 1.0)], [0, 0]);
        assert_eq!(sent(&mut b, 2.0), 98);
        assert_eq!(sent(&mut b, 100.0), 0);
        // Three in ten seconds: the long window decides now.
        assert_eq!(sent(&mut b, 500.0), 9500);
        assert_eq!(sent(&mut b, 10_000.0), 0);
    }

    #[test]
    fn certcentral_limits_and_holds() {
        let mut b = RateBudget::new(CERTCENTRAL_LIMITS);
        let ok = (0..100)
            .filter(|&i| sent(&mut b, f64::from(i)) == 0)
            .count();
        assert_eq!(ok, 100);
        assert_eq!(sent(&mut b, 100.0), 4900);
        b.hold(100.0, 10_000);
        assert_eq!(b.take(5_000.0, true), 5100);
        // The call whose 429 set the hold has waited it out: only the windows count for it.
        assert_eq!(b.take(5_000.0, false), 0);
        let mut none = RateBudget::new(&[]);
        assert!((0..10_000).all(|i| sent(&mut none, f64::from(i)) == 0));
        none.hold(0.0, 50);
        assert_eq!(none.take(0.0, true), 50);
    }
}
