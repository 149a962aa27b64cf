//! The files of a record directory (`congress-record/2`, and `/1` as earlier versions wrote
//! it), their canonical forms and parsers.
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

use super::canonical_form::{self, csv_line, parse_csv_line};
use super::signify::PublicKey;
pub use crate::ballot::election::{valid_id, Committee, CommitteeMember};
use crate::ballot::election::{Election, Secrecy};
use crate::digest::{hex, sha256};
use crate::error::{Error, Result};
use crate::lot::{Draw, Lot};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The versions of the record format. Each is verified by its own rules; what a count
/// writes into a record (`ballots.csv`, `result.json`, `tally.csv`, `seats.csv`) changes only
/// with a new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordFormat {
    /// `congress-record/1`: ranked ballot lines name the candidates (`choice_k` columns).
    V1,
    /// `congress-record/2`: ranked ballot lines number the candidates (`rank_k` columns);
    /// only ties that can change who is elected need a lot (`"decisive"` in `result.json`);
    /// the writer recounts the record from its files before it is moved into place.
    V2,
}

impl RecordFormat {
    /// The version new records are written in.
    pub const CURRENT: RecordFormat = RecordFormat::V2;
    /// Every version `verify` reads.
    pub const ALL: [RecordFormat; 2] = [RecordFormat::V1, RecordFormat::V2];

    /// The identifier in `head.csv` and `election.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordFormat::V1 => "congress-record/1",
            RecordFormat::V2 => "congress-record/2",
        }
    }

    /// The version an identifier names.
    pub fn parse(id: &str) -> Option<RecordFormat> {
        RecordFormat::ALL.into_iter().find(|f| f.as_str() == id)
    }

    /// How this version's ranked ballot lines refer to candidates.
    pub fn encoding(self) -> crate::ballot::canonical_ballots::CandidateEncoding {
        match self {
            RecordFormat::V1 => crate::ballot::canonical_ballots::CandidateEncoding::Names,
            RecordFormat::V2 => crate::ballot::canonical_ballots::CandidateEncoding::Numbers,
        }
    }

    /// The layout of this version's ballot lines for a record in `secrecy` mode.
    pub fn layout(self, secrecy: Secrecy) -> crate::ballot::canonical_ballots::LineLayout {
        use crate::ballot::canonical_ballots::LineLayout;
        match self {
            RecordFormat::V1 => LineLayout::RECORD_1,
            RecordFormat::V2 => LineLayout {
                encoding: crate::ballot::canonical_ballots::CandidateEncoding::Numbers,
                ids: secrecy.shows_ids(),
            },
        }
    }

    /// How a record of this version publishes ballots the election file would publish as
    /// `decided`: `/1` records always with ids.
    pub fn secrecy(self, decided: Secrecy) -> Secrecy {
        match self {
            RecordFormat::V1 => Secrecy::None,
            RecordFormat::V2 => decided,
        }
    }

    /// When this version's counts draw lots.
    pub fn lot_policy(self) -> crate::ballot::tiebreak::LotPolicy {
        match self {
            RecordFormat::V1 => crate::ballot::tiebreak::LotPolicy::Always,
            RecordFormat::V2 => crate::ballot::tiebreak::LotPolicy::WhenDecisive,
        }
    }

    /// The versions `verify` reads, for error messages.
    fn known() -> String {
        RecordFormat::ALL
            .iter()
            .map(|f| format!("{:?}", f.as_str()))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

impl Default for RecordFormat {
    fn default() -> RecordFormat {
        RecordFormat::CURRENT
    }
}

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
/// The commitments to the ballot ids (records that publish no ids).
pub const COMMITMENTS: &str = "commitments.csv";
/// Header of `commitments.csv`.
pub const COMMITMENTS_HEADER: &str = "commitment";
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

/// Everything `election.json` says: the election facts the record depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionInfo {
    /// The record format version.
    pub format: RecordFormat,
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
    /// How the record publishes the ballots (`secrecy`; records before it: `none`).
    pub secrecy: Secrecy,
}

