//! The screens' state as uniffi records. The types are the core's own view states
//! (`attend_core::app::view`), exposed as uniffi "remote" types: the definitions below
//! mirror the core's field by field, and the compiler checks that they still match, so
//! a field added in the core breaks this build instead of silently not reaching the
//! shells. No copy, no conversion code.

pub use attend_core::app::{
    AccountView, AttendanceEntry, CertificationView, CongressView, CreditRecordView, CreditsView,
    EntryStatus, FiscalYearView, HomeView, KindTotalView, LogoutView, ScanResultView,
    SyncOutcomeView, SyncView, UiLabels,
};
pub use attend_core::domain::Locale;

/// The language of every text the app returns.
#[uniffi::remote(Enum)]
pub enum Locale {
    Ja,
    En,
}

/// The header of every screen, and the temporary-password reminder (app step ②).
#[uniffi::remote(Record)]
pub struct AccountView {
    pub member_number: String,
    pub display_name: String,
    /// `核医 太郎 先生` / `Dr. 核医 太郎`.
    pub header_name: String,
    /// `会員番号 1001` / `Member No. 1001`.
    pub header_number: String,
    pub temporary_password: bool,
    /// The date registration info must be updated by, formatted; `None` when unknown.
    pub update_deadline: Option<String>,
    /// Shown while logged in with the temporary password: update the registration info
    /// on the member page by the deadline.
    pub reminder: Option<String>,
}

/// The result screen after a scan (app step ④).
#[uniffi::remote(Record)]
pub struct ScanResultView {
    /// `登録しました` / `Registered`, or `登録済みです` / `Already registered`.
    pub headline: String,
    pub congress_name: String,
    /// The credit kind's name from the rules, e.g. `教育講演`.
    pub kind_name: String,
    pub session_title: String,
    /// When the attendance was registered (now, or the earlier time), in JST.
    pub registered_at: String,
    /// The same instant, RFC 3339 UTC, for scripts.
    pub registered_at_utc: String,
    pub credit: u16,
    pub credit_text: String,
    pub pending: bool,
    /// `送信待ち` / `Waiting to send`, or `確定` / `Confirmed`.
    pub status_text: String,
    pub already_registered: bool,
    /// For an already registered session: when it was registered before.
    pub already_text: Option<String>,
    /// `表示内容を必ずご確認ください。` / `Please check what is shown.`
    pub notice: String,
    /// The scan's id, when this device recorded it.
    pub scan_id: Option<String>,
}

/// Where one attendance is on its way to the society.
#[uniffi::remote(Enum)]
pub enum EntryStatus {
    Pending,
    Confirmed,
    Rejected,
}

/// One line of the home screen's attendance list (app step ⑤).
#[uniffi::remote(Record)]
pub struct AttendanceEntry {
    /// Date and time in JST.
    pub date_time: String,
    pub attended_at_utc: String,
    pub congress_name: String,
    pub kind_name: String,
    pub session_title: String,
    pub credit: u16,
    pub status: EntryStatus,
    pub status_text: String,
    /// Why the server refused it (rejected only).
    pub reason: Option<String>,
}

/// The home screen: who is logged in, the attendance list newest first, what waits.
#[uniffi::remote(Record)]
pub struct HomeView {
    pub account: Option<AccountView>,
    pub entries: Vec<AttendanceEntry>,
    /// `まだ出席記録はありません。` when the list is empty.
    pub empty_text: Option<String>,
    pub waiting: u64,
    /// `未送信 2件` / `2 waiting to send`; `None` when nothing waits.
    pub waiting_text: Option<String>,
    pub sync: SyncView,
}

/// The sync line of the home screen, and what a sync listener receives.
#[uniffi::remote(Record)]
pub struct SyncView {
    /// `idle`, `syncing`, `offline`, `waiting_to_retry`, `signed_out`, `failed`.
    pub state: String,
    pub state_text: String,
    /// Scans sent (with a verdict) in the current or last sync, out of `total`.
    pub sent: u64,
    pub total: u64,
    pub waiting: u64,
    pub last_success: Option<String>,
    /// Why the last attempt failed, for the member.
    pub last_error: Option<String>,
}

/// What one `sync_now` did.
#[uniffi::remote(Record)]
pub struct SyncOutcomeView {
    pub uploaded: u64,
    pub accepted: u64,
    pub duplicate: u64,
    pub rejected: u64,
    pub waiting: u64,
    /// `3件を送信しました（確定 3件）。` / `Sent 3 scans (3 confirmed).`
    pub summary: String,
}

/// The credit check tab (app step ⑥, and the member page's 学術集会参加履歴).
#[uniffi::remote(Record)]
pub struct CreditsView {
    /// `2019年11月26日(火)以降（直近7年間）` / `Since … (last seven years)`.
    pub since_text: String,
    /// Newest fiscal year first.
    pub years: Vec<FiscalYearView>,
    pub certifications: Vec<CertificationView>,
    pub confirmed_total: u32,
    pub pending_total: u32,
    /// `確定 12単位 ／ 未確定 2単位` / `Confirmed 12 credits / pending 2 credits`.
    pub totals_text: String,
    /// While the rules are example values, a notice saying so.
    pub rules_notice: Option<String>,
    pub empty_text: Option<String>,
}

#[uniffi::remote(Record)]
pub struct FiscalYearView {
    pub fiscal_year: i32,
    pub label: String,
    pub congresses: Vec<CongressView>,
    pub confirmed: u32,
    pub pending: u32,
}

#[uniffi::remote(Record)]
pub struct CongressView {
    pub congress_name: String,
    pub records: Vec<CreditRecordView>,
    pub by_kind: Vec<KindTotalView>,
    pub confirmed: u32,
    pub pending: u32,
}

#[uniffi::remote(Record)]
pub struct CreditRecordView {
    pub date_time: String,
    pub kind_name: String,
    pub session_title: String,
    pub credit: u16,
    pub pending: bool,
    pub status_text: String,
}

#[uniffi::remote(Record)]
pub struct KindTotalView {
    pub kind_name: String,
    pub confirmed: u32,
    pub pending: u32,
}

/// Progress toward renewing one certification the member holds.
#[uniffi::remote(Record)]
pub struct CertificationView {
    pub name: String,
    pub window_text: String,
    pub window_truncated: bool,
    pub required: u32,
    pub confirmed: u32,
    pub pending: u32,
    pub met: bool,
    pub met_with_pending: bool,
    /// `確定 12 / 50単位（未確定 +2）` / `12 of 50 credits confirmed (+2 pending)`.
    pub progress_text: String,
    pub by_kind: Vec<KindTotalView>,
}

/// What a logout did.
#[uniffi::remote(Record)]
pub struct LogoutView {
    /// The server revoked the login (false: it could not be reached; the login lapses
    /// there at its expiry).
    pub revoked: bool,
    /// Scans still waiting on this device; they are sent after the next login.
    pub waiting: u64,
    pub message: String,
}

/// Every fixed text of the member app (tabs, buttons, the camera's permission message).
#[uniffi::remote(Record)]
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
