//! A fault-injecting HTTP/1.1 proxy on loopback, between the app's sync client and
//! the real server.
//!
//! It reads whole requests and answers (Content-Length or chunked) so a fault hits one
//! exchange at a precise point, and the mode can be switched while a client syncs. The
//! faults are the ones a venue network produces: the answer lost after the server
//! acted on the request (the ambiguous case that exactly-once is about), a connection
//! reset, an answer cut short, a slow link, and a load balancer answering 500/503 with
//! `Retry-After` on its own.

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the proxy does to the next exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Forward both ways untouched.
    Pass,
    /// Forward the request, wait until the server has answered, then close the
    /// client's connection without a byte of the answer.
    DropAfterRequest,
    /// Hold the request this long before forwarding it.
    Delay(Duration),
    /// Reset the client's connection (RST) as soon as the request is read.
    Reset,
    /// Forward, then send only half of the answer and close.
    Truncate,
    /// Answer this status itself (the server never sees the request), with an
    /// optional `Retry-After` value (seconds or an HTTP date).
    Status {
        code: u16,
        retry_after: Option<String>,
    },
}

/// Counters the tests read to check that faults really happened.
#[derive(Debug, Default)]
pub struct ProxyStats {
    pub requests: AtomicU64,
    pub forwarded: AtomicU64,
    pub faults: AtomicU64,
}

/// One request the proxy forwarded and the answer it passed back, as the tests read
/// them to check what went over the wire (conditional requests, 304s, bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// E.g. `GET /api/v1/attendance`.
    pub request: String,
    /// The request's `If-None-Match`, if any.
    pub if_none_match: Option<String>,
    /// The answer's status code.
    pub status: u16,
    /// The whole answer as sent (head and body).
    pub bytes: usize,
}

impl Exchange {
    fn read(request: &[u8], answer: &[u8]) -> Exchange {
        let request = String::from_utf8_lossy(request);
        let mut lines = request.lines();
        let request_line = lines.next().unwrap_or_default();
        let method_and_path = request_line
            .rsplit_once(' ')
            .map_or(request_line, |(head, _version)| head);
        let if_none_match = lines.take_while(|line| !line.is_empty()).find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("if-none-match")
                .then(|| value.trim().to_owned())
        });
        let status = String::from_utf8_lossy(answer.get(9..12).unwrap_or_default())
            .parse()
            .unwrap_or(0);
        Exchange {
            request: method_and_path.to_owned(),
            if_none_match,
            status,
            bytes: answer.len(),
        }
    }
}

/// The current fault, and the requests it applies to (those whose request line starts
/// with the prefix, e.g. `"POST /api/v1/attendance"`; all when `None`).
type Setting = (Fault, Option<String>);

type Log = Arc<Mutex<Vec<Exchange>>>;

