//! The rules a new password must meet, stated on the page and checked here: at least
//! [`MIN_PASSWORD_LEN`] characters (the app's rule too), not the member number, not
//! one of the common passwords attackers try first (a small bundled list; length
//! already rules out most short ones), and typed the same twice.

use attend_domain::Locale;

use crate::credentials::{MAX_PASSWORD_LEN, MIN_PASSWORD_LEN};

const COMMON: &str = include_str!("../../templates/common-passwords.txt");

pub fn rules(l: Locale) -> Vec<String> {
    match l {
        Locale::Ja => vec![
            format!("{MIN_PASSWORD_LEN}文字以上{MAX_PASSWORD_LEN}文字以下"),
            "会員番号を含まないこと".to_owned(),
            "よく使われるパスワード（password123 など）は使えません".to_owned(),
        ],
        Locale::En => vec![
            format!("{MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters"),
            "must not contain your member number".to_owned(),
            "common passwords (such as password123) are refused".to_owned(),
        ],
    }
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .any(|c| !c.is_empty() && c == lower)
}

/// Every rule the password breaks, as messages (empty: acceptable).
pub fn check(new: &str, confirm: &str, member_number: &str, l: Locale) -> Vec<String> {
    let mut errors = Vec::new();
    let len = new.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&len) {
        errors.push(match l {
            Locale::Ja => format!("パスワードは{MIN_PASSWORD_LEN}文字以上{MAX_PASSWORD_LEN}文字以下にしてください（現在{len}文字）。"),
            Locale::En => format!("The password must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters (it has {len})."),
        });
    }
    if !member_number.is_empty() && new.contains(member_number) {
        errors.push(
            l.pick(
                "会員番号を含むパスワードは使えません。",
                "The password must not contain your member number.",
            )
            .to_owned(),
        );
    }
    if is_common(new) {
        errors.push(
            l.pick(
                "よく使われるパスワードのため使えません。",
                "This password is too common.",
            )
            .to_owned(),
        );
    }
    if new != confirm {
        errors.push(
            l.pick(
                "確認用のパスワードが一致しません。",
                "The two passwords differ.",
            )
            .to_owned(),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_is_checked() {
        let ja = Locale::Ja;
        assert!(check("kaku-igaku-2026", "kaku-igaku-2026", "12345", ja).is_empty());
        assert_eq!(check("short", "short", "12345", ja).len(), 1);
        assert_eq!(check("abc12345xyz", "abc12345xyz", "12345", ja).len(), 1);
        assert_eq!(check("Password123", "Password123", "999", ja).len(), 1);
        assert_eq!(
            check("kaku-igaku-2026", "kaku-igaku-2027", "1", ja).len(),
            1
        );
    }
}
