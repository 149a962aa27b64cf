//! The `[rules]` keys: one variant per key, with its name and its parser. Which methods take
//! which keys is [`ElectionMethod::rule_keys`](super::ElectionMethod::rule_keys); a new key
//! is a new variant, and the compiler then asks for its name and its parser here.

use super::reader::{Reader, Table, Value};
use super::ElectionMethod;
use crate::ballot::profiles::{
    parse_excess, parse_slate_ratio, CommitteeRules, IllegibleRule, Quorum, RulesProfile,
    SelectionRule, Threshold, TieAtCutoff, WinRule, WriteInListed,
};
use crate::ballot::ranked::{
    DuplicateRule, Elimination, OvervoteRule, QuotaRule, RankedRules, SkippedRule, SurplusTransfer,
    WriteInRule,
};
use crate::error::{Error, Result};
use crate::exact::Ratio;
use crate::exact::ScaledDecimal;
use toml::de::DeValue;

/// One `[rules]` key of an election file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleKey {
    /// `quorum` (majority-approval, Q1): present (or returned) against 应到, or `none`.
    Quorum,
    /// `threshold` (majority-approval, W1): who is elected in a first round.
    Threshold,
    /// `supplementary_threshold` (S3): who is elected in a 另行选举, or `same`.
    SupplementaryThreshold,
    /// `tie_at_cutoff` (W3): revote, lot or vacancy.
    TieAtCutoff,
    /// `max_revote_rounds` (W3): at most this many re-votes on a tie.
    MaxRevoteRounds,
    /// `revote_fallback` (W3): lot or vacancy once the re-votes are used up.
    RevoteFallback,
    /// `write_ins` (B1): whether write-ins (另选他人) count.
    WriteIns,
    /// `write_in_requires_reject` (B2): a write-in counts only in place of a no.
    WriteInRequiresReject,
    /// `write_in_eligible` (B2): the only names that may be written in.
    WriteInEligible,
    /// `write_in_listed` (B2): a write-in naming a listed candidate is void or counts.
    WriteInListed,
    /// `overvote` (majority-approval, B3): void-ballot or exact.
    Overvote,
    /// `illegible` (B5): void-line or void-ballot.
    Illegible,
    /// `min_excess` (N1): the least excess of candidates over seats, as a share of seats.
    MinExcess,
    /// `min_slate` (N1): the least candidates as a share of seats (`120%`).
    MinSlate,
    /// `min_extra` (N1): the least excess as a count.
    MinExtra,
    /// `max_excess` (N1): the most excess before a pre-election (预选) is needed.
    MaxExcess,
    /// `quorum` of a recall (VIL 16), or `none`.
    RecallQuorum,
    /// `threshold` of a recall (R1): yes votes needed to remove the officer.
    RecallThreshold,
    /// `overvote` of ranked methods: exhaust, skip-rank or exhaust-if-multiple-continuing.
    RankedOvervote,
    /// `skipped_ranks` of ranked methods: skip or exhaust-after-two.
    SkippedRanks,
    /// `elimination` of ranked methods: single or batch.
    Elimination,
    /// `undeclared_write_ins` (issue 23): `UWI` counted as a candidate (never elected) or,
    /// as RCTab does, excluded alone before anyone else.
    UndeclaredWriteIns,
    /// `max_skipped_ranks`: 0, N or `"unlimited"` consecutive blank ranks before the next
    /// marked rank (RCTab's `maxSkippedRanksAllowed`).
    MaxSkippedRanks,
    /// `duplicate_candidate`: skip or exhaust (RCTab's `exhaustOnDuplicateCandidate`).
    DuplicateCandidate,
    /// `quota`: droop or hare (RCTab's `hareQuota`).
    Quota,
    /// `transfer` (stv): one-surplus-per-stage (Scottish) or all-surpluses (RCTab).
    Transfer,
    /// `decimals`: decimal places of transfers and totals under all-surpluses (RCTab's
    /// `decimalPlacesForVoteArithmetic`).
    Decimals,
    /// `one_winner_per_round` (RCTab's `multiWinnerAllowOnlyOneWinnerPerRound`).
    OneWinnerPerRound,
    /// `continue_until_two` (RCTab's `continueUntilTwoCandidatesRemain`).
    ContinueUntilTwo,
    /// `first_round_determines_threshold` (RCTab's `doesFirstRoundDetermineThreshold`).
    FirstRoundDeterminesThreshold,
    /// `bottoms_up_threshold`: `"N%"` (RCTab's `multiSeatBottomsUpPercentageThreshold`).
    BottomsUpThreshold,
    /// `cutoff_elimination` (RCTab's `cutoffElimination`).
    CutoffElimination,
    /// `non_integer_threshold` (RCTab's `nonIntegerWinningThreshold`).
    NonIntegerThreshold,
    /// `minimum_votes` (RCTab 2.0.0's `minimumVoteThreshold`).
    MinimumVotes,
    /// `stop_after_round` (RCTab's `stopTabulationEarlyAfterRound`).
    StopAfterRound,
}

