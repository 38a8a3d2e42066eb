//! A realistic, deterministic history for tests and benchmarks (the store's criterion
//! benchmark and this crate's property tests call it). Not for production use.
//!
//! Each fiscal year has the annual congress (three days from 16 November) and the
//! spring meeting (two days from 10 April); a year's records are one attendance at each
//! plus educational lectures, two thirds at the congress and one third at the spring
//! meeting, between 09:00 and 17:59 JST. About one record in 40 is a second scan of a
//! session already scanned; records from the last 30 days are mostly pending, a few
//! older ones too. Only records dated within the seven years shown up to `today` are
//! returned, so the count is about `7 * per_year`.

use chrono::{Datelike, NaiveDate, TimeDelta};

use super::{fiscal_year_of_date, history_since};
use crate::model::{kinds, CreditKind, CreditRecord, RecordStatus};

/// splitmix64: tiny, deterministic, good enough to scatter test data.
struct Scatter(u64);

impl Scatter {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

struct Meeting {
    id: String,
    name: String,
    kind: &'static str,
    credit: u16,
    first_day: NaiveDate,
    days: u64,
}

/// About `per_year` records for each of the seven years before `today`, the same every
/// time for the same arguments.
#[doc(hidden)]
pub fn sample_history(today: NaiveDate, per_year: usize) -> Vec<CreditRecord> {
    let since = history_since(today);
    let mut scatter = Scatter(u64::from(today.num_days_from_ce().unsigned_abs()) ^ per_year as u64);
    let mut records = Vec::with_capacity(per_year.saturating_mul(8));
    let newest = fiscal_year_of_date(today);
    for fy in (newest - 7)..=newest {
        // The 63rd congress was held in 2023.
        let congress_no = fy - 1960;
        let meetings = [
            NaiveDate::from_ymd_opt(fy, 11, 16).map(|first_day| Meeting {
                id: format!("jsnm-{congress_no}"),
                name: format!("第{congress_no}回日本核医学会学術総会"),
                kind: kinds::CONGRESS_ATTENDANCE,
                credit: 10,
                first_day,
                days: 3,
            }),
            NaiveDate::from_ymd_opt(fy + 1, 4, 10).map(|first_day| Meeting {
                id: format!("jsnm-spring-{}", fy + 1),
                name: format!("第{}回日本核医学会春季大会", fy + 1 - 2000),
                kind: kinds::SPRING_ATTENDANCE,
                credit: 5,
                first_day,
                days: 2,
            }),
        ];
        let mut made: Vec<CreditRecord> = Vec::new();
        for i in 0..per_year {
            // Record 0 and 1 are the attendances; lectures alternate 2:1.
            let meeting = match (i, i % 3) {
                (0, _) | (2.., 0 | 1) => &meetings[0],
                _ => &meetings[1],
            };
            let Some(meeting) = meeting else { continue };
            let is_attendance = i < 2;
            let day = meeting.first_day + TimeDelta::days(scatter.below(meeting.days) as i64);
            let minute = 9 * 60 + scatter.below(9 * 60) as i64;
            // Japan wall-clock to UTC: minus nine hours.
            let Some(local) = day.and_hms_opt(0, 0, 0) else {
                continue;
            };
            let at = (local + TimeDelta::minutes(minute) - TimeDelta::hours(9)).and_utc();
            let record = if !made.is_empty() && scatter.below(40) == 0 {
                // A second scan of a session already scanned.
                let mut again = made[scatter.below(made.len() as u64) as usize].clone();
                again.attended_at = at;
                again
            } else if is_attendance {
                CreditRecord {
                    congress_id: meeting.id.clone(),
                    congress_name: meeting.name.clone(),
                    session_id: format!("{}-attendance", meeting.id),
                    session_title: "出席".to_owned(),
                    kind: CreditKind::new(meeting.kind),
                    credit: meeting.credit,
                    attended_at: at,
                    status: RecordStatus::Confirmed,
                }
            } else {
                CreditRecord {
                    congress_id: meeting.id.clone(),
                    congress_name: meeting.name.clone(),
                    session_id: format!("{}-lecture-{i}", meeting.id),
                    session_title: format!("教育講演{i}"),
                    kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
                    credit: 1 + scatter.below(2) as u16,
                    attended_at: at,
                    status: RecordStatus::Confirmed,
                }
            };
            made.push(record);
        }
        for mut record in made {
            let date = super::japan_date(record.attended_at);
            if date < since || date > today {
                continue;
            }
            let recent = (today - date).num_days() <= 30;
            if (recent && scatter.below(4) != 0) || scatter.below(50) == 0 {
                record.status = RecordStatus::Pending;
            }
            records.push(record);
        }
    }
    records
}
