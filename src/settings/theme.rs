//! Colours: the `[theme]` section, colour names and `#rrggbb`.

use std::fmt;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Deserializer};

/// The colours every view draws with. Defaults come from
/// `config/default.toml`; see there for what each one colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Color,
    pub text: Color,
    pub muted: Color,
    pub ok: Color,
    pub warn: Color,
    pub bad: Color,
    pub selection_fg: Color,
    pub selection_bg: Color,
    pub header_fg: Color,
    pub header_bg: Color,
    pub match_fg: Color,
    pub border: Color,
}

impl Default for Theme {
    /// The same colours as `config/default.toml` (a test keeps the two in
    /// step); spelled out here so a theme exists even without parsing.
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            text: Color::Reset,
            muted: Color::DarkGray,
            ok: Color::Green,
            warn: Color::Yellow,
            bad: Color::LightRed,
            selection_fg: Color::Black,
            selection_bg: Color::Cyan,
            header_fg: Color::White,
            header_bg: Color::Reset,
            match_fg: Color::LightYellow,
            border: Color::DarkGray,
        }
    }
}

impl Theme {
    pub fn text_style(&self) -> Style {
        Style::new().fg(self.text)
    }

    pub fn muted_style(&self) -> Style {
        Style::new().fg(self.muted)
    }

    pub fn accent_style(&self) -> Style {
        Style::new().fg(self.accent)
    }

    pub fn selection_style(&self) -> Style {
        Style::new().fg(self.selection_fg).bg(self.selection_bg)
    }

    pub fn header_style(&self) -> Style {
        Style::new()
            .fg(self.header_fg)
            .bg(self.header_bg)
            .add_modifier(Modifier::BOLD)
    }

    pub fn match_style(&self) -> Style {
        Style::new().fg(self.match_fg).add_modifier(Modifier::BOLD)
    }

    pub fn border_style(&self) -> Style {
        Style::new().fg(self.border)
    }
}

/// A colour as written in a config file: a name ("cyan", "dark_gray",
/// "light_red", "reset"), "#rrggbb", or a 256-colour palette index "0"–"255".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeColor(pub Color);

/// Names with the canonical (snake_case) one first.
const COLOR_NAMES: &[(&[&str], Color)] = &[
    (&["reset", "default"], Color::Reset),
    (&["black"], Color::Black),
    (&["red"], Color::Red),
    (&["green"], Color::Green),
    (&["yellow"], Color::Yellow),
    (&["blue"], Color::Blue),
    (&["magenta"], Color::Magenta),
    (&["cyan"], Color::Cyan),
    (&["gray", "grey"], Color::Gray),
    (&["dark_gray", "dark_grey"], Color::DarkGray),
    (&["light_red"], Color::LightRed),
    (&["light_green"], Color::LightGreen),
    (&["light_yellow"], Color::LightYellow),
    (&["light_blue"], Color::LightBlue),
    (&["light_magenta"], Color::LightMagenta),
    (&["light_cyan"], Color::LightCyan),
    (&["white"], Color::White),
];

/// Why a colour did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid colour \"{0}\": expected a name (reset, black, red, green, yellow, blue, \
     magenta, cyan, gray, dark_gray, light_red, light_green, light_yellow, light_blue, \
     light_magenta, light_cyan, white), \"#rrggbb\" or a palette index 0-255"
)]
pub struct ColorError(String);

impl FromStr for ThemeColor {
    type Err = ColorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ColorError(s.to_owned());
        let trimmed = s.trim();
        if let Some(hex) = trimmed.strip_prefix('#') {
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(err());
            }
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
            return Ok(Self(Color::Rgb(byte(0)?, byte(2)?, byte(4)?)));
        }
        if let Ok(index) = trimmed.parse::<u8>() {
            return Ok(Self(Color::Indexed(index)));
        }
        // Accept "DarkGray", "dark-gray" and "dark gray" as well as
        // "dark_gray": people copy names from ratatui docs and CSS alike.
        let folded: String = trimmed
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        COLOR_NAMES
            .iter()
            .find(|(names, _)| names.iter().any(|n| n.replace('_', "") == folded))
            .map(|&(_, color)| Self(color))
            .ok_or_else(err)
    }
}

impl fmt::Display for ThemeColor {
    /// The canonical spelling, which parses back to the same colour.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Color::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            Color::Indexed(i) => write!(f, "{i}"),
            color => {
                let name = COLOR_NAMES
                    .iter()
                    .find(|&&(_, c)| c == color)
                    .and_then(|(names, _)| names.first())
                    .copied()
                    .unwrap_or("reset");
                f.write_str(name)
            }
        }
    }
}

impl<'de> Deserialize<'de> for ThemeColor {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
// Unwrapping is how a test says "this must succeed".
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn color(s: &str) -> Color {
        s.parse::<ThemeColor>().unwrap().0
    }

    #[test]
    fn parses_names_hex_and_indices() {
        assert_eq!(color("cyan"), Color::Cyan);
        assert_eq!(color("dark_gray"), Color::DarkGray);
        assert_eq!(color("dark_grey"), Color::DarkGray);
        assert_eq!(color("DarkGray"), Color::DarkGray);
        assert_eq!(color("light-red"), Color::LightRed);
        assert_eq!(color("reset"), Color::Reset);
        assert_eq!(color("#ff8000"), Color::Rgb(255, 128, 0));
        assert_eq!(color("#FF8000"), Color::Rgb(255, 128, 0));
        assert_eq!(color("208"), Color::Indexed(208));
    }

    #[test]
    fn rejects_bad_colours() {
        for bad in [
            "", "purple", "#ff80", "#ff80001", "#gg0000", "256", "-1", "#",
        ] {
            assert!(bad.parse::<ThemeColor>().is_err(), "{bad:?}");
        }
        let msg = "purple".parse::<ThemeColor>().unwrap_err().to_string();
        assert!(
            msg.contains("\"purple\"") && msg.contains("#rrggbb"),
            "{msg}"
        );
    }

    #[test]
    fn display_round_trips() {
        for &(names, c) in COLOR_NAMES {
            let shown = ThemeColor(c).to_string();
            assert_eq!(shown, names[0]);
            assert_eq!(color(&shown), c);
        }
        assert_eq!(ThemeColor(Color::Rgb(1, 2, 255)).to_string(), "#0102ff");
        assert_eq!(color("#0102ff"), Color::Rgb(1, 2, 255));
        assert_eq!(ThemeColor(Color::Indexed(7)).to_string(), "7");
    }
}