impl RuleKey {
    /// The keys of `majority-approval`.
    pub const MAJORITY_APPROVAL: &'static [RuleKey] = &[
        RuleKey::Quorum,
        RuleKey::Threshold,
        RuleKey::SupplementaryThreshold,
        RuleKey::TieAtCutoff,
        RuleKey::MaxRevoteRounds,
        RuleKey::RevoteFallback,
        RuleKey::WriteIns,
        RuleKey::WriteInRequiresReject,
        RuleKey::WriteInEligible,
        RuleKey::WriteInListed,
        RuleKey::Overvote,
        RuleKey::Illegible,
        RuleKey::MinExcess,
        RuleKey::MinSlate,
        RuleKey::MinExtra,
        RuleKey::MaxExcess,
    ];
    /// The keys of `recall`.
    pub const RECALL: &'static [RuleKey] = &[
        RuleKey::RecallQuorum,
        RuleKey::RecallThreshold,
        RuleKey::Illegible,
    ];
    /// The keys of the ranked methods.
    pub const RANKED: &'static [RuleKey] = &[
        RuleKey::RankedOvervote,
        RuleKey::SkippedRanks,
        RuleKey::Elimination,
    ];
    /// The keys of the counts RCTab offers (`irv`, `bottoms-up`, `sequential-irv`): the
    /// ranked methods' keys and RCTab's options (issue 23).
    pub const RCTAB: &'static [RuleKey] = &[
        RuleKey::RankedOvervote,
        RuleKey::SkippedRanks,
        RuleKey::Elimination,
        RuleKey::UndeclaredWriteIns,
        RuleKey::MaxSkippedRanks,
        RuleKey::DuplicateCandidate,
        RuleKey::Quota,
        RuleKey::Decimals,
        RuleKey::OneWinnerPerRound,
        RuleKey::ContinueUntilTwo,
        RuleKey::FirstRoundDeterminesThreshold,
        RuleKey::BottomsUpThreshold,
        RuleKey::CutoffElimination,
        RuleKey::NonIntegerThreshold,
        RuleKey::MinimumVotes,
        RuleKey::StopAfterRound,
    ];
    /// The keys of `stv`: RCTab's, and `transfer` (RCTab's options need `transfer =
    /// "all-surpluses"`).
    pub const STV: &'static [RuleKey] = &[
        RuleKey::RankedOvervote,
        RuleKey::SkippedRanks,
        RuleKey::Elimination,
        RuleKey::Transfer,
        RuleKey::UndeclaredWriteIns,
        RuleKey::MaxSkippedRanks,
        RuleKey::DuplicateCandidate,
        RuleKey::Quota,
        RuleKey::Decimals,
        RuleKey::OneWinnerPerRound,
        RuleKey::ContinueUntilTwo,
        RuleKey::FirstRoundDeterminesThreshold,
        RuleKey::BottomsUpThreshold,
        RuleKey::CutoffElimination,
        RuleKey::NonIntegerThreshold,
        RuleKey::MinimumVotes,
        RuleKey::StopAfterRound,
    ];

    /// Whether the key is one of RCTab's options (issue 23): setting it makes the rounds
    /// report what RCTab's detailed report shows.
    pub fn is_rctab_option(self) -> bool {
        match self {
            RuleKey::UndeclaredWriteIns
            | RuleKey::MaxSkippedRanks
            | RuleKey::DuplicateCandidate
            | RuleKey::Quota
            | RuleKey::Transfer
            | RuleKey::Decimals
            | RuleKey::OneWinnerPerRound
            | RuleKey::ContinueUntilTwo
            | RuleKey::FirstRoundDeterminesThreshold
            | RuleKey::BottomsUpThreshold
            | RuleKey::CutoffElimination
            | RuleKey::NonIntegerThreshold
            | RuleKey::MinimumVotes
            | RuleKey::StopAfterRound => true,
            RuleKey::Quorum
            | RuleKey::Threshold
            | RuleKey::SupplementaryThreshold
            | RuleKey::TieAtCutoff
            | RuleKey::MaxRevoteRounds
            | RuleKey::RevoteFallback
            | RuleKey::WriteIns
            | RuleKey::WriteInRequiresReject
            | RuleKey::WriteInEligible
            | RuleKey::WriteInListed
            | RuleKey::Overvote
            | RuleKey::Illegible
            | RuleKey::MinExcess
            | RuleKey::MinSlate
            | RuleKey::MinExtra
            | RuleKey::MaxExcess
            | RuleKey::RecallQuorum
            | RuleKey::RecallThreshold
            | RuleKey::RankedOvervote
            | RuleKey::SkippedRanks
            | RuleKey::Elimination => false,
        }
    }

    /// The key's name in election files.
    pub fn name(self) -> &'static str {
        match self {
            RuleKey::Quorum | RuleKey::RecallQuorum => "quorum",
            RuleKey::Threshold | RuleKey::RecallThreshold => "threshold",
            RuleKey::SupplementaryThreshold => "supplementary_threshold",
            RuleKey::TieAtCutoff => "tie_at_cutoff",
            RuleKey::MaxRevoteRounds => "max_revote_rounds",
            RuleKey::RevoteFallback => "revote_fallback",
            RuleKey::WriteIns => "write_ins",
            RuleKey::WriteInRequiresReject => "write_in_requires_reject",
            RuleKey::WriteInEligible => "write_in_eligible",
            RuleKey::WriteInListed => "write_in_listed",
            RuleKey::Overvote | RuleKey::RankedOvervote => "overvote",
            RuleKey::Illegible => "illegible",
            RuleKey::MinExcess => "min_excess",
            RuleKey::MinSlate => "min_slate",
            RuleKey::MinExtra => "min_extra",
            RuleKey::MaxExcess => "max_excess",
            RuleKey::SkippedRanks => "skipped_ranks",
            RuleKey::Elimination => "elimination",
            RuleKey::UndeclaredWriteIns => "undeclared_write_ins",
            RuleKey::MaxSkippedRanks => "max_skipped_ranks",
            RuleKey::DuplicateCandidate => "duplicate_candidate",
            RuleKey::Quota => "quota",
            RuleKey::Transfer => "transfer",
            RuleKey::Decimals => "decimals",
            RuleKey::OneWinnerPerRound => "one_winner_per_round",
            RuleKey::ContinueUntilTwo => "continue_until_two",
            RuleKey::FirstRoundDeterminesThreshold => "first_round_determines_threshold",
            RuleKey::BottomsUpThreshold => "bottoms_up_threshold",
            RuleKey::CutoffElimination => "cutoff_elimination",
            RuleKey::NonIntegerThreshold => "non_integer_threshold",
            RuleKey::MinimumVotes => "minimum_votes",
            RuleKey::StopAfterRound => "stop_after_round",
        }
    }

    /// Reads this key's value into `rules`; returns the value as written.
    fn apply(self, at: &RuleValue, rules: &mut Rules) -> Result<String> {
        let c = &mut rules.committee;
        let r = &mut rules.ranked;
        match self {
            RuleKey::Quorum => at.text(|t| at.quorum(t), |q| c.quorum = q),
            RuleKey::RecallQuorum => at.text(|t| at.quorum(t), |q| c.recall_quorum = q),
            RuleKey::Threshold => at.text(|t| at.parsed(WinRule::parse(t)), |w| c.threshold = w),
            RuleKey::RecallThreshold => at.text(
                |t| at.parsed(Threshold::parse(t)),
                |w| c.recall_threshold = w,
            ),
            RuleKey::SupplementaryThreshold => {
                at.text(|t| at.same_or(t), |w| c.supplementary_threshold = w)
            }
            RuleKey::TieAtCutoff => at.text(
                |t| at.parsed(TieAtCutoff::parse(t)),
                |w| c.tie_at_cutoff = w,
            ),
            RuleKey::RevoteFallback => at.text(|t| at.fallback(t), |w| c.revote_fallback = w),
            RuleKey::MaxRevoteRounds => at.count(|n| c.max_revote_rounds = Some(n)),
            RuleKey::MinExtra => at.count(|n| c.min_extra = n),
            RuleKey::WriteIns => at.flag(|b| c.write_ins = b),
            RuleKey::WriteInRequiresReject => at.flag(|b| c.write_in_requires_reject = b),
            RuleKey::WriteInEligible => at.names(|n| c.write_in_eligible = Some(n)),
            RuleKey::WriteInListed => at.text(
                |t| at.one_of(t, "a rule", WRITE_IN_LISTED),
                |w| c.write_in_listed = w,
            ),
            RuleKey::Overvote => at.text(
                |t| at.one_of(t, "an overvote rule", SELECTIONS),
                |s| c.selections = s,
            ),
            RuleKey::Illegible => at.text(
                |t| at.one_of(t, "an illegible-mark rule", ILLEGIBLE),
                |i| c.illegible = i,
            ),
            RuleKey::MinExcess => at.ratio(parse_excess, |x| c.min_excess = x),
            RuleKey::MinSlate => at.ratio(parse_slate_ratio, |x| c.min_excess = x),
            RuleKey::MaxExcess => at.ratio(parse_excess, |x| c.max_excess = Some(x)),
            RuleKey::RankedOvervote => at.text(
                |t| at.one_of(t, "an overvote rule", RANKED_OVERVOTE),
                |o| r.overvote = o,
            ),
            RuleKey::SkippedRanks => at.text(
                |t| at.one_of(t, "a skipped-rank rule", SKIPPED_RANKS),
                |s| r.skipped_ranks = s,
            ),
            RuleKey::Elimination => at.text(
                |t| at.one_of(t, "an elimination rule", ELIMINATION),
                |e| r.elimination = e,
            ),
            RuleKey::UndeclaredWriteIns => at.text(
                |t| at.one_of(t, "a write-in rule", WRITE_IN_RULE),
                |w| r.undeclared_write_ins = w,
            ),
            RuleKey::MaxSkippedRanks => at.max_skipped(|s| {
                r.skipped_ranks = s;
                r.repeats_marked = true;
            }),
            RuleKey::DuplicateCandidate => at.text(
                |t| at.one_of(t, "a duplicate-candidate rule", DUPLICATE),
                |d| {
                    r.duplicate_candidate = d;
                    r.repeats_marked = true;
                },
            ),
            RuleKey::Quota => at.text(|t| at.one_of(t, "a quota", QUOTA), |q| r.quota = q),
            RuleKey::Transfer => at.text(
                |t| at.one_of(t, "a surplus transfer", TRANSFER),
                |x| r.transfer = x,
            ),
            RuleKey::Decimals => at.count_in(1, 20, |n| r.decimals = Some(n)),
            RuleKey::OneWinnerPerRound => at.flag(|b| r.one_winner_per_round = b),
            RuleKey::ContinueUntilTwo => at.flag(|b| r.continue_until_two = b),
            RuleKey::FirstRoundDeterminesThreshold => {
                at.flag(|b| r.first_round_determines_threshold = b)
            }
            RuleKey::BottomsUpThreshold => {
                at.text(|t| at.percentage(t), |p| r.bottoms_up_threshold = Some(p))
            }
            RuleKey::CutoffElimination => at.flag(|b| r.cutoff_elimination = b),
            RuleKey::NonIntegerThreshold => at.flag(|b| r.non_integer_threshold = b),
            RuleKey::MinimumVotes => {
                let n = at.reader.integer(at.value, &at.field)?;
                r.minimum_votes = n;
                Ok(n.to_string())
            }
            RuleKey::StopAfterRound => at.count_in(1, u32::MAX, |n| r.stop_after_round = Some(n)),
        }
    }
}

