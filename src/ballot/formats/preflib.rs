//! The PrefLib ballot file reader: `.soc`, `.soi`, `.toc`, `.toi` (<https://preflib.org/format>).
//!
//! A file starts with `#` metadata lines, then one `count: ranking` line per distinct order:
//! ```text
//! # DATA TYPE: toi
//! # NUMBER ALTERNATIVES: 3
//! # NUMBER VOTERS: 7
//! # ALTERNATIVE NAME 1: Alice
//! # ALTERNATIVE NAME 2: Bob
//! # ALTERNATIVE NAME 3: Carol
//! 4: 1,{2,3}
//! 3: 3
//! ```
//! Alternatives are numbered from 1; `{a,b}` is a group ranked equally (read as
//! [`RankEntry::Tied`]). The data type comes from `# DATA TYPE`, else from the file
//! extension, else `toi` (the most general). `soc`/`soi` are strict orders (no `{a,b}`
//! groups); `soc`/`toc` are complete orders (every alternative ranked). Checked, each
//! failure an input error naming the file and line: counts are whole numbers ≥ 1,
//! alternative numbers are in range, no alternative appears twice in one order, every
//! alternative has a name (or the election names them), names are unique, the counts add up
//! to `# NUMBER VOTERS` and the order lines number `# NUMBER UNIQUE ORDERS` where these are
//! given. Identical orders are merged into one weighted ranking while reading (one hash look-up
//! per line, of the order packed into 64 bits; see `Aggregator`); large files are read in two
//! halves on two threads and merged in file order. Each ballot is listed in the roll with the
//! id `b<line>` (a count of 1) or `b<line>.<k>`, k = 1…count, zero-padded so that ids sort in file
//! order (see [`line_id`](crate::ballot::roll::line_id)).

use crate::ballot::ranked::{RankEntry, RankedProfile, WeightedRanking};
use crate::ballot::roll::BallotRoll;
use crate::ballot::{BallotBox, CandidateIndex};
use crate::error::{Error, Result};
use crate::fast::{digits, find_newline, line_start_after, push_number, FastMap};
use crate::input::Source;

/// The four PrefLib order types this reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    /// Strict, complete orders.
    Soc,
    /// Strict, incomplete orders.
    Soi,
    /// Orders with ties, complete.
    Toc,
    /// Orders with ties, incomplete.
    Toi,
}

impl DataType {
    /// The type named by a `# DATA TYPE` value or a file extension (`soc`, `soi`, `toc`, `toi`).
    pub fn parse(s: &str) -> Option<DataType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "soc" => Some(DataType::Soc),
            "soi" => Some(DataType::Soi),
            "toc" => Some(DataType::Toc),
            "toi" => Some(DataType::Toi),
            _ => None,
        }
    }

    fn strict(self) -> bool {
        matches!(self, DataType::Soc | DataType::Soi)
    }

    fn complete(self) -> bool {
        matches!(self, DataType::Soc | DataType::Toc)
    }

    fn name(self) -> &'static str {
        match self {
            DataType::Soc => "soc",
            DataType::Soi => "soi",
            DataType::Toc => "toc",
            DataType::Toi => "toi",
        }
    }
}

