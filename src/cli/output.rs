//! What the CLI writes to the terminal goes through here: every text from
//! AWS, Git, files or the config passes the one sanitiser on its way (see
//! `crate::sanitize`), and a closed stdout is an `io::Error` that
//! `CliError` turns into a quiet exit 0 (`dsadmin … | head -1`) instead of
//! a panic.

use std::io::{self, Write};

use crate::sanitize;

/// `text` and a newline on stdout.
pub fn say(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", sanitize::lines(text))?;
    out.flush()
}

/// `text` on stdout as it is (it ends its own lines), e.g. a diff.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    write!(out, "{}", sanitize::lines(text))?;
    out.flush()
}

/// `text` and a newline on stderr; a closed stderr loses only the message.
pub fn warn(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{}", sanitize::lines(text));
}

/// `text` on stderr as it is (it ends its own lines).
pub fn warn_raw(text: &str) {
    let _ = write!(io::stderr().lock(), "{}", sanitize::lines(text));
}
