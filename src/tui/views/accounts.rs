//! The accounts dsadmin knows (`:accounts`): Enter on one that answers
//! moves the session there, with that account's own credentials; its
//! environment cue and read-only follow its identity.

use crate::rows::account::AccountRow;
use crate::tui::load::Payload;
use crate::tui::widgets::table::TableRow;

impl TableRow for AccountRow {
    fn take(payload: Payload) -> Option<Vec<Self>> {
        match payload {
            Payload::Accounts(v) => Some(v),
            _ => None,
        }
    }

    fn switch_to(&self) -> Option<Result<crate::model::account::Account, String>> {
        Some(match (&self.error, &self.account.id) {
            (Some(e), _) => Err(format!("{} cannot be reached: {e}", self.account.name)),
            (None, None) => Err(format!("{}: its account id is unknown", self.account.name)),
            (None, Some(_)) => Ok(self.account.clone()),
        })
    }
}
