//! Canonical writing (docs/verification.md §1, "File formats"): one byte form for every record file,
//! so the same inputs give byte-identical records on every machine.
//!
//! - JSON: compact, object keys sorted bytewise (= JCS order for ASCII keys), strings escaped
//!   as JCS/ECMAScript do, integers in plain decimal; floats are refused. `election.json`
//!   further holds only integers (|n| < 2^53) and strings.
//! - CSV: UTF-8, LF line ends, a field is quoted (RFC 4180) only when it contains `,` or `"`;
//!   a field containing CR or LF is refused.

use serde_json::Value;

/// Largest integer JCS represents exactly (2^53 − 1).
pub const JSON_MAX_INT: u64 = (1 << 53) - 1;

/// Writes `value` as canonical JSON; `Err` names the first value that has no canonical form.
pub fn json(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(value, &mut out, "$")?;
    Ok(out)
}

fn write_json(value: &Value, out: &mut String, at: &str) -> Result<(), String> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => out.push_str(&u.to_string()),
            (None, Some(i)) => out.push_str(&i.to_string()),
            _ => return Err(format!("{at}: {n} is not an integer")),
        },
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out, &format!("{at}[{i}]"))?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_json(&map[key], out, &format!("{at}.{key}"))?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Writes a JSON string as JCS does: `"` and `\` escaped, control characters as
/// `\b \t \n \f \r` or `\u00xx` (lowercase hex), everything else as raw UTF-8.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Checks that `value` holds only objects, arrays, strings and integers |n| ≤ 2^53 − 1
/// (the `election.json` profile); `Err` names the first offending path.
pub fn check_strings_and_integers(value: &Value, at: &str) -> Result<(), String> {
    match value {
        Value::String(_) => Ok(()),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) if u <= JSON_MAX_INT => Ok(()),
            (None, Some(i)) if i.unsigned_abs() <= JSON_MAX_INT => Ok(()),
            _ => Err(format!("{at}: {n} is not an integer of at most 2^53 - 1")),
        },
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check_strings_and_integers(v, &format!("{at}[{i}]"))),
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check_strings_and_integers(v, &format!("{at}.{k}"))),
        Value::Bool(_) => Err(format!("{at}: booleans are not allowed (use a string)")),
        Value::Null => Err(format!("{at}: null is not allowed")),
    }
}

/// One CSV field, quoted only when it contains `,` or `"`; `Err` if it holds CR or LF.
pub fn csv_field(field: &str) -> Result<String, String> {
    if field.contains(['\r', '\n']) {
        return Err(format!(
            "{field:?} contains a line break, which a record line cannot hold"
        ));
    }
    if field.contains([',', '"']) {
        Ok(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Ok(field.to_string())
    }
}

/// One CSV line (without its line end) from fields.
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> Result<String, String> {
    let mut line = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&csv_field(f.as_ref())?);
    }
    Ok(line)
}

/// Splits one CSV line (no line end) into fields, RFC 4180; `Err` on a stray or unclosed
/// quote or a line break.
pub fn parse_csv_line(line: &str) -> Result<Vec<String>, String> {
    if line.contains(['\r', '\n']) {
        return Err("line holds a carriage return or line feed".into());
    }
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    loop {
        if at_start && chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err("unclosed quote".into()),
                }
            }
            match chars.next() {
                Some(',') => {
                    fields.push(std::mem::take(&mut field));
                    at_start = true;
                    continue;
                }
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(c) => return Err(format!("{c:?} after a closing quote")),
            }
        }
        at_start = false;
        match chars.next() {
            Some(',') => {
                fields.push(std::mem::take(&mut field));
                at_start = true;
            }
            Some('"') => return Err("quote inside an unquoted field".into()),
            Some(c) => field.push(c),
            None => {
                fields.push(field);
                return Ok(fields);
            }
        }
    }
}

/// Splits a record file into lines: UTF-8, every line ends in LF, no CR, not empty.
/// `Err((line, message))` names the first bad line (1-based).
pub fn lines(bytes: &[u8]) -> Result<Vec<&str>, (u64, String)> {
    Ok(body(bytes)?.split('\n').collect())
}