impl ElectionInfo {
    /// The summary of a record of `election` (a view of the election file), with the
    /// candidates and seats the count reported (the election file may leave them to the
    /// ballot file). A record must be signed: the election names a committee.
    pub fn of(election: &Election, candidates: &[String], seats: u64) -> Result<ElectionInfo> {
        let committee = election.committee.clone().ok_or_else(|| {
            Error::input(
                "a record must be signed: add [committee] with threshold and members \
                 (id and signify public key of each member)",
            )
            .file(&election.file)
            .field("committee")
        })?;
        Ok(ElectionInfo {
            format: RecordFormat::CURRENT,
            role: match election.stations {
                Some(_) => Role::Parent,
                None => Role::Station,
            },
            election_id: election.id.clone(),
            title: election.title.clone(),
            method: election.method_as_written.clone(),
            seats,
            candidates: candidates.to_vec(),
            election_sha256: election.sha256,
            committee,
            receipts: election.receipts,
            beacon: election.tiebreak_seed.clone(),
            roll_size: election.attendance.map(|a| a.entitled),
            children: election.stations.clone().unwrap_or_default(),
            secrecy: election.secrecy.unwrap_or(Secrecy::None),
        })
    }

    /// [`ElectionInfo::of`] the exact bytes of a record's `election.toml`.
    pub fn derive(election_toml: &[u8], candidates: &[String], seats: u64) -> Result<ElectionInfo> {
        let election = Election::from_bytes(ELECTION_TOML, election_toml.to_vec())?;
        ElectionInfo::of(&election, candidates, seats)
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
        map.insert("format".into(), json!(self.format.as_str()));
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
        if self.secrecy != Secrecy::None {
            map.insert("secrecy".into(), json!(self.secrecy.name()));
        }
        Value::Object(map)
    }

    /// The bytes of `election.json`: canonical JSON and a line feed.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut text = canonical_form::json(&self.to_json()).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }

    /// Reads `election.json`; errors name the field.
    pub fn parse(bytes: &[u8]) -> Result<ElectionInfo> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|err| json_error("", format!("not JSON: {err}")))?;
        let obj = JsonObject(
            v.as_object()
                .ok_or_else(|| json_error("", "expected a JSON object"))?,
        );
        let format = RecordFormat::parse(&obj.string("format")?)
            .ok_or_else(|| json_error("format", format!("expected {}", RecordFormat::known())))?;
        let role = match obj.string("role")?.as_str() {
            "station" => Role::Station,
            "parent" => Role::Parent,
            _ => return Err(json_error("role", "expected \"station\" or \"parent\"")),
        };
        let seats = obj
            .0
            .get("seats")
            .and_then(Value::as_u64)
            .ok_or_else(|| json_error("seats", "missing or not a non-negative integer"))?;
        let sha = parse_hex32(&obj.string("election_sha256")?)
            .ok_or_else(|| json_error("election_sha256", "expected 64 lowercase hex digits"))?;
        let committee = committee_of_json(obj.0)?;
        let receipts = match obj.string("receipts")?.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(json_error("receipts", "expected \"yes\" or \"no\"")),
        };
        let roll_size = match obj.0.get("roll_size") {
            None => None,
            Some(x) => Some(
                x.as_u64()
                    .ok_or_else(|| json_error("roll_size", "not a non-negative integer"))?,
            ),
        };
        let children = match role {
            Role::Parent => obj.strings("children")?,
            Role::Station if obj.0.contains_key("children") => {
                return Err(json_error("children", "a station record has no children"))
            }
            Role::Station => Vec::new(),
        };
        let secrecy = match obj.optional_string("secrecy")? {
            None => Secrecy::None,
            Some(name) => Secrecy::ALL
                .into_iter()
                .find(|m| m.name() == name && *m != Secrecy::None && format != RecordFormat::V1)
                .ok_or_else(|| {
                    json_error("secrecy", "expected \"commitments\" or \"tally-only\"")
                })?,
        };
        Ok(ElectionInfo {
            format,
            role,
            election_id: obj.string("election_id")?,
            title: obj.optional_string("title")?,
            method: obj.string("method")?,
            seats,
            candidates: obj.strings("candidates")?,
            election_sha256: sha,
            committee,
            receipts,
            beacon: obj.optional_string("beacon")?,
            roll_size,
            children,
            secrecy,
        })
    }
}

/// An error in `election.json` at `field` (none when empty).
fn json_error(field: &str, message: impl Into<String>) -> Error {
    let e = Error::input(message).file(ELECTION_JSON);
    if field.is_empty() {
        e
    } else {
        e.field(field)
    }
}

/// The top-level object of `election.json`.
struct JsonObject<'a>(&'a Map<String, Value>);

impl JsonObject<'_> {
    fn string(&self, field: &str) -> Result<String> {
        self.0
            .get(field)
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or_else(|| json_error(field, "missing or not a string"))
    }

    fn optional_string(&self, field: &str) -> Result<Option<String>> {
        match self.0.get(field) {
            None => Ok(None),
            Some(Value::String(x)) => Ok(Some(x.clone())),
            Some(_) => Err(json_error(field, "not a string")),
        }
    }

    fn strings(&self, field: &str) -> Result<Vec<String>> {
        self.0
            .get(field)
            .and_then(Value::as_array)
            .ok_or_else(|| json_error(field, "missing or not an array"))?
            .iter()
            .map(|x| {
                x.as_str()
                    .map(String::from)
                    .ok_or_else(|| json_error(field, "not an array of strings"))
            })
            .collect()
    }
}

