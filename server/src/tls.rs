//! TLS through rustls (ring provider): PEM files given in the configuration, or a
//! self-signed certificate for localhost made with rcgen at startup for the demo.

use std::path::PathBuf;

use axum_server::tls_rustls::RustlsConfig;

use crate::config::TlsSource;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("TLS certificate or key not usable: {0}")]
    Config(String),
    #[error("cannot make a self-signed certificate: {0}")]
    SelfSigned(String),
}

pub struct LoadedTls {
    pub config: RustlsConfig,
    pub cert_pem: String,
}

/// rustls needs one process-wide crypto provider; ring is the one this workspace
/// builds (no aws-lc). Installing twice is harmless.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A certificate and key (PEM) for `names`.
pub fn self_signed(names: &[String]) -> Result<(String, String), TlsError> {
    let certified = rcgen::generate_simple_self_signed(names.to_vec())
        .map_err(|e| TlsError::SelfSigned(e.to_string()))?;
    Ok((certified.cert.pem(), certified.signing_key.serialize_pem()))
}

pub fn load(source: &TlsSource) -> Result<LoadedTls, TlsError> {
    install_crypto_provider();
    let (cert_pem, key_pem) = match source {
        TlsSource::Files { cert, key } => {
            let read = |p: &PathBuf| {
                std::fs::read_to_string(p).map_err(|source| TlsError::Read {
                    path: p.clone(),
                    source,
                })
            };
            (read(cert)?, read(key)?)
        }
        TlsSource::SelfSigned { names } => self_signed(names)?,
    };
    let config = rustls_config(&cert_pem, &key_pem)?;
    Ok(LoadedTls { config, cert_pem })
}

fn rustls_config(cert_pem: &str, key_pem: &str) -> Result<RustlsConfig, TlsError> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TlsError::Config(e.to_string()))?;
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|e| TlsError::Config(e.to_string()))?;
    let mut server = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    server.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(RustlsConfig::from_config(std::sync::Arc::new(server)))
}
