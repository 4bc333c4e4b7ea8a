//! A scripted HTTP/1.1 server on 127.0.0.1 for Papershelf's tests and
//! benchmarks: it logs every request it gets (with the time it came in)
//! and answers as the test's handler says, down to cutting a body short or
//! trickling it. It runs on its own thread and runtime, so sync tests, async
//! tests and other processes can all talk to it. A dev-dependency only
//! (`publish = false`); it uses nothing but std and tokio, and lopdf for
//! the small PDFs of [`pdf`].

pub mod pdf;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Its number among all requests to this server, from 0.
    pub seq: usize,
    pub at: Instant,
    pub method: String,
    pub path: String,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
}

impl Hit {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the body goes out.
#[derive(Debug, Clone, Copy)]
pub enum Delivery {
    Whole,
    /// Announce the full length, send this many bytes, then close.
    CutAfter(usize),
    /// Send `chunk` bytes, pause, and so on.
    Trickle {
        chunk: usize,
        pause: Duration,
    },
    /// Chunked transfer encoding, without a length up front.
    Chunked,
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Arc<[u8]>,
    pub delivery: Delivery,
}

impl Reply {
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Arc::from(&b""[..]),
            delivery: Delivery::Whole,
        }
    }

    pub fn body(status: u16, content_type: &str, body: Arc<[u8]>) -> Reply {
        Reply {
            body,
            ..Reply::status(status)
        }
        .header("content-type", content_type)
    }

    pub fn pdf(body: Arc<[u8]>) -> Reply {
        Reply::body(200, "application/pdf", body)
    }

    /// A PDF served as a file server does: byte ranges, a strong ETag, and
    /// a 206 for a `Range` whose `If-Range` still matches.
    pub fn ranged(hit: &Hit, body: Arc<[u8]>, etag: &str) -> Reply {
        let start = hit
            .header("range")
            .and_then(|r| r.strip_prefix("bytes="))
            .and_then(|r| r.strip_suffix('-'))
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| hit.header("if-range").is_none_or(|v| v == etag));
        let reply = match start {
            Some(start) if start < body.len() => {
                let total = body.len();
                Reply::body(206, "application/pdf", Arc::from(&body[start..])).header(
                    "content-range",
                    &format!("bytes {start}-{}/{total}", total - 1),
                )
            }
            Some(_) => {
                Reply::status(416).header("content-range", &format!("bytes */{}", body.len()))
            }
            None => Reply::pdf(body),
        };
        reply.header("accept-ranges", "bytes").header("etag", etag)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn delivery(mut self, delivery: Delivery) -> Reply {
        self.delivery = delivery;
        self
    }
}

type Handler = dyn Fn(&Hit) -> Reply + Send + Sync;

pub struct Server {
    addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Hit) -> Reply + Send + Sync + 'static) -> Server {
        let handler: Arc<Handler> = Arc::new(handler);
        let hits = Arc::new(Mutex::new(Vec::new()));
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        std_listener.set_nonblocking(true).unwrap();
        let addr = std_listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let log = hits.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                let accept = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let _ = stream.set_nodelay(true);
                        tokio::spawn(connection(stream, handler.clone(), log.clone()));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stopped => {}
                }
            });
            rt.shutdown_background();
        });
        Server {
            addr,
            hits,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// Requests whose path is `path`.
    pub fn hits_on(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path == path).collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn connection(stream: TcpStream, handler: Arc<Handler>, hits: Arc<Mutex<Vec<Hit>>>) {
    let mut stream = BufReader::new(stream);
    loop {
        let mut line = String::new();
        match stream.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
            return;
        };
        let (method, path) = (method.to_owned(), path.to_owned());
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            match stream.read_line(&mut h).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
            }
        }
        let hit = {
            let mut log = hits.lock().unwrap();
            let hit = Hit {
                seq: log.len(),
                at: Instant::now(),
                method,
                path,
                headers,
            };
            log.push(hit.clone());
            hit
        };
        let reply = handler(&hit);
        if respond(stream.get_mut(), &reply).await.is_err() {
            return;
        }
        if matches!(reply.delivery, Delivery::CutAfter(_)) {
            return;
        }
    }
}

async fn respond(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Whatever\r\n", reply.status);
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    match reply.delivery {
        Delivery::Chunked => head.push_str("transfer-encoding: chunked\r\n"),
        _ => head.push_str(&format!("content-length: {}\r\n", reply.body.len())),
    }
    if matches!(reply.delivery, Delivery::CutAfter(_)) {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    let body = &reply.body[..];
    match reply.delivery {
        Delivery::Whole => stream.write_all(body).await?,
        Delivery::CutAfter(n) => {
            stream.write_all(&body[..n.min(body.len())]).await?;
            stream.flush().await?;
            stream.shutdown().await?;
        }
        Delivery::Trickle { chunk, pause } => {
            for piece in body.chunks(chunk.max(1)) {
                stream.write_all(piece).await?;
                stream.flush().await?;
                tokio::time::sleep(pause).await;
            }
        }
        Delivery::Chunked => {
            for piece in body.chunks(16 * 1024) {
                stream
                    .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                    .await?;
                stream.write_all(piece).await?;
                stream.write_all(b"\r\n").await?;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
    }
    stream.flush().await
}

/// A body that starts like a PDF, `len` bytes long, with varied filler so a
/// wrong offset shows in its hash.
pub fn pdf_body(len: usize) -> Arc<[u8]> {
    let mut body = b"%PDF-1.5\n".to_vec();
    let mut x: u32 = 12345;
    while body.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        body.push((x >> 16) as u8);
    }
    body.truncate(len);
    Arc::from(body)
}
