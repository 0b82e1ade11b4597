//! The Studio apps dsadmin saw running this month, so that month to date
//! keeps the spend of an app stopped since (ListApps forgets it; the money
//! is spent).
//!
//! Each cost load records every InService app it lists. An app recorded
//! before and no longer running in a domain whose apps were listed is
//! stopped: at the time dsadmin's own journal says it deleted it, or else
//! (stopped by someone else) at the last time a load saw it running, so the
//! figure never counts hours nobody saw. Apps that started and stopped
//! between two loads, or before the first, are not counted: the report says
//! since when dsadmin has watched.
//!
//! Kept in `$XDG_STATE_HOME/dsadmin/seen-apps.json` (0600; app names, ARNs
//! and times, no credentials) so `dsadmin costs` and the TUI agree across
//! runs; the demo estate and tests keep theirs in memory. An unreadable
//! file is left as it is (the figure says so) rather than overwritten.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditRecord, Journal, Outcome, Phase};
use crate::costs::month::month_start;
use crate::model::requests::{AppOwner, AppRef};
use crate::model::App;

/// The journal's name for the stop dsadmin makes.
const DELETE_APP: &str = "sagemaker:DeleteApp";

/// Where the apps seen running are kept unless a test says otherwise.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dsadmin").map(|d| {
        d.state_dir()
            .unwrap_or_else(|| d.data_local_dir())
            .join("seen-apps.json")
    })
}

/// One app a cost load saw InService.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeenApp {
    pub app: App,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// Set once a load no longer lists it running.
    pub stopped: Option<Stopped>,
}

/// When a seen app stopped, and how that is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stopped {
    pub at: DateTime<Utc>,
    pub source: StopSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopSource {
    /// dsadmin deleted it: the journal's time of the DeleteApp.
    Journal,
    /// Someone else stopped it after the last load that saw it running:
    /// counted up to then.
    LastSeen,
    /// Its domain's apps could not be listed this time: counted up to the
    /// last load that saw it running (not recorded as stopped).
    NotListed,
}

impl StopSource {
    pub fn label(self) -> &'static str {
        match self {
            StopSource::Journal => "stopped by dsadmin (journal)",
            StopSource::LastSeen => "stopped outside dsadmin; counted until last seen running",
            StopSource::NotListed => {
                "not listed now (its domain's apps could not be read); counted until last seen running"
            }
        }
    }
}

/// One app instance: its domain, owner, type, name and creation time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AppKey {
    domain_id: String,
    user: Option<String>,
    space: Option<String>,
    app_type: String,
    name: String,
    created: Option<DateTime<Utc>>,
}

impl AppKey {
    fn of(app: &App) -> Self {
        Self {
            domain_id: app.domain_id.clone(),
            user: app.user_profile.clone(),
            space: app.space_name.clone(),
            app_type: app.app_type.clone(),
            name: app.name.clone(),
            created: app.created,
        }
    }
}

/// What is kept between loads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Book {
    apps: Vec<SeenApp>,
}

/// What a load learnt: the apps stopped this month, and what the figure
/// rests on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    pub stopped: Vec<SeenApp>,
    pub basis: SpendBasis,
}

/// What month to date includes besides what runs now, as the report says it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SpendBasis {
    /// Apps seen running this month and stopped since (or not listed now).
    pub stopped_apps: usize,
    /// The first time dsadmin saw one of these domains' apps running this
    /// month (what started and stopped before is not counted).
    pub watching_since: Option<DateTime<Utc>>,
    /// The file they are kept in; `None`: this session only.
    pub kept_in: Option<PathBuf>,
    /// Why the record could not be read or written, when it could not.
    pub problem: Option<String>,
}

impl SpendBasis {
    /// One line saying what month to date counts, for the view and the CLI.
    pub fn describe(&self, month_start: DateTime<Utc>) -> String {
        let mut text = match self.watching_since {
            None => "Month to date: what runs now".to_owned(),
            Some(since) => {
                let from = since.max(month_start).format("%-d %b %H:%M UTC");
                let stopped = match self.stopped_apps {
                    1 => "1 app".to_owned(),
                    n => format!("{n} apps"),
                };
                let kept = match self.kept_in {
                    Some(_) => "",
                    None => " in this session",
                };
                format!(
                    "Month to date: what runs now + {stopped} stopped since seen running (watched from {from}{kept}; earlier stops not counted)"
                )
            }
        };
        if let Some(problem) = &self.problem {
            text.push_str("; ");
            text.push_str(problem);
        }
        text
    }
}

