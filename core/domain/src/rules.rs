//! Credit rules as data: which credit kinds exist, and for each certification (認定資格)
//! its renewal period, required total, which kinds count at what value, and the caps.
//!
//! Why data and not code: the society changes its requirements by committee decision,
//! not by app release. The server publishes these rules as JSON; the app caches the last
//! copy it got and falls back to [`CreditRules::bundled_default`], which is the same file
//! the server ships (`fixtures/rules/default.json`).
//!
//! Parsing is lenient about unknown fields (a newer server may add some; an older app
//! must still read the rest) and strict about meaning: [`CreditRules::from_json`] rejects
//! rules the tally could only misread (duplicate ids, counts naming a kind that is not
//! defined, a renewal period of zero years).

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{kinds, CreditKind};
use crate::text::{Locale, Localized};

/// The JSON the server publishes at first release, bundled into the app.
const DEFAULT_RULES_JSON: &str = include_str!("../../../fixtures/rules/default.json");

/// The complete rule set the tally works from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRules {
    /// Identifies the published rule set, so the app can tell a member which rules it
    /// used and ask the server whether newer ones exist.
    pub version: String,
    /// True while the values are illustrative rather than the society's official
    /// requirements (the bundled default is). Shells show [`CreditRules::provisional_notice`].
    #[serde(default)]
    pub provisional: bool,
    /// A free-text note for people reading the published JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub kinds: Vec<KindDef>,
    pub certifications: Vec<CertificationRule>,
}

/// A credit kind and its display names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDef {
    pub kind: CreditKind,
    pub name_ja: String,
    pub name_en: String,
}

/// What one certification requires for renewal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationRule {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    /// The renewal window is the `period_years` years ending on the renewal date.
    pub period_years: u8,
    pub required_total: u32,
    /// The kinds that count toward this certification; a kind not listed counts 0.
    pub counts: Vec<KindCount>,
    /// At most this many credits from any one congress count toward this certification.
    #[serde(default)]
    pub cap_per_congress: Option<u32>,
}

/// How one kind counts toward a certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: CreditKind,
    /// The value of each record of this kind; `None` takes the credit printed in the code.
    #[serde(default)]
    pub value: Option<u16>,
    /// At most this many credits of this kind count within one renewal window.
    #[serde(default)]
    pub cap_total: Option<u32>,
}

/// Why a published rule set was refused.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("credit rules are not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("credit kind code is empty")]
    EmptyKind,
    #[error("credit kind {0:?} is defined twice")]
    DuplicateKind(String),
    #[error("certification id is empty")]
    EmptyCertification,
    #[error("certification {0:?} is defined twice")]
    DuplicateCertification(String),
    #[error("certification {cert:?} counts kind {kind:?}, which is not defined")]
    UnknownKind { cert: String, kind: String },
    #[error("certification {cert:?} lists kind {kind:?} twice")]
    DuplicateCount { cert: String, kind: String },
    #[error("certification {0:?} has a renewal period of zero years")]
    ZeroPeriod(String),
}

impl Localized for RulesError {
    fn message(&self, locale: Locale) -> String {
        // Members cannot fix a rule file; every message says the same thing to them and
        // names the detail for the office.
        match (self, locale) {
            (RulesError::Json(e), Locale::Ja) => {
                format!("単位規定を読み込めませんでした（形式が正しくありません: {e}）。")
            }
            (RulesError::Json(e), Locale::En) => {
                format!("The credit rules could not be read (invalid format: {e}).")
            }
            (RulesError::EmptyKind, Locale::Ja) => {
                "単位規定に誤りがあります（単位種別のコードが空です）。".to_owned()
            }
            (RulesError::EmptyKind, Locale::En) => {
                "The credit rules are invalid (a credit kind has an empty code).".to_owned()
            }
            (RulesError::DuplicateKind(k), Locale::Ja) => {
                format!("単位規定に誤りがあります（単位種別「{k}」が重複しています）。")
            }
            (RulesError::DuplicateKind(k), Locale::En) => {
                format!("The credit rules are invalid (credit kind \"{k}\" is defined twice).")
            }
            (RulesError::EmptyCertification, Locale::Ja) => {
                "単位規定に誤りがあります（認定資格のIDが空です）。".to_owned()
            }
            (RulesError::EmptyCertification, Locale::En) => {
                "The credit rules are invalid (a certification has an empty id).".to_owned()
            }
            (RulesError::DuplicateCertification(c), Locale::Ja) => {
                format!("単位規定に誤りがあります（認定資格「{c}」が重複しています）。")
            }
            (RulesError::DuplicateCertification(c), Locale::En) => format!(
                "The credit rules are invalid (certification \"{c}\" is defined twice)."
            ),
            (RulesError::UnknownKind { cert, kind }, Locale::Ja) => format!(
                "単位規定に誤りがあります（認定資格「{cert}」が未定義の単位種別「{kind}」を参照しています）。"
            ),
            (RulesError::UnknownKind { cert, kind }, Locale::En) => format!(
                "The credit rules are invalid (certification \"{cert}\" counts undefined kind \"{kind}\")."
            ),
            (RulesError::DuplicateCount { cert, kind }, Locale::Ja) => format!(
                "単位規定に誤りがあります（認定資格「{cert}」で単位種別「{kind}」が重複しています）。"
            ),
            (RulesError::DuplicateCount { cert, kind }, Locale::En) => format!(
                "The credit rules are invalid (certification \"{cert}\" lists kind \"{kind}\" twice)."
            ),
            (RulesError::ZeroPeriod(c), Locale::Ja) => format!(
                "単位規定に誤りがあります（認定資格「{c}」の更新期間が0年です）。"
            ),
            (RulesError::ZeroPeriod(c), Locale::En) => format!(
                "The credit rules are invalid (certification \"{c}\" has a renewal period of zero years)."
            ),
        }
    }
}

