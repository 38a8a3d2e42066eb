//! Content the office edits without a release: publications, the support desk's forms
//! and contact details. A TOML file named by `ATTEND_MEMBER_CONTENT`, re-read on each
//! request (it is small); the bundled default (`templates/member-content.toml`) when
//! unset or unreadable, so a typo in the file never takes the member page down.

use serde::Deserialize;

pub const CONTENT_ENV: &str = "ATTEND_MEMBER_CONTENT";
const BUNDLED: &str = include_str!("../../templates/member-content.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Content {
    pub office: Office,
    #[serde(default)]
    pub publications: Vec<Publication>,
    #[serde(default)]
    pub forms: Vec<FormLink>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Office {
    pub name_ja: String,
    pub name_en: String,
    pub address: String,
    pub email: String,
    #[serde(default)]
    pub hours_ja: String,
    #[serde(default)]
    pub hours_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Publication {
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub note_ja: String,
    #[serde(default)]
    pub note_en: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FormLink {
    pub title_ja: String,
    pub title_en: String,
    pub url: String,
}

impl Content {
    pub fn bundled() -> Content {
        toml::from_str(BUNDLED).unwrap_or_else(|_| Content {
            office: Office {
                name_ja: "一般社団法人 日本核医学会：学会事務局".into(),
                name_en: "JSNM Secretariat".into(),
                address: String::new(),
                email: "office@jsnm.org".into(),
                hours_ja: String::new(),
                hours_en: String::new(),
            },
            publications: Vec::new(),
            forms: Vec::new(),
        })
    }

    pub fn load() -> Content {
        let Some(path) = std::env::var_os(CONTENT_ENV) else {
            return Content::bundled();
        };
        match std::fs::read_to_string(&path).map(|t| toml::from_str::<Content>(&t)) {
            Ok(Ok(content)) => content,
            Ok(Err(e)) => {
                tracing::warn!(path = ?path, error = %e, "member page content file is not valid; using the bundled one");
                Content::bundled()
            }
            Err(e) => {
                tracing::warn!(path = ?path, error = %e, "member page content file unreadable; using the bundled one");
                Content::bundled()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bundled_content_parses() {
        let c: super::Content = toml::from_str(super::BUNDLED).unwrap();
        assert_eq!(c.forms.len(), 3);
        assert!(c.publications.iter().any(|p| p.title.contains("ANM")));
    }
}
