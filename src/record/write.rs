//! Writing records: build every file in memory, list them in `SHA256`, then write the
//! directory atomically (a temporary sibling directory moved into place), and signing.

use super::ballots::ballot_id_of;
use super::files::{
    self, ElectionInfo, Head, RecordFiles, Role, BALLOTS, COMMITMENTS, ELECTION_JSON,
    ELECTION_TOML, HEAD, LOTS, RESULT, SEATS, TALLY,
};
use super::manifest::{self, Entry, MANIFEST};
use super::recount::{Counted, Counter, Named};
use super::secrets::CommitteeSecrets;
use super::signify::SecretKey;
use super::verify::{verify_files, VerifyOptions};
use crate::ballot::election::Secrecy;
use crate::digest::sha256;
use crate::error::{Error, Result};
use std::path::Path;

/// The bytes of a canonical `ballots.csv` from its header and sorted lines.
pub fn ballots_csv(header: &str, lines: &[String]) -> Vec<u8> {
    let mut out =
        String::with_capacity(header.len() + 1 + lines.iter().map(|l| l.len() + 1).sum::<usize>());
    out.push_str(header);
    out.push('\n');
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.into_bytes()
}

/// Adds the files every record holds about its count: `election.toml`, `election.json`,
/// `tally.csv`, `seats.csv`, `result.json`, `lots.csv` (if any lot), `keys/*.pub`.
fn add_outcome(
    files: &mut RecordFiles,
    election_toml: &[u8],
    info: &ElectionInfo,
    counted: &Counted,
) -> Result<()> {
    let f = &mut files.files;
    f.insert(ELECTION_TOML.into(), election_toml.to_vec());
    f.insert(ELECTION_JSON.into(), info.to_bytes());
    f.insert(
        TALLY.into(),
        files::tally_to_bytes(&counted.tally, &counted.candidates)?,
    );
    f.insert(SEATS.into(), files::seats_to_bytes(&counted.seat_rows)?);
    let mut result = super::canonical_form::json(&counted.result).map_err(|m| {
        Error::input(format!("the result cannot be written canonically: {m}")).file(RESULT)
    })?;
    result.push('\n');
    f.insert(RESULT.into(), result.into_bytes());
    if !counted.lots.is_empty() {
        f.insert(LOTS.into(), files::lots_to_bytes(&counted.lots)?);
    }
    for m in &info.committee.members {
        let comment = format!(
            "congress committee member {} of {} public key",
            m.id, info.election_id
        );
        f.insert(files::key_path(&m.id), m.key.to_file(&comment).into_bytes());
    }
    Ok(())
}

/// Lists every file (except `SHA256` and `SHA256.*` at the top) in a new `SHA256`.
pub fn add_manifest(files: &mut RecordFiles) -> Result<()> {
    add_manifest_with(files, Vec::new())
}

/// [`add_manifest`], listing also `written`: files already on disk, not held in `files`.
fn add_manifest_with(files: &mut RecordFiles, written: Vec<Entry>) -> Result<()> {
    files.files.retain(|k, _| !manifest::is_manifest_file(k));
    let mut entries = written;
    entries.reserve(files.files.len());
    for (path, bytes) in &files.files {
        manifest::check_path(path).map_err(|m| Error::input(m).file(path.clone()))?;
        entries.push(Entry {
            path: path.clone(),
            sha256: sha256(bytes),
        });
    }
    files
        .files
        .insert(MANIFEST.into(), manifest::write(&entries).into_bytes());
    Ok(())
}

/// Builds an unsigned station record in memory from the election file and the canonical
/// ballot header and lines (sorted by ballot id), counted by `counter`.
pub fn build_station(
    election_toml: &[u8],
    header: &str,
    lines: &[String],
    counter: &dyn Counter,
    named: Named<'_>,
) -> Result<RecordFiles> {
    for w in lines.windows(2) {
        let (a, b) = (ballot_id_of(&w[0]), ballot_id_of(&w[1]));
        if a.as_bytes() >= b.as_bytes() {
            return Err(Error::input(format!(
                "ballot lines are not sorted by unique ballot_id ({a:?} before {b:?})"
            ))
            .file(BALLOTS));
        }
    }
    let ballots = ballots_csv(header, lines);
    let counted = counter.count(election_toml, &ballots, named)?;
    if !counted.renders(&ballots) {
        return Err(Error::input(
            "the ballots do not re-read to the same canonical lines; the record would not verify",
        )
        .file(BALLOTS));
    }
    let published = Published::Ballots {
        csv: ballots,
        commitments: None,
    };
    assemble_station(election_toml, published, &counted, Vec::new())
}