/// The lines of a text with their 1-based numbers, `\r\n` or `\n` ended. (Splits on the
/// byte `\n` directly: `str::split` with a char pattern costs a `memcmp` call per line.)
struct Lines<'a> {
    text: &'a str,
    position: usize,
    number: u64,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (u64, &'a str);

    fn next(&mut self) -> Option<(u64, &'a str)> {
        let rest = self.text.get(self.position..)?;
        if rest.is_empty() && self.position > 0 && self.position >= self.text.len() {
            self.position = self.text.len() + 1;
            return None;
        }
        let end = find_newline(rest.as_bytes(), 0);
        let line = &rest[..end];
        self.position += end + 1;
        self.number += 1;
        Some((self.number, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// Splits `count: ranking` at the first colon.
fn split_at_colon(line: &str) -> Option<(&str, &str)> {
    let at = line.bytes().position(|b| b == b':')?;
    Some((&line[..at], &line[at + 1..]))
}

/// Packs short orders of single alternatives into one `u64`: the length in the low 4 bits,
/// then each alternative number in `bits` bits (enough for the largest number).
struct Packer {
    bits: u32,
    max_len: usize,
}

impl Packer {
    /// A packer for `size` alternatives; `None` when numbers need more than 8 bits.
    fn new(size: usize) -> Option<Packer> {
        let bits = usize::BITS - size.leading_zeros();
        if size == 0 || bits > 8 {
            return None;
        }
        Some(Packer {
            bits,
            max_len: (60 / bits as usize).min(15),
        })
    }

    /// The key of an order written as alternative numbers separated by commas (spaces
    /// allowed), short enough to pack; `None` for any other text.
    fn key_of_text(&self, text: &str) -> Option<u64> {
        let b = text.as_bytes();
        let limit = 1u32 << self.bits;
        let mut key = 0u64;
        let mut n = 0usize;
        let mut i = 0usize;
        let skip = |i: &mut usize| {
            while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
                *i += 1;
            }
        };
        skip(&mut i);
        if i < b.len() {
            loop {
                skip(&mut i);
                let start = i;
                let mut value: u32 = 0;
                while i < b.len() && b[i].is_ascii_digit() && i - start < 4 {
                    value = value * 10 + u32::from(b[i] - b'0');
                    i += 1;
                }
                if i == start || value == 0 || value >= limit || n == self.max_len {
                    return None;
                }
                key |= u64::from(value) << (4 + self.bits * n as u32);
                n += 1;
                skip(&mut i);
                if i == b.len() {
                    break;
                }
                if b[i] != b',' {
                    return None;
                }
                i += 1;
            }
        }
        Some(key | n as u64)
    }

    /// The key of a parsed ranking, when it is one [`Packer::key_of_text`] can express.
    fn key_of_ranking(&self, ranking: &[RankEntry], to_alternative: &[u32]) -> Option<u64> {
        if ranking.len() > self.max_len {
            return None;
        }
        let mut key = 0u64;
        for (n, entry) in ranking.iter().enumerate() {
            let RankEntry::Single(c) = entry else {
                return None;
            };
            let a = *to_alternative.get(*c as usize)?;
            key |= u64::from(a) << (4 + self.bits * n as u32);
        }
        Some(key | ranking.len() as u64)
    }
}

/// Metadata read from the `#` lines.
#[derive(Default)]
struct Header {
    data_type: Option<DataType>,
    alternatives: Option<(usize, u64)>,
    voters: Option<(u64, u64)>,
    unique_orders: Option<(u64, u64)>,
    title: Option<String>,
    names: Vec<(usize, String, u64)>,
}

/// Files with more than this many bytes of orders are read in two halves on two threads
/// (the result is the same: the halves are merged in file order).
const PARALLEL_FROM_BYTES: usize = 1 << 22;

/// Reads a PrefLib file; `candidates`, when given, are the election's names (the file's
/// alternatives must be the same names, in any order; the election's order is kept).
pub fn read(source: &Source, candidates: Option<&[String]>) -> Result<BallotBox> {
    read_split(
        source,
        candidates,
        crate::parallel::split_from(PARALLEL_FROM_BYTES),
    )
}

/// [`read`], splitting the orders over two threads when they take more than `split_from`
/// bytes.
fn read_split(
    source: &Source,
    candidates: Option<&[String]>,
    split_from: usize,
) -> Result<BallotBox> {
    let file = source.name.as_str();
    let text = source.text.as_str();
    let mut header = Header::default();
    let mut lines = Lines {
        text,
        position: 0,
        number: 0,
    };

    // Metadata, up to the first order line.
    let mut first_order: Option<(u64, usize)> = None;
    loop {
        let at = lines.position;
        let Some((number, line)) = lines.next() else {
            break;
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(meta) = trimmed.strip_prefix('#') {
            read_metadata(meta, number, &mut header, file)?;
            continue;
        }
        first_order = Some((number, at));
        break;
    }
    let Some((first_line, orders_start)) = first_order else {
        return Err(Error::input(
            "no orders found, expected `count: ranking` lines after the # metadata",
        )
        .file(file));
    };

    let data_type = header
        .data_type
        .or_else(|| {
            file.rsplit_once('.')
                .and_then(|(_, ext)| DataType::parse(ext))
        })
        .unwrap_or(DataType::Toi);
    let (names, to_candidate) = settle_names(&header, candidates, file, first_line)?;
    let size = names.len();
    let mut to_alternative = vec![0u32; size];
    for (a, &c) in to_candidate.iter().enumerate() {
        to_alternative[c as usize] = a as u32 + 1;
    }
    let reader = OrderReader {
        size,
        to_candidate,
        data_type,
        seen: vec![false; size],
    };
    let context = Context {
        file,
        line_width: digits(text.bytes().filter(|&b| b == b'\n').count() as u64 + 1),
        to_alternative: &to_alternative,
        packer: Packer::new(size),
    };

    // The orders, in one piece or in two halves split at a line end near the middle.
    let orders = &text[orders_start..];
    let split = (orders.len() > split_from)
        .then(|| line_start_after(orders.as_bytes(), orders.len() / 2))
        .flatten();
    let aggregate = match split {
        None => {
            let mut all = Aggregator::new(&context, reader.clone(), orders.len() / 16);
            all.read_lines(orders, first_line - 1)?;
            all
        }
        Some(at) => {
            let (head, tail) = orders.split_at(at);
            let tail_first = first_line - 1 + head.bytes().filter(|&b| b == b'\n').count() as u64;
            let (first, second) = crate::parallel::join(
                || {
                    let mut first = Aggregator::new(&context, reader.clone(), head.len() / 16);
                    first.read_lines(head, first_line - 1).map(|()| first)
                },
                || {
                    let mut second = Aggregator::new(&context, reader.clone(), tail.len() / 16);
                    second.read_lines(tail, tail_first).map(|()| second)
                },
            );
            let mut first = first?;
            first.merge(second?)?;
            first
        }
    };
    let (profile, mut roll, total, order_lines) = aggregate.finish();
    roll.finish(file)?;

    if let Some((voters, line)) = header.voters {
        if voters != total {
            return Err(Error::input(format!(
                "the orders' counts add up to {total} ballots, but the file says {voters}"
            ))
            .file(file)
            .line(line)
            .field("NUMBER VOTERS"));
        }
    }
    if let Some((unique, line)) = header.unique_orders {
        if unique != order_lines {
            return Err(Error::input(format!(
                "the file has {order_lines} order lines, but says {unique}"
            ))
            .file(file)
            .line(line)
            .field("NUMBER UNIQUE ORDERS"));
        }
    }

    Ok(BallotBox {
        candidates: names.clone(),
        seats: None,
        title: header.title,
        ranked: RankedProfile {
            candidates: names,
            withdrawn: Vec::new(),
            ballots: profile.into(),
        },
        roll,
        ..BallotBox::default()
    })
}

/// What every part of the order reading shares.
struct Context<'c> {
    file: &'c str,
    /// The digits of the file's last line number (ids are padded to it).
    line_width: usize,
    to_alternative: &'c [u32],
    packer: Option<Packer>,
}

/// Reads order lines and merges identical orders.
///
/// An order of single alternatives short enough to pack into 64 bits (nearly every ballot;
/// see [`Packer`]) is keyed by its numbers, read straight off the text. Any other order is
/// keyed by its text as written and, when first seen, by its canonical spelling (no spaces,
/// groups sorted), so `1, {3,2}` and `1,{2,3}` are one ranking. A key seen for the first
/// time is parsed and checked in full. Weights are kept apart from the rankings while
/// reading (a dense array is kinder to the cache) and joined at the end.
struct Aggregator<'a, 'c> {
    context: &'c Context<'c>,
    reader: OrderReader,
    short: FastMap<u64, u32>,
    texts: FastMap<&'a str, u32>,
    canonical: FastMap<String, u32>,
    spelling: String,
    profile: Vec<WeightedRanking>,
    weights: Vec<u64>,
    roll: BallotRoll,
    total: u64,
    order_lines: u64,
}

impl<'a, 'c> Aggregator<'a, 'c> {
    fn new(context: &'c Context<'c>, reader: OrderReader, expected: usize) -> Aggregator<'a, 'c> {
        let mut short = FastMap::default();
        short.reserve(expected.min(1 << 20));
        Aggregator {
            context,
            reader,
            short,
            texts: FastMap::default(),
            canonical: FastMap::default(),
            spelling: String::new(),
            profile: Vec::new(),
            weights: Vec::new(),
            roll: BallotRoll::with_line_ids(0, context.line_width),
            total: 0,
            order_lines: 0,
        }
    }

    fn error(&self, line: u64, field: &str, message: String) -> Error {
        Error::input(message)
            .file(self.context.file)
            .line(line)
            .field(field)
    }

    /// Reads every line of `text`, whose first line is line `before + 1` of the file.
    fn read_lines(&mut self, text: &'a str, before: u64) -> Result<()> {
        let lines = Lines {
            text,
            position: 0,
            number: before,
        };
        for (number, line) in lines {
            self.read_line(number, line)?;
        }
        Ok(())
    }

    fn read_line(&mut self, number: u64, line: &'a str) -> Result<()> {
        let trimmed = line.trim_ascii();
        if trimmed.is_empty() {
            return Ok(());
        }
        if let Some(meta) = trimmed.strip_prefix('#') {
            let key = meta
                .split_once(':')
                .map(|(k, _)| k.trim().to_ascii_uppercase());
            if let Some(key) = key {
                if key.starts_with("NUMBER")
                    || key.starts_with("ALTERNATIVE NAME")
                    || key == "DATA TYPE"
                {
                    return Err(self.error(
                        number,
                        &key,
                        "metadata after the first order; every # line must come before the orders"
                            .to_string(),
                    ));
                }
            }
            return Ok(());
        }
        self.order_lines += 1;
        let Some((count_text, ranking_text)) = split_at_colon(trimmed) else {
            return Err(self.error(
                number,
                "order",
                format!("expected `count: ranking` (e.g. `3: 1,2,{{3,4}}`), found '{trimmed}'"),
            ));
        };
        let count = parse_count(count_text).map_err(|m| self.error(number, "count", m))?;
        self.total = self.total.checked_add(count).ok_or_else(|| {
            self.error(
                number,
                "count",
                "the counts add up to more than 2^64 − 1".to_string(),
            )
        })?;
        let ranking_text = ranking_text.trim_ascii();
        let packed = self
            .context
            .packer
            .as_ref()
            .and_then(|p| p.key_of_text(ranking_text));
        let index = if let Some(key) = packed {
            match self.short.get(&key) {
                Some(&i) => i,
                None => {
                    let ranking = self
                        .reader
                        .parse(ranking_text)
                        .map_err(|m| self.error(number, "ranking", m))?;
                    let i = self.push(ranking)?;
                    self.short.insert(key, i);
                    i
                }
            }
        } else if let Some(&i) = self.texts.get(ranking_text) {
            i
        } else {
            let ranking = self
                .reader
                .parse(ranking_text)
                .map_err(|m| self.error(number, "ranking", m))?;
            let i = self.find_or_push(ranking)?;
            self.texts.insert(ranking_text, i);
            i
        };
        // Cannot overflow: every weight is at most the checked total.
        let index = index as usize;
        self.weights[index] += count;
        self.roll
            .reserve_listed(count)
            .map_err(|e| e.file(self.context.file).line(number))?;
        self.roll.push_line(number, index as u32, count);
        Ok(())
    }

    /// The index of a parsed ranking, added with weight 0 if it is new.
    fn find_or_push(&mut self, ranking: Vec<RankEntry>) -> Result<u32> {
        let packed = self
            .context
            .packer
            .as_ref()
            .and_then(|p| p.key_of_ranking(&ranking, self.context.to_alternative));
        if let Some(key) = packed {
            if let Some(&i) = self.short.get(&key) {
                return Ok(i);
            }
            let i = self.push(ranking)?;
            self.short.insert(key, i);
            return Ok(i);
        }
        canonical_text(&ranking, self.context.to_alternative, &mut self.spelling);
        if let Some(&i) = self.canonical.get(self.spelling.as_str()) {
            return Ok(i);
        }
        let i = self.push(ranking)?;
        self.canonical.insert(self.spelling.clone(), i);
        Ok(i)
    }

    /// Adds a new ranking with weight 0.
    fn push(&mut self, ranking: Vec<RankEntry>) -> Result<u32> {
        let index = u32::try_from(self.profile.len())
            .map_err(|_| Error::input("more than 2^32 distinct orders").file(self.context.file))?;
        self.profile.push(WeightedRanking { weight: 0, ranking });
        self.weights.push(0);
        Ok(index)
    }

    /// Adds the orders another aggregator read from later lines of the same file.
    fn merge(&mut self, other: Aggregator<'a, 'c>) -> Result<()> {
        let (profile, roll, total, order_lines) = other.finish();
        let mut map = Vec::with_capacity(profile.len());
        for ranking in profile {
            let weight = ranking.weight;
            let i = self.find_or_push(ranking.ranking)?;
            map.push(i);
            // Bounded by the checked total below.
            self.weights[i as usize] = self.weights[i as usize].saturating_add(weight);
        }
        self.roll
            .reserve_listed(roll.len() as u64)
            .map_err(|e| e.file(self.context.file))?;
        self.roll.append(&roll, &map);
        self.total = self.total.checked_add(total).ok_or_else(|| {
            Error::input("the counts add up to more than 2^64 − 1").file(self.context.file)
        })?;
        self.order_lines += order_lines;
        Ok(())
    }

    /// The rankings with their weights, the roll, the total count and the number of order
    /// lines.
    fn finish(self) -> (Vec<WeightedRanking>, BallotRoll, u64, u64) {
        let mut profile = self.profile;
        for (ranking, weight) in profile.iter_mut().zip(self.weights) {
            ranking.weight = weight;
        }
        (profile, self.roll, self.total, self.order_lines)
    }
}

/// Writes the canonical spelling of a ranking (alternative numbers, no spaces, each group
/// sorted) into `out`.
fn canonical_text(ranking: &[RankEntry], to_alternative: &[u32], out: &mut String) {
    out.clear();
    let alternative = |c: &CandidateIndex| to_alternative.get(*c as usize).copied().unwrap_or(0);
    for (k, entry) in ranking.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        match entry {
            RankEntry::Single(c) => push_number(out, u64::from(alternative(c))),
            RankEntry::Tied(group) => {
                let mut alts: Vec<u32> = group.iter().map(alternative).collect();
                alts.sort_unstable();
                out.push('{');
                for (j, a) in alts.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    push_number(out, u64::from(*a));
                }
                out.push('}');
            }
            // The reader never produces these.
            RankEntry::Skipped | RankEntry::Overvote => out.push('-'),
        }
    }
}

/// Reads one `#` metadata line (without the `#`) into `header`.
fn read_metadata(meta: &str, number: u64, header: &mut Header, file: &str) -> Result<()> {
    let err =
        |line: u64, field: &str, msg: String| Error::input(msg).file(file).line(line).field(field);
    let Some((key, value)) = meta.split_once(':') else {
        return Ok(()); // a plain comment
    };
    let key = key.trim().to_ascii_uppercase();
    let value = value.trim();
    let whole = |what: &str| -> Result<u64> {
        value.parse::<u64>().map_err(|_| {
            err(
                number,
                &key,
                format!("'{value}' is not a whole number, expected the number of {what}"),
            )
        })
    };
    match key.as_str() {
        "DATA TYPE" => {
            let t = DataType::parse(value).ok_or_else(|| {
                err(
                    number,
                    &key,
                    format!(
                        "unsupported data type '{value}', expected soc, soi, toc or toi \
                         (ordinal preferences)"
                    ),
                )
            })?;
            header.data_type = Some(t);
        }
        "NUMBER ALTERNATIVES" => {
            let n = whole("alternatives")?;
            let n = usize::try_from(n)
                .ok()
                .filter(|&n| n <= CandidateIndex::MAX as usize)
                .ok_or_else(|| err(number, &key, format!("{n} alternatives are too many")))?;
            header.alternatives = Some((n, number));
        }
        "NUMBER VOTERS" => header.voters = Some((whole("voters")?, number)),
        "NUMBER UNIQUE ORDERS" => header.unique_orders = Some((whole("unique orders")?, number)),
        "TITLE" => {
            if !value.is_empty() {
                header.title = Some(value.to_string());
            }
        }
        _ => {
            if let Some(index) = key.strip_prefix("ALTERNATIVE NAME") {
                let index = index.trim();
                let i = index
                    .parse::<usize>()
                    .ok()
                    .filter(|&i| i >= 1)
                    .ok_or_else(|| {
                        err(
                            number,
                            &key,
                            format!("'{index}' is not an alternative number (1, 2, …)"),
                        )
                    })?;
                if value.is_empty() {
                    return Err(err(number, &key, "empty name".to_string()));
                }
                header.names.push((i, value.to_string(), number));
            }
        }
    }
    Ok(())
}

/// The candidate names, and for each alternative number (0-based) the candidate index.
fn settle_names(
    header: &Header,
    candidates: Option<&[String]>,
    file: &str,
    first_line: u64,
) -> Result<(Vec<String>, Vec<CandidateIndex>)> {
    let size = match header.alternatives {
        Some((n, _)) => n,
        None => header
            .names
            .iter()
            .map(|(i, _, _)| *i)
            .max()
            .or(candidates.map(|c| c.len()))
            .ok_or_else(|| {
                Error::input(
                    "missing # NUMBER ALTERNATIVES and # ALTERNATIVE NAME lines, expected the \
                     alternatives before the orders",
                )
                .file(file)
                .line(first_line)
            })?,
    };
    if size == 0 {
        return Err(Error::input("the file has no alternatives").file(file));
    }
    let no_name = |missing: usize| {
        Error::input(format!(
            "alternative {missing} has no name, expected a line `# ALTERNATIVE NAME {missing}: …` \
             (or candidates in the election file)"
        ))
        .file(file)
        .line(first_line)
    };
    // More alternatives than names (from the file or the election) leaves one unnamed: found
    // without making room for all of them (the number comes from the file).
    if size
        > header
            .names
            .len()
            .max(candidates.map_or(0, <[String]>::len))
    {
        let mut named: Vec<usize> = header.names.iter().map(|(i, _, _)| *i).collect();
        named.sort_unstable();
        named.dedup();
        let missing = named
            .iter()
            .zip(1..)
            .find(|(&i, k)| i != *k)
            .map_or(named.len() + 1, |(_, k)| k);
        return Err(no_name(missing));
    }
    let mut names: Vec<Option<String>> = vec![None; size];
    for (i, name, line) in &header.names {
        let slot = names.get_mut(i - 1).ok_or_else(|| {
            Error::input(format!(
                "alternative {i} is out of range, the file has {size} alternatives"
            ))
            .file(file)
            .line(*line)
            .field(format!("ALTERNATIVE NAME {i}"))
        })?;
        if slot.is_some() {
            return Err(Error::input(format!("alternative {i} is named twice"))
                .file(file)
                .line(*line)
                .field(format!("ALTERNATIVE NAME {i}")));
        }
        if let Some((j, _, _)) = header.names.iter().find(|(j, n, _)| n == name && j < i) {
            return Err(Error::input(format!(
                "'{name}' names alternatives {j} and {i}; names must be unique"
            ))
            .file(file)
            .line(*line)
            .field(format!("ALTERNATIVE NAME {i}")));
        }
        *slot = Some(name.clone());
    }
    let named = names.iter().filter(|n| n.is_some()).count();
    let names: Vec<String> = if named == 0 && candidates.is_some_and(|c| c.len() == size) {
        candidates.map(|c| c.to_vec()).unwrap_or_default()
    } else if let Some(missing) = names.iter().position(|n| n.is_none()) {
        return Err(no_name(missing + 1));
    } else {
        names.into_iter().flatten().collect()
    };
    let Some(election) = candidates else {
        let identity = (0..size as CandidateIndex).collect();
        return Ok((names, identity));
    };
    let mut to_candidate = Vec::with_capacity(size);
    for name in &names {
        match election.iter().position(|c| c == name) {
            Some(c) => to_candidate.push(c as CandidateIndex),
            None => {
                return Err(Error::input(format!(
                    "the file's alternative '{name}' is not a candidate of the election ({})",
                    election.join(", ")
                ))
                .file(file)
                .field("ALTERNATIVE NAME"))
            }
        }
    }
    if election.len() != size {
        let missing: Vec<&str> = election
            .iter()
            .filter(|c| !names.contains(c))
            .map(|c| c.as_str())
            .collect();
        return Err(Error::input(format!(
            "the election's candidates {} are not alternatives in the file; the election file \
             and the ballot file must name the same candidates",
            missing.join(", ")
        ))
        .file(file)
        .field("ALTERNATIVE NAME"));
    }
    Ok((election.to_vec(), to_candidate))
}

/// Parses a count: a whole number ≥ 1.
fn parse_count(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim_ascii();
    match t.parse::<u64>() {
        Ok(0) => Err("count 0, expected a number of ballots ≥ 1".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "'{t}' is not a whole number, expected a number of ballots ≥ 1"
        )),
    }
}

