//! Checks against the clauses of the reform plan: one result per rule, with its clause.

use serde::{Deserialize, Serialize};

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// The rule is met.
    Pass,
    /// The rule is met only softly (its "一般/原则上" wording allows it) or needs attention.
    Warn,
    /// The rule is broken.
    Fail,
}

impl CheckStatus {
    /// The lower-case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "fail",
        }
    }
}

/// One check: which rule, where it comes from, whether it holds, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable identifier, `<clause>.<rule>` (e.g. `8.delegates-ratio`).
    pub id: String,
    /// The clause of the source document (e.g. `二.8`).
    pub clause: String,
    /// Pass, warn or fail.
    pub status: CheckStatus,
    /// What was found, in words.
    pub detail: String,
}

impl Check {
    /// A new check result.
    pub fn new(id: &str, clause: &str, status: CheckStatus, detail: impl Into<String>) -> Check {
        Check {
            id: id.to_string(),
            clause: clause.to_string(),
            status,
            detail: detail.into(),
        }
    }

    /// A passing check.
    pub fn pass(id: &str, clause: &str, detail: impl Into<String>) -> Check {
        Check::new(id, clause, CheckStatus::Pass, detail)
    }

    /// A warning.
    pub fn warn(id: &str, clause: &str, detail: impl Into<String>) -> Check {
        Check::new(id, clause, CheckStatus::Warn, detail)
    }

    /// A failure.
    pub fn fail(id: &str, clause: &str, detail: impl Into<String>) -> Check {
        Check::new(id, clause, CheckStatus::Fail, detail)
    }
}

/// Whether any check failed.
pub fn any_failed(checks: &[Check]) -> bool {
    checks.iter().any(|c| c.status == CheckStatus::Fail)
}

/// Renders checks as an aligned table: status, id, clause, detail (one check per line).
pub fn render_table(checks: &[Check]) -> String {
    use crate::table::{render, Align};
    let rows: Vec<Vec<String>> = checks
        .iter()
        .map(|c| {
            vec![
                c.status.name().to_string(),
                c.id.clone(),
                c.clause.clone(),
                c.detail.clone(),
            ]
        })
        .collect();
    render(
        &["status", "id", "clause", "detail"],
        &rows,
        &[Align::Left, Align::Left, Align::Left, Align::Left],
    )
}

/// Renders checks as JSON `{"checks": [...]}`.
pub fn render_json(checks: &[Check]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        checks: &'a [Check],
    }
    let mut text = serde_json::to_string_pretty(&Out { checks }).unwrap_or_default();
    text.push('\n');
    text
}

/// Joins names as "a, b, c", eliding past `limit` ("… and 12 more").
pub fn list_names<S: AsRef<str>>(names: &[S], limit: usize) -> String {
    let mut out: Vec<&str> = names.iter().take(limit).map(|s| s.as_ref()).collect();
    let rest = names.len().saturating_sub(limit);
    let mut text = out.join(", ");
    if rest > 0 {
        text.push_str(&format!(" … and {rest} more"));
    }
    out.clear();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_detects_failures() {
        let checks = vec![
            Check::pass("8.a", "二.8", "fine"),
            Check::fail("8.b", "二.8", "broken"),
        ];
        assert!(any_failed(&checks));
        assert!(!any_failed(&checks[..1]));
        let table = render_table(&checks);
        assert_eq!(table.lines().count(), 3);
        assert!(table.lines().nth(2).unwrap().starts_with("fail    8.b"));
        let json: serde_json::Value = serde_json::from_str(&render_json(&checks)).unwrap();
        assert_eq!(json["checks"][1]["status"], "fail");
        assert_eq!(list_names(&["a", "b", "c"], 2), "a, b … and 1 more");
    }
}
