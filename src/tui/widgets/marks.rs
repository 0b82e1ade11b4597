//! Marked rows of a table, kept by each row's identity
//! ([`crate::tui::widgets::table::TableRow::mark_key`]) rather than by position,
//! so a filter or a sort never moves a mark to another row.

use std::collections::HashSet;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(HashSet<String>);

impl Marks {
    /// Marks `key`, or unmarks it if it was marked; true when now marked.
    pub fn toggle(&mut self, key: String) -> bool {
        if self.0.remove(&key) {
            return false;
        }
        self.0.insert(key);
        true
    }

    pub fn contains(&self, key: &str) -> bool {
        self.0.contains(key)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Forgets every mark (the list is loading again).
    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggle_marks_and_unmarks() {
        let mut m = Marks::default();
        assert!(m.is_empty());
        assert!(m.toggle("a".into()));
        assert!(m.toggle("b".into()));
        assert!(m.contains("a"));
        assert!(!m.toggle("a".into()));
        assert!(!m.contains("a") && m.contains("b"));
        m.clear();
        assert!(m.is_empty());
    }
}
