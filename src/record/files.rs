//! The files of a `congress-record/1` directory, their canonical forms and parsers.
//!
//! ```text
//! election.toml        the election file, byte for byte as counted
//! election.json        what is counted and who signs (canonical JSON + LF)
//! ballots.csv          station: header + one canonical line per ballot, sorted by ballot_id
//! stations.csv         parent: one line per child record, sorted by station_id
//! stations/<id>/       parent: each child record, complete
//! head.csv             tree size and RFC 6962 root over the data lines of ballots/stations.csv
//! tally.csv            measure,candidate,count
//! seats.csv            seat,candidate,status (one line per seat)
//! result.json          the count's result, canonical JSON + LF
//! lots.csv             only when a lot was drawn: lot,field,index,value
//! keys/<member>.pub    signify public keys of the committee
//! SHA256               manifest of every file above
//! SHA256.<member>.sig  signify signatures over SHA256
//! ```

use super::canonical::{self, csv_line, parse_csv_line};
use super::signify::PublicKey;
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::lot::{Draw, Lot};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The record format identifier.
pub const FORMAT: &str = "congress-record/1";
/// The election file, verbatim.
pub const ELECTION_TOML: &str = "election.toml";
/// The canonical election summary.
pub const ELECTION_JSON: &str = "election.json";
/// The ballots (station records).
pub const BALLOTS: &str = "ballots.csv";
/// The child records' summary lines (parent records).
pub const STATIONS: &str = "stations.csv";
/// The directory holding child records (parent records).
pub const STATIONS_DIR: &str = "stations";
/// The signed tree head.
pub const HEAD: &str = "head.csv";
/// The counts.
pub const TALLY: &str = "tally.csv";
/// The outcome, one line per seat.
pub const SEATS: &str = "seats.csv";
/// The count's full result.
pub const RESULT: &str = "result.json";
/// The lots drawn, if any.
pub const LOTS: &str = "lots.csv";
/// The committee's public keys.
pub const KEYS_DIR: &str = "keys";

/// Header of `head.csv`.
pub const HEAD_HEADER: &str = "format,record_id,role,tree_size,root_sha256,leaves_sha256";
/// Header of `tally.csv`.
pub const TALLY_HEADER: &str = "measure,candidate,count";
/// Header of `seats.csv`.
pub const SEATS_HEADER: &str = "seat,candidate,status";
/// Header of `lots.csv`.
pub const LOTS_HEADER: &str = "lot,field,index,value";
/// Header of `stations.csv`.
pub const STATIONS_HEADER: &str =
    "station_id,manifest_sha256,tree_size,root_sha256,tally_sha256,returned";

/// Path of a member's public key inside a record.
pub fn key_path(member: &str) -> String {
    format!("{KEYS_DIR}/{member}.pub")
}

/// Path of a member's signature inside a record.
pub fn sig_path(member: &str) -> String {
    format!("SHA256.{member}.sig")
}

/// Whether `id` is a valid election, station or member id (`[A-Za-z0-9._-]+`, not `.`/`..`).
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id != "."
        && id != ".."
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
}

/// Whether a record counts ballots itself or sums child records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A record with its own `ballots.csv` (a station, class or whole election).
    Station,
    /// A record over child records (`stations.csv`, `stations/<id>/`).
    Parent,
}

impl Role {
    /// The name used in `election.json` and `head.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Station => "station",
            Role::Parent => "parent",
        }
    }
}

/// A committee member: id and signify public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The member's id (used in file names).
    pub id: String,
    /// The member's signify public key.
    pub key: PublicKey,
}

/// Who signs a record: members and the threshold k of distinct signers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committee {
    /// Distinct members whose valid signatures are required.
    pub threshold: u64,
    /// The members, in election-file order.
    pub members: Vec<Member>,
}

impl Committee {
    /// The member with this id.
    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }
}

/// Everything `election.json` says: the election facts the record depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionInfo {
    /// Station (own ballots) or parent (child records).
    pub role: Role,
    /// The election's `id` (also the record id).
    pub election_id: String,
    /// The title, if any.
    pub title: Option<String>,
    /// The counting method.
    pub method: String,
    /// Seats to fill.
    pub seats: u64,
    /// Candidates, in election order.
    pub candidates: Vec<String>,
    /// SHA-256 of `election.toml`.
    pub election_sha256: [u8; 32],
    /// Who signs.
    pub committee: Committee,
    /// Whether per-ballot receipts may be issued (`receipts = true`).
    pub receipts: bool,
    /// The public lot beacon (`[tiebreak] seed`), if any.
    pub beacon: Option<String>,
    /// Voters entitled to vote (`[attendance] entitled`), if given.
    pub roll_size: Option<u64>,
    /// Child record ids (parent records: the election file's `stations`).
    pub children: Vec<String>,
}