/// A record file checked as [`lines`] checks it, without its last line feed: its lines are
/// `body.split('\n')`, read where they lie (a file of millions of lines is not listed).
pub fn body(bytes: &[u8]) -> Result<&str, (u64, String)> {
    let line_of = |at: usize| bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let text = std::str::from_utf8(bytes)
        .map_err(|e| (line_of(e.valid_up_to()), "not valid UTF-8".to_string()))?;
    if text.starts_with('\u{feff}') {
        return Err((1, "starts with a byte-order mark".into()));
    }
    if text.is_empty() {
        return Err((1, "file is empty".into()));
    }
    let Some(body) = text.strip_suffix('\n') else {
        let n = text.split('\n').count() as u64;
        return Err((n, "last line does not end with a line feed".into()));
    };
    match body.as_bytes().iter().position(|&b| b == b'\r') {
        None => Ok(body),
        Some(at) => Err((
            line_of(at),
            "carriage return (record files use LF line ends)".into(),
        )),
    }
}

/// Writes CSV lines with LF line ends.
pub fn csv_file(lines: &[String]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn record_files_are_read_in_place_and_bad_lines_named() {
        assert_eq!(body(b"h\na\nb\n"), Ok("h\na\nb"));
        assert_eq!(lines(b"h\na\nb\n"), Ok(vec!["h", "a", "b"]));
        assert_eq!(body(b"h\n"), Ok("h"));
        let err = |bytes: &[u8]| body(bytes).unwrap_err();
        assert_eq!(err(b""), (1, "file is empty".to_string()));
        assert_eq!(
            err(b"h\na"),
            (2, "last line does not end with a line feed".into())
        );
        assert_eq!(
            err(b"h\na\nb\r\n"),
            (3, "carriage return (record files use LF line ends)".into())
        );
        assert_eq!(err(b"h\n\xff\n"), (2, "not valid UTF-8".into()));
        assert_eq!(
            err("\u{feff}h\n".as_bytes()),
            (1, "starts with a byte-order mark".into())
        );
    }

    #[test]
    fn json_is_compact_sorted_and_escaped() {
        let v = json!({"b": 1, "a": ["x\"y", "\u{1}\n", "王芳"], "c": {"z": -3, "y": true}});
        assert_eq!(
            json(&v).unwrap(),
            r#"{"a":["x\"y","\u0001\n","王芳"],"b":1,"c":{"y":true,"z":-3}}"#
        );
        assert!(json(&json!({"x": 1.5})).is_err());
        assert!(check_strings_and_integers(&json!({"x": [1, "a"]}), "$").is_ok());
        assert!(check_strings_and_integers(&json!({"x": true}), "$").is_err());
        assert!(check_strings_and_integers(&json!({"x": null}), "$").is_err());
        assert!(check_strings_and_integers(&json!(9007199254740992u64), "$").is_err());
    }

    #[test]
    fn csv_round_trips_with_minimal_quoting() {
        let fields = ["a", "b,c", "say \"hi\"", "", "王芳"];
        let line = csv_line(&fields).unwrap();
        assert_eq!(line, r#"a,"b,c","say ""hi""",,王芳"#);
        assert_eq!(parse_csv_line(&line).unwrap(), fields);
        assert!(csv_field("a\nb").is_err());
        for bad in ["\"a", "a\"b", "\"a\"b", "a\r"] {
            assert!(parse_csv_line(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_csv_line("").unwrap(), vec![""]);
        assert_eq!(parse_csv_line("a,").unwrap(), vec!["a", ""]);
    }

    #[test]
    fn lines_are_strict() {
        assert_eq!(lines(b"a\nb\n").unwrap(), vec!["a", "b"]);
        assert_eq!(lines(b"a\nb").unwrap_err().0, 2);
        assert_eq!(lines(b"a\r\nb\n").unwrap_err().0, 1);
        assert_eq!(lines(b"a\n\xff\n").unwrap_err().0, 2);
        assert!(lines(b"").is_err());
        assert!(lines("\u{feff}a\n".as_bytes()).is_err());
    }
}
