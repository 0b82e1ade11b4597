//! One module per resource: how it shows up as a table row and in the detail
//! view. Each type describes its columns once; `widgets::table` does the rest.

pub mod artifacts;
pub mod audit;
pub mod costs;
pub mod costs_pane;
pub mod crawlers;
pub mod domains;
pub mod endpoints;
pub mod errors;
pub mod findings;
pub mod images;
pub mod jobs;
pub mod users;

use crate::widgets::table::Tone;

/// Colours a state by what it means, across services' vocabularies.
pub fn state_tone(state: &str) -> Tone {
    match state.to_ascii_lowercase().as_str() {
        "inservice" | "succeeded" | "published" | "complete" | "ready" | "active" => Tone::Ok,
        "pending" | "creating" | "updating" | "systemupdating" | "rollingback" | "running"
        | "starting" | "stopping" | "waiting" | "in_progress" | "unfinished" | "unlisted"
        | "deleting" => Tone::Warn,
        "failed"
        | "error"
        | "timeout"
        | "update_failed"
        | "delete_failed"
        | "updaterollbackfailed"
        | "expired" => Tone::Bad,
        "deleted" | "stopped" | "cancelled" | "archived" | "disposed" | "outofservice" => {
            Tone::Muted
        }
        _ => Tone::Plain,
    }
}

/// "-" for a missing value.
pub(crate) fn or_dash(s: Option<&str>) -> std::borrow::Cow<'_, str> {
    std::borrow::Cow::Borrowed(s.filter(|s| !s.is_empty()).unwrap_or("-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_coloured_by_meaning_across_services() {
        for ok in ["InService", "SUCCEEDED", "Published", "COMPLETE", "READY"] {
            assert_eq!(state_tone(ok), Tone::Ok, "{ok}");
        }
        for warn in ["Pending", "RUNNING", "Updating", "IN_PROGRESS", "Unlisted"] {
            assert_eq!(state_tone(warn), Tone::Warn, "{warn}");
        }
        for bad in [
            "Failed",
            "ERROR",
            "TIMEOUT",
            "Delete_Failed",
            "Update_Failed",
        ] {
            assert_eq!(state_tone(bad), Tone::Bad, "{bad}");
        }
        for muted in ["Deleted", "STOPPED", "CANCELLED", "Archived"] {
            assert_eq!(state_tone(muted), Tone::Muted, "{muted}");
        }
        assert_eq!(state_tone("whatever"), Tone::Plain);
    }
}
