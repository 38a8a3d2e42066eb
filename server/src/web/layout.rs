//! The page chrome of the seed: the society's title (a link to 会員ステータス), the
//! signed-in member and ログアウト in the header, the menu on the left (stacked above
//! the content on a phone), the office's address in the footer. Printing drops the
//! chrome and keeps the content.

use attend_domain::Locale;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::content::Content;
use super::session::Signed;

/// Menu entries in the seed's order: (path, ja, en, ready in part 1).
const MENU: &[(&str, &str, &str, bool)] = &[
    ("status", "会員ステータス", "Member status", true),
    ("news", "お知らせ", "Notices", true),
    ("coming/profile", "登録情報", "Registration details", false),
    ("password", "パスワード変更", "Change password", true),
    (
        "history",
        "認定資格/学術集会参加履歴",
        "Certifications / attendance",
        true,
    ),
    ("coming/payments", "支払状況", "Payments", false),
    ("coming/search", "会員検索", "Member search", false),
    ("publications", "刊行物", "Publications", true),
    ("support", "サポートデスク", "Support desk", true),
];

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;color:#222;background:#f4f6fa;line-height:1.6}
a{color:#1b366b}
header{background:#1b366b;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between}
header a.title{color:#fff;text-decoration:none;font-weight:bold;font-size:1.15rem}
header .who{display:flex;gap:.8rem;align-items:center;flex-wrap:wrap;font-size:.9rem}
header .who a{color:#dfe7f5}
header button{background:#fff;color:#1b366b;border:0;border-radius:4px;padding:.25rem .7rem;cursor:pointer}
.wrap{display:flex;max-width:1100px;margin:0 auto;padding:1rem;gap:1rem}
nav{flex:0 0 15rem}
nav ul{list-style:none;margin:0;padding:0;background:#fff;border:1px solid #d5dbe6;border-radius:6px}
nav li{border-bottom:1px solid #e6eaf1}
nav li:last-child{border-bottom:0}
nav a,nav span{display:block;padding:.6rem .9rem;text-decoration:none}
nav a.on{background:#e8eef9;font-weight:bold}
nav span{color:#888}
nav small{background:#eee;border-radius:3px;padding:0 .3rem;margin-left:.3rem;font-size:.75rem}
main{flex:1;min-width:0;background:#fff;border:1px solid #d5dbe6;border-radius:6px;padding:1rem 1.4rem}
h1{font-size:1.3rem;border-left:5px solid #1b366b;padding-left:.6rem;margin-top:.2rem}
h2{font-size:1.1rem;margin-top:1.4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d5dbe6;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f8;white-space:nowrap}
td.num{text-align:right;white-space:nowrap}
form.box{max-width:28rem}
label{display:block;margin-top:.8rem;font-weight:bold}
input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;border:1px solid #aab4c5;border-radius:4px}
button.go{margin-top:1rem;background:#1b366b;color:#fff;border:0;border-radius:4px;padding:.6rem 1.4rem;font-size:1rem;cursor:pointer}
.err{background:#fdecec;border:1px solid #e3a0a0;color:#8a1c1c;padding:.6rem .8rem;border-radius:4px}
.ok{background:#eaf6ec;border:1px solid #9ccaa5;padding:.6rem .8rem;border-radius:4px}
.met{color:#1f6b2c;font-weight:bold}
.short{color:#a81c24;font-weight:bold}
.muted{color:#666;font-size:.9rem}
footer{text-align:center;color:#555;font-size:.85rem;padding:1rem}
@media (max-width:720px){.wrap{flex-direction:column;padding:.5rem}nav{flex:none}nav ul{display:flex;flex-wrap:wrap}nav li{border:0}nav a,nav span{padding:.35rem .6rem;font-size:.9rem}main{padding:.8rem}}
@media print{header,nav,footer,.noprint{display:none!important}body{background:#fff}.wrap{padding:0;max-width:none}main{border:0;padding:0}th{background:#eee!important}}
"#;

pub struct Chrome<'a> {
    pub locale: Locale,
    pub title: String,
    /// The signed-in member, for the header; `None` on the sign-in page.
    pub signed: Option<&'a Signed>,
    /// The menu is hidden until the first steps are done.
    pub menu: bool,
    pub active: &'a str,
    pub content: &'a Content,
}

pub fn page(c: &Chrome<'_>, body: Markup) -> Markup {
    let l = c.locale;
    html! {
        (DOCTYPE)
        html lang=(if l == Locale::En { "en" } else { "ja" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (c.title) " | " (l.pick("会員マイページ", "Member page")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.title href="/member/status" {
                        (l.pick("一般社団法人 日本核医学会 会員マイページ", "JSNM Member Page"))
                    }
                    div.who {
                        @if let Some(s) = c.signed {
                            span {
                                @if l == Locale::En {
                                    "Dr. " (s.member.name_romaji) " signed in"
                                } @else {
                                    "会員 " (s.member.name_kanji) " 先生 ログイン中"
                                }
                            }
                            form method="post" action="/member/logout" style="margin:0" {
                                input type="hidden" name="csrf" value=(s.csrf);
                                button type="submit" { (l.pick("ログアウト", "Sign out")) }
                            }
                        }
                        a href="/member/lang/ja" { "日本語" }
                        a href="/member/lang/en" { "English" }
                    }
                }
                div.wrap {
                    @if c.menu {
                        nav {
                            ul {
                                @for (path, ja, en, ready) in MENU {
                                    li {
                                        @if *ready {
                                            a class=(if *path == c.active { "on" } else { "" })
                                                href={ "/member/" (path) } { (l.pick(ja, en)) }
                                        } @else {
                                            a class=(if *path == c.active { "on" } else { "" })
                                                href={ "/member/" (path) } {
                                                (l.pick(ja, en)) small { (l.pick("準備中", "soon")) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    main { (body) }
                }
                footer {
                    div { (l.pick(&c.content.office.name_ja, &c.content.office.name_en)) }
                    div { (c.content.office.address) " " (c.content.office.email) }
                    div { "Copyright © JAPANESE SOCIETY OF NUCLEAR MEDICINE All Rights Reserved." }
                }
            }
        }
    }
}

/// A bare page for errors (no session needed).
pub fn error_page(ja: &str, en: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "会員マイページ" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header { a.title href="/member/status" { "一般社団法人 日本核医学会 会員マイページ" } }
                div.wrap { main {
                    p.err { (ja) br; (en) }
                    p { a href="/member/status" { "会員マイページへ / Member page" } }
                } }
            }
        }
    }
}
