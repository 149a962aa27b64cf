//! `congress report`: one self-contained HTML file (inline CSS and SVG, no network, A4) that
//! people read, for a plan, a federation plan, an election result or a record directory.
//!
//! - [`labels`]: every label in Chinese and English (one table);
//! - [`html`]: the page, its tables and its bar charts, and the layout probe;
//! - [`plan`]: plans (clause 8) and federation plans (clause 4);
//! - [`election`]: election results;
//! - [`record`]: records, verified first.
//!
//! The input's kind is read from the input itself ([`Input::read`]): a directory is a record;
//! a JSON object with `departments` is a plan, with `institutions` and `sectors` a federation
//! plan, with `election`, `method` and `status` an election result.

pub mod election;
pub mod html;
pub mod labels;
pub mod plan;
pub mod record;

use crate::ballot::result::ElectionResult;
use crate::error::{Error, Result};
use crate::input::{Encoding, Source};
use crate::plan::federation::FederationPlan;
use crate::plan::Plan;
use crate::schema::Schema;
use labels::Lang;

/// A JSON input of a report, read into the type of the command that wrote it.
#[derive(Debug, Clone)]
pub enum Input {
    /// `congress plan --format json`.
    Plan(Box<Plan>),
    /// `congress plan federation --format json`.
    Federation(Box<FederationPlan>),
    /// `congress elect --format json`.
    Election(Box<ElectionResult>),
}

/// What the input must be, for error messages.
const EXPECTED: &str = "expected the JSON of congress plan, plan federation or elect \
                        (--format json), or a record directory";

impl Input {
    /// Reads a JSON file (`-`: standard input) and tells which command wrote it.
    pub fn read(path: &str) -> Result<Input> {
        let source = Source::open(path, Encoding::Utf8)?;
        Input::parse(&source.text, &source.name)
    }

    /// Reads the JSON text of the file `name`.
    pub fn parse(text: &str, name: &str) -> Result<Input> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::input(format!("not JSON ({e}); {EXPECTED}"))
                .file(name)
                .line(e.line() as u64)
        })?;
        let Some(object) = value.as_object() else {
            return Err(Error::input(format!("not a JSON object; {EXPECTED}")).file(name));
        };
        let has = |key: &str| object.contains_key(key);
        let typed = |what: &str, e: serde_json::Error| {
            Error::input(format!("not the JSON of {what} ({e}); {EXPECTED}")).file(name)
        };
        /// The JSON kinds a report reads.
        enum Kind {
            Plan,
            Federation,
            Election,
        }
        // The `schema` key says what the JSON is; files written before it existed are told
        // by their keys.
        let kind = match object.get("schema") {
            Some(id) => match Schema::ALL.iter().find(|s| id.as_str() == Some(s.id())) {
                Some(Schema::Plan) => Kind::Plan,
                Some(Schema::FederationPlan) => Kind::Federation,
                Some(Schema::ElectionResult) => Kind::Election,
                Some(other) => {
                    return Err(Error::input(format!(
                        "a {} ({}) has no report; {EXPECTED}",
                        other.id(),
                        other.command()
                    ))
                    .file(name)
                    .field("schema"))
                }
                None => {
                    return Err(Error::input(format!("unknown schema {id}; {EXPECTED}"))
                        .file(name)
                        .field("schema"))
                }
            },
            None if has("departments") => Kind::Plan,
            None if has("institutions") && has("sectors") => Kind::Federation,
            None if has("election") && has("method") && has("status") => Kind::Election,
            None => {
                return Err(
                    Error::input(format!("no keys that say what it is; {EXPECTED}")).file(name),
                )
            }
        };
        match kind {
            Kind::Plan => {
                let plan: Plan =
                    serde_json::from_value(value).map_err(|e| typed("congress plan", e))?;
                Ok(Input::Plan(Box::new(plan)))
            }
            Kind::Federation => {
                let plan: FederationPlan = serde_json::from_value(value)
                    .map_err(|e| typed("congress plan federation", e))?;
                Ok(Input::Federation(Box::new(plan)))
            }
            Kind::Election => {
                let result: ElectionResult =
                    serde_json::from_value(value).map_err(|e| typed("congress elect", e))?;
                Ok(Input::Election(Box::new(result)))
            }
        }
    }

    /// The report's HTML.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Input::Plan(plan) => plan::plan_report(plan, lang),
            Input::Federation(plan) => plan::federation_report(plan, lang),
            Input::Election(result) => election::election_report(result, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_of_input_is_read_from_its_keys() {
        let err = Input::parse("[1]", "x.json").unwrap_err();
        assert!(err.to_string().contains("not a JSON object"), "{err}");
        let err = Input::parse("{\"a\": 1}", "x.json").unwrap_err();
        assert!(err.to_string().contains("record directory"), "{err}");
        let err = Input::parse("{\"departments\": 1}", "x.json").unwrap_err();
        assert!(err.to_string().contains("congress plan"), "{err}");
        let err = Input::parse("{\"schema\": \"congress-receipt/1\"}", "x.json").unwrap_err();
        assert!(err.to_string().contains("has no report"), "{err}");
        let err = Input::parse("{\"schema\": \"congress-nothing/9\"}", "x.json").unwrap_err();
        assert!(err.to_string().contains("unknown schema"), "{err}");
        let err = Input::parse("{\n\"a\": }", "x.json").unwrap_err();
        assert!(err.to_string().contains("x.json:2"), "{err}");
    }
}
