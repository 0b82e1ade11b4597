//! Mutations are sent once.
//!
//! None of the mutations dsadmin makes has an idempotency token (StartJobRun,
//! StartCrawler, CreateUserProfile, DeleteApp, PutObject …), so the SDK's
//! standard retry would repeat a change whose answer was merely late: a
//! StartJobRun held back past the attempt timeout started a second and a
//! third run. Each service therefore has a second client for changes that
//! keeps the SDK's retries only where the failure proves nothing ran:
//!
//! - AWS answered with throttling (the request was refused, not executed);
//! - the connection was never made (refused, DNS, connect timeout).
//!
//! Everything else (an attempt timeout, a connection dropped after the
//! request went out, a 5xx) is not retried: the caller learns that the
//! answer was lost ([`unanswered`]) and reads back what happened.

use std::error::Error as StdError;

use aws_smithy_runtime_api::client::interceptors::context::{Error, InterceptorContext};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, OrchestratorError};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority, RetryReason,
};
use aws_smithy_types::retry::ErrorKind;

use crate::cloud::CloudError;

/// Error codes on the SDK's throttling list that are quotas, not rates:
/// waiting a second does not lift them (ECR allows one scan per image a day).
const QUOTAS: &[&str] = &["LimitExceededException"];

/// The retry classifier of the change clients: it runs after the SDK's own
/// classifiers and forbids every retry they asked for unless the request
/// provably did nothing.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SendOnce;

impl ClassifyRetry for SendOnce {
    fn classify_retry(&self, _ctx: &InterceptorContext) -> RetryAction {
        // Only the refinement below decides; alone it indicates nothing.
        RetryAction::NoActionIndicated
    }

    fn classify_retry_v2(&self, ctx: &InterceptorContext, previous: &RetryAction) -> RetryAction {
        if !previous.should_retry() {
            return previous.clone();
        }
        let Some(Err(error)) = ctx.output_or_error() else {
            return previous.clone();
        };
        if safe_to_repeat(ctx, error, previous) {
            previous.clone()
        } else {
            RetryAction::RetryForbidden
        }
    }

    fn name(&self) -> &'static str {
        "dsadmin: send changes once"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the HTTP status (0), AWS error code (9), modeled (10) and
        // transient (20) classifiers, so it has the last word.
        let mut p = RetryClassifierPriority::transient_error_classifier();
        for _ in 0..10 {
            p = RetryClassifierPriority::run_after(p);
        }
        p
    }
}

/// Whether a failed attempt of a change can be repeated without doing it twice.
fn safe_to_repeat(
    ctx: &InterceptorContext,
    error: &OrchestratorError<Error>,
    previous: &RetryAction,
) -> bool {
    if let Some(connector) = error.as_connector_error() {
        // Refused, DNS or the connect timeout: nothing was written yet.
        return !connector.is_user() && never_connected(connector);
    }
    let throttled = matches!(
        previous,
        RetryAction::RetryIndicated(RetryReason::RetryableError {
            kind: ErrorKind::ThrottlingError,
            ..
        })
    );
    throttled
        && !ctx
            .response()
            .and_then(error_code)
            .is_some_and(|c| QUOTAS.contains(&c.as_str()))
}

/// The AWS error code of an error response, read the way the protocols
/// carry it (the classifier sees the operation's error only type-erased):
/// the `x-amzn-ErrorType` header or `__type` of JSON services, `<Code>` of
/// XML ones; a `namespace#` prefix or `:url` suffix is dropped.
fn error_code(response: &HttpResponse) -> Option<String> {
    let raw = response
        .headers()
        .get("x-amzn-errortype")
        .map(str::to_owned)
        .or_else(|| {
            let body = std::str::from_utf8(response.body().bytes()?).ok()?;
            serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("__type")?.as_str().map(str::to_owned))
                .or_else(|| super::error::xml_element(body, "Code"))
        })?;
    let code = raw.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default().trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// A connection that was never made: hyper's client reports every failure of
/// its connector (refused, DNS, the connect timeout) as a `Connect` error,
/// and nothing is written before the connector succeeds.
fn never_connected(error: &(dyn StdError + 'static)) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(e) = source {
        if e.downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect)
        {
            return true;
        }
        source = e.source();
    }
    false
}