/// The record-relevant facts read directly from an election file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionFacts {
    /// `id`.
    pub id: String,
    /// `title`.
    pub title: Option<String>,
    /// `method`.
    pub method: String,
    /// `seats`, when the file gives it.
    pub seats: Option<u64>,
    /// `candidates`, when the file gives them.
    pub candidates: Option<Vec<String>>,
    /// `[committee]`, when present.
    pub committee: Option<Committee>,
    /// `receipts` (default false).
    pub receipts: bool,
    /// `[tiebreak] seed`.
    pub beacon: Option<String>,
    /// `[attendance] entitled`.
    pub roll_size: Option<u64>,
    /// `stations` (parent elections).
    pub stations: Option<Vec<String>>,
}

fn toml_str(table: &toml::Table, key: &str, file: &str) -> Result<Option<String>> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::input("expected a string").file(file).field(key)),
    }
}

fn toml_count(table: &toml::Table, key: &str, file: &str) -> Result<Option<u64>> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::Integer(n)) if *n >= 0 => Ok(Some(*n as u64)),
        Some(_) => Err(Error::input("expected a non-negative integer")
            .file(file)
            .field(key)),
    }
}

fn toml_strings(table: &toml::Table, key: &str, file: &str) -> Result<Option<Vec<String>>> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                toml::Value::String(s) => Ok(s.clone()),
                _ => Err(Error::input("expected an array of strings")
                    .file(file)
                    .field(key)),
            })
            .collect::<Result<Vec<_>>>()
            .map(Some),
        Some(_) => Err(Error::input("expected an array of strings")
            .file(file)
            .field(key)),
    }
}

impl ElectionFacts {
    /// Reads the record-relevant keys of an election file (`id`, `title`, `method`, `seats`,
    /// `candidates`, `[committee]`, `receipts`, `[tiebreak] seed`, `[attendance] entitled`,
    /// `stations`); other keys are the counting code's business.
    pub fn parse(bytes: &[u8], file: &str) -> Result<ElectionFacts> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::input("election file is not UTF-8").file(file))?;
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| Error::input(format!("invalid TOML: {e}")).file(file))?;
        let id = toml_str(&table, "id", file)?.ok_or_else(|| {
            Error::input("missing; expected id = \"…\"")
                .file(file)
                .field("id")
        })?;
        if !valid_id(&id) {
            return Err(Error::input(format!(
                "{id:?} is not a valid id; expected [A-Za-z0-9._-]+"
            ))
            .file(file)
            .field("id"));
        }
        let method = toml_str(&table, "method", file)?.ok_or_else(|| {
            Error::input("missing; expected the counting method")
                .file(file)
                .field("method")
        })?;
        let receipts = match table.get("receipts") {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => {
                return Err(Error::input("expected true or false")
                    .file(file)
                    .field("receipts"))
            }
        };
        let sub = |name: &str| -> Result<Option<&toml::Table>> {
            match table.get(name) {
                None => Ok(None),
                Some(toml::Value::Table(t)) => Ok(Some(t)),
                Some(_) => Err(Error::input("expected a table").file(file).field(name)),
            }
        };
        let beacon = match sub("tiebreak")? {
            Some(t) => toml_str(t, "seed", file).map_err(|e| e.field("tiebreak.seed"))?,
            None => None,
        };
        let roll_size = match sub("attendance")? {
            Some(t) => {
                toml_count(t, "entitled", file).map_err(|e| e.field("attendance.entitled"))?
            }
            None => None,
        };
        let committee = match sub("committee")? {
            Some(t) => Some(parse_committee(t, file)?),
            None => None,
        };
        let stations = toml_strings(&table, "stations", file)?;
        if let Some(list) = &stations {
            let mut seen = std::collections::BTreeSet::new();
            for s in list {
                if !valid_id(s) {
                    return Err(Error::input(format!(
                        "{s:?} is not a valid station id; expected [A-Za-z0-9._-]+"
                    ))
                    .file(file)
                    .field("stations"));
                }
                if !seen.insert(s) {
                    return Err(Error::input(format!("station {s:?} is listed twice"))
                        .file(file)
                        .field("stations"));
                }
            }
        }
        Ok(ElectionFacts {
            id,
            title: toml_str(&table, "title", file)?,
            method,
            seats: toml_count(&table, "seats", file)?,
            candidates: toml_strings(&table, "candidates", file)?,
            committee,
            receipts,
            beacon,
            roll_size,
            stations,
        })
    }
}