/// The files of an unsigned station record: `ballots` (a canonical `ballots.csv`) and what
/// `counted` says of them.
/// What a station record publishes of its ballots.
enum Published {
    /// `ballots.csv`, and `commitments.csv` when its lines carry no ids.
    Ballots {
        /// The canonical `ballots.csv`.
        csv: Vec<u8>,
        /// `commitments.csv`, for a record that hides the ids.
        commitments: Option<Vec<u8>>,
    },
    /// Only `commitments.csv` (`secrecy = "tally-only"`).
    Commitments(Vec<u8>),
    /// `ballots.csv`, already written beside the other files ([`write_ballots_csv`]), and
    /// `commitments.csv` for a record that hides the ids.
    Written {
        /// What was written.
        ballots: WrittenLeaves,
        /// `commitments.csv`, for a record that hides the ids.
        commitments: Option<Vec<u8>>,
    },
}

/// A leaves file written to disk as it was rendered: what its head and manifest entry need.
struct WrittenLeaves {
    /// Its data lines (the tree size).
    lines: u64,
    /// SHA-256 of its bytes.
    sha256: [u8; 32],
}

fn assemble_station(
    election_toml: &[u8],
    published: Published,
    counted: &Counted,
    previous: Vec<(String, Vec<u8>)>,
) -> Result<RecordFiles> {
    let info = ElectionInfo {
        secrecy: counted.secrecy,
        ..ElectionInfo::derive(election_toml, &counted.candidates, counted.seats)?
    };
    if info.role == Role::Parent {
        return Err(Error::input(
            "this election lists stations; make its record with congress merge",
        )
        .file(ELECTION_TOML)
        .field("stations"));
    }
    let mut files = RecordFiles::default();
    files.files.extend(previous);
    add_outcome(&mut files, election_toml, &info, counted)?;
    // The head commits to the ballots, or, publishing none, to the commitments.
    let (leaves_name, leaves, root) = match published {
        Published::Ballots { csv, commitments } => {
            if let Some(c) = commitments {
                files.files.insert(COMMITMENTS.into(), c);
            }
            (BALLOTS, csv, counted.root)
        }
        Published::Commitments(c) => (COMMITMENTS, c, None),
        Published::Written {
            ballots,
            commitments,
        } => {
            if let Some(c) = commitments {
                files.files.insert(COMMITMENTS.into(), c);
            }
            let root = counted.root.ok_or_else(|| {
                Error::input("the count gave no ballots root for a written ballots.csv")
                    .file(BALLOTS)
            })?;
            let head = Head::with_root_of_digest(&info, ballots.lines, root, ballots.sha256);
            files.files.insert(HEAD.into(), head.to_bytes());
            let entry = Entry {
                path: BALLOTS.into(),
                sha256: ballots.sha256,
            };
            add_manifest_with(&mut files, vec![entry])?;
            return Ok(files);
        }
    };
    let data = super::canonical_form::lines(&leaves)
        .map_err(|(line, m)| Error::input(m).file(leaves_name).line(line))?;
    let data = &data[1..];
    let head = match root {
        Some(root) => Head::with_root(&info, data.len() as u64, root, &leaves),
        None => Head::of(&info, data, &leaves),
    };
    files.files.insert(leaves_name.into(), leaves);
    files.files.insert(HEAD.into(), head.to_bytes());
    add_manifest(&mut files)?;
    Ok(files)
}

