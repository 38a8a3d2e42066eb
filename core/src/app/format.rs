//! How times, dates and counts read on the screens. Every time is shown in Japan time
//! (JST, UTC+9, no DST), whatever the device's zone: a congress happens in Japan, and a
//! member who scanned at 10:00 in the hall must see 10:00 on the phone and on the
//! member page alike.

use attend_domain::Locale;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+9 is a valid offset"),
};

fn weekday_ja(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "月",
        Weekday::Tue => "火",
        Weekday::Wed => "水",
        Weekday::Thu => "木",
        Weekday::Fri => "金",
        Weekday::Sat => "土",
        Weekday::Sun => "日",
    }
}

/// `2026年11月26日(木)` / `Thu 26 Nov 2026`.
pub(crate) fn date(d: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!(
            "{}年{}月{}日({})",
            d.year(),
            d.month(),
            d.day(),
            weekday_ja(d.weekday())
        ),
        Locale::En => d.format("%a %-d %b %Y").to_string(),
    }
}

/// `2026年11月26日(木) 10:05` / `Thu 26 Nov 2026 10:05 JST`.
pub(crate) fn date_time(at: DateTime<Utc>, locale: Locale) -> String {
    let local = at.with_timezone(&JST);
    let hm = local.format("%H:%M");
    match locale {
        Locale::Ja => format!("{} {hm}", date(local.date_naive(), locale)),
        Locale::En => format!("{} {hm} JST", date(local.date_naive(), locale)),
    }
}

/// `2単位` / `2 credits`.
pub(crate) fn credits(n: u32, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{n}単位"),
        Locale::En if n == 1 => "1 credit".to_owned(),
        Locale::En => format!("{n} credits"),
    }
}

/// `2026年度` / `FY2026 (Sep 2026 – Aug 2027)`.
pub(crate) fn fiscal_year(year: i32, locale: Locale) -> String {
    match locale {
        Locale::Ja => format!("{year}年度"),
        Locale::En => format!("FY{year} (Sep {year} – Aug {})", year + 1),
    }
}

/// `2022年11月26日(土)〜2027年3月31日(水)` / `… – …`.
pub(crate) fn date_range(from: NaiveDate, to: NaiveDate, locale: Locale) -> String {
    let sep = locale.pick("〜", " – ");
    format!("{}{sep}{}", date(from, locale), date(to, locale))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_japan_time_whatever_the_device_zone() {
        // 15:30 UTC on the 30th is 00:30 on the 1st in Japan.
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 15, 30, 0).unwrap();
        assert_eq!(date_time(at, Locale::Ja), "2026年12月1日(火) 00:30");
        assert_eq!(date_time(at, Locale::En), "Tue 1 Dec 2026 00:30 JST");
    }

    #[test]
    fn counts_and_years_read_naturally() {
        assert_eq!(credits(1, Locale::En), "1 credit");
        assert_eq!(credits(3, Locale::En), "3 credits");
        assert_eq!(credits(3, Locale::Ja), "3単位");
        assert_eq!(fiscal_year(2026, Locale::Ja), "2026年度");
        assert!(fiscal_year(2026, Locale::En).contains("Aug 2027"));
    }
}
