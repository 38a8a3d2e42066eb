use super::*;

const FIXTURE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/rules/default.json"
);

fn minimal(certs: &str) -> String {
    format!(
        r#"{{"version":"t","kinds":[{{"kind":"congress","name_ja":"学術総会出席","name_en":"Annual congress attendance"}},{{"kind":"lecture","name_ja":"教育講演","name_en":"Educational lecture"}}],"certifications":[{certs}]}}"#
    )
}

fn cert(id: &str, period: u8, kind: &str) -> String {
    format!(
        r#"{{"id":"{id}","name_ja":"核医学専門医","name_en":"NM","period_years":{period},"required_total":50,"counts":[{{"kind":"{kind}","value":null,"cap_total":null}}],"cap_per_congress":null}}"#
    )
}

#[test]
fn bundled_default_is_the_published_file_and_says_it_is_an_example() {
    let on_disk = std::fs::read_to_string(FIXTURE_PATH).unwrap();
    let parsed = CreditRules::from_json(&on_disk).unwrap();
    let bundled = CreditRules::bundled_default();
    assert_eq!(bundled, parsed);
    // Not the kinds-only fallback: the file itself parsed.
    assert_ne!(bundled.version, "bundled-kinds-only");
    assert!(bundled.provisional);
    assert!(bundled.note.as_deref().unwrap_or("").contains("EXAMPLE"));
    assert!(bundled
        .provisional_notice(Locale::Ja)
        .unwrap()
        .contains("例示値"));
    assert!(bundled
        .provisional_notice(Locale::En)
        .unwrap()
        .contains("example"));

    let codes: Vec<&str> = bundled.kinds.iter().map(|k| k.kind.as_str()).collect();
    assert_eq!(
        codes,
        [
            kinds::CONGRESS_ATTENDANCE,
            kinds::SPRING_ATTENDANCE,
            kinds::EDUCATIONAL_LECTURE
        ]
    );
    let specialist = bundled.certification("nm-specialist").unwrap();
    assert_eq!(specialist.name_ja, "核医学専門医");
    assert!(specialist.period_years >= 1);
    assert!(bundled.certification("pet-certified").is_some());
    assert!(bundled.certification("no-such-cert").is_none());
}

#[test]
fn json_round_trip() {
    let rules = CreditRules::bundled_default();
    let again = CreditRules::from_json(&rules.to_json()).unwrap();
    assert_eq!(rules, again);
}

#[test]
fn official_rules_need_no_note_or_flag() {
    let rules = CreditRules::from_json(&minimal(&cert("a", 5, "lecture"))).unwrap();
    assert!(!rules.provisional);
    assert_eq!(rules.note, None);
    assert_eq!(rules.provisional_notice(Locale::Ja), None);
    assert!(!rules.to_json().contains("\"note\""));
}

#[test]
fn unknown_fields_from_a_newer_server_are_ignored() {
    let text = minimal(&cert("a", 5, "lecture")).replacen(
        "\"version\":\"t\"",
        "\"version\":\"t\",\"published_at\":\"2027-01-01\"",
        1,
    );
    assert!(CreditRules::from_json(&text).is_ok());
}

#[test]
fn validation() {
    let two = format!("{},{}", cert("a", 5, "lecture"), cert("a", 3, "congress"));
    assert!(matches!(
        CreditRules::from_json(&minimal(&two)),
        Err(RulesError::DuplicateCertification(id)) if id == "a"
    ));
    assert!(matches!(
        CreditRules::from_json(&minimal(&cert("a", 5, "spring"))),
        Err(RulesError::UnknownKind { cert, kind }) if cert == "a" && kind == "spring"
    ));
    assert!(matches!(
        CreditRules::from_json(&minimal(&cert("a", 0, "lecture"))),
        Err(RulesError::ZeroPeriod(id)) if id == "a"
    ));
    assert!(matches!(
        CreditRules::from_json(&minimal(&cert("", 5, "lecture"))),
        Err(RulesError::EmptyCertification)
    ));
    let dup_kind = minimal("").replacen("\"kind\":\"lecture\"", "\"kind\":\"congress\"", 1);
    assert!(matches!(
        CreditRules::from_json(&dup_kind),
        Err(RulesError::DuplicateKind(k)) if k == "congress"
    ));
    let dup_count = minimal(&cert("a", 5, "lecture")).replacen(
        "\"counts\":[",
        "\"counts\":[{\"kind\":\"lecture\"},",
        1,
    );
    assert!(matches!(
        CreditRules::from_json(&dup_count),
        Err(RulesError::DuplicateCount { .. })
    ));
    assert!(matches!(
        CreditRules::from_json("{\"version\": 3}"),
        Err(RulesError::Json(_))
    ));
    // A period past u8 is a format error, not a silent wrap.
    assert!(matches!(
        CreditRules::from_json(&minimal(&cert("a", 5, "lecture")).replace(":5,", ":300,")),
        Err(RulesError::Json(_))
    ));
}

#[test]
fn errors_read_in_both_languages() {
    let errors = [
        CreditRules::from_json("not json").unwrap_err(),
        RulesError::EmptyKind,
        RulesError::DuplicateKind("x".into()),
        RulesError::EmptyCertification,
        RulesError::DuplicateCertification("c".into()),
        RulesError::UnknownKind {
            cert: "c".into(),
            kind: "x".into(),
        },
        RulesError::DuplicateCount {
            cert: "c".into(),
            kind: "x".into(),
        },
        RulesError::ZeroPeriod("c".into()),
    ];
    for e in &errors {
        let ja = e.message(Locale::Ja);
        let en = e.message(Locale::En);
        assert!(ja.contains("単位規定"), "{ja}");
        assert!(en.contains("credit rules"), "{en}");
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn kind_names_fall_back_to_the_code() {
    let rules = CreditRules::bundled_default();
    let lecture = CreditKind::new(kinds::EDUCATIONAL_LECTURE);
    assert_eq!(rules.kind_name(&lecture, Locale::Ja), "教育講演");
    assert_eq!(rules.kind_name(&lecture, Locale::En), "Educational lecture");
    let workshop = CreditKind::new("workshop");
    assert_eq!(rules.kind_name(&workshop, Locale::Ja), "workshop");
    assert_eq!(rules.kind_name(&workshop, Locale::En), "workshop");
}
