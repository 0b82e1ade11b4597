//! The generated IAM policies stay equal to what dsadmin calls.
//!
//! `cloud/aws` names the action of every call it makes (its errors carry
//! it), so the set of `"service:Operation"` literals in its shipped code is
//! the set of calls. The action table (`dsadmin::iam::actions`) must list
//! exactly those, and every effect the gate knows must be in it with the
//! same class: a new call or operation without its IAM action fails here.
#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::collections::BTreeSet;
use std::path::Path;

use dsadmin::iam::actions::{lookup, Grant, ACTIONS};
use dsadmin::iam::document::{document, Inputs, Role};
use dsadmin::policy::{sample_effects, EffectClass};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `"service:Operation"` string literals in the code before a file's
/// `#[cfg(test)]` module (the tests name actions in made-up errors).
fn called_actions() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cloud/aws");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for literal in shipped.split('"').skip(1).step_by(2) {
            let Some((service, op)) = literal.split_once(':') else {
                continue;
            };
            let service_like = !service.is_empty()
                && service
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            let op_like = op.starts_with(|c: char| c.is_ascii_uppercase())
                && op.chars().all(|c| c.is_ascii_alphanumeric());
            if service_like && op_like {
                found.insert(literal.to_owned());
            }
        }
    }
    found
}

#[test]
fn the_action_table_lists_exactly_the_calls_cloud_aws_makes() {
    let called = called_actions();
    assert!(called.len() > 40, "the scan found too little: {called:?}");
    let table: BTreeSet<String> = ACTIONS.iter().map(|a| a.call.to_owned()).collect();
    let missing: Vec<_> = called.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "cloud/aws calls these but iam/actions.rs does not list them (add each with its IAM action): {missing:?}"
    );
    let stale: Vec<_> = table.difference(&called).collect();
    assert!(
        stale.is_empty(),
        "iam/actions.rs lists calls cloud/aws no longer makes: {stale:?}"
    );
}

#[test]
fn every_effect_of_the_gate_is_in_the_table_with_its_class() {
    for effect in sample_effects() {
        let line = lookup(effect.action())
            .unwrap_or_else(|| panic!("{} is not in iam/actions.rs", effect.action()));
        assert_eq!(line.class, effect.class(), "{}", effect.action());
    }
}

fn actions(doc: &serde_json::Value) -> BTreeSet<String> {
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| match &s["Action"] {
            serde_json::Value::String(a) => vec![a.clone()],
            v => v
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_owned())
                .collect(),
        })
        .collect()
}

#[test]
fn the_policies_are_the_table_split_by_class_and_grant() {
    let want = |classes: &[EffectClass], grants: &[Grant]| -> BTreeSet<String> {
        ACTIONS
            .iter()
            .filter(|a| classes.contains(&a.class) && grants.contains(&a.grant))
            .flat_map(|a| a.iam_actions())
            .map(str::to_owned)
            .collect()
    };
    let none = Inputs::default();
    assert_eq!(
        actions(&document(Role::Support, &none)),
        want(&[EffectClass::Read], &[Grant::Always])
    );
    let changes = [
        EffectClass::Read,
        EffectClass::Mutate,
        EffectClass::Credential,
    ];
    assert_eq!(
        actions(&document(Role::Admin, &none)),
        want(&changes, &[Grant::Always])
    );
    let accounts = Inputs {
        assumed_roles: vec!["arn:aws:iam::*:role/OrganizationAccountAccessRole".to_owned()],
        organization: true,
        ..Inputs::default()
    };
    let every = [Grant::Always, Grant::AssumedRoles, Grant::Organization];
    assert_eq!(
        actions(&document(Role::Support, &accounts)),
        want(&[EffectClass::Read], &every)
    );
    assert_eq!(
        actions(&document(Role::Admin, &accounts)),
        want(&changes, &every)
    );
}

#[test]
fn the_organizations_role_is_written_in_the_regions_partition() {
    let env = crate::common::cli::Env::new("[organization]\n");
    let reach = |region: &str| {
        let out = env.run(&["iam-policy", "support", "--region", region]);
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        doc["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["Sid"] == "DsadminReachAccounts")
            .unwrap()["Resource"]
            .to_string()
    };
    assert!(
        reach("cn-north-1").contains("arn:aws-cn:iam::*:role/OrganizationAccountAccessRole"),
        "{}",
        reach("cn-north-1")
    );
    assert!(reach("us-gov-west-1").contains("arn:aws-us-gov:iam::*:role/"));
    assert!(reach("eu-west-2").contains("arn:aws:iam::*:role/"));
}
