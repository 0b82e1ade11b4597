//! Endpoint traffic shift in the TUI (`w` on an endpoint row): an editor
//! of the variants' weights with the resulting percentages recomputed live
//! by `ops::traffic::plan_shift`, a confirmation showing the exact
//! request, then the update and a watch until InService, each status
//! streamed to the modal.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent};

use crate::command::Command;
use crate::model::{Endpoint, VariantWeight};
use crate::ops::traffic::{self, ShiftPlan, WatchOptions};
use crate::policy::Effect;
use crate::tui::app_ops::RunError;
use crate::tui::flows::events::WeightsEvent;
use crate::tui::flows::{error_line, FlowEvent, FlowId};
use crate::tui::layers::{Ask, FlowJob, Handles, Layer, LayerDraw, Reply};
use crate::tui::load::LoadRequest;
use crate::tui::pane::Subject;
use crate::tui::widgets::weights::{self as weights_widget, VariantLine, WeightsView};
use crate::tui::App;
use crate::tui::Notice;
use ratatui::layout::Rect;
use ratatui::Frame;

/// Longest weight text: enough for any sensible number.
const MAX_INPUT: usize = 12;

pub enum WeightsState {
    Editing,
    Confirm(Box<ShiftPlan>),
    Running,
    Finished(Option<String>),
}

/// The weights editor.
pub struct WeightsModal {
    pub flow: FlowId,
    pub endpoint: Endpoint,
    /// The new weight of each variant as typed, in the endpoint's order.
    pub inputs: Vec<String>,
    pub selected: usize,
    /// The next digit replaces the selected weight instead of extending it,
    /// as in a spreadsheet cell: true on opening and on moving to a row,
    /// false once the row is edited (a digit, or Backspace to change it).
    pub replace_next: bool,
    pub state: WeightsState,
    /// Progress lines, oldest first.
    pub log: Vec<String>,
}

impl WeightsModal {
    pub fn new(flow: FlowId, endpoint: Endpoint) -> Self {
        let inputs = endpoint
            .variants()
            .iter()
            .map(|v| format_weight(v.current_weight))
            .collect();
        Self {
            flow,
            endpoint,
            inputs,
            selected: 0,
            replace_next: true,
            state: WeightsState::Editing,
            log: Vec::new(),
        }
    }

    /// The plan for the weights typed so far, or what is wrong with them.
    pub fn plan(&self) -> Result<ShiftPlan, String> {
        let mut requested = Vec::new();
        for (v, text) in self.endpoint.variants().iter().zip(&self.inputs) {
            let weight: f32 = text.parse().map_err(|_| {
                format!(
                    "weight of {} must be a number, e.g. 0.5 (got {text:?})",
                    v.name
                )
            })?;
            requested.push(VariantWeight::new(v.name.clone(), weight));
        }
        traffic::plan_shift(&self.endpoint, &requested).map_err(|e| e.to_string())
    }

    /// A key, by the editor's step.
    fn take_key(&mut self, key: KeyEvent) -> Reply {
        match &self.state {
            WeightsState::Editing => self.edit_key(key),
            WeightsState::Confirm(plan) => match key.code {
                KeyCode::Char('y') | KeyCode::Enter => {
                    let plan = plan.clone();
                    self.start(plan)
                }
                KeyCode::Char('n') | KeyCode::Esc => {
                    self.state = WeightsState::Editing;
                    Reply::Keep
                }
                _ => Reply::Keep,
            },
            // The update is sent: the watch reports how it ends.
            WeightsState::Running => Reply::Keep,
            WeightsState::Finished(_) => match key.code {
                KeyCode::Esc | KeyCode::Enter => Reply::Close,
                _ => Reply::Keep,
            },
        }
    }

    fn edit_key(&mut self, key: KeyEvent) -> Reply {
        let count = self.inputs.len();
        match key.code {
            KeyCode::Esc => return Reply::Close,
            KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                self.replace_next = true;
            }
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
                self.replace_next = true;
            }
            KeyCode::Backspace => {
                self.replace_next = false;
                if let Some(input) = self.inputs.get_mut(self.selected) {
                    input.pop();
                }
            }
            KeyCode::Char(c) if c.is_ascii_digit() || c == '.' => {
                if let Some(input) = self.inputs.get_mut(self.selected) {
                    if std::mem::take(&mut self.replace_next) {
                        input.clear();
                    }
                    if input.len() < MAX_INPUT {
                        input.push(c);
                    }
                }
            }
            KeyCode::Enter => {
                // An invalid split stays in the editor with its message shown.
                if let Ok(plan) = self.plan() {
                    self.state = WeightsState::Confirm(Box::new(plan));
                }
            }
            _ => {}
        }
        Reply::Keep
    }
}

