//! The fuzzy filter: which rows match a query, fast enough for 100,000 rows.
//!
//! Three design choices keep a keystroke cheap (see the README's figures):
//! - rows are matched on a short key built from their identifying columns, not on
//!   the whole rendered row (skim scoring is linear in the text length);
//! - when the query only grows, only the rows that matched the shorter query are
//!   scored again (a row that fails "ab" cannot match "abc");
//! - scoring runs in parallel (rayon) and, for big lists, off the render path.
//!
//! The matches are ranked cheaply in the pass that matches them, not scored
//! by skim: the row's name (its first key column) equal to the query, then
//! starting with it, holding it, holding its characters, then the other
//! columns ([`rank`]), each rank in the table's order.
//!
//! Matching follows fuzzy-matcher's `SkimMatcherV2` (smart case: a query with an
//! upper-case letter matches case-sensitively). Which rows match is decided by
//! skim's own rule — the query's characters appear in order in the key, ASCII
//! case folded unless the query has an upper-case letter — checked directly,
//! without computing skim's score: the table keeps its sort order, so a score
//! per row would be thrown away, and computing it costs 23 ms for 100k rows on
//! 2 cores against 16 ms allowed (README, "Performance"). A property test holds
//! this rule equal to `SkimMatcherV2::fuzzy_match(..).is_some()`. Skim itself
//! then finds the matched positions to highlight, for the rows on screen only.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use rayon::prelude::*;

/// Below this many candidates a filter runs inline: a thread hop costs more than it saves.
pub const INLINE_LIMIT: usize = 20_000;

/// Rows per parallel work item: large enough that scheduling is noise.
const CHUNK: usize = 4_096;

/// Indices (ascending) of the keys that match `query`.
///
/// `candidates` narrows the search to a previous result (ascending indices);
/// `None` searches every key. An empty query matches everything.
/// A `key=value` query (k9s's label filter): the tag key and value it asks
/// for. Its keys are each row's [`tag_text`], not the filter keys.
pub fn tag_query(query: &str) -> Option<(&str, &str)> {
    let (key, value) = query.split_once('=')?;
    (!key.is_empty() && !key.starts_with('!') && !key.contains(char::is_whitespace))
        .then_some((key, value))
}

/// A row's tags as a tag query reads them: `key=value` lines.
pub fn tag_text(tags: &[crate::model::Tag]) -> String {
    tags.iter()
        .map(|t| format!("{}={}", t.key, t.value))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a tag of `text` ([`tag_text`]) has a key starting with `key`
/// and a value starting with `value`, ASCII case folded (`team=fraud`
/// finds `TeamName=fraud-analytics`; prefixes keep narrowing valid).
fn has_tag(text: &str, key: &str, value: &str) -> bool {
    let starts = |s: &str, p: &str| {
        s.len() >= p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p)
    };
    text.lines().any(|line| {
        line.split_once('=')
            .is_some_and(|(k, v)| starts(k, key) && starts(v, value))
    })
}

pub fn matching(keys: &[String], candidates: Option<&[u32]>, query: &str) -> Vec<u32> {
    if let Some((key, value)) = tag_query(query) {
        let matches = |i: u32| keys.get(i as usize).is_some_and(|t| has_tag(t, key, value));
        return match candidates {
            Some(c) => c.iter().copied().filter(|&i| matches(i)).collect(),
            None => (0..keys.len() as u32).filter(|&i| matches(i)).collect(),
        };
    }
    // `!text` keeps the rows that do not match `text` (k9s's inverse filter).
    let (query, keep) = match query.strip_prefix('!') {
        Some(rest) => (rest, false),
        None => (query, true),
    };
    if query.is_empty() {
        return match candidates {
            Some(c) => c.to_vec(),
            None => (0..keys.len() as u32).collect(),
        };
    }
    let case_sensitive = query.chars().any(|c| c.is_ascii_uppercase());
    let matches = |i: u32| -> bool {
        keys.get(i as usize)
            .is_some_and(|k| is_match(k, query, case_sensitive) == keep)
    };
    match candidates {
        Some(c) => c
            .par_chunks(CHUNK)
            .flat_map_iter(|chunk| chunk.iter().copied().filter(|&i| matches(i)))
            .collect(),
        None => (0..keys.len() as u32)
            .into_par_iter()
            .with_min_len(CHUNK)
            .filter(|&i| matches(i))
            .collect(),
    }
}

/// The rows a query matched, and how well each did ([`rank`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    /// Item indices, ascending.
    pub rows: Vec<u32>,
    /// `ranks[n]` is the rank of `rows[n]`.
    pub ranks: Vec<u8>,
}

