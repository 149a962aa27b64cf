//! Admission: whether winners so far can still be completed to an admissible set (every
//! constraint met) from the candidates still eligible, and which constraint decides when
//! they cannot.

use super::search::{Bound, Problem};
use super::{CandidateAttributes, Constraint, ConstraintReport};
use crate::error::{Error, Result};

/// One constraint as it applies to one count: its attribute and value as ids, and its bounds
/// in seats.
#[derive(Debug, Clone)]
struct Rule {
    dim: usize,
    value: u32,
    min: u64,
    max: u64,
    constraint: Constraint,
}

/// A candidate passed over (or doomed) because electing them would leave a constraint
/// unmeetable (`"passed_over"` in the result JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PassedOver {
    /// The candidate.
    pub name: String,
    /// The constraint that decided it (its label, e.g. `cadre = yes: max 2`).
    pub constraint: String,
    /// The stage of a count in stages (STV, Meek, IRV) where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<u32>,
}

/// The constraints of one count over its candidate list.
#[derive(Debug, Clone)]
pub struct Admission {
    seats: u32,
    dims: usize,
    rules: Vec<Rule>,
    /// Each candidate's value id per constrained attribute.
    kinds: Vec<Vec<u32>>,
    names: Vec<String>,
}

impl Admission {
    /// The constraints over `candidates` (the count's list) for `seats` seats: every
    /// candidate must be described and every described name a candidate; each constraint's
    /// attribute must be one the candidates have.
    pub fn new(
        constraints: &[Constraint],
        attributes: &CandidateAttributes,
        candidates: &[String],
        seats: u32,
    ) -> Result<Admission> {
        if let Some((name, _)) = attributes
            .rows
            .iter()
            .find(|(n, _)| !candidates.contains(n))
        {
            return Err(Error::input(format!(
                "the candidates' attributes describe '{name}', who is not a candidate; names \
                 must match the ballot file exactly"
            ))
            .field("candidates_file"));
        }
        let mut dims: Vec<usize> = Vec::new();
        for c in constraints {
            let a = attributes.attribute(&c.attribute).ok_or_else(|| {
                Error::input(format!(
                    "constraint '{}' names the attribute '{}', which the candidates do not \
                     have (they have: {})",
                    c.label(),
                    c.attribute,
                    attributes.attributes.join(", ")
                ))
                .line(c.line)
                .field("constraint.attribute")
            })?;
            if !dims.contains(&a) {
                dims.push(a);
            }
        }
        // Value ids per constrained attribute: the candidates' values, then the
        // constraints' values no candidate has.
        let mut values: Vec<Vec<String>> = dims
            .iter()
            .map(|&a| {
                attributes
                    .values_of(a)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let mut kinds = Vec::with_capacity(candidates.len());
        for name in candidates {
            let row = attributes.of(name).ok_or_else(|| {
                Error::input(format!(
                    "candidate '{name}' has no attributes, expected a row for every candidate"
                ))
                .field("candidates_file")
            })?;
            let kind = dims
                .iter()
                .enumerate()
                .map(|(d, &a)| values[d].iter().position(|v| *v == row[a]).unwrap_or(0) as u32)
                .collect();
            kinds.push(kind);
        }
        let mut rules = Vec::new();
        for c in constraints {
            let a = attributes.attribute(&c.attribute).unwrap_or(0);
            let d = dims.iter().position(|&x| x == a).unwrap_or(0);
            let value = match values[d].iter().position(|v| *v == c.value) {
                Some(v) => v,
                None => {
                    values[d].push(c.value.clone());
                    values[d].len() - 1
                }
            } as u32;
            rules.push(Rule {
                dim: d,
                value,
                min: c.min_seats(seats),
                max: c.max_seats(seats),
                constraint: c.clone(),
            });
        }
        Ok(Admission {
            seats,
            dims: dims.len(),
            rules,
            kinds,
            names: candidates.to_vec(),
        })
    }

    /// The seats.
    pub fn seats(&self) -> u32 {
        self.seats
    }

    /// Whether candidate `c` has the value of constraint `k`.
    fn has(&self, c: usize, k: usize) -> bool {
        let r = &self.rules[k];
        self.kinds[c][r.dim] == r.value
    }

    /// The question "can `chosen` be completed from `pool` to `seats` winners", with only the
    /// rules `keep` says.
    fn problem(
        &self,
        chosen: &[usize],
        pool: &[usize],
        seats: u64,
        keep: &dyn Fn(usize) -> bool,
    ) -> Option<Problem> {
        let remaining = seats.checked_sub(chosen.len() as u64)?;
        let mut bounds = Vec::new();
        for (k, r) in self.rules.iter().enumerate() {
            if !keep(k) {
                continue;
            }
            let have = chosen.iter().filter(|&&c| self.has(c, k)).count() as u64;
            if have > r.max {
                return None;
            }
            bounds.push(Bound {
                dim: r.dim,
                value: r.value,
                lo: r.min.saturating_sub(have),
                hi: r.max - have,
            });
        }
        let mut types: Vec<(Vec<u32>, u64)> = Vec::new();
        for &c in pool {
            match types.iter_mut().find(|(t, _)| *t == self.kinds[c]) {
                Some(t) => t.1 += 1,
                None => types.push((self.kinds[c].clone(), 1)),
            }
        }
        Some(Problem {
            dims: self.dims,
            remaining,
            types,
            bounds,
        })
    }

    /// Whether `chosen` (winners so far) can be completed to an admissible set of
    /// [`Admission::seats`] winners from `pool` (the eligible candidates not in `chosen`).
    pub fn can_complete(&self, chosen: &[usize], pool: &[usize]) -> Result<bool> {
        self.can_complete_to(chosen, pool, u64::from(self.seats))
    }

    /// [`Admission::can_complete`] to `seats` winners.
    pub fn can_complete_to(&self, chosen: &[usize], pool: &[usize], seats: u64) -> Result<bool> {
        match self.problem(chosen, pool, seats, &|_| true) {
            Some(p) => p.feasible(),
            None => Ok(false),
        }
    }

    /// The constraint that keeps `chosen` from being completed from `pool`: the first that
    /// alone cannot be met, else the first without which the rest can, else all of them.
    pub fn blocking(&self, chosen: &[usize], pool: &[usize]) -> Result<String> {
        let seats = u64::from(self.seats);
        for k in 0..self.rules.len() {
            let alone = match self.problem(chosen, pool, seats, &|j| j == k) {
                Some(p) => p.feasible()?,
                None => false,
            };
            if !alone {
                return Ok(self.rules[k].constraint.label());
            }
        }
        for k in 0..self.rules.len() {
            if let Some(p) = self.problem(chosen, pool, seats, &|j| j != k) {
                if p.feasible()? {
                    return Ok(self.rules[k].constraint.label());
                }
            }
        }
        Ok(self
            .rules
            .iter()
            .map(|r| r.constraint.label())
            .collect::<Vec<_>>()
            .join("; "))
    }

    /// An input error (exit 3) naming the constraint when no admissible set exists among
    /// `eligible` (every candidate, before anything is counted).
    pub fn check_feasible(&self, eligible: &[usize]) -> Result<()> {
        if self.can_complete(&[], eligible)? {
            return Ok(());
        }
        let label = self.blocking(&[], eligible)?;
        let line = self
            .rules
            .iter()
            .find(|r| r.constraint.label() == label)
            .map(|r| r.constraint.line);
        let mut e = Error::input(format!(
            "no {} of the {} candidates can meet the constraints: {label} cannot be met \
             (too few candidates of the value, or minimums above the seats)",
            self.seats,
            eligible.len()
        ))
        .field("constraint");
        if let Some(line) = line {
            e = e.line(line);
        }
        Err(e)
    }

    /// The constraints as a result reports them, with how many of `elected` meet each.
    pub fn report(&self, elected: &[usize]) -> Vec<ConstraintReport> {
        self.rules
            .iter()
            .enumerate()
            .map(|(k, r)| ConstraintReport {
                attribute: r.constraint.attribute.clone(),
                value: r.constraint.value.clone(),
                min: r.min,
                max: r.max,
                elected: elected.iter().filter(|&&c| self.has(c, k)).count() as u64,
            })
            .collect()
    }

    /// How many candidates the count has.
    pub fn candidate_count(&self) -> usize {
        self.names.len()
    }

    /// The name of candidate `c`.
    pub fn name(&self, c: usize) -> &str {
        &self.names[c]
    }

    /// Whether `set` meets every constraint (a set of exactly the seats, or fewer when
    /// `partial`).
    pub fn admissible(&self, set: &[usize]) -> bool {
        self.rules.iter().enumerate().all(|(k, r)| {
            let n = set.iter().filter(|&&c| self.has(c, k)).count() as u64;
            n >= r.min && n <= r.max
        })
    }

    /// Whether candidate `c` has `attribute = value` (the restriction of a supplementary
    /// round), by the constraint that names it.
    pub fn matches(&self, c: usize, constraint: &Constraint) -> bool {
        self.rules
            .iter()
            .position(|r| r.constraint == *constraint)
            .is_some_and(|k| self.has(c, k))
    }

    /// The constraints whose minimum `set` does not meet.
    pub fn unmet_minimums(&self, set: &[usize]) -> Vec<(Constraint, u64)> {
        self.rules
            .iter()
            .enumerate()
            .filter_map(|(k, r)| {
                let n = set.iter().filter(|&&c| self.has(c, k)).count() as u64;
                (n < r.min).then(|| (r.constraint.clone(), r.min - n))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ballot::constraints::Limit;
    use crate::input::Source;

    fn attrs(text: &str) -> CandidateAttributes {
        CandidateAttributes::from_csv(&Source::from_text("c.csv", text)).unwrap()
    }

    fn constraint(attribute: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Constraint {
        Constraint {
            attribute: attribute.into(),
            value: value.into(),
            min: min.map(Limit::Seats),
            max: max.map(Limit::Seats),
            line: 1,
        }
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("C{i}")).collect()
    }

    #[test]
    fn one_attribute() {
        let a = attrs("name,cadre\nC0,是\nC1,是\nC2,是\nC3,否\nC4,否\n");
        let c = [constraint("cadre", "no", Some(2), None)];
        let adm = Admission::new(&c, &a, &names(5), 3).unwrap();
        let all: Vec<usize> = (0..5).collect();
        adm.check_feasible(&all).unwrap();
        assert!(adm.can_complete(&[0], &[1, 2, 3, 4]).unwrap());
        assert!(!adm.can_complete(&[0, 1], &[2, 3, 4]).unwrap());
        assert_eq!(
            adm.blocking(&[0, 1], &[2, 3, 4]).unwrap(),
            "cadre = no: min 2"
        );
        let adm = Admission::new(&c, &a, &names(5), 5).unwrap();
        adm.check_feasible(&all).unwrap();
        let c = [constraint("cadre", "no", Some(3), None)];
        let adm = Admission::new(&c, &a, &names(5), 3).unwrap();
        let e = adm.check_feasible(&all).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.message.contains("cadre = no: min 3"), "{e}");
    }

    #[test]
    fn two_and_three_attributes_agree_with_the_search() {
        let a = attrs(
            "name,cadre,grade,gender\nC0,是,1,f\nC1,是,2,m\nC2,否,1,m\nC3,否,2,f\nC4,否,3,m\nC5,是,3,f\n",
        );
        let c2 = [
            constraint("cadre", "no", Some(2), None),
            constraint("grade", "3", Some(1), Some(1)),
        ];
        let adm = Admission::new(&c2, &a, &names(6), 3).unwrap();
        for chosen in [vec![], vec![0], vec![0, 1], vec![4, 5], vec![2, 3]] {
            let pool: Vec<usize> = (0..6).filter(|c| !chosen.contains(c)).collect();
            let p = adm.problem(&chosen, &pool, 3, &|_| true);
            let by_flow = p.as_ref().map(|p| p.feasible().unwrap()).unwrap_or(false);
            let by_search = p.map(|p| p.search().unwrap()).unwrap_or(false);
            assert_eq!(by_flow, by_search, "{chosen:?}");
        }
        assert!(!adm.can_complete(&[0, 1], &[2, 3, 4, 5]).unwrap());
        assert!(adm.can_complete(&[0], &[1, 2, 3, 4, 5]).unwrap());
        let c3 = [
            constraint("cadre", "no", Some(2), None),
            constraint("grade", "3", Some(1), None),
            constraint("gender", "f", Some(2), None),
        ];
        let adm = Admission::new(&c3, &a, &names(6), 3).unwrap();
        // {C3 (no, 2, f), C4 (no, 3, m), C0 (yes, 1, f)}.
        assert!(adm.can_complete(&[], &[0, 1, 2, 3, 4, 5]).unwrap());
        assert!(!adm.can_complete(&[1], &[0, 2, 3, 4, 5]).unwrap());
    }

    #[test]
    fn every_candidate_is_described() {
        let a = attrs("name,cadre\nC0,是\n");
        let e = Admission::new(&[], &a, &names(2), 1).unwrap_err();
        assert!(e.message.contains("'C1' has no attributes"), "{e}");
        let a = attrs("name,cadre\nC0,是\nC1,否\nX,否\n");
        let e = Admission::new(&[], &a, &names(2), 1).unwrap_err();
        assert!(e.message.contains("'X'"), "{e}");
        let a = attrs("name,cadre\nC0,是\nC1,否\n");
        let e = Admission::new(&[constraint("grade", "1", Some(1), None)], &a, &names(2), 1)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("constraint.attribute"));
    }
}
