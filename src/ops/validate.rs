//! The AWS rules a CreateUserProfile request must meet, checked before any
//! call so an admin sees every problem at once, named by field, instead of
//! one opaque ValidationException per attempt.
//!
//! Every check is pure and total: any input (however hostile) yields `Ok` or
//! an [`Invalid`] whose message names the field, the value and the rule.

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Domain, Tag, UserProfile};

use super::CreateUserProfileRequest;

/// Longest user profile name SageMaker accepts.
pub const MAX_USER_NAME: usize = 63;
/// Security groups a user profile may list.
pub const MAX_SECURITY_GROUPS: usize = 5;
/// Tags a SageMaker resource may carry.
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_KEY: usize = 128;
pub const MAX_TAG_VALUE: usize = 256;
/// IdleTimeoutInMinutes bounds (AppLifecycleManagement.IdleSettings).
pub const IDLE_MINUTES: std::ops::RangeInclusive<u32> = 60..=525_600;
/// SingleSignOnUserValue length limit.
pub const MAX_SSO_VALUE: usize = 256;
/// IAM caps a role ARN at 2048 characters.
const MAX_ROLE_ARN: usize = 2048;
/// Longest input echoed back in a message, so a pasted novel stays readable.
const SHOWN: usize = 80;

/// Which part of the request a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    UserName,
    SsoUser,
    ExecutionRole,
    SecurityGroups,
    Tags,
    IdleTimeout,
    InstanceType,
    LifecycleConfig,
    Domain,
    Team,
}

impl Field {
    /// The key of the field in a `[teams.NAME]` config section, to locate errors there.
    pub fn config_key(self) -> Option<&'static str> {
        match self {
            Field::ExecutionRole => Some("execution_role"),
            Field::SecurityGroups => Some("security_groups"),
            Field::Tags => Some("tags"),
            Field::IdleTimeout => Some("idle_timeout_minutes"),
            Field::InstanceType => Some("default_instance_type"),
            Field::LifecycleConfig => Some("lifecycle_config_arn"),
            _ => None,
        }
    }
}

/// One broken rule: the field and a message that names the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub message: String,
}

impl Invalid {
    fn new(field: Field, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// `value` cut to a readable length for a message (by characters, never
/// splitting one).
fn shown(value: &str) -> String {
    if value.chars().count() <= SHOWN {
        value.to_owned()
    } else {
        let cut: String = value.chars().take(SHOWN).collect();
        format!("{cut}…")
    }
}

/// `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` and at most 63 characters: letters,
/// digits and hyphens, starting and ending with a letter or digit. (The
/// regex alone would allow long hyphen runs; the API's length cap does not.)
pub fn user_name(name: &str) -> Result<(), Invalid> {
    const RULE: &str = "only letters, digits and single or repeated hyphens between them; \
                        1–63 characters; must start and end with a letter or digit";
    let fail = |why: &str| {
        Err(Invalid::new(
            Field::UserName,
            format!("user name '{}': {why}{RULE}", shown(name)),
        ))
    };
    let len = name.chars().count();
    if len == 0 {
        return fail("is empty; ");
    }
    if len > MAX_USER_NAME {
        return fail(&format!("is {len} characters; "));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return fail(&format!("{bad:?} is not allowed; "));
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return fail("");
    }
    Ok(())
}

/// Profile names are not case sensitive: `name` must not match any profile
/// already in the domain, ignoring case.
pub fn name_collision<'a>(
    name: &str,
    domain: &Domain,
    existing: impl IntoIterator<Item = &'a UserProfile>,
) -> Result<(), Invalid> {
    let clash = existing
        .into_iter()
        .filter(|p| p.domain_id == domain.id)
        .find(|p| p.name.eq_ignore_ascii_case(name));
    match clash {
        None => Ok(()),
        Some(p) if p.name == name => Err(Invalid::new(
            Field::UserName,
            format!("'{name}' already exists in domain {}", domain.name),
        )),
        Some(p) => Err(Invalid::new(
            Field::UserName,
            format!(
                "'{name}' already exists as '{}' in domain {} (names are not case sensitive)",
                p.name, domain.name
            ),
        )),
    }
}

/// `arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`, read as IAM
/// does: a partition, a 12-digit account, and `role/` followed by an
/// optional path and a non-empty role name.
pub fn execution_role(arn: &str) -> Result<(), Invalid> {
    let fail = |why: &str| {
        Err(Invalid::new(
            Field::ExecutionRole,
            format!(
                "execution role '{}': {why}; must look like \
                 arn:aws:iam::<12-digit account>:role/[path/]<name> \
                 (name and path: letters, digits and +=,.@_-/)",
                shown(arn)
            ),
        ))
    };
    if arn.chars().count() > MAX_ROLE_ARN {
        return fail("longer than 2048 characters");
    }
    let Some(rest) = arn.strip_prefix("arn:aws") else {
        return fail("does not start with arn:aws");
    };
    let Some((partition_tail, rest)) = rest.split_once(':') else {
        return fail("has no service part");
    };
    if !partition_tail
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '-')
    {
        return fail("the partition is not arn:aws, arn:aws-cn, arn:aws-us-gov …");
    }
    let Some(rest) = rest.strip_prefix("iam::") else {
        return fail("is not an IAM ARN (service iam, empty region)");
    };
    let Some((account, rest)) = rest.split_once(':') else {
        return fail("has no resource part");
    };
    if account.len() != 12 || !account.chars().all(|c| c.is_ascii_digit()) {
        return fail("the account is not 12 digits");
    }
    let Some(path_and_name) = rest.strip_prefix("role/") else {
        return fail("is not a role (resource must be role/…)");
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c);
    if let Some(bad) = path_and_name.chars().find(|c| !allowed(*c)) {
        return fail(&format!("{bad:?} is not allowed"));
    }
    if path_and_name.rsplit('/').next().is_none_or(str::is_empty) {
        return fail("the role name is missing");
    }
    Ok(())
}