/// The record of apps seen running, shared by every cost load of a session.
/// Clones share it; two handles are equal when they are the same record.
#[derive(Clone)]
pub struct SeenApps(Arc<Inner>);

struct Inner {
    file: Option<PathBuf>,
    journal: Option<PathBuf>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    book: Option<Book>,
    /// Why the file is not used (unreadable): memory only from then on.
    problem: Option<String>,
}

impl fmt::Debug for SeenApps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeenApps")
            .field("file", &self.0.file)
            .field("journal", &self.0.journal)
            .finish_non_exhaustive()
    }
}

impl PartialEq for SeenApps {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl SeenApps {
    /// Kept for this session only, stopped only by what the loads see.
    pub fn in_memory() -> Self {
        Self::new(None, None)
    }

    /// The record a session over `demo` or a real estate uses: the demo
    /// estate's apps are kept in memory only, so its made-up apps never
    /// reach the file a real estate's costs read.
    pub fn for_estate(demo: bool, file: Option<PathBuf>, journal: Option<PathBuf>) -> Self {
        Self::new(file.filter(|_| !demo), journal)
    }

    /// Kept in `file` (when given) and told dsadmin's own stops by the
    /// journal at `journal` (when given).
    pub fn new(file: Option<PathBuf>, journal: Option<PathBuf>) -> Self {
        Self(Arc::new(Inner {
            file,
            journal,
            state: Mutex::new(State::default()),
        }))
    }

    /// Records what one load listed: `domains` are every domain ListDomains
    /// returned, `listed` those whose ListApps answered in full, `apps`
    /// every app of those. Returns the stopped apps of these domains only
    /// (the record is shared by every account and region dsadmin looks at).
    pub fn observe(
        &self,
        domains: &HashSet<&str>,
        listed: &HashSet<&str>,
        apps: &[App],
        now: DateTime<Utc>,
    ) -> Observed {
        let mut state = self.0.state.lock().unwrap_or_else(PoisonError::into_inner);
        let stops = match &self.0.journal {
            Some(path) => journal_stops(path, now),
            None => Vec::new(),
        };
        let file = self.0.file.as_deref().filter(|_| state.problem.is_none());
        let mut problem = state.problem.clone();
        let book = match file {
            // Read again on every load, under a lock, so that a TUI left open
            // and a `dsadmin costs` from cron add to one record instead of
            // overwriting each other's.
            Some(path) => match locked(path).and_then(|lock| {
                let book = read_book(path)?.unwrap_or_default();
                Ok((lock, book))
            }) {
                Ok((lock, mut book)) => {
                    update(&mut book, listed, apps, &stops, now);
                    if let Err(why) = write_book(path, &book) {
                        problem = Some(why);
                    }
                    drop(lock);
                    book
                }
                Err(why) => {
                    state.problem = Some(why.clone());
                    problem = Some(why);
                    let mut book = state.book.take().unwrap_or_default();
                    update(&mut book, listed, apps, &stops, now);
                    book
                }
            },
            None => {
                let mut book = state.book.take().unwrap_or_default();
                update(&mut book, listed, apps, &stops, now);
                book
            }
        };
        let ours: Vec<&SeenApp> = book
            .apps
            .iter()
            .filter(|s| domains.contains(s.app.domain_id.as_str()))
            .collect();
        let mut stopped: Vec<SeenApp> = ours
            .iter()
            .filter(|s| s.stopped.is_some())
            .map(|s| (*s).clone())
            .collect();
        // An app seen running in a domain whose apps could not be listed
        // now: not known to have stopped, but its spend until last seen is
        // still this month's (the list's gap says the rest is unknown).
        stopped.extend(
            ours.iter()
                .filter(|s| s.stopped.is_none() && !listed.contains(s.app.domain_id.as_str()))
                .map(|s| SeenApp {
                    stopped: Some(Stopped {
                        at: s.last_seen,
                        source: StopSource::NotListed,
                    }),
                    ..(*s).clone()
                }),
        );
        let basis = SpendBasis {
            stopped_apps: stopped.len(),
            watching_since: ours.iter().map(|s| s.first_seen).min(),
            kept_in: file
                .filter(|_| state.problem.is_none())
                .map(Path::to_path_buf),
            problem,
        };
        state.book = Some(book);
        Observed { stopped, basis }
    }
}

/// An exclusive lock on `path`'s sidecar `.lock` file, held while the
/// record is read, updated and written; released when dropped.
fn locked(path: &Path) -> Result<std::fs::File, String> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let file = crate::private_file::open_append(&lock_path)
        .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor this function owns; it blocks until
        // the other dsadmin's short read-update-write is done.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(format!(
                "{}: {}",
                lock_path.display(),
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(file)
}

