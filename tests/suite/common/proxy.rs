//! A recording HTTP proxy in front of the emulator: every request the
//! binary sends passes through it, and the test reads what was sent. The
//! read-only proof uses it to show that no mutating request left dsadmin —
//! whatever the emulator implements, since the record is taken before the
//! request is forwarded.
//!
//! One request per connection: the proxy forwards it with
//! `Connection: close`, relays the whole answer and closes, so it never has
//! to find where one pipelined request ends and the next begins.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the proxy saw of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// `X-Amz-Target` of the JSON protocols (SageMaker, Glue, ECR), e.g.
    /// `AWSGlue.StartJobRun`.
    pub target: Option<String>,
    /// The body, lossily decoded (STS's query protocol names its action there).
    pub body: String,
}

impl Seen {
    /// The operation name: the `X-Amz-Target` suffix, STS's `Action=`, or
    /// `METHOD path` for REST protocols (S3, CodeArtifact).
    pub fn operation(&self) -> String {
        if let Some(target) = &self.target {
            return target.rsplit('.').next().unwrap_or(target).to_owned();
        }
        if let Some(action) = self
            .body
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
        {
            return action.to_owned();
        }
        // rpc-v2-cbor (CloudWatch) names the operation in the path.
        if let Some((_, op)) = self.path.split_once("/operation/") {
            return op.split(['?', '/']).next().unwrap_or(op).to_owned();
        }
        format!("{} {}", self.method, self.path)
    }

    /// Whether the request could change something: any operation whose name
    /// is not a read (Describe/List/Get/BatchGet/Search…), and for REST
    /// protocols any method but GET and HEAD. STS is read-only throughout.
    pub fn is_mutating(&self) -> bool {
        let op = self.operation();
        const READS: [&str; 6] = ["Describe", "List", "Get", "BatchGet", "Search", "Head"];
        if self.target.is_some() || !op.contains(' ') {
            return !READS.iter().any(|r| op.starts_with(r));
        }
        // CodeArtifact's lists are POSTs to these paths (its changes are
        // POSTs to others, e.g. /v1/package/versions/update_status).
        const REST_READS: [&str; 4] = [
            "/v1/domains",
            "/v1/repositories",
            "/v1/packages",
            "/v1/package/versions",
        ];
        let path = self.path.split('?').next().unwrap_or_default();
        if self.method == "POST" && REST_READS.contains(&path) {
            return false;
        }
        !matches!(self.method.as_str(), "GET" | "HEAD")
    }
}

/// The proxy: its address and what it has seen so far.
pub struct RecordingProxy {
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// How the proxy loses the answers of one operation: the request reaches
/// the emulator (the change happens), its answer never reaches dsadmin.
#[derive(Debug, Clone, Copy)]
pub enum Lose {
    /// Held back this long (past the client's attempt timeout), then sent.
    Hold(Duration),
    /// The connection is closed once the emulator has answered.
    Drop,
    /// Never forwarded: answered with AWS's AccessDenied in the protocol's
    /// own shape, naming the IAM action, as for a role without it.
    Refuse,
    /// Never forwarded: answered with HTTP 500 InternalFailure (what moto
    /// says to ListTags on an untagged domain).
    Fail,
    /// Refused as [`Lose::Refuse`], after this long (a slow refusal).
    RefuseAfter(Duration),
}

impl RecordingProxy {
    /// Listens on a free loopback port and forwards to `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> RecordingProxy {
        Self::spawn(upstream, None)
    }

    /// Like [`Self::start`], but every answer to one of `operations` (the
    /// start of what [`Seen::operation`] says, e.g. `StartJobRun` or
    /// `PUT /bucket/key`) is lost the way `lose` says.
    pub fn losing(upstream: u16, operations: &[&str], lose: Lose) -> RecordingProxy {
        let operations = operations.iter().map(|o| (*o).to_owned()).collect();
        Self::spawn(upstream, Some((operations, lose)))
    }

