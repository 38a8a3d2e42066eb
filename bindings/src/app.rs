//! `AttendApp` across the FFI: each method calls the core's facade and converts its
//! error; nothing is decided here. Methods that talk to the server are `async` (run on
//! tokio, so Kotlin callers `suspend`, Swift callers `await`, Python callers use
//! `asyncio`); the rest are quick local reads and writes, or CPU work the shell already
//! runs off its UI thread (a camera frame).

use std::path::Path;
use std::sync::Arc;

use attend_core::app::{self as core_app, AppConfig, AppError};
use attend_core::decode::Frame;

use crate::error::AttendError;
use crate::platform::{SyncListener, SyncListenerBridge, TokenStore, TokenStoreBridge};
use crate::records::{
    AccountView, CreditsView, HomeView, Locale, LogoutView, ScanResultView, SyncOutcomeView,
    SyncView, UiLabels,
};

/// How the shell starts the app.
#[derive(Debug, Clone, uniffi::Record)]
pub struct AppSettings {
    /// A folder private to the app (Android `filesDir`, iOS Application Support); the
    /// database lives there.
    pub data_dir: String,
    /// The society server, e.g. `https://attend.jsnm.or.jp`.
    pub server_url: String,
    pub locale: Locale,
    /// Accept an `http://` server: loopback tests and a reception desk's own server
    /// only; a phone app leaves it off.
    #[uniffi(default)]
    pub allow_http: bool,
    /// PEM of the only root certificate to trust (a society's own CA); `None`: the
    /// public roots.
    #[uniffi(default)]
    pub trusted_root_pem: Option<String>,
}

/// The pixel layout of a camera frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PixelFormat {
    /// 8-bit luma: plane 0 of Android's YUV_420_888, or of iOS's 420YpCbCr8BiPlanar.
    Luma,
    /// 32-bit BGRA (iOS `kCVPixelFormatType_32BGRA`).
    Bgra,
    /// 32-bit RGBA (Android bitmaps, desktop webcams).
    Rgba,
}

/// The member app: create one per process and keep it.
#[derive(uniffi::Object)]
pub struct AttendApp {
    inner: core_app::AttendApp,
    locale: Locale,
}

impl AttendApp {
    fn error(&self, err: AppError) -> AttendError {
        AttendError::from_app(&err, self.locale)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl AttendApp {
    /// Opens (creating) the data folder and its database and starts background sync.
    /// `listener` hears every change of the sync line.
    #[uniffi::constructor]
    pub fn new(
        settings: AppSettings,
        token_store: Arc<dyn TokenStore>,
        listener: Option<Arc<dyn SyncListener>>,
    ) -> Result<Arc<Self>, AttendError> {
        let locale = settings.locale;
        let mut config = AppConfig::new(settings.data_dir, settings.server_url, locale);
        config.allow_http = settings.allow_http;
        config.trusted_root_pem = settings.trusted_root_pem;
        config.listener =
            listener.map(|l| Arc::new(SyncListenerBridge(l)) as Arc<dyn core_app::AppSyncListener>);
        let tokens = Arc::new(TokenStoreBridge(token_store));
        let inner = core_app::AttendApp::open(config, tokens)
            .map_err(|e| AttendError::from_app(&e, locale))?;
        Ok(Arc::new(AttendApp { inner, locale }))
    }

    /// Logs in with the member number and the (temporary) password; scans that waited
    /// on the device are sent next. The account's `reminder` is set while the
    /// temporary password is in use.
    pub async fn login(
        &self,
        member_number: String,
        password: String,
    ) -> Result<AccountView, AttendError> {
        self.inner
            .login(&member_number, &password)
            .await
            .map_err(|e| self.error(e))
    }

    /// Logs out; scans not yet sent stay on the device for the next login.
    pub async fn logout(&self) -> Result<LogoutView, AttendError> {
        self.inner.logout().await.map_err(|e| self.error(e))
    }

    /// Who is logged in (works offline); `None` before the first login.
    pub fn account(&self) -> Result<Option<AccountView>, AttendError> {
        self.inner.account().map_err(|e| self.error(e))
    }

    /// One live camera frame, `stride` bytes from one row to the next. `None` while no
    /// new code is in view (the usual answer; the same code held in view is reported
    /// once); the result screen when a code was read and recorded.
    pub fn scan_frame(
        &self,
        format: PixelFormat,
        data: Vec<u8>,
        width: u32,
        height: u32,
        stride: u32,
    ) -> Result<Option<ScanResultView>, AttendError> {
        let data = data.as_slice();
        let frame = match format {
            PixelFormat::Luma => Frame::Luma {
                data,
                width,
                height,
                stride,
            },
            PixelFormat::Bgra => Frame::Bgra {
                data,
                width,
                height,
                stride,
            },
            PixelFormat::Rgba => Frame::Rgba {
                data,
                width,
                height,
                stride,
            },
        };
        self.inner.scan_frame(frame).map_err(|e| self.error(e))
    }

    /// Forgets the code last seen by the camera (the member left the scanner screen),
    /// so showing it again reports it again.
    pub fn reset_scanner(&self) {
        self.inner.reset_scanner();
    }

    /// The text of a QR code read by the platform's own reader (or typed in).
    pub fn scan_text(&self, text: String) -> Result<ScanResultView, AttendError> {
        self.inner.scan_text(&text).map_err(|e| self.error(e))
    }

    /// A photo from the gallery (JPEG, PNG, WebP), read with the decoder's full effort.
    pub fn scan_image_file(&self, path: String) -> Result<ScanResultView, AttendError> {
        self.inner
            .scan_image_file(Path::new(&path))
            .map_err(|e| self.error(e))
    }

    /// The home screen: the attendance list, what waits to be sent, the sync line.
    pub fn home(&self) -> Result<HomeView, AttendError> {
        self.inner.home().map_err(|e| self.error(e))
    }

    /// The credit check tab, computed offline.
    pub fn credits(&self) -> Result<CreditsView, AttendError> {
        self.inner.credits().map_err(|e| self.error(e))
    }

    /// Sends what waits and refreshes keys, rules and history now.
    pub async fn sync_now(&self) -> Result<SyncOutcomeView, AttendError> {
        self.inner.sync_now().await.map_err(|e| self.error(e))
    }

    /// The platform's connectivity changed; coming back online syncs at once.
    pub fn network_changed(&self, online: bool) {
        self.inner.network_changed(online);
    }

    /// The fixed wording of every control (tabs, buttons, the camera's permission
    /// message), in the app's language.
    pub fn labels(&self) -> UiLabels {
        self.inner.labels()
    }

    /// The sync line as it is now.
    pub fn sync_status(&self) -> SyncView {
        self.inner.sync_status()
    }

    /// Stops background sync before the process exits (a pass cut short loses nothing).
    pub async fn shutdown(&self) {
        self.inner.shutdown().await;
    }
}

/// The app's language from a platform locale tag (`ja-JP`, `en_US`): English for
/// English, Japanese, the society's language, for everything else.
#[uniffi::export]
pub fn locale_from_tag(tag: String) -> Locale {
    Locale::from_tag(&tag)
}
