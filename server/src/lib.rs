//! The society server: members and login, congresses and sessions, signing keys and
//! codes, idempotent attendance upload, history, and the office's tools.
//!
//! Embeddable: [`serve`] takes a resolved [`Config`] and a bound listener and returns a
//! [`ServerHandle`], so integration tests, the load benchmark and the demo run the real
//! server in-process on a loopback port; `main.rs` only parses arguments.

pub mod admin;
pub mod api;
pub mod codes;
pub mod config;
pub mod credentials;
pub mod error;
pub mod history;
pub mod keyring;
pub mod signin;
pub mod store;
pub mod tls;
pub mod verify;
pub mod web;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{Config, TlsSource};
pub use store::Store;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Keyring(#[from] keyring::KeyringError),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
}

/// A running server. Dropping it does not stop the server; call [`ServerHandle::shutdown`].
pub struct ServerHandle {
    addr: SocketAddr,
    tls_cert_pem: Option<String>,
    store: Store,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl ServerHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` or `https://localhost:PORT`.
    pub fn base_url(&self) -> String {
        match self.tls_cert_pem {
            Some(_) => format!("https://localhost:{}", self.addr.port()),
            None => format!("http://{}", self.addr),
        }
    }

    /// The certificate served over TLS (PEM), for a client to trust a self-signed one.
    pub fn tls_cert_pem(&self) -> Option<&str> {
        self.tls_cert_pem.as_deref()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stops accepting connections, lets requests in flight finish, closes the database.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = match (&mut self.task).await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e.to_string())),
        };
        self.store.close().await;
        result
    }
}

/// Opens the database (migrating it), checks the key folder (making the first key if
/// there is none), and serves the API on `listener` until [`ServerHandle::shutdown`].
pub async fn serve(config: Config, listener: TcpListener) -> Result<ServerHandle, ServeError> {
    tls::install_crypto_provider();
    let store = Store::open(&config.database_url, config.max_connections).await?;
    keyring::ensure_key(&store, &config.key_dir, &config.society).await?;
    let addr = listener.local_addr()?;
    let tls = match &config.tls {
        Some(source) => Some(tls::load(source)?),
        None => None,
    };
    let state = Arc::new(api::AppState {
        verifier: verify::Verifier::new(&config.society),
        store: store.clone(),
        config,
    });
    let app = api::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopped) = oneshot::channel::<()>();
    let tls_cert_pem = tls.as_ref().map(|t| t.cert_pem.clone());
    let task = match tls {
        None => tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        }),
        Some(tls) => {
            let handle = axum_server::Handle::new();
            let waiter = handle.clone();
            tokio::spawn(async move {
                let _ = stopped.await;
                waiter.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            let std_listener = listener.into_std()?;
            let server = axum_server::from_tcp_rustls(std_listener, tls.config)?.handle(handle);
            tokio::spawn(async move { server.serve(app).await })
        }
    };
    tracing::info!(%addr, backend = ?store.backend(), tls = tls_cert_pem.is_some(), "serving");
    Ok(ServerHandle {
        addr,
        tls_cert_pem,
        store,
        stop: Some(stop),
        task,
    })
}
