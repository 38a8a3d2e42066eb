//! The demo's venue network: a TCP relay between the app and the server that can be
//! switched off. Off means the relay's port is closed and every open connection is
//! cut, so the app's next request meets a refused connection, exactly as on a phone
//! whose Wi-Fi dropped; nothing in the app is told or mocked.

use std::io;
use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{watch, Mutex};
use tokio::task::JoinHandle;

pub struct Relay {
    addr: SocketAddr,
    target: SocketAddr,
    up: watch::Sender<bool>,
    accept: Mutex<Option<JoinHandle<()>>>,
}

fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    // The port is reopened right after being closed: reuse it despite TIME_WAIT.
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(128)
}

impl Relay {
    /// Opens the relay on a free loopback port, forwarding to `target`.
    pub async fn start(target: SocketAddr) -> io::Result<Relay> {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener.local_addr()?;
        let (up, _) = watch::channel(true);
        let relay = Relay {
            addr,
            target,
            up,
            accept: Mutex::new(None),
        };
        relay.serve(listener).await;
        Ok(relay)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn serve(&self, listener: TcpListener) {
        let mut down = self.up.subscribe();
        let target = self.target;
        let up = self.up.clone();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        if let Ok((client, _)) = accepted {
                            tokio::spawn(forward(client, target, up.subscribe()));
                        }
                    }
                    _ = down.wait_for(|up| !*up) => return,
                }
            }
        });
        *self.accept.lock().await = Some(task);
    }

    /// The network goes down: the port closes and open connections are cut.
    pub async fn down(&self) {
        self.up.send_replace(false);
        if let Some(task) = self.accept.lock().await.take() {
            let _ = task.await;
        }
    }

    /// The network comes back on the same port.
    pub async fn up(&self) -> io::Result<()> {
        let listener = bind(self.addr)?;
        self.up.send_replace(true);
        self.serve(listener).await;
        Ok(())
    }
}

async fn forward(mut client: TcpStream, target: SocketAddr, mut up: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(target).await else {
        return;
    };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = up.wait_for(|up| !*up) => {}
    }
}