/// How many ranks [`rank`] gives.
pub const RANKS: usize = 6;

/// How well a matched key matches `query`, best first; the name is the
/// first key column, which weighs most:
/// - 0: the name is the query;
/// - 1: the name starts with it;
/// - 2: the name holds it in one piece (`/pay` finds `claims-payments`);
/// - 3: the name holds its characters in order (`/clpy`);
/// - 4: another column holds it in one piece;
/// - 5: its characters are spread over the columns.
///
/// Case follows the match rule. The table shows rank 0 first, then 1 …,
/// each in the table's order: `/numpy` puts numpy above numba (which
/// matches through its `pypi` column). A cheap score, decided in the pass
/// that matches, where skim's full score would cost ten times the budget.
/// `None` when the key does not match.
pub fn rank(key: &str, query: &str) -> Option<u8> {
    Ranker::new(query).rank(key)
}

/// [`rank`] for one query over many keys: the case rule, the query's first
/// byte and the searchers are made once, and most keys fail on their first
/// bytes, so a keystroke over 100,000 rows stays within its budget.
struct Ranker<'q> {
    query: &'q str,
    case_sensitive: bool,
    /// The query's first byte, in both cases where case is folded.
    first: (u8, u8),
    separator: memchr::memmem::Finder<'static>,
}

impl<'q> Ranker<'q> {
    fn new(query: &'q str) -> Self {
        let case_sensitive = query.chars().any(|c| c.is_ascii_uppercase());
        let b = query.as_bytes().first().copied().unwrap_or(0);
        let first = if case_sensitive {
            (b, b)
        } else {
            (b.to_ascii_lowercase(), b.to_ascii_uppercase())
        };
        Self {
            query,
            case_sensitive,
            first,
            separator: memchr::memmem::Finder::new(KEY_SEPARATOR.as_bytes()),
        }
    }

    fn same(&self, a: &[u8], b: &[u8]) -> bool {
        if self.case_sensitive {
            a == b
        } else {
            a.eq_ignore_ascii_case(b)
        }
    }

    /// Whether `text` holds the query in one piece.
    fn holds(&self, text: &[u8]) -> bool {
        let q = self.query.as_bytes();
        let Some(rest) = q.get(1..) else {
            return true;
        };
        let Some(last) = text.len().checked_sub(q.len()) else {
            return false;
        };
        let (lower, upper) = self.first;
        memchr::memchr2_iter(lower, upper, &text[..=last])
            .any(|at| self.same(&text[at + 1..at + q.len()], rest))
    }

    fn rank(&self, key: &str) -> Option<u8> {
        let (key_bytes, query_bytes) = (key.as_bytes(), self.query.as_bytes());
        if key_bytes
            .get(..query_bytes.len())
            .is_some_and(|head| self.same(head, query_bytes))
        {
            // The prefix equals the query up to ASCII case: a char boundary.
            return Some(match key.get(self.query.len()..) {
                Some(rest) if rest.is_empty() || rest.starts_with(KEY_SEPARATOR) => 0,
                _ => 1,
            });
        }
        let name = self.separator.find(key_bytes).unwrap_or(key_bytes.len());
        if self.holds(&key_bytes[..name]) {
            return Some(2);
        }
        let end = match_end(key, self.query, self.case_sensitive)?;
        Some(if end <= name {
            3
        } else if self.holds(&key_bytes[name..]) {
            4
        } else {
            5
        })
    }
}

/// Between the key columns in a row's filter key.
pub const KEY_SEPARATOR: &str = "  ";

/// Skim's match rule: every query char appears in `key`, in order.
fn is_match(key: &str, query: &str, case_sensitive: bool) -> bool {
    match_end(key, query, case_sensitive).is_some()
}

/// Where the leftmost match of [`is_match`]'s rule ends in `key` (the byte
/// after its last character), or `None` when `key` does not match.
fn match_end(key: &str, query: &str, case_sensitive: bool) -> Option<usize> {
    let mut wanted = query.chars();
    let Some(mut next) = wanted.next() else {
        return Some(0);
    };
    for (at, c) in key.char_indices() {
        let equal = if case_sensitive {
            c == next
        } else {
            c.eq_ignore_ascii_case(&next)
        };
        if equal {
            match wanted.next() {
                Some(n) => next = n,
                None => return Some(at + c.len_utf8()),
            }
        }
    }
    None
}

