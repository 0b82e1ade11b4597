//! Key specs ("j", "ctrl-d", "shift-tab") and the key → command map.
//!
//! Terminals disagree on how they report the same key press: an uppercase
//! letter may or may not carry SHIFT, shift-tab may be `BackTab` with or
//! without SHIFT, or `Tab` with SHIFT. Both the parsed specs and the incoming
//! events go through one [`normalize`] so a binding matches however the
//! terminal spelled it.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::command::Command;

/// One key with its modifiers, normalised (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyBinding {
    code: KeyCode,
    modifiers: KeyModifiers,
}

/// A key spec that could not be parsed; the message says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeySpecError(String);

/// The modifiers a binding can use. Others (keypad, caps lock state, the
/// kitty protocol's HYPER/META) are dropped so they never block a match.
const KNOWN_MODIFIERS: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT)
    .union(KeyModifiers::SUPER);

/// Brings a (code, modifiers) pair to the one form bindings are compared in:
/// SHIFT on a character is folded into the character itself ('g'+SHIFT → 'G',
/// '?'+SHIFT → '?'), and every flavour of shift-tab becomes plain `BackTab`.
fn normalize(code: KeyCode, modifiers: KeyModifiers) -> (KeyCode, KeyModifiers) {
    let mut modifiers = modifiers & KNOWN_MODIFIERS;
    let code = match code {
        KeyCode::Char(c) => {
            if modifiers.contains(KeyModifiers::SHIFT) {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(to_upper(c))
            } else {
                KeyCode::Char(c)
            }
        }
        KeyCode::BackTab => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        other => other,
    };
    (code, modifiers)
}

/// Uppercases a letter that has a single-character uppercase form; anything
/// else (digits, punctuation, 'ß') is returned as is.
fn to_upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn to_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

impl KeyBinding {
    /// A binding for `code` with `modifiers`, normalised.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let (code, modifiers) = normalize(code, modifiers);
        Self { code, modifiers }
    }

    /// The binding a terminal key event corresponds to.
    pub fn from_event(key: &KeyEvent) -> Self {
        Self::new(key.code, key.modifiers)
    }

    pub fn code(&self) -> KeyCode {
        self.code
    }

    pub fn modifiers(&self) -> KeyModifiers {
        self.modifiers
    }

    /// Whether `key` is this binding, however the terminal reported it.
    pub fn matches(&self, key: &KeyEvent) -> bool {
        *self == Self::from_event(key)
    }
}

/// Named keys accepted in specs, with the canonical name first.
const NAMED_KEYS: &[(&[&str], KeyCode)] = &[
    (&["enter", "return", "cr"], KeyCode::Enter),
    (&["esc", "escape"], KeyCode::Esc),
    (&["backspace", "bs"], KeyCode::Backspace),
    (&["tab"], KeyCode::Tab),
    (&["backtab"], KeyCode::BackTab),
    (&["up"], KeyCode::Up),
    (&["down"], KeyCode::Down),
    (&["left"], KeyCode::Left),
    (&["right"], KeyCode::Right),
    (&["pageup", "page_up", "page-up", "pgup"], KeyCode::PageUp),
    (
        &["pagedown", "page_down", "page-down", "pgdn", "pgdown"],
        KeyCode::PageDown,
    ),
    (&["home"], KeyCode::Home),
    (&["end"], KeyCode::End),
    (&["insert", "ins"], KeyCode::Insert),
    (&["delete", "del"], KeyCode::Delete),
    (&["space"], KeyCode::Char(' ')),
];

const MODIFIER_NAMES: &[(&str, KeyModifiers)] = &[
    ("ctrl", KeyModifiers::CONTROL),
    ("control", KeyModifiers::CONTROL),
    ("alt", KeyModifiers::ALT),
    ("shift", KeyModifiers::SHIFT),
    ("super", KeyModifiers::SUPER),
];