/// `write_in_listed` values.
const WRITE_IN_LISTED: &[(&str, WriteInListed)] = &[
    ("void", WriteInListed::Void),
    ("count", WriteInListed::Count),
];
/// `overvote` values of majority-approval.
const SELECTIONS: &[(&str, SelectionRule)] = &[
    ("void-ballot", SelectionRule::VoidOvervote),
    ("exact", SelectionRule::Exact),
];
/// `illegible` values.
const ILLEGIBLE: &[(&str, IllegibleRule)] = &[
    ("void-line", IllegibleRule::VoidLine),
    ("void-ballot", IllegibleRule::VoidBallot),
];
/// `overvote` values of the ranked methods.
const RANKED_OVERVOTE: &[(&str, OvervoteRule)] = &[
    ("exhaust", OvervoteRule::Exhaust),
    ("skip-rank", OvervoteRule::SkipRank),
    (
        "exhaust-if-multiple-continuing",
        OvervoteRule::ExhaustIfMultipleContinuing,
    ),
];
/// `skipped_ranks` values.
const SKIPPED_RANKS: &[(&str, SkippedRule)] = &[
    ("skip", SkippedRule::Skip),
    ("exhaust-after-two", SkippedRule::ExhaustAfterTwo),
];
/// `undeclared_write_ins` values.
const WRITE_IN_RULE: &[(&str, WriteInRule)] = &[
    ("candidate", WriteInRule::Candidate),
    ("exclude-first", WriteInRule::ExcludeFirst),
];
/// `duplicate_candidate` values.
const DUPLICATE: &[(&str, DuplicateRule)] = &[
    ("skip", DuplicateRule::Skip),
    ("exhaust", DuplicateRule::Exhaust),
];
/// `quota` values.
const QUOTA: &[(&str, QuotaRule)] = &[("droop", QuotaRule::Droop), ("hare", QuotaRule::Hare)];
/// `transfer` values.
const TRANSFER: &[(&str, SurplusTransfer)] = &[
    ("one-surplus-per-stage", SurplusTransfer::OneSurplusPerStage),
    ("all-surpluses", SurplusTransfer::AllSurpluses),
];
/// `elimination` values.
const ELIMINATION: &[(&str, Elimination)] = &[
    ("single", Elimination::Single),
    ("batch", Elimination::Batch),
];

