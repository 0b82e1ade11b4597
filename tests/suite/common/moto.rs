//! The live-test harness: one moto server per test binary, on a free loopback port.
//!
//! `moto::guard()` starts the server the first time it is called (through
//! tests/support/moto_server.py, which exits when this process dies, so nothing is
//! left running), then takes a process-wide lock — tests in one binary run on
//! parallel threads and share the server — and resets moto's state and IAM
//! enforcement, so every test starts from an empty estate whatever ran before it.
//!
//! If the server cannot start, every test that asks for it panics with the command,
//! the log and how to install moto: a live test never passes without its emulator.
//!
//! Credentials: the tests never see the developer's own. `guard()` clears the AWS_*
//! variables that could point elsewhere and points the SDK at a credentials file of
//! our own whose `[default]` profile holds moto's dummy `testing` keys. A file rather
//! than AWS_ACCESS_KEY_ID because the SDK's default chain puts environment
//! credentials before any named profile: with them set, the AccessDenied test could
//! not switch to its policy-less user through `--profile`, as a person would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

/// The region every live test seeds and reads.
pub const REGION: &str = "eu-west-2";

/// dsadmin's own AWS cloud talking to `endpoint` (moto, or a proxy in
/// front of it) in the test region, one attempt per call: a refused or
/// failed call is not retried, so request counts are exact.
pub async fn connect_once(endpoint: String) -> dsadmin::cloud::Cloud {
    connect_once_as(endpoint, None).await
}

/// [`connect_once`] with the credentials of `profile` (None: the default).
async fn connect_once_as(endpoint: String, profile: Option<&str>) -> dsadmin::cloud::Cloud {
    dsadmin::cloud::aws::connect(&dsadmin::cloud::aws::AwsOptions {
        profile: profile.map(str::to_owned),
        endpoint_url: Some(endpoint),
        region: Some(REGION.to_owned()),
        max_attempts: 1,
        initial_backoff: Duration::from_millis(1),
        ..Default::default()
    })
    .await
    .unwrap()
}
/// moto's default account: every ARN it mints carries it.
pub const ACCOUNT: &str = "123456789012";
/// The pinned emulator version scripts/test installs.
pub const MOTO_VERSION: &str = "5.2.5";

/// How long moto may take to come up (importing it takes a few seconds on a cold disk).
const START_TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    port: u16,
    log: PathBuf,
    /// Kept so the server lives as long as this process: dropping neither kills it
    /// nor closes its stdin (statics are never dropped); the process exit does both.
    _child: Mutex<Child>,
    _stdin: Mutex<ChildStdin>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static LOCK: Mutex<()> = Mutex::new(());
static ENV: OnceLock<PathBuf> = OnceLock::new();

/// Exclusive use of the shared moto server for one test, on a freshly reset estate.
pub struct MotoGuard {
    _lock: MutexGuard<'static, ()>,
    port: u16,
}

/// Starts moto (once per test binary), waits for the lock, and resets the estate.
/// Panics with a clear message when the emulator cannot start.
pub fn guard() -> MotoGuard {
    test_env();
    let server = match SERVER.get_or_init(start) {
        Ok(s) => s,
        Err(message) => panic!("{message}"),
    };
    // A test that panicked while holding the lock poisons it; the next one resets
    // the estate anyway, so the poison carries no meaning here.
    let lock = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let guard = MotoGuard {
        _lock: lock,
        port: server.port,
    };
    // Write the dummy credentials afresh: a previous test may have added a profile.
    write_credentials(&[]);
    guard.reset_auth(false);
    guard.reset();
    guard
}

