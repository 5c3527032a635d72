//! A loopback Backend API (std threads, no tokio), a blocking std `HttpClient`, `block_on` and a
//! virtual-clock `RetryEnv`.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use clerk_edge::backend::{HttpClient, RetryEnv};
use clerk_edge::http::{HttpRequest, HttpResponse, TransportError};

use super::bapi_spec::Spec;

/// The secret key the server expects.
pub const SECRET: &str = "sk_test_loopback";

/// Runs a future to completion on this thread (the std client never returns `Pending`).
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

/// What the server does with the next request instead of answering normally.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `Retry-After` (seconds), when given.
    TooMany(Option<u64>),
    /// 500 with a Clerk error body.
    ServerError,
    /// 200 with a body that is not JSON (contains a secret that must not leak).
    Malformed,
    /// Answers normally after this many milliseconds.
    Slow(u64),
    /// A Clerk error body with this status and trace id / `cf-ray`.
    Error(u16, Option<&'static str>, Option<&'static str>),
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub problems: Vec<String>,
    pub answer: Option<serde_json::Value>,
}

impl Seen {
    /// A request header (lowercase name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The loopback server: answers each request per the spec, or with the next queued fault.
pub struct Server {
    pub base: String,
    pub faults: Arc<Mutex<VecDeque<Fault>>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head += &format!("{k}: {v}\r\n");
    }
    head += "\r\n";
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn handle(
    spec: &Spec,
    stream: &mut TcpStream,
    faults: &Mutex<VecDeque<Fault>>,
    seen: &Mutex<Vec<Seen>>,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap();
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map(|(_, v)| v.parse().unwrap())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let (path, qs) = target.split_once('?').unwrap_or((&target, ""));
    let query: Vec<(String, String)> = qs
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let api_path = path.strip_prefix("/v1").unwrap_or(path).to_string();
    let header = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut seen_req = Seen {
        operation_id: String::new(),
        method: method.clone(),
        path: api_path.clone(),
        query: query.clone(),
        headers: headers.clone(),
        body: body.clone(),
        problems: Vec::new(),
        answer: None,
    };
    let fault = faults.lock().unwrap().pop_front();
    let json = |v: &serde_json::Value| serde_json::to_vec(v).unwrap();
    let ct = ("content-type", "application/json".to_string());
    match fault {
        Some(Fault::TooMany(after)) => {
            let mut h = vec![ct];
            if let Some(a) = after {
                h.push(("retry-after", a.to_string()));
            }
            let b = json(
                &serde_json::json!({"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"Slow down"}]}),
            );
            seen.lock().unwrap().push(seen_req);
            return respond(stream, 429, &h, &b);
        }
        Some(Fault::ServerError) => {
            let b = json(
                &serde_json::json!({"errors":[{"code":"internal_clerk_error","message":"Oops","long_message":"Something went wrong"}],"clerk_trace_id":"trace_500"}),
            );
            seen.lock().unwrap().push(seen_req);
            return respond(stream, 500, &[ct], &b);
        }
        Some(Fault::Malformed) => {
            seen.lock().unwrap().push(seen_req);
            return respond(
                stream,
                200,
                &[ct],
                b"{\"id\": \"user_1\", oops sk_live_SECRETVALUE",
            );
        }
        Some(Fault::Error(status, trace, ray)) => {
            let mut b = serde_json::json!({"errors":[{"code":"form_param_invalid","message":"is invalid","long_message":"That is invalid","meta":{"param_name":"x"}}]});
            if let Some(t) = trace {
                b["clerk_trace_id"] = t.into();
            }
            let mut h = vec![ct];
            if let Some(r) = ray {
                h.push(("cf-ray", r.to_string()));
            }
            seen.lock().unwrap().push(seen_req);
            return respond(stream, status, &h, &json(&b));
        }
        Some(Fault::Slow(ms)) => std::thread::sleep(Duration::from_millis(ms)),
        None => {}
    }
    let Some(op) = spec.find(&method, &api_path) else {
        seen_req.problems.push("no such operation".into());
        seen.lock().unwrap().push(seen_req);
        return respond(stream, 404, &[ct], b"{\"errors\":[]}");
    };
    seen_req.operation_id = op.id.clone();
    if header("authorization").as_deref() != Some(&format!("Bearer {SECRET}")) {
        seen_req.problems.push("bad authorization".into());
    }
    if header("clerk-api-version").as_deref() != Some("2026-05-12") {
        seen_req.problems.push("bad clerk-api-version".into());
    }
    if !header("user-agent")
        .unwrap_or_default()
        .starts_with("clerk-edge/")
    {
        seen_req.problems.push("bad user-agent".into());
    }
    let content_type = header("content-type").unwrap_or_default();
    seen_req
        .problems
        .extend(spec.check_request(op, &query, &content_type, &body));
    if !seen_req.problems.is_empty() {
        let b = json(
            &serde_json::json!({"errors":[{"code":"spec_mismatch","message":seen_req.problems.join("; ")}]}),
        );
        seen.lock().unwrap().push(seen_req);
        return respond(stream, 400, &[ct], &b);
    }
    let (status, answer) = spec.sample_response(op);
    let b = answer.as_ref().map(json).unwrap_or_default();
    seen_req.answer = answer;
    seen.lock().unwrap().push(seen_req);
    respond(stream, status, &[ct], &b);
}

impl Server {
    /// Starts the server on 127.0.0.1 (an ephemeral port) in a background thread.
    pub fn start(spec: Arc<Spec>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let faults = Arc::new(Mutex::new(VecDeque::new()));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (f, s) = (faults.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let (spec, f, s) = (spec.clone(), f.clone(), s.clone());
                std::thread::spawn(move || handle(&spec, &mut stream, &f, &s));
            }
        });
        Self { base, faults, seen }
    }

    /// Queues faults for the next requests.
    pub fn fault(&self, faults: &[Fault]) {
        self.faults.lock().unwrap().extend(faults.iter().cloned());
    }

    /// Takes the requests seen so far.
    pub fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// A blocking HTTP/1.1 client over `std::net::TcpStream` (one connection per request).
pub struct StdHttp {
    pub timeout: Duration,
}

impl HttpClient for StdHttp {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, TransportError> {
        let rest = req.url.strip_prefix("http://").expect("http URL");
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let net = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                TransportError::Timeout
            }
            _ => TransportError::Network(e.to_string()),
        };
        let mut s = TcpStream::connect(host).map_err(net)?;
        s.set_read_timeout(Some(self.timeout)).unwrap();
        let body = req.body.unwrap_or_default();
        let mut head = format!(
            "{} {path} HTTP/1.1\r\nhost: {host}\r\ncontent-length: {}\r\nconnection: close\r\n",
            req.method,
            body.len()
        );
        for (k, v) in &req.headers {
            head += &format!("{k}: {v}\r\n");
        }
        head += "\r\n";
        s.write_all(head.as_bytes()).map_err(net)?;
        s.write_all(&body).map_err(net)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).map_err(net)?;
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| TransportError::Network("no header end".into()))?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Ok(HttpResponse {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        })
    }
}

/// A virtual clock: `sleep` advances it instantly and records the wait.
#[derive(Default)]
pub struct VirtualTime {
    pub now: Cell<u64>,
    pub sleeps: RefCell<Vec<u64>>,
}

impl RetryEnv for &VirtualTime {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        0.5
    }
    async fn sleep(&self, ms: u64) {
        self.sleeps.borrow_mut().push(ms);
        self.now.set(self.now.get() + ms);
    }
}
