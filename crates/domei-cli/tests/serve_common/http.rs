//! A tiny HTTP/1.1 client over `std::net::TcpStream`, enough for the
//! server tests: one request per connection (`Connection: close`), the
//! response read to the end of the stream, `Content-Length` and chunked
//! bodies. No dependencies, no TLS, no redirects followed.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A response: status, headers in order (names lower-cased), body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON; panics (with the body) if it is not JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response {} is not JSON ({e}): {}",
                self.status,
                excerpt(&self.text())
            )
        })
    }

    /// Panics, showing the body, unless the status is `status`.
    #[track_caller]
    pub fn expect(self, status: u16) -> Response {
        assert_eq!(
            self.status,
            status,
            "expected status {status}, got {}: {}",
            self.status,
            excerpt(&self.text())
        );
        self
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The first 600 characters of `s`, for failure messages.
pub fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(600).collect();
    if out.len() < s.len() {
        out.push_str(" …");
    }
    out
}

/// A client of one server: its address and headers sent with every request.
#[derive(Debug, Clone)]
pub struct Client {
    pub addr: SocketAddr,
    headers: Vec<(String, String)>,
    timeout: Duration,
    split: bool,
}

impl Client {
    /// A client of the server at `addr`, with a 150 s read timeout (longer
    /// than the server's own 120 s request timeout).
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            headers: Vec::new(),
            timeout: Duration::from_secs(150),
            split: false,
        }
    }

    /// This client, also sending header `name: value` with every request.
    pub fn with_header(&self, name: &str, value: &str) -> Client {
        let mut c = self.clone();
        c.headers.push((name.to_string(), value.to_string()));
        c
    }

    /// This client, sending `Authorization: Bearer TOKEN`.
    pub fn bearer(&self, token: &str) -> Client {
        self.with_header("Authorization", &format!("Bearer {token}"))
    }

    /// This client, sending the token in the `domei_token` cookie, as a
    /// browser does after `/login`.
    pub fn cookie(&self, token: &str) -> Client {
        self.with_header("Cookie", &format!("domei_token={token}"))
    }

    /// This client with another read timeout.
    pub fn timeout(&self, t: Duration) -> Client {
        let mut c = self.clone();
        c.timeout = t;
        c
    }

    /// This client, sending a request's head and its body in two writes
    /// (two TCP segments), as many clients do; by default a small request
    /// goes in one write.
    pub fn split_writes(&self) -> Client {
        let mut c = self.clone();
        c.split = true;
        c
    }

    /// `Host`: the address connected to, as a browser would send it (the
    /// server compares `Origin` with it).
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Sends one request and reads the whole response. `headers` come after
    /// the client's own.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        // Errors say at which step they happened.
        let ctx = |what: &'static str| {
            move |e: io::Error| io::Error::new(e.kind(), format!("{what}: {e}"))
        };
        let mut s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(30))
            .map_err(ctx("connecting"))?;
        s.set_read_timeout(Some(self.timeout))?;
        s.set_write_timeout(Some(self.timeout))?;
        s.set_nodelay(true)?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.host()
        );
        if !body.is_empty() || !matches!(method, "GET" | "HEAD") {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        let own = self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        for (k, v) in own.chain(headers.iter().copied()) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let raw = if body.len() <= 256 * 1024 {
            if self.split {
                s.write_all(head.as_bytes())
                    .map_err(ctx("sending the head"))?;
                s.write_all(body).map_err(ctx("sending the body"))?;
            } else {
                let mut all = head.into_bytes();
                all.extend_from_slice(body);
                s.write_all(&all).map_err(ctx("sending the request"))?;
            }
            read_all(&mut s).map_err(ctx("reading the response"))?
        } else {
            // A large body is written from another thread while this one
            // reads: the server may answer (413) and close before taking
            // all of it, and the answer must not be lost to a failed write.
            s.write_all(head.as_bytes())
                .map_err(ctx("sending the head"))?;
            let mut w = s.try_clone()?;
            std::thread::scope(|sc| {
                sc.spawn(move || {
                    let _ = w.write_all(body);
                });
                read_all(&mut s)
            })
            .map_err(ctx("reading the response"))?
        };
        parse(&raw)
    }

    /// `GET path`; panics on an I/O error.
    #[track_caller]
    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], &[])
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// `POST path` with a JSON body; panics on an I/O error.
    #[track_caller]
    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// `POST path` with a form body (`application/x-www-form-urlencoded`),
    /// as a page's form sends it; panics on an I/O error.
    #[track_caller]
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            body.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }
}

/// Reads until the server closes the connection. A reset after some bytes
/// arrived keeps those bytes (a server may reset a connection whose
/// request body it did not read, right after answering).
fn read_all(s: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(out),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if !out.is_empty()
                    && matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted
                    ) =>
            {
                return Ok(out)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("timed out after {} bytes", out.len()),
                ))
            }
            Err(e) => return Err(e),
        }
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Parses a whole response (head and body, as read to the end).
pub fn parse(raw: &[u8]) -> io::Result<Response> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad(format!("no complete response head in {} bytes", raw.len())))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| bad("a response head not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad(format!("bad status line {status_line:?}")))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let find = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let chunked = find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(n) = find("content-length") {
        let n: usize = n.parse().map_err(|_| bad("bad Content-Length"))?;
        if rest.len() < n {
            return Err(bad(format!("body cut short: {} of {n} bytes", rest.len())));
        }
        rest[..n].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Decodes a chunked body (trailers ignored).
fn dechunk(mut b: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| bad("chunked body cut short"))?;
        let size_text = std::str::from_utf8(&b[..eol]).map_err(|_| bad("bad chunk size"))?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| bad(format!("bad chunk size {size_text:?}")))?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if b.len() < size + 2 {
            return Err(bad("chunk cut short"));
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

/// Percent-encodes a form field (`application/x-www-form-urlencoded`).
pub fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
