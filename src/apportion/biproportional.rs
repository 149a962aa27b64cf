//! Biproportional apportionment (Balinski–Demange; Pukelsheim's "doppelter Pukelsheim"):
//! a matrix of seats whose row and column sums are given, each cell
//! `round(weight / (row_divisor × column_divisor))` by a divisor method's rounding.
//!
//! Algorithm: alternating scaling (Pukelsheim, *Proportional Representation*, ch. 14).
//! Starting from column divisors 1, a row step chooses each row's divisor so that the row
//! gets exactly its sum given the current column divisors (a one-dimensional divisor
//! apportionment of the row's seats by priorities weight / (column divisor × signpost)),
//! then a column step does the same for columns given the row divisors, until both
//! margins hold. Every divisor is an exact rational: the *simplest* fraction strictly
//! inside the interval of admissible divisors (Stern–Brocot), so the numbers stay small
//! and every cell lies strictly inside its rounding interval, which makes the result
//! unique. A step whose margin can only be met by choosing among cells of exactly equal
//! priority is a tie: without a lot it is reported (exit 4); with a lot, ties are broken
//! by the lot's order of the cells.
//!
//! Per-cell minima are supported (every non-empty department × grade cell at least one
//! seat): a cell gets `max(minimum, rounding)`.

use super::Method;
use crate::error::{Error, Result};
use crate::exact::{cmp_fractions, gcd, Ratio};
use crate::lot::{draw_lot, Lot};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// The most alternating steps before giving up.
pub const MAX_STEPS: usize = 2000;

/// Whether biproportional apportionment supports `method` (divisor methods with
/// rational signposts: jefferson, webster, adams, dean).
pub fn supports(method: Method) -> bool {
    match method {
        Method::Jefferson | Method::Webster | Method::Adams | Method::Dean => true,
        // Hamilton has no signposts; Huntington-Hill's, sqrt(k(k-1)), are irrational.
        Method::Hamilton | Method::HuntingtonHill => false,
    }
}

/// A biproportional apportionment problem.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The divisor method whose rounding applies to every cell.
    pub method: Method,
    /// weights[row][column]: votes, or students of a department in a grade.
    pub weights: Vec<Vec<u64>>,
    /// Seats each row must get.
    pub row_sums: Vec<u64>,
    /// Seats each column must get.
    pub column_sums: Vec<u64>,
    /// minima[row][column]: the fewest seats of each cell (empty: no minima).
    pub minima: Vec<Vec<u64>>,
}

/// A solved matrix with divisors that prove it.
#[derive(Debug, Clone)]
pub struct Solution {
    /// seats[row][column].
    pub seats: Vec<Vec<u64>>,
    /// One divisor per row.
    pub row_divisors: Vec<Ratio>,
    /// One divisor per column.
    pub column_divisors: Vec<Ratio>,
    /// Alternating steps taken.
    pub steps: usize,
    /// Lots drawn to order tied cells (empty when none was needed).
    pub lots: Vec<Lot>,
    /// Whether a tie or stall was settled by perturbing the weights: the divisors then
    /// prove the perturbed weights, not the given ones.
    pub perturbed: bool,
}

/// The signpost s(k) of a method for the k-th seat (k ≥ 1), as (numerator, denominator):
/// a cell with quotient q gets its k-th seat when q ≥ s(k).
pub fn signpost(method: Method, k: u64) -> (u128, u128) {
    let k = k as u128;
    match method {
        Method::Jefferson => (k, 1),
        Method::Webster => (2 * k - 1, 2),
        Method::Adams => (k - 1, 1),
        Method::Dean => (2 * k * (k - 1), 2 * k - 1),
        // Never asked: `supports` refuses these before any signpost is (Webster's stands in).
        Method::Hamilton | Method::HuntingtonHill => (2 * k - 1, 2),
    }
}