fn parse_committee(t: &toml::Table, file: &str) -> Result<Committee> {
    let field = |f: &str| format!("committee.{f}");
    let threshold = toml_count(t, "threshold", file)
        .map_err(|e| e.field(field("threshold")))?
        .ok_or_else(|| {
            Error::input("missing; expected the number of members who must sign")
                .file(file)
                .field(field("threshold"))
        })?;
    let Some(toml::Value::Array(items)) = t.get("members") else {
        return Err(Error::input(
            "missing; expected members = [{ id = \"…\", key = \"RWS…\" }, …]",
        )
        .file(file)
        .field(field("members")));
    };
    let mut members: Vec<Member> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let f = format!("committee.members[{}]", i + 1);
        let toml::Value::Table(m) = item else {
            return Err(Error::input("expected { id = \"…\", key = \"RWS…\" }")
                .file(file)
                .field(f));
        };
        let id = toml_str(m, "id", file)
            .map_err(|e| e.field(format!("{f}.id")))?
            .ok_or_else(|| {
                Error::input("missing member id")
                    .file(file)
                    .field(format!("{f}.id"))
            })?;
        if !valid_id(&id) {
            return Err(Error::input(format!(
                "{id:?} is not a valid member id; expected [A-Za-z0-9._-]+"
            ))
            .file(file)
            .field(format!("{f}.id")));
        }
        let key_text = toml_str(m, "key", file)
            .map_err(|e| e.field(format!("{f}.key")))?
            .ok_or_else(|| {
                Error::input(
                    "missing; expected the member's signify public key (line 2 of the .pub file)",
                )
                .file(file)
                .field(format!("{f}.key"))
            })?;
        let key = PublicKey::from_base64(&key_text)
            .map_err(|m| Error::input(m).file(file).field(format!("{f}.key")))?;
        if members.iter().any(|x| x.id == id) {
            return Err(Error::input(format!("member {id:?} is listed twice"))
                .file(file)
                .field(format!("{f}.id")));
        }
        if members
            .iter()
            .any(|x| x.key == key || x.key.keynum == key.keynum)
        {
            return Err(Error::input("this key is already another member's key")
                .file(file)
                .field(format!("{f}.key")));
        }
        members.push(Member { id, key });
    }
    if threshold == 0 || threshold > members.len() as u64 {
        return Err(Error::input(format!(
            "threshold {threshold} must be between 1 and the number of members ({})",
            members.len()
        ))
        .file(file)
        .field(field("threshold")));
    }
    Ok(Committee { threshold, members })
}

impl ElectionInfo {
    /// The summary for a record of `election.toml` bytes, with the candidates and seats the
    /// count reported (used when the election file leaves them to the ballot file).
    pub fn derive(election_toml: &[u8], candidates: &[String], seats: u64) -> Result<ElectionInfo> {
        let facts = ElectionFacts::parse(election_toml, ELECTION_TOML)?;
        let committee = facts.committee.ok_or_else(|| {
            Error::input(
                "a record must be signed: add [committee] with threshold and members \
                 (id and signify public key of each member)",
            )
            .file(ELECTION_TOML)
            .field("committee")
        })?;
        Ok(ElectionInfo {
            role: if facts.stations.is_some() {
                Role::Parent
            } else {
                Role::Station
            },
            election_id: facts.id,
            title: facts.title,
            method: facts.method,
            seats,
            candidates: candidates.to_vec(),
            election_sha256: sha256(election_toml),
            committee,
            receipts: facts.receipts,
            beacon: facts.beacon,
            roll_size: facts.roll_size,
            children: facts.stations.unwrap_or_default(),
        })
    }

    /// The JSON value of `election.json`.
    pub fn to_json(&self) -> Value {
        let members: Vec<Value> = self
            .committee
            .members
            .iter()
            .map(|m| {
                json!({
                    "member_id": m.id,
                    "pubkey": m.key.to_base64(),
                    "keynum": hex(&m.key.keynum),
                })
            })
            .collect();
        let mut map = Map::new();
        map.insert("format".into(), json!(FORMAT));
        map.insert("role".into(), json!(self.role.as_str()));
        map.insert("election_id".into(), json!(self.election_id));
        if let Some(t) = &self.title {
            map.insert("title".into(), json!(t));
        }
        map.insert("method".into(), json!(self.method));
        map.insert("seats".into(), json!(self.seats));
        map.insert("candidates".into(), json!(self.candidates));
        map.insert("election_sha256".into(), json!(hex(&self.election_sha256)));
        map.insert(
            "committee".into(),
            json!({"threshold_k": self.committee.threshold, "members": members}),
        );
        map.insert(
            "receipts".into(),
            json!(if self.receipts { "yes" } else { "no" }),
        );
        if let Some(b) = &self.beacon {
            map.insert("beacon".into(), json!(b));
        }
        if let Some(r) = self.roll_size {
            map.insert("roll_size".into(), json!(r));
        }
        if self.role == Role::Parent {
            map.insert("children".into(), json!(self.children));
        }
        Value::Object(map)
    }

