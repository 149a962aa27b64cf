//! The body of a CSV ballot file (marks, ranks, choices): every record after the header
//! parsed by its format's [`RecordReader`], identical ballots aggregated into distinct ones,
//! and every ballot listed in the [`BallotRoll`], ids checked unique once sorted. Large
//! quote-free bodies are read in two parts on two threads ([`crate::fast`]'s split).

use crate::ballot::roll::BallotRoll;
use crate::error::{Collector, Error, Result};
use crate::fast::{
    estimate_rows, in_two_parts, line_start_after, Gather, Interner, Records, KEY_BATCH,
    PUBLISH_LINES,
};
use std::borrow::Cow;

/// A CSV ballot format's reading of one record into its content (a ranking, a marks
/// ballot), for [`read_csv_body`].
pub(crate) trait RecordReader: Sync {
    /// What one ballot says.
    type Content: Clone + Eq + std::hash::Hash + Send;
    /// An empty content to parse into.
    fn empty(&self) -> Self::Content;
    /// Parses one record (the quote-free raw line when there is one, else its fields) into
    /// `content` and returns the trimmed `ballot_id`; errors name file, line and field.
    fn parse<'a>(
        &self,
        raw: Option<&'a str>,
        fields: &[Cow<'a, str>],
        line: u64,
        content: &mut Self::Content,
    ) -> Result<Cow<'a, str>>;
    /// An exact 128-bit key for small contents (the common case), else `None`.
    fn pack(content: &Self::Content) -> Option<u128>;
    /// What the distinct ballots are gathered into once the body is read.
    type Gathered: Gather<Self::Content>;
}

/// One part of a CSV body read by one thread.
struct BodyPart<C> {
    interner: Interner<C>,
    roll: BallotRoll,
    /// The line number after the part's last line.
    next_line: u64,
    /// Whether the part met a quoted record (then the body is read again in one piece).
    quoted: bool,
}

/// Reads the records of `text` (a part of the file starting on line `first_line`); every
/// [`PUBLISH_LINES`] records (and at the end) `publish` is shown the distinct ballots so far.
fn read_body_part<R: RecordReader>(
    reader: &R,
    name: &str,
    text: &str,
    first_line: u64,
    stop_at_quotes: bool,
    publish: &mut dyn FnMut(&Interner<R::Content>),
) -> Result<BodyPart<R::Content>> {
    let rows = estimate_rows(text);
    let mut records = Records::from_str(name, text, first_line);
    let mut part = BodyPart {
        interner: Interner::with_capacity(rows / 4),
        roll: BallotRoll::with_capacity(rows, rows * 12),
        next_line: first_line,
        quoted: false,
    };
    let mut fields: Vec<Cow<str>> = Vec::new();
    let mut content = reader.empty();
    // Ballots with packed keys wait here to be added as a batch: keys, then (id, line).
    let mut keys: Vec<u128> = Vec::with_capacity(KEY_BATCH);
    let mut waiting: Vec<(Cow<str>, u64)> = Vec::with_capacity(KEY_BATCH);
    let mut positions = [0u32; KEY_BATCH];
    let flush = |part: &mut BodyPart<R::Content>,
                 keys: &mut Vec<u128>,
                 waiting: &mut Vec<(Cow<str>, u64)>,
                 positions: &mut [u32; KEY_BATCH]|
     -> Result<()> {
        part.interner
            .add_packed_batch(keys, &mut positions[..keys.len()]);
        for ((id, line), &k) in waiting.drain(..).zip(positions.iter()) {
            part.roll.push(&id, line, k, name)?;
        }
        keys.clear();
        Ok(())
    };
    let mut read = 0u64;
    while let Some((line, raw)) = records.next_raw(&mut fields)? {
        if raw.is_none() && stop_at_quotes {
            part.quoted = true;
            return Ok(part);
        }
        read += 1;
        if read % PUBLISH_LINES == 0 {
            publish(&part.interner);
        }
        let id = reader.parse(raw, &fields, line, &mut content)?;
        // An empty id is reported on its own line, before any later line's error.
        BallotRoll::check_id(&id, name, line)?;
        match R::pack(&content) {
            Some(key) => {
                keys.push(key);
                waiting.push((id, line));
                if keys.len() == KEY_BATCH {
                    flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
                }
            }
            None => {
                flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
                let k = part.interner.add(&content, None, 1);
                part.roll.push(&id, line, k, name)?;
            }
        }
    }
    flush(&mut part, &mut keys, &mut waiting, &mut positions)?;
    publish(&part.interner);
    part.next_line = records.line();
    if stop_at_quotes {
        // A part of a larger body: sort here, on this thread; the parts' orders are merged.
        part.roll.sort();
    }
    Ok(part)
}

/// What reading a CSV body gives: the distinct ballots with their weights (first-appearance
/// order) and the roll of every ballot.
pub(crate) type BodyRead<G> = (G, BallotRoll);

/// Bodies at least this large are read on two threads.
pub(crate) const PARALLEL_BODY_BYTES: usize = 1 << 20;