/// Writes the canonical file of `lines` as `tmp/ballots.csv`, piece by piece as it is
/// rendered (never held whole), hashing it on the way.
fn write_ballots_csv(
    tmp: &Path,
    lines: &crate::ballot::canonical_ballots::CanonicalLines,
) -> Result<WrittenLeaves> {
    use sha2::Digest;
    use std::io::Write;
    let path = tmp.join(BALLOTS);
    let mut file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut hasher = sha2::Sha256::new();
    let mut failed = None;
    lines.for_each_piece(&mut |piece| {
        hasher.update(piece.as_bytes());
        match file.write_all(piece.as_bytes()) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        }
    });
    if let Some(e) = failed {
        return Err(Error::io(&path, e));
    }
    file.sync_all().map_err(|e| Error::io(&path, e))?;
    Ok(WrittenLeaves {
        lines: lines.len() as u64,
        sha256: hasher.finalize().into(),
    })
}

/// Adds the parent-only files (`stations.csv`, `head.csv`) and the shared outcome files.
pub(crate) fn assemble_parent(
    files: &mut RecordFiles,
    election_toml: &[u8],
    info: &ElectionInfo,
    counted: &Counted,
    stations_csv: Vec<u8>,
    station_lines: &[String],
) -> Result<()> {
    add_outcome(files, election_toml, info, counted)?;
    let refs: Vec<&str> = station_lines.iter().map(String::as_str).collect();
    let head = Head::of(info, &refs, &stations_csv);
    files.files.insert(files::STATIONS.into(), stations_csv);
    files.files.insert(HEAD.into(), head.to_bytes());
    add_manifest(files)
}

/// Checks, before any work, that `dir` can take a new record: a new directory, or with
/// `force` an empty one or a record (its manifest lists exactly its files), never anything
/// else.
pub fn ensure_record_target(dir: &Path, force: bool) -> Result<()> {
    crate::output::ensure_replaceable_dir(dir, force, &manifest::lists_exactly)
}

/// Writes a record directory atomically: into a temporary sibling, then moved into place;
/// refuses to replace an existing `dir` unless `force`.
pub fn write_record(dir: &Path, files: &RecordFiles, force: bool) -> Result<()> {
    write_record_checked(dir, files, force, &|_| Ok(()))
}