/// One security group id: `sg-` and 8 or 17 lowercase hex digits.
pub fn security_group(id: &str) -> Result<(), Invalid> {
    let ok = id.strip_prefix("sg-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    });
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(
            Field::SecurityGroups,
            format!(
                "security group '{}': must be sg- followed by 8 or 17 lowercase hex digits",
                shown(id)
            ),
        ))
    }
}

/// The profile's security groups: each well formed, no repeats, at most 5,
/// or 4 in a VpcOnly domain (SageMaker adds one for the NFS mount of the
/// home directory to the 5 allowed). `network_mode` is `None` when the
/// domain is not known yet (team config at load).
pub fn security_groups(groups: &[String], network_mode: Option<&str>) -> Result<(), Invalid> {
    for g in groups {
        security_group(g)?;
    }
    for (i, g) in groups.iter().enumerate() {
        if groups[..i].contains(g) {
            return Err(Invalid::new(
                Field::SecurityGroups,
                format!("security group '{g}' is listed twice"),
            ));
        }
    }
    let vpc_only = network_mode.is_some_and(|m| m.eq_ignore_ascii_case("VpcOnly"));
    let n = groups.len();
    if vpc_only && n > MAX_SECURITY_GROUPS - 1 {
        return Err(Invalid::new(
            Field::SecurityGroups,
            format!(
                "{n} security groups: at most {} in a VpcOnly domain \
                 (SageMaker adds one for NFS to the {MAX_SECURITY_GROUPS} allowed)",
                MAX_SECURITY_GROUPS - 1
            ),
        ));
    }
    if n > MAX_SECURITY_GROUPS {
        return Err(Invalid::new(
            Field::SecurityGroups,
            format!("{n} security groups: at most {MAX_SECURITY_GROUPS} per user profile"),
        ));
    }
    Ok(())
}

/// SageMaker's tag character set: letters, digits, spaces and `_.:/=+-@`.
fn tag_chars_ok(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || "_.:/=+-@".contains(*c)))
}

