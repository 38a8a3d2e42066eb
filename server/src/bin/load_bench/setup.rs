//! Set-up of the load benchmark: databases and the cheap path for members (see the
//! notes in `main.rs`).

use attend_server::credentials::new_token;
use attend_server::store::{Congress, NewMember, Session};
use attend_server::{codes, Store};
use chrono::{NaiveDate, TimeDelta, Utc};

use super::{BenchError, Member};

pub async fn database_url(
    backend: &str,
    dir: &std::path::Path,
    name: &str,
) -> Result<String, BenchError> {
    if backend == "sqlite" {
        return Ok(format!(
            "sqlite:{}",
            dir.join(format!("{name}.db")).display()
        ));
    }
    let url = match std::env::var("ATTEND_TEST_PG_URL") {
        Ok(url) => url,
        Err(_) => {
            let out = std::process::Command::new("scripts/postgres.sh")
                .arg("start")
                .output()?;
            let text = String::from_utf8_lossy(&out.stdout);
            text.trim()
                .strip_prefix("export ATTEND_TEST_PG_URL=")
                .ok_or("scripts/postgres.sh start did not print the URL (run it from the workspace root)")?
                .to_owned()
        }
    };
    let admin = sqlx::PgPool::connect(&url).await?;
    let db = format!("bench_{name}_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
        .execute(&admin)
        .await?;
    admin.close().await;
    let after = url.find("//").map(|i| i + 2).unwrap_or(0);
    let base = match url[after..].find('/') {
        Some(i) => &url[..after + i],
        None => url.as_str(),
    };
    Ok(format!("{base}/{db}"))
}

/// Members with pre-made tokens, a congress and `n` open sessions per prefix.
pub async fn populate(
    store: &Store,
    members: usize,
    prefixes: &[(&str, usize)],
) -> Result<Vec<Member>, BenchError> {
    let rows: Vec<NewMember> = (0..members)
        .map(|i| NewMember {
            member_number: format!("{:06}", 100_000 + i),
            name_kanji: format!("会員{i}"),
            name_kana: "カイイン".to_owned(),
            name_romaji: "Kaiin".to_owned(),
            category: "正会員".to_owned(),
            joined_on: None,
            email: None,
            password_hash: "!".to_owned(),
            update_deadline: None,
        })
        .collect();
    store.insert_members(&rows).await?;
    let mut out = Vec::with_capacity(members);
    let mut tokens = Vec::with_capacity(members);
    for r in &rows {
        let m = store
            .member_by_number(&r.member_number)
            .await?
            .ok_or("member missing")?;
        let (token, hash) = new_token();
        tokens.push((hash, m.id));
        out.push(Member { id: m.id, token });
    }
    let now = Utc::now().timestamp_millis();
    store.insert_tokens(&tokens, now, now + 86_400_000).await?;
    let day = NaiveDate::from_ymd_opt(2026, 11, 16).ok_or("date")?;
    store
        .insert_congress(&Congress {
            id: "jsnm63".to_owned(),
            name: "第63回日本核医学会学術総会".to_owned(),
            kind: "annual".to_owned(),
            starts_on: day,
            ends_on: day,
        })
        .await?;
    let from = codes::whole_seconds(Utc::now() - TimeDelta::hours(1));
    for (prefix, n) in prefixes {
        for i in 0..*n {
            store
                .insert_session(&Session {
                    id: format!("{prefix}{i}"),
                    congress_id: "jsnm63".to_owned(),
                    congress_name: String::new(),
                    title: format!("教育講演{i} PET/CTの基礎"),
                    kind: "lecture".to_owned(),
                    credit: 1,
                    valid_from: from,
                    valid_until: from + TimeDelta::hours(6),
                    rotation_secs: None,
                })
                .await?;
        }
    }
    Ok(out)
}
