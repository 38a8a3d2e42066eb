//! `attend-server`: serve the API, or run an office command (`attend-server admin …`).

use std::process::ExitCode;

use attend_server::admin::AdminCommand;
use attend_server::config::ConfigArgs;
use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

/// The JSNM attendance and credit server.
///
/// Serves the member app's API (/api/v1/…, OpenAPI at /api/v1/openapi.json) over HTTP,
/// or HTTPS with --tls-cert/--tls-key or --tls-self-signed. Every setting is a flag, an
/// ATTEND_* environment variable, or a key of the --config TOML file (in that order of
/// precedence). Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=attend_server=debug).
/// Stops gracefully on SIGINT or SIGTERM.
#[derive(Debug, Parser)]
#[command(name = "attend-server", version)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Office tools: members, congresses, sessions, keys, imports and exports.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = match cli.config.resolve() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("attend-server: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => match serve(config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("attend-server: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Admin { command } => match attend_server::admin::run(command, &config).await {
            Ok(out) => {
                println!("{out}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("attend-server admin: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

async fn serve(config: attend_server::Config) -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let handle = attend_server::serve(config, listener).await?;
    eprintln!("attend-server listening on {}", handle.base_url());
    shutdown_signal().await;
    tracing::info!("shutting down");
    handle.shutdown().await?;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