/// Sets up the process environment for the SDK, once, before any client is built:
/// no instance-metadata lookups (they would hang for seconds off EC2), dummy
/// credentials from our own files, the test region, and nothing inherited that
/// could send a request anywhere but 127.0.0.1. Returns the directory of the files.
pub fn test_env() -> &'static Path {
    ENV.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("moto-aws-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config"),
            format!("[default]\nregion = {REGION}\n"),
        )
        .unwrap();
        let inherited: Vec<String> = std::env::vars()
            .map(|(k, _)| k)
            .filter(|k| {
                k.starts_with("AWS_ENDPOINT_URL")
                    || matches!(
                        k.as_str(),
                        "AWS_ACCESS_KEY_ID"
                            | "AWS_MAX_ATTEMPTS"
                            | "AWS_RETRY_MODE"
                            | "AWS_SECRET_ACCESS_KEY"
                            | "AWS_SESSION_TOKEN"
                            | "AWS_PROFILE"
                            | "AWS_DEFAULT_PROFILE"
                            | "AWS_ROLE_ARN"
                            | "AWS_WEB_IDENTITY_TOKEN_FILE"
                            | "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
                            | "AWS_CONTAINER_CREDENTIALS_FULL_URI"
                            | "AWS_USE_FIPS_ENDPOINT"
                            | "AWS_USE_DUALSTACK_ENDPOINT"
                    )
            })
            .collect();
        // Safe in practice: this runs once, inside OnceLock's initialiser, which every
        // test passes through before it builds a client or reads the environment.
        for k in inherited {
            std::env::remove_var(k);
        }
        std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
        std::env::set_var("AWS_CONFIG_FILE", dir.join("config"));
        std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"));
        std::env::set_var("AWS_REGION", REGION);
        std::env::set_var("AWS_DEFAULT_REGION", REGION);
        std::env::set_var("NO_PROXY", "127.0.0.1");
        write_credentials_in(&dir, &[]);
        dir
    })
}

/// Rewrites the shared credentials file: `[default]` with moto's dummy keys, plus
/// the given `(profile, access key id, secret)` entries. Written whole and renamed
/// into place, so a concurrent reader never sees half a file.
pub fn write_credentials(profiles: &[(&str, &str, &str)]) {
    write_credentials_in(test_env(), profiles);
}

fn write_credentials_in(dir: &Path, profiles: &[(&str, &str, &str)]) {
    // One writer at a time: the network test writes without holding the moto lock.
    static WRITING: Mutex<()> = Mutex::new(());
    let _writing = WRITING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut text =
        String::from("[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n");
    for (name, id, secret) in profiles {
        text.push_str(&format!(
            "[{name}]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n"
        ));
    }
    let tmp = dir.join("credentials.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(tmp, dir.join("credentials")).unwrap();
}

/// The Python interpreter that has moto: `DSADMIN_MOTO` (scripts/test exports it),
/// else the project's `.venv`.
fn python() -> PathBuf {
    std::env::var_os("DSADMIN_MOTO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"))
}

fn install_hint() -> String {
    format!(
        "Install the emulator with `scripts/test` (it creates .venv and installs moto there), \
         or by hand: `python3 -m venv .venv && .venv/bin/pip install \"moto[server]=={MOTO_VERSION}\"`; \
         or set DSADMIN_MOTO to a Python interpreter that has moto[server] installed."
    )
}

