//! The election file's keys for constraints (clause 8): `candidates_file`, `[[candidate]]`,
//! `[[constraint]]` and `eligible` (docs/formats.md, "Candidate attributes and
//! constraints").

use super::reader::{Reader, Table, Value};
use crate::ballot::constraints::{CandidateAttributes, Constraint, Limit};
use crate::error::Result;
use crate::exact::Ratio;
use toml::de::DeValue;

/// `eligible = { attribute = "cadre", value = "no" }`: a supplementary round open only to
/// candidates with that value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligible {
    /// The attribute.
    pub attribute: String,
    /// The value (normalised to `yes`/`no` when the attribute is yes/no).
    pub value: String,
    /// The line of the key.
    pub line: u64,
}

/// A `[[candidate]]` table as read: its line, the name, and its attribute values.
type CandidateRow = (u64, String, Vec<(String, String)>);

/// What the constraint keys give.
#[derive(Debug, Default)]
pub(super) struct ConstraintKeys {
    pub candidates_file: Option<(String, u64)>,
    pub attributes: Option<CandidateAttributes>,
    pub constraints: Vec<Constraint>,
    pub eligible: Option<Eligible>,
}

impl Reader<'_> {
    /// `candidates_file`, `[[candidate]]`, `[[constraint]]` and `eligible`.
    pub(super) fn constraint_keys(
        &self,
        doc: &Table,
        seats: Option<u32>,
    ) -> Result<ConstraintKeys> {
        let mut keys = ConstraintKeys::default();
        if let Some((_, v)) = self.get(doc, "candidates_file") {
            let path = self.string(v, "candidates_file")?;
            if path.trim().is_empty() {
                return Err(self.err(
                    v.span(),
                    "candidates_file",
                    "empty path, expected a CSV file such as \"candidates.csv\"",
                ));
            }
            keys.candidates_file = Some((path, self.line_of(v.span().start)));
        }
        if let Some((_, v)) = self.get(doc, "candidate") {
            if keys.candidates_file.is_some() {
                return Err(self.err(
                    v.span(),
                    "candidate",
                    "the candidates are described twice: give candidates_file or [[candidate]] \
                     tables, not both",
                ));
            }
            keys.attributes = Some(self.candidate_tables(v)?);
        }
        if let Some((_, v)) = self.get(doc, "constraint") {
            for item in self.array(v, "constraint", "[[constraint]] tables")? {
                keys.constraints.push(self.constraint(item, seats)?);
            }
            if keys.candidates_file.is_none() && keys.attributes.is_none() {
                return Err(self.err(
                    v.span(),
                    "constraint",
                    "constraints need the candidates' attributes: candidates_file = \
                     \"candidates.csv\" or [[candidate]] tables",
                ));
            }
        }
        if let Some((_, v)) = self.get(doc, "eligible") {
            let t = self.table(v, "eligible")?;
            self.check_keys(t, "eligible", &["attribute", "value"], "who may be elected")?;
            let field = |key: &str| -> Result<String> {
                let (_, x) = self.get(t, key).ok_or_else(|| {
                    self.err(
                        v.span(),
                        &format!("eligible.{key}"),
                        format!("missing key, expected {key}"),
                    )
                })?;
                Ok(self
                    .string(x, &format!("eligible.{key}"))?
                    .trim()
                    .to_string())
            };
            keys.eligible = Some(Eligible {
                attribute: field("attribute")?,
                value: field("value")?,
                line: self.line_of(v.span().start),
            });
            if keys.candidates_file.is_none() && keys.attributes.is_none() {
                return Err(self.err(
                    v.span(),
                    "eligible",
                    "eligible needs the candidates' attributes: candidates_file or [[candidate]]",
                ));
            }
        }
        Ok(keys)
    }

    /// `[[candidate]]` tables: `name`, then `attribute = "value"` pairs (strings, whole
    /// numbers or true/false); an attribute a table does not give is empty.
    fn candidate_tables(&self, v: &Value) -> Result<CandidateAttributes> {
        let items = self.array(v, "candidate", "[[candidate]] tables")?;
        let mut attributes: Vec<String> = Vec::new();
        let mut rows: Vec<CandidateRow> = Vec::new();
        for item in items {
            let t = self.table(item, "candidate")?;
            let line = self.line_of(item.span().start);
            let (_, name) = self.get(t, "name").ok_or_else(|| {
                self.err(item.span(), "candidate.name", "missing key, expected name")
            })?;
            let name = self.string(name, "candidate.name")?.trim().to_string();
            let mut pairs = Vec::new();
            for (k, value) in t.iter() {
                let key = k.get_ref().as_ref();
                if key == "name" {
                    continue;
                }
                let field = format!("candidate.{key}");
                let text = match value.get_ref() {
                    DeValue::String(s) => s.trim().to_string(),
                    DeValue::Integer(i) => i.as_str().to_string(),
                    DeValue::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
                    other => {
                        return Err(self.err(
                            value.span(),
                            &field,
                            format!("found {}, expected a string", other.type_str()),
                        ))
                    }
                };
                let attribute = if crate::roster::CADRE_HEADERS.iter().any(|h| {
                    crate::input::normalize_header(h) == crate::input::normalize_header(key)
                }) {
                    super::super::constraints::attributes::CADRE.to_string()
                } else {
                    key.trim().to_string()
                };
                if !attributes.contains(&attribute) {
                    attributes.push(attribute.clone());
                }
                pairs.push((attribute, text));
            }
            rows.push((line, name, pairs));
        }
        let mut out = CandidateAttributes {
            attributes: attributes.clone(),
            ..CandidateAttributes::default()
        };
        for (line, name, pairs) in rows {
            let values = attributes
                .iter()
                .map(|a| {
                    pairs
                        .iter()
                        .find(|(k, _)| k == a)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                })
                .collect();
            out.push(self.name, line, name, values)?;
        }
        out.normalise_yes_no();
        Ok(out)
    }

    /// One `[[constraint]]`: `attribute`, `value`, and `min` or `min_share` and/or `max` or
    /// `max_share` (shares as exact fractions such as "3/5"); a minimum above the seats or
    /// above the maximum is refused here.
    fn constraint(&self, item: &Value, seats: Option<u32>) -> Result<Constraint> {
        let t = self.table(item, "constraint")?;
        self.check_keys(
            t,
            "constraint",
            &["attribute", "value", "min", "min_share", "max", "max_share"],
            "a constraint on the winners",
        )?;
        let line = self.line_of(item.span().start);
        let text = |key: &str| -> Result<String> {
            let (_, v) = self.get(t, key).ok_or_else(|| {
                self.err(
                    item.span(),
                    &format!("constraint.{key}"),
                    format!("missing key, expected {key}"),
                )
            })?;
            let s = match v.get_ref() {
                DeValue::Integer(i) => i.as_str().to_string(),
                _ => self.string(v, &format!("constraint.{key}"))?,
            };
            Ok(s.trim().to_string())
        };
        let attribute = text("attribute")?;
        let value = text("value")?;
        let limit = |count: &str, share: &str| -> Result<Option<Limit>> {
            match (self.get(t, count), self.get(t, share)) {
                (Some((_, a)), Some(_)) => Err(self.err(
                    a.span(),
                    &format!("constraint.{count}"),
                    format!("give {count} or {share}, not both"),
                )),
                (Some((_, a)), None) => Ok(Some(Limit::Seats(
                    self.integer(a, &format!("constraint.{count}"))?,
                ))),
                (None, Some((_, s))) => {
                    let key = format!("constraint.{share}");
                    let r = Ratio::parse(&self.string(s, &key)?)
                        .map_err(|e| self.err(s.span(), &key, e.message))?;
                    if r > Ratio::integer(1) {
                        return Err(self.err(
                            s.span(),
                            &key,
                            format!("{r} is above 1, expected a share of the seats"),
                        ));
                    }
                    Ok(Some(Limit::Share(r)))
                }
                (None, None) => Ok(None),
            }
        };
        let min = limit("min", "min_share")?;
        let max = limit("max", "max_share")?;
        let c = Constraint {
            attribute,
            value,
            min,
            max,
            line,
        };
        if min.is_none() && max.is_none() {
            return Err(self.err(
                item.span(),
                "constraint",
                format!(
                    "constraint '{} = {}' has no bound, expected min, min_share, max or max_share",
                    c.attribute, c.value
                ),
            ));
        }
        if let Some(seats) = seats {
            if c.min_seats(seats) > u64::from(seats) || c.min_seats(seats) > c.max_seats(seats) {
                return Err(self.err(
                    item.span(),
                    "constraint",
                    format!(
                        "constraint '{}' cannot be met: at least {} and at most {} of {seats} seats",
                        c.label(),
                        c.min_seats(seats),
                        c.max_seats(seats)
                    ),
                ));
            }
        }
        Ok(c)
    }
}