/// The rules of an election after its profile and its `[rules]` overrides.
pub(super) struct Rules {
    /// The committee rules (majority-approval, recall).
    pub committee: CommitteeRules,
    /// The ranked-ballot rules.
    pub ranked: RankedRules,
    /// The keys the file set, with their values as written, sorted by key.
    pub overrides: Vec<(String, String)>,
}

/// Reads `[rules]` (when present) over the profile's rules: only the keys of `method`, each in
/// file order.
pub(super) fn read_rules(
    reader: &Reader,
    rules_table: Option<&Value>,
    method: ElectionMethod,
    profile: RulesProfile,
) -> Result<Rules> {
    let mut rules = Rules {
        committee: profile.rules(),
        ranked: RankedRules::default(),
        overrides: Vec::new(),
    };
    let Some(value) = rules_table else {
        return Ok(rules);
    };
    let table = reader.table(value, "rules")?;
    check_rule_keys(reader, table, method)?;
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (k, value) in entries {
        let name = k.get_ref().as_ref();
        let Some(key) = method.rule_keys().iter().find(|key| key.name() == name) else {
            continue;
        };
        let at = RuleValue {
            reader,
            field: format!("rules.{name}"),
            value,
        };
        let set = |other: &str| rules.overrides.iter().any(|(n, _)| n == other);
        if *key == RuleKey::MaxSkippedRanks && set("skipped_ranks")
            || *key == RuleKey::SkippedRanks && set("max_skipped_ranks")
        {
            return Err(at.bad(
                "skipped_ranks and max_skipped_ranks both set, expected one of them \
                 (exhaust-after-two is max_skipped_ranks = 1)",
            ));
        }
        let written = key.apply(&at, &mut rules)?;
        rules.ranked.rctab_rounds |= key.is_rctab_option();
        rules.overrides.push((name.to_string(), written));
    }
    check_rctab_rules(reader, table, method, &rules.ranked)?;
    rules.overrides.sort();
    Ok(rules)
}