/// Removes logs and credential folders that earlier runs left in the target's tmp
/// directory (each run names its own by process id), once they are a day old.
fn prune_old_runs(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let ours = name.starts_with("moto-server-") || name.starts_with("moto-aws-");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(24 * 3600));
        if ours && old {
            let _ = std::fs::remove_dir_all(entry.path());
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn start() -> Result<Server, String> {
    prune_old_runs(Path::new(env!("CARGO_TARGET_TMPDIR")));
    let python = python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/moto_server.py");
    let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("moto-server-{}.log", std::process::id()));
    let command = format!("{} {} {MOTO_VERSION}", python.display(), script.display());
    let fail = |what: String| {
        let tail = std::fs::read_to_string(&log)
            .map(|t| {
                let lines: Vec<&str> = t.lines().collect();
                lines[lines.len().saturating_sub(30)..].join("\n")
            })
            .unwrap_or_default();
        format!(
            "live tests need moto server, and it did not start: {what}\n  command: {command}\n  log: {}\n{}\n{}",
            log.display(),
            if tail.is_empty() { String::new() } else { format!("--- last lines of the log ---\n{tail}\n---") },
            install_hint()
        )
    };
    if !python.exists() {
        return Err(fail(format!("{} does not exist", python.display())));
    }
    let log_file =
        std::fs::File::create(&log).map_err(|e| fail(format!("cannot create the log: {e}")))?;
    let mut child = Command::new(&python)
        .arg(&script)
        .arg(MOTO_VERSION)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .map_err(|e| fail(format!("cannot run it: {e}")))?;
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();

    // The launcher binds port 0 itself and prints the port it got: no window in
    // which another process could take a port we picked. Read it on a thread so a
    // hung interpreter cannot hang the test past the timeout.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|_| line));
    });
    let port = match rx.recv_timeout(START_TIMEOUT) {
        Ok(Ok(line)) => match line
            .trim()
            .strip_prefix("port=")
            .and_then(|p| p.parse::<u16>().ok())
        {
            Some(port) => port,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!("it exited or printed no port (got {line:?})")));
            }
        },
        Ok(Err(e)) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail(format!("reading its port failed: {e}")));
        }
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(fail(format!("no port within {}s", START_TIMEOUT.as_secs())));
        }
    };

    // Ready means the moto API answers, not just that the socket is bound.
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        match http(port, "GET", "/moto-api/", "") {
            Ok((200, _)) => break,
            Ok(_) | Err(_) if Instant::now() < deadline => {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(fail(format!("it exited with {status}")));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            other => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!(
                    "GET /moto-api/ on 127.0.0.1:{port} did not answer 200 within {}s: {other:?}",
                    START_TIMEOUT.as_secs()
                )));
            }
        }
    }
    Ok(Server {
        port,
        log,
        _child: Mutex::new(child),
        _stdin: Mutex::new(stdin),
    })
}

/// One HTTP/1.1 request to moto over a plain socket (no HTTP crate needed for the
/// three control calls). Returns the status and the body.
fn http(port: u16, method: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    // Content-Type matters: with a form type Flask would swallow the body, and
    // moto's reset-auth reads the raw body.
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes())?;
    let _ = stream.shutdown(Shutdown::Write);
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {response:.200}")))?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

impl MotoGuard {
    /// `http://127.0.0.1:PORT`, the endpoint every client of this test talks to.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where the server's output goes, for failure messages.
    pub fn log(&self) -> PathBuf {
        match SERVER.get() {
            Some(Ok(s)) => s.log.clone(),
            _ => PathBuf::new(),
        }
    }

    /// POSTs to moto's control API and insists on success (200, or 201 for the
    /// static-result endpoints).
    pub fn post(&self, path: &str, body: &str) -> String {
        match http(self.port, "POST", path, body) {
            Ok((200..=299, body)) => body,
            other => panic!(
                "moto control call POST {path} failed: {other:?} (server log: {})",
                self.log().display()
            ),
        }
    }

    /// Wipes every resource of every service.
    pub fn reset(&self) {
        self.post("/moto-api/reset", "");
    }

    /// Turns IAM enforcement on (`0`: from the next request on, every call must be
    /// allowed by a policy of a real moto IAM user) or off (`inf`: never enforce).
    /// Seed before turning it on: moto's dummy `testing` keys are no IAM user.
    pub fn reset_auth(&self, enabled: bool) {
        self.post("/moto-api/reset-auth", if enabled { "0" } else { "inf" });
    }

    /// The SDK configuration for seeding: moto's endpoint, the test region, the dummy
    /// keys, one attempt (a call moto lacks answers 500 at once instead of after retries).
    pub async fn sdk_config(&self) -> SdkConfig {
        aws_config::defaults(BehaviorVersion::latest())
            .endpoint_url(self.endpoint())
            .region(Region::new(REGION))
            .credentials_provider(Credentials::new(
                "testing",
                "testing",
                None,
                None,
                "moto-tests",
            ))
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .load()
            .await
    }

    pub async fn sagemaker(&self) -> aws_sdk_sagemaker::Client {
        aws_sdk_sagemaker::Client::new(&self.sdk_config().await)
    }

    pub async fn glue(&self) -> aws_sdk_glue::Client {
        aws_sdk_glue::Client::new(&self.sdk_config().await)
    }

    pub async fn ecr(&self) -> aws_sdk_ecr::Client {
        aws_sdk_ecr::Client::new(&self.sdk_config().await)
    }

