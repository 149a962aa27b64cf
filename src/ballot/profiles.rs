//! The committee rules of `majority-approval` (差额选举) and `recall` (罢免), and the seven
//! built-in rule profiles of docs/methods.md §1.2 (table "The seven profiles"; the rule
//! labels and source keys are in its §5).
//!
//! Every threshold is a pair (fraction, comparator) over a named base, decided in integer
//! arithmetic (`2*yes > present`), as rule X1 requires: "以上/不少于" include the boundary
//! (`>=`), "超过/过半数" exclude it (`>`), per 《民法典》第1259条.

use crate::error::{Error, Result};
use crate::exact::{wide_mul, Ratio};
use std::cmp::Ordering;
use std::fmt;

/// `>` (超过, 过半数) or `>=` (以上, 不少于, 达到或超过).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// Strictly more than (the boundary fails).
    Gt,
    /// At least (the boundary passes).
    Ge,
}

impl Comparator {
    fn parse(token: &str) -> Option<Comparator> {
        match token {
            ">" => Some(Comparator::Gt),
            ">=" | "≥" => Some(Comparator::Ge),
            _ => None,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }
}

/// Tests `value` against `fraction × base` with the comparator, exactly (no overflow).
pub fn meets(value: u64, comparator: Comparator, fraction: Ratio, base: u64) -> bool {
    // value / 1 ? num × base / den  ⇔  value × den ? num × base
    let lhs = wide_mul(value as u128, fraction.den);
    let rhs = wide_mul(fraction.num, base as u128);
    match comparator {
        Comparator::Gt => lhs.cmp(&rhs) == Ordering::Greater,
        Comparator::Ge => lhs.cmp(&rhs) != Ordering::Less,
    }
}

/// The smallest count that meets `comparator fraction × base` (None when none up to u64::MAX).
pub fn minimum_meeting(comparator: Comparator, fraction: Ratio, base: u64) -> Option<u64> {
    // exact product num × base / den, then step over the boundary when strict.
    let product = fraction.num.checked_mul(base as u128)?;
    let floor = product / fraction.den;
    let exact = product % fraction.den == 0;
    let minimum = match comparator {
        Comparator::Gt => floor + 1,
        Comparator::Ge => {
            if exact {
                floor
            } else {
                floor + 1
            }
        }
    };
    u64::try_from(minimum).ok()
}

/// The number a threshold is a fraction of (rule W1's denominator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdBase {
    /// 实到 (members present).
    Present,
    /// 应到 (all entitled members).
    Entitled,
    /// Ballots returned (参加投票).
    Returned,
    /// Valid ballots.
    Valid,
}

impl ThresholdBase {
    /// The name used in election files and results.
    pub fn name(self) -> &'static str {
        match self {
            ThresholdBase::Present => "present",
            ThresholdBase::Entitled => "entitled",
            ThresholdBase::Returned => "returned",
            ThresholdBase::Valid => "valid",
        }
    }

    fn parse(token: &str) -> Option<ThresholdBase> {
        match token {
            "present" | "实到" => Some(ThresholdBase::Present),
            "entitled" | "应到" => Some(ThresholdBase::Entitled),
            "returned" | "ballots" => Some(ThresholdBase::Returned),
            "valid" => Some(ThresholdBase::Valid),
            _ => None,
        }
    }
}

/// The numbers a threshold or quorum can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bases {
    /// 应到.
    pub entitled: u64,
    /// 实到.
    pub present: u64,
    /// Ballots returned.
    pub returned: u64,
    /// Valid ballots.
    pub valid: u64,
}

impl Bases {
    /// The value of one base.
    pub fn get(&self, base: ThresholdBase) -> u64 {
        match base {
            ThresholdBase::Present => self.present,
            ThresholdBase::Entitled => self.entitled,
            ThresholdBase::Returned => self.returned,
            ThresholdBase::Valid => self.valid,
        }
    }
}

/// `yes <comparator> <fraction> × <base>`, e.g. `"> 1/2 present"` (rule W1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold {
    /// Strict or inclusive.
    pub comparator: Comparator,
    /// The fraction of the base, e.g. 1/2.
    pub fraction: Ratio,
    /// What the fraction is of.
    pub base: ThresholdBase,
}

impl Threshold {
    /// A threshold from its parts.
    pub const fn new(comparator: Comparator, num: u128, den: u128, base: ThresholdBase) -> Self {
        Threshold {
            comparator,
            fraction: Ratio { num, den },
            base,
        }
    }