/// Character positions (in chars) of `query`'s match inside `text`, for highlighting.
pub fn match_positions(text: &str, query: &str) -> Option<Vec<usize>> {
    // An inverse filter's rows hold nothing of it to highlight, a tag
    // query's match is in the tags, not the row.
    if query.is_empty() || query.starts_with('!') || tag_query(query).is_some() {
        return None;
    }
    matcher().fuzzy_indices(text, query).map(|(_, idx)| idx)
}

/// One matcher per thread: SkimMatcherV2 keeps scratch buffers, so sharing one
/// across rayon workers would serialise them.
fn matcher() -> &'static SkimMatcherV2 {
    thread_local! {
        static MATCHER: &'static SkimMatcherV2 = Box::leak(Box::new(SkimMatcherV2::default()));
    }
    MATCHER.with(|m| *m)
}

/// The state of one table's filter: what the user typed and what has been applied.
///
/// The query is shown as typed immediately; the matching rows follow when the
/// (possibly background) match finishes. A result for an outdated query is dropped.
#[derive(Debug, Default, Clone)]
pub struct FilterState {
    /// What the user typed.
    pub query: String,
    /// The query whose result is in `matched`, and that result.
    pub applied: Option<(String, std::sync::Arc<Matches>)>,
    /// Generation of the newest request; results carry it back.
    pub generation: u64,
}

/// A match to run, possibly on another thread.
#[derive(Debug, Clone)]
pub struct FilterJob {
    pub generation: u64,
    pub query: String,
    pub keys: std::sync::Arc<Vec<String>>,
    pub candidates: Option<std::sync::Arc<Matches>>,
}

impl FilterJob {
    /// The matching rows and their ranks (a plain query's only: an inverse
    /// or tag query ranks every row alike). A plain query matches and ranks
    /// each key in one pass.
    pub fn run(&self) -> Matches {
        let candidates = self.candidates.as_deref().map(|m| m.rows.as_slice());
        let plain = !self.query.starts_with('!') && tag_query(&self.query).is_none();
        if !plain {
            let rows = matching(&self.keys, candidates, &self.query);
            let ranks = vec![0; rows.len()];
            return Matches { rows, ranks };
        }
        let ranker = Ranker::new(&self.query);
        let ranked = |i: u32| {
            let key = self.keys.get(i as usize)?;
            ranker.rank(key).map(|r| (i, r))
        };
        let found: Vec<(u32, u8)> = match candidates {
            Some(c) => c
                .par_chunks(CHUNK)
                .flat_map_iter(|chunk| chunk.iter().filter_map(|&i| ranked(i)))
                .collect(),
            None => (0..self.keys.len() as u32)
                .into_par_iter()
                .with_min_len(CHUNK)
                .filter_map(ranked)
                .collect(),
        };
        let (rows, ranks) = found.into_iter().unzip();
        Matches { rows, ranks }
    }

    /// How many keys the job will score: decides inline vs background.
    pub fn size(&self) -> usize {
        self.candidates
            .as_ref()
            .map_or(self.keys.len(), |c| c.rows.len())
    }
}