/// Parses the ranking part of order lines.
#[derive(Clone)]
struct OrderReader {
    size: usize,
    to_candidate: Vec<CandidateIndex>,
    data_type: DataType,
    seen: Vec<bool>,
}

impl OrderReader {
    /// Parses `1,2,{3,4}` into rank entries (candidate indices), checking the rules of the
    /// data type. `seen` is left all-`false`.
    fn parse(&mut self, text: &str) -> std::result::Result<Vec<RankEntry>, String> {
        let mut entries: Vec<RankEntry> = Vec::new();
        let result = self.parse_into(text, &mut entries);
        let ranked = self.seen.iter().filter(|&&s| s).count();
        let missing: Vec<String> =
            if result.is_ok() && self.data_type.complete() && ranked < self.size {
                (0..self.size)
                    .filter(|&a| !self.seen[a])
                    .map(|a| (a + 1).to_string())
                    .collect()
            } else {
                Vec::new()
            };
        self.seen.iter_mut().for_each(|s| *s = false);
        result?;
        if !missing.is_empty() {
            return Err(format!(
                "alternative(s) {} not ranked; a complete order ({}) ranks every alternative \
                 (use .soi/.toi for incomplete orders)",
                missing.join(", "),
                self.data_type.name()
            ));
        }
        Ok(entries)
    }

