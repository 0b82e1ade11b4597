//! The onboarding wizard's screens: one per step of `ops::onboard::Wizard`,
//! with the step's errors inline and, on Review, the exact
//! CreateUserProfile request.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::ops::onboard::{Step, Wizard};
use crate::ops::validate;
use crate::settings::Theme;
use crate::tui::widgets::popup;

const WIDTH: u16 = 96;

/// Before the wizard has its domains: loading, or why it cannot start.
pub fn draw_waiting(frame: &mut Frame, area: Rect, text: &str, error: bool, theme: &Theme) {
    let colour = if error { theme.bad } else { theme.muted };
    let lines = vec![
        Line::styled(text.to_owned(), Style::new().fg(colour)),
        Line::raw(""),
        Line::styled("Esc closes", Style::new().fg(theme.muted)),
    ];
    popup::draw(frame, area, "Onboard a user", lines, WIDTH, theme);
}

/// The wizard at its current step.
pub fn draw(frame: &mut Frame, area: Rect, wizard: &Wizard, theme: &Theme) {
    // An SSO domain asks for the SSO user too: five steps, not four (the
    // count follows the highlighted domain while it is being chosen).
    let total = if wizard.needs_sso_user() { 5 } else { 4 };
    let step = |n: u32, name: &str| format!("{n}/{total} {name}");
    let (title, mut lines) = match wizard.step() {
        Step::Domain => (step(1, "Domain"), domain_lines(wizard, theme)),
        Step::Team => (step(2, "Team"), team_lines(wizard, theme)),
        Step::UserName => (
            step(3, "User name"),
            input_lines(
                "User profile name (letters, digits and hyphens, at most 63):",
                wizard.user_name(),
                theme,
            ),
        ),
        Step::SsoUser => (
            step(4, "SSO user"),
            input_lines(
                "IAM Identity Center user name (SingleSignOnUserValue):",
                wizard.sso_user(),
                theme,
            ),
        ),
        Step::Review => (step(total, "Review"), review_lines(wizard)),
        Step::Creating => (
            "Creating".to_owned(),
            vec![Line::raw(format!(
                "Sending CreateUserProfile for {} …",
                wizard.user_name()
            ))],
        ),
        Step::Polling { status } => (
            "Waiting for InService".to_owned(),
            polling_lines(wizard, status, theme),
        ),
        Step::Done {
            offer_presigned_url,
        } => (
            "Done".to_owned(),
            done_lines(wizard, *offer_presigned_url, theme),
        ),
        Step::Failed { message } => (
            "Failed".to_owned(),
            vec![
                Line::styled(message.clone(), Style::new().fg(theme.bad)),
                Line::raw(""),
                Line::styled("Enter or Esc closes", Style::new().fg(theme.muted)),
            ],
        ),
        Step::Closed => ("Closed".to_owned(), Vec::new()),
    };
    for e in wizard.errors() {
        lines.push(Line::styled(format!("✗ {e}"), Style::new().fg(theme.bad)));
    }
    let hint = step_hint(wizard.step());
    if !hint.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(hint, Style::new().fg(theme.muted)));
    }
    popup::draw(
        frame,
        area,
        &format!("Onboard a user — {title}"),
        lines,
        WIDTH,
        theme,
    );
}

/// The keys of a step that takes input.
fn step_hint(step: &Step) -> &'static str {
    match step {
        Step::Domain | Step::Team => "↑/↓ choose · Enter next · Esc cancels (nothing is created)",
        Step::UserName | Step::SsoUser => {
            "type · Backspace · Enter next · Esc cancels (nothing is created)"
        }
        Step::Review => "Enter creates this user profile · Esc cancels (nothing is created)",
        _ => "",
    }
}

/// Created, and the status seen while it becomes InService.
fn polling_lines<'a>(wizard: &Wizard, status: &str, theme: &Theme) -> Vec<Line<'a>> {
    vec![
        Line::raw(format!(
            "Created {}.",
            wizard.user_profile_arn().unwrap_or("-")
        )),
        Line::from(vec![
            Span::raw("Status: "),
            Span::styled(status.to_owned(), Style::new().fg(theme.warn)),
            Span::raw(" (checking until InService)"),
        ]),
    ]
}

/// InService, and what comes next (a presigned URL, or the SSO portal).
fn done_lines<'a>(wizard: &Wizard, offer_presigned_url: bool, theme: &Theme) -> Vec<Line<'a>> {
    vec![
        Line::styled(
            format!("User profile {} is InService.", wizard.user_name()),
            Style::new().fg(theme.ok),
        ),
        Line::raw(wizard.user_profile_arn().unwrap_or("-").to_owned()),
        Line::raw(""),
        Line::styled(
            if offer_presigned_url {
                "p or Enter: a presigned Studio URL for the new user · Esc closes"
            } else {
                "SSO domain: the user signs in through the AWS access portal · Enter or Esc closes"
            },
            Style::new().fg(theme.muted),
        ),
    ]
}

fn choice<'a>(selected: bool, text: String, theme: &Theme) -> Line<'a> {
    if selected {
        Line::styled(
            format!("▸ {text}"),
            Style::new()
                .fg(theme.selection_fg)
                .bg(theme.selection_bg)
                .add_modifier(Modifier::BOLD),
        )
    } else {
        Line::raw(format!("  {text}"))
    }
}

fn domain_lines<'a>(wizard: &Wizard, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![Line::raw("Which domain?")];
    for (i, d) in wizard.domains().iter().enumerate() {
        let auth = if validate::is_sso(d) { "SSO" } else { "IAM" };
        lines.push(choice(
            i == wizard.domain_index(),
            format!("{} ({}) · {auth} auth · {}", d.name, d.id, d.status),
            theme,
        ));
    }
    lines
}

fn team_lines<'a>(wizard: &Wizard, theme: &Theme) -> Vec<Line<'a>> {
    let domain = wizard.selected_domain().map_or("-", |d| d.name.as_str());
    let mut lines = vec![Line::raw(format!("Which team? (domain {domain})"))];
    for (i, name) in wizard.team_names().into_iter().enumerate() {
        lines.push(choice(i == wizard.team_index(), name.to_owned(), theme));
    }
    if let Some((_, team)) = wizard.selected_team() {
        lines.push(Line::styled(
            format!("execution role {}", team.execution_role),
            Style::new().fg(theme.muted),
        ));
    }
    lines
}

fn input_lines<'a>(label: &str, value: &str, theme: &Theme) -> Vec<Line<'a>> {
    vec![
        Line::raw(label.to_owned()),
        Line::from(vec![
            Span::styled("> ", Style::new().fg(theme.accent)),
            Span::raw(value.to_owned()),
            Span::styled("█", Style::new().fg(theme.accent)),
        ]),
    ]
}

fn review_lines<'a>(wizard: &Wizard) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(
        "sagemaker:CreateUserProfile, exactly as it will be sent:",
        Style::new().add_modifier(Modifier::BOLD),
    )];
    if let Some(req) = wizard.request() {
        lines.extend(req.to_json().lines().map(|l| Line::raw(l.to_owned())));
    }
    lines
}