/// The seats a quotient q rounds to with `method`, if q is not exactly on a signpost;
/// `None` when q equals a signpost (either neighbour is a valid rounding).
pub fn round_quotient(method: Method, q: &Ratio) -> Option<u64> {
    // Find the largest k with s(k) <= q (k = 0 when none); signposts are increasing.
    let below = |k: u64| {
        let (n, d) = signpost(method, k);
        cmp_fractions(n, d, q.num, q.den)
    };
    let mut hi = q.ceil().saturating_add(2) as u64;
    let mut lo = 0u64; // s(lo) <= q holds vacuously for lo = 0
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if below(mid) != Ordering::Greater {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo >= 1 && below(lo) == Ordering::Equal {
        return None;
    }
    Some(lo)
}

fn overflow() -> Error {
    Error::input("numbers too large for exact biproportional apportionment")
}

fn reduce(num: u128, den: u128) -> Ratio {
    let g = gcd(num, den).max(1);
    Ratio {
        num: num / g,
        den: den / g,
    }
}

/// The priority of seat k of a cell with weight v and opposite divisor c: v / (c × s(k)).
/// An infinite priority (s(k) = 0) has denominator 0; a zero weight has none.
fn priority(method: Method, v: u64, c: &Ratio, k: u64) -> Result<Ratio> {
    let (sn, sd) = signpost(method, k);
    let num = (v as u128)
        .checked_mul(c.den)
        .and_then(|x| x.checked_mul(sd))
        .ok_or_else(overflow)?;
    let den = c.num.checked_mul(sn).ok_or_else(overflow)?;
    if den == 0 {
        return Ok(Ratio { num: 1, den: 0 });
    }
    Ok(reduce(num, den))
}

fn is_infinite(r: &Ratio) -> bool {
    r.den == 0
}

/// The simplest fraction strictly between lo and hi (hi = None: infinity), lo < hi.
pub fn simplest_between(lo: Ratio, hi: Option<Ratio>) -> Ratio {
    if lo.den == 0 || hi.is_some_and(|h| h <= lo) {
        return lo; // not an open interval: nothing strictly inside
    }
    let f = lo.floor();
    let next = Ratio::integer(f + 1);
    let h = match hi {
        None => return next,
        Some(h) if next < h => return next,
        Some(h) => h,
    };
    let lo_frac_num = lo.num - f * lo.den;
    let hi_frac_num = h.num - f * h.den;
    let y_lo = Ratio {
        num: h.den,
        den: hi_frac_num,
    };
    let y_hi = if lo_frac_num == 0 {
        None
    } else {
        Some(Ratio {
            num: lo.den,
            den: lo_frac_num,
        })
    };
    let y = simplest_between(y_lo, y_hi);
    match f.checked_mul(y.num).and_then(|x| x.checked_add(y.den)) {
        Some(num) => reduce(num, y.num),
        // Too large to represent: the midpoint-free fallback is the upper end, which
        // callers only reach with already oversized numbers (they then report a stall).
        None => h,
    }
}

/// A simple divisor strictly inside (lo, hi): the simplest fraction in the slice
/// ((2l+1)/(2L+2), (2l+3)/(2L+2)) of the interval for line l of L, so that lines with
/// overlapping intervals get different divisors (identical divisors make exact ties
/// between lines likely). Falls back to the simplest fraction in the whole interval.
fn choose_divisor(lo: Ratio, hi: Option<Ratio>, (line, lines): (u128, u128)) -> Ratio {
    let Some(hi) = hi else {
        return simplest_between(lo, None);
    };
    let point = |a: u128, b: u128| -> Option<Ratio> {
        // lo + (hi - lo) × a / b
        let base = lo.num.checked_mul(hi.den)?.checked_mul(b)?;
        let width = hi
            .num
            .checked_mul(lo.den)?
            .checked_sub(lo.num.checked_mul(hi.den)?)?
            .checked_mul(a)?;
        let den = lo.den.checked_mul(hi.den)?.checked_mul(b)?;
        Some(reduce(base.checked_add(width)?, den))
    };
    let b = 2 * lines + 2;
    match (point(2 * line + 1, b), point(2 * line + 3, b)) {
        (Some(a), Some(c)) if a < c => simplest_between(a, Some(c)),
        _ => simplest_between(lo, Some(hi)),
    }
}

/// One line (row or column) apportioned given the other side's divisors.
struct LineResult {
    seats: Vec<u64>,
    divisor: Ratio,
    tied: Option<Vec<usize>>,
}

/// One line's data for a step.
struct Line<'a> {
    /// Weights of its cells.
    v: &'a [u64],
    /// The opposite side's divisors.
    c: &'a [Ratio],
    /// Cell minima.
    m: &'a [u64],
    /// Seats of the line.
    total: u64,
    /// Seats the opposite lines still lack (tie-break).
    deficit: &'a [i64],
    /// Tie-break rank of each cell (lower first).
    rank: &'a [usize],
    /// (this line, number of lines), to spread divisors.
    position: (u128, u128),
}