/// [`write_record`], running `check` on the temporary directory before it is moved into
/// place; when `check` fails nothing is written.
fn write_record_checked(
    dir: &Path,
    files: &RecordFiles,
    force: bool,
    check: &dyn Fn(&Path) -> Result<()>,
) -> Result<()> {
    ensure_record_target(dir, force)?;
    let tmp = crate::output::temp_sibling(dir);
    let made = std::fs::create_dir_all(&tmp)
        .and_then(|_| files.write_to(&tmp))
        .map_err(|e| Error::io(dir, e))
        .and_then(|_| check(&tmp));
    if let Err(e) = made {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    crate::output::persist(&tmp, dir, force)
}

/// The check every record `elect` writes passes before it is moved into place: read back
/// from `tmp`, it verifies (every check but the signatures, which come later), so its
/// recount from its own files gives the result that was printed (V30 compares
/// `result.json`, which holds the printed result, with the recount).
fn recounts_as_printed(tmp: &Path) -> Result<()> {
    let files = RecordFiles::read(tmp)?;
    let report = verify_files(
        &files,
        &VerifyOptions {
            skip_signatures: true,
            ..VerifyOptions::default()
        },
        &super::recount::ElectCounter,
    )?;
    let failure = report.failures().next().map(|f| f.render());
    match failure {
        None => Ok(()),
        Some(f) => Err(Error::input(format!(
            "internal check failed: the record as written does not recount to the printed \
             result ({f}); nothing was written"
        ))),
    }
}

/// Signs the record in `dir` as committee member `member` with `key`: checks that the key is
/// that member's key and that the record passes every non-signature check, then writes
/// `SHA256.<member>.sig` atomically. Returns the signature file's path.
pub fn sign_record(
    dir: &Path,
    key: &SecretKey,
    member: &str,
    counter: &dyn Counter,
    force: bool,
) -> Result<std::path::PathBuf> {
    let dir_name = dir.display().to_string();
    if !dir.join(MANIFEST).is_file() {
        return Err(Error::input("not a congress record: no SHA256 manifest").file(dir_name));
    }
    let json_path = dir.join(ELECTION_JSON);
    let json = std::fs::read(&json_path).map_err(|e| Error::io(&json_path, e))?;
    let info = ElectionInfo::parse(&json).map_err(|e| e.file(json_path.display().to_string()))?;
    let Some(m) = info.committee.member(member) else {
        return Err(Error::input(format!(
            "{member:?} is not a member of this record's committee (members: {})",
            info.committee
                .members
                .iter()
                .map(|m| m.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .field("--member"));
    };
    if m.key != key.public() {
        return Err(Error::input(format!(
            "this key (key number {}) is not member {member:?}'s key in the committee (key number {})",
            crate::digest::hex(&key.keynum),
            crate::digest::hex(&m.key.keynum)
        ))
        .field("--key"));
    }
    let files = RecordFiles::read(dir)?;
    let report = verify_files(
        &files,
        &VerifyOptions {
            skip_signatures: true,
            ..VerifyOptions::default()
        },
        counter,
    )?;
    if let Some(f) = report.failures().next() {
        return Err(Error::input(format!(
            "refusing to sign a record that fails verification: {}",
            f.render()
        ))
        .file(dir_name));
    }
    let manifest = files.get(MANIFEST).unwrap_or_default();
    let sig = key.sign(manifest);
    let comment = format!(
        "verify with keys/{member}.pub (congress record {}, member {member})",
        info.election_id
    );
    let path = dir.join(files::sig_path(member));
    let bytes = sig.to_file(&comment).into_bytes();
    if !force && std::fs::read(&path).ok().as_deref() == Some(&bytes[..]) {
        return Ok(path);
    }
    crate::output::write_atomic(&path, &bytes, force)?;
    Ok(path)
}

/// Signs an in-memory record as `member` (no checks; for tests and tools).
pub fn sign_files(files: &mut RecordFiles, key: &SecretKey, member: &str) {
    let manifest = files.get(MANIFEST).unwrap_or_default();
    let sig = key.sign(manifest);
    files.files.insert(
        files::sig_path(member),
        sig.to_file(&format!("verify with keys/{member}.pub"))
            .into_bytes(),
    );
}

/// Checks, before any ballot is read, that `election` can have a station record: it names a
/// committee to sign it and lists no stations (a parent record is made by `merge`).
pub fn check_recordable(election: &crate::ballot::election::Election) -> Result<()> {
    if let Some((_, line)) = &election.candidates_file {
        return Err(Error::input(
            "a record holds the election file byte for byte but not yet a candidates_file: \
             describe the candidates with [[candidate]] tables in the election file, which \
             the record then holds and recounts with",
        )
        .file(election.file.clone())
        .line(*line)
        .field("candidates_file"));
    }
    if election.committee.is_none() {
        return Err(Error::input(
            "a record must be signed: add [committee] with threshold and members (id and \
             signify public key of each member)",
        )
        .file(election.file.clone())
        .field("committee"));
    }
    if election.stations.is_some() {
        return Err(Error::input(
            "this election lists stations; make its record with congress merge",
        )
        .file(election.file.clone())
        .field("stations"));
    }
    Ok(())
}

/// Writes the (unsigned) station record of a counted election: `congress elect … --record DIR`.
/// The record states `printed`, the result of counting `ballots` (the current format's
/// canonical lines); before it is moved into place it is read back and recounted from its
/// own files exactly as `verify` does, and it is written only when that recount gives
/// `printed` again.
pub fn record_election(
    election: &crate::ballot::election::Election,
    ballots: crate::ballot::BallotBox,
    printed: &crate::ballot::result::ElectionResult,
    dir: &Path,
    force: bool,
    secrets: Option<&Path>,
) -> Result<()> {
    let secrets_path = secrets
        .map(Path::to_path_buf)
        .unwrap_or_else(|| CommitteeSecrets::default_path(dir));
    let secrets_existed = secrets_path.exists();
    let mut secrecy = Secrecy::None;
    let written = record_counted(
        election,
        ballots,
        printed,
        dir,
        force,
        &secrets_path,
        &mut secrecy,
    );
    // A record that was not written leaves no secrets of its own behind.
    if written.is_err() && !secrets_existed && secrecy != Secrecy::None {
        let _ = std::fs::remove_file(&secrets_path);
    }
    written
}

/// [`record_election`] once the secrets file is known: the files published as the secrecy
/// mode (set in `secrecy` as soon as it is known) says, checked and written. `ballots.csv`
/// is written into the temporary directory as it is rendered, then the files that describe
/// it; the ballots are freed, and the whole is read back and recounted.
fn record_counted(
    election: &crate::ballot::election::Election,
    ballots: crate::ballot::BallotBox,
    printed: &crate::ballot::result::ElectionResult,
    dir: &Path,
    force: bool,
    secrets: &Path,
    secrecy: &mut Secrecy,
) -> Result<()> {
    use crate::ballot::canonical_ballots::{CanonicalLines, LineLayout};
    let lines = CanonicalLines::new(&ballots, election, LineLayout::current(&ballots, election));
    let root = match super::files::parse_hex32(&printed.ballots_root) {
        Some(root) => root,
        None => lines.root(),
    };
    // The record's files say what `printed` says; the canonical text goes into ballots.csv
    // (the comparison with a recount is the check's).
    let counted =
        super::elect_counter::counted_of(election, &ballots, printed, String::new(), root)?;
    *secrecy = counted.secrecy;
    let commitments = match counted.secrecy {
        Secrecy::None => None,
        Secrecy::Commitments | Secrecy::TallyOnly => {
            Some(commitments_of(election, &ballots, dir, secrets)?)
        }
    };
    let previous = previous_files(election)?;
    ensure_record_target(dir, force)?;
    let tmp = crate::output::temp_sibling(dir);
    let made = std::fs::create_dir_all(&tmp)
        .map_err(|e| Error::io(dir, e))
        .and_then(|_| {
            let published = match (counted.secrecy, commitments) {
                (Secrecy::TallyOnly, Some(c)) => Published::Commitments(c),
                (Secrecy::None | Secrecy::Commitments | Secrecy::TallyOnly, commitments) => {
                    Published::Written {
                        ballots: write_ballots_csv(&tmp, &lines)?,
                        commitments,
                    }
                }
            };
            assemble_station(&election.raw, published, &counted, previous).map_err(|e| {
                if e.file.as_deref() == Some(ELECTION_TOML) {
                    Error {
                        file: Some(election.file.clone()),
                        ..e
                    }
                } else {
                    e
                }
            })
        })
        .and_then(|files| files.write_to(&tmp).map_err(|e| Error::io(dir, e)));
    // The recount reads everything again from the files: what was read is not needed.
    drop(lines);
    drop(ballots);
    if let Err(e) = made.and_then(|_| recounts_as_printed(&tmp)) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    crate::output::persist(&tmp, dir, force)
}

/// A linked round's record holds the previous round's result as `previous/result.json` (and
/// a previous record's `head.csv` as `previous/head.csv`), checked against the link (V15).
fn previous_files(election: &crate::ballot::election::Election) -> Result<Vec<(String, Vec<u8>)>> {
    use crate::ballot::rounds::{check_link, PREVIOUS_HEAD, PREVIOUS_RESULT};
    let Some(previous) = check_link(election)? else {
        return Ok(Vec::new());
    };
    let mut files = vec![(PREVIOUS_RESULT.to_string(), previous.result_bytes)];
    if let Some(head) = previous.head_bytes {
        files.push((PREVIOUS_HEAD.to_string(), head));
    }
    Ok(files)
}

/// `commitments.csv` of a record in `dir` that publishes no ballot ids: SHA-256(salt ‖ id)
/// of every ballot, the salt from the committee's secrets file (`secrets`, else beside the
/// record: [`CommitteeSecrets::default_path`]), made when it does not exist yet.
fn commitments_of(
    election: &crate::ballot::election::Election,
    ballots: &crate::ballot::BallotBox,
    dir: &Path,
    path: &Path,
) -> Result<Vec<u8>> {
    let inside = match (path.parent(), dir.canonicalize()) {
        (Some(parent), Ok(record)) => parent.canonicalize().is_ok_and(|p| p.starts_with(&record)),
        _ => false,
    } || path.starts_with(dir);
    if inside {
        return Err(Error::usage(format!(
            "--secrets {}: the committee's secrets must be kept outside the record directory",
            path.display()
        )));
    }
    let secrets = CommitteeSecrets::open_or_create(path, &election.id)?;
    let commitments: Vec<[u8; 32]> = (0..ballots.roll.len())
        .map(|i| files::commitment(&secrets.salt, ballots.roll.id(i).as_str()))
        .collect();
    Ok(files::commitments_to_bytes(&commitments))
}
