//! SDK failures → `CloudError`, keeping the AWS error code and naming what to do.
//!
//! The SDK's standard retry strategy has already retried throttling, 5xx and
//! transient network errors by the time an error reaches this module, so every
//! mapping here is final: it only decides what the user is told.

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::AwsContext;
use crate::cloud::CloudError;

const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
    "UnauthorizedException",
];
const EXPIRED: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "TokenRefreshRequired",
];
const THROTTLED: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];
const NOT_FOUND: &[&str] = &[
    "ResourceNotFound",
    "ResourceNotFoundException",
    "EntityNotFoundException",
    "RepositoryNotFoundException",
    "ImageNotFoundException",
    "NoSuchEntity",
    "NotFoundException",
];
/// Refusals of a mutation because of the resource's state or a per-resource
/// quota: nothing to retry blindly, the message says what is in the way.
const REFUSED: &[&str] = &[
    "CrawlerRunningException",
    "CrawlerNotRunningException",
    "CrawlerStoppingException",
    "ConcurrentRunsExceededException",
    "InvalidInputException",
    "UnsupportedImageTypeException",
    // ECR: one scan per image per 24 hours.
    "LimitExceededException",
];

/// Maps a failed call of `action` (`service:Operation`, e.g.
/// `sagemaker:ListUserProfiles`) into a `CloudError`.
pub fn from_sdk_error<E>(
    err: SdkError<E, HttpResponse>,
    action: &str,
    ctx: &AwsContext,
) -> CloudError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    if let Some(e) = credentials_failure(&err, ctx) {
        return e;
    }
    let chain = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::ServiceError(se) if se.err().code().is_none() => {
            from_body(se.raw(), &chain, action, ctx)
        }
        SdkError::ServiceError(se) => classify(
            se.err().code(),
            se.err().message(),
            Some(se.raw().status().as_u16()),
            action,
            ctx,
        ),
        SdkError::TimeoutError(_) => network(ctx, action, format!("{action} timed out")),
        SdkError::DispatchFailure(_) => network(ctx, action, chain),
        // A body the SDK could not parse: moto answers operations it does not
        // implement with an HTML 500, and IAM denials of JSON services with an
        // XML (query protocol) body; some proxies do the same.
        SdkError::ResponseError(re) => from_body(re.raw(), &chain, action, ctx),
        SdkError::ConstructionFailure(_) => CloudError::Validation {
            message: format!("{action}: {chain}"),
        },
        _ => CloudError::Other {
            code: "Unknown".into(),
            message: format!("{action}: {chain}"),
        },
    }
}

/// The decision for a modeled (or at least status-coded) AWS error response.
pub(crate) fn classify(
    code: Option<&str>,
    message: Option<&str>,
    status: Option<u16>,
    action: &str,
    ctx: &AwsContext,
) -> CloudError {
    let msg = message.unwrap_or_default().to_string();
    let lower = msg.to_ascii_lowercase();
    let Some(code) = code else {
        return no_code(&msg, status, action);
    };
    if clock_skew(code, &lower) {
        return CloudError::Other {
            code: code.to_string(),
            message: format!(
                "{action}: this computer's clock is too far from AWS's, so the request's signature is refused ({msg}); set the clock right (for example `timedatectl set-ntp true`) and try again"
            ),
        };
    }
    if ACCESS_DENIED.contains(&code) {
        return CloudError::AccessDenied {
            action: refused_action(&msg).unwrap_or_else(|| action.to_string()),
            message: msg,
        };
    }
    let expired_token = (code == "InvalidClientTokenId" || code == "UnrecognizedClientException")
        && lower.contains("expired");
    if EXPIRED.contains(&code) || expired_token {
        return CloudError::ExpiredCredentials {
            profile: ctx.profile.clone(),
        };
    }
    if THROTTLED.contains(&code) {
        return CloudError::Throttled {
            message: if msg.is_empty() {
                format!("{action}: {code}")
            } else {
                format!("{action}: {msg}")
            },
        };
    }
    let missing_endpoint = code == "ValidationException" && lower.contains("could not find");
    if NOT_FOUND.contains(&code) || missing_endpoint {
        return CloudError::NotFound {
            what: if msg.is_empty() {
                format!("{action}: {code}")
            } else {
                msg
            },
        };
    }
    if REFUSED.contains(&code) {
        return CloudError::Validation {
            message: if msg.is_empty() {
                format!("{action}: {code}")
            } else {
                format!("{action}: {msg}")
            },
        };
    }
    if code == "ValidationException" || code == "InvalidParameterException" {
        return CloudError::Validation {
            message: format!("{action}: {msg}"),
        };
    }
    CloudError::Other {
        code: code.to_string(),
        message: format!("{action}: {msg}"),
    }
}