    /// Whether `votes` meet the threshold given the bases.
    pub fn passes(&self, votes: u64, bases: &Bases) -> bool {
        meets(votes, self.comparator, self.fraction, bases.get(self.base))
    }

    /// The fewest votes that pass.
    pub fn votes_needed(&self, bases: &Bases) -> Option<u64> {
        minimum_meeting(self.comparator, self.fraction, bases.get(self.base))
    }

    /// Parses `"> 1/2 present"`, `">= 2/3 entitled"`, `"> 50% valid"`.
    pub fn parse(text: &str) -> std::result::Result<Threshold, String> {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let expected = "expected '<comparator> <fraction> <base>' such as '> 1/2 present' \
                        (comparator > or >=; base present, entitled, returned or valid)";
        let [cmp, fraction, base] = tokens.as_slice() else {
            return Err(format!("'{text}' is not a threshold, {expected}"));
        };
        let comparator =
            Comparator::parse(cmp).ok_or_else(|| format!("'{cmp}' is not > or >=, {expected}"))?;
        let fraction = parse_fraction(fraction).map_err(|m| format!("{m}, {expected}"))?;
        let base = ThresholdBase::parse(base)
            .ok_or_else(|| format!("'{base}' is not a base, {expected}"))?;
        Ok(Threshold {
            comparator,
            fraction,
            base,
        })
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.comparator.symbol(),
            self.fraction,
            self.base.name()
        )
    }
}

fn parse_fraction(text: &str) -> std::result::Result<Ratio, String> {
    let r = Ratio::parse(text).map_err(|e| e.message)?;
    if r.num > u64::MAX as u128 || r.den > u64::MAX as u128 {
        return Err(format!("'{text}' is too large"));
    }
    Ok(r.reduced())
}

/// Who elects: a threshold that yes votes must pass, or the most votes (rules W1, S3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WinRule {
    /// Elected only with yes votes passing the threshold, ranked by yes votes (W1, W2).
    Majority(Threshold),
    /// The most yes votes win, optionally only when passing a floor such as
    /// `>= 1/3 returned` (另行选举 of EL 45 and VIL 15: "不得少于选票的三分之一").
    Plurality(Option<Threshold>),
}

impl WinRule {
    /// Parses `"> 1/2 present"`, `"plurality"` or `"plurality >= 1/3 returned"`.
    pub fn parse(text: &str) -> std::result::Result<WinRule, String> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("plurality") {
            let rest = rest.trim();
            if rest.is_empty() {
                return Ok(WinRule::Plurality(None));
            }
            return Threshold::parse(rest).map(|th| WinRule::Plurality(Some(th)));
        }
        Threshold::parse(t).map(WinRule::Majority)
    }
}

impl fmt::Display for WinRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WinRule::Majority(t) => write!(f, "{t}"),
            WinRule::Plurality(None) => f.write_str("plurality"),
            WinRule::Plurality(Some(t)) => write!(f, "plurality {t}"),
        }
    }
}

/// Who is counted for the quorum: members present (a meeting) or ballots returned (turnout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuorumCount {
    /// 实到 must reach the fraction of 应到 (a meeting: Q1).
    Present,
    /// Ballots returned must reach the fraction of 应到 (turnout: EL 45, VIL 15).
    Returned,
}

/// `[present|returned] <comparator> <fraction> [entitled]`, e.g. `">= 2/3"` (rule Q1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    /// What is counted.
    pub counted: QuorumCount,
    /// Strict or inclusive.
    pub comparator: Comparator,
    /// The fraction of all entitled members.
    pub fraction: Ratio,
}

impl Quorum {
    /// A quorum from its parts.
    pub const fn new(counted: QuorumCount, comparator: Comparator, num: u128, den: u128) -> Self {
        Quorum {
            counted,
            comparator,
            fraction: Ratio { num, den },
        }
    }

    /// The number the quorum counts.
    pub fn counted_value(&self, bases: &Bases) -> u64 {
        match self.counted {
            QuorumCount::Present => bases.present,
            QuorumCount::Returned => bases.returned,
        }
    }

    /// Whether the quorum is met.
    pub fn met(&self, bases: &Bases) -> bool {
        meets(
            self.counted_value(bases),
            self.comparator,
            self.fraction,
            bases.entitled,
        )
    }