    fn parse_into(
        &mut self,
        text: &str,
        entries: &mut Vec<RankEntry>,
    ) -> std::result::Result<(), String> {
        let b = text.as_bytes();
        let mut i = 0;
        let skip_space = |i: &mut usize| {
            while *i < b.len() && (b[*i] == b' ' || b[*i] == b'\t') {
                *i += 1;
            }
        };
        skip_space(&mut i);
        if i == b.len() {
            return Ok(()); // an empty order: a blank ballot
        }
        loop {
            skip_space(&mut i);
            if b.get(i) == Some(&b'{') {
                i += 1;
                let mut group: Vec<CandidateIndex> = Vec::new();
                loop {
                    skip_space(&mut i);
                    group.push(self.alternative(b, &mut i)?);
                    skip_space(&mut i);
                    match b.get(i) {
                        Some(b',') => i += 1,
                        Some(b'}') => {
                            i += 1;
                            break;
                        }
                        _ => {
                            return Err(format!("unclosed group in '{text}', expected ',' or '}}'"))
                        }
                    }
                }
                if group.len() == 1 {
                    entries.push(RankEntry::Single(group[0]));
                } else {
                    if self.data_type.strict() {
                        return Err(format!(
                            "a group of equally ranked alternatives in a strict order ({}); \
                             use .toc/.toi for orders with ties",
                            self.data_type.name()
                        ));
                    }
                    group.sort_unstable();
                    entries.push(RankEntry::Tied(group));
                }
            } else {
                let c = self.alternative(b, &mut i)?;
                entries.push(RankEntry::Single(c));
            }
            skip_space(&mut i);
            match b.get(i) {
                None => return Ok(()),
                Some(b',') => i += 1,
                Some(_) => {
                    return Err(format!(
                        "unexpected '{}' in '{text}', expected ',' between alternatives",
                        text[i..].chars().next().unwrap_or('?')
                    ))
                }
            }
        }
    }