/// `committee` of `election.json`: `threshold_k`, and `members` with id, key and key number.
fn committee_of_json(obj: &Map<String, Value>) -> Result<Committee> {
    let committee = obj
        .get("committee")
        .and_then(Value::as_object)
        .ok_or_else(|| json_error("committee", "missing or not an object"))?;
    let threshold = committee
        .get("threshold_k")
        .and_then(Value::as_u64)
        .ok_or_else(|| json_error("committee.threshold_k", "missing or not an integer"))?;
    let mut members = Vec::new();
    for m in committee
        .get("members")
        .and_then(Value::as_array)
        .ok_or_else(|| json_error("committee.members", "missing or not an array"))?
    {
        let id = m
            .get("member_id")
            .and_then(Value::as_str)
            .filter(|id| valid_id(id))
            .ok_or_else(|| {
                json_error("committee.members.member_id", "missing or not a valid id")
            })?;
        let key = m
            .get("pubkey")
            .and_then(Value::as_str)
            .ok_or_else(|| json_error("committee.members.pubkey", "missing"))?;
        let key = PublicKey::from_base64(key)
            .map_err(|msg| json_error("committee.members.pubkey", msg))?;
        let keynum = m.get("keynum").and_then(Value::as_str);
        if keynum != Some(hex(&key.keynum).as_str()) {
            return Err(json_error(
                "committee.members.keynum",
                "does not match the key number inside pubkey",
            ));
        }
        members.push(CommitteeMember {
            id: id.to_string(),
            key,
        });
    }
    Ok(Committee { threshold, members })
}

/// SHA-256(salt ‖ ballot id): what `commitments.csv` lists for one ballot.
pub fn commitment(salt: &[u8; 32], ballot_id: &str) -> [u8; 32] {
    let mut bytes = Vec::with_capacity(32 + ballot_id.len());
    bytes.extend_from_slice(salt);
    bytes.extend_from_slice(ballot_id.as_bytes());
    sha256(&bytes)
}

/// The bytes of `commitments.csv`: its header, then the commitments, lowercase hex, sorted.
pub fn commitments_to_bytes(commitments: &[[u8; 32]]) -> Vec<u8> {
    let mut lines: Vec<String> = commitments.iter().map(|c| hex(c)).collect();
    lines.sort_unstable();
    let mut out = String::with_capacity(COMMITMENTS_HEADER.len() + 1 + lines.len() * 65);
    out.push_str(COMMITMENTS_HEADER);
    out.push('\n');
    for l in &lines {
        out.push_str(l);
        out.push('\n');
    }
    out.into_bytes()
}

/// Reads `commitments.csv`: the header, then one commitment (64 lowercase hex) per line,
/// sorted and unique; errors name the line.
pub fn parse_commitments(bytes: &[u8]) -> Result<Vec<[u8; 32]>> {
    let bad = |line: u64, m: String| Error::input(m).file(COMMITMENTS).line(line);
    let lines = canonical_form::lines(bytes).map_err(|(line, m)| bad(line, m))?;
    if lines[0] != COMMITMENTS_HEADER {
        return Err(bad(1, format!("expected the header {COMMITMENTS_HEADER}")));
    }
    let mut out: Vec<[u8; 32]> = Vec::with_capacity(lines.len() - 1);
    for (i, l) in lines[1..].iter().enumerate() {
        let n = i as u64 + 2;
        let c = parse_hex32(l).ok_or_else(|| bad(n, "expected 64 lowercase hex digits".into()))?;
        if let Some(prev) = out.last() {
            if *prev >= c {
                return Err(bad(
                    n,
                    "commitments are sorted and unique (each ballot id once)".into(),
                ));
            }
        }
        out.push(c);
    }
    Ok(out)
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

/// An error in the record file `file` at `line` and `field` (none when empty).
fn file_error(file: &str, line: u64, field: &str, message: impl Into<String>) -> Error {
    let e = Error::input(message).file(file).line(line);
    if field.is_empty() {
        e
    } else {
        e.field(field)
    }
}

/// The lines of a record CSV file whose first line must be `header`.
fn lines_under<'a>(bytes: &'a [u8], file: &str, header: &str) -> Result<Vec<&'a str>> {
    let lines =
        canonical_form::lines(bytes).map_err(|(l, m)| Error::input(m).file(file).line(l))?;
    if lines.first() != Some(&header) {
        return Err(file_error(file, 1, "", format!("expected header {header}")));
    }
    Ok(lines)
}