/// The rules that tie RCTab's keys together: under `stv` they need `transfer =
/// "all-surpluses"`; a percentage is for `bottoms-up`; a Hare quota or a non-integer
/// threshold are for several seats with surpluses moved (RCTab's validation).
fn check_rctab_rules(
    reader: &Reader,
    table: &Table,
    method: ElectionMethod,
    rules: &RankedRules,
) -> Result<()> {
    let span_of = |key: &str| {
        reader
            .get(table, key)
            .map(|(_, v)| v.span())
            .unwrap_or(0..0)
    };
    let refuse =
        |key: &str, message: &str| Err(reader.err(span_of(key), &format!("rules.{key}"), message));
    if method == ElectionMethod::Stv && rules.transfer == SurplusTransfer::OneSurplusPerStage {
        if let Some((key, _)) = table.iter().find(|(k, _)| {
            let name = k.get_ref().as_ref();
            name != "transfer"
                && RuleKey::STV
                    .iter()
                    .any(|r| r.name() == name && r.is_rctab_option())
        }) {
            let key = key.get_ref().as_ref().to_string();
            return refuse(
                &key,
                "RCTab's options need transfer = \"all-surpluses\" under method stv \
                 (the Scottish one-surplus-per-stage count has its own rules)",
            );
        }
    }
    if rules.bottoms_up_threshold.is_some() && method != ElectionMethod::BottomsUp {
        return refuse(
            "bottoms_up_threshold",
            "bottoms_up_threshold is a rule of method bottoms-up (with seats = 0)",
        );
    }
    if rules.cutoff_elimination && rules.bottoms_up_threshold.is_none() {
        return refuse(
            "cutoff_elimination",
            "cutoff_elimination needs bottoms_up_threshold: the threshold it cuts at",
        );
    }
    let several_with_surpluses = method == ElectionMethod::Stv;
    if rules.quota == QuotaRule::Hare && !several_with_surpluses {
        return refuse(
            "quota",
            "quota = \"hare\" is a rule of stv with transfer = \"all-surpluses\"",
        );
    }
    if rules.non_integer_threshold && !several_with_surpluses {
        return refuse(
            "non_integer_threshold",
            "non_integer_threshold is a rule of stv with transfer = \"all-surpluses\"",
        );
    }
    if rules.non_integer_threshold && rules.quota == QuotaRule::Hare {
        return refuse(
            "non_integer_threshold",
            "non_integer_threshold is a Droop rule, expected quota = \"droop\"",
        );
    }
    if rules.one_winner_per_round && !several_with_surpluses {
        return refuse(
            "one_winner_per_round",
            "one_winner_per_round is a rule of stv with transfer = \"all-surpluses\"",
        );
    }
    Ok(())
}

