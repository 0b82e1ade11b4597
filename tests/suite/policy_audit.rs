#![allow(clippy::unwrap_used)]
//! The read-only gate and the audit journal: completeness (every attempt a
//! started and a finished record, refusals and failures included, under
//! concurrency), redaction on disk, durability details and config.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dsadmin::audit::{
    journaled, AuditContext, AuditRecord, Completed, Journal, OpError, Outcome, Phase,
};
use dsadmin::cloud::CloudError;
use dsadmin::policy::{sample_effects, Effect, EffectClass, Policy, ReadOnlyReason};
use dsadmin::settings::Settings;

fn ctx() -> AuditContext {
    AuditContext {
        caller_arn: Some("arn:aws:sts::111122223333:assumed-role/Admin/alice".into()),
        profile: "ds-admin".into(),
        region: "eu-west-1".into(),
        account: Some("111122223333".into()),
    }
}

fn start_run() -> Effect {
    Effect::StartJobRun { job: "etl".into() }
}

fn presign() -> Effect {
    Effect::CreatePresignedUrl {
        domain_id: "d-abc123".into(),
        user: "alice".into(),
        space: None,
        expires_in_seconds: 60,
        session_expiration_seconds: Some(1800),
    }
}

const PRESIGNED: &str =
    "https://d-abc123.studio.eu-west-1.sagemaker.aws/auth?token=eyJhbGciOiJIUzI1NiJ9.SECRETPAYLOAD";
const S3_PRESIGNED: &str = "https://scripts.s3.eu-west-1.amazonaws.com/etl.py?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=deadbeefcafe";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

/// Groups records by attempt and checks each has exactly one started
/// (first) and one finished record.
fn pairs(records: &[AuditRecord]) -> HashMap<String, (AuditRecord, AuditRecord)> {
    let mut by_id: HashMap<String, Vec<&AuditRecord>> = HashMap::new();
    for r in records {
        by_id.entry(r.attempt.clone()).or_default().push(r);
    }
    by_id
        .into_iter()
        .map(|(id, rs)| {
            assert_eq!(rs.len(), 2, "attempt {id}: {rs:?}");
            assert_eq!(rs[0].phase, Phase::Started, "{id}");
            assert_eq!(rs[1].phase, Phase::Finished, "{id}");
            assert!(rs[0].outcome.is_none());
            assert!(rs[1].outcome.is_some());
            assert_eq!(rs[0].action, rs[1].action);
            assert_eq!(rs[0].target, rs[1].target);
            (id, (rs[0].clone(), rs[1].clone()))
        })
        .collect()
}