/// Strips one leading modifier ("ctrl-", "Alt+" …) if something follows it,
/// so "ctrl--" is ctrl + '-', and a lone "-" stays the minus key.
fn strip_modifier(rest: &str) -> Option<(KeyModifiers, &str)> {
    for &(name, modifier) in MODIFIER_NAMES {
        let Some(head) = rest.get(..name.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(name) {
            continue;
        }
        let after = &rest[name.len()..];
        let mut chars = after.chars();
        if matches!(chars.next(), Some('-' | '+')) && !chars.as_str().is_empty() {
            return Some((modifier, chars.as_str()));
        }
    }
    None
}

impl FromStr for KeyBinding {
    type Err = KeySpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        if spec.is_empty() {
            return Err(KeySpecError("empty key spec".into()));
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec;
        while let Some((modifier, after)) = strip_modifier(rest) {
            modifiers |= modifier;
            rest = after;
        }

        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            // A single character is taken literally, case included: "G" is
            // shift-g, "g" is g.
            (Some(c), None) => {
                if modifiers.contains(KeyModifiers::SHIFT) && to_upper(c) == c && to_lower(c) == c {
                    // shift-1 would silently mean "1" after normalisation;
                    // the shifted character depends on the keyboard layout.
                    return Err(KeySpecError(format!(
                        "\"{spec}\": shift only combines with letters and named keys; \
                         write the shifted character itself (e.g. \"!\" for shift-1)"
                    )));
                }
                KeyCode::Char(c)
            }
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some(&(_, code)) = NAMED_KEYS
                    .iter()
                    .find(|(names, _)| names.contains(&lower.as_str()))
                {
                    code
                } else if let Some(n) = lower
                    .strip_prefix('f')
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n))
                {
                    KeyCode::F(n)
                } else {
                    return Err(KeySpecError(format!(
                        "\"{spec}\": unknown key \"{rest}\" (expected a single character, \
                         or one of enter, esc, backspace, tab, backtab, up, down, left, right, \
                         pageup, pagedown, home, end, insert, delete, space, f1..f12, \
                         optionally prefixed with ctrl-, alt-, shift-)"
                    )));
                }
            }
        };
        Ok(Self::new(code, modifiers))
    }
}

impl fmt::Display for KeyBinding {
    /// The canonical spec, as the help overlay shows it; it parses back to the
    /// same binding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.modifiers;
        if m.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if m.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if m.contains(KeyModifiers::SUPER) {
            f.write_str("super-")?;
        }
        if m.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            // A bare "G" reads naturally; with ctrl/alt, "ctrl-shift-g" says
            // what to press more clearly than "ctrl-G".
            KeyCode::Char(c) if !m.is_empty() && to_lower(c) != c => {
                write!(f, "shift-{}", to_lower(c))
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED_KEYS.iter().find(|(_, c)| *c == code) {
                Some((names, _)) => f.write_str(names.first().copied().unwrap_or("?")),
                // Keys no spec can name (media keys, caps lock …) only reach
                // here from events; render them readably.
                None => write!(f, "{}", format!("{code:?}").to_lowercase()),
            },
        }
    }
}

/// Which command each key runs, in binding order (the order of the config
/// file, defaults first), so help lists keys as the file does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(KeyBinding, Command)>,
}

impl Default for Keymap {
    /// The built-in keymap from `config/default.toml`.
    fn default() -> Self {
        super::Settings::builtin()
            .map(|s| s.keymap)
            .unwrap_or_else(|_| Self::empty())
    }
}

impl Keymap {
    /// A keymap with no bindings at all.
    pub fn empty() -> Self {
        Self {
            bindings: Vec::new(),
        }
    }