    /// The bytes of `election.json`: canonical JSON and a line feed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = canonical::json(&self.to_json()).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Reads `election.json`; `Err((field, message))`.
    pub fn parse(bytes: &[u8]) -> std::result::Result<ElectionInfo, (String, String)> {
        let e = |f: &str, m: &str| (f.to_string(), m.to_string());
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|err| (String::new(), format!("not JSON: {err}")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| e("", "expected a JSON object"))?;
        let s = |f: &str| -> std::result::Result<String, (String, String)> {
            obj.get(f)
                .and_then(Value::as_str)
                .map(String::from)
                .ok_or_else(|| e(f, "missing or not a string"))
        };
        let opt_s = |f: &str| -> std::result::Result<Option<String>, (String, String)> {
            match obj.get(f) {
                None => Ok(None),
                Some(Value::String(x)) => Ok(Some(x.clone())),
                Some(_) => Err(e(f, "not a string")),
            }
        };
        let strings = |f: &str| -> std::result::Result<Vec<String>, (String, String)> {
            obj.get(f)
                .and_then(Value::as_array)
                .ok_or_else(|| e(f, "missing or not an array"))?
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(String::from)
                        .ok_or_else(|| e(f, "not an array of strings"))
                })
                .collect()
        };
        if s("format")? != FORMAT {
            return Err(e("format", &format!("expected {FORMAT:?}")));
        }
        let role = match s("role")?.as_str() {
            "station" => Role::Station,
            "parent" => Role::Parent,
            _ => return Err(e("role", "expected \"station\" or \"parent\"")),
        };
        let seats = obj
            .get("seats")
            .and_then(Value::as_u64)
            .ok_or_else(|| e("seats", "missing or not a non-negative integer"))?;
        let sha = parse_hex32(&s("election_sha256")?)
            .ok_or_else(|| e("election_sha256", "expected 64 lowercase hex digits"))?;
        let committee = obj
            .get("committee")
            .and_then(Value::as_object)
            .ok_or_else(|| e("committee", "missing or not an object"))?;
        let threshold = committee
            .get("threshold_k")
            .and_then(Value::as_u64)
            .ok_or_else(|| e("committee.threshold_k", "missing or not an integer"))?;
        let mut members = Vec::new();
        for m in committee
            .get("members")
            .and_then(Value::as_array)
            .ok_or_else(|| e("committee.members", "missing or not an array"))?
        {
            let id = m
                .get("member_id")
                .and_then(Value::as_str)
                .filter(|id| valid_id(id))
                .ok_or_else(|| e("committee.members.member_id", "missing or not a valid id"))?;
            let key = m
                .get("pubkey")
                .and_then(Value::as_str)
                .ok_or_else(|| e("committee.members.pubkey", "missing"))?;
            let key =
                PublicKey::from_base64(key).map_err(|msg| e("committee.members.pubkey", &msg))?;
            let keynum = m.get("keynum").and_then(Value::as_str);
            if keynum != Some(hex(&key.keynum).as_str()) {
                return Err(e(
                    "committee.members.keynum",
                    "does not match the key number inside pubkey",
                ));
            }
            members.push(Member {
                id: id.to_string(),
                key,
            });
        }
        let receipts = match s("receipts")?.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(e("receipts", "expected \"yes\" or \"no\"")),
        };
        let roll_size = match obj.get("roll_size") {
            None => None,
            Some(x) => Some(
                x.as_u64()
                    .ok_or_else(|| e("roll_size", "not a non-negative integer"))?,
            ),
        };
        let children = match role {
            Role::Parent => strings("children")?,
            Role::Station => {
                if obj.contains_key("children") {
                    return Err(e("children", "a station record has no children"));
                }
                Vec::new()
            }
        };
        Ok(ElectionInfo {
            role,
            election_id: s("election_id")?,
            title: opt_s("title")?,
            method: s("method")?,
            seats,
            candidates: strings("candidates")?,
            election_sha256: sha,
            committee: Committee { threshold, members },
            receipts,
            beacon: opt_s("beacon")?,
            roll_size,
            children,
        })
    }
}

/// Parses 64 lowercase hex digits.
pub fn parse_hex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Parses a plain decimal count (no sign, no leading zeros except `0`).
pub fn parse_plain_count(s: &str) -> Option<u64> {
    if s.is_empty() || (s.len() > 1 && s.starts_with('0')) || !s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    s.parse().ok()
}

/// The signed tree head (`head.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The record id (the election id).
    pub record_id: String,
    /// Station or parent.
    pub role: Role,
    /// Number of leaves (data lines of ballots.csv / stations.csv).
    pub tree_size: u64,
    /// RFC 6962 root over the leaves.
    pub root: [u8; 32],
    /// SHA-256 of the whole leaves file.
    pub leaves_sha256: [u8; 32],
}