/// A change's failure that leaves its outcome unknown, as the error to
/// report: the request may have reached AWS and run, but no answer came
/// back (an attempt timeout, a connection dropped after the request went
/// out). `None` for every other failure, which the caller maps as usual.
pub(crate) fn unanswered<E>(action: &str, err: &SdkError<E, HttpResponse>) -> Option<CloudError>
where
    E: StdError + 'static,
{
    let why = match err {
        SdkError::TimeoutError(_) => "no answer within the attempt timeout".to_owned(),
        SdkError::DispatchFailure(failure)
            if failure
                .as_connector_error()
                .is_some_and(|c| !c.is_user() && !never_connected(c)) =>
        {
            format!(
                "the connection failed after the request was sent ({})",
                aws_smithy_types::error::display::DisplayErrorContext(err)
            )
        }
        _ => return None,
    };
    Some(CloudError::OutcomeUnknown {
        action: action.to_owned(),
        message: format!("{why}; it was not sent again"),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::interceptors::context::Input;
    use aws_smithy_runtime_api::client::result::ConnectorError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    #[derive(Debug)]
    struct Modeled;
    impl std::fmt::Display for Modeled {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("modeled")
        }
    }
    impl StdError for Modeled {}

    fn failed(error: OrchestratorError<Error>, body: Option<&str>) -> InterceptorContext {
        let mut ctx = InterceptorContext::new(Input::doesnt_matter());
        if let Some(body) = body {
            ctx.set_response(HttpResponse::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(body),
            ));
        }
        ctx.set_output_or_error(Err(error));
        ctx
    }

    fn decide(ctx: &InterceptorContext, previous: RetryAction) -> RetryAction {
        SendOnce.classify_retry_v2(ctx, &previous)
    }

    #[test]
    fn throttling_is_retried_because_aws_refused_it_unrun() {
        let ctx = failed(
            OrchestratorError::operation(Error::erase(Modeled)),
            Some(r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
        );
        assert_eq!(
            decide(&ctx, RetryAction::throttling_error()),
            RetryAction::throttling_error()
        );
    }

    #[test]
    fn a_quota_on_the_throttling_list_is_not_retried() {
        // ECR's one scan per image a day: the SDK calls it throttling.
        for body in [
            r#"{"__type":"LimitExceededException","message":"scan quota"}"#,
            r#"{"__type":"com.amazonaws.ecr#LimitExceededException"}"#,
        ] {
            let ctx = failed(
                OrchestratorError::operation(Error::erase(Modeled)),
                Some(body),
            );
            assert_eq!(
                decide(&ctx, RetryAction::throttling_error()),
                RetryAction::RetryForbidden,
                "{body}"
            );
        }
        assert_eq!(
            error_code(&HttpResponse::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from("<Error><Code>SlowDown</Code></Error>")
            ))
            .as_deref(),
            Some("SlowDown")
        );
    }

    #[test]
    fn timeouts_5xx_and_dropped_connections_are_never_repeated() {
        let timeout = failed(OrchestratorError::timeout("attempt timeout".into()), None);
        assert_eq!(
            decide(&timeout, RetryAction::transient_error()),
            RetryAction::RetryForbidden
        );
        let server = failed(
            OrchestratorError::operation(Error::erase(Modeled)),
            Some(r#"{"__type":"InternalFailure"}"#),
        );
        assert_eq!(
            decide(&server, RetryAction::server_error()),
            RetryAction::RetryForbidden
        );
        let reset = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let dropped = failed(
            OrchestratorError::connector(ConnectorError::io(reset.into())),
            None,
        );
        assert_eq!(
            decide(&dropped, RetryAction::transient_error()),
            RetryAction::RetryForbidden
        );
    }

    #[test]
    fn no_verdict_and_success_pass_through() {
        let ctx = failed(OrchestratorError::timeout("slow".into()), None);
        assert_eq!(
            decide(&ctx, RetryAction::NoActionIndicated),
            RetryAction::NoActionIndicated
        );
        let bad = SdkError::<Modeled, HttpResponse>::construction_failure("bad input");
        assert!(unanswered("glue:StartJobRun", &bad).is_none());
        let slow = SdkError::<Modeled, HttpResponse>::timeout_error("slow");
        assert!(matches!(
            unanswered("glue:StartJobRun", &slow),
            Some(CloudError::OutcomeUnknown { action, .. }) if action == "glue:StartJobRun"
        ));
    }
}