/// One tag: key 1–128 characters, not `aws:`-prefixed (reserved, in any
/// case), value at most 256; both from SageMaker's character set.
pub fn tag(key: &str, value: &str) -> Result<(), Invalid> {
    let fail = |msg: String| Err(Invalid::new(Field::Tags, msg));
    let key_len = key.chars().count();
    if key_len == 0 {
        return fail("tag key is empty: keys are 1–128 characters".to_owned());
    }
    if key_len > MAX_TAG_KEY {
        return fail(format!(
            "tag key '{}' is {key_len} characters: keys are 1–{MAX_TAG_KEY}",
            shown(key)
        ));
    }
    if key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:")) {
        return fail(format!(
            "tag key '{}': the aws: prefix is reserved for AWS",
            shown(key)
        ));
    }
    if let Some(bad) = tag_chars_ok(key) {
        return fail(format!(
            "tag key '{}': {bad:?} is not allowed (letters, digits, spaces and _.:/=+-@)",
            shown(key)
        ));
    }
    let value_len = value.chars().count();
    if value_len > MAX_TAG_VALUE {
        return fail(format!(
            "tag '{}' value is {value_len} characters: values are at most {MAX_TAG_VALUE}",
            shown(key)
        ));
    }
    if let Some(bad) = tag_chars_ok(value) {
        return fail(format!(
            "tag '{}' value '{}': {bad:?} is not allowed (letters, digits, spaces and _.:/=+-@)",
            shown(key),
            shown(value)
        ));
    }
    Ok(())
}

/// Whether a domain copies its own tags onto the profiles created in it.
pub fn propagates_tags(domain: &Domain) -> bool {
    domain
        .settings
        .known()
        .and_then(|s| s.tag_propagation.as_deref())
        .is_some_and(|p| p.eq_ignore_ascii_case("ENABLED"))
}

/// The profile's tags: each valid, no key twice, and at most 50 counting the
/// domain's tags when it propagates them (they land on the profile too). The
/// count adds both sets without merging equal keys: it is the safe reading
/// of a limit AWS does not spell out for overlaps.
pub fn tags(tags: &[Tag], domain: Option<&Domain>) -> Result<(), Invalid> {
    for t in tags {
        tag(&t.key, &t.value)?;
    }
    for (i, t) in tags.iter().enumerate() {
        if tags[..i].iter().any(|earlier| earlier.key == t.key) {
            return Err(Invalid::new(
                Field::Tags,
                format!("tag key '{}' appears twice", shown(&t.key)),
            ));
        }
    }
    let own = tags.len();
    let propagated = domain.filter(|d| propagates_tags(d));
    let inherited = propagated.map_or(0, |d| d.tags.known_or_empty().len());
    if own + inherited > MAX_TAGS {
        let msg = match propagated {
            Some(d) => format!(
                "{} tags: {own} for the profile + {inherited} propagated from domain {} \
                 (TagPropagation ENABLED); at most {MAX_TAGS}",
                own + inherited,
                d.name
            ),
            None => format!("{own} tags: at most {MAX_TAGS}"),
        };
        return Err(Invalid::new(Field::Tags, msg));
    }
    Ok(())
}

/// Tags from a config map, in key order.
pub fn tags_from_map(map: &BTreeMap<String, String>) -> Vec<Tag> {
    map.iter().map(|(k, v)| Tag::new(k, v)).collect()
}

/// Whether the domain authenticates through IAM Identity Center.
pub fn is_sso(domain: &Domain) -> bool {
    domain.is_sso()
}

/// The domain's network mode, when DescribeDomain could be read.
pub fn network_mode(domain: &Domain) -> Option<&str> {
    domain.settings.known().map(|s| s.network_mode.as_str())
}

/// SingleSignOnUserValue: required for SSO domains, forbidden for IAM ones.
pub fn sso_user(value: Option<&str>, domain: &Domain) -> Result<(), Invalid> {
    let value = value.filter(|v| !v.is_empty());
    match (is_sso(domain), value) {
        (true, None) => Err(Invalid::new(
            Field::SsoUser,
            format!(
                "SSO user: required because domain {} uses IAM Identity Center (SSO) \
                 authentication; give the user's Identity Center user name",
                domain.name
            ),
        )),
        (true, Some(v)) if v.chars().count() > MAX_SSO_VALUE => Err(Invalid::new(
            Field::SsoUser,
            format!(
                "SSO user '{}': at most {MAX_SSO_VALUE} characters",
                shown(v)
            ),
        )),
        (true, Some(v)) if v.chars().any(char::is_control) || v.trim() != v => Err(Invalid::new(
            Field::SsoUser,
            format!(
                "SSO user '{}': no control characters or surrounding spaces",
                shown(v)
            ),
        )),
        (false, Some(v)) => Err(Invalid::new(
            Field::SsoUser,
            format!(
                "SSO user '{}': not allowed because domain {} uses IAM authentication",
                shown(v),
                domain.name
            ),
        )),
        _ => Ok(()),
    }
}