/// Classifies an error response whose body the SDK could not read, using the
/// `<Code>`/`<Message>` of an XML error body when there is one.
fn from_body(raw: &HttpResponse, chain: &str, action: &str, ctx: &AwsContext) -> CloudError {
    let status = Some(raw.status().as_u16());
    let body = raw
        .body()
        .bytes()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let code = xml_element(&body, "Code");
    let message = xml_element(&body, "Message");
    match code {
        Some(code) => classify(Some(&code), message.as_deref(), status, action, ctx),
        None => classify(None, Some(chain), status, action, ctx),
    }
}

/// The text of the first `<name>…</name>` in an XML error body.
pub(crate) fn xml_element(body: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&close)?;
    let text = body[start..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Requests signed with a time AWS will not accept: S3 says
/// `RequestTimeTooSkewed`, the JSON services `InvalidSignatureException`
/// "Signature expired: … is now earlier than …". The SDK corrects a skew it
/// has measured, so one that reaches the user needs the clock fixed.
fn clock_skew(code: &str, lower_message: &str) -> bool {
    code == "RequestTimeTooSkewed"
        || lower_message.contains("signature expired")
        || lower_message.contains("too skewed")
}

/// A response without an AWS error code: a 5xx there means the endpoint did
/// not understand the operation (moto's unimplemented ones), not a real outage.
fn no_code(msg: &str, status: Option<u16>, action: &str) -> CloudError {
    match status {
        Some(s) if s >= 500 => CloudError::Other {
            code: "NotImplemented".into(),
            message: format!(
                "{action} failed with HTTP {s} and no AWS error code: the endpoint may not implement this operation"
            ),
        },
        Some(404) => CloudError::NotFound {
            what: format!("{action}: HTTP 404"),
        },
        // HeadObject answers a denial with a bare 403: there is no body to
        // carry AccessDenied, but that is what it is.
        Some(403) => CloudError::AccessDenied {
            action: action.to_string(),
            message: format!("{action}: HTTP 403 without an error body"),
        },
        Some(s) => CloudError::Other {
            code: format!("HTTP{s}"),
            message: format!("{action}: {msg}"),
        },
        None => CloudError::Other {
            code: "Unknown".into(),
            message: format!("{action}: {msg}"),
        },
    }
}

/// `... is not authorized to perform: sagemaker:ListApps on resource: ...`
/// → `sagemaker:ListApps`: the action IAM refused can differ from the one we
/// called (e.g. a KMS decrypt behind a describe), so prefer the message's.
pub(crate) fn refused_action(message: &str) -> Option<String> {
    let rest = message.split("is not authorized to perform:").nth(1)?;
    let action: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-' || *c == '*')
        .collect();
    let action = action.trim_end_matches(':').to_string();
    action.contains(':').then_some(action)
}

fn network(ctx: &AwsContext, action: &str, message: String) -> CloudError {
    let service = action.split(':').next().unwrap_or("AWS");
    CloudError::Network {
        endpoint: ctx
            .endpoint_url
            .clone()
            .unwrap_or_else(|| format!("AWS {service} in {}", ctx.region)),
        message,
    }
}

/// Failures of the credentials provider chain (they surface as dispatch or
/// construction failures): expired SSO sessions and missing credentials.
fn credentials_failure<E>(err: &SdkError<E, HttpResponse>, ctx: &AwsContext) -> Option<CloudError>
where
    E: StdError + 'static,
{
    if !matches!(
        err,
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_)
    ) {
        return None;
    }
    let mut cred_error = None;
    let mut text = String::new();
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(c) = e.downcast_ref::<CredentialsError>() {
            cred_error.get_or_insert(c);
        }
        text.push_str(&e.to_string());
        text.push('\n');
        source = e.source();
    }
    classify_credentials(cred_error.is_some(), &text, ctx)
}

