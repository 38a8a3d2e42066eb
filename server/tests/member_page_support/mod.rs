//! A minimal browser for the member page tests: keeps cookies, does not follow
//! redirects (the tests assert where each step leads), posts forms.
#![allow(dead_code)]

use std::collections::BTreeMap;

pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
    pub cookies: BTreeMap<String, String>,
    /// The raw Set-Cookie headers of the last response.
    pub last_set_cookies: Vec<String>,
}

pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub bytes: Vec<u8>,
    pub content_type: String,
}

pub fn form_encode(fields: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the hidden `csrf` field of a page.
pub fn csrf_of(body: &str) -> String {
    let i = body
        .find("name=\"csrf\" value=\"")
        .expect("page has a csrf field");
    let rest = &body[i + "name=\"csrf\" value=\"".len()..];
    rest[..rest.find('"').expect("end of value")].to_owned()
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: base.to_owned(),
            cookies: BTreeMap::new(),
            last_set_cookies: Vec::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, r: reqwest::Response) -> Page {
        self.last_set_cookies.clear();
        for v in r.headers().get_all("set-cookie") {
            let text = v.to_str().expect("ascii cookie").to_owned();
            let pair = text.split(';').next().expect("pair");
            let (k, val) = pair.split_once('=').expect("k=v");
            if text.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), val.to_owned());
            }
            self.last_set_cookies.push(text);
        }
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().expect("location").to_owned());
        let content_type = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap_or("").to_owned())
            .unwrap_or_default();
        let bytes = r.bytes().await.expect("body").to_vec();
        Page {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes,
            content_type,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET");
        self.finish(r).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_encode(fields))
            .send()
            .await
            .expect("POST");
        self.finish(r).await
    }

    /// Signs in through the form; returns the redirect target.
    pub async fn sign_in(&mut self, number: &str, password: &str) -> Option<String> {
        let page = self.get("/member/login").await;
        let csrf = csrf_of(&page.body);
        let r = self
            .post(
                "/member/login",
                &[
                    ("member_number", number),
                    ("password", password),
                    ("csrf", &csrf),
                ],
            )
            .await;
        assert!(
            r.status == 303 || r.status == 401,
            "sign-in answered {}",
            r.status
        );
        r.location
    }
}
