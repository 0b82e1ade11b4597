//! `:accounts` in the TUI: the accounts a connector knows, with their
//! environment cue and whether each answers; Enter on one moves the
//! session there (its identity, its read-only), Enter on one that does not
//! answer says why and stays.

#![allow(clippy::unwrap_used)] // tests unwrap: a panic is the failure report

use std::sync::Arc;

use crate::common::{demo_cloud, Harness};
use dsadmin::cloud::Survey;
use dsadmin::cloud::{Cloud, CloudError, CloudResult, Connector, Identity};
use dsadmin::model::account::{Account, AccountAccess, AccountSource};
use dsadmin::model::CallerIdentity;
use dsadmin::settings::Settings;
use dsadmin::tui::App;

const BASE: &str = "123456789012";
const PROD: &str = "222222222222";
const SANDBOX: &str = "333333333333";

fn who(account: &str) -> CallerIdentity {
    CallerIdentity {
        account: account.to_owned(),
        arn: format!("arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/dsadmin"),
        user_id: "AROAEXAMPLE:dsadmin".to_owned(),
    }
}

fn member(id: &str, name: &str) -> Account {
    Account {
        id: Some(id.to_owned()),
        name: name.to_owned(),
        source: AccountSource::Organization,
        access: AccountAccess::Role {
            role_arn: format!("arn:aws:iam::{id}:role/OrganizationAccountAccessRole"),
            external_id: None,
        },
        regions: Vec::new(),
    }
}

/// Answers as the account it was built for.
struct As(String);

#[async_trait::async_trait]
impl Identity for As {
    async fn caller_identity(&self) -> CloudResult<CallerIdentity> {
        Ok(who(&self.0))
    }
}

/// The demo estate as if in `account`.
fn cloud_in(account: &str) -> Cloud {
    let mut cloud = demo_cloud();
    cloud.identity = Arc::new(As(account.to_owned()));
    cloud
}

/// An organization of the base account, a PROD member and a sandbox whose
/// role cannot be assumed.
struct Organization;

#[async_trait::async_trait]
impl Connector for Organization {
    async fn connect(&self, _: Option<String>, _: Option<String>) -> CloudResult<Cloud> {
        Ok(cloud_in(BASE))
    }

    fn profiles(&self) -> Vec<String> {
        Vec::new()
    }

    async fn survey(&self) -> CloudResult<Survey> {
        let base = Account {
            id: Some(BASE.to_owned()),
            name: "platform".to_owned(),
            source: AccountSource::Base,
            access: AccountAccess::Profile {
                profile: "platform".to_owned(),
            },
            regions: Vec::new(),
        };
        Ok(Survey {
            base: who(BASE),
            accounts: vec![
                (base, Ok(who(BASE))),
                (member(PROD, "claims-prod"), Ok(who(PROD))),
                (
                    member(SANDBOX, "sandbox"),
                    Err(CloudError::AccessDenied {
                        action: "sts:AssumeRole".to_owned(),
                        message: "not authorized to perform sts:AssumeRole".to_owned(),
                    }),
                ),
            ],
            org_failed: None,
        })
    }

    async fn connect_account(&self, account: &Account, _: Option<String>) -> CloudResult<Cloud> {
        let mut cloud = cloud_in(account.id.as_deref().unwrap());
        cloud.context.profile = "platform".to_owned();
        if let AccountAccess::Role { role_arn, .. } = &account.access {
            cloud.context.assumed_role = Some(dsadmin::model::account::AssumedRole {
                role_arn: role_arn.clone(),
                external_id: None,
            });
        }
        Ok(cloud)
    }
}

async fn harness() -> Harness {
    let settings = Settings::from_str(
        &format!(
            "[[environments]]\nmatch = \"platform\"\nlabel = \"PLATFORM\"\ncolor = \"blue\"\n\n\
             [[environments]]\nmatch = \"{PROD}\"\nlabel = \"PROD\"\ncolor = \"red\"\nread_only = true\n"
        ),
        std::path::Path::new("/nonexistent/config.toml"),
    )
    .unwrap();
    let (app, rx) = App::new(settings, cloud_in(BASE));
    let app = app.with_connector(Arc::new(Organization));
    Harness::from_app(app, rx).await
}

#[tokio::test]
async fn accounts_lists_each_with_its_cue_and_enter_moves_the_session() {
    let mut h = harness().await;
    assert!(!h.app.policy().is_read_only());
    h.keys(":accounts<enter>").await;
    let screen = h.screen();
    for id in [BASE, PROD, SANDBOX] {
        assert!(screen.contains(id), "{screen}");
    }
    let line = |screen: &str, id: &str| {
        screen
            .lines()
            .find(|l| l.starts_with(&format!("│{id}")))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line(&screen, PROD).contains("PROD (read-only)"), "{screen}");
    assert!(line(&screen, BASE).contains("in use"), "{screen}");
    assert!(
        line(&screen, SANDBOX).contains("sts:AssumeRole"),
        "{screen}"
    );
    insta::assert_snapshot!("accounts_picker", screen);

    // The sandbox does not answer: Enter says why and stays.
    h.keys("/sandbox<enter><enter>").await;
    let message = h.app.message().unwrap_or_default().to_owned();
    assert!(
        message.contains("sandbox cannot be reached") && message.contains("sts:AssumeRole"),
        "{message}"
    );
    assert!(!h.app.policy().is_read_only());

    // PROD answers: the session moves there, and its read-only holds.
    h.keys("<esc>/claims-prod<enter><enter>").await;
    let message = h.app.message().unwrap_or_default().to_owned();
    assert!(
        message.contains(&format!("now on account {PROD} (claims-prod)")),
        "the notice names the account, not the base profile: {message}"
    );
    assert!(
        h.app.policy().is_read_only(),
        "the PROD account's environment is read-only: {}",
        h.screen()
    );
    let screen = h.screen();
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains(PROD),
        "the header names the account: {screen}"
    );
    assert!(
        header.contains("role OrganizationAccountAccessRole"),
        "the header names the role: {header}"
    );
    assert!(
        header.contains("PROD") && !header.contains("PLATFORM"),
        "the role's session is cued by its account, not the base profile's name: {header}"
    );
    // Back in the base account through the picker: writable again.
    h.keys(":accounts<enter>").await;
    let screen = h.screen();
    assert!(line(&screen, PROD).contains("in use"), "{screen}");
    h.keys(&format!("/{BASE}<enter><enter>")).await;
    assert!(!h.app.policy().is_read_only());
}

#[tokio::test]
async fn the_demo_estate_has_one_account() {
    let mut h = Harness::with_cloud(demo_cloud(), Settings::default()).await;
    h.keys(":accounts<enter>").await;
    let message = h.app.message().unwrap_or_default().to_owned();
    assert!(message.contains("one account"), "{message}");
}

#[tokio::test]
async fn y_copies_the_account_id() {
    let mut h = harness().await;
    h.keys(":accounts<enter>/claims-prod<enter>y").await;
    assert_eq!(h.app.last_copied(), Some(PROD));
}