/// Apportions `total` seats over cells with weights `v[j]`, opposite divisors `c[j]`,
/// minima `m[j]`, breaking exact ties by `rank` (lower first).
fn line_step(method: Method, line: &Line) -> Result<LineResult> {
    let Line {
        v,
        c,
        m,
        total,
        deficit,
        rank,
        position,
    } = *line;
    let mut seats: Vec<u64> = m.to_vec();
    let base: u64 = m.iter().sum();
    if base > total {
        return Err(Error::input(format!(
            "cell minima ({base}) exceed the line's {total} seats"
        )));
    }
    let mut heap = BinaryHeap::new();
    for j in 0..v.len() {
        if v[j] > 0 {
            heap.push((
                priority(method, v[j], &c[j], seats[j] + 1)?,
                deficit[j],
                Reverse(rank[j]),
                j,
            ));
        }
    }
    let mut last: Option<Ratio> = None;
    let mut given_at_last: Vec<usize> = Vec::new();
    for _ in base..total {
        let Some((p, _, _, j)) = heap.pop() else {
            return Err(Error::input(format!(
                "a line needs {total} seats but has no cell with weight to take them"
            )));
        };
        seats[j] += 1;
        // Ratio's order treats n/0 as +infinity, so equal priorities compare equal.
        if last.as_ref() != Some(&p) {
            given_at_last.clear();
        }
        given_at_last.push(j);
        last = Some(p);
        heap.push((
            priority(method, v[j], &c[j], seats[j] + 1)?,
            deficit[j],
            Reverse(rank[j]),
            j,
        ));
    }
    let next = heap.peek().map(|(p, _, _, _)| *p);
    let tied = match (&last, &next) {
        (Some(l), Some(n)) if l == n => {
            let mut cells = given_at_last.clone();
            cells.extend(
                heap.iter()
                    .filter(|(p, _, _, _)| p == n)
                    .map(|(_, _, _, j)| *j),
            );
            cells.sort_unstable();
            cells.dedup();
            Some(cells)
        }
        _ => None,
    };
    if next.as_ref().is_some_and(is_infinite) && (tied.is_some() || last.is_none()) {
        return Err(Error::input(
            "more non-empty cells than seats, but adams and dean rounding give every non-empty cell a seat: infeasible",
        ));
    }
    let divisor = match (last, next) {
        // A tie: the divisor sits exactly on the tied priority.
        (Some(l), _) if tied.is_some() => l,
        (last, next) => choose_divisor(
            next.unwrap_or(Ratio::integer(0)),
            last.filter(|l| !is_infinite(l)),
            position,
        ),
    };
    Ok(LineResult {
        seats,
        divisor,
        tied,
    })
}

/// How one run of alternating scaling ended.
enum Run {
    /// Both margins met with every cell strictly inside its rounding interval.
    Strict(Solution),
    /// Both margins met repeatedly only through exact ties: (line, cells, row side?).
    Tied(usize, Vec<usize>, bool),
    /// No convergence within the step limit, or numbers too large.
    Stalled,
}

/// Half-steps tried on the problem as given before treating it as tied or stalled.
const FIRST_RUN_HALF_STEPS: usize = 400;

/// Scale of the lexicographic perturbation used to choose among tied solutions.
const PERTURBATION: u64 = 1 << 20;