    /// The fewest present (or returned) that meet it.
    pub fn needed(&self, bases: &Bases) -> Option<u64> {
        minimum_meeting(self.comparator, self.fraction, bases.entitled)
    }

    /// Parses `">= 2/3"`, `"> 4/5 entitled"`, `"returned > 1/2"`.
    pub fn parse(text: &str) -> std::result::Result<Quorum, String> {
        let expected = "expected '[present|returned] <comparator> <fraction> [entitled]' such as \
                        '>= 2/3' (present at least 2/3 of entitled) or 'returned > 1/2'";
        let mut tokens: Vec<&str> = text.split_whitespace().collect();
        let counted = match tokens.first() {
            Some(&"present") => {
                tokens.remove(0);
                QuorumCount::Present
            }
            Some(&"returned") => {
                tokens.remove(0);
                QuorumCount::Returned
            }
            _ => QuorumCount::Present,
        };
        if tokens.last() == Some(&"entitled") {
            tokens.pop();
            if tokens.last() == Some(&"of") {
                tokens.pop();
            }
        }
        let [cmp, fraction] = tokens.as_slice() else {
            return Err(format!("'{text}' is not a quorum, {expected}"));
        };
        let comparator =
            Comparator::parse(cmp).ok_or_else(|| format!("'{cmp}' is not > or >=, {expected}"))?;
        let fraction = parse_fraction(fraction).map_err(|m| format!("{m}, {expected}"))?;
        Ok(Quorum {
            counted,
            comparator,
            fraction,
        })
    }
}

impl fmt::Display for Quorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted = match self.counted {
            QuorumCount::Present => "present",
            QuorumCount::Returned => "returned",
        };
        write!(
            f,
            "{counted} {} {} entitled",
            self.comparator.symbol(),
            self.fraction
        )
    }
}

/// What a tie straddling the last seat does (rule W3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TieAtCutoff {
    /// The tied candidates are voted on again for the open seats (status `revote-required`).
    Revote,
    /// The reproducible lot decides (needs `[tiebreak] seed`).
    Lot,
    /// None of the tied is elected; the seats stay open (status `vacancy`, WHU-G).
    Vacancy,
}

impl TieAtCutoff {
    /// The name used in election files.
    pub fn name(self) -> &'static str {
        match self {
            TieAtCutoff::Revote => "revote",
            TieAtCutoff::Lot => "lot",
            TieAtCutoff::Vacancy => "vacancy",
        }
    }

    /// Parses `revote | lot | vacancy`.
    pub fn parse(text: &str) -> std::result::Result<TieAtCutoff, String> {
        match text.trim() {
            "revote" => Ok(TieAtCutoff::Revote),
            "lot" => Ok(TieAtCutoff::Lot),
            "vacancy" => Ok(TieAtCutoff::Vacancy),
            other => Err(format!(
                "'{other}' is not a tie rule, expected revote, lot or vacancy"
            )),
        }
    }
}

/// What makes a marks ballot void for its number of selections (rule B3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectionRule {
    /// More selections (yes + write-ins) than seats voids the ballot (EL 44; default).
    VoidOvervote,
    /// Exactly as many selections as seats, else void (HK-NPC variant).
    Exact,
}

/// What an illegible mark (`?`) voids (rule B5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IllegibleRule {
    /// Only that candidate's line; the rest of the ballot counts (WHU-G, CNT; default).
    VoidLine,
    /// The whole ballot (镇人大 sample).
    VoidBallot,
}

/// What a write-in naming a candidate already on the ballot does (rule B2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteInListed {
    /// That write-in is void ("另选他人中不允许选候选人", PCS; default).
    Void,
    /// It counts as a yes for that candidate (unless the ballot already says yes).
    Count,
}

/// The built-in rule profiles of the committee methods (`profile = "…"` in an election file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesProfile {
    /// Student congress (河南 2017 plan, student-union practice). The default.
    Henan2017,
    /// Communist Youth League basic-level elections.
    CylBasic,
    /// Party basic-level elections (2020 条例).
    PartyBasic2020,
    /// Trade-union basic-level elections.
    TradeUnion,
    /// Direct people's-congress elections (county/township deputies).
    NpcDirect,
    /// Indirect people's-congress elections (a congress electing upward).
    NpcIndirect,
    /// Village committee elections.
    Village,
}

