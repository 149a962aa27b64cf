//! The limits on what `congress` reads and computes, each enforced with an error that names
//! it before anything large is allocated (docs/reliability.md gives the reasons and the
//! memory each allows).

/// Largest input file, or standard input, that is read: 2 GiB (a ten-million-ballot marks
/// CSV is about 640 MB).
pub const MAX_INPUT_BYTES: u64 = 2 << 30;

/// Most columns in the header of a CSV file.
pub const MAX_COLUMNS: usize = 10_000;

/// Most candidates of a ranked count: its rounds and its pairwise tallies grow with the
/// square of the candidates.
pub const MAX_RANKED_CANDIDATES: usize = 1_000;

/// Most candidates of a marks count.
pub const MAX_MARKS_CANDIDATES: usize = 10_000;

/// Most ballots one count lists (each copy of a weighted BLT or PrefLib line is a ballot):
/// 2^26 = 67,108,864, about 2.4 GB of ballot roll.
pub const MAX_BALLOTS: u64 = 1 << 26;

/// Most students a federation's institutions may have in all (`plan federation`): 10^15,
/// the apportionment's largest house, so every sum and product of counts is exact.
pub const MAX_FEDERATION_STUDENTS: u64 = 1_000_000_000_000_000;

/// Most characters of an input value (a cell, a name) an error message repeats.
pub const MAX_ECHO_CHARS: usize = 120;

/// Papers `ballots print` writes into one HTML file (about 6 KB each): a congress prints a
/// few hundred; a larger run is split into files.
pub const MAX_PRINTED_PAPERS: u64 = 100_000;