impl Head {
    /// The head of a leaves file (`ballots.csv` or `stations.csv` bytes).
    pub fn of(record_id: &str, role: Role, data_lines: &[&str], leaves_file: &[u8]) -> Head {
        let root = crate::merkle::root(data_lines.iter().map(|l| l.as_bytes()));
        Head::with_root(record_id, role, data_lines.len() as u64, root, leaves_file)
    }

    /// The head of a leaves file whose root is already known.
    pub fn with_root(
        record_id: &str,
        role: Role,
        tree_size: u64,
        root: [u8; 32],
        leaves_file: &[u8],
    ) -> Head {
        Head {
            record_id: record_id.to_string(),
            role,
            tree_size,
            root,
            leaves_sha256: sha256(leaves_file),
        }
    }

    /// The bytes of `head.csv`.
    pub fn to_bytes(&self) -> Vec<u8> {
        format!(
            "{HEAD_HEADER}\n{FORMAT},{},{},{},{},{}\n",
            self.record_id,
            self.role.as_str(),
            self.tree_size,
            hex(&self.root),
            hex(&self.leaves_sha256)
        )
        .into_bytes()
    }

    /// Reads `head.csv`; `Err((line, field, message))`.
    pub fn parse(bytes: &[u8]) -> std::result::Result<Head, (u64, String, String)> {
        let lines = canonical::lines(bytes).map_err(|(l, m)| (l, String::new(), m))?;
        if lines.first() != Some(&HEAD_HEADER) {
            return Err((1, String::new(), format!("expected header {HEAD_HEADER}")));
        }
        if lines.len() != 2 {
            return Err((
                lines.len() as u64,
                String::new(),
                "expected exactly one data line".into(),
            ));
        }
        let f: Vec<&str> = lines[1].split(',').collect();
        let bad = |field: &str, m: &str| (2u64, field.to_string(), m.to_string());
        if f.len() != 6 {
            return Err(bad("", "expected 6 fields"));
        }
        if f[0] != FORMAT {
            return Err(bad("format", &format!("expected {FORMAT}")));
        }
        let role = match f[2] {
            "station" => Role::Station,
            "parent" => Role::Parent,
            _ => return Err(bad("role", "expected station or parent")),
        };
        Ok(Head {
            record_id: f[1].to_string(),
            role,
            tree_size: parse_plain_count(f[3]).ok_or_else(|| bad("tree_size", "not a count"))?,
            root: parse_hex32(f[4]).ok_or_else(|| bad("root_sha256", "not 64 lowercase hex"))?,
            leaves_sha256: parse_hex32(f[5])
                .ok_or_else(|| bad("leaves_sha256", "not 64 lowercase hex"))?,
        })
    }
}

/// One count in `tally.csv`: a measure (`returned`, `valid`, `invalid:<reason>`, or a
/// per-candidate measure such as `votes`, `yes`, `no`, `abstain`, `first`) and its count.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TallyKey {
    /// What is counted.
    pub measure: String,
    /// The candidate (empty for ballot-level measures).
    pub candidate: String,
}

/// The counts of a record, keyed by measure and candidate.
pub type Tally = BTreeMap<TallyKey, u64>;

fn measure_rank(m: &str) -> u8 {
    match m {
        "returned" => 0,
        "valid" => 1,
        "votes" => 2,
        "marked_yes" => 3,
        "marked_no" => 4,
        "marked_abstain" => 5,
        "marked_illegible" => 6,
        "first_choice" => 7,
        _ => 8,
    }
}

/// The tally rows in canonical order: ballot measures (`returned`, `valid`, `invalid:*`)
/// first, then per candidate in election order (others after, bytewise), measures in the
/// order votes, marked_yes, marked_no, marked_abstain, marked_illegible, first_choice,
/// then bytewise.
pub fn tally_rows<'a>(tally: &'a Tally, candidates: &[String]) -> Vec<(&'a TallyKey, u64)> {
    let mut rows: Vec<(&TallyKey, u64)> = tally.iter().map(|(k, v)| (k, *v)).collect();
    let position = |c: &str| candidates.iter().position(|x| x == c).unwrap_or(usize::MAX);
    rows.sort_by(|(a, _), (b, _)| {
        let ka = (
            !a.candidate.is_empty(),
            position(&a.candidate),
            a.candidate.as_bytes(),
            measure_rank(&a.measure),
            a.measure.as_bytes(),
        );
        let kb = (
            !b.candidate.is_empty(),
            position(&b.candidate),
            b.candidate.as_bytes(),
            measure_rank(&b.measure),
            b.measure.as_bytes(),
        );
        ka.cmp(&kb)
    });
    rows
}