/// Rejects keys the method does not take (a method without rules takes no `[rules]`).
fn check_rule_keys(reader: &Reader, table: &Table, method: ElectionMethod) -> Result<()> {
    let allowed: Vec<&str> = method.rule_keys().iter().map(|k| k.name()).collect();
    reader
        .check_keys(
            table,
            "rules",
            &allowed,
            &format!("the rules of method {}", method.name()),
        )
        .map_err(|e| {
            if allowed.is_empty() {
                Error {
                    message: format!("method {} takes no [rules]", method.name()),
                    ..e
                }
            } else {
                e
            }
        })
}

/// One `[rules]` value being read: errors name `rules.<key>` and the value's line.
struct RuleValue<'r, 'a, 'v, 'i> {
    reader: &'r Reader<'a>,
    field: String,
    value: &'v Value<'i>,
}

impl RuleValue<'_, '_, '_, '_> {
    pub(super) fn bad(&self, message: impl Into<String>) -> Error {
        self.reader.err(self.value.span(), &self.field, message)
    }

    /// A string read by `parse` and handed to `set`; returns it as written.
    fn text<T>(
        &self,
        parse: impl FnOnce(&str) -> Result<T>,
        set: impl FnOnce(T),
    ) -> Result<String> {
        let text = self.reader.string(self.value, &self.field)?;
        set(parse(&text)?);
        Ok(text)
    }

    /// A whole number below 2^32, handed to `set`; returns it as written.
    fn count(&self, set: impl FnOnce(u32)) -> Result<String> {
        let n = self.reader.integer(self.value, &self.field)?;
        set(u32::try_from(n).map_err(|_| self.bad("too large"))?);
        Ok(n.to_string())
    }

    /// A whole number from `low` to `high`, handed to `set`; returns it as written.
    fn count_in(&self, low: u32, high: u32, set: impl FnOnce(u32)) -> Result<String> {
        let n = self.reader.integer(self.value, &self.field)?;
        match u32::try_from(n) {
            Ok(n) if (low..=high).contains(&n) => {
                set(n);
                Ok(n.to_string())
            }
            _ => Err(self.bad(format!("{n}, expected a number from {low} to {high}"))),
        }
    }

