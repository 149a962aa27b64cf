//! The `[rules]` keys: one variant per key, with its name and its parser. Which methods take
//! which keys is [`ElectionMethod::rule_keys`](super::ElectionMethod::rule_keys); a new key
//! is a new variant, and the compiler then asks for its name and its parser here.

use super::reader::{Reader, Table, Value};
use super::ElectionMethod;
use crate::ballot::profiles::{
    parse_excess, parse_slate_ratio, CommitteeRules, IllegibleRule, Quorum, RulesProfile,
    SelectionRule, Threshold, TieAtCutoff, WinRule, WriteInListed,
};
use crate::ballot::ranked::{Elimination, OvervoteRule, RankedRules, SkippedRule};
use crate::error::{Error, Result};
use crate::exact::Ratio;
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
        let written = key.apply(&at, &mut rules)?;
        rules.overrides.push((name.to_string(), written));
    }
    rules.overrides.sort();
    Ok(rules)
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
    fn bad(&self, message: impl Into<String>) -> Error {
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