/// A weight as the editor starts it: no trailing zeros.
fn format_weight(w: f64) -> String {
    format!("{w}")
}

/// The request fields exactly as UpdateEndpointWeightsAndCapacities gets them.
pub fn request_lines(plan: &ShiftPlan) -> Vec<String> {
    let mut lines = vec![
        "sagemaker:UpdateEndpointWeightsAndCapacities".to_owned(),
        format!("  EndpointName={}", plan.endpoint),
    ];
    for w in &plan.weights {
        lines.push(format!(
            "  DesiredWeightsAndCapacities: VariantName={} DesiredWeight={}",
            w.variant, w.weight
        ));
    }
    lines
}

impl Layer for WeightsModal {
    fn flow(&self) -> Option<FlowId> {
        Some(self.flow)
    }

    fn key(&mut self, key: KeyEvent, _cmd: Option<Command>) -> Reply {
        self.take_key(key)
    }

    fn on_event(&mut self, event: FlowEvent, _now: DateTime<Utc>) -> Reply {
        let FlowEvent::Weights(event) = event else {
            return Reply::Keep;
        };
        match event {
            WeightsEvent::Sent(id) => self.log.push(format!(
                "update sent{}",
                id.map(|i| format!(" (request id {i})")).unwrap_or_default()
            )),
            WeightsEvent::Status(s) => self
                .log
                .push(format!("endpoint {}: {s}", self.endpoint.name)),
            WeightsEvent::Finished(end) => {
                let line = match &end {
                    None => format!(
                        "endpoint {} is InService with the new weights",
                        self.endpoint.name
                    ),
                    Some(e) => format!("traffic shift of {} failed: {e}", self.endpoint.name),
                };
                let notice = Notice::new(line, end.is_some());
                self.state = WeightsState::Finished(end);
                return Reply::Asks(vec![
                    Ask::Notice(notice),
                    Ask::Reload(|r| {
                        matches!(
                            r,
                            LoadRequest::Endpoints
                                | LoadRequest::Variants { .. }
                                | LoadRequest::Audit { .. }
                        )
                    }),
                ]);
            }
        }
        Reply::Keep
    }

    /// Draws this flow's window over the tabs.
    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &LayerDraw) {
        let theme = ctx.theme;
        let view = match &self.state {
            WeightsState::Editing => {
                let plan = self.plan();
                let before = crate::ops::traffic::percentages(
                    &self
                        .endpoint
                        .variants()
                        .iter()
                        .map(|v| v.current_weight)
                        .collect::<Vec<_>>(),
                );
                let variants = self
                    .endpoint
                    .variants()
                    .iter()
                    .enumerate()
                    .map(|(i, v)| VariantLine {
                        name: &v.name,
                        current_weight: v.current_weight,
                        current_percent: before.get(i).copied().unwrap_or(0.0),
                        typed: self.inputs.get(i).map_or("", String::as_str),
                        new_percent: plan
                            .as_ref()
                            .ok()
                            .and_then(|p| p.after.get(i))
                            .map(|s| s.percent),
                    })
                    .collect();
                WeightsView::Editing {
                    variants,
                    selected: self.selected,
                    problem: plan.err(),
                }
            }
            WeightsState::Confirm(plan) => WeightsView::Confirm(request_lines(plan)),
            WeightsState::Running => WeightsView::Progress {
                log: &self.log,
                end: None,
            },
            WeightsState::Finished(end) => WeightsView::Progress {
                log: &self.log,
                end: Some(end.as_deref()),
            },
        };
        weights_widget::draw(frame, area, &self.endpoint.name, view, theme);
    }

    fn hint(&self) -> &'static str {
        match self.state {
            WeightsState::Editing => {
                "↑/↓ variant · type the weight (digits, .) · Backspace · Enter reviews · Esc cancels"
            }
            WeightsState::Confirm(_) => "y or Enter sends the update · n or Esc goes back to editing",
            WeightsState::Running => "watching the endpoint until InService",
            WeightsState::Finished(_) => "Esc closes",
        }
    }

    fn closes_on(&self, cmd: Command) -> bool {
        cmd == Command::Back && !matches!(self.state, WeightsState::Running)
    }
}