    /// `max_skipped_ranks`: a whole number, or `"unlimited"`.
    fn max_skipped(&self, set: impl FnOnce(SkippedRule)) -> Result<String> {
        if let DeValue::Integer(_) = self.value.get_ref() {
            return self.count_in(0, u32::MAX, |n| set(SkippedRule::AtMost(n)));
        }
        let text = self.reader.string(self.value, &self.field)?;
        if text.trim() != "unlimited" {
            return Err(self.bad(format!(
                "'{text}' is not a number of skipped ranks, expected 0, N or \"unlimited\""
            )));
        }
        set(SkippedRule::Skip);
        Ok(text)
    }

    /// `"N%"` (`"15%"`, `"12.5%"`) as a share: N ÷ 100, kept with two more decimal places
    /// than written (RCTab's scale), strictly between 0 and 100 %.
    fn percentage(&self, text: &str) -> Result<ScaledDecimal> {
        let bad = || {
            self.bad(format!(
                "'{text}' is not a percentage, expected a number above 0 and below 100 and %, \
                 such as \"15%\""
            ))
        };
        let number = text.trim().strip_suffix('%').ok_or_else(bad)?.trim();
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_ok(whole) || !digits_ok(frac) || frac.len() > 10 {
            return Err(bad());
        }
        let units: u128 = format!("{whole}{frac}").parse().map_err(|_| bad())?;
        let share = ScaledDecimal::new(units, frac.len() as u32 + 2);
        if units == 0 || share >= ScaledDecimal::integer(1) {
            return Err(bad());
        }
        Ok(share)
    }

    /// `true` or `false`, handed to `set`; returns it as written.
    fn flag(&self, set: impl FnOnce(bool)) -> Result<String> {
        let b = self.reader.boolean(self.value, &self.field)?;
        set(b);
        Ok(b.to_string())
    }

    /// A list of names, handed to `set`; returns them joined by `, `.
    fn names(&self, set: impl FnOnce(Vec<String>)) -> Result<String> {
        let names = self
            .reader
            .string_list(self.value, &self.field, "eligible write-in names")?;
        let written = names.join(", ");
        set(names);
        Ok(written)
    }

    /// A ratio written as a string (`"20%"`, `"1/5"`) or a whole number, read by `parse`.
    fn ratio(&self, parse: fn(&str) -> Result<Ratio>, set: impl FnOnce(Ratio)) -> Result<String> {
        let text = match self.value.get_ref() {
            DeValue::Integer(i) => i.as_str().to_string(),
            _ => self.reader.string(self.value, &self.field)?,
        };
        let r = parse(&text).map_err(|e| self.bad(e.message))?;
        if r.num > u64::MAX as u128 || r.den > u64::MAX as u128 {
            return Err(self.bad(format!("'{text}' is too large")));
        }
        set(r);
        Ok(text)
    }

    /// A value parsed by a rule type's own parser, whose error names the problem.
    fn parsed<T>(&self, parsed: std::result::Result<T, String>) -> Result<T> {
        parsed.map_err(|m| self.bad(m))
    }

    /// `none`, or a quorum.
    fn quorum(&self, text: &str) -> Result<Option<Quorum>> {
        if text.trim() == "none" {
            return Ok(None);
        }
        self.parsed(Quorum::parse(text)).map(Some)
    }

    /// `same` (as the first round's threshold), or a threshold.
    fn same_or(&self, text: &str) -> Result<Option<WinRule>> {
        if text.trim() == "same" {
            return Ok(None);
        }
        self.parsed(WinRule::parse(text)).map(Some)
    }

    /// What decides a tie once the re-votes are used up: a lot or a vacancy, not a re-vote.
    fn fallback(&self, text: &str) -> Result<TieAtCutoff> {
        match self.parsed(TieAtCutoff::parse(text))? {
            TieAtCutoff::Revote => Err(self.bad("expected lot or vacancy")),
            rule @ (TieAtCutoff::Lot | TieAtCutoff::Vacancy) => Ok(rule),
        }
    }

    /// The value named `text` among `choices`, or an error listing them.
    fn one_of<T: Copy>(&self, text: &str, what: &str, choices: &[(&str, T)]) -> Result<T> {
        if let Some((_, v)) = choices.iter().find(|(name, _)| *name == text) {
            return Ok(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
        let listed = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(", "),
        };
        Err(self.bad(format!("'{text}' is not {what}, expected {listed}")))
    }
}