impl RulesProfile {
    /// Every profile, in the order of the table in docs/methods.md §1.2.
    pub const ALL: [RulesProfile; 7] = [
        RulesProfile::Henan2017,
        RulesProfile::CylBasic,
        RulesProfile::PartyBasic2020,
        RulesProfile::TradeUnion,
        RulesProfile::NpcDirect,
        RulesProfile::NpcIndirect,
        RulesProfile::Village,
    ];

    /// The profile's name in election files.
    pub fn name(self) -> &'static str {
        match self {
            RulesProfile::Henan2017 => "henan-2017",
            RulesProfile::CylBasic => "cyl-basic",
            RulesProfile::PartyBasic2020 => "party-basic-2020",
            RulesProfile::TradeUnion => "trade-union",
            RulesProfile::NpcDirect => "npc-direct",
            RulesProfile::NpcIndirect => "npc-indirect",
            RulesProfile::Village => "village",
        }
    }

    /// Parses a profile name.
    pub fn parse(text: &str) -> std::result::Result<RulesProfile, String> {
        RulesProfile::ALL
            .into_iter()
            .find(|p| p.name() == text.trim())
            .ok_or_else(|| {
                format!(
                    "unknown profile '{text}', expected one of {}",
                    RulesProfile::ALL.map(|p| p.name()).join(", ")
                )
            })
    }

    /// The profile's rules (docs/methods.md §1.2, "The seven profiles").
    pub fn rules(self) -> CommitteeRules {
        use Comparator::{Ge, Gt};
        use QuorumCount::{Present, Returned};
        use ThresholdBase as B;
        let half = |base| WinRule::Majority(Threshold::new(Gt, 1, 2, base));
        let third_plurality =
            WinRule::Plurality(Some(Threshold::new(Ge, 1, 3, ThresholdBase::Returned)));
        let base = CommitteeRules {
            profile: self,
            // Q1: student-congress practice "三分之二以上" (JXNU, GNYX, SYSU).
            quorum: Some(Quorum::new(Present, Ge, 2, 3)),
            // W1: "获得实到会…过半数赞成票" (CPC-B90 22; CYL-P; GNYX).
            threshold: half(B::Present),
            // S3: Party/CYL/student: the same majority as the first round.
            supplementary_threshold: None,
            // W3: "就票数相等的被选举人再次投票" (CYL-25; EL 45; LOC 29).
            tie_at_cutoff: TieAtCutoff::Revote,
            max_revote_rounds: None,
            revote_fallback: TieAtCutoff::Vacancy,
            // B1: 另选他人 is one of the four options.
            write_ins: true,
            write_in_requires_reject: false,
            write_in_eligible: None,
            write_in_listed: WriteInListed::Void,
            // B3: "多于规定应选代表人数的作废" (EL 44; CPC-B90 20).
            selections: SelectionRule::VoidOvervote,
            illegible: IllegibleRule::VoidLine,
            // N1: the seed only "encourages" 差额 for the presidium/committee.
            min_excess: Ratio::new(0, 1),
            min_extra: 0,
            max_excess: None,
            // R1: bodies elected by a congress are recalled by > 1/2 of all members.
            recall_threshold: Threshold::new(Gt, 1, 2, B::Entitled),
            recall_quorum: None,
        };
        match self {
            RulesProfile::Henan2017 => base,
            // Q1: "超过应到会人数的4/5" (CPC-B90, CYL-P); N1: 20% (CYL-P).
            RulesProfile::CylBasic | RulesProfile::PartyBasic2020 => CommitteeRules {
                quorum: Some(Quorum::new(Present, Gt, 4, 5)),
                min_excess: Ratio::new(1, 5),
                ..base
            },
            // Q1: "三分之二以上" (TU-16 17); W1: 应到会人数 (TU-16); N1: 不低于5%;
            // R1: TUL 18 "全体会员或者…全体代表过半数".
            RulesProfile::TradeUnion => CommitteeRules {
                quorum: Some(Quorum::new(Present, Ge, 2, 3)),
                threshold: half(B::Entitled),
                min_excess: Ratio::new(1, 20),
                ..base
            },
            // Q1: 选区全体选民的过半数参加投票 (EL 45); W1: 参加投票的选民 (EL 45);
            // N1: 1/3 to 1× (EL 31); S3: plurality with >= 1/3 of ballots (EL 45).
            RulesProfile::NpcDirect => CommitteeRules {
                quorum: Some(Quorum::new(Returned, Gt, 1, 2)),
                threshold: half(B::Returned),
                supplementary_threshold: Some(third_plurality),
                min_excess: Ratio::new(1, 3),
                max_excess: Some(Ratio::new(1, 1)),
                ..base
            },
            // Q1: 三分之二以上的代表出席 (LOC 14); W1: 全体代表 (EL 45; LOC 25);
            // N1: 1/5 to 1/2 (EL 31); S3: still > 1/2 of all deputies.
            RulesProfile::NpcIndirect => CommitteeRules {
                quorum: Some(Quorum::new(Present, Ge, 2, 3)),
                threshold: half(B::Entitled),
                min_excess: Ratio::new(1, 5),
                max_excess: Some(Ratio::new(1, 2)),
                ..base
            },
            // VIL 15: 过半数投票, 参加投票的村民过半数, 候选人多于应选名额,
            // 另行选举 不得少于已投选票总数的三分之一; VIL 16 recall.
            RulesProfile::Village => CommitteeRules {
                quorum: Some(Quorum::new(Returned, Gt, 1, 2)),
                threshold: half(B::Returned),
                supplementary_threshold: Some(third_plurality),
                min_extra: 1,
                recall_threshold: Threshold::new(Gt, 1, 2, B::Returned),
                recall_quorum: Some(Quorum::new(Returned, Gt, 1, 2)),
                ..base
            },
        }
    }
}