    /// Binds `key` to `cmd`, replacing whatever `key` did before (in place,
    /// so a rebound key keeps its position in help).
    pub fn bind(&mut self, key: KeyBinding, cmd: Command) {
        match self.bindings.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = cmd,
            None => self.bindings.push((key, cmd)),
        }
    }

    /// Frees `key`; returns whether it was bound.
    pub fn unbind(&mut self, key: KeyBinding) -> bool {
        let before = self.bindings.len();
        self.bindings.retain(|(k, _)| *k != key);
        self.bindings.len() != before
    }

    /// The command a key event runs, if any. Key releases never run anything
    /// (Windows and the kitty protocol report them; a press is what counts).
    pub fn lookup(&self, key: &KeyEvent) -> Option<Command> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        self.get(KeyBinding::from_event(key))
    }

    /// The command bound to `key`, if any.
    pub fn get(&self, key: KeyBinding) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, cmd)| cmd)
    }

    /// Every key bound to `cmd`, in binding order.
    pub fn bindings_for(&self, cmd: Command) -> Vec<KeyBinding> {
        self.bindings
            .iter()
            .filter(|&&(_, c)| c == cmd)
            .map(|&(k, _)| k)
            .collect()
    }

    /// The first key bound to `cmd`, for one-key hints ("? help").
    pub fn first_key(&self, cmd: Command) -> Option<KeyBinding> {
        self.bindings
            .iter()
            .find(|&&(_, c)| c == cmd)
            .map(|&(k, _)| k)
    }

    /// Every command with its keys, in `Command::ALL` order; commands with no
    /// key get an empty list so help can still show them (reachable via `:`).
    pub fn entries(&self) -> Vec<(Command, Vec<KeyBinding>)> {
        Command::ALL
            .iter()
            .map(|&cmd| (cmd, self.bindings_for(cmd)))
            .collect()
    }

    /// The keymap as a Markdown table (keys, command name, description) in
    /// `Command::ALL` order, for the README; generated so it cannot drift.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| Keys | Command | What it does |\n|---|---|---|\n");
        for (cmd, keys) in self.entries() {
            let keys = if keys.is_empty() {
                "—".to_owned()
            } else {
                keys.iter()
                    // GitHub ends a table cell at `|` even inside a code span.
                    .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            out.push_str(&format!(
                "| {keys} | `{}` | {} |\n",
                cmd.name(),
                cmd.description()
            ));
        }
        out
    }

    /// Every (key, command) pair in binding order.
    pub fn iter(&self) -> impl Iterator<Item = (KeyBinding, Command)> + '_ {
        self.bindings.iter().copied()
    }

    pub fn len(&self) -> usize {
        self.bindings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }
}