/// The bytes of `tally.csv`.
pub fn tally_to_bytes(tally: &Tally, candidates: &[String]) -> Result<Vec<u8>> {
    let mut lines = vec![TALLY_HEADER.to_string()];
    for (k, v) in tally_rows(tally, candidates) {
        lines.push(
            csv_line(&[k.measure.as_str(), k.candidate.as_str(), &v.to_string()])
                .map_err(|m| Error::input(m).file(TALLY))?,
        );
    }
    Ok(canonical::csv_file(&lines).into_bytes())
}

/// Reads `tally.csv`; `Err((line, field, message))`.
pub fn parse_tally(bytes: &[u8]) -> std::result::Result<Tally, (u64, String, String)> {
    let lines = canonical::lines(bytes).map_err(|(l, m)| (l, String::new(), m))?;
    if lines.first() != Some(&TALLY_HEADER) {
        return Err((1, String::new(), format!("expected header {TALLY_HEADER}")));
    }
    let mut tally = Tally::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let n = i as u64 + 1;
        let f = parse_csv_line(line).map_err(|m| (n, String::new(), m))?;
        if f.len() != 3 {
            return Err((n, String::new(), "expected 3 fields".into()));
        }
        let count =
            parse_plain_count(&f[2]).ok_or_else(|| (n, "count".into(), "not a count".into()))?;
        let key = TallyKey {
            measure: f[0].clone(),
            candidate: f[1].clone(),
        };
        if tally.insert(key, count).is_some() {
            return Err((n, "measure".into(), "listed twice".into()));
        }
    }
    Ok(tally)
}

/// One seat of the outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatRow {
    /// Seat number from 1.
    pub seat: u64,
    /// Who holds it (empty when not filled).
    pub candidate: String,
    /// `elected`, or the result status that left it open (`revote-required`, …).
    pub status: String,
}

/// The bytes of `seats.csv`.
pub fn seats_to_bytes(rows: &[SeatRow]) -> Result<Vec<u8>> {
    let mut lines = vec![SEATS_HEADER.to_string()];
    for r in rows {
        lines.push(
            csv_line(&[r.seat.to_string().as_str(), &r.candidate, &r.status])
                .map_err(|m| Error::input(m).file(SEATS))?,
        );
    }
    Ok(canonical::csv_file(&lines).into_bytes())
}

/// The bytes of `lots.csv` (empty lots: no file).
pub fn lots_to_bytes(lots: &[Lot]) -> Result<Vec<u8>> {
    let mut lines = vec![LOTS_HEADER.to_string()];
    let mut push = |lot: usize, field: &str, index: usize, value: &str| -> Result<()> {
        lines.push(
            csv_line(&[
                lot.to_string().as_str(),
                field,
                index.to_string().as_str(),
                value,
            ])
            .map_err(|m| Error::input(m).file(LOTS))?,
        );
        Ok(())
    };
    for (n, lot) in lots.iter().enumerate() {
        let n = n + 1;
        push(n, "contest_id", 0, &lot.contest_id)?;
        push(n, "beacon", 0, &lot.beacon)?;
        push(n, "root", 0, &lot.root_hex)?;
        push(n, "seed", 0, &lot.seed_hex)?;
        for (i, c) in lot.candidates.iter().enumerate() {
            push(n, "candidate", i + 1, c)?;
        }
        for (i, d) in lot.draws.iter().enumerate() {
            let chosen = match d.chosen {
                Some(j) => j.to_string(),
                None => "rejected".into(),
            };
            push(
                n,
                "draw",
                i + 1,
                &format!("{} {} {}", d.position, d.value, chosen),
            )?;
        }
        for (i, c) in lot.order.iter().enumerate() {
            push(n, "order", i + 1, c)?;
        }
    }
    Ok(canonical::csv_file(&lines).into_bytes())
}