    /// Reads one alternative number at `b[*i..]`, checks it, and returns its candidate index.
    fn alternative(
        &mut self,
        b: &[u8],
        i: &mut usize,
    ) -> std::result::Result<CandidateIndex, String> {
        let start = *i;
        let mut value: u64 = 0;
        while let Some(&d) = b.get(*i).filter(|d| d.is_ascii_digit()) {
            value = value.saturating_mul(10).saturating_add(u64::from(d - b'0'));
            *i += 1;
        }
        if *i == start {
            let found: String = String::from_utf8_lossy(&b[start..])
                .chars()
                .take_while(|c| *c != ',' && *c != '}')
                .collect();
            let found = if found.trim().is_empty() {
                "nothing".to_string()
            } else {
                format!("'{}'", found.trim())
            };
            return Err(format!(
                "expected an alternative number (1 to {}), found {found}",
                self.size
            ));
        }
        if value == 0 || value > self.size as u64 {
            return Err(format!(
                "alternative {value} is out of range, expected 1 to {}",
                self.size
            ));
        }
        let a = (value - 1) as usize;
        if self.seen[a] {
            return Err(format!("alternative {value} appears twice in one order"));
        }
        self.seen[a] = true;
        Ok(self.to_candidate[a])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Source {
        Source::open(path, crate::input::Encoding::Utf8).expect("fixture")
    }

    #[test]
    fn two_halves_read_the_same_as_one() {
        for path in [
            "fixtures/elections/burlington-2009-mayor/ballots.toi",
            "fixtures/elections/debian-dpl-2007/ballots.soi",
        ] {
            let source = fixture(path);
            let whole = read_split(&source, None, usize::MAX).unwrap();
            let halves = read_split(&source, None, 0).unwrap();
            assert_eq!(whole, halves, "{path}");
        }
    }

    #[test]
    fn an_order_in_both_halves_is_merged_and_errors_keep_their_line() {
        let head = "# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n";
        let text = format!("{head}1: 1,2\n2: {{2,3}}\n3: 1, 2\n4: {{3,2}}\n5: 3\n");
        let split = read_split(&Source::from_text("t.toi", text.clone()), None, 0).unwrap();
        let whole = read_split(&Source::from_text("t.toi", text), None, usize::MAX).unwrap();
        assert_eq!(split, whole);
        let weights: Vec<u64> = split.ranked.ballots.weights.to_vec();
        assert_eq!(weights, [4, 6, 5]);

        let bad = format!("{head}1: 1\n1: 2\n1: 3\n1: 1\n1: 7\n");
        let e = read_split(&Source::from_text("t.toi", bad), None, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.toi:8: ranking: alternative 7 is out of range, expected 1 to 3"
        );
        // An error in the first half wins over one in the second.
        let bad = format!("{head}1: 9\n1: 2\n1: 3\n1: 1\n1: 7\n");
        let e = read_split(&Source::from_text("t.toi", bad), None, 0).unwrap_err();
        assert!(e.to_string().starts_with("t.toi:4: ranking:"), "{e}");
    }

    #[test]
    fn packed_keys_round_trip() {
        let packer = Packer::new(30).unwrap();
        assert_eq!(packer.bits, 5);
        assert_eq!(packer.max_len, 12);
        let to_alternative: Vec<u32> = (1..=30).collect();
        let ranking: Vec<RankEntry> = [3u32, 0, 29]
            .iter()
            .map(|&c| RankEntry::Single(c))
            .collect();
        assert_eq!(
            packer.key_of_text(" 4, 1 ,30"),
            packer.key_of_ranking(&ranking, &to_alternative)
        );
        assert_ne!(packer.key_of_text("4,1"), packer.key_of_text("4,1,0"));
        assert_eq!(
            packer.key_of_text("4,1,0"),
            None,
            "0 is left to the full parser"
        );
        assert_eq!(packer.key_of_text("32"), None, "beyond 5 bits");
        assert_eq!(packer.key_of_text("1 2"), None);
        assert_eq!(packer.key_of_text("1,"), None);
        assert_eq!(packer.key_of_text("{1,2}"), None);
        assert_eq!(
            packer.key_of_text("1,2,3,4,5,6,7,8,9,10,11,12,13"),
            None,
            "too long"
        );
        assert_eq!(packer.key_of_text(""), Some(0));
        assert!(Packer::new(256).is_none());
        assert_eq!(Packer::new(255).map(|p| p.max_len), Some(7));
    }
}
