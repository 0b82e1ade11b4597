//! The real `cloud/aws` mapping code over SDK clients whose responses come from
//! `aws-smithy-mocks`: the operations moto does not implement (Studio user
//! profiles, apps, spaces, all of CodeArtifact) plus retry and error paths.
//! Responses are shaped like the AWS API reference; nothing touches the network.
#![allow(clippy::unwrap_used)]

use crate::common;

use std::sync::Mutex;

use aws_smithy_mocks::{mock, Rule, RuleMode};
use dsadmin::cloud::aws::{AwsCodeArtifact, AwsSageMaker};
use dsadmin::cloud::{CloudError, CodeArtifact as _, SageMaker as _};
use dsadmin::model::{Detail, Package, TEAM_TAG};

use common::mocks::{client, ctx, error};

const ACCOUNT: &str = "123456789012";
const DOMAIN: &str = "d-abcdefghijkl";
const DOMAIN_ARN: &str = "arn:aws:sagemaker:eu-west-2:123456789012:domain/d-abcdefghijkl";

/// A sink that remembers each page separately, to prove rows stream per page.
struct Pages<T>(Mutex<Vec<Vec<T>>>);

impl<T> Default for Pages<T> {
    fn default() -> Self {
        Self(Mutex::new(Vec::new()))
    }
}

impl<T: Send> dsadmin::cloud::PageSink<T> for Pages<T> {
    fn page(&self, rows: Vec<T>) {
        self.0.lock().unwrap().push(rows);
    }
}

impl<T: Clone> Pages<T> {
    fn sizes(&self) -> Vec<usize> {
        self.0.lock().unwrap().iter().map(Vec::len).collect()
    }
    fn rows(&self) -> Vec<T> {
        self.0.lock().unwrap().concat()
    }
}

mod sagemaker {
    use super::*;
    use aws_sdk_sagemaker::operation::describe_domain::DescribeDomainOutput;
    use aws_sdk_sagemaker::operation::describe_user_profile::DescribeUserProfileOutput;
    use aws_sdk_sagemaker::operation::list_apps::{ListAppsError, ListAppsOutput};
    use aws_sdk_sagemaker::operation::list_domains::{ListDomainsError, ListDomainsOutput};
    use aws_sdk_sagemaker::operation::list_spaces::ListSpacesOutput;
    use aws_sdk_sagemaker::operation::list_tags::ListTagsOutput;
    use aws_sdk_sagemaker::operation::list_user_profiles::{
        ListUserProfilesError, ListUserProfilesOutput,
    };
    use aws_sdk_sagemaker::types::{
        AppDetails, AppInstanceType, AppStatus, AppType, DomainDetails, DomainStatus,
        OwnershipSettingsSummary, ResourceSpec, SharingType, SpaceDetails, SpaceSettingsSummary,
        SpaceSharingSettingsSummary, SpaceStatus, Tag, UserProfileDetails, UserProfileStatus,
        UserSettings,
    };
    use aws_sdk_sagemaker::Client;

    fn list_domains() -> Rule {
        mock!(Client::list_domains)
            .match_requests(|r| r.max_results() == Some(100))
            .then_output(|| {
                ListDomainsOutput::builder()
                    .domains(
                        DomainDetails::builder()
                            .domain_id(DOMAIN)
                            .domain_name("ds-secure")
                            .domain_arn(DOMAIN_ARN)
                            .status(DomainStatus::InService)
                            .build(),
                    )
                    .build()
            })
    }

    fn app(user: Option<&str>, space: Option<&str>, t: AppType, status: AppStatus) -> AppDetails {
        AppDetails::builder()
            .domain_id(DOMAIN)
            .set_user_profile_name(user.map(str::to_string))
            .set_space_name(space.map(str::to_string))
            .app_type(t)
            .app_name("default")
            .status(status)
            .resource_spec(
                ResourceSpec::builder()
                    .instance_type(AppInstanceType::MlT3Medium)
                    .sage_maker_image_arn(
                        "arn:aws:sagemaker:eu-west-2:712779665605:image/sagemaker-distribution-cpu",
                    )
                    .build(),
            )
            .build()
    }