/// Reads `lots.csv`; `Err((line, field, message))`.
pub fn parse_lots(bytes: &[u8]) -> std::result::Result<Vec<Lot>, (u64, String, String)> {
    let lines = canonical::lines(bytes).map_err(|(l, m)| (l, String::new(), m))?;
    if lines.first() != Some(&LOTS_HEADER) {
        return Err((1, String::new(), format!("expected header {LOTS_HEADER}")));
    }
    let mut lots: Vec<Lot> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let n = i as u64 + 1;
        let bad = |f: &str, m: &str| (n, f.to_string(), m.to_string());
        let f = parse_csv_line(line).map_err(|m| (n, String::new(), m))?;
        if f.len() != 4 {
            return Err(bad("", "expected 4 fields"));
        }
        let lot_no = parse_plain_count(&f[0]).ok_or_else(|| bad("lot", "not a count"))? as usize;
        let index = parse_plain_count(&f[2]).ok_or_else(|| bad("index", "not a count"))? as usize;
        if f[1] == "contest_id" {
            if lot_no != lots.len() + 1 || index != 0 {
                return Err(bad(
                    "lot",
                    "lots are numbered 1, 2, … and start with contest_id",
                ));
            }
            lots.push(Lot {
                contest_id: f[3].clone(),
                beacon: String::new(),
                root_hex: String::new(),
                seed_hex: String::new(),
                candidates: Vec::new(),
                draws: Vec::new(),
                order: Vec::new(),
            });
            continue;
        }
        if lot_no != lots.len() {
            return Err(bad(
                "lot",
                "lot number out of sequence (a lot starts with its contest_id line)",
            ));
        }
        let Some(lot) = lots.last_mut() else {
            return Err(bad("field", "a lot starts with its contest_id line"));
        };
        let expect_index = |len: usize| -> std::result::Result<(), (u64, String, String)> {
            if index != len + 1 {
                return Err(bad("index", &format!("expected {}", len + 1)));
            }
            Ok(())
        };
        match f[1].as_str() {
            "beacon" | "root" | "seed" if index != 0 => return Err(bad("index", "expected 0")),
            "beacon" => lot.beacon = f[3].clone(),
            "root" => lot.root_hex = f[3].clone(),
            "seed" => lot.seed_hex = f[3].clone(),
            "candidate" => {
                expect_index(lot.candidates.len())?;
                lot.candidates.push(f[3].clone());
            }
            "order" => {
                expect_index(lot.order.len())?;
                lot.order.push(f[3].clone());
            }
            "draw" => {
                expect_index(lot.draws.len())?;
                let parts: Vec<&str> = f[3].split(' ').collect();
                let (Some(pos), Some(value), Some(chosen), 3) = (
                    parts.first().and_then(|p| parse_plain_count(p)),
                    parts.get(1).and_then(|p| parse_plain_count(p)),
                    parts.get(2),
                    parts.len(),
                ) else {
                    return Err(bad(
                        "value",
                        "expected `<position> <u64> <chosen index|rejected>`",
                    ));
                };
                let chosen = match *chosen {
                    "rejected" => None,
                    c => Some(
                        parse_plain_count(c).ok_or_else(|| bad("value", "bad chosen index"))?
                            as usize,
                    ),
                };
                lot.draws.push(Draw {
                    position: pos as usize,
                    value,
                    rejected: chosen.is_none(),
                    chosen,
                });
            }
            other => return Err(bad("field", &format!("unknown field {other:?}"))),
        }
    }
    Ok(lots)
}

/// One line of `stations.csv`: a child record's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationLine {
    /// The child's record id.
    pub station_id: String,
    /// SHA-256 of the child's `SHA256` manifest.
    pub manifest_sha256: [u8; 32],
    /// The child's tree size.
    pub tree_size: u64,
    /// The child's root.
    pub root: [u8; 32],
    /// SHA-256 of the child's `tally.csv`.
    pub tally_sha256: [u8; 32],
    /// Ballots returned at the child.
    pub returned: u64,
}

impl StationLine {
    /// The CSV line (no line end).
    pub fn to_line(&self) -> String {
        format!(
            "{},{},{},{},{},{}",
            self.station_id,
            hex(&self.manifest_sha256),
            self.tree_size,
            hex(&self.root),
            hex(&self.tally_sha256),
            self.returned
        )
    }

    /// Parses one data line.
    pub fn parse(line: &str) -> std::result::Result<StationLine, (String, String)> {
        let f: Vec<&str> = line.split(',').collect();
        let bad = |field: &str, m: &str| (field.to_string(), m.to_string());
        if f.len() != 6 {
            return Err(bad("", "expected 6 fields"));
        }
        if !valid_id(f[0]) {
            return Err(bad("station_id", "not a valid id"));
        }
        Ok(StationLine {
            station_id: f[0].to_string(),
            manifest_sha256: parse_hex32(f[1])
                .ok_or_else(|| bad("manifest_sha256", "not 64 lowercase hex"))?,
            tree_size: parse_plain_count(f[2]).ok_or_else(|| bad("tree_size", "not a count"))?,
            root: parse_hex32(f[3]).ok_or_else(|| bad("root_sha256", "not 64 lowercase hex"))?,
            tally_sha256: parse_hex32(f[4])
                .ok_or_else(|| bad("tally_sha256", "not 64 lowercase hex"))?,
            returned: parse_plain_count(f[5]).ok_or_else(|| bad("returned", "not a count"))?,
        })
    }
}

/// The files of a record held in memory: relative `/`-separated path → bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFiles {
    /// Every regular file, by relative path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Entries that are not regular files (symlinks, devices), by relative path.
    pub irregular: Vec<String>,
}