/// The pure step: running apps refreshed, vanished ones stopped, last
/// month's forgotten.
fn update(
    book: &mut Book,
    listed: &HashSet<&str>,
    apps: &[App],
    stops: &[(AppRef, DateTime<Utc>)],
    now: DateTime<Utc>,
) {
    let month = month_start(now);
    // A new month starts a new record: what ended before it is not this
    // month's spend, and an app still running is found again below.
    book.apps.retain(|s| match &s.stopped {
        Some(stop) => stop.at >= month,
        None => s.last_seen >= month,
    });
    // An app is one instance by where it runs, its name and its creation
    // time (not by ARN: without DescribeDomain the account is missing from
    // the ARNs dsadmin builds): the same name started again is a new app.
    let running: HashMap<AppKey, &App> = apps
        .iter()
        .filter(|a| a.status == "InService")
        .map(|a| (AppKey::of(a), a))
        .collect();
    // When each app name was (re)started, to tell which instance a
    // journaled DeleteApp stopped.
    let starts: Vec<(AppRef, Option<DateTime<Utc>>)> = book
        .apps
        .iter()
        .map(|s| &s.app)
        .chain(running.values().copied())
        .filter_map(|a| Some((AppRef::of(a)?, a.created)))
        .collect();
    let mut known = HashSet::new();
    for seen in &mut book.apps {
        let key = AppKey::of(&seen.app);
        if let Some(app) = running.get(&key) {
            // Running again after it was thought stopped (a list that
            // answered in part): it never stopped.
            seen.app = (*app).clone();
            seen.last_seen = now;
            seen.stopped = None;
            known.insert(key);
        } else if seen.stopped.is_none() && listed.contains(seen.app.domain_id.as_str()) {
            let created = seen.app.created;
            let own = AppRef::of(&seen.app).and_then(|r| {
                // A stop after a newer instance of the same name started
                // was that one's.
                let restarted = |at: DateTime<Utc>| {
                    starts
                        .iter()
                        .any(|(s, c)| *s == r && *c > created && c.is_some_and(|c| c <= at))
                };
                stops
                    .iter()
                    .filter(|(s, at)| *s == r && *at >= seen.last_seen && !restarted(*at))
                    .map(|(_, at)| (*at).min(now))
                    .min()
            });
            seen.stopped = Some(match own {
                Some(at) => Stopped {
                    at,
                    source: StopSource::Journal,
                },
                None => Stopped {
                    at: seen.last_seen,
                    source: StopSource::LastSeen,
                },
            });
        }
    }
    for (key, app) in running {
        if !known.contains(&key) {
            book.apps.push(SeenApp {
                app: app.clone(),
                first_seen: now,
                last_seen: now,
                stopped: None,
            });
        }
    }
}

/// The apps dsadmin itself deleted this month, with the journal's time of
/// each success. A journal that cannot be read gives none: the stops are
/// then counted until last seen, which is less, never more.
fn journal_stops(path: &Path, now: DateTime<Utc>) -> Vec<(AppRef, DateTime<Utc>)> {
    // Both records of an attempt name its action; nothing else is decoded.
    let Ok(records) = Journal::read_lines_with(path, DELETE_APP) else {
        return Vec::new();
    };
    let month = month_start(now);
    let mut asked: HashMap<&str, AppRef> = HashMap::new();
    let mut stops = Vec::new();
    for r in &records {
        if r.action != DELETE_APP {
            continue;
        }
        match r.phase {
            Phase::Started => {
                if let Some(app) = deleted_app(r) {
                    asked.insert(r.attempt.as_str(), app);
                }
            }
            Phase::Finished => {
                let done = matches!(
                    r.outcome,
                    Some(Outcome::Succeeded { .. } | Outcome::Confirmed { .. })
                );
                let at = DateTime::parse_from_rfc3339(&r.time).map(|t| t.with_timezone(&Utc));
                if let (true, Some(app), Ok(at)) = (done, asked.get(r.attempt.as_str()), at) {
                    if at >= month {
                        stops.push((app.clone(), at));
                    }
                }
            }
        }
    }
    stops
}

