//! The demo estate's Cost Explorer: month-to-date SageMaker and Glue spend
//! per team (and per Studio user profile), at a steady daily rate per team
//! drawn once from the team's name, over the days asked for.

use chrono::NaiveDate;

use super::estate::Estate;
use super::rng::Rng;
use crate::model::spend::{SpendGroup, GLUE_SERVICE, SAGEMAKER_SERVICE, USER_PROFILE_TAG};
use crate::model::{tag_value, TEAM_TAG};

impl Estate {
    /// GetCostAndUsage over the demo, grouped by service and `tag_key`.
    pub fn cost_by_tag(&self, from: NaiveDate, to: NaiveDate, tag_key: &str) -> Vec<SpendGroup> {
        let days = (to - from).num_days().max(0) as f64;
        let group = |service: &str, tag: &str, daily: f64| SpendGroup {
            service: service.to_owned(),
            tag_value: tag.to_owned(),
            amount: (daily * days * 100.0).round() / 100.0,
            unit: "USD".to_owned(),
        };
        let mut out = Vec::new();
        if tag_key == TEAM_TAG {
            let mut teams: Vec<&str> = self
                .user_profiles
                .iter()
                .filter_map(|u| tag_value(u.tags.known_or_empty(), TEAM_TAG))
                .collect();
            teams.sort_unstable();
            teams.dedup();
            for team in teams {
                let mut rng = Rng::for_key(&format!("billed:{team}"));
                out.push(group(SAGEMAKER_SERVICE, team, rng.float(15.0, 120.0)));
                out.push(group(GLUE_SERVICE, team, rng.float(3.0, 18.0)));
            }
            // What nobody tagged: the shared endpoints' platform spend.
            out.push(group(SAGEMAKER_SERVICE, "", 12.0));
        } else if tag_key == USER_PROFILE_TAG {
            for u in self.user_profiles.iter().take(40) {
                let mut rng = Rng::for_key(&format!("billed:{}", u.arn));
                out.push(group(SAGEMAKER_SERVICE, &u.arn, rng.float(0.5, 30.0)));
            }
            out.push(group(GLUE_SERVICE, "", 120.0));
        }
        out.retain(|g| g.amount > 0.0);
        out
    }
}