#[cfg(test)]
// Unwrapping is how a test says "this must succeed".
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kb(spec: &str) -> KeyBinding {
        spec.parse().unwrap()
    }

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn parses_characters_literally() {
        assert_eq!(
            kb("j"),
            KeyBinding::new(KeyCode::Char('j'), KeyModifiers::NONE)
        );
        assert_eq!(
            kb("G"),
            KeyBinding::new(KeyCode::Char('G'), KeyModifiers::NONE)
        );
        assert_eq!(kb("shift-g"), kb("G"));
        assert_eq!(
            kb("?"),
            KeyBinding::new(KeyCode::Char('?'), KeyModifiers::NONE)
        );
        assert_eq!(kb(":").code(), KeyCode::Char(':'));
        assert_eq!(kb("/").code(), KeyCode::Char('/'));
        assert_eq!(kb("1").code(), KeyCode::Char('1'));
        assert_eq!(kb("-").code(), KeyCode::Char('-'));
        assert_eq!(kb("space").code(), KeyCode::Char(' '));
        assert_eq!(kb(" ").code(), KeyCode::Char(' '));
    }

    #[test]
    fn parses_named_keys_and_modifiers() {
        assert_eq!(kb("enter").code(), KeyCode::Enter);
        assert_eq!(kb("Enter").code(), KeyCode::Enter);
        assert_eq!(kb("esc").code(), KeyCode::Esc);
        assert_eq!(kb("backspace").code(), KeyCode::Backspace);
        assert_eq!(kb("tab").code(), KeyCode::Tab);
        assert_eq!(kb("backtab"), kb("shift-tab"));
        assert_eq!(kb("backtab").modifiers(), KeyModifiers::NONE);
        assert_eq!(kb("pageup").code(), KeyCode::PageUp);
        assert_eq!(kb("page_down").code(), KeyCode::PageDown);
        assert_eq!(kb("delete").code(), KeyCode::Delete);
        assert_eq!(kb("f1").code(), KeyCode::F(1));
        assert_eq!(kb("F12").code(), KeyCode::F(12));
        assert_eq!(
            kb("ctrl-d"),
            KeyBinding::new(KeyCode::Char('d'), KeyModifiers::CONTROL)
        );
        assert_eq!(kb("Ctrl+d"), kb("ctrl-d"));
        assert_eq!(
            kb("alt-x"),
            KeyBinding::new(KeyCode::Char('x'), KeyModifiers::ALT)
        );
        assert_eq!(
            kb("ctrl-shift-a"),
            KeyBinding::new(KeyCode::Char('A'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            kb("ctrl--"),
            KeyBinding::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            kb("shift-up"),
            KeyBinding::new(KeyCode::Up, KeyModifiers::SHIFT)
        );
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            "",
            "ctrl-",
            "foo",
            "f0",
            "f99",
            "ctrl-nope",
            "shift-1",
            "jj",
        ] {
            let err = bad.parse::<KeyBinding>();
            assert!(err.is_err(), "{bad:?} parsed as {err:?}");
        }
        let msg = "hyper-x".parse::<KeyBinding>().unwrap_err().to_string();
        assert!(msg.contains("unknown key"), "{msg}");
    }

    #[test]
    fn display_is_canonical_and_round_trips() {
        let cases = [
            ("j", "j"),
            ("G", "G"),
            ("shift-g", "G"),
            ("?", "?"),
            ("space", "space"),
            ("Enter", "enter"),
            ("return", "enter"),
            ("backtab", "shift-tab"),
            ("pgdn", "pagedown"),
            ("Ctrl+F", "ctrl-shift-f"),
            ("ctrl-f", "ctrl-f"),
            ("alt-ctrl-x", "ctrl-alt-x"),
            ("f5", "f5"),
            ("shift-up", "shift-up"),
            ("ctrl--", "ctrl--"),
        ];
        for (spec, shown) in cases {
            let k = kb(spec);
            assert_eq!(k.to_string(), shown, "{spec}");
            assert_eq!(kb(&k.to_string()), k, "{spec}");
        }
    }

    #[test]
    fn events_match_however_the_terminal_spells_them() {
        let g_upper = kb("G");
        // Legacy terminals: 'G' with SHIFT; some: 'G' without; kitty: 'g'+SHIFT.
        assert!(g_upper.matches(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(g_upper.matches(&ev(KeyCode::Char('G'), KeyModifiers::NONE)));
        assert!(g_upper.matches(&ev(KeyCode::Char('g'), KeyModifiers::SHIFT)));
        assert!(!g_upper.matches(&ev(KeyCode::Char('g'), KeyModifiers::NONE)));

        let question = kb("?");
        assert!(question.matches(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        assert!(question.matches(&ev(KeyCode::Char('?'), KeyModifiers::NONE)));

        let back = kb("backtab");
        assert!(back.matches(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(back.matches(&ev(KeyCode::BackTab, KeyModifiers::NONE)));
        assert!(back.matches(&ev(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert!(!kb("tab").matches(&ev(KeyCode::Tab, KeyModifiers::SHIFT)));

        let ctrl_c = kb("ctrl-c");
        assert!(ctrl_c.matches(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(!ctrl_c.matches(&ev(KeyCode::Char('c'), KeyModifiers::NONE)));
        // Lock-state and keypad flags never block a match.
        assert!(kb("j").matches(&ev(KeyCode::Char('j'), KeyModifiers::META)));
        assert!(kb("j").matches(&ev(KeyCode::Char('j'), KeyModifiers::HYPER)));
    }

    #[test]
    fn keymap_bind_unbind_lookup() {
        let mut map = Keymap::empty();
        map.bind(kb("j"), Command::Down);
        map.bind(kb("down"), Command::Down);
        map.bind(kb("q"), Command::Quit);
        assert_eq!(
            map.lookup(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Command::Down)
        );
        assert_eq!(map.bindings_for(Command::Down), vec![kb("j"), kb("down")]);
        // Rebinding keeps the key's position.
        map.bind(kb("j"), Command::Up);
        assert_eq!(map.bindings_for(Command::Up), vec![kb("j")]);
        assert_eq!(map.bindings_for(Command::Down), vec![kb("down")]);
        assert!(map.unbind(kb("q")));
        assert!(!map.unbind(kb("q")));
        assert_eq!(
            map.lookup(&ev(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );

        let mut release = ev(KeyCode::Char('j'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(map.lookup(&release), None);
        let mut repeat = release;
        repeat.kind = KeyEventKind::Repeat;
        assert_eq!(map.lookup(&repeat), Some(Command::Up));
    }

    #[test]
    fn markdown_table_lists_every_command() {
        let table = Keymap::default().markdown_table();
        assert!(table.starts_with("| Keys | Command | What it does |"));
        assert_eq!(table.lines().count(), Command::ALL.len() + 2);
        assert!(table.contains("| `j` `down` | `down` | Move the selection down |"));
        assert!(table.contains("| `q` `ctrl-c` | `quit` | Quit |"));
    }

    #[test]
    fn entries_follow_command_order() {
        let map = Keymap::default();
        let entries = map.entries();
        let order: Vec<Command> = entries.iter().map(|(c, _)| *c).collect();
        assert_eq!(order, Command::ALL);
    }
}
