//! Glue crawlers.
//!
//! The TUI side of these rows: drill-downs, actions and payloads; their
//! columns and cells are in `rows`, shared with `dsadmin get`.

use crate::command::Command;
use crate::model::Crawler;
use crate::ops::op::Op;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for Crawler {
    fn kept(rows: &[Self]) -> Option<serde_json::Value> {
        serde_json::to_value(rows).ok()
    }

    /// Start a READY crawler, stop a RUNNING one: Glue refuses the rest
    /// (CrawlerRunningException, CrawlerNotRunningException).
    fn action(&self, cmd: Command) -> Option<Op> {
        let name = self.name.clone();
        match (cmd, self.state.as_str()) {
            (Command::Start, "READY") => Some(Op::StartCrawler { name }),
            (Command::Stop, "RUNNING") => Some(Op::StopCrawler { name }),
            _ => None,
        }
    }

    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Crawlers(v) => Some(v),
            _ => None,
        }
    }
}