#[test]
fn success_failure_and_refusal_each_write_a_started_and_finished_pair() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state/dsadmin/audit.jsonl");
    let journal = Journal::open(&path).unwrap();
    let rw = Policy::read_write();
    let ro = Policy::read_only(ReadOnlyReason::Flag);
    let rt = runtime();

    let ok = rt
        .block_on(journaled(&journal, &ctx(), &rw, &start_run(), || async {
            Ok::<_, CloudError>(Completed::with_request_id("jr_1", "req-111"))
        }))
        .unwrap();
    assert_eq!(ok, "jr_1");

    let failed = rt.block_on(journaled(
        &journal,
        &ctx(),
        &rw,
        &Effect::DeleteUserProfile {
            domain_id: "d-abc123".into(),
            user: "bob".into(),
        },
        || async {
            Err::<Completed<()>, _>(CloudError::Other {
                code: "ResourceInUse".into(),
                message: "profile has apps".into(),
            })
        },
    ));
    assert!(matches!(failed, Err(OpError::Cloud(_))));

    let mut called = false;
    let refused = rt.block_on(journaled(&journal, &ctx(), &ro, &presign(), || {
        called = true;
        async { Ok::<_, CloudError>(Completed::new(())) }
    }));
    assert!(!called, "a refused effect must never reach the cloud");
    let Err(OpError::Refused(refused)) = refused else {
        panic!("expected a refusal")
    };
    assert_eq!(refused.class, EffectClass::Credential);

    // A Read through the same path runs and is not journaled.
    let read = rt
        .block_on(journaled(
            &journal,
            &ctx(),
            &ro,
            &Effect::DescribeEndpoint {
                endpoint: "churn".into(),
            },
            || async { Ok::<_, CloudError>(Completed::new(7)) },
        ))
        .unwrap();
    assert_eq!(read, 7);

    let records = Journal::read_all(&path).unwrap();
    assert_eq!(records.len(), 6, "{records:#?}");
    let pairs = pairs(&records);
    assert_eq!(pairs.len(), 3);
    let by_action: BTreeMap<&str, &(AuditRecord, AuditRecord)> =
        pairs.values().map(|p| (p.0.action.as_str(), p)).collect();

    let (started, finished) = by_action["glue:StartJobRun"];
    assert_eq!(started.caller_arn.as_deref(), ctx().caller_arn.as_deref());
    assert_eq!(started.profile, "ds-admin");
    assert_eq!(started.region, "eu-west-1");
    assert_eq!(started.account.as_deref(), Some("111122223333"));
    assert_eq!(started.target, "Glue job etl");
    assert_eq!(started.class, "mutate");
    assert_eq!(started.parameters["job"], "etl");
    assert_eq!(
        finished.outcome,
        Some(Outcome::Succeeded {
            request_id: Some("req-111".into())
        })
    );
    assert!(chrono::DateTime::parse_from_rfc3339(&started.time).is_ok());
    assert!(started.time.ends_with('Z'), "{}", started.time);

    let (_, finished) = by_action["sagemaker:DeleteUserProfile"];
    assert_eq!(
        finished.outcome,
        Some(Outcome::Failed {
            code: "ResourceInUse".into(),
            message: "ResourceInUse: profile has apps".into()
        })
    );

    let (started, finished) = by_action["sagemaker:CreatePresignedDomainUrl"];
    assert_eq!(started.class, "credential");
    let Some(Outcome::Refused { reason }) = &finished.outcome else {
        panic!("{finished:?}")
    };
    assert!(reason.contains("--read-only flag"), "{reason}");
}

