//! Unit tests of the parent module (kept apart so the module reads as code).
// Unwrapping is how a test says "this must succeed".
#![allow(clippy::unwrap_used)]

use super::narrow::resolve_artifact_repo;
use super::*;
use crate::cloud::CloudError;
use crate::model::{ArtifactRepository, Domain, Package};

fn domain(id: &str, name: &str) -> Domain {
    Domain {
        id: id.into(),
        name: name.into(),
        arn: format!("arn:aws:sagemaker:eu-west-2:123456789012:domain/{id}"),
        status: "InService".into(),
        url: None,
        created: None,
        last_modified: None,
        settings: crate::model::Detail::Pending,
        tags: crate::model::Detail::Pending,
    }
}

fn repo(domain: &str, name: &str) -> ArtifactRepository {
    ArtifactRepository {
        domain: domain.into(),
        domain_owner: "123456789012".into(),
        name: name.into(),
        arn: format!("arn:aws:codeartifact:eu-west-2:123456789012:repository/{domain}/{name}"),
        description: None,
        links: crate::model::Detail::Pending,
        package_count: None,
    }
}

fn package(format: &str, namespace: Option<&str>, name: &str) -> Package {
    Package {
        domain: "ds-artifacts".into(),
        repository: "approved-pypi".into(),
        format: format.into(),
        namespace: namespace.map(Into::into),
        name: name.into(),
        publish: "BLOCK".into(),
        upstream: "ALLOW".into(),
        latest_version: None,
        version_count: None,
    }
}

#[test]
fn domain_by_id_name_or_any_case() {
    let domains = [domain("d-aaa", "ds-prod"), domain("d-bbb", "ds-dev")];
    assert_eq!(resolve_domain(&domains, "d-bbb").unwrap().name, "ds-dev");
    assert_eq!(resolve_domain(&domains, "ds-prod").unwrap().id, "d-aaa");
    assert_eq!(resolve_domain(&domains, "DS-Dev").unwrap().id, "d-bbb");
    let err = resolve_domain(&domains, "ds-test").unwrap_err();
    assert_eq!(
        err,
        "no SageMaker domain 'ds-test'; domains: ds-prod (d-aaa), ds-dev (d-bbb)"
    );
}

#[test]
fn exact_domain_name_beats_a_case_insensitive_one() {
    let domains = [domain("d-aaa", "DS"), domain("d-bbb", "ds")];
    assert_eq!(resolve_domain(&domains, "ds").unwrap().id, "d-bbb");
}

#[test]
fn artifact_repo_by_name_or_domain_slash_name() {
    let repos = [
        repo("ds-artifacts", "approved-pypi"),
        repo("ds-artifacts", "pypi-upstream"),
        repo("sandbox", "pypi-upstream"),
    ];
    let r = resolve_artifact_repo(&repos, "approved-pypi").unwrap();
    assert_eq!(
        (r.domain.as_str(), r.name.as_str()),
        ("ds-artifacts", "approved-pypi")
    );
    let r = resolve_artifact_repo(&repos, "sandbox/pypi-upstream").unwrap();
    assert_eq!(r.domain, "sandbox");

    let err = resolve_artifact_repo(&repos, "pypi-upstream").unwrap_err();
    assert!(err.contains("several domains"), "{err}");
    assert!(
        err.contains("ds-artifacts/pypi-upstream, sandbox/pypi-upstream"),
        "{err}"
    );
    assert!(err.contains("--repository DOMAIN/NAME"), "{err}");

    let err = resolve_artifact_repo(&repos, "nope").unwrap_err();
    assert!(
        err.starts_with("no CodeArtifact repository 'nope'"),
        "{err}"
    );
    assert!(err.contains("ds-artifacts/approved-pypi"), "{err}");
    assert!(resolve_artifact_repo(&repos, "other/approved-pypi").is_err());
}

#[test]
fn package_by_name_namespace_or_format() {
    let packages = [
        package("pypi", None, "numpy"),
        package("npm", Some("types"), "node"),
        package("npm", None, "lodash"),
        package("pypi", None, "lodash"),
    ];
    assert_eq!(resolve_package(&packages, "numpy").unwrap().format, "pypi");
    assert_eq!(
        resolve_package(&packages, "types/node")
            .unwrap()
            .namespace
            .as_deref(),
        Some("types")
    );
    assert_eq!(resolve_package(&packages, "node").unwrap().format, "npm");
    assert_eq!(
        resolve_package(&packages, "npm:lodash").unwrap().format,
        "npm"
    );
    assert_eq!(
        resolve_package(&packages, "PyPI:lodash").unwrap().format,
        "pypi"
    );

    let err = resolve_package(&packages, "lodash").unwrap_err();
    assert_eq!(
        err,
        "package 'lodash' is ambiguous: npm:lodash, pypi:lodash; \
         use --package FORMAT:[NAMESPACE/]NAME"
    );
    let err = resolve_package(&packages, "scipy").unwrap_err();
    assert!(
        err.starts_with("no package 'scipy'; packages: numpy, node, npm:lodash, pypi:lodash"),
        "{err}"
    );
}

#[test]
fn long_listings_are_cut() {
    assert_eq!(listing(Vec::new()), "(none)");
    assert_eq!(listing(["a".to_owned(), "b".to_owned()]), "a, b");
    let many = (0..25).map(|i| format!("u{i}"));
    let text = listing(many);
    assert!(text.starts_with("u0, u1, "), "{text}");
    assert!(text.ends_with("u19 … and 5 more"), "{text}");
}

#[test]
fn table_aligns_by_display_width_without_trailing_blanks() {
    let table = Table {
        titles: vec!["NAME", "INSTANCES", "AGE"],
        rows: vec![
            vec!["a".into(), "ml.m5×2".into(), "3d ago".into()],
            vec!["longer-name".into(), "-".into(), "".into()],
            vec!["multi\nline".into(), "x".into(), "1h ago".into()],
        ],
    };
    let mut out = Vec::new();
    write_table(&mut out, &table).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        "NAME         INSTANCES  AGE\n\
         a            ml.m5×2    3d ago\n\
         longer-name  -\n\
         multi line   x          1h ago\n"
    );
}

#[test]
fn descending_sort_matches_the_table_widget() {
    // Missing sorts last ascending, so first descending, as in the TUI.
    let keys = [SortKey::Time(2), SortKey::Missing, SortKey::Time(5)];
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|a, b| keys[*a].compare(&keys[*b]));
    assert_eq!(order, [0, 2, 1]);
    assert_eq!(
        SortKey::Text("b").compare(&SortKey::Text("A")),
        std::cmp::Ordering::Greater
    );
}

#[test]
fn exit_codes() {
    assert_eq!(CliError::usage("x").exit_code(), 2);
    let denied = CloudError::AccessDenied {
        action: "sagemaker:ListDomains".into(),
        message: "no".into(),
    };
    assert_eq!(CliError::from(denied).exit_code(), 1);
    // `dsadmin get users | head`: the reader's choice, not a failure.
    let pipe = io::Error::new(io::ErrorKind::BrokenPipe, "closed");
    assert_eq!(CliError::from(pipe).exit_code(), 0);
}