/// Solves a biproportional apportionment. `lot`: the beacon ordering tied cells by a
/// reproducible lot; without it a tie is an error (exit 4).
///
/// When alternating scaling meets the margins only through exact ties, or stalls (it
/// approaches a boundary where several matrices are biproportional, as with exactly
/// proportional rows), the tie is settled by a lexicographic perturbation: every non-empty
/// weight becomes `weight × 2^20 + bonus`, the bonus falling with the cell's place in the
/// tie-break order (the lot's order with `--lot`). Without a lot, the perturbation is run
/// with three tie-break orders; if all give the same matrix the tie did not matter and that
/// matrix is the result, otherwise the tie is reported with the cells that differ.
pub fn solve(problem: &Problem, lot: Option<&str>) -> Result<Solution> {
    let rows = problem.weights.len();
    let cols = problem.column_sums.len();
    if !supports(problem.method) {
        return Err(Error::usage(format!(
            "biproportional apportionment supports jefferson, webster, adams and dean, not {}",
            problem.method
        )));
    }
    if problem.row_sums.len() != rows || problem.weights.iter().any(|r| r.len() != cols) {
        return Err(Error::input(
            "the weight matrix does not match the row and column sums",
        ));
    }
    let row_total: u64 = problem.row_sums.iter().sum();
    let col_total: u64 = problem.column_sums.iter().sum();
    if row_total != col_total {
        return Err(Error::input(format!(
            "row sums ({row_total}) and column sums ({col_total}) differ"
        )));
    }
    let minima: Vec<Vec<u64>> = if problem.minima.is_empty() {
        vec![vec![0; cols]; rows]
    } else if problem.minima.len() != rows || problem.minima.iter().any(|r| r.len() != cols) {
        return Err(Error::input("the minima matrix does not match the weights"));
    } else {
        problem.minima.clone()
    };
    let row_major: Vec<usize> = (0..rows * cols).collect();
    let first = alternate(
        problem,
        &problem.weights,
        &minima,
        &row_major,
        FIRST_RUN_HALF_STEPS,
    )?;
    let tie = match first {
        Run::Strict(solution) => return Ok(solution),
        Run::Tied(line, cells, row_side) => Some((line, cells, row_side)),
        Run::Stalled => None,
    };
    let perturbed = |rank: &[usize]| -> Result<Run> {
        let n = rank.len() as u64;
        let weights: Vec<Vec<u64>> = problem
            .weights
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, &v)| {
                        if v == 0 {
                            0
                        } else {
                            v.saturating_mul(PERTURBATION)
                                .saturating_add(n - rank[i * cols + j] as u64)
                        }
                    })
                    .collect()
            })
            .collect();
        alternate(problem, &weights, &minima, rank, 2 * MAX_STEPS)
    };
    let stalled = || {
        Error::input(format!(
            "biproportional apportionment did not converge in {MAX_STEPS} steps \
             (the margins and cell minima may be infeasible together)"
        ))
    };
    if let Some(beacon) = lot {
        let names: Vec<String> = (0..rows * cols)
            .map(|k| format!("{:06}/{:06}", k / cols.max(1), k % cols.max(1)))
            .collect();
        let drawn = draw_lot(&lot_root(problem), "biproportional", beacon, &names);
        let index: std::collections::HashMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(k, n)| (n.as_str(), k))
            .collect();
        let mut rank = row_major.clone();
        for (pos, name) in drawn.order.iter().enumerate() {
            if let Some(&k) = index.get(name.as_str()) {
                rank[k] = pos;
            }
        }
        return match perturbed(&rank)? {
            Run::Strict(mut solution) => {
                solution.perturbed = true;
                solution.lots.push(drawn);
                Ok(solution)
            }
            Run::Tied(..) | Run::Stalled => Err(stalled()),
        };
    }
    // Three tie-break orders: row-major, its reverse, and row-major with the columns of
    // each row reversed. If all give the same matrix, the tie did not matter.
    let reverse: Vec<usize> = (0..rows * cols).rev().collect();
    let mirrored: Vec<usize> = (0..rows * cols)
        .map(|k| (k / cols) * cols + (cols - 1 - k % cols))
        .collect();
    let mut results = Vec::new();
    for rank in [&row_major, &reverse, &mirrored] {
        match perturbed(rank)? {
            Run::Strict(mut solution) => {
                solution.perturbed = true;
                results.push(solution)
            }
            Run::Tied(..) | Run::Stalled => {
                return Err(match tie {
                    Some((line, cells, row_side)) => {
                        let (this, that) = if row_side {
                            ("row", "column")
                        } else {
                            ("column", "row")
                        };
                        tie_error(&format!("{this} {}", line + 1), &cells, that)
                    }
                    None => stalled(),
                })
            }
        }
    }
    let first = results.remove(0);
    let differing: Vec<String> = (0..rows * cols)
        .filter(|&k| {
            results
                .iter()
                .any(|r| r.seats[k / cols][k % cols] != first.seats[k / cols][k % cols])
        })
        .map(|k| format!("(row {}, column {})", k / cols + 1, k % cols + 1))
        .collect();
    if differing.is_empty() {
        return Ok(first);
    }
    Err(Error::tie(format!(
        "biproportional tie: cells {} can take their seats in more than one way; \
         rerun with --lot SEED to decide by a reproducible lot",
        differing.join(", ")
    )))
}