impl FilterState {
    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }

    /// Whether the rows on screen are for an older query than the one typed.
    pub fn is_pending(&self) -> bool {
        match &self.applied {
            Some((q, _)) => *q != self.query,
            None => !self.query.is_empty(),
        }
    }

    /// Sets the query; returns the match to run, or `None` when nothing needs matching
    /// (empty query: the filter is cleared at once).
    pub fn set_query(
        &mut self,
        query: String,
        keys: &std::sync::Arc<Vec<String>>,
    ) -> Option<FilterJob> {
        self.generation += 1;
        self.query = query;
        if self.query.is_empty() {
            self.applied = None;
            return None;
        }
        // Narrow only from a result whose query is a prefix of the new one;
        // an inverse filter that grows keeps more rows, not fewer.
        let candidates = self
            .applied
            .as_ref()
            .filter(|(q, _)| {
                self.query.starts_with(q.as_str())
                    && !self.query.starts_with('!')
                    && tag_query(q).is_some() == tag_query(&self.query).is_some()
            })
            .map(|(_, m)| m.clone());
        Some(FilterJob {
            generation: self.generation,
            query: self.query.clone(),
            keys: keys.clone(),
            candidates,
        })
    }

    /// Re-runs the current query from scratch (the rows were reloaded).
    pub fn rerun(&mut self, keys: &std::sync::Arc<Vec<String>>) -> Option<FilterJob> {
        self.applied = None;
        let q = std::mem::take(&mut self.query);
        self.set_query(q, keys)
    }

    /// Applies a finished match; returns false if it was for an outdated query.
    pub fn apply(&mut self, generation: u64, query: String, matched: Matches) -> bool {
        if generation != self.generation {
            return false;
        }
        self.applied = Some((query, std::sync::Arc::new(matched)));
        true
    }

    pub fn clear(&mut self) {
        self.generation += 1;
        self.query.clear();
        self.applied = None;
    }

    /// The applied match set, if a filter is in force.
    pub fn matched(&self) -> Option<&[u32]> {
        self.applied.as_ref().map(|(_, m)| m.rows.as_slice())
    }

    /// The applied matches with their ranks, if a filter is in force.
    pub fn matches(&self) -> Option<&Matches> {
        self.applied.as_ref().map(|(_, m)| &**m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn keys(v: &[&str]) -> Arc<Vec<String>> {
        Arc::new(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn fuzzy_subsequence_and_smart_case() {
        let k = keys(&["priya-natarajan fraud", "tom-okafor claims", "Anna Pricing"]);
        assert_eq!(matching(&k, None, "pnat"), vec![0]);
        assert_eq!(matching(&k, None, "okcl"), vec![1]);
        assert_eq!(matching(&k, None, "pricing"), vec![2]);
        assert_eq!(matching(&k, None, "Pricing"), vec![2]);
        assert_eq!(matching(&k, None, "PRICING"), Vec::<u32>::new());
        assert_eq!(matching(&k, None, ""), vec![0, 1, 2]);
        assert_eq!(matching(&k, Some(&[1, 2]), "a"), vec![1, 2]);
    }

    #[test]
    fn an_inverse_filter_keeps_what_does_not_match() {
        let k = keys(&["claims-etl", "fraud-scores", "claims-ingest"]);
        assert_eq!(matching(&k, None, "!claims"), vec![1]);
        assert_eq!(
            matching(&k, None, "!"),
            vec![0, 1, 2],
            "nothing to exclude yet"
        );
        assert_eq!(matching(&k, Some(&[0, 1]), "!fraud"), vec![0]);
        assert_eq!(match_positions("fraud-scores", "!claims"), None);
        // Growing an inverse filter must not narrow from its last result.
        let mut state = FilterState::default();
        let job = state.set_query("!cl".into(), &k).unwrap();
        assert!(state.apply(job.generation, job.query.clone(), job.run()));
        assert_eq!(state.matched(), Some(&[1u32][..]));
        let job = state.set_query("!claims-etl".into(), &k).unwrap();
        assert!(job.candidates.is_none());
        assert_eq!(job.run().rows, vec![1, 2]);
    }

    #[test]
    fn a_tag_query_matches_tag_keys_and_values_by_prefix() {
        use crate::model::Tag;
        let tags = Arc::new(vec![
            tag_text(&[Tag::new("TeamName", "fraud-analytics")]),
            tag_text(&[Tag::new("TeamName", "claims"), Tag::new("env", "prod")]),
            tag_text(&[]),
        ]);
        assert_eq!(matching(&tags, None, "team=fraud-analytics"), vec![0]);
        assert_eq!(matching(&tags, None, "TEAM=FRAUD"), vec![0]);
        assert_eq!(matching(&tags, None, "env=prod"), vec![1]);
        assert_eq!(matching(&tags, None, "team="), vec![0, 1]);
        assert_eq!(tag_query("a b=c"), None, "a fuzzy query with an =");
        assert_eq!(tag_query("!x=y"), None);
        // From a fuzzy query to a tag query: searched again, not narrowed.
        let k = keys(&["team-x", "y"]);
        let mut state = FilterState::default();
        let job = state.set_query("team".into(), &k).unwrap();
        assert!(state.apply(job.generation, job.query.clone(), job.run()));
        let job = state.set_query("team=".into(), &tags).unwrap();
        assert!(job.candidates.is_none());
        assert!(state.apply(job.generation, job.query.clone(), job.run()));
        let job = state.set_query("team=c".into(), &tags).unwrap();
        assert!(job.candidates.is_some(), "a growing tag query narrows");
        assert_eq!(job.run().rows, vec![1]);
    }

    #[test]
    fn an_exact_name_ranks_first_then_a_name_prefix() {
        let k = keys(&[
            "numba  pypi",
            "numpy-financial  pypi",
            "numpy  pypi",
            "onnxruntime  pypi",
        ]);
        let mut state = FilterState::default();
        let job = state.set_query("numpy".into(), &k).unwrap();
        let found = job.run();
        assert_eq!(
            found.rows,
            vec![0, 1, 2, 3],
            "numba and onnxruntime match through pypi"
        );
        assert_eq!(found.ranks, vec![5, 1, 0, 5]);
        assert_eq!(rank("NumPy  pypi", "numpy"), Some(0), "case folded");
        assert_eq!(rank("NumPy  pypi", "Num"), Some(1));
        assert_eq!(
            rank("numpy  pypi", "Num"),
            None,
            "an upper-case query matches case"
        );
        assert_eq!(
            rank("né  x", "n"),
            Some(1),
            "a name with non-ASCII characters"
        );
    }

    #[test]
    fn the_name_weighs_more_than_the_other_columns() {
        // In one piece in the name, then spread in the name, then in one
        // piece elsewhere, then spread anywhere.
        assert_eq!(rank("claims-payments  fraud", "pay"), Some(2));
        assert_eq!(rank("claims-payments  fraud", "clpy"), Some(3));
        assert_eq!(rank("numba  pypi", "pypi"), Some(4));
        assert_eq!(rank("numba  pypi", "npi"), Some(5));
        assert_eq!(rank("numba  pypi", "x"), None);
        assert!(rank("abc", "").is_some(), "an empty query matches");
        let k = keys(&[
            "numba  pypi",
            "claims-payments  x",
            "pay-run  y",
            "p-a-y  z",
            "zz  pay",
        ]);
        let mut state = FilterState::default();
        let found = state.set_query("pay".into(), &k).unwrap().run();
        assert_eq!(
            found.rows,
            vec![1, 2, 3, 4],
            "numba does not hold p, a, y in order"
        );
        assert_eq!(found.ranks, vec![2, 1, 3, 4]);
    }

    proptest::proptest! {
        /// Ranking never changes which rows match.
        #[test]
        fn ranked_rows_are_the_matching_rows(key in "[a-zA-Z0-9 _./:é-]{0,40}", query in "[a-zA-Z0-9 _é-]{1,6}") {
            let job = FilterJob {
                generation: 1,
                query: query.clone(),
                keys: Arc::new(vec![key.clone()]),
                candidates: None,
            };
            proptest::prop_assert_eq!(job.run().rows, matching(std::slice::from_ref(&key), None, &query));
        }
    }

    #[test]
    fn narrowing_equals_full_search() {
        let k: Arc<Vec<String>> = Arc::new(
            (0..50_000)
                .map(|i| format!("user-{i:05} team-{}", i % 7))
                .collect(),
        );
        let mut state = FilterState::default();
        let job = state.set_query("u1".into(), &k).unwrap();
        assert!(job.candidates.is_none());
        assert!(state.apply(job.generation, job.query.clone(), job.run()));
        let job = state.set_query("u12t".into(), &k).unwrap();
        assert!(job.candidates.is_some(), "an extended query narrows");
        let narrowed = job.run();
        assert_eq!(narrowed.rows, matching(&k, None, "u12t"));
        assert!(state.apply(job.generation, job.query.clone(), narrowed));
        // A query that is not an extension searches everything again.
        let job = state.set_query("u2".into(), &k).unwrap();
        assert!(job.candidates.is_none());
    }

    #[test]
    fn stale_results_are_dropped() {
        let k = keys(&["a", "b"]);
        let mut state = FilterState::default();
        let old = state.set_query("a".into(), &k).unwrap();
        let new = state.set_query("b".into(), &k).unwrap();
        assert!(!state.apply(old.generation, old.query.clone(), old.run()));
        assert!(state.is_pending());
        assert!(state.apply(new.generation, new.query.clone(), new.run()));
        assert_eq!(state.matched(), Some(&[1u32][..]));
        assert!(!state.is_pending());
        assert!(state.set_query(String::new(), &k).is_none());
        assert_eq!(state.matched(), None);
    }

    proptest::proptest! {
        /// The match set is exactly fuzzy-matcher's: same rows as `fuzzy_match().is_some()`.
        #[test]
        fn same_rows_as_skim(key in "[a-zA-Z0-9 _./:é-]{0,40}", query in "[a-zA-Z0-9 _é-]{0,6}") {
            let skim = matcher().fuzzy_match(&key, &query).is_some();
            let ours = matching(std::slice::from_ref(&key), None, &query) == vec![0];
            proptest::prop_assert_eq!(skim, ours, "key {:?} query {:?}", key, query);
        }
    }

    #[test]
    fn positions_for_highlight() {
        let pos = match_positions("tom-okafor", "tok").unwrap();
        assert_eq!(pos.len(), 3);
        assert_eq!(pos[0], 0);
        assert_eq!(pos[2], 5);
        assert_eq!(match_positions("tom", "x"), None);
    }
}
