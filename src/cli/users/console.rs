//! Where a lifecycle command talks to its user: stdout for results, stderr
//! for messages and prompts, stdin for answers.

use std::io::{self, BufRead, Write};
use std::sync::Mutex;

use crate::audit::OpError;
use crate::cli::day2::{self, Confirmation};

/// Where a command reads answers and writes results (stdout) and messages
/// (stderr). Locked writers so progress callbacks can print while a
/// command runs.
pub struct Io<'a> {
    out: Mutex<&'a mut (dyn Write + Send)>,
    err: Mutex<&'a mut (dyn Write + Send)>,
    input: Mutex<&'a mut (dyn BufRead + Send)>,
    interactive: bool,
}

impl<'a> Io<'a> {
    pub fn new(
        out: &'a mut (dyn Write + Send),
        err: &'a mut (dyn Write + Send),
        input: &'a mut (dyn BufRead + Send),
        interactive: bool,
    ) -> Self {
        Self {
            out: Mutex::new(out),
            err: Mutex::new(err),
            input: Mutex::new(input),
            interactive,
        }
    }

    /// One line on stdout. A closed pipe only loses output; the operation's
    /// outcome is in the journal and the exit status either way.
    pub fn say(&self, line: &str) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(out, "{}", crate::sanitize::lines(line));
    }

    /// One line on stderr.
    pub fn warn(&self, line: &str) {
        let mut err = self.err.lock().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(err, "{}", crate::sanitize::lines(line));
    }

    /// `question [y/N]`, as the day-2 commands ask it.
    pub(super) fn confirm(&mut self, question: &str, yes: bool) -> io::Result<Confirmation> {
        let mut err = self.err.lock().unwrap_or_else(|e| e.into_inner());
        let mut input = self.input.lock().unwrap_or_else(|e| e.into_inner());
        day2::confirm(question, yes, self.interactive, &mut *input, &mut *err)
    }

    /// Destructive confirmation: the name must be typed exactly.
    pub(super) fn confirm_typed(
        &mut self,
        question: &str,
        name: &str,
        yes: bool,
    ) -> io::Result<Confirmation> {
        if yes {
            return Ok(Confirmation::Proceed);
        }
        if !self.interactive {
            return Ok(Confirmation::NeedsYes);
        }
        {
            let mut err = self.err.lock().unwrap_or_else(|e| e.into_inner());
            write!(err, "{question}\nType the user name ({name}) to confirm: ")?;
            err.flush()?;
        }
        let mut answer = String::new();
        self.input
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .read_line(&mut answer)?;
        Ok(if answer.trim() == name {
            Confirmation::Proceed
        } else {
            Confirmation::Declined
        })
    }

    /// The exit status of a confirmation that did not proceed, after saying why.
    pub(super) fn not_confirmed(&self, c: io::Result<Confirmation>, question: &str) -> Option<u8> {
        match c {
            Ok(Confirmation::Proceed) => None,
            Ok(Confirmation::Declined) => {
                self.warn("dsadmin: cancelled; nothing was changed");
                Some(1)
            }
            Ok(Confirmation::NeedsYes) => {
                self.warn(&format!(
                    "dsadmin: needs --yes when not run interactively (it would ask: {question}); nothing was changed"
                ));
                Some(2)
            }
            Err(e) => {
                self.warn(&format!(
                    "dsadmin: cannot read the answer: {e}; nothing was changed"
                ));
                Some(1)
            }
        }
    }

    pub(super) fn failed(&self, err: &OpError) -> u8 {
        self.warn(&format!("dsadmin: {err}"));
        crate::cli::error::op_exit_code(err)
    }
}