impl RecordFiles {
    /// Reads every file under `dir`.
    pub fn read(dir: &std::path::Path) -> Result<RecordFiles> {
        let mut out = RecordFiles::default();
        read_into(dir, "", &mut out)?;
        Ok(out)
    }

    /// The bytes of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// The files under `prefix/` as a record of their own (paths relative to it).
    pub fn sub(&self, prefix: &str) -> RecordFiles {
        let p = format!("{prefix}/");
        RecordFiles {
            files: self
                .files
                .range(p.clone()..)
                .take_while(|(k, _)| k.starts_with(&p))
                .map(|(k, v)| (k[p.len()..].to_string(), v.clone()))
                .collect(),
            irregular: self
                .irregular
                .iter()
                .filter_map(|k| k.strip_prefix(&p).map(String::from))
                .collect(),
        }
    }

    /// Writes every file under `dir` (which must exist).
    pub fn write_to(&self, dir: &std::path::Path) -> std::io::Result<()> {
        for (path, bytes) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, bytes)?;
        }
        Ok(())
    }
}

fn read_into(dir: &std::path::Path, prefix: &str, out: &mut RecordFiles) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        names.push(entry);
    }
    for entry in names {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let kind = entry.file_type().map_err(|e| Error::io(entry.path(), e))?;
        if kind.is_dir() {
            read_into(&entry.path(), &rel, out)?;
        } else if kind.is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            out.files.insert(rel, bytes);
        } else {
            out.irregular.push(rel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUB: &str = "RWRtYmzsoKiqK0VUSs6FOvgrzizclTOrVbYtuc7ObeymgRNOqaUKdmD1";

    fn toml_text(extra: &str) -> String {
        format!(
            "id = \"e1\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\", \"B\"]\n\
             {extra}\n[committee]\nthreshold = 1\nmembers = [{{ id = \"wang\", key = \"{PUB}\" }}]\n"
        )
    }

    #[test]
    fn election_json_round_trips_canonically() {
        let text = toml_text("receipts = true\n[tiebreak]\nseed = \"12345\"\n");
        let info = ElectionInfo::derive(text.as_bytes(), &["A".into(), "B".into()], 1).unwrap();
        let bytes = info.to_bytes();
        let s = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            s.starts_with("{\"beacon\":\"12345\",\"candidates\":[\"A\",\"B\"],"),
            "{s}"
        );
        assert!(s.ends_with("}\n"));
        assert_eq!(ElectionInfo::parse(&bytes).unwrap(), info);
        canonical::check_strings_and_integers(&info.to_json(), "$").unwrap();
    }

    #[test]
    fn election_facts_errors_name_the_field() {
        let e = ElectionFacts::parse(b"method = \"x\"\n", "e.toml").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("id"));
        let bad_key = toml_text("").replace(PUB, "RWRbad");
        let e = ElectionFacts::parse(bad_key.as_bytes(), "e.toml").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee.members[1].key"));
        let bad_k = toml_text("").replace("threshold = 1", "threshold = 2");
        let e = ElectionFacts::parse(bad_k.as_bytes(), "e.toml").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee.threshold"));
        let no_committee = "id = \"e\"\nmethod = \"plurality\"\n";
        let e = ElectionInfo::derive(no_committee.as_bytes(), &[], 1).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee"));
    }

    #[test]
    fn head_tally_lots_round_trip() {
        let lines = ["a,1", "b,2"];
        let head = Head::of("e1", Role::Station, &lines, b"x");
        assert_eq!(Head::parse(&head.to_bytes()).unwrap(), head);
        let mut tally = Tally::new();
        for (m, c, n) in [
            ("votes", "B", 2),
            ("returned", "", 3),
            ("votes", "A", 1),
            ("valid", "", 3),
        ] {
            tally.insert(
                TallyKey {
                    measure: m.into(),
                    candidate: c.into(),
                },
                n,
            );
        }
        let bytes = tally_to_bytes(&tally, &["A".into(), "B".into()]).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "measure,candidate,count\nreturned,,3\nvalid,,3\nvotes,A,1\nvotes,B,2\n"
        );
        assert_eq!(parse_tally(&bytes).unwrap(), tally);
        let lot = crate::lot::draw_lot(
            &[3; 32],
            "e1/1",
            "beacon, \"x\"",
            &["B".into(), "A".into(), "C".into()],
        );
        let bytes = lots_to_bytes(std::slice::from_ref(&lot)).unwrap();
        assert_eq!(parse_lots(&bytes).unwrap(), vec![lot]);
        let line = StationLine {
            station_id: "s1".into(),
            manifest_sha256: [1; 32],
            tree_size: 5,
            root: [2; 32],
            tally_sha256: [3; 32],
            returned: 5,
        };
        assert_eq!(StationLine::parse(&line.to_line()).unwrap(), line);
    }
}