    fn spawn(upstream: u16, losing: Option<(Vec<String>, Lose)>) -> RecordingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let record = record.clone();
                let losing = losing.clone();
                thread::spawn(move || {
                    // A broken connection only loses that request's answer;
                    // the record was already taken.
                    let _ = relay(conn, upstream, &record, losing.as_ref());
                });
            }
        });
        RecordingProxy { port, seen }
    }

    /// How many requests of `operation` (matched as in [`Self::losing`]) the
    /// proxy has seen.
    pub fn count(&self, operation: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.operation().starts_with(operation))
            .count()
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn relay(
    client: TcpStream,
    upstream: u16,
    record: &Mutex<Vec<Seen>>,
    losing: Option<&(Vec<String>, Lose)>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    let mut length = 0usize;
    let mut target = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((&line, ""));
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_owned());
        match name.as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "x-amz-target" => target = Some(value.clone()),
            "connection" => continue,
            _ => {}
        }
        headers.push(line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let seen = Seen {
        method: method.clone(),
        path: path.clone(),
        target,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let lose = losing
        .filter(|(ops, _)| {
            ops.iter()
                .any(|op| seen.operation().starts_with(op.as_str()))
        })
        .map(|(_, lose)| *lose);
    let refused = matches!(lose, Some(Lose::Refuse | Lose::Fail | Lose::RefuseAfter(_)))
        .then(|| refusal(&seen, lose));
    record.lock().unwrap().push(seen);
    if let Some(answer) = refused {
        if let Some(Lose::RefuseAfter(d)) = lose {
            thread::sleep(d);
        }
        let mut client = client;
        client.write_all(&answer)?;
        return client.flush();
    }

    let mut server = TcpStream::connect(("127.0.0.1", upstream))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for h in &headers {
        head.push_str(h);
        head.push_str("\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    server.write_all(head.as_bytes())?;
    server.write_all(&body)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    match lose {
        Some(Lose::Drop) => {
            // Closed without a byte of the answer.
            return client.shutdown(std::net::Shutdown::Both);
        }
        Some(Lose::Hold(d)) => thread::sleep(d),
        Some(Lose::Refuse | Lose::Fail | Lose::RefuseAfter(_)) | None => {}
    }
    let mut client = client;
    client.write_all(&closing(&answer))?;
    client.flush()
}

/// AccessDenied (or a 500) for `seen`, shaped as its protocol answers:
/// STS's query protocol in XML, the JSON protocols with `__type` and the
/// `x-amzn-ErrorType` header (REST-JSON services read the header).
fn refusal(seen: &Seen, lose: Option<Lose>) -> Vec<u8> {
    let op = seen.operation();
    let service = match seen.target.as_deref().and_then(|t| t.split_once('.')) {
        Some(("AWSGlue", _)) => "glue",
        Some(("SageMaker", _)) => "sagemaker",
        Some(("AmazonEC2ContainerRegistry_V20150921", _)) => "ecr",
        Some(("ResourceGroupsTaggingAPI_20170126", _)) => "tag",
        Some(_) => "unknown",
        None if seen.body.contains("Action=") => "sts",
        None => "codeartifact",
    };
    let (status, code, message) = match lose {
        Some(Lose::Fail) => (
            "500 Internal Server Error",
            "InternalFailure",
            "We encountered an internal error. Please try again.".to_owned(),
        ),
        _ => (
            "400 Bad Request",
            "AccessDeniedException",
            format!(
                "User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: {service}:{op} because no identity-based policy allows the {service}:{op} action"
            ),
        ),
    };
    let (content_type, body) = if service == "sts" {
        let code = if code == "AccessDeniedException" {
            "AccessDenied"
        } else {
            code
        };
        (
            "text/xml",
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>"
            ),
        )
    } else {
        (
            "application/x-amz-json-1.1",
            format!(r#"{{"__type":"{code}","message":"{message}"}}"#),
        )
    };
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nx-amzn-ErrorType: {code}\r\nx-amzn-RequestId: r-1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The answer with `Connection: close` in its head, so the client does not
/// try to reuse a connection the proxy is about to close.
fn closing(answer: &[u8]) -> Vec<u8> {
    let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
        return answer.to_vec();
    };
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut out: Vec<u8> = head
        .split("\r\n")
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect();
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(&answer[end + 4..]);
    out
}
