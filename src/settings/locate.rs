//! Where in a config file a problem is: the line and column of a key, so
//! every settings error reads `path:line:column: …` with the key named.

use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::SettingsError;

/// The file being merged, for messages.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) path: &'a Path,
}

impl Doc<'_> {
    /// "path:line:column", or just "path" without an offset.
    pub(super) fn at(&self, offset: Option<usize>) -> String {
        match offset {
            Some(offset) => {
                let (line, column) = line_col(self.text, offset);
                format!("{}:{line}:{column}", self.path.display())
            }
            None => self.path.display().to_string(),
        }
    }

    pub(super) fn invalid(&self, err: &toml::de::Error, key: Option<String>) -> SettingsError {
        SettingsError::Invalid {
            path: self.path.to_path_buf(),
            location: err.span().map(|span| line_col(self.text, span.start)),
            message: err.message().trim_end().to_owned(),
            key,
        }
    }
}

/// 1-based line and column (counted in characters) of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

/// The serde_ignored path as plain key segments; the `Some`/newtype layers
/// it records are not keys a user wrote.
pub(super) fn path_segments(path: &serde_ignored::Path<'_>) -> Vec<String> {
    use serde_ignored::Path as P;
    match path {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = path_segments(parent);
            v.push(index.to_string());
            v
        }
        P::Map { parent, key } => {
            let mut v = path_segments(parent);
            v.push(key.clone());
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            path_segments(parent)
        }
    }
}

/// The span of the key at `segments` (array elements by index).
pub(super) fn find_key(table: &DeTable<'_>, segments: &[String]) -> Option<Range<usize>> {
    let (first, rest) = segments.split_first()?;
    let (key, value) = table.iter().find(|(k, _)| k.get_ref() == first)?;
    if rest.is_empty() {
        return Some(key.span());
    }
    let mut value = value.get_ref();
    let mut rest = rest;
    // Descend through arrays (of tables) by index.
    while let DeValue::Array(items) = value {
        let (index, tail) = rest.split_first()?;
        let item = items.get(index.parse::<usize>().ok()?)?;
        if tail.is_empty() {
            return Some(item.span());
        }
        value = item.get_ref();
        rest = tail;
    }
    match value {
        DeValue::Table(inner) => find_key(inner, rest),
        _ => None,
    }
}

/// The dotted key whose value (or key) is the innermost one containing the
/// error span, to say which setting an error is about.
pub(super) fn key_at(table: &DeTable<'_>, span: &Range<usize>) -> Option<String> {
    let mut best: Option<(usize, Vec<String>)> = None;
    let mut prefix = Vec::new();
    walk_for_key(table, span.start, &mut prefix, &mut best);
    best.map(|(_, path)| path.join("."))
}

pub(super) fn walk_for_key(
    table: &DeTable<'_>,
    pos: usize,
    prefix: &mut Vec<String>,
    best: &mut Option<(usize, Vec<String>)>,
) {
    for (key, value) in table.iter() {
        prefix.push(key.get_ref().to_string());
        visit_value(value, pos, prefix, best);
        let key_span = key.span();
        if key_span.contains(&pos) {
            consider(key_span.len(), prefix, best);
        }
        prefix.pop();
    }
}

pub(super) fn visit_value(
    value: &Spanned<DeValue<'_>>,
    pos: usize,
    prefix: &mut Vec<String>,
    best: &mut Option<(usize, Vec<String>)>,
) {
    let span = value.span();
    if span.contains(&pos) || (span.is_empty() && span.start == pos) {
        consider(span.len(), prefix, best);
    }
    match value.get_ref() {
        DeValue::Table(inner) => walk_for_key(inner, pos, prefix, best),
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                prefix.push(index.to_string());
                visit_value(item, pos, prefix, best);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Keeps the narrowest match; on a tie the later (deeper) one wins.
pub(super) fn consider(width: usize, prefix: &[String], best: &mut Option<(usize, Vec<String>)>) {
    if best.as_ref().is_none_or(|(w, _)| width <= *w) {
        *best = Some((width, prefix.to_vec()));
    }
}
