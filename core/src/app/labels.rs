//! The fixed wording of the shells' controls (tab names, buttons, the camera's
//! permission message), Japanese first as in the society's manual. It lives in the core,
//! beside the screens' data, so the Android and iOS shells show the same words and
//! neither keeps a translation table of its own; only what the operating system reads
//! before the app runs (the iOS camera usage string, the store listing) stays in the
//! platform projects.

use attend_domain::Locale;
use serde::Serialize;

/// Every fixed text of the member app, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UiLabels {
    /// The app's name as members search for it: `JSNM学会参加登録`.
    pub app_name: String,
    // ① Login
    pub login_title: String,
    pub login_intro: String,
    pub member_number: String,
    pub password: String,
    pub login_button: String,
    pub logging_in: String,
    /// The link under the form, to the member page (`member_page_url`).
    pub forgot_password: String,
    /// The member page's sign-in address on the app's server.
    pub member_page_url: String,
    /// Title of the temporary-password reminder shown after login.
    pub reminder_title: String,
    pub open_member_page: String,
    pub ok: String,
    // ② Home and tabs
    pub tab_home: String,
    pub tab_reader: String,
    pub tab_credits: String,
    /// The large button in the middle of the home screen.
    pub scan_button: String,
    pub attendance_title: String,
    pub sync_now: String,
    pub logout: String,
    // ③ QR reader
    pub reader_hint: String,
    pub torch_on: String,
    pub torch_off: String,
    /// Accessible label of the camera preview (tap to focus).
    pub camera_preview: String,
    pub camera_denied: String,
    pub open_settings: String,
    pub camera_unavailable: String,
    pub read_photo: String,
    // ④ Result
    pub result_title: String,
    pub refused_title: String,
    pub congress: String,
    pub kind: String,
    pub session: String,
    pub registered_at: String,
    pub credit: String,
    pub status: String,
    pub scan_another: String,
    pub back_home: String,
    // ⑤⑥ Credits
    pub credits_title: String,
    pub certifications_title: String,
    pub history_title: String,
    pub confirmed: String,
    pub pending: String,
    pub met: String,
    // The offline banner (the waiting count comes from `HomeView::waiting_text`).
    pub offline_banner: String,
    pub loading: String,
    pub close: String,
}

/// The labels for `locale`; `server_url` gives the member page's address.
pub fn ui_labels(locale: Locale, server_url: &str) -> UiLabels {
    let t = |ja: &str, en: &str| locale.pick(ja, en).to_owned();
    UiLabels {
        app_name: t("JSNM学会参加登録", "JSNM Congress Attendance"),
        login_title: t("ログイン", "Log in"),
        login_intro: t(
            "会員マイページへログインする際と同じ会員番号とパスワードを入力してください。",
            "Enter the member number and password you use on the member page.",
        ),
        member_number: t("会員番号", "Member number"),
        password: t("パスワード", "Password"),
        login_button: t("ログイン", "Log in"),
        logging_in: t("ログインしています…", "Logging in…"),
        forgot_password: t(
            "パスワードを忘れた場合や、ログインできない場合は会員マイページをご覧ください",
            "Forgot your password or cannot log in? See the member page",
        ),
        member_page_url: format!("{}/member/login", server_url.trim_end_matches('/')),
        reminder_title: t("登録情報の更新のお願い", "Please update your registration"),
        open_member_page: t("会員マイページを開く", "Open the member page"),
        ok: t("OK", "OK"),
        tab_home: t("ホーム", "Home"),
        tab_reader: t("QRリーダー", "QR reader"),
        tab_credits: t("単位確認", "Credits"),
        scan_button: t("スキャン起動", "Start scanning"),
        attendance_title: t("出席情報一覧", "Attendance"),
        sync_now: t("今すぐ送信", "Send now"),
        logout: t("ログアウト", "Log out"),
        reader_hint: t(
            "会場内に掲示・投影されているQRコードを枠内に合わせてください",
            "Hold the QR code posted or projected at the venue inside the frame",
        ),
        torch_on: t("ライトをつける", "Turn the light on"),
        torch_off: t("ライトを消す", "Turn the light off"),
        camera_preview: t(
            "カメラの映像。タップでピントを合わせます",
            "Camera view. Tap to focus",
        ),
        camera_denied: t(
            "カメラの使用が許可されていません。QRコードを読み取るには、設定でこのアプリにカメラの使用を許可してください。",
            "The camera is not allowed. To read QR codes, allow this app to use the camera in Settings.",
        ),
        open_settings: t("設定を開く", "Open Settings"),
        camera_unavailable: t(
            "カメラを起動できませんでした。アプリを開き直してください。",
            "The camera could not be started. Please reopen the app.",
        ),
        read_photo: t("写真から読み取る", "Read from a photo"),
        result_title: t("読み取り結果", "Scan result"),
        refused_title: t(
            "このQRコードは登録できません",
            "This QR code cannot be registered",
        ),
        congress: t("大会名", "Congress"),
        kind: t("種別", "Kind"),
        session: t("セッション", "Session"),
        registered_at: t("登録日時", "Registered at"),
        credit: t("単位", "Credit"),
        status: t("状態", "Status"),
        scan_another: t("続けて読み取る", "Scan another"),
        back_home: t("ホームへ戻る", "Back to home"),
        credits_title: t("単位確認", "Credits"),
        certifications_title: t("資格更新に必要な単位", "Credits toward renewal"),
        history_title: t("参加履歴", "Attendance history"),
        confirmed: t("確定", "Confirmed"),
        pending: t("未確定", "Pending"),
        met: t("更新に必要な単位を満たしています", "Enough credits for renewal"),
        offline_banner: t(
            "オフラインです。読み取った出席はこの端末に保存され、接続が戻ると送信されます。",
            "You are offline. Scans are kept on this device and sent when the connection returns.",
        ),
        loading: t("読み込み中…", "Loading…"),
        close: t("閉じる", "Close"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_follows_the_manual_and_english_differs() {
        let ja = ui_labels(Locale::Ja, "https://attend.example/");
        let en = ui_labels(Locale::En, "https://attend.example");
        // The seed manual's words for the home screen and its tabs (steps ③, ⑥).
        assert_eq!(ja.scan_button, "スキャン起動");
        assert_eq!(
            [&ja.tab_home, &ja.tab_reader, &ja.tab_credits],
            ["ホーム", "QRリーダー", "単位確認"]
        );
        assert_eq!(ja.member_page_url, "https://attend.example/member/login");
        assert_eq!(en.member_page_url, ja.member_page_url);
        assert_ne!(ja.scan_button, en.scan_button);
        assert!(en.camera_denied.is_ascii());
    }
}
