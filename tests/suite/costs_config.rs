//! `[costs]` in the config file and price files through the real binary:
//! a bad limit, price, region, instance type or price file stops dsadmin
//! (exit 2) with the file and line of the problem.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::path::Path;
use std::process::{Command, Output};

fn check(config: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsadmin"))
        .args(["--config", config.to_str().unwrap(), "--check-config"])
        .env_remove("DSADMIN_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent-dsadmin-test-config")
        .env("HOME", "/nonexistent-dsadmin-test-home")
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn refused(config_text: &str, extra: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in extra {
        write(dir.path(), name, text);
    }
    let config = write(dir.path(), "config.toml", config_text);
    let out = check(&config);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    // Paths differ per run: keep the part after the temp dir.
    err.replace(&format!("{}/", dir.path().display()), "")
}

#[test]
fn bad_limits_name_the_line() {
    assert_eq!(
        refused("[general]\nread_only = false\n\n[costs]\napp_idle_hours = 0\n", &[]),
        "dsadmin: config.toml:5:18: 0 is out of range: app_idle_hours must be 1-8760 hours (costs.app_idle_hours)\n"
    );
    assert_eq!(
        refused("[costs]\nendpoint_idle_days = 1000\n", &[]),
        "dsadmin: config.toml:2:22: 1000 is out of range: endpoint_idle_days must be 1-455 days (costs.endpoint_idle_days)\n"
    );
    let err = refused("[costs]\napp_idle_hours = \"a day\"\n", &[]);
    assert!(
        err.starts_with("dsadmin: config.toml:2:18: invalid type"),
        "{err}"
    );
}

#[test]
fn bad_price_overrides_name_the_line() {
    assert_eq!(
        refused("[costs.prices.eu-west-2.studio]\n\"ml.m5.large\" = -0.5\n", &[]),
        "dsadmin: config.toml:2:17: the price of ml.m5.large must be a number of dollars per hour, 0 or more (got -0.5) (costs.prices.eu-west-2.studio.ml.m5.large)\n"
    );
    let err = refused(
        "[costs.prices.london.endpoint]\n\"ml.m5.large\" = 0.2\n",
        &[],
    );
    assert!(
        err.contains("config.toml:2:17: \"london\" is not an AWS region name"),
        "{err}"
    );
    let err = refused(
        "[costs.prices.eu-west-2.notebook]\n\"ml.m5.large\" = 0.2\n",
        &[],
    );
    assert!(
        err.contains("config.toml:1:") && err.contains("unknown field `notebook`"),
        "{err}"
    );
}

#[test]
fn a_malformed_price_file_names_its_own_line() {
    let prices = "as_of = 2026-10-01\ncurrency = \"USD\"\n\n[regions.eu-west-2.training]\n\"ml.g5.2xlarge\" = \"1.5\"\n";
    let err = refused(
        "[costs]\nprice_file = \"prices.toml\"\n",
        &[("prices.toml", prices)],
    );
    assert!(
        err.starts_with("dsadmin: prices.toml:5:19: invalid type"),
        "{err}"
    );
    let err = refused("[costs]\nprice_file = \"missing.toml\"\n", &[]);
    assert!(
        err.starts_with("dsadmin: config.toml:2:14: cannot read price file missing.toml"),
        "{err}"
    );
}

#[test]
fn good_cost_settings_load() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "prices.toml",
        "as_of = 2026-10-01\ncurrency = \"USD\"\n[regions.eu-west-2.studio]\n\"ml.t3.medium\" = 0.06\n",
    );
    let config = write(
        dir.path(),
        "config.toml",
        "[costs]\napp_idle_hours = 12\nprice_file = \"prices.toml\"\n[costs.prices.eu-west-2.studio]\n\"ml.m5.large\" = 0.14\n",
    );
    let out = check(&config);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let settings = dsadmin::settings::Settings::load(Some(&config)).unwrap();
    let prices = &settings.costs.prices;
    assert_eq!(settings.costs.limits.app_hours, 12);
    assert_eq!(prices.as_of.to_string(), "2026-10-01");
    assert_eq!(prices.overridden, 1);
    use dsadmin::costs::PriceKind::Studio;
    assert_eq!(
        prices.price("eu-west-2", Studio, "ml.t3.medium"),
        Some(0.06)
    );
    assert_eq!(prices.price("eu-west-2", Studio, "ml.m5.large"), Some(0.14));
    // The user's table replaces the built-in one whole.
    assert_eq!(prices.price("us-east-1", Studio, "ml.t3.medium"), None);
}