#[test]
fn eight_threads_pair_up_and_no_line_is_torn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let journal = Arc::new(Journal::open(&path).unwrap());
    let per_thread = 40;
    let handles: Vec<_> = (0..8)
        .map(|t| {
            let journal = Arc::clone(&journal);
            std::thread::spawn(move || {
                let rt = runtime();
                let policy = Policy::read_write();
                for i in 0..per_thread {
                    // A long parameter makes torn writes likely if the line
                    // were written in pieces.
                    let effect = Effect::StopJobRun {
                        job: format!("job-{t}-{}", "x".repeat(2000)),
                        run_id: format!("jr_{i}"),
                    };
                    let result = rt.block_on(journaled(
                        &journal,
                        &ctx(),
                        &policy,
                        &effect,
                        || async move {
                            if i % 3 == 0 {
                                Err(CloudError::Throttled {
                                    message: "slow down".into(),
                                })
                            } else {
                                Ok::<_, CloudError>(Completed::with_request_id(
                                    (),
                                    format!("req-{t}-{i}"),
                                ))
                            }
                        },
                    ));
                    assert_eq!(result.is_ok(), i % 3 != 0);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8 * per_thread * 2);
    for line in &lines {
        serde_json::from_str::<AuditRecord>(line).unwrap();
    }
    let records = Journal::read_all(&path).unwrap();
    assert_eq!(pairs(&records).len(), 8 * per_thread);
}

#[test]
fn secrets_never_reach_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let journal = Journal::open(&path).unwrap();
    let rt = runtime();
    let policy = Policy::read_write();

    // The presigned URL comes back from the call: it is returned to the
    // caller but not journaled.
    let url = rt
        .block_on(journaled(&journal, &ctx(), &policy, &presign(), || async {
            Ok::<_, CloudError>(Completed::with_request_id(PRESIGNED.to_owned(), "req-9"))
        }))
        .unwrap();
    assert_eq!(url, PRESIGNED);

    // A secret inside parameters (a tag value) and inside an error message.
    let effect = Effect::TagGlueJob {
        job: "etl".into(),
        tags: [
            (
                "session_token".to_owned(),
                "FQoGZXIvYXdzEXAMPLETOKEN".to_owned(),
            ),
            ("source".to_owned(), S3_PRESIGNED.to_owned()),
        ]
        .into_iter()
        .collect(),
    };
    let _ = rt.block_on(journaled(&journal, &ctx(), &policy, &effect, || async {
        Err::<Completed<()>, _>(CloudError::Other {
            code: "AccessDenied".into(),
            message: format!("cannot fetch {PRESIGNED} for you"),
        })
    }));
    // Directly through the journal as well.
    let id = journal.started(&ctx(), &effect).unwrap();
    journal
        .finished(
            &id,
            Outcome::Failed {
                code: "X".into(),
                message: S3_PRESIGNED.into(),
            },
        )
        .unwrap();

    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    for needle in [
        "SECRETPAYLOAD",
        "token=",
        "FQoGZXIvYXdzEXAMPLETOKEN",
        "X-Amz-Signature",
        "deadbeefcafe",
        "sagemaker.aws/auth",
    ] {
        assert!(!text.contains(needle), "{needle} leaked:\n{text}");
    }
    assert!(text.contains("[redacted]"));
    // The rest of the message survives.
    assert!(text.contains("cannot fetch [redacted] for you"), "{text}");
    assert_eq!(pairs(&Journal::read_all(&path).unwrap()).len(), 3);
}

#[cfg(unix)]
#[test]
fn journal_is_created_0600_with_its_directories() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/c/audit.jsonl");
    let journal = Journal::open(&path).unwrap();
    let id = journal.started(&ctx(), &start_run()).unwrap();
    journal
        .finished(&id, Outcome::Succeeded { request_id: None })
        .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // An existing, too-open file is tightened on open, and appended to.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(journal);
    let journal = Journal::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let id = journal.started(&ctx(), &start_run()).unwrap();
    journal
        .finished(&id, Outcome::Succeeded { request_id: None })
        .unwrap();
    assert_eq!(Journal::read_all(&path).unwrap().len(), 4);
}

#[test]
fn read_all_skips_a_torn_last_line_and_reopen_starts_a_fresh_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.jsonl");
    let journal = Journal::open(&path).unwrap();
    let id = journal.started(&ctx(), &start_run()).unwrap();
    journal
        .finished(&id, Outcome::Succeeded { request_id: None })
        .unwrap();
    drop(journal);

    // A crash mid-write: half a record, no newline.
    let mut bytes = std::fs::read(&path).unwrap();
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap().to_vec();
    bytes.extend_from_slice(&first_line[..first_line.len() / 2]);
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(Journal::read_all(&path).unwrap().len(), 2);

    // The next session's records are not glued to the fragment.
    let journal = Journal::open(&path).unwrap();
    let id = journal.started(&ctx(), &start_run()).unwrap();
    journal
        .finished(&id, Outcome::Succeeded { request_id: None })
        .unwrap();
    let records = Journal::read_all(&path).unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(pairs(&records).len(), 2);

    // No journal yet: nothing to show, not an error.
    assert!(Journal::read_all(dir.path().join("none.jsonl"))
        .unwrap()
        .is_empty());
}

// ---- read-only from each source ----

fn settings(text: &str) -> Settings {
    Settings::from_str(text, Path::new("/etc/dsadmin/config.toml")).unwrap()
}