/// Reads every record after the header (`records` stands just after it): aggregates
/// identical ballots and lists every ballot in the roll, ids checked unique and sorted.
/// Quote-free bodies of at least `split_from` bytes are read in two parts on two threads and
/// merged in file order, which gives exactly what one pass gives. A body with errors is read
/// once more to report every bad record ([`every_error`]).
pub(crate) fn read_csv_body<R: RecordReader>(
    reader: &R,
    records: Records<'_>,
    split_from: usize,
) -> Result<BodyRead<R::Gathered>> {
    let (name, body, first_line) = (records.name(), records.rest(), records.line());
    read_csv_body_once(reader, records, split_from)
        .map_err(|first| every_error(reader, name, body, first_line, first))
}

/// The errors of every bad record of a body (starting on line `first_line`) whose reading
/// failed with `first`: the body read again record by record, past each bad one, each error
/// collected (bad cells, empty or duplicate ids; [`crate::error::COLLECTED_PER_FILE`] listed,
/// the rest counted) up to a record that cannot be read at all (a quote left open), whose
/// error ends the list. `first` itself when the records show none (a limit).
fn every_error<R: RecordReader>(
    reader: &R,
    name: &str,
    body: &str,
    first_line: u64,
    first: Error,
) -> Error {
    let mut records = Records::from_str(name, body, first_line);
    let mut fields: Vec<Cow<str>> = Vec::new();
    let mut content = reader.empty();
    let mut errors = Collector::new();
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    loop {
        let (line, raw) = match records.next_raw(&mut fields) {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(e) => {
                errors.push(e);
                break;
            }
        };
        let id = match reader.parse(raw, &fields, line, &mut content) {
            Ok(id) => id,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if let Err(e) = BallotRoll::check_id(&id, name, line) {
            errors.push(e);
            continue;
        }
        match seen.entry(id.into_owned()) {
            std::collections::hash_map::Entry::Occupied(earlier) => errors.push(
                Error::input(format!(
                    "duplicate ballot_id '{}', first on line {}",
                    earlier.key(),
                    earlier.get()
                ))
                .file(name)
                .line(line)
                .field("ballot_id"),
            ),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(line);
            }
        }
    }
    errors.into_error().unwrap_or(first)
}

/// [`read_csv_body`] stopping at the first error.
fn read_csv_body_once<R: RecordReader>(
    reader: &R,
    records: Records<'_>,
    split_from: usize,
) -> Result<BodyRead<R::Gathered>> {
    let name = records.name();
    let body = records.rest();
    let first_line = records.line();
    // The first part is two fifths: its thread also places the second part's ballots.
    let split = (body.len() >= split_from.max(1))
        .then(|| line_start_after(body.as_bytes(), body.len() / 5 * 2))
        .flatten();
    if let Some(at) = split {
        if let Some(read) = read_two_parts(reader, name, body, first_line, at)? {
            return Ok(read);
        }
    }
    let part = read_body_part(reader, name, body, first_line, false, &mut |_| {})?;
    let mut roll = part.roll;
    roll.finish(name)?;
    Ok((part.interner.into_distinct(), roll))
}

/// [`read_csv_body`] of a body cut at `at`, in two parts on two threads; `None` when it must
/// be read in one pass instead (a quoted field may span lines, so a cut may not fall between
/// records: a part that meets quotes stops, and the one pass gives the file's own error).
fn read_two_parts<R: RecordReader>(
    reader: &R,
    name: &str,
    body: &str,
    first_line: u64,
    at: usize,
) -> Result<Option<BodyRead<R::Gathered>>> {
    let (first, second) = body.split_at(at);
    let (a, b) = in_two_parts(
        |receiver| {
            let mut a = read_body_part(reader, name, first, first_line, true, &mut |_| {})?;
            // The second part's distinct ballots, placed with weight 0 as they come (a quoted
            // first part means reading the whole body again instead).
            let mut placed = Vec::new();
            if !a.quoted {
                for block in receiver {
                    a.interner.place_all(block, &mut placed);
                }
            }
            Ok((a, placed))
        },
        |mut publisher| {
            let mut publish = |interner: &Interner<R::Content>| {
                publisher.publish(interner.len(), |new| interner.distinct_from(new.start))
            };
            read_body_part(reader, name, second, 1, true, &mut publish)
        },
    );
    let (mut a, placed) = match a {
        Ok(a) => a,
        // The first part may end inside a quoted field: its error is then not the file's.
        Err(_) if first.contains('"') => return Ok(None),
        Err(e) => return Err(e),
    };
    // The second part's lines are numbered from 1; shift them (and its error).
    let offset = a.next_line - 1;
    let b = b.map_err(|mut e| {
        e.line = e.line.map(|l| l + offset);
        e
    });
    if a.quoted || b.as_ref().is_ok_and(|b| b.quoted) {
        return Ok(None);
    }
    let mut b = b?;
    b.roll.shift_lines(offset);
    let map = a.interner.absorb(b.interner, placed);
    // Joining the rolls and listing the distinct ballots need each other for nothing: they
    // run at once.
    let (interner, mut roll) = (a.interner, a.roll);
    let (finished, distinct) = crate::parallel::join(
        || {
            roll.append(&b.roll, &map);
            roll.finish(name)
        },
        move || interner.into_distinct(),
    );
    finished?;
    Ok(Some((distinct, roll)))
}
