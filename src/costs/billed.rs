//! What Cost Explorer billed this month, beside the estimate: SageMaker and
//! Glue of the estimate's account and region, by the `TeamName` tag, and by the `sagemaker:user-profile-arn` tag
//! SageMaker sets itself. Without ce:GetCostAndUsage (or Cost Explorer) the
//! estimate stands alone and the report says why.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cloud::Cloud;
use crate::costs::month::month_start;
use crate::model::spend::{SpendGroup, GLUE_SERVICE, SAGEMAKER_SERVICE, USER_PROFILE_TAG};
use crate::model::{NO_TEAM, TEAM_TAG};

/// Billed spend, or why there is none to show.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Billed {
    Known(BilledSpend),
    /// Cost Explorer refused or failed: why (the estimate stands).
    Unknown {
        reason: String,
    },
    /// Not asked: no Cost Explorer here, or the month began today.
    #[default]
    NotAsked,
}

/// Month to date as Cost Explorer has it (up to the end of yesterday, UTC:
/// its data lags by up to a day).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BilledSpend {
    /// First day counted and the day after the last (Cost Explorer's dates).
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub currency: String,
    pub sagemaker: f64,
    pub glue: f64,
    pub total: f64,
    /// By `TeamName` (spend without the tag under "(no team)"), highest first.
    pub by_team: Vec<TeamBilled>,
    /// By `sagemaker:user-profile-arn`, highest first: empty when that
    /// cost-allocation tag is not activated; `None` when it could not be read.
    pub by_user_profile: Option<Vec<ProfileBilled>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamBilled {
    pub team: String,
    pub sagemaker: f64,
    pub glue: f64,
    pub total: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileBilled {
    pub user_profile_arn: String,
    pub amount: f64,
}

impl BilledSpend {
    /// The billed total of `team` (the estimate's team label).
    pub fn team(&self, team: &str) -> Option<f64> {
        self.by_team
            .iter()
            .find(|t| t.team == team)
            .map(|t| t.total)
    }
}

/// Asks Cost Explorer for this month up to `now`'s day.
pub async fn billed(cloud: &Cloud, now: DateTime<Utc>) -> Billed {
    let Some(billing) = &cloud.billing else {
        return Billed::NotAsked;
    };
    let from = month_start(now).date_naive();
    let to = now.date_naive();
    if to <= from {
        // Cost Explorer's window cannot be empty; nothing is billed yet.
        return Billed::NotAsked;
    }
    // The account the estimate is of (its identity is asked once per
    // session and cached); unknown, Cost Explorer's own account view.
    let account = cloud
        .identity
        .caller_identity()
        .await
        .ok()
        .map(|i| i.account);
    let account = account.as_deref();
    let (teams, profiles) = futures::join!(
        billing.cost_by_tag(from, to, TEAM_TAG, account),
        billing.cost_by_tag(from, to, USER_PROFILE_TAG, account),
    );
    let teams = match teams {
        Ok(groups) => groups,
        Err(e) => {
            return Billed::Unknown {
                reason: e.to_string(),
            }
        }
    };
    Billed::Known(shape(from, to, &teams, profiles.ok().as_deref()))
}

/// Rounded to the cent: sums of Cost Explorer's decimal strings as floats
/// would print 452.33000000000004.
fn cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn shape(
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    teams: &[SpendGroup],
    profiles: Option<&[SpendGroup]>,
) -> BilledSpend {
    let mut by_team: Vec<TeamBilled> = Vec::new();
    for g in teams {
        let name = if g.tag_value.is_empty() {
            NO_TEAM
        } else {
            g.tag_value.as_str()
        };
        let i = by_team
            .iter()
            .position(|t| t.team == name)
            .unwrap_or_else(|| {
                by_team.push(TeamBilled {
                    team: name.to_owned(),
                    sagemaker: 0.0,
                    glue: 0.0,
                    total: 0.0,
                });
                by_team.len() - 1
            });
        let t = &mut by_team[i];
        match g.service.as_str() {
            SAGEMAKER_SERVICE => t.sagemaker += g.amount,
            GLUE_SERVICE => t.glue += g.amount,
            _ => {}
        }
        t.total += g.amount;
    }
    by_team.sort_by(|a, b| {
        b.total
            .total_cmp(&a.total)
            .then_with(|| a.team.cmp(&b.team))
    });
    let by_user_profile = profiles.map(|groups| {
        let mut out: Vec<ProfileBilled> = Vec::new();
        for g in groups.iter().filter(|g| !g.tag_value.is_empty()) {
            match out.iter_mut().find(|p| p.user_profile_arn == g.tag_value) {
                Some(p) => p.amount += g.amount,
                None => out.push(ProfileBilled {
                    user_profile_arn: g.tag_value.clone(),
                    amount: g.amount,
                }),
            }
        }
        out.sort_by(|a, b| b.amount.total_cmp(&a.amount));
        out
    });
    let sum = |service: &str| {
        teams
            .iter()
            .filter(|g| g.service == service)
            .map(|g| g.amount)
            .sum::<f64>()
    };
    let (sagemaker, glue) = (cents(sum(SAGEMAKER_SERVICE)), cents(sum(GLUE_SERVICE)));
    for t in &mut by_team {
        (t.sagemaker, t.glue, t.total) = (cents(t.sagemaker), cents(t.glue), cents(t.total));
    }
    BilledSpend {
        from,
        to,
        currency: teams
            .first()
            .map_or_else(|| "USD".to_owned(), |g| g.unit.clone()),
        sagemaker,
        glue,
        total: cents(sagemaker + glue),
        by_team,
        by_user_profile,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(service: &str, tag: &str, amount: f64) -> SpendGroup {
        SpendGroup {
            service: service.into(),
            tag_value: tag.into(),
            amount,
            unit: "USD".into(),
        }
    }

    #[test]
    fn teams_sum_their_services_and_untagged_spend_is_no_team() {
        let from = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let to = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap_or_default();
        let b = shape(
            from,
            to,
            &[
                g(SAGEMAKER_SERVICE, "fraud", 100.0),
                g(GLUE_SERVICE, "fraud", 20.0),
                g(SAGEMAKER_SERVICE, "", 7.5),
                g(GLUE_SERVICE, "pricing", 200.0),
            ],
            Some(&[
                g(SAGEMAKER_SERVICE, "arn:u1", 3.0),
                g(SAGEMAKER_SERVICE, "", 9.0),
            ]),
        );
        assert_eq!(b.total, 327.5);
        assert_eq!((b.sagemaker, b.glue), (107.5, 220.0));
        let teams: Vec<(&str, f64)> = b
            .by_team
            .iter()
            .map(|t| (t.team.as_str(), t.total))
            .collect();
        assert_eq!(
            teams,
            [("pricing", 200.0), ("fraud", 120.0), (NO_TEAM, 7.5)]
        );
        assert_eq!(b.team("fraud"), Some(120.0));
        let profiles = b.by_user_profile.unwrap_or_default();
        assert_eq!(profiles.len(), 1, "untagged spend is no profile's");
    }
}
