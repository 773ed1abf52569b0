//! A minimal HTTP/1.1 server and client over loopback TCP for `demo` (one
//! request per connection, `Content-Length` bodies). Transport only: nothing
//! here knows WeChat Pay.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::util::{CliError, CliResult};

/// A request as received: the method, the target (path + query) exactly as on
/// the request line, the headers, and the raw body bytes.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A response: status, headers, body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Response { status, headers: Vec::new(), body: body.into() }
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

const LIMIT: usize = 1 << 20;

fn bad(what: &str) -> CliError {
    CliError::network(format!("malformed HTTP message: {what}"), "the demo servers talk HTTP/1.1 on 127.0.0.1")
}

fn read_head(reader: &mut BufReader<TcpStream>) -> CliResult<(String, Vec<(String, String)>)> {
    let mut first = String::new();
    reader.read_line(&mut first).map_err(|e| CliError::network(format!("read: {e}"), "retry"))?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).map_err(|e| CliError::network(format!("read: {e}"), "retry"))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if n == 0 || line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').ok_or_else(|| bad("header without ':'"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
        if headers.len() > 100 {
            return Err(bad("too many headers"));
        }
    }
    Ok((first.trim_end_matches(['\r', '\n']).to_owned(), headers))
}

fn read_body(reader: &mut BufReader<TcpStream>, headers: &[(String, String)]) -> CliResult<Vec<u8>> {
    let len = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse::<usize>().map_err(|_| bad("Content-Length")))
        .transpose()?
        .unwrap_or(0);
    if len > LIMIT {
        return Err(bad("body too large"));
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).map_err(|e| CliError::network(format!("read body: {e}"), "retry"))?;
    Ok(body)
}

fn write_message(stream: &mut TcpStream, first: &str, headers: &[(String, String)], body: &[u8]) -> CliResult<()> {
    let mut head = format!("{first}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body))
        .and_then(|()| stream.flush())
        .map_err(|e| CliError::network(format!("write: {e}"), "retry"))
}

/// A server on a free loopback port; each connection is handled on its own thread.
pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start<F>(handler: F) -> CliResult<Server>
    where
        F: Fn(Request) -> Response + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(|e| CliError::network(format!("cannot listen on 127.0.0.1: {e}"), "check loopback networking"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::network(format!("no local address: {e}"), "check loopback networking"))?;
        let stop = Arc::new(AtomicBool::new(false));
        let handler = Arc::new(handler);
        let flag = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let handler = handler.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &*handler);
                });
            }
        });
        Ok(Server { addr, stop })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn serve(stream: TcpStream, handler: &dyn Fn(Request) -> Response) -> CliResult<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut writer = stream.try_clone().map_err(|e| CliError::network(format!("{e}"), "retry"))?;
    let mut reader = BufReader::new(stream);
    let (line, headers) = read_head(&mut reader)?;
    let mut parts = line.splitn(3, ' ');
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(bad("request line"));
    };
    let body = read_body(&mut reader, &headers)?;
    let request = Request { method: method.to_owned(), target: target.to_owned(), headers, body };
    let response = handler(request);
    let reason = match response.status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
    let mut headers = response.headers.clone();
    if !response.body.is_empty() {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    write_message(&mut writer, &format!("HTTP/1.1 {} {reason}", response.status), &headers, &response.body)
}

/// Sends one request to `addr` and reads the whole response.
pub fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> CliResult<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| CliError::network(format!("cannot connect to {addr}: {e}"), "is the server running?"))?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut all = vec![("Host".to_owned(), addr.to_string())];
    all.extend_from_slice(headers);
    if !body.is_empty() {
        all.push(("Content-Type".into(), "application/json".into()));
    }
    write_message(&mut stream, &format!("{method} {target} HTTP/1.1"), &all, body)?;
    let mut reader = BufReader::new(stream);
    let (line, headers) = read_head(&mut reader)?;
    let status = line.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| bad("status line"))?;
    let body = read_body(&mut reader, &headers)?;
    Ok(Response { status, headers, body })
}
