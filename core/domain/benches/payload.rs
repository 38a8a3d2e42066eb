//! Cost of signing (server, per poster or per projector step) and verifying (app, per
//! scan; server, per uploaded scan) one code, and of reading one without the check.
//! `cargo bench -p attend-domain --bench payload`.

use attend_domain::keys::{demo_signing_key, KeySet, DEMO_KEY_ID};
use attend_domain::payload::{read_unverified, sign, verify};
use attend_domain::{kinds, CodeClaims, CreditKind, Rotation};
use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let from = Utc.with_ymd_and_hms(2023, 11, 17, 0, 0, 0).unwrap();
    let claims = CodeClaims {
        society: "JSNM".into(),
        congress_id: "jsnm63".into(),
        congress_name: "第63回日本核医学会学術総会".into(),
        session_id: "jsnm63-el3".into(),
        session_title: "教育講演3 核医学治療の最新動向とセラノスティクス".into(),
        kind: CreditKind::new(kinds::EDUCATIONAL_LECTURE),
        credit: 1,
        valid_from: from,
        valid_until: from + chrono::TimeDelta::minutes(90),
        key_id: DEMO_KEY_ID.into(),
        rotation: Some(Rotation {
            period_secs: 30,
            step: 61,
        }),
    };
    let key = demo_signing_key().unwrap();
    let keys = KeySet::bundled_default();
    let text = sign(&claims, &key).unwrap();
    let at = from + chrono::TimeDelta::seconds(1840);
    assert!(verify(&text, &keys, "JSNM", at).is_ok());

    c.bench_function("sign", |b| b.iter(|| sign(black_box(&claims), &key)));
    c.bench_function("verify", |b| {
        b.iter(|| verify(black_box(&text), &keys, "JSNM", at))
    });
    c.bench_function("read_unverified", |b| {
        b.iter(|| read_unverified(black_box(&text)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