/// Decides from the provider chain's text, which is all the SSO and profile
/// providers give us (their error types are private to aws-config).
pub(crate) fn classify_credentials(
    is_credentials_error: bool,
    text: &str,
    ctx: &AwsContext,
) -> Option<CloudError> {
    let lower = text.to_ascii_lowercase();
    let about_credentials = is_credentials_error
        || lower.contains("credentials")
        || lower.contains("sso")
        || lower.contains("failed to resolve identity");
    if !about_credentials {
        return None;
    }
    if lower.contains("expired") || lower.contains("session has expired") {
        return Some(CloudError::ExpiredCredentials {
            profile: ctx.profile.clone(),
        });
    }
    // The role's credentials are refreshed as they expire: a refresh that
    // is refused is the role, not the profile, so it is named.
    if let Some(role) = &ctx.assumed_role {
        if lower.contains("assumerole")
            || lower.contains("not authorized")
            || lower.contains("accessdenied")
        {
            let why = text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Some(CloudError::AccessDenied {
                action: "sts:AssumeRole".to_owned(),
                message: format!(
                    "the role {role} could not be assumed (again) from profile {}'s credentials: {}",
                    ctx.profile,
                    why.trim()
                ),
            });
        }
    }
    let missing = lower.contains("no providers in chain")
        || lower.contains("credentialsnotloaded")
        || lower.contains("could not find")
        || lower.contains("was not defined")
        || lower.contains("no credentials")
        || lower.contains("not loaded")
        || lower.contains("failed to load")
        || lower.contains("no such file");
    if missing || is_credentials_error {
        return Some(no_credentials(ctx));
    }
    None
}