/// The signed tree head (`head.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The record format version.
    pub format: RecordFormat,
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
    /// The head of a leaves file (`ballots.csv` or `stations.csv` bytes) of the record
    /// `info` describes.
    pub fn of(info: &ElectionInfo, data_lines: &[&str], leaves_file: &[u8]) -> Head {
        let root = crate::merkle::root(data_lines.iter().map(|l| l.as_bytes()));
        Head::with_root(info, data_lines.len() as u64, root, leaves_file)
    }

    /// The head of a leaves file whose root is already known.
    pub fn with_root(
        info: &ElectionInfo,
        tree_size: u64,
        root: [u8; 32],
        leaves_file: &[u8],
    ) -> Head {
        Head::with_root_of_digest(info, tree_size, root, sha256(leaves_file))
    }

    /// The head of a leaves file whose root and SHA-256 are already known (a file hashed as
    /// it was written).
    pub fn with_root_of_digest(
        info: &ElectionInfo,
        tree_size: u64,
        root: [u8; 32],
        leaves_sha256: [u8; 32],
    ) -> Head {
        Head {
            format: info.format,
            record_id: info.election_id.clone(),
            role: info.role,
            tree_size,
            root,
            leaves_sha256,
        }
    }

    /// The bytes of `head.csv`.
    pub fn to_bytes(&self) -> Vec<u8> {
        format!(
            "{HEAD_HEADER}\n{},{},{},{},{},{}\n",
            self.format.as_str(),
            self.record_id,
            self.role.as_str(),
            self.tree_size,
            hex(&self.root),
            hex(&self.leaves_sha256)
        )
        .into_bytes()
    }

    /// Reads `head.csv`; errors name line and field.
    pub fn parse(bytes: &[u8]) -> Result<Head> {
        let lines = lines_under(bytes, HEAD, HEAD_HEADER)?;
        if lines.len() != 2 {
            return Err(file_error(
                HEAD,
                lines.len() as u64,
                "",
                "expected exactly one data line",
            ));
        }
        let f: Vec<&str> = lines[1].split(',').collect();
        let bad = |field: &str, m: &str| file_error(HEAD, 2, field, m);
        if f.len() != 6 {
            return Err(bad("", "expected 6 fields"));
        }
        let format = RecordFormat::parse(f[0])
            .ok_or_else(|| bad("format", &format!("expected {}", RecordFormat::known())))?;
        let role = match f[2] {
            "station" => Role::Station,
            "parent" => Role::Parent,
            _ => return Err(bad("role", "expected station or parent")),
        };
        Ok(Head {
            format,
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
    Ok(canonical_form::csv_file(&lines).into_bytes())
}

/// Reads `tally.csv`; errors name line and field.
pub fn parse_tally(bytes: &[u8]) -> Result<Tally> {
    let lines = lines_under(bytes, TALLY, TALLY_HEADER)?;
    let mut tally = Tally::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let n = i as u64 + 1;
        let bad = |field: &str, m: &str| file_error(TALLY, n, field, m);
        let f = parse_csv_line(line).map_err(|m| bad("", &m))?;
        if f.len() != 3 {
            return Err(bad("", "expected 3 fields"));
        }
        let count = parse_plain_count(&f[2]).ok_or_else(|| bad("count", "not a count"))?;
        let key = TallyKey {
            measure: f[0].clone(),
            candidate: f[1].clone(),
        };
        if tally.insert(key, count).is_some() {
            return Err(bad("measure", "listed twice"));
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
    Ok(canonical_form::csv_file(&lines).into_bytes())
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
    Ok(canonical_form::csv_file(&lines).into_bytes())
}

/// Reads `lots.csv`; errors name line and field.
pub fn parse_lots(bytes: &[u8]) -> Result<Vec<Lot>> {
    let lines = lines_under(bytes, LOTS, LOTS_HEADER)?;
    let mut lots: Vec<Lot> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let n = i as u64 + 1;
        let bad = |f: &str, m: &str| file_error(LOTS, n, f, m);
        let f = parse_csv_line(line).map_err(|m| bad("", &m))?;
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
        add_lot_line(lot, &f[1], index, &f[3], &bad)?;
    }
    Ok(lots)
}

/// One line of a lot after its `contest_id`: `field`, `index` (1, 2, … within a list; 0 for
/// the beacon, root and seed) and `value`.
fn add_lot_line(
    lot: &mut Lot,
    field: &str,
    index: usize,
    value: &str,
    bad: &dyn Fn(&str, &str) -> Error,
) -> Result<()> {
    let expect_index = |len: usize| -> Result<()> {
        if index != len + 1 {
            return Err(bad("index", &format!("expected {}", len + 1)));
        }
        Ok(())
    };
    match field {
        "beacon" | "root" | "seed" if index != 0 => return Err(bad("index", "expected 0")),
        "beacon" => lot.beacon = value.to_string(),
        "root" => lot.root_hex = value.to_string(),
        "seed" => lot.seed_hex = value.to_string(),
        "candidate" => {
            expect_index(lot.candidates.len())?;
            lot.candidates.push(value.to_string());
        }
        "order" => {
            expect_index(lot.order.len())?;
            lot.order.push(value.to_string());
        }
        "draw" => {
            expect_index(lot.draws.len())?;
            lot.draws.push(parse_draw(value, bad)?);
        }
        other => return Err(bad("field", &format!("unknown field {other:?}"))),
    }
    Ok(())
}

/// A `draw` value: `<position> <u64> <chosen index|rejected>`.
fn parse_draw(value: &str, bad: &dyn Fn(&str, &str) -> Error) -> Result<Draw> {
    let parts: Vec<&str> = value.split(' ').collect();
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
        c => Some(parse_plain_count(c).ok_or_else(|| bad("value", "bad chosen index"))? as usize),
    };
    Ok(Draw {
        position: pos as usize,
        value,
        rejected: chosen.is_none(),
        chosen,
    })
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

    /// Parses one data line; errors name the field (the caller knows the line).
    pub fn parse(line: &str) -> Result<StationLine> {
        let f: Vec<&str> = line.split(',').collect();
        let bad = |field: &str, m: &str| {
            let e = Error::input(m).file(STATIONS);
            if field.is_empty() {
                e
            } else {
                e.field(field)
            }
        };
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
        canonical_form::check_strings_and_integers(&info.to_json(), "$").unwrap();
    }

    #[test]
    fn election_file_errors_name_the_field() {
        let parse = |text: &[u8]| Election::from_bytes("e.toml", text.to_vec());
        let e = parse(b"method = \"x\"\n").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("id"));
        let bad_key = toml_text("").replace(PUB, "RWRbad");
        let e = parse(bad_key.as_bytes()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee.members.key"));
        assert_eq!(e.line, Some(8));
        let bad_k = toml_text("").replace("threshold = 1", "threshold = 2");
        let e = parse(bad_k.as_bytes()).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee.threshold"));
        let no_committee = "id = \"e\"\nmethod = \"plurality\"\nseats = 1\ncandidates = [\"A\"]\n";
        let e = ElectionInfo::derive(no_committee.as_bytes(), &[], 1).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("committee"));
    }

    #[test]
    fn election_json_is_a_view_of_the_election_file() {
        let text = toml_text(
            "title = \"\"\nstations = [\"s1\", \"s2\"]\n[attendance]\nentitled = 9\npresent = 7\n",
        );
        let election = Election::from_bytes(ELECTION_TOML, text.clone().into_bytes()).unwrap();
        let info = ElectionInfo::of(&election, &["A".into(), "B".into()], 1).unwrap();
        assert_eq!(
            info,
            ElectionInfo::derive(text.as_bytes(), &["A".into(), "B".into()], 1).unwrap()
        );
        assert_eq!(info.role, Role::Parent);
        assert_eq!(info.children, ["s1", "s2"]);
        assert_eq!(info.roll_size, Some(9));
        assert_eq!(info.title.as_deref(), Some(""));
        assert_eq!(info.election_sha256, sha256(text.as_bytes()));
        assert_eq!(info.committee, election.committee.unwrap());
    }

    #[test]
    fn head_tally_lots_round_trip() {
        let lines = ["a,1", "b,2"];
        let mut info = ElectionInfo::derive(toml_text("").as_bytes(), &["A".into()], 1).unwrap();
        let head = Head::of(&info, &lines, b"x");
        assert_eq!(Head::parse(&head.to_bytes()).unwrap(), head);
        assert!(String::from_utf8(head.to_bytes())
            .unwrap()
            .contains("\ncongress-record/2,e1,station,2,"));
        // Records of earlier versions read back as what they are.
        info.format = RecordFormat::V1;
        let old = Head::of(&info, &lines, b"x");
        assert!(String::from_utf8(old.to_bytes())
            .unwrap()
            .contains("\ncongress-record/1,"));
        assert_eq!(Head::parse(&old.to_bytes()).unwrap(), old);
        assert_eq!(ElectionInfo::parse(&info.to_bytes()).unwrap(), info);
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