impl WeightsModal {
    /// Confirmed: send the update in a job, then watch until InService.
    fn start(&mut self, plan: Box<ShiftPlan>) -> Reply {
        self.state = WeightsState::Running;
        let notice = Notice::info(format!("shifting traffic of {} …", plan.endpoint));
        let job = FlowJob::new(move |Handles { ops, cloud }, tx| async move {
            // The demo estate advances per read, not with time.
            let watch = if cloud.context.demo {
                WatchOptions {
                    interval: std::time::Duration::ZERO,
                    ..WatchOptions::default()
                }
            } else {
                WatchOptions::default()
            };
            let send = |e: WeightsEvent| tx.send(FlowEvent::Weights(e));
            let ctx = match ops.context(cloud) {
                Ok(ctx) => ctx,
                Err(e) => return send(WeightsEvent::Finished(Some(error_line(&e)))),
            };
            match traffic::apply_shift(&ctx, &plan).await {
                Ok(done) => send(WeightsEvent::Sent(done.request_id)),
                Err(e) => return send(WeightsEvent::Finished(Some(error_line(&RunError::Op(e))))),
            }
            let mut progress = |e: &Endpoint| send(WeightsEvent::Status(e.status.clone()));
            let end = traffic::watch_until_in_service(&ctx, &plan.endpoint, watch, &mut progress)
                .await
                .err()
                .map(|e| error_line(&RunError::Op(e)));
            send(WeightsEvent::Finished(end));
        });
        Reply::Asks(vec![Ask::Notice(notice), Ask::Spawn(job)])
    }
}

impl App {
    /// `w` on an endpoint row.
    pub(in crate::tui) fn weights_selected(&mut self) {
        let Some(Subject::Endpoint(endpoint)) = self.subject() else {
            self.screen.notice = Some(Notice::error(
                "w shifts an endpoint's traffic: select an endpoint on the Endpoints tab"
                    .to_owned(),
            ));
            return;
        };
        // The editor needs the variants: a row still being described, or
        // whose DescribeEndpoint failed, says so instead of an empty editor.
        if let Err(e) = traffic::variants_known(&endpoint) {
            self.screen.notice = Some(Notice::error(e.to_string()));
            return;
        }
        let effect = Effect::UpdateEndpointWeights {
            endpoint: endpoint.name.clone(),
            weights: Vec::new(),
        };
        if self.session.ops.policy.check(&effect).is_err() {
            self.refuse_in_job(effect);
            return;
        }
        let flow = self.new_flow();
        self.push_layer(Box::new(WeightsModal::new(flow, *endpoint)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Variant;

    fn endpoint() -> Endpoint {
        let variant = |name: &str, w: f64| Variant::serving("e", name, w, 1, None);
        Endpoint::whole(
            "e",
            "arn",
            "InService",
            vec![variant("blue", 1.0), variant("green", 1.0)],
        )
    }

    fn press(m: &mut WeightsModal, keys: &[KeyCode]) {
        for k in keys {
            m.take_key(KeyEvent::from(*k));
        }
    }

    #[test]
    fn typing_recomputes_the_split_and_bad_input_stays_in_the_editor() {
        let mut m = WeightsModal::new(1, endpoint());
        assert_eq!(m.inputs, vec!["1", "1"]);
        press(
            &mut m,
            &[KeyCode::Backspace, KeyCode::Char('3'), KeyCode::Char('x')],
        );
        let plan = m
            .plan()
            .ok()
            .map(|p| p.after.iter().map(|s| s.percent).collect::<Vec<_>>());
        assert_eq!(plan, Some(vec![75.0, 25.0]));
        press(&mut m, &[KeyCode::Down, KeyCode::Backspace, KeyCode::Enter]);
        assert!(m.plan().is_err_and(|e| e.contains("green")));
        assert!(matches!(m.state, WeightsState::Editing));
        press(&mut m, &[KeyCode::Char('1'), KeyCode::Enter]);
        assert!(matches!(m.state, WeightsState::Confirm(_)));
        press(&mut m, &[KeyCode::Esc]);
        assert!(matches!(m.state, WeightsState::Editing));
    }
}