/// What to run to get credentials for the profile in use.
pub(crate) fn no_credentials(ctx: &AwsContext) -> CloudError {
    let p = &ctx.profile;
    let fix = if ctx.sso {
        format!("run `aws sso login --profile {p}`")
    } else {
        format!(
            "run `aws configure --profile {p}` (or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        )
    };
    CloudError::NoCredentials {
        profile: p.clone(),
        hint: format!("{fix}, or try `dsadmin --demo` to explore without AWS"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    fn ctx() -> AwsContext {
        AwsContext::new("prod-admin", "eu-west-2")
    }

    fn service_error(code: &str, message: &str, status: u16) -> CloudError {
        let meta = ErrorMetadata::builder().code(code).message(message).build();
        let err = aws_sdk_sagemaker::operation::list_apps::ListAppsError::generic(meta);
        let raw = HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::empty());
        from_sdk_error(
            SdkError::service_error(err, raw),
            "sagemaker:ListApps",
            &ctx(),
        )
    }

    #[test]
    fn access_denied_names_the_refused_action() {
        let e = service_error(
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/Support/bob is not authorized to perform: sagemaker:ListApps on resource: arn:aws:sagemaker:eu-west-2:123456789012:app/*",
            400,
        );
        assert!(
            matches!(&e, CloudError::AccessDenied { action, .. } if action == "sagemaker:ListApps"),
            "{e:?}"
        );
        // No parsable action in the message: the one we called.
        let e = service_error("AccessDenied", "Access Denied", 403);
        assert!(
            matches!(&e, CloudError::AccessDenied { action, .. } if action == "sagemaker:ListApps")
        );
        for code in ["UnauthorizedOperation", "AuthorizationError"] {
            assert!(matches!(
                service_error(code, "no", 403),
                CloudError::AccessDenied { .. }
            ));
        }
    }

    #[test]
    fn refused_action_parsing() {
        assert_eq!(
            refused_action("... is not authorized to perform: kms:Decrypt on resource: x")
                .as_deref(),
            Some("kms:Decrypt")
        );
        assert_eq!(
            refused_action("is not authorized to perform: glue:GetJobs because no identity-based policy allows").as_deref(),
            Some("glue:GetJobs")
        );
        assert_eq!(refused_action("Access Denied"), None);
    }

    #[test]
    fn expired_tokens() {
        for code in ["ExpiredToken", "ExpiredTokenException", "RequestExpired"] {
            assert_eq!(
                service_error(
                    code,
                    "The security token included in the request is expired",
                    400
                ),
                CloudError::ExpiredCredentials {
                    profile: "prod-admin".into()
                }
            );
        }
        assert!(matches!(
            service_error(
                "InvalidClientTokenId",
                "The security token has expired",
                403
            ),
            CloudError::ExpiredCredentials { .. }
        ));
        assert!(matches!(
            service_error("InvalidClientTokenId", "The security token is invalid", 403),
            CloudError::Other { code, .. } if code == "InvalidClientTokenId"
        ));
    }

    #[test]
    fn throttling_and_not_found() {
        for code in [
            "Throttling",
            "ThrottlingException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
        ] {
            assert!(matches!(
                service_error(code, "Rate exceeded", 400),
                CloudError::Throttled { .. }
            ));
        }
        for code in [
            "ResourceNotFound",
            "ResourceNotFoundException",
            "EntityNotFoundException",
            "RepositoryNotFoundException",
        ] {
            assert!(matches!(
                service_error(code, "gone", 400),
                CloudError::NotFound { .. }
            ));
        }
        assert!(matches!(
            service_error("ValidationException", "Could not find endpoint \"x\".", 400),
            CloudError::NotFound { what } if what.contains("endpoint")
        ));
        assert!(matches!(
            service_error("ValidationException", "1 validation error", 400),
            CloudError::Validation { .. }
        ));
    }

    #[test]
    fn unparsable_5xx_is_not_implemented() {
        let raw = HttpResponse::new(
            StatusCode::try_from(500).unwrap(),
            SdkBody::from("<html>Internal Server Error</html>"),
        );
        let err = aws_sdk_sagemaker::operation::list_apps::ListAppsError::generic(
            ErrorMetadata::builder().build(),
        );
        let e = from_sdk_error(
            SdkError::service_error(err, raw),
            "sagemaker:ListApps",
            &ctx(),
        );
        match e {
            CloudError::Other { code, message } => {
                assert_eq!(code, "NotImplemented");
                assert!(message.contains("sagemaker:ListApps"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // A modeled 5xx keeps its code.
        assert!(matches!(
            service_error("InternalFailure", "oops", 500),
            CloudError::Other { code, .. } if code == "InternalFailure"
        ));
    }

    #[test]
    fn state_refusals_are_validation() {
        for code in [
            "CrawlerRunningException",
            "CrawlerNotRunningException",
            "UnsupportedImageTypeException",
            "LimitExceededException",
        ] {
            assert!(
                matches!(
                    service_error(code, "Crawler with name x has already started", 400),
                    CloudError::Validation { message } if message.contains("already started")
                ),
                "{code}"
            );
        }
        assert!(matches!(
            service_error(
                "ImageNotFoundException",
                "The image requested does not exist",
                400
            ),
            CloudError::NotFound { .. }
        ));
    }

    /// moto's IAM enforcement answers JSON services with a query-protocol XML
    /// body, which the JSON deserializer rejects.
    #[test]
    fn xml_error_bodies_are_read() {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/support-bau is not authorized to perform: sagemaker:ListDomains</Message><Type>Sender</Type></Error></Errors></ErrorResponse>";
        let raw = HttpResponse::new(StatusCode::try_from(403).unwrap(), SdkBody::from(body));
        let err: SdkError<aws_sdk_sagemaker::operation::list_apps::ListAppsError, HttpResponse> =
            SdkError::response_error("malformed JSON error body", raw);
        match from_sdk_error(err, "sagemaker:ListApps", &ctx()) {
            CloudError::AccessDenied { action, message } => {
                assert_eq!(action, "sagemaker:ListDomains");
                assert!(message.contains("support-bau"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            xml_element("<a><Code> X </Code></a>", "Code").as_deref(),
            Some("X")
        );
        assert_eq!(xml_element("<html>500</html>", "Code"), None);
    }

    #[test]
    fn a_bare_403_is_access_denied_naming_the_action() {
        // HeadObject: no body, so no code; S3's own error type for it.
        let err = aws_sdk_s3::operation::head_object::HeadObjectError::generic(
            ErrorMetadata::builder().build(),
        );
        let raw = HttpResponse::new(StatusCode::try_from(403).unwrap(), SdkBody::empty());
        match from_sdk_error(SdkError::service_error(err, raw), "s3:HeadObject", &ctx()) {
            CloudError::AccessDenied { action, .. } => assert_eq!(action, "s3:HeadObject"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn clock_skew_says_to_fix_the_clock() {
        for (code, message) in [
            ("RequestTimeTooSkewed", "The difference between the request time and the current time is too large."),
            ("InvalidSignatureException", "Signature expired: 20261202T100000Z is now earlier than 20261202T101500Z (20261202T102000Z - 5 min.)"),
        ] {
            let e = service_error(code, message, 403);
            let text = e.to_string();
            assert_eq!(e.code(), code);
            assert!(text.contains("clock") && text.contains("sagemaker:ListApps"), "{text}");
        }
    }

    #[test]
    fn timeouts_and_dispatch_failures_name_the_endpoint() {
        let err: SdkError<aws_sdk_sagemaker::operation::list_apps::ListAppsError, HttpResponse> =
            SdkError::timeout_error("slow");
        let e = from_sdk_error(err, "sagemaker:ListApps", &ctx());
        assert!(matches!(
            &e,
            CloudError::Network { endpoint, .. } if endpoint == "AWS sagemaker in eu-west-2"
        ));
        let mut c = ctx();
        c.endpoint_url = Some("http://127.0.0.1:5000".into());
        let err: SdkError<aws_sdk_sagemaker::operation::list_apps::ListAppsError, HttpResponse> =
            SdkError::dispatch_failure(aws_smithy_runtime_api::client::result::ConnectorError::io(
                "connection refused".into(),
            ));
        let e = from_sdk_error(err, "sagemaker:ListApps", &c);
        assert!(
            matches!(
                &e,
                CloudError::Network { endpoint, message } if endpoint == "http://127.0.0.1:5000" && message.contains("connection refused")
            ),
            "{e:?}"
        );
    }

    #[test]
    fn missing_credentials_name_the_fix() {
        let err: SdkError<aws_sdk_sagemaker::operation::list_apps::ListAppsError, HttpResponse> =
            SdkError::dispatch_failure(
                aws_smithy_runtime_api::client::result::ConnectorError::other(
                    Box::new(CredentialsError::not_loaded(
                        "no providers in chain provided credentials",
                    )),
                    None,
                ),
            );
        match from_sdk_error(err, "sagemaker:ListApps", &ctx()) {
            CloudError::NoCredentials { profile, hint } => {
                assert_eq!(profile, "prod-admin");
                assert!(
                    hint.contains("aws configure --profile prod-admin"),
                    "{hint}"
                );
                assert!(hint.contains("dsadmin --demo"), "{hint}");
            }
            other => panic!("{other:?}"),
        }
        let mut sso = ctx();
        sso.sso = true;
        match classify_credentials(true, "no providers in chain provided credentials", &sso) {
            Some(CloudError::NoCredentials { hint, .. }) => {
                assert!(
                    hint.contains("aws sso login --profile prod-admin"),
                    "{hint}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refused_role_refresh_names_the_role_not_missing_credentials() {
        let mut role = ctx();
        role.assumed_role =
            Some("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole".into());
        let text = "failed to resolve identity
an error occurred while loading credentials
                    AccessDenied: User: arn:aws:iam::111111111111:user/platform is not authorized to perform: sts:AssumeRole";
        match classify_credentials(true, text, &role) {
            Some(CloudError::AccessDenied { action, message }) => {
                assert_eq!(action, "sts:AssumeRole");
                assert!(
                    message.contains("role/OrganizationAccountAccessRole")
                        && message.contains("profile prod-admin")
                        && message.contains("is not authorized"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        // The base profile's own credentials missing is still that.
        assert!(matches!(
            classify_credentials(true, "no providers in chain provided credentials", &role),
            Some(CloudError::NoCredentials { .. })
        ));
        // Without a role the same text is not blamed on one.
        assert!(!matches!(
            classify_credentials(true, text, &ctx()),
            Some(CloudError::AccessDenied { .. })
        ));
    }

    #[test]
    fn expired_sso_session() {
        let text = "failed to resolve identity\nthe SSO token has expired and cannot be refreshed";
        assert_eq!(
            classify_credentials(true, text, &ctx()),
            Some(CloudError::ExpiredCredentials {
                profile: "prod-admin".into()
            })
        );
        // A plain connection failure is not a credentials problem.
        assert_eq!(
            classify_credentials(false, "io error: connection refused", &ctx()),
            None
        );
    }
}