impl CreditRules {
    /// The rules bundled with the app and first published by the server.
    ///
    /// **The values are examples**, chosen to show the shape of the society's rules
    /// (periods, required totals, values, caps); they are not the society's official
    /// requirements and are marked `provisional` with a note saying so. They stand in
    /// only until the server publishes the real rules.
    pub fn bundled_default() -> CreditRules {
        static BUNDLED: OnceLock<CreditRules> = OnceLock::new();
        BUNDLED
            .get_or_init(|| {
                // The file is compiled in and a test parses it, so the fallback is
                // unreachable in a tested build; it keeps this function panic-free.
                CreditRules::from_json(DEFAULT_RULES_JSON).unwrap_or_else(|_| Self::kinds_only())
            })
            .clone()
    }

    /// The society's kinds and no certification: what is left if the bundled file were
    /// ever unreadable.
    fn kinds_only() -> CreditRules {
        let kind = |code: &str, ja: &str, en: &str| KindDef {
            kind: CreditKind::new(code),
            name_ja: ja.to_owned(),
            name_en: en.to_owned(),
        };
        CreditRules {
            version: "bundled-kinds-only".to_owned(),
            provisional: true,
            note: None,
            kinds: vec![
                kind(
                    kinds::CONGRESS_ATTENDANCE,
                    "学術総会出席",
                    "Annual congress attendance",
                ),
                kind(
                    kinds::SPRING_ATTENDANCE,
                    "春季大会出席",
                    "Spring meeting attendance",
                ),
                kind(
                    kinds::EDUCATIONAL_LECTURE,
                    "教育講演",
                    "Educational lecture",
                ),
            ],
            certifications: Vec::new(),
        }
    }

    /// Parses and validates a published rule set.
    pub fn from_json(text: &str) -> Result<CreditRules, RulesError> {
        let rules: CreditRules = serde_json::from_str(text)?;
        rules.validate()?;
        Ok(rules)
    }

    /// Checks what serde cannot: uniqueness, references between kinds and counts, and
    /// periods.
    pub fn validate(&self) -> Result<(), RulesError> {
        let mut known = HashSet::with_capacity(self.kinds.len());
        for def in &self.kinds {
            if def.kind.as_str().is_empty() {
                return Err(RulesError::EmptyKind);
            }
            if !known.insert(def.kind.as_str()) {
                return Err(RulesError::DuplicateKind(def.kind.0.clone()));
            }
        }
        let mut ids = HashSet::with_capacity(self.certifications.len());
        for cert in &self.certifications {
            if cert.id.is_empty() {
                return Err(RulesError::EmptyCertification);
            }
            if !ids.insert(cert.id.as_str()) {
                return Err(RulesError::DuplicateCertification(cert.id.clone()));
            }
            if cert.period_years == 0 {
                return Err(RulesError::ZeroPeriod(cert.id.clone()));
            }
            let mut counted = HashSet::with_capacity(cert.counts.len());
            for count in &cert.counts {
                if !known.contains(count.kind.as_str()) {
                    return Err(RulesError::UnknownKind {
                        cert: cert.id.clone(),
                        kind: count.kind.0.clone(),
                    });
                }
                if !counted.insert(count.kind.as_str()) {
                    return Err(RulesError::DuplicateCount {
                        cert: cert.id.clone(),
                        kind: count.kind.0.clone(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The JSON the server publishes (pretty, stable field order).
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and integers cannot fail; the empty
        // object keeps this signature infallible without a panic path.
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The display name of a kind; a kind the rules do not define shows as its code, so
    /// a record from a newer congress is never hidden.
    pub fn kind_name(&self, kind: &CreditKind, locale: Locale) -> String {
        match self.kind_def(kind) {
            Some(def) => locale.pick(&def.name_ja, &def.name_en).to_owned(),
            None => kind.0.clone(),
        }
    }

    pub fn kind_def(&self, kind: &CreditKind) -> Option<&KindDef> {
        self.kinds.iter().find(|d| d.kind == *kind)
    }

    /// Position of a kind in the rules' own order (used to order per-kind totals);
    /// `None` for a kind the rules do not define.
    pub fn kind_position(&self, kind: &CreditKind) -> Option<usize> {
        self.kinds.iter().position(|d| d.kind == *kind)
    }

    pub fn certification(&self, id: &str) -> Option<&CertificationRule> {
        self.certifications.iter().find(|c| c.id == id)
    }

    /// What to tell a member while the rules are examples; `None` once they are official.
    pub fn provisional_notice(&self, locale: Locale) -> Option<String> {
        self.provisional.then(|| {
            locale
                .pick(
                    "表示中の認定資格の必要単位数は例示値です。学会の正式な規定が配信され次第、更新されます。",
                    "The certification requirements shown are example values; they will be updated once the society publishes its official rules.",
                )
                .to_owned()
        })
    }
}

impl CertificationRule {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ja, &self.name_en)
    }

    pub fn count_for(&self, kind: &CreditKind) -> Option<&KindCount> {
        self.counts.iter().find(|c| c.kind == *kind)
    }
}

#[cfg(test)]
mod tests;
