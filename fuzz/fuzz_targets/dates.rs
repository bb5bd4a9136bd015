//! Dates and `Retry-After`: the parsers never panic, what they accept is a real date written
//! exactly as the format says, day counts round-trip, and a retry never waits over a minute: a
//! `Retry-After` asking for longer ends the call instead, and one within it is waited exactly.
//!
//! Input: 8 bytes of clock (an f64, ms since the epoch), 8 bytes of day count, then the text.
#![no_main]

use certcentral_orders::internals::transport::{self, Outcome};
use certcentral_orders::Date;
use certcentral_orders_fuzz::Header;
use libfuzzer_sys::fuzz_target;

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

fn real(d: Date) -> bool {
    Date::new(d.year(), d.month(), d.day()) == Some(d)
}

fuzz_target!(|data: &[u8]| {
    let mut h = Header { data };
    let now = f64::from_le_bytes(std::array::from_fn(|_| h.byte()));
    let days = i64::from_le_bytes(std::array::from_fn(|_| h.byte()));
    let text = String::from_utf8_lossy(h.data);

    if let Some(d) = Date::parse_iso(&text) {
        assert!(real(d), "{d:?}");
        assert_eq!(d.to_string(), text, "parse_iso({text:?})");
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
    }
    if let Some(d) = Date::parse_dd_mmm_yyyy(&text) {
        assert!(real(d), "{d:?}");
        let written = format!(
            "{:02} {} {:04}",
            d.day(),
            MONTHS[usize::from(d.month()) - 1],
            d.year()
        );
        assert!(
            written.eq_ignore_ascii_case(&text),
            "parse_dd_mmm_yyyy({text:?}) = {d:?}"
        );
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
    }

    // 0001-01-01 ..= 9999-12-31
    let day = days.rem_euclid(2_932_896 + 719_162 + 1) - 719_162;
    let d = Date::from_days_since_epoch(day);
    assert!(real(d), "{day} -> {d:?}");
    assert_eq!(d.days_since_epoch(), day);
    assert_eq!(Date::parse_iso(&d.to_string()), Some(d));

    for clock in [now, 1.8e12] {
        let asked = transport::parse_retry_after(&text, clock);
        let outcome = Outcome::Status {
            status: 429,
            retry_after: Some(text.to_string()),
        };
        let random = (days as f64) / (i64::MAX as f64);
        let delay = transport::retry_delay(&outcome, 0, 2, false, random, clock);
        match (asked, delay) {
            (Some(ms), Some(d)) => assert!(
                ms <= transport::MAX_RETRY_AFTER_MS && d == ms,
                "{text:?} at {clock}: asked {ms}, waits {d}"
            ),
            (Some(ms), None) => assert!(ms > transport::MAX_RETRY_AFTER_MS, "{text:?}: {ms}"),
            (None, d) => assert!(
                d.is_some_and(|d| d <= transport::BACKOFF_MAX_MS),
                "{text:?}"
            ),
        }
    }
    // HTTP's optional whitespace is ASCII (SP, HTAB; CR LF and FF are trimmed too); Unicode
    // spaces and vertical tabs make the header unparseable.
    let trimmed = text.trim_ascii();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let secs = trimmed.parse::<u64>().unwrap_or(u64::MAX);
        assert_eq!(
            transport::parse_retry_after(&text, now),
            Some(secs.saturating_mul(1000))
        );
    }
});
