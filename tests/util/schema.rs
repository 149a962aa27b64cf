//! A JSON Schema (draft 2020-12) validator for the subset of keywords `docs/schemas/` uses,
//! and nothing more: a schema holding any other keyword is refused, so no file can state a
//! rule this validator would silently skip. `python3 -m jsonschema` (or any draft 2020-12
//! validator) reads the same files.
//!
//! Keywords: `$schema`, `$id`, `title`, `description`, `$defs`, `$ref` (`#/$defs/NAME` only),
//! `type` (a name or a list), `properties`, `required`, `additionalProperties` (a boolean or a
//! schema), `items`, `enum`, `const`, `minimum`.
//!
//! Documented mode ([`Validator::documented`]) is stricter than the standard: an object
//! whose schema has `properties` but no `additionalProperties` may hold only the properties
//! it lists, so every key a command prints is documented (the published schemas leave such
//! objects open, as the contract lets later versions add keys).

use serde_json::{Map, Value};

/// The keywords this validator implements.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "title",
    "description",
    "$defs",
    "$ref",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "minimum",
];

/// A schema document and the way it is applied.
pub struct Validator<'a> {
    root: &'a Value,
    documented: bool,
}

impl<'a> Validator<'a> {
    /// A standard validator over the schema document `root`.
    pub fn new(root: &'a Value) -> Validator<'a> {
        Validator {
            root,
            documented: false,
        }
    }

    /// A validator that also refuses keys an object's schema does not list.
    pub fn documented(root: &'a Value) -> Validator<'a> {
        Validator {
            root,
            documented: true,
        }
    }

    /// Every way `value` breaks the schema, each as `<JSON path>: <what>`.
    pub fn errors(&self, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(self.root, value, "$", &mut out);
        out
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return out.push(format!("{at}: no value is allowed here")),
            Value::Object(s) => s,
            other => return out.push(format!("{at}: schema {other} is not an object")),
        };
        for key in schema.keys() {
            if !KEYWORDS.contains(&key.as_str()) {
                out.push(format!("{at}: schema keyword {key:?} is not implemented"));
            }
        }
        if let Some(r) = schema.get("$ref") {
            match self.resolve(r) {
                Some(target) => self.check(target, value, at, out),
                None => out.push(format!("{at}: $ref {r} does not resolve")),
            }
        }
        if let Some(t) = schema.get("type") {
            let names: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !names.iter().any(|n| has_type(value, n)) {
                out.push(format!("{at}: {} is not of type {t}", brief(value)));
            }
        }
        if let Some(Value::Array(options)) = schema.get("enum") {
            if !options.contains(value) {
                out.push(format!("{at}: {} is not one of {options:?}", brief(value)));
            }
        }
        if let Some(c) = schema.get("const") {
            if c != value {
                out.push(format!("{at}: {} is not {c}", brief(value)));
            }
        }
        if let (Some(min), Some(n)) = (
            schema.get("minimum").and_then(Value::as_f64),
            value.as_f64(),
        ) {
            if n < min {
                out.push(format!("{at}: {n} is below the minimum {min}"));
            }
        }
        if let (Some(items), Value::Array(a)) = (schema.get("items"), value) {
            for (i, item) in a.iter().enumerate() {
                self.check(items, item, &format!("{at}[{i}]"), out);
            }
        }
        if let Value::Object(map) = value {
            self.check_object(schema, map, at, out);
        }
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        map: &Map<String, Value>,
        at: &str,
        out: &mut Vec<String>,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(key) {
                    out.push(format!("{at}: required key {key:?} is missing"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, v) in map {
            let path = format!("{at}.{key}");
            match (
                properties.and_then(|p| p.get(key)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => self.check(s, v, &path, out),
                (None, Some(extra)) => self.check(extra, v, &path, out),
                (None, None) if self.documented && properties.is_some() => out.push(format!(
                    "{path}: key {key:?} is not documented in the schema"
                )),
                (None, None) => {}
            }
        }
    }

    fn resolve(&self, reference: &Value) -> Option<&'a Value> {
        let name = reference.as_str()?.strip_prefix("#/$defs/")?;
        self.root.get("$defs")?.get(name)
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => false,
    }
}

fn brief(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