/// The root bound into a biproportional lot: SHA-256 of the problem's canonical text
/// (`method`, row sums, column sums, then one line per row of `weight/minimum` cells).
pub fn lot_root(problem: &Problem) -> [u8; 32] {
    let join = |v: &[u64]| v.iter().map(u64::to_string).collect::<Vec<_>>().join(",");
    let mut text = format!(
        "congress/biproportional/v1\n{}\n{}\n{}\n",
        problem.method,
        join(&problem.row_sums),
        join(&problem.column_sums)
    );
    for (i, row) in problem.weights.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(j, w)| {
                let m = problem
                    .minima
                    .get(i)
                    .and_then(|r| r.get(j))
                    .copied()
                    .unwrap_or(0);
                format!("{w}/{m}")
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    crate::digest::sha256(text.as_bytes())
}

/// One run of alternating scaling on `weights`, ties broken by `rank` (lower first).
fn alternate(
    problem: &Problem,
    weights: &[Vec<u64>],
    minima: &[Vec<u64>],
    rank: &[usize],
    max_half_steps: usize,
) -> Result<Run> {
    let rows = weights.len();
    let cols = problem.column_sums.len();
    // The two orientations: rows over columns, and columns over rows.
    let weights = [weights.to_vec(), transpose(weights, cols)];
    let mins = [minima.to_vec(), transpose(minima, cols)];
    let sums = [problem.row_sums.clone(), problem.column_sums.clone()];
    let ranks = [
        rank.to_vec(),
        (0..cols * rows)
            .map(|k| rank[(k % rows.max(1)) * cols + k / rows.max(1)])
            .collect::<Vec<_>>(),
    ];
    // divisors[0]: row divisors; divisors[1]: column divisors.
    let mut divisors = [vec![Ratio::integer(1); rows], vec![Ratio::integer(1); cols]];
    let mut tied_matches = 0;
    for half in 0..max_half_steps {
        let side = half % 2; // 0: row step, 1: column step
        let other = 1 - side;
        let lines = sums[side].len();
        let width = sums[other].len();
        // Running sums of the other side's lines in this half-step, for tie-breaking:
        // among equal priorities, the cell whose other line lacks most seats first.
        let mut running = vec![0u64; width];
        let mut tie: Option<(usize, Vec<usize>)> = None;
        let mut new_seats = vec![vec![0u64; width]; lines];
        for l in 0..lines {
            let deficit: Vec<i64> = (0..width)
                .map(|k| sums[other][k] as i64 - running[k] as i64)
                .collect();
            let step = line_step(
                problem.method,
                &Line {
                    v: &weights[side][l],
                    c: &divisors[other],
                    m: &mins[side][l],
                    total: sums[side][l],
                    deficit: &deficit,
                    rank: &ranks[side][l * width..(l + 1) * width],
                    position: (l as u128, lines as u128),
                },
            );
            let r = match step {
                Ok(r) => r,
                Err(e) if e.message.starts_with("numbers too large") => return Ok(Run::Stalled),
                Err(e) => return Err(e),
            };
            if let Some(cells) = r.tied {
                tie.get_or_insert((l, cells));
            }
            for (sum, &x) in running.iter_mut().zip(&r.seats) {
                *sum += x;
            }
            new_seats[l] = r.seats;
            divisors[side][l] = r.divisor;
        }
        let other_ok = (0..width).all(|k| running[k] == sums[other][k]);
        if !other_ok {
            tied_matches = 0;
            continue;
        }
        let seats = if side == 0 {
            new_seats
        } else {
            transpose(&new_seats, rows)
        };
        match tie {
            None => {
                let [row_divisors, column_divisors] = divisors;
                return Ok(Run::Strict(Solution {
                    seats,
                    row_divisors,
                    column_divisors,
                    steps: half / 2 + 1,
                    lots: Vec::new(),
                    perturbed: false,
                }));
            }
            Some((line, cells)) => {
                // Margins met only through a tie: a further half-step may find strict
                // divisors; if the tie persists, it is genuine.
                tied_matches += 1;
                if tied_matches >= 4 {
                    return Ok(Run::Tied(line, cells, side == 0));
                }
            }
        }
    }
    Ok(Run::Stalled)
}

/// The transpose of a rectangular matrix (`width` columns).
fn transpose(m: &[Vec<u64>], width: usize) -> Vec<Vec<u64>> {
    (0..width)
        .map(|j| m.iter().map(|row| row[j]).collect())
        .collect()
}

fn tie_error(line: &str, cells: &[usize], other: &str) -> Error {
    let cells: Vec<String> = cells.iter().map(|c| format!("{other} {}", c + 1)).collect();
    Error::tie(format!(
        "biproportional tie in {line}: cells in {} have equal priority at the margin; \
         rerun with --lot SEED to decide by a reproducible lot",
        cells.join(", ")
    ))
}

/// Whether `seats` is the rounding of weight / (row divisor × column divisor) in every cell
/// (a cell exactly on a signpost may round either way; a cell at its minimum may be below).
pub fn verify(
    method: Method,
    weights: &[Vec<u64>],
    seats: &[Vec<u64>],
    row_divisors: &[Ratio],
    column_divisors: &[Ratio],
) -> bool {
    for (i, row) in weights.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let (r, c) = (&row_divisors[i], &column_divisors[j]);
            let (Some(num), Some(den)) = (
                (v as u128)
                    .checked_mul(r.den)
                    .and_then(|x| x.checked_mul(c.den)),
                r.num.checked_mul(c.num),
            ) else {
                return false;
            };
            let q = Ratio { num, den };
            let x = seats[i][j];
            // s(x) <= q <= s(x+1)
            let (an, ad) = signpost(method, x.max(1));
            let lower_ok = x == 0 || cmp_fractions(an, ad, q.num, q.den) != Ordering::Greater;
            let (bn, bd) = signpost(method, x + 1);
            let upper_ok = cmp_fractions(q.num, q.den, bn, bd) != Ordering::Greater;
            if !(lower_ok && upper_ok) {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplest_fraction_between() {
        let r = |n, d| Ratio::new(n, d);
        assert_eq!(simplest_between(r(0, 1), None), r(1, 1));
        assert_eq!(simplest_between(r(1, 3), Some(r(1, 2))), r(2, 5));
        assert_eq!(simplest_between(r(3, 1), Some(r(4, 1))), r(7, 2));
        assert_eq!(simplest_between(r(0, 1), Some(r(1, 100))), r(1, 101));
        assert_eq!(simplest_between(r(5, 2), Some(r(10, 1))), r(3, 1));
        let x = simplest_between(r(314, 100), Some(r(315, 100)));
        assert!(x > r(314, 100) && x < r(315, 100));
        assert_eq!(x, r(22, 7));
    }

    #[test]
    fn rounding_by_signposts() {
        let w = Method::Webster;
        assert_eq!(round_quotient(w, &Ratio::new(7, 5)), Some(1));
        assert_eq!(round_quotient(w, &Ratio::new(8, 5)), Some(2));
        assert_eq!(round_quotient(w, &Ratio::new(3, 2)), None);
        assert_eq!(round_quotient(w, &Ratio::new(1, 3)), Some(0));
        assert_eq!(
            round_quotient(Method::Jefferson, &Ratio::new(29, 10)),
            Some(2)
        );
        assert_eq!(round_quotient(Method::Adams, &Ratio::new(21, 10)), Some(3));
        assert_eq!(round_quotient(Method::Dean, &Ratio::new(14, 10)), Some(2)); // s(2) = 4/3
    }

    /// Hand-checked: a 2 × 2 matrix where rows and columns pull in different directions.
    #[test]
    fn small_matrix_by_hand() {
        // Row sums 3, 2; column sums 2, 3. Weights favour column 2 in row 1.
        let p = Problem {
            method: Method::Webster,
            weights: vec![vec![10, 50], vec![40, 20]],
            row_sums: vec![3, 2],
            column_sums: vec![2, 3],
            minima: vec![],
        };
        let s = solve(&p, None).unwrap();
        // The margins leave one free cell a = x11: [[a, 3-a], [2-a, a]], a ∈ {0, 1, 2}.
        // a = 0 needs c1 > 20·r1 (10 → 0) and r2·c1 ≤ 26.7 (40 → 2) and r2·c2 > 40
        // (20 → 0) with c2 ≤ 20·r1 (50 → 3): contradiction. a = 2 fails likewise.
        // a = 1 holds with r = (1, 8/5), c = (19, 21): 0.53, 2.38, 1.32, 0.60 → 1, 2, 1, 1.
        assert_eq!(s.seats, vec![vec![1, 2], vec![1, 1]]);
        assert!(verify(
            p.method,
            &p.weights,
            &s.seats,
            &s.row_divisors,
            &s.column_divisors
        ));
    }

    #[test]
    fn margins_and_divisors_hold() {
        // Hand-checked 3 × 3: rows 5, 4, 3; columns 4, 4, 4.
        let p = Problem {
            method: Method::Webster,
            weights: vec![vec![300, 200, 100], vec![100, 200, 100], vec![50, 50, 150]],
            row_sums: vec![5, 4, 3],
            column_sums: vec![4, 4, 4],
            minima: vec![],
        };
        let s = solve(&p, None).unwrap();
        for (i, row) in s.seats.iter().enumerate() {
            assert_eq!(row.iter().sum::<u64>(), p.row_sums[i]);
        }
        for j in 0..3 {
            assert_eq!(s.seats.iter().map(|r| r[j]).sum::<u64>(), p.column_sums[j]);
        }
        // Proof by divisors: rows 121, 81, 100; columns 121/122, 11/10, 5/6 give quotients
        // (2.4998, 1.503, 0.992), (1.245, 2.24, 1.48), (0.504, 0.455, 1.8): each strictly
        // inside its Webster rounding interval, so the apportionment is unique.
        assert_eq!(s.seats, vec![vec![2, 2, 1], vec![1, 2, 1], vec![1, 0, 2]]);
        assert!(verify(
            p.method,
            &p.weights,
            &s.seats,
            &s.row_divisors,
            &s.column_divisors
        ));
    }

    #[test]
    fn minima_give_every_non_empty_cell_a_seat() {
        let p = Problem {
            method: Method::Webster,
            weights: vec![vec![1000, 10], vec![900, 20]],
            row_sums: vec![4, 4],
            column_sums: vec![6, 2],
            minima: vec![vec![1, 1], vec![1, 1]],
        };
        let s = solve(&p, None).unwrap();
        assert_eq!(s.seats, vec![vec![3, 1], vec![3, 1]]);
    }

    #[test]
    fn a_symmetric_matrix_is_a_tie_unless_a_lot_decides() {
        let p = Problem {
            method: Method::Webster,
            weights: vec![vec![10, 10], vec![10, 10]],
            row_sums: vec![1, 1],
            column_sums: vec![1, 1],
            minima: vec![],
        };
        let e = solve(&p, None).unwrap_err();
        assert_eq!(e.exit_code(), 4);
        let a = solve(&p, Some("beacon")).unwrap();
        let b = solve(&p, Some("beacon")).unwrap();
        assert_eq!(a.seats, b.seats);
        assert_eq!(a.lots.len(), 1);
        for i in 0..2 {
            assert_eq!(a.seats[i].iter().sum::<u64>(), 1);
            assert_eq!(a.seats[0][i] + a.seats[1][i], 1);
        }
    }

    #[test]
    fn mismatched_margins_are_input_errors() {
        let p = Problem {
            method: Method::Webster,
            weights: vec![vec![1, 2]],
            row_sums: vec![3],
            column_sums: vec![1, 1],
            minima: vec![],
        };
        assert_eq!(solve(&p, None).unwrap_err().exit_code(), 3);
        let p = Problem {
            method: Method::Hamilton,
            ..p
        };
        assert_eq!(solve(&p, None).unwrap_err().exit_code(), 2);
    }
}