fn assert_gate(policy: &Policy, source: &str) {
    assert!(policy.is_read_only());
    assert!(policy.allows(EffectClass::Read));
    assert!(!policy.allows(EffectClass::Mutate));
    assert!(!policy.allows(EffectClass::Credential));
    for effect in sample_effects() {
        match (effect.class(), policy.check(&effect)) {
            (EffectClass::Read, result) => assert!(result.is_ok(), "{}", effect.action()),
            (_, Ok(())) => panic!("{} allowed in read-only", effect.action()),
            (_, Err(refused)) => {
                let msg = refused.to_string();
                assert!(msg.contains(source), "{msg} does not name {source}");
                assert!(msg.contains(effect.action()), "{msg}");
            }
        }
    }
}

#[test]
fn read_only_from_the_flag() {
    let s = settings("");
    assert!(!Policy::from_rules(&s.read_only_rules(), false, None, "ds-admin").is_read_only());
    let p = Policy::from_rules(&s.read_only_rules(), true, None, "ds-admin");
    assert_eq!(p.reason(), Some(&ReadOnlyReason::Flag));
    assert_gate(&p, "--read-only flag");
}

#[test]
fn read_only_from_the_config_file() {
    let s = settings("[general]\nread_only = true\n");
    let p = Policy::from_rules(&s.read_only_rules(), false, None, "ds-admin");
    assert_gate(&p, "read_only = true in /etc/dsadmin/config.toml");
}

#[test]
fn read_only_from_a_profile_or_account() {
    let s = settings(
        r#"
[[environments]]
match = "ds-sandbox"
label = "sandbox"
color = "green"

[[environments]]
match = "111122223333"
label = "PROD"
color = "red"
read_only = true

[[environments]]
match = "ds-support"
label = "support"
color = "yellow"
read_only = true
"#,
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(!s.environments[0].read_only);
    assert!(s.environments[1].read_only);

    let p = Policy::from_rules(
        &s.read_only_rules(),
        false,
        Some("111122223333"),
        "ds-admin",
    );
    assert_gate(&p, "\"111122223333\" (PROD)");
    let p = Policy::from_rules(&s.read_only_rules(), false, None, "ds-support");
    assert_gate(&p, "\"ds-support\" (support)");
    assert!(!Policy::from_rules(
        &s.read_only_rules(),
        false,
        Some("444455556666"),
        "ds-sandbox"
    )
    .is_read_only());
}

// ---- [audit] config ----

#[test]
fn audit_path_from_config() {
    let s = settings("[audit]\npath = \"/var/log/dsadmin/audit.jsonl\"\n");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(
        s.audit.path,
        Some(PathBuf::from("/var/log/dsadmin/audit.jsonl"))
    );
}

#[test]
fn audit_path_defaults_to_the_state_dir() {
    let s = settings("");
    assert_eq!(s.audit.path, dsadmin::audit::default_path());
    if let Some(path) = &s.audit.path {
        assert!(path.ends_with("dsadmin/audit.jsonl"), "{}", path.display());
        if let Ok(state) = std::env::var("XDG_STATE_HOME") {
            if cfg!(target_os = "linux") && !state.is_empty() {
                assert!(path.starts_with(state), "{}", path.display());
            }
        }
    }
}

#[test]
fn audit_path_of_the_wrong_type_is_a_located_error() {
    let err = Settings::from_str(
        "[audit]\n# where\npath = 5\n",
        Path::new("/etc/dsadmin/config.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/etc/dsadmin/config.toml:3:8:"), "{err}");
    assert!(err.ends_with("(audit.path)"), "{err}");
    let s = settings("[audit]\npth = \"x\"\n");
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].contains("audit.pth"), "{}", s.warnings[0]);
}

#[test]
fn environment_read_only_of_the_wrong_type_is_a_located_error() {
    let err = Settings::from_str(
        "[[environments]]\nmatch = \"p\"\nlabel = \"P\"\ncolor = \"red\"\nread_only = \"yes\"\n",
        Path::new("/etc/dsadmin/config.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("/etc/dsadmin/config.toml:5:"), "{err}");
}
