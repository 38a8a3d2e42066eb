//! The society server as the kill loop runs it: the real `attend-server` library on a
//! fixed loopback port over a prepared database, until it is killed.
//!
//! Usage: `kill-server DATABASE_PATH KEY_DIR PORT`

use std::net::SocketAddr;
use std::time::Duration;

use attend_server::Config;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("kill-server: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, keys, port] = args.as_slice() else {
        return Err("usage: kill-server DATABASE_PATH KEY_DIR PORT".into());
    };
    let port: u16 = port.parse()?;
    let mut config = Config::new(&format!("sqlite:{db}"), std::path::Path::new(keys));
    config.listen = SocketAddr::from(([127, 0, 0, 1], port));
    // The port of a killed predecessor may linger for a moment.
    let mut tries = 0;
    let listener = loop {
        match tokio::net::TcpListener::bind(config.listen).await {
            Ok(l) => break l,
            Err(e) if tries < 100 => {
                tries += 1;
                let _ = e;
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    let _server = attend_server::serve(config, listener).await?;
    println!("listening");
    std::future::pending::<()>().await;
    Ok(())
}