/// Every rule of a `majority-approval` or `recall` count, after the profile and the
/// election file's `[rules]` overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeRules {
    /// The profile the defaults came from.
    pub profile: RulesProfile,
    /// Attendance quorum (Q1); `None` = no quorum.
    pub quorum: Option<Quorum>,
    /// Who is elected in a first round (W1).
    pub threshold: WinRule,
    /// Who is elected in a supplementary round (S3); `None` = the same as `threshold`.
    pub supplementary_threshold: Option<WinRule>,
    /// A tie straddling the last seat (W3).
    pub tie_at_cutoff: TieAtCutoff,
    /// At most this many re-votes on a tie, then `revote_fallback` (W3); `None` = no cap.
    pub max_revote_rounds: Option<u32>,
    /// What decides a tie once `max_revote_rounds` re-votes tied again (lot or vacancy).
    pub revote_fallback: TieAtCutoff,
    /// Whether write-ins (另选他人) count (B1).
    pub write_ins: bool,
    /// A write-in counts only in place of a candidate marked no (B2: "投不赞成票的可另选他人").
    pub write_in_requires_reject: bool,
    /// Only these names may be written in (B2); `None` = anyone.
    pub write_in_eligible: Option<Vec<String>>,
    /// A write-in naming a listed candidate (B2).
    pub write_in_listed: WriteInListed,
    /// Over-vote rule (B3).
    pub selections: SelectionRule,
    /// Illegible-mark rule (B5).
    pub illegible: IllegibleRule,
    /// Minimum excess of candidates over seats, as a fraction of seats (N1, ceil).
    pub min_excess: Ratio,
    /// Minimum excess as a count (VIL 15: "多于应选名额" = at least one more).
    pub min_extra: u32,
    /// Maximum excess (N1, EL 31); above it a pre-election (预选) is needed.
    pub max_excess: Option<Ratio>,
    /// A recall passes with yes votes meeting this (R1).
    pub recall_threshold: Threshold,
    /// Turnout quorum of a recall (VIL 16); `None` = none.
    pub recall_quorum: Option<Quorum>,
}

impl CommitteeRules {
    /// The rule of a supplementary round (S3).
    pub fn supplementary_rule(&self) -> WinRule {
        self.supplementary_threshold.unwrap_or(self.threshold)
    }

    /// The fewest candidates for `seats` seats (N1: seats + max(ceil(seats × ratio), extra)).
    pub fn min_candidates(&self, seats: u32) -> u64 {
        let by_ratio =
            Ratio::new(self.min_excess.num * seats as u128, self.min_excess.den).ceil() as u64;
        seats as u64 + by_ratio.max(self.min_extra as u64)
    }

