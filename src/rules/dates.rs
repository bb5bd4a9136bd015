//! Every date the rules depend on, in one table: the rules ask it what holds on the order's day
//! (`Options::today`, default today in UTC) instead of carrying dates in code. Several of these
//! dates have already moved once (the client-auth EKU cut-off, the S/MIME retirement), so a new
//! date is an edit of [`DATED`] only; the tests pin `today` on both sides of every date here.
//!
//! Sources: `changes-2025-2026.md` and `secure-email.md` (spec addenda; each entry says whether its
//! fact is firm or likely there), `glossary.md` ("Industry limits").

use crate::date::Date;

/// What a dated fact is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// The industry's maximum public TLS certificate lifetime, in days (CA/B Forum ballot SC-081).
    TlsIndustryMaxDays,
    /// DigiCert's maximum public TLS certificate lifetime, in days: one day under the industry's.
    TlsDigicertMaxDays,
    /// TLS orders are annual plans by default; longer plans need Multi-year Plans on the account.
    TlsAnnualPlans,
    /// The industry's maximum code signing certificate lifetime, in days (ballot CSC-31).
    CodeSigningIndustryMaxDays,
    /// DigiCert's maximum code signing certificate lifetime, in days.
    CodeSigningDigicertMaxDays,
    /// The maximum S/MIME (Strict and Multipurpose profile) certificate lifetime, in days.
    SmimeMaxDays,
    /// The Legacy S/MIME profile, and with it three client products, retired.
    LegacySmimeRetired,
    /// Requests for the client-auth EKU in public TLS: one source says they ended here.
    ClientAuthEkuDisputed,
    /// Requests for the client-auth EKU in public TLS: ended by every source.
    ClientAuthEkuEnded,
}

/// One dated fact: from `from` on (inclusive), `fact` holds, with `value` where it has one.
/// Each row's source is the comment beside it (kept out of the wasm); whether the addendum marks
/// it firm or likely is `likely`, which a rule that refuses on it reads (a rule built on a likely
/// fact warns instead).
#[derive(Clone, Copy, Debug)]
pub struct Dated {
    pub fact: Fact,
    /// `(year, month, day)`, UTC; times of day on the pages are rounded to the day.
    pub from: (i32, u8, u8),
    /// The limit from that day (days), or 0 for a fact without one.
    pub value: i64,
    /// The addendum marks the row likely, not firm.
    pub likely: bool,
}

const fn dated(fact: Fact, from: (i32, u8, u8), value: i64) -> Dated {
    Dated {
        fact,
        from,
        value,
        likely: false,
    }
}

/// A row the addendum marks likely.
const fn likely(fact: Fact, from: (i32, u8, u8), value: i64) -> Dated {
    Dated {
        likely: true,
        ..dated(fact, from, value)
    }
}

/// The table. For a fact with several entries, the latest one on or before the order's day holds.
#[rustfmt::skip]
pub const DATED: &[Dated] = &[
    // CA/B Forum ballot SC-081v3: 200 days firm (named on DigiCert's page), the later steps likely.
    dated(Fact::TlsIndustryMaxDays, (2026, 3, 15), 200),
    likely(Fact::TlsIndustryMaxDays, (2027, 3, 15), 100),
    likely(Fact::TlsIndustryMaxDays, (2029, 3, 15), 47),
    // DigiCert "End of 397-day public TLS" (firm); 99 likely (the one-day margin); 46 firm
    // (DigiCert's reissue page: "46 days by 2029").
    dated(Fact::TlsDigicertMaxDays, (2026, 2, 24), 199),
    likely(Fact::TlsDigicertMaxDays, (2027, 3, 15), 99),
    dated(Fact::TlsDigicertMaxDays, (2029, 3, 15), 46),
    // DigiCert annual plans (firm).
    dated(Fact::TlsAnnualPlans, (2026, 2, 24), 0),
    // Ballot CSC-31 (likely: third-party sources); DigiCert's end of 2- and 3-year code signing (firm).
    likely(Fact::CodeSigningIndustryMaxDays, (2026, 3, 1), 460),
    dated(Fact::CodeSigningDigicertMaxDays, (2026, 2, 24), 459),
    // DigiCert Secure Email reissue and renewal pages (firm); the client certificate pages (firm).
    dated(Fact::SmimeMaxDays, (2025, 7, 10), 824),
    dated(Fact::LegacySmimeRetired, (2025, 7, 10), 0),
    // Basic OV API page: "until May 1, 2026" (firm, contradicted); alert ALERT53 of 2026-03-03 (firm).
    dated(Fact::ClientAuthEkuDisputed, (2026, 5, 1), 0),
    dated(Fact::ClientAuthEkuEnded, (2027, 3, 1), 0),
];

/// The value of `fact` on `today` and the day it took effect, when it is in force.
pub fn in_force(fact: Fact, today: Date) -> Option<(i64, Date)> {
    latest(fact, today, false)
}

/// The value of the latest row of `fact` on or before `today` that the addendum marks firm: a
/// likely row that follows it (a lower cap) does not lift it.
pub fn firm_in_force(fact: Fact, today: Date) -> Option<i64> {
    latest(fact, today, true).map(|(value, _)| value)
}

/// The latest row of `fact` on or before `today` (a firm one, with `firm`), and its day. (Plain
/// loops: the iterator adapters cost the wasm more than the table.)
#[inline(never)]
fn latest(fact: Fact, today: Date, firm: bool) -> Option<(i64, Date)> {
    let mut found: Option<(i64, Date)> = None;
    for d in DATED {
        if d.fact != fact || (firm && d.likely) {
            continue;
        }
        if let Some(from) = Date::new(d.from.0, d.from.1, d.from.2) {
            if from <= today && found.is_none_or(|(_, best)| from > best) {
                found = Some((d.value, from));
            }
        }
    }
    found
}

/// The first day `fact` holds, for messages that name a date to come. (A fact's rows are in
/// date order; tests/dates.rs checks it.)
pub fn starts(fact: Fact) -> Option<Date> {
    let d = DATED.iter().find(|d| d.fact == fact)?;
    Date::new(d.from.0, d.from.1, d.from.2)
}
