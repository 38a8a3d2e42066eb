//! `attend demo`: the whole system on one machine, on embedded defaults, in about a
//! minute. The real server (attend-server's library) runs in-process on SQLite in a
//! temporary folder on a loopback port; the office's setup uses its admin functions;
//! the posters are attend-print's; the photos are those posters warped, blurred,
//! darkened and noised as a phone sees them; the member app is attend-core's
//! `AttendApp`, the same object the phone shells drive.
//!
//! The network outage is real on the wire: the app reaches the server through a relay
//! ([`network::Relay`]) whose port is closed and whose connections are cut, and the
//! app is told `network_changed(false)` as a phone's OS would; the sync attempt made
//! during the outage really fails. Everything is removed when the demo stops.

mod network;
mod photo;
mod setup;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use attend_core::app::{AppError, AttendApp};
use attend_core::domain::{Locale, Localized};

use crate::commands::open_app;
use crate::progress::SyncBar;
use crate::render;

pub struct DemoOptions {
    pub once: bool,
    pub locale: Locale,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo server could not start: {0}")]
    Server(String),
    #[error("demo setup failed: {0}")]
    Setup(String),
    #[error(transparent)]
    App(#[from] AppError),
    #[error("demo step failed: {0}")]
    Step(String),
}

impl Localized for DemoError {
    fn message(&self, locale: Locale) -> String {
        match self {
            DemoError::App(e) => e.message(locale),
            other => match locale {
                Locale::Ja => format!("デモを実行できませんでした（{other}）。"),
                Locale::En => format!("The demo could not run ({other})."),
            },
        }
    }
}

fn step(n: &str, ja: &str, en: &str) {
    println!("\n{n} {ja} / {en}");
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("   {l}\n")).collect()
}