/// The app a DeleteApp "started" record names.
fn deleted_app(r: &AuditRecord) -> Option<AppRef> {
    let p = &r.parameters;
    let text = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let owner = match (text("space"), text("user")) {
        (Some(space), _) => AppOwner::Space(space),
        (None, Some(user)) => AppOwner::User(user),
        (None, None) => return None,
    };
    Some(AppRef {
        domain_id: text("domain_id")?,
        owner,
        app_type: text("app_type")?,
        app_name: text("app_name")?,
    })
}

fn read_book(path: &Path) -> Result<Option<Book>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        format!(
            "{} is not a record dsadmin can read ({e}): left as it is, apps stopped earlier are not counted",
            path.display()
        )
    })
}

fn write_book(path: &Path, book: &Book) -> Result<(), String> {
    let bytes = serde_json::to_vec_pretty(book).map_err(|e| e.to_string())?;
    crate::private_file::replace(path, &bytes).map_err(|e| {
        format!(
            "could not keep the apps seen running in {}: {e}",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
    }

    fn app(name: &str, status: &str) -> App {
        App {
            domain_id: "d-1".into(),
            user_profile: Some("alice".into()),
            space_name: None,
            app_type: "JupyterLab".into(),
            name: name.into(),
            arn: format!(
                "arn:aws:sagemaker:eu-west-2:111122223333:app/d-1/alice/jupyterlab/{name}"
            ),
            status: status.into(),
            instance_type: Some("ml.t3.medium".into()),
            image_arn: None,
            lifecycle_config: None,
            created: Some(at(1, 8)),
            last_user_activity: None,
        }
    }

    fn domains() -> HashSet<&'static str> {
        HashSet::from(["d-1"])
    }

    /// One load of d-1 that lists `apps`, with nothing in the journal.
    fn look(book: &mut Book, apps: &[App], now: DateTime<Utc>) {
        update(book, &domains(), apps, &[], now);
    }

    #[test]
    fn an_app_gone_from_the_list_is_stopped_when_last_seen() {
        let mut book = Book::default();
        look(&mut book, &[app("a", "InService")], at(2, 9));
        look(&mut book, &[app("a", "InService")], at(2, 10));
        look(&mut book, &[], at(2, 11));
        let stop = book.apps[0].stopped.clone().unwrap();
        assert_eq!((stop.at, stop.source), (at(2, 10), StopSource::LastSeen));
        // A Deleting app is not running either; and a later load keeps the stop.
        look(&mut book, &[app("a", "Deleted")], at(2, 12));
        assert_eq!(book.apps[0].stopped.as_ref().unwrap().at, at(2, 10));
    }

    #[test]
    fn dsadmins_own_stop_is_dated_by_the_journal() {
        let mut book = Book::default();
        look(&mut book, &[app("a", "InService")], at(2, 9));
        let r = AppRef::of(&app("a", "InService")).unwrap();
        let stops = [
            (r.clone(), at(2, 7)),
            (r, Utc.with_ymd_and_hms(2026, 12, 2, 9, 40, 0).unwrap()),
        ];
        update(&mut book, &domains(), &[], &stops, at(2, 11));
        let stop = book.apps[0].stopped.clone().unwrap();
        // The stop before it was last seen running is another instance's.
        assert_eq!(stop.source, StopSource::Journal);
        assert_eq!(
            stop.at,
            Utc.with_ymd_and_hms(2026, 12, 2, 9, 40, 0).unwrap()
        );
    }

    #[test]
    fn a_domain_not_listed_stops_nothing_and_a_new_month_forgets() {
        let mut book = Book::default();
        look(&mut book, &[app("a", "InService")], at(2, 9));
        update(&mut book, &HashSet::new(), &[], &[], at(2, 10));
        assert!(book.apps[0].stopped.is_none());
        // Listed in part, then found again: it never stopped.
        look(&mut book, &[], at(2, 11));
        look(&mut book, &[app("a", "InService")], at(2, 12));
        assert!(book.apps[0].stopped.is_none());
        look(&mut book, &[], at(2, 13));
        let january = Utc.with_ymd_and_hms(2027, 1, 1, 1, 0, 0).unwrap();
        look(&mut book, &[], january);
        assert!(book.apps.is_empty());
    }

    #[test]
    fn a_stop_after_the_same_name_restarted_is_the_newer_instances() {
        let mut book = Book::default();
        look(&mut book, &[app("a", "InService")], at(2, 9));
        // Stopped elsewhere, started again (a new instance), then dsadmin
        // deletes the new one before the next load.
        let mut again = app("a", "InService");
        again.created = Some(at(2, 9) + chrono::Duration::minutes(20));
        let r = AppRef::of(&again).unwrap();
        let late = at(2, 9) + chrono::Duration::minutes(50);
        look(
            &mut book,
            &[again.clone()],
            at(2, 9) + chrono::Duration::minutes(30),
        );
        update(&mut book, &domains(), &[], &[(r, late)], at(2, 11));
        let first = book
            .apps
            .iter()
            .find(|s| s.app.created == Some(at(1, 8)))
            .unwrap();
        assert_eq!(first.stopped.as_ref().unwrap().source, StopSource::LastSeen);
        let second = book
            .apps
            .iter()
            .find(|s| s.app.created == again.created)
            .unwrap();
        let stop = second.stopped.clone().unwrap();
        assert_eq!((stop.at, stop.source), (late, StopSource::Journal));
    }

    #[test]
    fn only_this_estates_apps_count_and_an_unlisted_domain_keeps_its_spend() {
        let seen = SeenApps::in_memory();
        let mut other = app("b", "InService");
        other.domain_id = "d-other".into();
        let both = HashSet::from(["d-1", "d-other"]);
        seen.observe(&both, &both, &[app("a", "InService"), other], at(2, 9));
        // Another region or account: it knows only d-other, which lists nothing.
        let elsewhere = HashSet::from(["d-other"]);
        let there = seen.observe(&elsewhere, &elsewhere, &[], at(2, 10));
        assert_eq!(there.stopped.len(), 1);
        assert_eq!(there.stopped[0].app.domain_id, "d-other");
        // d-1's ListApps failed: a is not stopped, but counted until last seen.
        let here = seen.observe(&domains(), &HashSet::new(), &[], at(2, 11));
        assert_eq!(here.stopped.len(), 1);
        let stop = here.stopped[0].stopped.clone().unwrap();
        assert_eq!((stop.at, stop.source), (at(2, 9), StopSource::NotListed));
        // Listed again and running: one line, running.
        let back = seen.observe(&domains(), &domains(), &[app("a", "InService")], at(2, 12));
        assert!(back.stopped.is_empty());
    }

    #[test]
    fn two_handles_on_one_file_add_to_one_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seen-apps.json");
        let tui = SeenApps::new(Some(path.clone()), None);
        let cron = SeenApps::new(Some(path.clone()), None);
        tui.observe(&domains(), &domains(), &[app("a", "InService")], at(2, 9));
        cron.observe(
            &domains(),
            &domains(),
            &[app("a", "InService"), app("b", "InService")],
            at(2, 10),
        );
        // The TUI's next load sees what cron recorded: b stopped since.
        let seen = tui.observe(&domains(), &domains(), &[app("a", "InService")], at(2, 11));
        assert_eq!(seen.stopped.len(), 1);
        assert_eq!(seen.stopped[0].app.name, "b");
    }

    #[test]
    fn kept_in_a_private_file_across_handles_and_an_unreadable_one_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/seen-apps.json");
        let first = SeenApps::new(Some(path.clone()), None);
        first.observe(&domains(), &domains(), &[app("a", "InService")], at(2, 9));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let second = SeenApps::new(Some(path.clone()), None);
        let seen = second.observe(&domains(), &domains(), &[], at(2, 10));
        assert_eq!(seen.basis.stopped_apps, 1);
        assert_eq!(seen.basis.kept_in.as_deref(), Some(path.as_path()));
        assert!(seen.basis.problem.is_none());

        std::fs::write(&path, "not json").unwrap();
        let third = SeenApps::new(Some(path.clone()), None);
        let seen = third.observe(&domains(), &domains(), &[app("b", "InService")], at(2, 11));
        assert!(seen.basis.problem.unwrap().contains("left as it is"));
        assert_eq!(seen.basis.kept_in, None);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
    }

    #[test]
    fn the_journal_names_the_apps_dsadmin_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let journal = Journal::open(&path).unwrap();
        let target = AppRef::of(&app("a", "InService")).unwrap();
        let effect = crate::ops::apps::delete_effect(&target);
        let ctx = crate::audit::AuditContext::default();
        let id = journal.started(&ctx, &effect).unwrap();
        journal
            .finished(&id, Outcome::Succeeded { request_id: None })
            .unwrap();
        let now = Utc::now();
        let stops = journal_stops(&path, now);
        assert_eq!(stops.len(), 1);
        assert_eq!(stops[0].0, target);
        assert!(stops[0].1 <= now);
    }
}
