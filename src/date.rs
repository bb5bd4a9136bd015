//! Calendar dates without a date library: the rules need only parsing two formats, checking a
//! date is real, and counting days between two dates.

/// A proleptic Gregorian calendar date: the day date rules count from ([`crate::Options`]).
/// Made by [`Date::new`], [`Date::parse_iso`] or [`Date::today_utc`], so it is a real date;
/// shown as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    /// The year (1 to 9999 for a date from [`Date::new`]).
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// A real date, or `None` (month 13, 30 February, year 0).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// `yyyy-MM-dd`, exactly (the API's format for `custom_expiration_date`).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let y = digits(s.get(0..4)?)?;
        let m = digits(s.get(5..7)?)?;
        let d = digits(s.get(8..10)?)?;
        Date::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// `dd MMM YYYY`, e.g. `09 JUN 2025` (code signing `order_validity.custom_expiration_date`,
    /// page 002). The page writes the month in capitals; other cases are accepted as the same
    /// month, since the meaning is unambiguous.
    pub fn parse_dd_mmm_yyyy(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 11 || b.get(2) != Some(&b' ') || b.get(6) != Some(&b' ') {
            return None;
        }
        let d = digits(s.get(0..2)?)?;
        let mon = s.get(3..6)?.to_ascii_uppercase();
        let m = MONTHS.iter().position(|x| *x == mon)? + 1;
        let y = digits(s.get(7..11)?)?;
        Date::new(
            i32::try_from(y).ok()?,
            u8::try_from(m).ok()?,
            u8::try_from(d).ok()?,
        )
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`. (`const`,
    /// so [`Date::from_days_since_epoch`] takes its bounds from [`Date::MIN`] and [`Date::MAX`].)
    pub const fn days_since_epoch(self) -> i64 {
        let y = self.year as i64 - (self.month <= 2) as i64;
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The earliest date there is, 0001-01-01, and the latest, 9999-12-31 (the years
    /// [`Date::new`] takes).
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// See [`Date::MIN`].
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`); [`Date::MIN`] or
    /// [`Date::MAX`] past them, so it is always a real date (and no count overflows).
    pub fn from_days_since_epoch(days: i64) -> Date {
        const FIRST: i64 = Date::MIN.days_since_epoch();
        const LAST: i64 = Date::MAX.days_since_epoch();
        let days = days.clamp(FIRST, LAST);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date `days` later (earlier when negative), at most [`Date::MAX`] and at least
    /// [`Date::MIN`].
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch().saturating_add(days))
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year. The year
    /// stays within 1 to 9999 (the day and month are kept).
    pub fn add_years(self, years: i32) -> Date {
        let year = self.year.saturating_add(years).clamp(1, 9999);
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }

    /// Today in UTC on the host's clock. `wasm32-unknown-unknown` has none (std's clock panics
    /// there; the npm package reads the JS host's): there, pass the day in instead
    /// ([`crate::Options::today`], [`crate::order_fields_on`]).
    pub fn today_utc() -> Date {
        Date::from_days_since_epoch((now_millis() / 86_400_000.0).floor() as i64)
    }
}

/// The host's `Date.now`, imported directly: js-sys would bring its closure shims and
/// wasm-bindgen's `throw` into the validation-only wasm, which needs nothing else from JS.
#[cfg(all(feature = "__js", target_arch = "wasm32"))]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn now_millis() -> f64;
}

/// (On `wasm32-unknown-unknown`, which has no clock, std's clock panics: callers there set
/// `Options::today`. The npm package's wasm reads the host's clock instead, above.)
#[cfg(not(all(feature = "__js", target_arch = "wasm32")))]
fn now_millis() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}

impl Date {
    /// `yyyy-MM-dd` as ten bytes, for a year of four digits (every date a rule writes).
    fn iso_bytes(&self) -> Option<[u8; 10]> {
        let (Ok(year @ 0..=9999), month @ 1..=12, day @ 1..=31) =
            (u16::try_from(self.year), self.month, self.day)
        else {
            return None;
        };
        let digit = |n: u16| b'0' + (n % 10) as u8;
        Some([
            digit(year / 1000),
            digit(year / 100),
            digit(year / 10),
            digit(year),
            b'-',
            digit(u16::from(month) / 10),
            digit(u16::from(month)),
            b'-',
            digit(u16::from(day) / 10),
            digit(u16::from(day)),
        ])
    }