    /// dsadmin's cloud as a new IAM user allowed `policy`, with moto's
    /// authorization on (call `reset_auth(false)` when done).
    pub async fn cloud_as(&self, user: &str, policy: &serde_json::Value) -> dsadmin::cloud::Cloud {
        let (key_id, secret) = self.iam_user(user, Some(policy));
        write_credentials(&[(user, &key_id, &secret)]);
        self.reset_auth(true);
        connect_once_as(self.endpoint(), Some(user)).await
    }

    pub async fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.sdk_config().await)
    }

    /// A customer managed policy; its ARN.
    pub async fn create_policy(&self, name: &str, document: &serde_json::Value) -> String {
        let out = self
            .iam()
            .await
            .create_policy()
            .policy_name(name)
            .policy_document(document.to_string())
            .send()
            .await
            .unwrap();
        out.policy().unwrap().arn().unwrap().to_owned()
    }

    /// An execution role SageMaker and Glue may assume, with these inline
    /// policies `(name, document)` and these managed policies attached.
    pub async fn create_role(
        &self,
        name: &str,
        inline: &[(&str, serde_json::Value)],
        attached: &[&str],
    ) -> String {
        let iam = self.iam().await;
        let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": ["sagemaker.amazonaws.com", "glue.amazonaws.com"]}}]});
        let role = iam
            .create_role()
            .role_name(name)
            .assume_role_policy_document(trust.to_string())
            .send()
            .await
            .unwrap();
        for (policy, document) in inline {
            iam.put_role_policy()
                .role_name(name)
                .policy_name(*policy)
                .policy_document(document.to_string())
                .send()
                .await
                .unwrap();
        }
        for arn in attached {
            iam.attach_role_policy()
                .role_name(name)
                .policy_arn(*arn)
                .send()
                .await
                .unwrap();
        }
        role.role().unwrap().arn().to_owned()
    }

    pub async fn logs(&self) -> aws_sdk_cloudwatchlogs::Client {
        aws_sdk_cloudwatchlogs::Client::new(&self.sdk_config().await)
    }

    /// Log group `group` (created if new) gets stream `stream` with these
    /// `(milliseconds since the epoch, message)` events.
    pub async fn put_logs(&self, group: &str, stream: &str, events: &[(i64, &str)]) {
        use aws_sdk_cloudwatchlogs::types::InputLogEvent;
        let logs = self.logs().await;
        let _ = logs.create_log_group().log_group_name(group).send().await;
        logs.create_log_stream()
            .log_group_name(group)
            .log_stream_name(stream)
            .send()
            .await
            .unwrap();
        let mut put = logs
            .put_log_events()
            .log_group_name(group)
            .log_stream_name(stream);
        for (t, message) in events {
            put = put.log_events(
                InputLogEvent::builder()
                    .timestamp(*t)
                    .message(*message)
                    .build()
                    .unwrap(),
            );
        }
        put.send().await.unwrap();
    }

    /// Creates IAM user `name` with `policy` as its one inline policy (none
    /// when `None`) and returns its access key id and secret. Done with the
    /// boto3 that moto server brings along rather than the Rust IAM client:
    /// the IAM SDK crate would cost every cold build a minute and a half for
    /// the few calls the tests make. Seed before `reset_auth(true)`.
    pub fn iam_user(&self, name: &str, policy: Option<&serde_json::Value>) -> (String, String) {
        const SCRIPT: &str = r#"
import json, os, boto3
iam = boto3.client("iam", endpoint_url=os.environ["MOTO_ENDPOINT"], region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
name = os.environ["IAM_USER"]
iam.create_user(UserName=name)
policy = os.environ.get("IAM_POLICY")
if policy:
    iam.put_user_policy(UserName=name, PolicyName=name + "-policy", PolicyDocument=policy)
key = iam.create_access_key(UserName=name)["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
"#;
        let mut cmd = Command::new(python());
        cmd.arg("-c")
            .arg(SCRIPT)
            .env("MOTO_ENDPOINT", self.endpoint())
            .env("IAM_USER", name)
            .env_remove("AWS_PROFILE");
        if let Some(policy) = policy {
            cmd.env("IAM_POLICY", policy.to_string());
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
        assert!(
            out.status.success(),
            "creating IAM user {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let mut words = text.split_whitespace();
        match (words.next(), words.next()) {
            (Some(id), Some(secret)) => (id.to_owned(), secret.to_owned()),
            _ => panic!("no access key for IAM user {name} in {text:?}"),
        }
    }

    /// Creates an organization (the dummy account as its management
    /// account) with one member account per name, and returns their ids in
    /// order. Done with moto's own boto3, as [`Self::iam_user`] is (the
    /// Organizations SDK crate is for dsadmin, not for seeding). Seed before
    /// `reset_auth(true)`.
    pub fn organization(&self, names: &[&str]) -> Vec<String> {
        self.organization_with(names, None)
    }

    /// [`Self::organization`], with `role_policy` (when given) as the inline
    /// policy of `OrganizationAccountAccessRole` in each member account:
    /// what the role may do there once IAM enforcement is on.
    pub fn organization_with(
        &self,
        names: &[&str],
        role_policy: Option<&serde_json::Value>,
    ) -> Vec<String> {
        const SCRIPT: &str = r#"
import os, boto3
org = boto3.client("organizations", endpoint_url=os.environ["MOTO_ENDPOINT"], region_name="eu-west-2",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
org.create_organization(FeatureSet="ALL")
policy = os.environ.get("ROLE_POLICY")
for name in os.environ["ACCOUNT_NAMES"].split(","):
    status = org.create_account(Email=name + "@example.com", AccountName=name)["CreateAccountStatus"]
    account = status["AccountId"]
    if policy:
        # The role the organization assumes holds this policy in the member.
        sts = boto3.client("sts", endpoint_url=os.environ["MOTO_ENDPOINT"], region_name="eu-west-2",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                            RoleSessionName="seed")["Credentials"]
        iam = boto3.client("iam", endpoint_url=os.environ["MOTO_ENDPOINT"], region_name="us-east-1",
                           aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                           aws_session_token=c["SessionToken"])
        # moto creates the role with the account, as Organizations does.
        iam.put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="dsadmin", PolicyDocument=policy)
    print(account)
"#;
        let mut cmd = Command::new(python());
        cmd.arg("-c")
            .arg(SCRIPT)
            .env("MOTO_ENDPOINT", self.endpoint())
            .env("ACCOUNT_NAMES", names.join(","))
            .env_remove("AWS_PROFILE");
        if let Some(policy) = role_policy {
            cmd.env("ROLE_POLICY", policy.to_string());
        }
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
        assert!(
            out.status.success(),
            "creating the organization failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        assert_eq!(ids.len(), names.len(), "one id per account: {ids:?}");
        ids
    }

    /// An SDK configuration acting in `account`: the dummy keys assume
    /// `OrganizationAccountAccessRole` there (moto keeps each account's
    /// resources apart by the assumed role's account).
    pub async fn sdk_config_in(&self, account: &str) -> SdkConfig {
        let base = self.sdk_config().await;
        let out = aws_sdk_sts::Client::new(&base)
            .assume_role()
            .role_arn(format!(
                "arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
            ))
            .role_session_name("seed")
            .send()
            .await
            .unwrap();
        let c = out.credentials().unwrap();
        base.to_builder()
            .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
                c.access_key_id(),
                c.secret_access_key(),
                Some(c.session_token().to_owned()),
                None,
                "moto-seed",
            )))
            .build()
    }

    pub async fn sts(&self) -> aws_sdk_sts::Client {
        aws_sdk_sts::Client::new(&self.sdk_config().await)
    }

    /// S3 with path-style addressing: `bucket.127.0.0.1` would not resolve.
    pub async fn s3(&self) -> aws_sdk_s3::Client {
        let conf = aws_sdk_s3::config::Builder::from(&self.sdk_config().await)
            .force_path_style(true)
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }
}

// ---------------------------------------------------------------------------
// Seeding shared by the live tests
// ---------------------------------------------------------------------------

/// A Docker v2 manifest with its own layer: moto derives the image digest from the
/// layer digests (two images with the same layers would collapse into one) and
/// reports the config blob's size as the image size.
pub fn image_manifest(seed: u32, config_size: u64) -> String {
    serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": config_size,
            "digest": format!("sha256:{:064x}", 0xc0f1_0000_u64 + u64::from(seed)),
        },
        "layers": [{
            "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "size": 1_000_000 + u64::from(seed),
            "digest": format!("sha256:{:064x}", 0x1a7e_0000_u64 + u64::from(seed)),
        }],
    })
    .to_string()
}

