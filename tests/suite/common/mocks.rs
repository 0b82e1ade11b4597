//! Shared by the `aws-smithy-mocks` tests: an SDK client answering from
//! mock rules, AWS-shaped errors, and a counter of requests that reached
//! the client at all (the read-only proof: zero).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::ErrorMetadata;
use dsadmin::cloud::aws::AwsContext;

/// A client of `$krate` answering from `$rules`, with static test credentials,
/// a fixed region and the standard retry mode with a 1 ms backoff — what
/// `mock_client!` does, minus the SDK `test-util` feature (which would build
/// every SDK crate a second time for tests). Extra interceptors (e.g. a
/// [`Requests`] counter) follow the rules after `;`.
// Not every test binary that includes `common` builds mock clients.
#[allow(unused_macros)]
macro_rules! client {
    ($krate:ident, $mode:expr, $attempts:expr, [$($rule:expr),* $(,)?] $(; $extra:expr)*) => {{
        let interceptor = ::aws_smithy_mocks::MockResponseInterceptor::new().rule_mode($mode)
            $(.with_rule($rule))*;
        $crate::common::mocks::client!(@conf $krate, interceptor, $attempts $(; $extra)*)
    }};
    // Rules made at run time: a slice of them, in order.
    ($krate:ident, $mode:expr, $attempts:expr, all $rules:expr $(; $extra:expr)*) => {{
        let interceptor = $rules.iter().fold(
            ::aws_smithy_mocks::MockResponseInterceptor::new().rule_mode($mode),
            |i, r| i.with_rule(r),
        );
        $crate::common::mocks::client!(@conf $krate, interceptor, $attempts $(; $extra)*)
    }};
    (@conf $krate:ident, $interceptor:ident, $attempts:expr $(; $extra:expr)*) => {{
        let interceptor = $interceptor;
        let conf = $krate::Config::builder()
            .behavior_version($krate::config::BehaviorVersion::latest())
            .region($krate::config::Region::new("eu-west-2"))
            .credentials_provider(::aws_credential_types::Credentials::new(
                "AKIDTEST", "secret", None, None, "test",
            ))
            .http_client(::aws_smithy_mocks::create_mock_http_client())
            $(.interceptor($extra))*
            .interceptor(interceptor)
            .retry_config(
                $krate::config::retry::RetryConfig::standard()
                    .with_max_attempts($attempts)
                    .with_initial_backoff(::std::time::Duration::from_millis(1))
                    .with_max_backoff(::std::time::Duration::from_millis(5)),
            )
            .build();
        $krate::Client::from_conf(conf)
    }};
}
#[allow(unused_imports)]
pub(crate) use client;

/// The context the backend is built with: a fixed profile and region,
/// `page_size` for pagination tests.
pub fn ctx(page_size: Option<i32>) -> AwsContext {
    let mut c = AwsContext::new("test-profile", "eu-west-2");
    c.page_size = page_size;
    c
}

/// An AWS error body: code and message.
pub fn error(code: &str, message: &str) -> ErrorMetadata {
    ErrorMetadata::builder().code(code).message(message).build()
}

/// Counts every operation a client starts, matched by a rule or not.
#[derive(Debug, Clone, Default)]
pub struct Requests(Arc<AtomicUsize>);

impl Requests {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Intercept for Requests {
    fn name(&self) -> &'static str {
        "Requests"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}