    /// Appends `yyyy-MM-dd` to `out` (what `Display` writes) without going through `core::fmt`,
    /// which the validation wasm then does not carry. A year outside 0..=9999 is padded as
    /// `{:04}` pads it (the sign counts toward the four places).
    pub(crate) fn push_iso(&self, out: &mut String) {
        if let Some(text) = self.iso_bytes() {
            out.push_str(std::str::from_utf8(&text).unwrap_or_default());
            return;
        }
        let padded = |out: &mut String, n: i64, width: usize| {
            let mut digits = String::new();
            crate::report::push_unsigned(&mut digits, n.unsigned_abs());
            if n < 0 {
                out.push('-');
            }
            for _ in digits.len() + usize::from(n < 0)..width {
                out.push('0');
            }
            out.push_str(&digits);
        };
        padded(out, i64::from(self.year), 4);
        out.push('-');
        padded(out, i64::from(self.month), 2);
        out.push('-');
        padded(out, i64::from(self.day), 2);
    }

    /// `yyyy-MM-dd` as a new string (a message's `effective_date` param).
    pub(crate) fn iso(&self) -> String {
        let mut out = String::with_capacity(10);
        self.push_iso(&mut out);
        out
    }
}

/// A date in a message is `yyyy-MM-dd`, as `Display` writes it.
impl crate::report::Piece for Date {
    fn put(&self, out: &mut String) {
        self.push_iso(out);
    }
}

impl std::fmt::Display for Date {
    /// `yyyy-MM-dd`. The digits are written directly: with `{:04}` and `{:02}` the two policy
    /// warnings of a valid SSL order spent a tenth of their time padding numbers in the wasm.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_pads_as_format_does() {
        for year in [
            -12345, -999, -10, -1, 0, 7, 99, 999, 2026, 9999, 10000, 12345,
        ] {
            for (month, day) in [(1, 1), (2, 28), (12, 31)] {
                let d = Date { year, month, day };
                assert_eq!(d.iso(), format!("{year:04}-{month:02}-{day:02}"));
                assert_eq!(d.to_string(), d.iso());
            }
        }
    }

    #[test]
    fn written_as_iso() {
        for (y, m, d, text) in [
            (2026, 11, 22, "2026-11-22"),
            (1, 1, 1, "0001-01-01"),
            (9999, 12, 31, "9999-12-31"),
            (2024, 2, 29, "2024-02-29"),
        ] {
            assert_eq!(Date::new(y, m, d).unwrap().to_string(), text);
            assert_eq!(Date::new(y, m, d).unwrap().iso(), text);
        }
        // Outside what the constructors make, still as `{:04}` would write it.
        let far = Date {
            year: 12345,
            month: 1,
            day: 2,
        };
        assert_eq!(far.to_string(), "12345-01-02");
        assert_eq!(far.iso(), "12345-01-02");
    }

    #[test]
    fn iso() {
        assert_eq!(Date::parse_iso("2026-11-22"), Date::new(2026, 11, 22));
        assert_eq!(Date::parse_iso("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "+026-01-01",
            "2026-01-0٣",
            "",
        ] {
            assert_eq!(Date::parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn dd_mmm_yyyy() {
        assert_eq!(
            Date::parse_dd_mmm_yyyy("09 JUN 2025"),
            Date::new(2025, 6, 9)
        );
        assert_eq!(
            Date::parse_dd_mmm_yyyy("09 Jun 2025"),
            Date::new(2025, 6, 9)
        );
        assert_eq!(Date::parse_dd_mmm_yyyy("31 FEB 2025"), None);
        assert_eq!(Date::parse_dd_mmm_yyyy("9 JUN 2025"), None);
        assert_eq!(Date::parse_dd_mmm_yyyy("2025-06-09"), None);
        assert_eq!(Date::parse_dd_mmm_yyyy("09 JUNE 2025"), None);
    }

    #[test]
    fn day_arithmetic_round_trips() {
        assert_eq!(Date::new(1970, 1, 1).map(|d| d.days_since_epoch()), Some(0));
        // Every real date (0001-01-01 is day -719,162): past those, Date::MIN and Date::MAX.
        for days in (-719_162..800_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(-719_163), Date::MIN);
        let a = Date::new(2026, 11, 22).unwrap_or(Date::from_days_since_epoch(0));
        // Oracle: Python's datetime, date(2026, 11, 22) + timedelta(824).
        assert_eq!(a.add_days(824).to_string(), "2029-02-23");
        assert_eq!(a.days_until(a.add_days(825)), 825);
        let leap = Date::new(2024, 2, 29).unwrap_or(a);
        assert_eq!(leap.add_years(1).to_string(), "2025-02-28");
    }
}
