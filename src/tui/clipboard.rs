//! Copy to the system clipboard through the terminal (OSC 52).
//!
//! OSC 52 works over SSH and inside tmux (with `set -g set-clipboard on`),
//! which is where admins run this tool; no clipboard daemon is needed.

use base64::Engine;

/// The escape sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{encoded}\x07")
}

#[cfg(test)]
mod tests {
    #[test]
    fn encodes_base64_in_osc52() {
        assert_eq!(super::osc52("arn"), "\x1b]52;c;YXJu\x07");
    }
}
