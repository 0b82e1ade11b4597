//! A stand-in for SageMaker's user-profile calls, which moto 5.2.5 does not
//! implement: CreateUserProfile records the profile (ResourceInUse for a
//! name it has), DescribeUserProfile
//! answers with it (shaped as the API reference's response) or
//! ResourceNotFound, ListTags answers no tags. Only for the lost-answer
//! tests, where the recording proxy sits in front of it; everything else
//! about user profiles is proven with SDK mocks.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::{json, Value};

pub struct FakeProfiles {
    pub port: u16,
    /// CreateUserProfile requests received, by profile name.
    created: Arc<Mutex<BTreeMap<String, Value>>>,
}

impl FakeProfiles {
    pub fn start() -> FakeProfiles {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let created = Arc::new(Mutex::new(BTreeMap::new()));
        let state = created.clone();
        thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let state = state.clone();
                thread::spawn(move || {
                    let _ = serve(conn, &state);
                });
            }
        });
        FakeProfiles { port, created }
    }

    /// The profiles created, however many times each was asked for.
    pub fn created(&self) -> BTreeMap<String, Value> {
        self.created.lock().unwrap().clone()
    }
}

fn serve(
    conn: std::net::TcpStream,
    created: &Mutex<BTreeMap<String, Value>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let (mut length, mut target) = (0usize, String::new());
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (name, value) = h.split_once(':').unwrap_or((h, ""));
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "x-amz-target" => target = value.trim().to_owned(),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let input: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let name = input["UserProfileName"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let domain = input["DomainId"].as_str().unwrap_or_default().to_owned();
    let arn = format!("arn:aws:sagemaker:eu-west-2:123456789012:user-profile/{domain}/{name}");
    let (status, answer) = match target.rsplit('.').next().unwrap_or_default() {
        "CreateUserProfile" => match created.lock().unwrap().entry(name.clone()) {
            std::collections::btree_map::Entry::Occupied(_) => (
                400,
                json!({ "__type": "ResourceInUse", "message": format!("User profile {name} already exists") }),
            ),
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(input);
                (200, json!({ "UserProfileArn": arn }))
            }
        },
        "DescribeUserProfile" => match created.lock().unwrap().get(&name) {
            Some(req) => (
                200,
                json!({
                    "DomainId": domain,
                    "UserProfileArn": arn,
                    "UserProfileName": name,
                    "Status": "Pending",
                    "UserSettings": req["UserSettings"],
                    "SingleSignOnUserValue": req["SingleSignOnUserValue"],
                    "CreationTime": 1_796_000_000.0,
                }),
            ),
            None => (
                400,
                json!({ "__type": "ResourceNotFound", "message": format!("User profile {name} does not exist") }),
            ),
        },
        "ListTags" => (200, json!({ "Tags": [] })),
        other => (
            400,
            json!({ "__type": "UnknownOperationException", "message": format!("{other} is not faked") }),
        ),
    };
    let text = answer.to_string();
    let reason = if status == 200 { "OK" } else { "Bad Request" };
    let mut conn = conn;
    write!(
        conn,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: fake-{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len() % 97,
        text.len()
    )?;
    conn.flush()
}