pub async fn run(opts: DemoOptions) -> Result<(), DemoError> {
    let started = Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix("attend-demo-")
        .tempdir()
        .map_err(|e| DemoError::Setup(e.to_string()))?;
    step(
        "①",
        "学会サーバーを起動します",
        "Starting the society server",
    );
    let society = setup::start(tmp.path()).await?;
    let server_url = format!("{}/", society.server.base_url());
    println!("   SQLite: {}", tmp.path().join("server.db").display());
    let bar = Arc::new(SyncBar::new(false));
    let outcome = tokio::select! {
        result = flow(&society, tmp.path(), &opts, Arc::clone(&bar)) => result,
        _ = tokio::signal::ctrl_c() => Ok(None),
    };
    let finished = match outcome {
        Ok(Some(app)) => {
            println!(
                "\n所要時間 / elapsed: {:.1} s",
                started.elapsed().as_secs_f64()
            );
            println!("server: {server_url}");
            // The member page of the same server; the second member has not changed the
            // temporary password, so signing in shows the forced password change.
            println!(
                "member page: {}{}/login",
                society.server.base_url(),
                attend_server::web::BASE
            );
            if let Some(m) = society.notices.get(1) {
                println!(
                    "demo member: {} / {}",
                    m.member_number, m.temporary_password
                );
                println!(
                    "   {}",
                    opts.locale.pick(
                        "（初回ログインでパスワードの変更を求められます）",
                        "(the first sign-in asks for a new password)"
                    )
                );
            }
            if !opts.once {
                println!("Ctrl-C で終了します / Press Ctrl-C to stop.");
                let _ = tokio::signal::ctrl_c().await;
            }
            app.shutdown().await;
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    let _ = society.server.shutdown().await;
    // The folder goes with `tmp`; say so, since a reader may look for it.
    let path = tmp.path().to_owned();
    drop(tmp);
    println!(
        "停止しました（{} を削除） / Stopped ({} removed).",
        path.display(),
        path.display()
    );
    finished
}

/// The demo's steps after the server is up; `Ok(None)` never happens here (it is the
/// Ctrl-C branch of the caller).
async fn flow(
    society: &setup::Society,
    dir: &Path,
    opts: &DemoOptions,
    bar: Arc<SyncBar>,
) -> Result<Option<AttendApp>, DemoError> {
    let locale = opts.locale;
    let (starts, ends) = society.congress_dates;
    step(
        "②",
        "学術総会とセッションを登録します",
        "Creating the congress and its sessions",
    );
    println!("   {} ({starts} – {ends})", setup::CONGRESS_NAME);
    for s in &society.sessions {
        println!(
            "   - {} [{}] {}単位 / {} credit(s)",
            s.title, s.kind_name, s.credit, s.credit
        );
    }

    step(
        "③",
        "会員を取り込み、仮パスワードを発行します",
        "Importing members with temporary passwords",
    );
    for n in &society.notices {
        println!(
            "   {} {}  仮パスワード / temporary password: {}  (期限 / deadline {})",
            n.member_number, n.name_kanji, n.temporary_password, n.update_deadline
        );
    }
    let member = society
        .notices
        .first()
        .ok_or_else(|| DemoError::Setup("no member imported".to_owned()))?;

    step(
        "④",
        "QRコードのポスターを印刷します",
        "Printing the QR posters",
    );
    let posters_dir = dir.join("posters");
    let photos_dir = dir.join("photos");
    for d in [&posters_dir, &photos_dir] {
        std::fs::create_dir_all(d).map_err(|e| DemoError::Setup(e.to_string()))?;
    }
    let opens = format!("{starts} 8:00〜");
    let mut photos = Vec::new();
    for (i, s) in society.sessions.iter().enumerate() {
        let printed = photo::poster(s, &opens);
        let poster_path = posters_dir.join(format!("{}.png", s.id));
        photo::save_png(&printed.image, &poster_path)?;
        match &printed.print_error {
            None => println!("   {} (attend-print, A4 200 dpi)", poster_path.display()),
            Some(e) => println!("   {} (QR only: {e})", poster_path.display()),
        }
        photos.push((i, printed));
    }

    step(
        "⑤",
        "スマートフォンで撮影したように写真にします（斜め・ぼけ・暗さ・ノイズ）",
        "Photographing them as a phone would (perspective, blur, dim light, noise)",
    );
    let mut photo_paths = Vec::new();
    for (i, printed) in photos {
        let shot = photo::photograph(&printed.image, 7 + i as u64);
        let path = photo::save_jpeg(
            &shot,
            &photos_dir.join(format!("{}.jpg", society.sessions[i].id)),
        )?;
        println!("   {} ({}×{})", path.display(), shot.width(), shot.height());
        photo_paths.push(path);
    }
    let [desk, lecture1, lecture2] = photo_paths.as_slice() else {
        return Err(DemoError::Step("three photos expected".to_owned()));
    };

    step(
        "⑥",
        "アプリで仮パスワードを使ってログインします",
        "Logging in to the app with the temporary password",
    );
    let relay = network::Relay::start(society.server.addr())
        .await
        .map_err(|e| DemoError::Server(e.to_string()))?;
    let app = open_app(
        &dir.join("app"),
        &relay.url(),
        true,
        locale,
        Some(Arc::clone(&bar)),
    )?;
    let account = app
        .login(&member.member_number, &member.temporary_password)
        .await?;
    print!("{}", indent(&render::account(&account, locale)));
    let first = app.sync_now().await?;
    println!(
        "   {} ({})",
        first.summary,
        locale.pick("署名鍵・単位規定を取得", "keys and rules fetched")
    );

    step(
        "⑦",
        "ネットワークを切断して読み取ります",
        "Network down: scanning offline",
    );
    relay.down().await;
    app.network_changed(false);
    println!(
        "   {}",
        locale.pick(
            "（中継ポートを閉じ、接続を切断しました）",
            "(the relay port is closed and its connections cut)"
        )
    );
    for path in [desk, lecture1] {
        let view = app.scan_image_file(path)?;
        print!("{}", indent(&render::scan_result(&view, locale)));
    }
    match app.sync_now().await {
        Ok(o) => println!("   ?? {}", o.summary),
        Err(e) => println!(
            "   {}: {}",
            locale.pick("送信失敗", "Sync failed"),
            e.message(locale)
        ),
    }
    let home = app.home()?;
    if let Some(w) = &home.waiting_text {
        println!("   {w}");
    }
    println!(
        "   {}: {}",
        locale.pick("同期", "Sync"),
        home.sync.state_text
    );

    step(
        "⑧",
        "同じQRコードをもう一度読み取ります",
        "Scanning the same code again",
    );
    let again = app.scan_image_file(desk)?;
    print!("{}", indent(&render::scan_result(&again, locale)));

    step(
        "⑨",
        "ネットワークを復旧し、同期します",
        "Network back: syncing",
    );
    relay
        .up()
        .await
        .map_err(|e| DemoError::Server(e.to_string()))?;
    bar.show();
    app.network_changed(true);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let s = app.sync_status();
        if s.state == "idle" && s.waiting == 0 {
            break;
        }
        if Instant::now() > deadline {
            bar.finish();
            return Err(DemoError::Step(format!(
                "sync did not finish: {}",
                s.state_text
            )));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bar.finish();
    let s = app.sync_status();
    println!(
        "   {} {}/{} — {}",
        locale.pick("送信", "Sent"),
        s.sent,
        s.total,
        s.state_text
    );

    step(
        "⑩",
        "接続中にもう1枚読み取ります",
        "One more scan while online",
    );
    let online = app.scan_image_file(lecture2)?;
    print!("{}", indent(&render::scan_result(&online, locale)));
    let outcome = app.sync_now().await?;
    println!("   {}", outcome.summary);

    step(
        "⑪",
        "ホーム画面（出席情報一覧）",
        "Home screen (attendance list)",
    );
    print!("{}", indent(&render::home(&app.home()?, locale)));
    step("⑫", "単位確認", "Credit check");
    print!("{}", indent(&render::credits(&app.credits()?, locale)));
    relay.down().await;
    Ok(Some(app))
}
