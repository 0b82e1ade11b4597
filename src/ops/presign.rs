//! Presigned Studio URLs: `CreatePresignedDomainUrl` for one user (and
//! optionally one space). The URL logs its bearer in, so this is a
//! Credential effect: refused in read-only mode, journaled — without the URL
//! (the journal only ever sees the request and the request id).

use crate::audit::{self, Completed, OpError};
use crate::cloud::{CloudError, CloudResult};
use crate::model::requests::PresignRequest;
use crate::policy::Effect;

use super::context::OpsContext;
use super::validate;

/// ExpiresInSeconds: how long the URL can be used (AWS allows 5–300).
pub const EXPIRES_RANGE: std::ops::RangeInclusive<u32> = 5..=300;
/// dsadmin's default: a minute, long enough to paste, short for a credential.
pub const DEFAULT_EXPIRES: u32 = 60;
/// SessionExpirationDurationInSeconds: the Studio session (AWS allows 1800–43200).
pub const SESSION_RANGE: std::ops::RangeInclusive<u32> = 1800..=43200;

/// The journal's view of a presign: the request, never the answer.
pub fn effect(req: &PresignRequest) -> Effect {
    Effect::CreatePresignedUrl {
        domain_id: req.domain_id.clone(),
        user: req.user.clone(),
        space: req.space.clone(),
        expires_in_seconds: req.expires_in_seconds,
        session_expiration_seconds: req.session_expiration_seconds,
    }
}

/// The limits AWS enforces, checked before any call, with the value named.
pub fn validate_request(req: &PresignRequest) -> CloudResult<()> {
    let invalid = |message: String| Err(CloudError::Validation { message });
    if !EXPIRES_RANGE.contains(&req.expires_in_seconds) {
        return invalid(format!(
            "expires {} s is out of range: the URL must expire in 5-300 seconds",
            req.expires_in_seconds
        ));
    }
    if let Some(s) = req.session_expiration_seconds {
        if !SESSION_RANGE.contains(&s) {
            return invalid(format!(
                "session {s} s is out of range: a Studio session lasts 1800-43200 seconds (30 minutes to 12 hours)"
            ));
        }
    }
    validate::user_name(&req.user).or_else(|e| invalid(e.message))?;
    if let Some(space) = &req.space {
        validate::user_name(space).or_else(|_| {
            invalid(format!(
                "space name {space:?} must be 1-63 letters, digits and hyphens"
            ))
        })?;
    }
    if !super::apps::valid_domain_id(&req.domain_id) {
        return invalid(format!(
            "domain id {:?} must look like d-xxxxxxxxxxxx",
            req.domain_id
        ));
    }
    Ok(())
}

/// A presigned URL for `req`: gate (refused and journaled when read-only,
/// before any request) → limits → the domain must use IAM auth (SSO domains
/// sign users in through IAM Identity Center, and AWS refuses them) → the
/// journaled call. The value is the URL: show it, never log it.
pub async fn presigned_url(
    ops: &OpsContext,
    req: &PresignRequest,
) -> Result<Completed<String>, OpError> {
    let effect = effect(req);
    audit::gate(&ops.journal, &ops.audit, &ops.policy, &effect)?;
    super::day2::run(ops, &effect, || async move {
        validate_request(req)?;
        let domain = ops.cloud.sagemaker.describe_domain(&req.domain_id).await?;
        if validate::is_sso(&domain) {
            return Err(CloudError::Validation {
                message: format!(
                    "domain {} ({}) uses IAM Identity Center (SSO) authentication: presigned URLs work only for IAM-auth domains; the user signs in through the AWS access portal instead",
                    domain.name, domain.id
                ),
            });
        }
        ops.cloud.sagemaker.create_presigned_domain_url(req).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(expires: u32, session: Option<u32>) -> PresignRequest {
        PresignRequest {
            domain_id: "d-abc123".into(),
            user: "alice".into(),
            space: None,
            expires_in_seconds: expires,
            session_expiration_seconds: session,
        }
    }

    #[test]
    fn limits_are_the_api_ones() {
        for ok in [5, 60, 300] {
            assert!(validate_request(&req(ok, None)).is_ok(), "{ok}");
        }
        for bad in [0, 4, 301, u32::MAX] {
            let e = validate_request(&req(bad, None))
                .err()
                .map(|e| e.to_string());
            assert!(e.is_some_and(|m| m.contains(&bad.to_string()) && m.contains("5-300")));
        }
        for ok in [1800, 43200] {
            assert!(validate_request(&req(60, Some(ok))).is_ok());
        }
        for bad in [0, 1799, 43201] {
            let e = validate_request(&req(60, Some(bad)))
                .err()
                .map(|e| e.to_string());
            assert!(e.is_some_and(|m| m.contains("1800-43200")), "{bad}");
        }
        let mut r = req(60, None);
        r.space = Some("bad space".into());
        assert!(validate_request(&r).is_err());
        r.space = None;
        r.domain_id = "nope".into();
        assert!(validate_request(&r).is_err());
    }

    #[test]
    fn effect_is_a_credential_without_a_url() {
        let e = effect(&req(60, Some(1800)));
        assert_eq!(e.class(), crate::policy::EffectClass::Credential);
        let p = e.parameters().to_string();
        assert!(!p.contains("https://"), "{p}");
    }
}