    /// The most candidates for `seats` seats (N1), when capped; never below the fewest (one
    /// seat at 1/5 to 1/2 takes two candidates: EL 45 "如果只选一人，候选人应为二人").
    pub fn max_candidates(&self, seats: u32) -> Option<u64> {
        self.max_excess.map(|r| {
            let most = seats as u64 + Ratio::new(r.num * seats as u128, r.den).floor() as u64;
            most.max(self.min_candidates(seats))
        })
    }

    /// The size of a 另行选举 slate for `open` seats (S2: first-round order at the profile's
    /// ratio, ceil; "如果只选一人，候选人应为二人").
    pub fn supplementary_slate_size(&self, open: u32) -> u64 {
        let size = self.min_candidates(open);
        if open == 1 {
            size.max(2)
        } else {
            size
        }
    }
}

/// Parses a ratio of excess candidates: `"20%"`, `"1/5"`, `"0.2"` (excess over seats).
pub fn parse_excess(text: &str) -> Result<Ratio> {
    Ratio::parse(text).map(|r| r.reduced())
}

/// Parses the candidates-to-seats form `"120%"` into the excess over seats (`1/5`).
pub fn parse_slate_ratio(text: &str) -> Result<Ratio> {
    let r = Ratio::parse(text)?.reduced();
    if r < Ratio::integer(1) {
        return Err(Error::input(format!(
            "'{text}' is below 100%, expected candidates as a share of seats such as 120%"
        )));
    }
    Ok(Ratio::new(r.num - r.den, r.den).reduced())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bases(entitled: u64, present: u64, returned: u64, valid: u64) -> Bases {
        Bases {
            entitled,
            present,
            returned,
            valid,
        }
    }

    #[test]
    fn exactly_half_fails_a_strict_majority() {
        let t = Threshold::parse("> 1/2 present").unwrap();
        let b = bases(320, 300, 290, 280);
        assert!(!t.passes(150, &b), "过半数: exactly half fails");
        assert!(t.passes(151, &b));
        assert_eq!(t.votes_needed(&b), Some(151));
        let odd = bases(320, 301, 290, 280);
        assert!(!t.passes(150, &odd));
        assert!(t.passes(151, &odd));
        assert_eq!(t.to_string(), "> 1/2 present");
    }

    #[test]
    fn inclusive_thresholds_and_each_base() {
        let b = bases(9, 6, 5, 4);
        let t = Threshold::parse(">= 2/3 entitled").unwrap();
        assert!(t.passes(6, &b) && !t.passes(5, &b));
        assert_eq!(t.votes_needed(&b), Some(6));
        let t = Threshold::parse("> 1/2 returned").unwrap();
        assert!(t.passes(3, &b) && !t.passes(2, &b));
        let t = Threshold::parse("> 50% valid").unwrap();
        assert!(t.passes(3, &b) && !t.passes(2, &b));
        assert!(Threshold::parse("> 1/2").is_err());
        assert!(Threshold::parse("< 1/2 present").is_err());
        assert!(Threshold::parse("> half present").is_err());
        assert!(Threshold::parse("> 1/2 everyone").is_err());
    }

    #[test]
    fn quorum_forms() {
        let q = Quorum::parse(">= 2/3").unwrap();
        assert!(q.met(&bases(9, 6, 0, 0)));
        assert!(!q.met(&bases(9, 5, 0, 0)));
        let q = Quorum::parse("> 4/5 of entitled").unwrap();
        assert!(!q.met(&bases(10, 8, 0, 0)) && q.met(&bases(10, 9, 0, 0)));
        let q = Quorum::parse("returned > 1/2").unwrap();
        assert!(!q.met(&bases(10, 10, 5, 5)) && q.met(&bases(10, 10, 6, 6)));
        assert_eq!(q.to_string(), "returned > 1/2 entitled");
        assert!(Quorum::parse("2/3").is_err());
    }

    #[test]
    fn win_rules_parse() {
        assert_eq!(
            WinRule::parse("plurality >= 1/3 returned")
                .unwrap()
                .to_string(),
            "plurality >= 1/3 returned"
        );
        assert_eq!(
            WinRule::parse("plurality").unwrap(),
            WinRule::Plurality(None)
        );
        assert!(matches!(
            WinRule::parse("> 1/2 present").unwrap(),
            WinRule::Majority(_)
        ));
    }

    #[test]
    fn slate_sizes_round_up() {
        let cyl = RulesProfile::CylBasic.rules();
        // XJTU / 长泰二中: ceil(1.2 n): 7 → 9, 6 → 8, 17 → 21, 11 → 14.
        assert_eq!(cyl.min_candidates(7), 9);
        assert_eq!(cyl.min_candidates(6), 8);
        assert_eq!(cyl.min_candidates(17), 21);
        assert_eq!(cyl.min_candidates(11), 14);
        assert_eq!(cyl.supplementary_slate_size(1), 2);
        let henan = RulesProfile::Henan2017.rules();
        assert_eq!(henan.min_candidates(5), 5);
        assert_eq!(henan.supplementary_slate_size(1), 2);
        assert_eq!(henan.supplementary_slate_size(3), 3);
        let village = RulesProfile::Village.rules();
        assert_eq!(village.min_candidates(3), 4);
        let npc = RulesProfile::NpcDirect.rules();
        assert_eq!(npc.min_candidates(3), 4);
        assert_eq!(npc.max_candidates(3), Some(6));
        assert_eq!(
            parse_slate_ratio("120%").unwrap(),
            parse_excess("20%").unwrap()
        );
        assert!(parse_slate_ratio("80%").is_err());
    }

    #[test]
    fn every_profile_has_its_table_row() {
        for p in RulesProfile::ALL {
            assert_eq!(RulesProfile::parse(p.name()).unwrap(), p);
            let r = p.rules();
            assert_eq!(r.tie_at_cutoff, TieAtCutoff::Revote, "{}", p.name());
            assert_eq!(r.selections, SelectionRule::VoidOvervote);
        }
        let th = |p: RulesProfile| RulesProfile::rules(p).threshold.to_string();
        assert_eq!(th(RulesProfile::Henan2017), "> 1/2 present");
        assert_eq!(th(RulesProfile::CylBasic), "> 1/2 present");
        assert_eq!(th(RulesProfile::PartyBasic2020), "> 1/2 present");
        assert_eq!(th(RulesProfile::TradeUnion), "> 1/2 entitled");
        assert_eq!(th(RulesProfile::NpcDirect), "> 1/2 returned");
        assert_eq!(th(RulesProfile::NpcIndirect), "> 1/2 entitled");
        assert_eq!(th(RulesProfile::Village), "> 1/2 returned");
        let q = |p: RulesProfile| RulesProfile::rules(p).quorum.unwrap().to_string();
        assert_eq!(q(RulesProfile::Henan2017), "present >= 2/3 entitled");
        assert_eq!(q(RulesProfile::CylBasic), "present > 4/5 entitled");
        assert_eq!(q(RulesProfile::TradeUnion), "present >= 2/3 entitled");
        assert_eq!(q(RulesProfile::NpcDirect), "returned > 1/2 entitled");
        assert_eq!(q(RulesProfile::NpcIndirect), "present >= 2/3 entitled");
        assert_eq!(q(RulesProfile::Village), "returned > 1/2 entitled");
        assert_eq!(
            RulesProfile::NpcDirect
                .rules()
                .supplementary_rule()
                .to_string(),
            "plurality >= 1/3 returned"
        );
        assert_eq!(
            RulesProfile::NpcIndirect
                .rules()
                .supplementary_rule()
                .to_string(),
            "> 1/2 entitled"
        );
        assert_eq!(
            RulesProfile::Village.rules().recall_threshold.to_string(),
            "> 1/2 returned"
        );
        assert_eq!(
            RulesProfile::Henan2017.rules().recall_threshold.to_string(),
            "> 1/2 entitled"
        );
    }

    #[test]
    fn meets_never_overflows() {
        assert!(meets(u64::MAX, Comparator::Gt, Ratio::new(1, 2), u64::MAX));
        assert!(!meets(0, Comparator::Gt, Ratio::new(0, 1), 10));
        assert!(meets(0, Comparator::Ge, Ratio::new(0, 1), 10));
    }

    /// docs/methods.md's table of profiles has a column for exactly `RulesProfile::ALL`.
    #[test]
    fn the_profiles_table_lists_every_profile() {
        let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/methods.md"))
            .unwrap();
        let header = docs.lines().find(|l| l.starts_with("| rule | `")).unwrap();
        let listed: Vec<RulesProfile> = header
            .split('|')
            .skip(2)
            .filter_map(|cell| cell.split('`').nth(1))
            .map(|name| RulesProfile::parse(name).unwrap())
            .collect();
        assert_eq!(listed, RulesProfile::ALL);
    }
}