/// Idle shutdown after 60–525600 minutes (one hour to one year).
pub fn idle_timeout(minutes: u32) -> Result<(), Invalid> {
    if IDLE_MINUTES.contains(&minutes) {
        Ok(())
    } else {
        Err(Invalid::new(
            Field::IdleTimeout,
            format!(
                "idle timeout {minutes} minutes: must be {}–{} minutes",
                IDLE_MINUTES.start(),
                IDLE_MINUTES.end()
            ),
        ))
    }
}

/// A SageMaker instance type such as `ml.t3.medium`: `ml.` and two
/// dot-separated parts of lowercase letters and digits. (The full list
/// changes too often to hard-code; this catches typos like `t3.medium`.)
pub fn instance_type(value: &str) -> Result<(), Invalid> {
    let parts: Vec<&str> = value.split('.').collect();
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    if parts.len() == 3 && parts[0] == "ml" && parts[1..].iter().all(part_ok) {
        Ok(())
    } else {
        Err(Invalid::new(
            Field::InstanceType,
            format!(
                "instance type '{}': must look like ml.t3.medium",
                shown(value)
            ),
        ))
    }
}

/// A Studio lifecycle configuration ARN:
/// `arn:aws…:sagemaker:REGION:ACCOUNT:studio-lifecycle-config/NAME`.
pub fn lifecycle_config_arn(arn: &str) -> Result<(), Invalid> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "sagemaker"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5]
            .strip_prefix("studio-lifecycle-config/")
            .is_some_and(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
    if ok {
        Ok(())
    } else {
        Err(Invalid::new(
            Field::LifecycleConfig,
            format!(
                "lifecycle config '{}': must look like \
                 arn:aws:sagemaker:<region>:<12-digit account>:studio-lifecycle-config/<name>",
                shown(arn)
            ),
        ))
    }
}