    fn user_page(
        token: Option<&'static str>,
        next: Option<&'static str>,
        names: &'static [&'static str],
    ) -> Rule {
        mock!(Client::list_user_profiles)
            .match_requests(move |r| {
                r.domain_id_equals() == Some(DOMAIN)
                    && r.max_results() == Some(100)
                    && r.next_token() == token
            })
            .then_output(move || {
                let mut out =
                    ListUserProfilesOutput::builder().set_next_token(next.map(str::to_string));
                for n in names {
                    out = out.user_profiles(
                        UserProfileDetails::builder()
                            .domain_id(DOMAIN)
                            .user_profile_name(*n)
                            .status(if *n == "dave" {
                                UserProfileStatus::UpdateFailed
                            } else {
                                UserProfileStatus::InService
                            })
                            .build(),
                    );
                }
                out.build()
            })
    }

    /// ListUserProfiles over three pages, each profile described and tagged,
    /// running apps counted from one domain-wide ListApps (space apps count
    /// for the space's owner).
    #[tokio::test]
    async fn user_profiles_all_pages_described_and_tagged() {
        let domains = list_domains();
        let spaces = mock!(Client::list_spaces)
            .match_requests(|r| r.domain_id_equals() == Some(DOMAIN))
            .then_output(|| {
                ListSpacesOutput::builder()
                    .spaces(
                        SpaceDetails::builder()
                            .domain_id(DOMAIN)
                            .space_name("alice-lab")
                            .ownership_settings_summary(
                                OwnershipSettingsSummary::builder()
                                    .owner_user_profile_name("alice")
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            });
        // One ListApps for the whole domain: no per-user filter.
        let apps = mock!(Client::list_apps)
            .match_requests(|r| {
                r.domain_id_equals() == Some(DOMAIN) && r.user_profile_name_equals().is_none()
            })
            .then_output(|| {
                ListAppsOutput::builder()
                    .apps(app(
                        Some("alice"),
                        None,
                        AppType::KernelGateway,
                        AppStatus::InService,
                    ))
                    .apps(app(
                        Some("alice"),
                        None,
                        AppType::JupyterServer,
                        AppStatus::Deleted,
                    ))
                    .apps(app(
                        None,
                        Some("alice-lab"),
                        AppType::JupyterLab,
                        AppStatus::InService,
                    ))
                    .apps(app(
                        Some("carol"),
                        None,
                        AppType::JupyterServer,
                        AppStatus::Pending,
                    ))
                    .build()
            });
        let p1 = user_page(None, Some("t1"), &["alice", "bob"]);
        let p2 = user_page(Some("t1"), Some("t2"), &["carol"]);
        let p3 = user_page(Some("t2"), None, &["dave"]);
        let describe = mock!(Client::describe_user_profile)
            .match_requests(|r| r.domain_id() == Some(DOMAIN))
            .then_compute_output(|r| {
                let name = r.user_profile_name().unwrap().to_string();
                DescribeUserProfileOutput::builder()
                    .domain_id(DOMAIN)
                    .user_profile_arn(format!(
                        "arn:aws:sagemaker:eu-west-2:{ACCOUNT}:user-profile/{DOMAIN}/{name}"
                    ))
                    .user_profile_name(&name)
                    .status(if name == "dave" {
                        UserProfileStatus::UpdateFailed
                    } else {
                        UserProfileStatus::InService
                    })
                    .single_sign_on_user_value(format!("{name}@example.com"))
                    .user_settings(
                        UserSettings::builder()
                            .execution_role(format!("arn:aws:iam::{ACCOUNT}:role/ds-{name}"))
                            .build(),
                    )
                    .build()
            });
        let tags = mock!(Client::list_tags)
            .match_requests(|r| {
                r.resource_arn()
                    .is_some_and(|a| a.contains(":user-profile/"))
            })
            .then_compute_output(|r| {
                let arn = r.resource_arn().unwrap();
                let mut out = ListTagsOutput::builder();
                if !arn.ends_with("/bob") {
                    out = out.tags(Tag::builder().key(TEAM_TAG).value("fraud").build());
                }
                out.tags(Tag::builder().key("EnvironmentType").value("prod").build())
                    .build()
            });
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&domains, &spaces, &apps, &p1, &p2, &p3, &describe, &tags]
        );
        let sm = std::sync::Arc::new(AwsSageMaker::new(client, ctx(None)));
        let sink = Pages::default();
        sm.list_user_profiles(&sink).await.unwrap();

        assert_eq!(sink.sizes(), vec![2, 1, 1], "one sink call per page");
        for rule in [&p1, &p2, &p3] {
            assert_eq!(rule.num_calls(), 1);
        }
        let follow_ups = [&apps, &describe, &tags].map(|r| r.num_calls());
        assert_eq!(follow_ups, [0, 0, 0], "the list alone makes the rows");

        // The rest through the inventory, over this client (the demo for
        // the services these rows do not touch).
        let cloud = dsadmin::cloud::Cloud {
            sagemaker: sm,
            ..common::demo_cloud()
        };
        let gaps = dsadmin::inventory::Gaps::default();
        let rows = dsadmin::inventory::fill_all(&cloud, sink.rows(), &gaps).await;
        assert!(gaps.list().is_empty(), "{:?}", gaps.list());
        assert_eq!(
            apps.num_calls(),
            1,
            "ListApps once per domain, not per user"
        );
        assert_eq!(describe.num_calls(), 4);
        assert_eq!(tags.num_calls(), 4);

        let names: Vec<&str> = rows.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave"]);
        let alice = &rows[0];
        assert_eq!(alice.domain_id, DOMAIN);
        assert_eq!(alice.domain_name, "ds-secure");
        assert_eq!(
            alice.arn,
            format!("arn:aws:sagemaker:eu-west-2:{ACCOUNT}:user-profile/{DOMAIN}/alice")
        );
        assert_eq!(alice.status, "InService");
        assert_eq!(
            alice.execution_role(),
            Some("arn:aws:iam::123456789012:role/ds-alice")
        );
        assert_eq!(alice.sso_user(), Some("alice@example.com"));
        assert_eq!(alice.team(), Some("fraud"));
        assert_eq!(
            alice.apps_running,
            Detail::Known(2),
            "KernelGateway + JupyterLab in her space"
        );
        assert_eq!(rows[1].team(), None);
        assert_eq!(rows[1].apps_running, Detail::Known(0));
        assert_eq!(
            rows[2].apps_running,
            Detail::Known(0),
            "Pending is not running"
        );
        assert_eq!(rows[3].status, "Update_Failed");
    }

    fn apps_page(token: Option<&'static str>, next: Option<&'static str>, n: usize) -> Rule {
        mock!(Client::list_apps)
            .match_requests(move |r| {
                r.domain_id_equals() == Some(DOMAIN)
                    && r.user_profile_name_equals() == Some("alice")
                    && r.max_results() == Some(2)
                    && r.next_token() == token
            })
            .then_output(move || {
                let mut out = ListAppsOutput::builder().set_next_token(next.map(str::to_string));
                for _ in 0..n {
                    out = out.apps(app(
                        Some("alice"),
                        None,
                        AppType::KernelGateway,
                        AppStatus::InService,
                    ));
                }
                out.build()
            })
    }

    /// ListApps filtered to one user, three pages of at most 2 (page size from
    /// the options), ResourceSpec mapped, ARNs built from the domain's ARN.
    #[tokio::test]
    async fn apps_of_one_user_across_pages() {
        let describe_domain = mock!(Client::describe_domain)
            .match_requests(|r| r.domain_id() == Some(DOMAIN))
            .then_output(|| {
                DescribeDomainOutput::builder()
                    .domain_arn(DOMAIN_ARN)
                    .build()
            });
        let pages = [
            apps_page(None, Some("a"), 2),
            apps_page(Some("a"), Some("b"), 2),
            apps_page(Some("b"), None, 1),
        ];
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&describe_domain, &pages[0], &pages[1], &pages[2]]
        );
        let sm = AwsSageMaker::new(client, ctx(Some(2)));
        let sink = Pages::default();
        sm.list_apps(DOMAIN, Some("alice"), &sink).await.unwrap();
        assert_eq!(sink.sizes(), vec![2, 2, 1]);
        let a = &sink.rows()[0];
        assert_eq!(a.domain_id, DOMAIN);
        assert_eq!(a.user_profile.as_deref(), Some("alice"));
        assert_eq!(a.space_name, None);
        assert_eq!(a.app_type, "KernelGateway");
        assert_eq!(a.name, "default");
        assert_eq!(a.status, "InService");
        assert_eq!(a.instance_type.as_deref(), Some("ml.t3.medium"));
        assert_eq!(
            a.image_arn.as_deref(),
            Some("arn:aws:sagemaker:eu-west-2:712779665605:image/sagemaker-distribution-cpu")
        );
        assert_eq!(
            a.arn,
            format!(
                "arn:aws:sagemaker:eu-west-2:{ACCOUNT}:app/{DOMAIN}/alice/kernelgateway/default"
            )
        );
        assert_eq!(describe_domain.num_calls(), 1);
    }

    #[tokio::test]
    async fn spaces_map_ownership_sharing_and_app_type() {
        let spaces = mock!(Client::list_spaces)
            .match_requests(|r| {
                r.domain_id_equals() == Some(DOMAIN) && r.max_results() == Some(100)
            })
            .then_output(|| {
                ListSpacesOutput::builder()
                    .spaces(
                        SpaceDetails::builder()
                            .domain_id(DOMAIN)
                            .space_name("alice-lab")
                            .status(SpaceStatus::InService)
                            .ownership_settings_summary(
                                OwnershipSettingsSummary::builder()
                                    .owner_user_profile_name("alice")
                                    .build(),
                            )
                            .space_sharing_settings_summary(
                                SpaceSharingSettingsSummary::builder()
                                    .sharing_type(SharingType::Private)
                                    .build(),
                            )
                            .space_settings_summary(
                                SpaceSettingsSummary::builder()
                                    .app_type(AppType::JupyterLab)
                                    .build(),
                            )
                            .build(),
                    )
                    .spaces(
                        SpaceDetails::builder()
                            .domain_id(DOMAIN)
                            .space_name("team-fraud")
                            .status(SpaceStatus::Failed)
                            .space_sharing_settings_summary(
                                SpaceSharingSettingsSummary::builder()
                                    .sharing_type(SharingType::Shared)
                                    .build(),
                            )
                            .space_settings_summary(
                                SpaceSettingsSummary::builder()
                                    .app_type(AppType::CodeEditor)
                                    .build(),
                            )
                            .build(),
                    )
                    .build()
            });
        let domains = list_domains();
        let describe_domain = mock!(Client::describe_domain).then_output(|| {
            DescribeDomainOutput::builder()
                .domain_arn(DOMAIN_ARN)
                .build()
        });
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&spaces, &domains, &describe_domain]
        );
        let sm = AwsSageMaker::new(client, ctx(None));
        let rows = dsadmin::collect_all!(sm, list_spaces, DOMAIN).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "alice-lab");
        assert_eq!(rows[0].owner.as_deref(), Some("alice"));
        assert_eq!(rows[0].sharing, "Private");
        assert_eq!(rows[0].app_type.as_deref(), Some("JupyterLab"));
        assert_eq!(rows[0].status, "InService");
        assert_eq!(
            rows[0].arn,
            format!("arn:aws:sagemaker:eu-west-2:{ACCOUNT}:space/{DOMAIN}/alice-lab")
        );
        assert_eq!(rows[1].owner, None);
        assert_eq!(rows[1].sharing, "Shared");
        assert_eq!(rows[1].status, "Failed");
    }

    /// ThrottlingException twice, then success: the SDK's standard retry hides it.
    #[tokio::test]
    async fn throttling_is_retried_then_succeeds() {
        let describe_domain = mock!(Client::describe_domain).then_output(|| {
            DescribeDomainOutput::builder()
                .domain_arn(DOMAIN_ARN)
                .build()
        });
        let apps = mock!(Client::list_apps)
            .sequence()
            .error(|| ListAppsError::generic(error("ThrottlingException", "Rate exceeded")))
            .times(2)
            .output(|| {
                ListAppsOutput::builder()
                    .apps(app(
                        Some("alice"),
                        None,
                        AppType::JupyterServer,
                        AppStatus::InService,
                    ))
                    .build()
            })
            .build();
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&describe_domain, &apps]
        );
        let sm = AwsSageMaker::new(client, ctx(None));
        let rows = dsadmin::collect_all!(sm, list_apps, DOMAIN, None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            apps.num_calls(),
            3,
            "two throttled attempts and the success"
        );
    }

    /// Throttled on every attempt: surfaces as Throttled after max_attempts.
    #[tokio::test]
    async fn persistent_throttling_surfaces() {
        let domains = mock!(Client::list_domains)
            .sequence()
            .error(|| ListDomainsError::generic(error("ThrottlingException", "Rate exceeded")))
            .times(5)
            .build();
        let client = client!(aws_sdk_sagemaker, RuleMode::MatchAny, 2, [&domains]);
        let sm = AwsSageMaker::new(client, ctx(None));
        let err = dsadmin::collect_all!(sm, list_domains).unwrap_err();
        assert!(
            matches!(&err, CloudError::Throttled { message } if message.contains("Rate exceeded")),
            "{err:?}"
        );
        assert_eq!(domains.num_calls(), 2, "max_attempts = 2");
    }

    #[tokio::test]
    async fn expired_token_names_the_profile() {
        let domains = mock!(Client::list_domains).then_error(|| {
            ListDomainsError::generic(error(
                "ExpiredTokenException",
                "The security token included in the request is expired",
            ))
        });
        let client = client!(aws_sdk_sagemaker, RuleMode::MatchAny, 3, [&domains]);
        let sm = AwsSageMaker::new(client, ctx(None));
        let err = dsadmin::collect_all!(sm, list_domains).unwrap_err();
        assert_eq!(
            err,
            CloudError::ExpiredCredentials {
                profile: "test-profile".into()
            }
        );
        assert_eq!(domains.num_calls(), 1, "an expired token is not retried");
    }

    #[tokio::test]
    async fn access_denied_names_the_action() {
        let domains = list_domains();
        let users = mock!(Client::list_user_profiles).then_error(|| {
            ListUserProfilesError::generic(error(
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/Support/bob is not authorized to perform: sagemaker:ListUserProfiles on resource: arn:aws:sagemaker:eu-west-2:123456789012:user-profile/d-abcdefghijkl/* because no identity-based policy allows the sagemaker:ListUserProfiles action",
            ))
        });
        let spaces = mock!(Client::list_spaces).then_output(|| ListSpacesOutput::builder().build());
        let apps = mock!(Client::list_apps).then_output(|| ListAppsOutput::builder().build());
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&domains, &users, &spaces, &apps]
        );
        let sm = AwsSageMaker::new(client, ctx(None));
        let err = dsadmin::collect_all!(sm, list_user_profiles).unwrap_err();
        match err {
            CloudError::AccessDenied { action, message } => {
                assert_eq!(action, "sagemaker:ListUserProfiles");
                assert!(message.contains("assumed-role/Support/bob"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// A support role without sagemaker:ListApps, then without
    /// DescribeUserProfile, then without ListTags: every profile is still
    /// listed, only the field that call fills is unknown (once per cause).
    #[tokio::test]
    async fn every_user_is_listed_whatever_follow_up_is_refused() {
        use aws_sdk_sagemaker::operation::describe_user_profile::DescribeUserProfileError;
        use aws_sdk_sagemaker::operation::list_tags::ListTagsError;
        let denied = |action: &str| {
            error(
                "AccessDeniedException",
                &format!("User: arn:aws:sts::123456789012:assumed-role/Support/bau is not authorized to perform: {action} because no identity-based policy allows the {action} action"),
            )
        };
        for refused in [
            "sagemaker:ListApps",
            "sagemaker:DescribeUserProfile",
            "sagemaker:ListTags",
        ] {
            let apps = match refused {
                "sagemaker:ListApps" => mock!(Client::list_apps)
                    .then_error(move || ListAppsError::generic(denied(refused))),
                _ => mock!(Client::list_apps).then_output(|| ListAppsOutput::builder().build()),
            };
            let describe = match refused {
                "sagemaker:DescribeUserProfile" => mock!(Client::describe_user_profile)
                    .then_error(move || DescribeUserProfileError::generic(denied(refused))),
                _ => mock!(Client::describe_user_profile).then_compute_output(|r| {
                    DescribeUserProfileOutput::builder()
                        .domain_id(DOMAIN)
                        .user_profile_name(r.user_profile_name().unwrap())
                        .status(UserProfileStatus::InService)
                        .user_settings(
                            UserSettings::builder()
                                .execution_role("arn:aws:iam::123456789012:role/r")
                                .build(),
                        )
                        .build()
                }),
            };
            let tags = match refused {
                "sagemaker:ListTags" => mock!(Client::list_tags)
                    .then_error(move || ListTagsError::generic(denied(refused))),
                _ => mock!(Client::list_tags).then_output(|| ListTagsOutput::builder().build()),
            };
            let spaces =
                mock!(Client::list_spaces).then_output(|| ListSpacesOutput::builder().build());
            let p1 = user_page(None, None, &["alice", "bob", "carol"]);
            // What else the TUI asks for on its way to the Users tab.
            let domain = mock!(Client::describe_domain).then_output(|| {
                aws_sdk_sagemaker::operation::describe_domain::DescribeDomainOutput::builder()
                    .domain_id(DOMAIN)
                    .domain_name("ds-secure")
                    .domain_arn(DOMAIN_ARN)
                    .build()
            });
            let endpoints = mock!(Client::list_endpoints).then_output(|| {
                aws_sdk_sagemaker::operation::list_endpoints::ListEndpointsOutput::builder().build()
            });
            let client = client!(
                aws_sdk_sagemaker,
                RuleMode::MatchAny,
                1,
                [
                    &list_domains(),
                    &p1,
                    &spaces,
                    &apps,
                    &describe,
                    &tags,
                    &domain,
                    &endpoints
                ]
            );
            let cloud = dsadmin::cloud::Cloud {
                sagemaker: std::sync::Arc::new(AwsSageMaker::new(client, ctx(None))),
                ..common::demo_cloud()
            };
            let listed = dsadmin::collect_all!(cloud.sagemaker, list_user_profiles).unwrap();
            let gaps = dsadmin::inventory::Gaps::default();
            let rows = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
            assert_eq!(rows.len(), 3, "{refused}: {rows:#?}");
            for u in &rows {
                let unknown: Vec<&str> = dsadmin::model::Enriched::unknown(u)
                    .iter()
                    .map(|(_, w)| w.action.as_str())
                    .collect();
                assert!(
                    !unknown.is_empty() && unknown.iter().all(|a| *a == refused),
                    "{refused}: {u:#?}"
                );
            }
            let list = gaps.list();
            assert_eq!(list.len(), 1, "{refused}: {list:?}");
            assert_eq!((list[0].action.as_str(), list[0].rows), (refused, 3));
            assert_eq!(list[0].code, "AccessDenied");
            if refused == "sagemaker:ListApps" {
                assert_eq!(
                    apps.num_calls(),
                    1,
                    "asked once for the domain, not per user"
                );
            }

            // The Users tab: every profile, the refused field `?`, the
            // cause once in :errors.
            let settings = dsadmin::settings::Settings::builtin().unwrap();
            let mut h = common::Harness::with_cloud(cloud.clone(), settings).await;
            h.keys("2").await;
            let screen = h.screen();
            assert!(screen.contains("[3]"), "{refused}:\n{screen}");
            for user in ["alice", "bob", "carol"] {
                let line = screen
                    .lines()
                    .find(|l| l.contains(user))
                    .unwrap_or_else(|| panic!("{refused}, {user}:\n{screen}"));
                assert!(line.contains('?'), "{refused}: {line}");
            }
            h.keys(":errors<enter>").await;
            let errors = h.screen();
            assert!(
                errors.contains(&format!("{refused} AccessDenied on 3 rows")),
                "{errors}"
            );
        }
    }
}

mod endpoints {
    use super::*;
    use aws_sdk_sagemaker::operation::describe_endpoint::DescribeEndpointOutput;
    use aws_sdk_sagemaker::operation::describe_endpoint_config::DescribeEndpointConfigOutput;
    use aws_sdk_sagemaker::operation::list_endpoints::ListEndpointsOutput;
    use aws_sdk_sagemaker::operation::list_tags::ListTagsOutput;
    use aws_sdk_sagemaker::types::{
        DataCaptureConfigSummary, EndpointStatus, EndpointSummary, ProductionVariant,
        ProductionVariantInstanceType, ProductionVariantSummary, Tag,
    };
    use aws_sdk_sagemaker::Client;

    /// ListEndpoints must ask for 100 per page (its default is 10); an
    /// endpoint is described with its config (instance types, KMS key).
    #[tokio::test]
    async fn endpoints_ask_for_100_and_join_the_config() {
        let list = mock!(Client::list_endpoints)
            .match_requests(|r| r.max_results() == Some(100))
            .then_output(|| {
                ListEndpointsOutput::builder()
                    .endpoints(
                        EndpointSummary::builder()
                            .endpoint_name("claims-fraud-scorer")
                            .endpoint_status(EndpointStatus::InService)
                            .build(),
                    )
                    .build()
            });
        let describe = mock!(Client::describe_endpoint)
            .match_requests(|r| r.endpoint_name() == Some("claims-fraud-scorer"))
            .then_output(|| {
                let variant = |name: &str, w: f32| {
                    ProductionVariantSummary::builder()
                        .variant_name(name)
                        .current_weight(w)
                        .desired_weight(w)
                        .current_instance_count(2)
                        .desired_instance_count(2)
                        .build()
                };
                DescribeEndpointOutput::builder()
                    .endpoint_name("claims-fraud-scorer")
                    .endpoint_arn(format!(
                        "arn:aws:sagemaker:eu-west-2:{ACCOUNT}:endpoint/claims-fraud-scorer"
                    ))
                    .endpoint_config_name("claims-fraud-scorer-config-2026")
                    .endpoint_status(EndpointStatus::InService)
                    .production_variants(variant("champion", 0.7))
                    .production_variants(variant("challenger", 0.3))
                    .data_capture_config(
                        DataCaptureConfigSummary::builder()
                            .enable_capture(true)
                            .build(),
                    )
                    .build()
            });
        let config = mock!(Client::describe_endpoint_config)
            .match_requests(|r| r.endpoint_config_name() == Some("claims-fraud-scorer-config-2026"))
            .then_output(|| {
                DescribeEndpointConfigOutput::builder()
                    .endpoint_config_name("claims-fraud-scorer-config-2026")
                    .kms_key_id("arn:aws:kms:eu-west-2:123456789012:key/abc")
                    .production_variants(
                        ProductionVariant::builder()
                            .variant_name("champion")
                            .model_name("fraud-xgb-v7")
                            .instance_type(ProductionVariantInstanceType::MlM5Xlarge)
                            .build(),
                    )
                    .production_variants(
                        ProductionVariant::builder()
                            .variant_name("challenger")
                            .model_name("fraud-xgb-v8")
                            .instance_type(ProductionVariantInstanceType::MlC5Xlarge)
                            .build(),
                    )
                    .build()
            });
        let tags = mock!(Client::list_tags).then_output(|| {
            ListTagsOutput::builder()
                .tags(Tag::builder().key(TEAM_TAG).value("fraud").build())
                .build()
        });
        let client = client!(
            aws_sdk_sagemaker,
            RuleMode::MatchAny,
            3,
            [&list, &describe, &config, &tags]
        );
        let sm = AwsSageMaker::new(client, ctx(None));
        let eps = dsadmin::collect_all!(sm, list_endpoints).unwrap();
        assert_eq!(eps.len(), 1);
        // The list is the rows; the description and tags are follow-ups.
        assert!(eps[0].described.is_pending() && eps[0].tags.is_pending());
        let e = &sm.describe_endpoint(&eps[0].name).await.unwrap();
        assert_eq!(e.config_name(), Some("claims-fraud-scorer-config-2026"));
        assert_eq!(
            e.config().known().unwrap().kms_key_id.as_deref(),
            Some("arn:aws:kms:eu-west-2:123456789012:key/abc")
        );
        assert!(e.described.known().unwrap().data_capture);
        assert_eq!(sm.resource_tags(&e.arn).await.unwrap().len(), 1);
        let v: Vec<(&str, Option<&str>, Option<&str>, u32)> = e
            .variants()
            .iter()
            .map(|v| {
                (
                    v.name.as_str(),
                    v.model_name(),
                    v.instance_type(),
                    v.current_instance_count,
                )
            })
            .collect();
        assert_eq!(
            v,
            vec![
                ("champion", Some("fraud-xgb-v7"), Some("ml.m5.xlarge"), 2),
                ("challenger", Some("fraud-xgb-v8"), Some("ml.c5.xlarge"), 2)
            ]
        );
        assert_eq!(e.share_percent(&e.variants()[0]).round(), 70.0);
    }
}

mod codeartifact {
    use super::*;
    use aws_sdk_codeartifact::operation::describe_repository::DescribeRepositoryOutput;
    use aws_sdk_codeartifact::operation::list_domains::{ListDomainsError, ListDomainsOutput};
    use aws_sdk_codeartifact::operation::list_package_versions::{
        ListPackageVersionsError, ListPackageVersionsOutput,
    };
    use aws_sdk_codeartifact::operation::list_packages::{ListPackagesError, ListPackagesOutput};
    use aws_sdk_codeartifact::operation::list_repositories_in_domain::ListRepositoriesInDomainOutput;
    use aws_sdk_codeartifact::types::{
        AllowPublish, AllowUpstream, DomainSummary, ExternalConnectionStatus, PackageFormat,
        PackageOriginConfiguration, PackageOriginRestrictions, PackageSummary,
        PackageVersionOrigin, PackageVersionOriginType, PackageVersionStatus,
        PackageVersionSummary, RepositoryDescription, RepositoryExternalConnectionInfo,
        RepositorySummary, UpstreamRepositoryInfo,
    };
    use aws_sdk_codeartifact::Client;

    const OWNER: &str = "111122223333";

    fn repo_summary(name: &str) -> RepositorySummary {
        RepositorySummary::builder()
            .name(name)
            .domain_name("ds-artifacts")
            .domain_owner(OWNER)
            .arn(format!(
                "arn:aws:codeartifact:eu-west-2:{OWNER}:repository/ds-artifacts/{name}"
            ))
            // RepositorySummary carries the description, as the API reference has it.
            .set_description((name == "approved-pypi").then(|| "pre-approved packages".to_owned()))
            .build()
    }

    /// Every domain's repositories, each described for upstreams and the
    /// external connection; the domain owner is passed along.
    #[tokio::test]
    async fn repositories_with_upstreams_and_external_connections() {
        let domains = mock!(Client::list_domains)
            .match_requests(|r| r.max_results() == Some(1000))
            .then_output(|| {
                ListDomainsOutput::builder()
                    .domains(
                        DomainSummary::builder()
                            .name("ds-artifacts")
                            .owner(OWNER)
                            .build(),
                    )
                    .build()
            });
        let repos = mock!(Client::list_repositories_in_domain)
            .match_requests(|r| {
                r.domain() == Some("ds-artifacts") && r.domain_owner() == Some(OWNER)
            })
            .then_output(|| {
                ListRepositoriesInDomainOutput::builder()
                    .repositories(repo_summary("approved-pypi"))
                    .repositories(repo_summary("pypi-upstream"))
                    .build()
            });
        let describe = mock!(Client::describe_repository)
            .match_requests(|r| {
                r.domain() == Some("ds-artifacts") && r.domain_owner() == Some(OWNER)
            })
            .then_compute_output(|r| {
                let name = r.repository().unwrap().to_string();
                let mut d = RepositoryDescription::builder()
                    .name(&name)
                    .domain_name("ds-artifacts")
                    .domain_owner(OWNER)
                    .arn(format!(
                        "arn:aws:codeartifact:eu-west-2:{OWNER}:repository/ds-artifacts/{name}"
                    ))
                    .description("pre-approved packages");
                if name == "approved-pypi" {
                    d = d.upstreams(
                        UpstreamRepositoryInfo::builder()
                            .repository_name("pypi-upstream")
                            .build(),
                    );
                } else {
                    d = d.external_connections(
                        RepositoryExternalConnectionInfo::builder()
                            .external_connection_name("public:pypi")
                            .package_format(PackageFormat::Pypi)
                            .status(ExternalConnectionStatus::Available)
                            .build(),
                    );
                }
                DescribeRepositoryOutput::builder()
                    .repository(d.build())
                    .build()
            });
        let client = client!(
            aws_sdk_codeartifact,
            RuleMode::MatchAny,
            3,
            [&domains, &repos, &describe]
        );
        let ca = std::sync::Arc::new(AwsCodeArtifact::new(client, ctx(None)));
        let sink = Pages::default();
        ca.list_repositories(&sink).await.unwrap();
        assert_eq!(describe.num_calls(), 0, "the list alone makes the rows");
        let cloud = dsadmin::cloud::Cloud {
            codeartifact: ca,
            ..common::demo_cloud()
        };
        let gaps = dsadmin::inventory::Gaps::default();
        let rows = dsadmin::inventory::fill_all(&cloud, sink.rows(), &gaps).await;
        assert!(gaps.list().is_empty(), "{:?}", gaps.list());
        assert_eq!(rows.len(), 2);
        assert_eq!(describe.num_calls(), 2);
        let approved = &rows[0];
        assert_eq!(approved.name, "approved-pypi");
        assert_eq!(approved.domain, "ds-artifacts");
        assert_eq!(approved.domain_owner, OWNER);
        assert_eq!(approved.upstreams(), ["pypi-upstream"]);
        assert!(approved.external_connections().is_empty());
        assert_eq!(
            approved.description.as_deref(),
            Some("pre-approved packages")
        );
        assert_eq!(rows[1].external_connections(), ["public:pypi"]);
        assert!(rows[1].upstreams().is_empty());
    }

    /// Without codeartifact:DescribeRepository both repositories are
    /// listed, their sources unknown with why, counted once.
    #[tokio::test]
    async fn repositories_listed_when_describe_is_refused() {
        use aws_sdk_codeartifact::operation::describe_repository::DescribeRepositoryError;
        let domains = mock!(Client::list_domains).then_output(|| {
            ListDomainsOutput::builder()
                .domains(
                    DomainSummary::builder()
                        .name("ds-artifacts")
                        .owner(OWNER)
                        .build(),
                )
                .build()
        });
        let repos = mock!(Client::list_repositories_in_domain).then_output(|| {
            ListRepositoriesInDomainOutput::builder()
                .repositories(repo_summary("approved-pypi"))
                .repositories(repo_summary("pypi-upstream"))
                .build()
        });
        let describe = mock!(Client::describe_repository).then_error(|| {
            DescribeRepositoryError::generic(error(
                "AccessDeniedException",
                "User: arn:aws:sts::111122223333:assumed-role/Support/bau is not authorized to perform: codeartifact:DescribeRepository",
            ))
        });
        let client = client!(
            aws_sdk_codeartifact,
            RuleMode::MatchAny,
            1,
            [&domains, &repos, &describe]
        );
        let cloud = dsadmin::cloud::Cloud {
            codeartifact: std::sync::Arc::new(AwsCodeArtifact::new(client, ctx(None))),
            ..common::demo_cloud()
        };
        let listed = dsadmin::collect_all!(cloud.codeartifact, list_repositories).unwrap();
        let gaps = dsadmin::inventory::Gaps::default();
        let rows = dsadmin::inventory::fill_all(&cloud, listed, &gaps).await;
        assert_eq!(rows.len(), 2, "{rows:#?}");
        for r in &rows {
            let why = r.links.why().unwrap_or_else(|| panic!("{r:?}"));
            assert_eq!(why.action, "codeartifact:DescribeRepository");
            assert_eq!(why.code, "AccessDenied");
        }
        let list = gaps.list();
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0].rows, 2);
    }

    fn packages_page(
        token: Option<&'static str>,
        next: Option<&'static str>,
        names: &'static [(&'static str, AllowPublish, AllowUpstream)],
    ) -> Rule {
        mock!(Client::list_packages)
            .match_requests(move |r| {
                r.domain() == Some("ds-artifacts")
                    && r.repository() == Some("approved-pypi")
                    && r.max_results() == Some(1000)
                    && r.next_token() == token
            })
            .then_output(move || {
                let mut out =
                    ListPackagesOutput::builder().set_next_token(next.map(str::to_string));
                for (name, publish, upstream) in names {
                    out = out.packages(
                        PackageSummary::builder()
                            .format(PackageFormat::Pypi)
                            .package(*name)
                            .origin_configuration(
                                PackageOriginConfiguration::builder()
                                    .restrictions(
                                        PackageOriginRestrictions::builder()
                                            .publish(publish.clone())
                                            .upstream(upstream.clone())
                                            .build()
                                            .unwrap(),
                                    )
                                    .build(),
                            )
                            .build(),
                    );
                }
                out.build()
            })
    }

    #[tokio::test]
    async fn packages_across_three_pages_with_origin_restrictions() {
        const P1: &[(&str, AllowPublish, AllowUpstream)] = &[
            ("numpy", AllowPublish::Block, AllowUpstream::Allow),
            ("pandas", AllowPublish::Block, AllowUpstream::Allow),
        ];
        const P2: &[(&str, AllowPublish, AllowUpstream)] =
            &[("internal-utils", AllowPublish::Allow, AllowUpstream::Block)];
        const P3: &[(&str, AllowPublish, AllowUpstream)] =
            &[("requests", AllowPublish::Allow, AllowUpstream::Allow)];
        let pages = [
            packages_page(None, Some("p2"), P1),
            packages_page(Some("p2"), Some("p3"), P2),
            packages_page(Some("p3"), None, P3),
        ];
        let client = client!(
            aws_sdk_codeartifact,
            RuleMode::MatchAny,
            3,
            [&pages[0], &pages[1], &pages[2]]
        );
        let ca = AwsCodeArtifact::new(client, ctx(None));
        let sink = Pages::default();
        ca.list_packages("ds-artifacts", "approved-pypi", &sink)
            .await
            .unwrap();
        assert_eq!(sink.sizes(), vec![2, 1, 1]);
        let rows = sink.rows();
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|p| (p.name.as_str(), p.publish.as_str(), p.upstream.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("numpy", "BLOCK", "ALLOW"),
                ("pandas", "BLOCK", "ALLOW"),
                ("internal-utils", "ALLOW", "BLOCK"),
                ("requests", "ALLOW", "ALLOW")
            ]
        );
        assert!(rows
            .iter()
            .all(|p| p.format == "pypi" && p.namespace.is_none()));
        assert!(rows
            .iter()
            .all(|p| p.domain == "ds-artifacts" && p.repository == "approved-pypi"));
    }

    fn version(
        v: &str,
        status: PackageVersionStatus,
        origin: PackageVersionOriginType,
    ) -> PackageVersionSummary {
        PackageVersionSummary::builder()
            .version(v)
            .status(status)
            .revision(format!("rev-{v}"))
            .origin(PackageVersionOrigin::builder().origin_type(origin).build())
            .build()
            .unwrap()
    }

    fn package(format: &str, namespace: Option<&str>, name: &str) -> Package {
        Package {
            domain: "ds-artifacts".into(),
            repository: "approved-pypi".into(),
            format: format.into(),
            namespace: namespace.map(str::to_string),
            name: name.into(),
            publish: "BLOCK".into(),
            upstream: "ALLOW".into(),
            latest_version: None,
            version_count: None,
        }
    }

    /// ListPackageVersions sends format, package and (only when there is one)
    /// namespace, and follows three pages.
    #[tokio::test]
    async fn package_versions_send_format_package_namespace() {
        let page = |token: Option<&'static str>,
                    next: Option<&'static str>,
                    vs: Vec<PackageVersionSummary>| {
            mock!(Client::list_package_versions)
                .match_requests(move |r| {
                    r.domain() == Some("ds-artifacts")
                        && r.repository() == Some("approved-pypi")
                        && r.format() == Some(&PackageFormat::Pypi)
                        && r.package() == Some("numpy")
                        && r.namespace().is_none()
                        && r.next_token() == token
                })
                .then_output(move || {
                    ListPackageVersionsOutput::builder()
                        .set_next_token(next.map(str::to_string))
                        .set_versions(Some(vs.clone()))
                        .build()
                })
        };
        let p1 = page(
            None,
            Some("v2"),
            vec![
                version(
                    "2.1.0",
                    PackageVersionStatus::Published,
                    PackageVersionOriginType::External,
                ),
                version(
                    "2.0.2",
                    PackageVersionStatus::Unlisted,
                    PackageVersionOriginType::External,
                ),
            ],
        );
        let p2 = page(
            Some("v2"),
            Some("v3"),
            vec![version(
                "1.26.4",
                PackageVersionStatus::Archived,
                PackageVersionOriginType::External,
            )],
        );
        let p3 = page(
            Some("v3"),
            None,
            vec![version(
                "1.26.0-internal",
                PackageVersionStatus::Published,
                PackageVersionOriginType::Internal,
            )],
        );
        let scoped = mock!(Client::list_package_versions)
            .match_requests(|r| {
                r.format() == Some(&PackageFormat::Npm)
                    && r.namespace() == Some("acme")
                    && r.package() == Some("ui-kit")
            })
            .then_output(|| {
                ListPackageVersionsOutput::builder()
                    .versions(version(
                        "3.0.0",
                        PackageVersionStatus::Unfinished,
                        PackageVersionOriginType::Internal,
                    ))
                    .build()
            });
        let client = client!(
            aws_sdk_codeartifact,
            RuleMode::MatchAny,
            3,
            [&p1, &p2, &p3, &scoped]
        );
        let ca = AwsCodeArtifact::new(client, ctx(None));

        let sink = Pages::default();
        ca.list_package_versions(
            "ds-artifacts",
            "approved-pypi",
            &package("pypi", None, "numpy"),
            &sink,
        )
        .await
        .unwrap();
        assert_eq!(sink.sizes(), vec![2, 1, 1]);
        let rows = sink.rows();
        assert_eq!(rows[0].package, "numpy");
        assert_eq!(rows[0].version, "2.1.0");
        assert_eq!(rows[0].status, "Published");
        assert_eq!(rows[0].origin, "EXTERNAL");
        assert_eq!(rows[0].revision.as_deref(), Some("rev-2.1.0"));
        assert_eq!(rows[1].status, "Unlisted");
        assert_eq!(rows[2].status, "Archived");
        assert_eq!(rows[3].origin, "INTERNAL");

        let npm = dsadmin::collect_all!(
            ca,
            list_package_versions,
            "ds-artifacts",
            "approved-pypi",
            &package("npm", Some("acme"), "ui-kit")
        )
        .unwrap();
        assert_eq!(npm.len(), 1);
        assert_eq!(npm[0].status, "Unfinished");
        assert_eq!(scoped.num_calls(), 1);
    }

    #[tokio::test]
    async fn throttled_packages_retry_then_succeed() {
        let rule = mock!(Client::list_packages)
            .sequence()
            .error(|| ListPackagesError::generic(error("ThrottlingException", "Rate exceeded")))
            .times(2)
            .output(|| {
                ListPackagesOutput::builder()
                    .packages(
                        PackageSummary::builder()
                            .format(PackageFormat::Pypi)
                            .package("numpy")
                            .build(),
                    )
                    .build()
            })
            .build();
        let client = client!(aws_sdk_codeartifact, RuleMode::MatchAny, 3, [&rule]);
        let ca = AwsCodeArtifact::new(client, ctx(None));
        let rows =
            dsadmin::collect_all!(ca, list_packages, "ds-artifacts", "approved-pypi").unwrap();
        assert_eq!(rows.len(), 1);
        // No origin configuration in the answer: the defaults allow both.
        assert_eq!(
            (rows[0].publish.as_str(), rows[0].upstream.as_str()),
            ("ALLOW", "ALLOW")
        );
        assert_eq!(rule.num_calls(), 3);
    }

    #[tokio::test]
    async fn throttled_versions_surface_after_max_attempts() {
        let rule = mock!(Client::list_package_versions)
            .sequence()
            .error(|| {
                ListPackageVersionsError::generic(error("ThrottlingException", "Rate exceeded"))
            })
            .times(3)
            .build();
        let client = client!(aws_sdk_codeartifact, RuleMode::MatchAny, 3, [&rule]);
        let ca = AwsCodeArtifact::new(client, ctx(None));
        let err = dsadmin::collect_all!(
            ca,
            list_package_versions,
            "ds-artifacts",
            "approved-pypi",
            &package("pypi", None, "numpy")
        )
        .unwrap_err();
        assert!(matches!(err, CloudError::Throttled { .. }), "{err:?}");
        assert_eq!(rule.num_calls(), 3);
    }

    /// No "is not authorized to perform" in the message: the action we called.
    #[tokio::test]
    async fn access_denied_without_detail_names_our_action() {
        let rule = mock!(Client::list_domains).then_error(|| {
            ListDomainsError::generic(error("AccessDeniedException", "Access denied"))
        });
        let client = client!(aws_sdk_codeartifact, RuleMode::MatchAny, 3, [&rule]);
        let ca = AwsCodeArtifact::new(client, ctx(None));
        let sink = Pages::default();
        let err = ca.list_repositories(&sink).await.unwrap_err();
        assert!(
            matches!(&err, CloudError::AccessDenied { action, .. } if action == "codeartifact:ListDomains"),
            "{err:?}"
        );
        assert!(sink.sizes().is_empty());
    }
}

/// BatchStopJobRun is missing from moto: the request sent, the request id kept,
/// and a refused run (a 200 with an Errors entry) surfacing as an error.
mod glue_stop {
    use super::*;
    use aws_sdk_glue::Client;
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use dsadmin::cloud::aws::{AccountId, AwsGlue};
    use dsadmin::cloud::Glue as _;
    use std::sync::Arc;

    const RUN: &str = "jr_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// A BatchStopJobRun answer as Glue sends it (JSON body, request id header).
    fn answer(body: serde_json::Value) -> HttpResponse {
        let mut r = HttpResponse::new(
            StatusCode::try_from(200).unwrap(),
            SdkBody::from(body.to_string()),
        );
        r.headers_mut()
            .insert("x-amzn-RequestId", "5f3c1c2e-0000-4000-8000-000000000001");
        r.headers_mut()
            .insert("Content-Type", "application/x-amz-json-1.1");
        r
    }

    fn glue(rule: &Rule) -> AwsGlue {
        let client = client!(aws_sdk_glue, RuleMode::MatchAny, 1, [rule]);
        // Stopping a run needs no account id: the STS client is never called.
        let sts = client!(aws_sdk_sts, RuleMode::MatchAny, 1, []);
        AwsGlue::new(client, Arc::new(AccountId::new(sts, ctx(None))), ctx(None))
    }

    #[tokio::test]
    async fn stop_sends_the_job_and_run_and_keeps_the_request_id() {
        let rule = mock!(Client::batch_stop_job_run)
            .match_requests(|r| {
                r.job_name() == Some("claims-etl") && r.job_run_ids() == [RUN.to_string()]
            })
            .then_http_response(|| {
                answer(serde_json::json!({
                    "SuccessfulSubmissions": [{"JobName": "claims-etl", "JobRunId": RUN}],
                    "Errors": []
                }))
            });
        let done = glue(&rule).stop_job_run("claims-etl", RUN).await.unwrap();
        assert_eq!(
            rule.num_calls(),
            1,
            "the request matched: JobName and JobRunIds"
        );
        assert_eq!(
            done.request_id.as_deref(),
            Some("5f3c1c2e-0000-4000-8000-000000000001")
        );
    }

    #[tokio::test]
    async fn a_refused_run_in_errors_is_an_error() {
        let rule = mock!(Client::batch_stop_job_run).then_http_response(|| {
            answer(serde_json::json!({
                "SuccessfulSubmissions": [],
                "Errors": [{
                    "JobName": "claims-etl",
                    "JobRunId": RUN,
                    "ErrorDetail": {
                        "ErrorCode": "InvalidInputException",
                        "ErrorMessage": "Job Run cannot be stopped in current state."
                    }
                }]
            }))
        });
        match glue(&rule).stop_job_run("claims-etl", RUN).await {
            Err(CloudError::Validation { message }) => {
                assert!(message.contains(RUN), "{message}");
                assert!(
                    message.contains("cannot be stopped in current state"),
                    "{message}"
                );
            }
            other => panic!("expected Validation, got {other:?}"),
        }

        let unknown = mock!(Client::batch_stop_job_run).then_http_response(|| {
            answer(serde_json::json!({
                "Errors": [{
                    "JobName": "claims-etl",
                    "JobRunId": "jr_nope",
                    "ErrorDetail": {
                        "ErrorCode": "EntityNotFoundException",
                        "ErrorMessage": "Job Run jr_nope not found"
                    }
                }]
            }))
        });
        match glue(&unknown).stop_job_run("claims-etl", "jr_nope").await {
            Err(CloudError::NotFound { what }) => assert!(what.contains("jr_nope"), "{what}"),
            other => panic!("expected NotFound, got {other:?}"),
        }
    }

    /// An error response (not an Errors entry) still goes through the mapping.
    #[tokio::test]
    async fn an_unknown_job_is_not_found() {
        let rule = mock!(Client::batch_stop_job_run).then_error(|| {
            aws_sdk_glue::operation::batch_stop_job_run::BatchStopJobRunError::generic(error(
                "EntityNotFoundException",
                "Job no-such-job not found",
            ))
        });
        assert!(matches!(
            glue(&rule).stop_job_run("no-such-job", RUN).await,
            Err(CloudError::NotFound { what }) if what.contains("no-such-job")
        ));
    }
}