pub struct Proxy {
    addr: SocketAddr,
    fault: Arc<Mutex<Setting>>,
    stats: Arc<ProxyStats>,
    log: Log,
    task: JoinHandle<()>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let fault = Arc::new(Mutex::new((Fault::Pass, None)));
        let stats = Arc::new(ProxyStats::default());
        let log = Log::default();
        let (f, s, l) = (Arc::clone(&fault), Arc::clone(&stats), Arc::clone(&log));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (f, s, l) = (Arc::clone(&f), Arc::clone(&s), Arc::clone(&l));
                tokio::spawn(async move {
                    let _ = serve_connection(client, upstream, f, s, l).await;
                });
            }
        });
        Ok(Proxy {
            addr,
            fault,
            stats,
            log,
            task,
        })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Applies `fault` to every request from now on.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap_or_else(PoisonError::into_inner) = (fault, None);
    }

    /// Applies `fault` only to requests whose request line starts with `prefix`
    /// (e.g. `"POST /api/v1/attendance"`); the others pass.
    pub fn set_only(&self, fault: Fault, prefix: &str) {
        *self.fault.lock().unwrap_or_else(PoisonError::into_inner) =
            (fault, Some(prefix.to_owned()));
    }

    pub fn stats(&self) -> &ProxyStats {
        &self.stats
    }

    pub fn faults(&self) -> u64 {
        self.stats.faults.load(Ordering::Relaxed)
    }

    /// Every exchange passed back to the client whole since the start or the last
    /// [`Proxy::take_exchanges`], oldest first; empties the log.
    pub fn take_exchanges(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve_connection(
    client: TcpStream,
    upstream_addr: SocketAddr,
    fault: Arc<Mutex<Setting>>,
    stats: Arc<ProxyStats>,
    log: Log,
) -> io::Result<()> {
    let mut client = BufReader::new(client);
    let mut upstream: Option<BufReader<TcpStream>> = None;
    loop {
        let Some(request) = read_message(&mut client, false).await? else {
            return Ok(());
        };
        stats.requests.fetch_add(1, Ordering::Relaxed);
        let (mode, only) = fault.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let mode = match only {
            Some(prefix) if !request.starts_with(prefix.as_bytes()) => Fault::Pass,
            _ => mode,
        };
        match mode {
            Fault::Reset => {
                stats.faults.fetch_add(1, Ordering::Relaxed);
                let stream = client.into_inner();
                // Linger 0: close() sends RST instead of FIN.
                stream.set_zero_linger()?;
                drop(stream);
                return Ok(());
            }
            Fault::Status { code, retry_after } => {
                stats.faults.fetch_add(1, Ordering::Relaxed);
                let body = format!("{{\"error\":\"proxy_{code}\"}}");
                let mut head = format!(
                    "HTTP/1.1 {code} Proxy Fault\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                if let Some(value) = retry_after {
                    head.push_str(&format!("retry-after: {value}\r\n"));
                }
                head.push_str("\r\n");
                head.push_str(&body);
                client.get_mut().write_all(head.as_bytes()).await?;
                client.get_mut().shutdown().await?;
                return Ok(());
            }
            Fault::Delay(d) => {
                stats.faults.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(d).await;
            }
            Fault::Pass | Fault::DropAfterRequest | Fault::Truncate => {}
        }
        if upstream.is_none() {
            upstream = Some(BufReader::new(TcpStream::connect(upstream_addr).await?));
        }
        let Some(server) = upstream.as_mut() else {
            return Ok(());
        };
        server.get_mut().write_all(&request).await?;
        stats.forwarded.fetch_add(1, Ordering::Relaxed);
        let Some(answer) = read_message(server, request_is_head(&request)).await? else {
            return Ok(());
        };
        match mode {
            Fault::DropAfterRequest => {
                stats.faults.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            Fault::Truncate => {
                stats.faults.fetch_add(1, Ordering::Relaxed);
                let half = answer.len() / 2;
                client.get_mut().write_all(&answer[..half]).await?;
                client.get_mut().shutdown().await?;
                return Ok(());
            }
            _ => {
                client.get_mut().write_all(&answer).await?;
                log.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(Exchange::read(&request, &answer));
            }
        }
    }
}

fn request_is_head(request: &[u8]) -> bool {
    request.starts_with(b"HEAD ")
}

/// Reads one HTTP/1.1 message (head and body) as raw bytes; `None` at a clean end of
/// the stream before a message starts.
async fn read_message(
    stream: &mut BufReader<TcpStream>,
    no_body: bool,
) -> io::Result<Option<Vec<u8>>> {
    let mut message = Vec::new();
    let mut content_length = None;
    let mut chunked = false;
    let mut status_without_body = false;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = stream.read_until(b'\n', &mut line).await?;
        if n == 0 {
            return if message.is_empty() {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        let text = String::from_utf8_lossy(&line).to_ascii_lowercase();
        if first {
            first = false;
            // 1xx, 204 and 304 answers have no body whatever their headers say.
            if let Some(code) = text.strip_prefix("http/1.1 ").and_then(|r| r.get(..3)) {
                status_without_body = code.starts_with('1') || code == "204" || code == "304";
            }
        }
        message.extend_from_slice(&line);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            break;
        }
        if let Some(v) = trimmed.strip_prefix("content-length:") {
            content_length = v.trim().parse::<usize>().ok();
        }
        if trimmed.starts_with("transfer-encoding:") && trimmed.contains("chunked") {
            chunked = true;
        }
    }
    if no_body || status_without_body {
        return Ok(Some(message));
    }
    if chunked {
        loop {
            let mut size_line = Vec::new();
            stream.read_until(b'\n', &mut size_line).await?;
            message.extend_from_slice(&size_line);
            let size_text = String::from_utf8_lossy(&size_line);
            let size_hex = size_text.trim().split(';').next().unwrap_or("0");
            let size = usize::from_str_radix(size_hex, 16)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
            if size == 0 {
                // Trailers, then the empty line.
                loop {
                    let mut line = Vec::new();
                    stream.read_until(b'\n', &mut line).await?;
                    message.extend_from_slice(&line);
                    if line == b"\r\n" || line.is_empty() {
                        return Ok(Some(message));
                    }
                }
            }
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk).await?;
            message.extend_from_slice(&chunk);
        }
    }
    if let Some(len) = content_length {
        let mut body = vec![0; len];
        stream.read_exact(&mut body).await?;
        message.extend_from_slice(&body);
    }
    Ok(Some(message))
}