/// Every rule for a whole request against its domain and the profiles that
/// already exist; all problems, in field order, so a form can show them at once.
pub fn request(
    req: &CreateUserProfileRequest,
    domain: &Domain,
    existing: &[UserProfile],
) -> Vec<Invalid> {
    let settings = &req.user_settings;
    let mut problems = Vec::new();
    // SSO or IAM, VpcOnly, tag propagation: none can be checked (or
    // guessed) without DescribeDomain.
    if let Some(why) = domain.settings.why() {
        problems.push(Invalid::new(
            Field::Domain,
            format!(
                "cannot read the settings of domain {} ({}): {}",
                domain.name,
                domain.id,
                why.text()
            ),
        ));
        return problems;
    }
    if req.domain_id != domain.id {
        problems.push(Invalid::new(
            Field::Domain,
            format!(
                "domain id '{}' is not domain {} ({})",
                shown(&req.domain_id),
                domain.name,
                domain.id
            ),
        ));
    }
    let name = &req.user_profile_name;
    problems.extend(user_name(name).err());
    problems.extend(name_collision(name, domain, existing).err());
    problems.extend(sso_user(req.single_sign_on_user_value.as_deref(), domain).err());
    let identifier_ok = matches!(
        (
            is_sso(domain),
            req.single_sign_on_user_identifier.as_deref(),
        ),
        (true, Some("UserName")) | (false, None)
    );
    if !identifier_ok {
        problems.push(Invalid::new(
            Field::SsoUser,
            "SingleSignOnUserIdentifier must be \"UserName\" for SSO domains and absent for IAM ones",
        ));
    }
    problems.extend(execution_role(&settings.execution_role).err());
    problems.extend(security_groups(&settings.security_groups, network_mode(domain)).err());
    problems.extend(tags(&req.tags, Some(domain)).err());
    if let Some(lab) = &settings.jupyter_lab_app_settings {
        if let Some(spec) = &lab.default_resource_spec {
            problems.extend(
                spec.instance_type
                    .as_deref()
                    .and_then(|t| instance_type(t).err()),
            );
            problems.extend(
                spec.lifecycle_config_arn
                    .as_deref()
                    .and_then(|a| lifecycle_config_arn(a).err()),
            );
        }
        for arn in &lab.lifecycle_config_arns {
            problems.extend(lifecycle_config_arn(arn).err());
        }
        if let Some(m) = &lab.app_lifecycle_management {
            problems.extend(idle_timeout(m.idle_settings.idle_timeout_in_minutes).err());
        }
    }
    problems
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn user_names() {
        for ok in ["a", "A1", "priya-natarajan", "a--b", "9", &"x".repeat(63)] {
            assert!(user_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", "Bob_1", "a b", "é", &"x".repeat(64), "a.b"] {
            let err = user_name(bad).unwrap_err();
            assert_eq!(err.field, Field::UserName);
            assert!(err.message.contains("1–63 characters"), "{err}");
        }
        assert_eq!(
            user_name("Bob_1").unwrap_err().message,
            "user name 'Bob_1': '_' is not allowed; only letters, digits and single or repeated \
             hyphens between them; 1–63 characters; must start and end with a letter or digit"
        );
    }

    #[test]
    fn role_arns() {
        for ok in [
            "arn:aws:iam::123456789012:role/x",
            "arn:aws-cn:iam::123456789012:role/service-role/ds+x=y,z.a@b_c-d",
            "arn:aws-us-gov:iam::123456789012:role/a/b/c",
        ] {
            assert!(execution_role(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "arn:aws:iam::12345678901:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/a/",
            "arn:aws:s3:::bucket",
            "arn:AWS:iam::123456789012:role/x",
            "arn:aws:iam:eu-west-2:123456789012:role/x",
            "arn:aws:iam::123456789012:role/x y",
        ] {
            let err = execution_role(bad).unwrap_err();
            assert!(err.message.starts_with("execution role '"), "{err}");
        }
    }

    #[test]
    fn security_group_limits() {
        let sg = |n: usize| (0..n).map(|i| format!("sg-{i:08x}")).collect::<Vec<_>>();
        assert!(security_groups(&sg(5), Some("PublicInternetOnly")).is_ok());
        assert!(security_groups(&sg(5), None).is_ok());
        let err = security_groups(&sg(5), Some("VpcOnly")).unwrap_err();
        assert!(
            err.message.contains("at most 4 in a VpcOnly domain"),
            "{err}"
        );
        assert!(security_groups(&sg(4), Some("VpcOnly")).is_ok());
        assert!(security_groups(&sg(6), None).is_err());
        assert!(security_group("sg-0123456789abcdef0").is_ok());
        assert!(security_group("sg-0123456789ABCDEF0").is_err());
        assert!(security_group("sg-123").is_err());
        let dup = vec!["sg-0000000a".to_owned(), "sg-0000000a".to_owned()];
        assert!(security_groups(&dup, None)
            .unwrap_err()
            .message
            .contains("twice"));
    }

    #[test]
    fn tag_rules() {
        assert!(tag("TeamName", "claims-ml").is_ok());
        assert!(tag("k", "").is_ok());
        assert!(tag("", "v").is_err());
        assert!(tag("AWS:x", "v").unwrap_err().message.contains("reserved"));
        assert!(tag(&"k".repeat(129), "v").is_err());
        assert!(tag("k", &"v".repeat(257)).is_err());
        assert!(tag("k", &"v".repeat(256)).is_ok());
        assert!(tag("k", "a;b").is_err());
    }

    #[test]
    fn sso_and_idle() {
        assert!(idle_timeout(60).is_ok());
        assert!(idle_timeout(525_600).is_ok());
        assert!(idle_timeout(59).is_err());
        assert!(idle_timeout(525_601).is_err());
        assert!(instance_type("ml.t3.medium").is_ok());
        assert!(instance_type("t3.medium").is_err());
        assert!(lifecycle_config_arn(
            "arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/idle-off"
        )
        .is_ok());
        assert!(lifecycle_config_arn("arn:aws:sagemaker:eu-west-2:1:x/y").is_err());
    }
}