pub async fn put_image(m: &MotoGuard, repo: &str, tag: &str, seed: u32, size: u64) -> String {
    m.ecr()
        .await
        .put_image()
        .repository_name(repo)
        .image_manifest(image_manifest(seed, size))
        .image_tag(tag)
        .send()
        .await
        .unwrap()
        .image()
        .unwrap()
        .image_id()
        .unwrap()
        .image_digest()
        .unwrap()
        .to_owned()
}

/// A Glue crawler over one S3 path, optionally scheduled.
pub async fn create_s3_crawler(
    m: &MotoGuard,
    name: &str,
    role: &str,
    database: Option<&str>,
    path: &str,
    schedule: Option<&str>,
) {
    m.glue()
        .await
        .create_crawler()
        .name(name)
        .role(role)
        .set_database_name(database.map(str::to_owned))
        .targets(
            aws_sdk_glue::types::CrawlerTargets::builder()
                .s3_targets(aws_sdk_glue::types::S3Target::builder().path(path).build())
                .build(),
        )
        .set_schedule(schedule.map(str::to_owned))
        .send()
        .await
        .unwrap();
}

/// The Glue role every seeded job and crawler runs as.
pub const GLUE_ROLE: &str = "arn:aws:iam::123456789012:role/ds-glue";

/// A G.1X glueetl job with a script, security configuration, timeout and a team tag.
pub async fn create_glue_job(m: &MotoGuard, name: &str) {
    m.glue()
        .await
        .create_job()
        .name(name)
        .role(GLUE_ROLE)
        .command(
            aws_sdk_glue::types::JobCommand::builder()
                .name("glueetl")
                .script_location(format!("s3://ds-glue-scripts/{name}.py"))
                .python_version("3")
                .build(),
        )
        .glue_version("4.0")
        .worker_type(aws_sdk_glue::types::WorkerType::G1X)
        .number_of_workers(5)
        .security_configuration("ds-glue-kms")
        .timeout(60)
        .description(format!("{name} nightly load"))
        .tags("TeamName", "fraud")
        .send()
        .await
        .unwrap();
}

