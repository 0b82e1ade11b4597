//! Studio lifecycle configurations: the shell scripts Studio runs when an
//! app starts, and the three mistakes that make one fail or go unused.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{merge_keeping, Detail, Enriched, Why};

/// One Studio lifecycle configuration, as ListStudioLifecycleConfigs
/// returns it; its script follows (DescribeStudioLifecycleConfig).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LifecycleConfig {
    pub name: String,
    pub arn: String,
    /// `JupyterLab`, `CodeEditor`, `JupyterServer` or `KernelGateway`.
    pub app_type: String,
    pub created: Option<DateTime<Utc>>,
    pub last_modified: Option<DateTime<Utc>>,
    /// The script, decoded from the base64 AWS keeps it in.
    #[serde(default, skip_serializing_if = "Detail::is_pending")]
    pub script: Detail<String>,
}

impl Enriched for LifecycleConfig {
    fn unknown(&self) -> Vec<(&'static str, &Why)> {
        self.script
            .why()
            .map(|w| ("script", w))
            .into_iter()
            .collect()
    }

    fn merge(&mut self, newer: Self) {
        merge_keeping(self, newer, |c| &mut c.script);
    }

    fn list_fields_only(&mut self) {
        self.script = Detail::Pending;
    }
}

/// Whether the script has Windows line endings: bash then reads `\r` as
/// part of each command (`$'\r': command not found`) and the app fails to
/// start.
pub fn has_crlf(script: &str) -> bool {
    script.contains("\r\n")
}

/// The script's interpreter line (`#!/bin/bash`), if its first line is
/// one. Studio runs the script directly: without it the kernel picks a
/// shell, and bash-only syntax fails under `sh`.
pub fn shebang(script: &str) -> Option<&str> {
    let first = script.strip_prefix('\u{feff}').unwrap_or(script);
    let line = first.lines().next()?.trim_end_matches('\r');
    line.starts_with("#!").then_some(line)
}

/// What is wrong with a script, as the lifecycle rules say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptProblem {
    Crlf,
    NoShebang,
}

impl ScriptProblem {
    pub fn label(self) -> &'static str {
        match self {
            ScriptProblem::Crlf => "CRLF",
            ScriptProblem::NoShebang => "no shebang",
        }
    }
}

/// Every problem of `script`, in rule order.
pub fn script_problems(script: &str) -> Vec<ScriptProblem> {
    let mut out = Vec::new();
    if has_crlf(script) {
        out.push(ScriptProblem::Crlf);
    }
    if shebang(script).is_none() {
        out.push(ScriptProblem::NoShebang);
    }
    out
}

/// Words a script uses when it manages idle shutdown itself (the
/// auto-shutdown extension, a Jupyter culling setting, its own timer).
const IDLE_WORDS: &[&str] = &[
    "idle",
    "autoshutdown",
    "auto-shutdown",
    "auto_shutdown",
    "cull_",
];

/// The first line (1-based number and text) that handles idle shutdown,
/// comments aside: such a script may keep an app running past the
/// native idle limit, or stop it on its own terms.
pub fn idle_handling(script: &str) -> Option<(usize, &str)> {
    script.lines().enumerate().find_map(|(i, line)| {
        let text = line.trim().trim_end_matches('\r');
        let lower = text.to_ascii_lowercase();
        (!text.starts_with('#') && IDLE_WORDS.iter().any(|w| lower.contains(w)))
            .then_some((i + 1, text))
    })
}

/// The name at the end of a lifecycle configuration's ARN
/// (`…:studio-lifecycle-config/NAME`).
pub fn config_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_shebang() {
        assert!(has_crlf("#!/bin/bash\r\necho hi\r\n"));
        assert!(!has_crlf("#!/bin/bash\necho hi\n"));
        assert_eq!(shebang("#!/bin/bash\r\necho"), Some("#!/bin/bash"));
        assert_eq!(shebang("\u{feff}#!/bin/sh\n"), Some("#!/bin/sh"));
        assert_eq!(shebang("set -e\n#!/bin/bash\n"), None);
        assert_eq!(shebang(""), None);
    }

    #[test]
    fn idle_handling_skips_comments() {
        let script = "#!/bin/bash\n# install the idle checker\npip install x\n\
                      echo '{\"TIMEOUT\": 120}' > ~/.auto-shutdown/config\n";
        assert_eq!(
            idle_handling(script),
            Some((4, "echo '{\"TIMEOUT\": 120}' > ~/.auto-shutdown/config"))
        );
        assert_eq!(idle_handling("#!/bin/bash\n# idle\nls\n"), None);
    }

    #[test]
    fn name_from_arn() {
        let arn = "arn:aws:sagemaker:eu-west-2:123456789012:studio-lifecycle-config/setup";
        assert_eq!(config_name(arn), "setup");
    }
}