/// The execution role seeded SageMaker models run as.
pub const SM_ROLE: &str = "arn:aws:iam::123456789012:role/ds-sagemaker-exec";

/// A SageMaker model with one container.
pub async fn create_model(m: &MotoGuard, name: &str) {
    create_model_with(&m.sagemaker().await, name).await;
}

/// [`create_model`] through `client` (another account's, say).
pub async fn create_model_with(client: &aws_sdk_sagemaker::Client, name: &str) {
    client
        .create_model()
        .model_name(name)
        .execution_role_arn(SM_ROLE)
        .primary_container(
            aws_sdk_sagemaker::types::ContainerDefinition::builder()
                .image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/scorer:1")
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// A model package group with one version per approval status given, in
/// order (version 1 first); the versions' ARNs.
pub async fn create_model_package_group(
    m: &MotoGuard,
    group: &str,
    approvals: &[&str],
) -> Vec<String> {
    use aws_sdk_sagemaker::types as sm;
    let client = m.sagemaker().await;
    client
        .create_model_package_group()
        .model_package_group_name(group)
        .model_package_group_description(format!("{group} models"))
        .send()
        .await
        .unwrap();
    let mut arns = Vec::new();
    for (i, approval) in approvals.iter().enumerate() {
        let out = client
            .create_model_package()
            .model_package_group_name(group)
            .model_package_description(format!("{group} v{}", i + 1))
            .model_approval_status(sm::ModelApprovalStatus::from(*approval))
            .inference_specification(
                sm::InferenceSpecification::builder()
                    .containers(
                        sm::ModelPackageContainerDefinition::builder()
                            .image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/scorer:1")
                            .model_data_url(format!(
                                "s3://ds-models/{group}/v{}/model.tar.gz",
                                i + 1
                            ))
                            .build(),
                    )
                    .supported_content_types("text/csv")
                    .supported_response_mime_types("text/csv")
                    .build(),
            )
            .send()
            .await
            .unwrap();
        arns.push(out.model_package_arn().unwrap().to_owned());
    }
    arns
}

/// A SageMaker model made from a registered model package version.
pub async fn create_model_from_package(m: &MotoGuard, name: &str, package_arn: &str) {
    m.sagemaker()
        .await
        .create_model()
        .model_name(name)
        .execution_role_arn(SM_ROLE)
        .primary_container(
            aws_sdk_sagemaker::types::ContainerDefinition::builder()
                .model_package_name(package_arn)
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// An endpoint `name` (config `name-config`) serving model `model` on
/// `count` ml.m5.large instances, one variant `AllTraffic`.
pub async fn create_endpoint_on(m: &MotoGuard, name: &str, model: &str, count: i32) {
    use aws_sdk_sagemaker::types as sm;
    let client = m.sagemaker().await;
    client
        .create_endpoint_config()
        .endpoint_config_name(format!("{name}-config"))
        .production_variants(
            sm::ProductionVariant::builder()
                .variant_name("AllTraffic")
                .model_name(model)
                .instance_type(sm::ProductionVariantInstanceType::MlM5Large)
                .initial_instance_count(count)
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .create_endpoint()
        .endpoint_name(name)
        .endpoint_config_name(format!("{name}-config"))
        .send()
        .await
        .unwrap();
}

/// An endpoint `name` (config `name-config`) with one ml.m5.large variant
/// per `(variant, initial weight, instance count)`, each on its own model.
pub async fn create_weighted_endpoint(m: &MotoGuard, name: &str, variants: &[(&str, f32, i32)]) {
    use aws_sdk_sagemaker::types as sm;
    let client = m.sagemaker().await;
    let mut config = client
        .create_endpoint_config()
        .endpoint_config_name(format!("{name}-config"));
    for (variant, weight, count) in variants {
        let model = format!("{name}-{variant}");
        create_model(m, &model).await;
        config = config.production_variants(
            sm::ProductionVariant::builder()
                .variant_name(*variant)
                .model_name(model)
                .instance_type(sm::ProductionVariantInstanceType::MlM5Large)
                .initial_instance_count(*count)
                .initial_variant_weight(*weight)
                .build(),
        );
    }
    config.send().await.unwrap();
    client
        .create_endpoint()
        .endpoint_name(name)
        .endpoint_config_name(format!("{name}-config"))
        .send()
        .await
        .unwrap();
}

/// A training job on one (or, `hardened`, two) ml.m5.xlarge; `hardened`
/// adds a VPC, inter-container encryption and managed spot.
pub async fn create_training_job(m: &MotoGuard, name: &str, hardened: bool) {
    let mut req = m
        .sagemaker()
        .await
        .create_training_job()
        .training_job_name(name)
        .algorithm_specification(
            aws_sdk_sagemaker::types::AlgorithmSpecification::builder()
                .training_image("123456789012.dkr.ecr.eu-west-2.amazonaws.com/xgb:1")
                .training_input_mode(aws_sdk_sagemaker::types::TrainingInputMode::File)
                .build(),
        )
        .role_arn(SM_ROLE)
        .output_data_config(
            aws_sdk_sagemaker::types::OutputDataConfig::builder()
                .s3_output_path("s3://ds-models/out")
                .build(),
        )
        .resource_config(
            aws_sdk_sagemaker::types::ResourceConfig::builder()
                .instance_type(aws_sdk_sagemaker::types::TrainingInstanceType::MlM5Xlarge)
                .instance_count(if hardened { 2 } else { 1 })
                .volume_size_in_gb(10)
                .build(),
        )
        .stopping_condition(
            aws_sdk_sagemaker::types::StoppingCondition::builder()
                .max_runtime_in_seconds(3600)
                .build(),
        );
    if hardened {
        req = req
            .vpc_config(
                aws_sdk_sagemaker::types::VpcConfig::builder()
                    .security_group_ids("sg-0aa")
                    .subnets("subnet-0a1")
                    .build(),
            )
            .enable_inter_container_traffic_encryption(true)
            .enable_managed_spot_training(true);
    }
    req.send().await.unwrap();
}
