//! Every label `congress report` prints, in one table: the [`Label`] registry and its Chinese
//! and English text ([`Label::text`], one exhaustive match), so that a missing translation
//! does not compile. Names, numbers, statuses' tokens and check ids are never labels: they are
//! printed as the JSON and the record hold them.

/// The language of a report's labels: the program's one language setting (`--lang`,
/// `CONGRESS_LANG`, the locale; src/lang/).
pub use crate::lang::Lang;

/// A label of the report: headings, column headers, field names and the words of the
/// statuses. [`Label::text`] gives its text in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    // Titles and headings.
    /// The title of a plan's report.
    PlanReport,
    /// The title of a federation plan's report.
    FederationReport,
    /// The title of an election result's report.
    ElectionReport,
    /// The title of a record's report.
    RecordReport,
    /// Heading: the seats per department chart.
    SeatsAgainstQuota,
    /// Heading: the departments table.
    Departments,
    /// Heading: the grade split.
    GradeSplit,
    /// Heading: the clause checks.
    ClauseChecks,
    /// Heading: the two sectors of a federation.
    Sectors,
    /// Heading: institutions.
    Institutions,
    /// Heading: county-level regions.
    Regions,
    /// Heading: kinds of institution.
    Kinds,
    /// Heading: reserved seats' targets.
    ReservedTargets,
    /// Heading: per-candidate votes.
    CandidateVotes,
    /// Heading: the stages of a count.
    StageByStage,
    /// Heading: the transfer table.
    TransferTable,
    /// Heading: what happens next.
    NextRound,
    /// Heading: ties.
    Ties,
    /// Heading: lots drawn.
    Lots,
    /// Heading: the election file's rules.
    Rules,
    /// Heading: method details.
    Details,
    /// Heading: write-ins.
    WriteIns,
    /// Heading: the recall vote.
    Recall,
    /// Heading: the verification checklist.
    VerificationChecklist,
    /// Heading: the signers.
    Signers,
    /// Heading: the record's root.
    RecordRoot,
    /// Heading: how to verify by hand.
    VerifyByHand,
    /// Heading: the result the record holds.
    RecordedResult,
    /// Heading: the summary facts.
    Summary,
    /// Heading: votes moved between candidates (RCTab rounds).
    VotesMoved,
    // Fields and column headers.
    /// Students served.
    Students,
    /// Delegates (house size).
    HouseSize,
    /// Apportionment method.
    Method,
    /// The required ratio.
    RatioRequired,
    /// The achieved ratio.
    RatioAchieved,
    /// The department floor.
    MinSeats,
    /// The non-cadre share.
    NonCadreShare,
    /// How grades were apportioned.
    GradesMode,
    /// Standing conference seats.
    StandingConferenceSeats,
    /// Department.
    Department,
    /// Grade.
    Grade,
    /// Exact quota.
    Quota,
    /// Seats.
    Seats,
    /// Floored (share under the floor).
    Floored,
    /// Non-cadre minimum.
    NonCadreMin,
    /// Non-cadre students.
    NonCadreStudents,
    /// May hold an all-student assembly.
    AssemblyAllowed,
    /// Check id.
    CheckId,
    /// Clause.
    Clause,
    /// Status.
    Status,
    /// Detail.
    Detail,
    /// Sector.
    Sector,
    /// Floor.
    Floor,
    /// Institution.
    Institution,
    /// Kind of institution.
    Kind,
    /// County-level region.
    Region,
    /// Secondary-school students.
    SecondaryStudents,
    /// Secondary-school seats.
    SecondarySeats,
    /// Schools.
    Schools,
    /// Share of the house.
    Share,
    /// Group (gender or ethnic group).
    Group,
    /// By gender.
    Gender,
    /// By ethnic group.
    Ethnic,
    /// Reserved seats.
    ReservedSeats,
    /// Institution floor.
    InstitutionMin,
    /// County floor.
    CountyMin,
    /// Smallest group with a reserved seat.
    GroupMinStudents,
    /// Whether the regions are a full list.
    RegionsListed,
    /// Election title.
    Title,
    /// Election id.
    ElectionId,
    /// Rules profile.
    Profile,
    /// Which round.
    Round,
    /// Elected.
    Elected,
    /// Not elected.
    NotElected,
    /// Candidate.
    Candidate,
    /// 应到.
    Entitled,
    /// 实到.
    Present,
    /// 发出 (ballots issued).
    Issued,
    /// 收回 (ballots returned).
    Returned,
    /// 有效 (valid ballots).
    Valid,
    /// 无效 (invalid ballots).
    Invalid,
    /// 赞成.
    Yes,
    /// 反对.
    No,
    /// 弃权.
    Abstain,
    /// Illegible marks.
    Illegible,
    /// Quorum rule.
    Quorum,
    /// Fewest present that meet the quorum.
    QuorumNeeded,
    /// Whether the quorum was met.
    QuorumMet,
    /// Threshold rule.
    Threshold,
    /// Threshold base.
    ThresholdBase,
    /// Base value.
    BaseValue,
    /// Fewest yes votes that pass.
    VotesNeeded,
    /// The threshold line's legend.
    ThresholdLine,
    /// Stage.
    Stage,
    /// Action of a stage.
    Action,
    /// Non-transferable votes.
    NonTransferable,
    /// Excluded.
    Excluded,
    /// Change since the stage before.
    Transfer,
    /// From (a candidate whose votes moved).
    From,
    /// To (where they went).
    To,
    /// Votes.
    Votes,
    /// Inactive ballots (RCTab).
    Inactive,
    /// Context of a tie.
    Context,
    /// Tied candidates.
    TiedCandidates,
    /// How a tie was settled.
    ResolvedBy,
    /// The order a settlement gave.
    Order,
    /// Whether a tie changed the outcome.
    Decisive,
    /// Contest of a lot.
    Contest,
    /// Beacon of a lot.
    Beacon,
    /// Seed of a lot.
    Seed,
    /// Draws of a lot.
    Draws,
    /// Rejected draw.
    Rejected,
    /// Rule key.
    RuleKey,
    /// Value.
    Value,
    /// Key (of a detail).
    Key,
    /// Open seats.
    OpenSeats,
    /// 另行选举 slate.
    Slate,
    /// Smallest slate.
    MinSlate,
    /// Candidates still to nominate.
    Nominate,
    /// Re-vote number.
    RevoteNumber,
    /// Reason.
    Reason,
    /// The last round counted.
    AfterRound,
    /// Candidates eliminated in the last round.
    EliminatedInLastRound,
    /// The officer voted on.
    Officer,
    /// Whether the recall passed.
    Passed,
    /// Write-ins counted.
    WriteInsCounted,
    /// Write-ins not counted.
    WriteInsVoid,
    /// SHA-256 of the election file.
    ElectionSha256,
    /// Merkle root of the ballots.
    BallotsRoot,
    /// File.
    File,
    /// Record format.
    RecordFormat,
    /// Station or parent.
    Role,
    /// Secrecy mode.
    Secrecy,
    /// Receipts allowed.
    Receipts,
    /// Roll size.
    RollSize,
    /// Candidates.
    Candidates,
    /// Committee member.
    Member,
    /// Key number.
    KeyNumber,
    /// Public key.
    PublicKey,
    /// Signed.
    Signed,
    /// Signatures required.
    SignaturesRequired,
    /// Tree size.
    TreeSize,
    /// Merkle root.
    Root,
    /// SHA-256 of the leaves file.
    LeavesSha256,
    /// SHA-256 of the manifest.
    ManifestSha256,
    /// Child records.
    Children,
    /// Verification result.
    VerificationResult,
    /// Record verified.
    RecordVerified,
    /// Unverified: no key pinned.
    TrustNote,
    // Statuses and words.
    /// `complete`.
    StatusComplete,
    /// `no-quorum`.
    StatusNoQuorum,
    /// `void-round`.
    StatusVoidRound,
    /// `revote-required`.
    StatusRevoteRequired,
    /// `supplementary-required`.
    StatusSupplementaryRequired,
    /// `vacancy`.
    StatusVacancy,
    /// `stopped`.
    StatusStopped,
    /// A check passed.
    CheckPass,
    /// A check warns.
    CheckWarn,
    /// A check failed.
    CheckFail,
    /// A check was skipped.
    CheckSkip,
    /// Yes (boolean).
    True,
    /// No (boolean).
    False,
    /// Nothing further.
    NothingFurther,
    /// The revote sentence.
    RevoteSentence,
    /// The supplementary sentence.
    SupplementarySentence,
    /// The vacancy sentence.
    VacancySentence,
    /// The stopped sentence.
    StoppedSentence,
    // How to verify by hand.
    /// Step: verify with congress.
    StepCongress,
    /// Step: each signature with signify.
    StepSignify,
    /// Step: each file's digest.
    StepDigests,
    /// Step: the root and the recount.
    StepRoot,
    /// Footer: how the report was made.
    Footer,
    /// The legend of a floored department's bar.
    FlooredLegend,
    /// The legend of the quota mark.
    QuotaLegend,
}

impl Label {
    /// The label's text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = self.texts();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The label's Chinese and English text.
    pub fn texts(self) -> (&'static str, &'static str) {
        match self {
            Label::PlanReport => ("学生代表大会代表名额分配报告", "Student congress delegate plan"),
            Label::FederationReport => ("学联代表大会代表名额分配报告", "Federation congress delegate plan"),
            Label::ElectionReport => ("选举结果报告", "Election result"),
            Label::RecordReport => ("选举记录核验报告", "Election record verification report"),
            Label::SeatsAgainstQuota => ("各院系名额与精确份额", "Seats against the exact quota per department"),
            Label::Departments => ("院系", "Departments"),
            Label::GradeSplit => ("年级分配", "Grade split"),
            Label::ClauseChecks => ("条款检查", "Clause checks"),
            Label::Sectors => ("高校与中学两部分", "Sectors"),
            Label::Institutions => ("学校", "Institutions"),
            Label::Regions => ("县级区域", "County-level regions"),
            Label::Kinds => ("学校类别", "Kinds of institution"),
            Label::ReservedTargets => ("普通学生名额的构成目标", "Reserved seats' targets"),
            Label::CandidateVotes => ("候选人得票", "Votes per candidate"),
            Label::StageByStage => ("逐轮计票", "Stage-by-stage count"),
            Label::TransferTable => ("转移表", "Transfer table"),
            Label::NextRound => ("下一轮", "Next round"),
            Label::Ties => ("票数相同", "Ties"),
            Label::Lots => ("抽签", "Lots"),
            Label::Rules => ("选举规则", "Rules"),
            Label::Details => ("计票方法细节", "Method details"),
            Label::WriteIns => ("另选他人", "Write-ins"),
            Label::Recall => ("罢免表决", "Recall vote"),
            Label::VerificationChecklist => ("核验清单", "Verification checklist"),
            Label::Signers => ("签名人", "Signers"),
            Label::RecordRoot => ("记录根哈希", "Record root"),
            Label::VerifyByHand => ("如何自行核验", "How to verify by hand"),
            Label::RecordedResult => ("记录中的选举结果", "The result the record holds"),
            Label::Summary => ("概况", "Summary"),
            Label::VotesMoved => ("票数转移去向", "Where the moved votes went"),
            Label::Students => ("学生数", "Students"),
            Label::HouseSize => ("代表名额", "Delegates"),
            Label::Method => ("方法", "Method"),
            Label::RatioRequired => ("规定比例", "Ratio required"),
            Label::RatioAchieved => ("实际比例", "Ratio achieved"),
            Label::MinSeats => ("每院系最少名额", "Department floor"),
            Label::NonCadreShare => ("非学生会骨干代表比例", "Non-cadre share"),
            Label::GradesMode => ("年级分配方式", "Grades apportioned"),
            Label::StandingConferenceSeats => ("常任代表会议名额", "Standing conference seats"),
            Label::Department => ("院系", "Department"),
            Label::Grade => ("年级", "Grade"),
            Label::Quota => ("精确份额", "Exact quota"),
            Label::Seats => ("名额", "Seats"),
            Label::Floored => ("按下限补足", "Floored"),
            Label::NonCadreMin => ("非骨干代表至少", "Non-cadre minimum"),
            Label::NonCadreStudents => ("非骨干学生数", "Non-cadre students"),
            Label::AssemblyAllowed => ("可开全体学生大会", "May hold an assembly"),
            Label::CheckId => ("检查项", "Check"),
            Label::Clause => ("条款", "Clause"),
            Label::Status => ("状态", "Status"),
            Label::Detail => ("说明", "Detail"),
            Label::Sector => ("部分", "Sector"),
            Label::Floor => ("下限", "Floor"),
            Label::Institution => ("学校", "Institution"),
            Label::Kind => ("类别", "Kind"),
            Label::Region => ("县级区域", "Region"),
            Label::SecondaryStudents => ("中学中职学生数", "Secondary students"),
            Label::SecondarySeats => ("中学中职名额", "Secondary seats"),
            Label::Schools => ("学校数", "Schools"),
            Label::Share => ("占比", "Share"),
            Label::Group => ("群体", "Group"),
            Label::Gender => ("按性别", "By gender"),
            Label::Ethnic => ("按民族", "By ethnic group"),
            Label::ReservedSeats => ("普通学生名额", "Reserved seats"),
            Label::InstitutionMin => ("每校最少名额", "Institution floor"),
            Label::CountyMin => ("每县最少名额", "County floor"),
            Label::GroupMinStudents => ("设名额的最小群体人数", "Smallest group with a seat"),
            Label::RegionsListed => ("区域为完整名单", "Regions are a full list"),
            Label::Title => ("名称", "Title"),
            Label::ElectionId => ("选举编号", "Election id"),
            Label::Profile => ("规则预设", "Rules profile"),
            Label::Round => ("轮次", "Round"),
            Label::Elected => ("当选", "Elected"),
            Label::NotElected => ("未当选", "Not elected"),
            Label::Candidate => ("候选人", "Candidate"),
            Label::Entitled => ("应到", "Entitled"),
            Label::Present => ("实到", "Present"),
            Label::Issued => ("发出", "Issued"),
            Label::Returned => ("收回", "Returned"),
            Label::Valid => ("有效", "Valid"),
            Label::Invalid => ("无效", "Invalid"),
            Label::Yes => ("赞成", "Yes"),
            Label::No => ("反对", "No"),
            Label::Abstain => ("弃权", "Abstain"),
            Label::Illegible => ("无法辨认", "Illegible"),
            Label::Quorum => ("法定人数", "Quorum"),
            Label::QuorumNeeded => ("法定人数至少", "Quorum needs"),
            Label::QuorumMet => ("达到法定人数", "Quorum met"),
            Label::Threshold => ("当选票数规则", "Threshold"),
            Label::ThresholdBase => ("计算基数", "Base"),
            Label::BaseValue => ("基数", "Base value"),
            Label::VotesNeeded => ("当选至少需赞成票", "Yes votes needed"),
            Label::ThresholdLine => ("当选线", "Threshold line"),
            Label::Stage => ("轮", "Stage"),
            Label::Action => ("本轮操作", "Action"),
            Label::NonTransferable => ("不可转移票", "Non-transferable"),
            Label::Excluded => ("淘汰", "Excluded"),
            Label::Transfer => ("转移", "Transfer"),
            Label::From => ("转出", "From"),
            Label::To => ("转入", "To"),
            Label::Votes => ("票数", "Votes"),
            Label::Inactive => ("退出计票的选票", "Inactive ballots"),
            Label::Context => ("出现于", "Where"),
            Label::TiedCandidates => ("票数相同的候选人", "Tied candidates"),
            Label::ResolvedBy => ("决定方式", "Settled by"),
            Label::Order => ("排序", "Order"),
            Label::Decisive => ("影响结果", "Decisive"),
            Label::Contest => ("抽签事项", "Contest"),
            Label::Beacon => ("公开信标", "Beacon"),
            Label::Seed => ("种子", "Seed"),
            Label::Draws => ("抽取值", "Draws"),
            Label::Rejected => ("舍弃", "rejected"),
            Label::RuleKey => ("规则", "Rule"),
            Label::Value => ("值", "Value"),
            Label::Key => ("项", "Key"),
            Label::OpenSeats => ("空缺名额", "Open seats"),
            Label::Slate => ("另行选举候选人", "Slate"),
            Label::MinSlate => ("候选人至少", "Smallest slate"),
            Label::Nominate => ("需另行提名", "To nominate"),
            Label::RevoteNumber => ("第几次再次投票", "Re-vote number"),
            Label::Reason => ("原因", "Reason"),
            Label::AfterRound => ("最后计票轮次", "Last round counted"),
            Label::EliminatedInLastRound => ("最后一轮淘汰", "Eliminated in the last round"),
            Label::Officer => ("被罢免人", "Officer"),
            Label::Passed => ("罢免通过", "Recall passed"),
            Label::WriteInsCounted => ("另选他人计入", "Write-ins counted"),
            Label::WriteInsVoid => ("另选他人无效", "Write-ins not counted"),
            Label::ElectionSha256 => ("选举文件 SHA-256", "Election file SHA-256"),
            Label::BallotsRoot => ("选票默克尔根", "Ballots Merkle root"),
            Label::File => ("文件", "File"),
            Label::RecordFormat => ("记录格式", "Record format"),
            Label::Role => ("记录层级", "Role"),
            Label::Secrecy => ("保密方式", "Secrecy"),
            Label::Receipts => ("可发回执", "Receipts"),
            Label::RollSize => ("选民名册人数", "Roll size"),
            Label::Candidates => ("候选人", "Candidates"),
            Label::Member => ("委员", "Member"),
            Label::KeyNumber => ("密钥编号", "Key number"),
            Label::PublicKey => ("公钥", "Public key"),
            Label::Signed => ("已签名", "Signed"),
            Label::SignaturesRequired => ("至少需签名人数", "Signatures required"),
            Label::TreeSize => ("叶子数", "Tree size"),
            Label::Root => ("根哈希", "Root"),
            Label::LeavesSha256 => ("叶子文件 SHA-256", "Leaves file SHA-256"),
            Label::ManifestSha256 => ("清单 SHA256 的 SHA-256", "SHA-256 of the manifest"),
            Label::Children => ("下级记录", "Child records"),
            Label::VerificationResult => ("核验结果", "Verification"),
            Label::RecordVerified => ("记录核验通过", "record verified"),
            Label::TrustNote => (
                "未用 --trust 指定委员会公钥：签名只按记录自身的委员会核验（V08 跳过）",
                "no --trust key given: signatures were checked against the record's own committee only (V08 skipped)",
            ),
            Label::StatusComplete => ("全部名额选出", "Every seat filled"),
            Label::StatusNoQuorum => ("未达法定人数", "Quorum not met"),
            Label::StatusVoidRound => ("收回票数多于发出票数，本轮无效", "More ballots returned than issued: the round is void"),
            Label::StatusRevoteRequired => ("需再次投票", "A re-vote is required"),
            Label::StatusSupplementaryRequired => ("需另行选举", "A supplementary round (另行选举) is required"),
            Label::StatusVacancy => ("名额空缺", "Seats left vacant"),
            Label::StatusStopped => ("计票提前结束", "The count stopped early"),
            Label::CheckPass => ("通过", "pass"),
            Label::CheckWarn => ("提示", "warn"),
            Label::CheckFail => ("未通过", "fail"),
            Label::CheckSkip => ("跳过", "skip"),
            Label::True => ("是", "yes"),
            Label::False => ("否", "no"),
            Label::NothingFurther => ("无需再投票。", "No further round is needed."),
            Label::RevoteSentence => ("对以下票数相同的候选人再次投票，得赞成票多的当选：", "Re-vote among the tied candidates; the most yes votes win:"),
            Label::SupplementarySentence => ("对空缺名额另行选举，候选人：", "A supplementary round (另行选举) for the open seats, slate:"),
            Label::VacancySentence => ("以下名额空缺：", "Seats left vacant:"),
            Label::StoppedSentence => ("计票在以下轮次后结束：", "The count stopped after round:"),
            Label::StepCongress => ("用 congress 核验全部检查项（以自己信任的委员会公钥）：", "Verify every check with congress, pinning the committee keys you trust:"),
            Label::StepSignify => ("不用 congress：用 signify-openbsd 核验每个签名，数出签名有效且为你信任的委员，人数须达到你认定的门槛：", "Without congress: verify each signature with signify-openbsd and count the members you trust whose signature verifies:"),
            Label::StepDigests => ("核对清单中每个文件的 SHA-256（并确认目录中没有未列出的文件）：", "Check every file's SHA-256 against the manifest (and that no file is present that it does not list):"),
            Label::StepRoot => ("按 RFC 6962 由 ballots.csv 的各行重算默克尔根，与 head.csv 比较；步骤见 docs/verification.md。", "Recompute the RFC 6962 Merkle root over the lines of ballots.csv and compare it with head.csv; docs/verification.md gives the steps."),
            Label::Footer => ("本报告由 congress report 生成，数字与 JSON 及记录中的完全一致。", "Made by congress report; every number is exactly as the JSON and the record hold it."),
            Label::FlooredLegend => ("按下限补足的院系", "floored department"),
            Label::QuotaLegend => ("精确份额", "exact quota"),
        }
    }

    /// Every label, for the tests that check each has its text in every language.
    pub const ALL: &'static [Label] = &[
        Label::PlanReport,
        Label::FederationReport,
        Label::ElectionReport,
        Label::RecordReport,
        Label::SeatsAgainstQuota,
        Label::Departments,
        Label::GradeSplit,
        Label::ClauseChecks,
        Label::Sectors,
        Label::Institutions,
        Label::Regions,
        Label::Kinds,
        Label::ReservedTargets,
        Label::CandidateVotes,
        Label::StageByStage,
        Label::TransferTable,
        Label::NextRound,
        Label::Ties,
        Label::Lots,
        Label::Rules,
        Label::Details,
        Label::WriteIns,
        Label::Recall,
        Label::VerificationChecklist,
        Label::Signers,
        Label::RecordRoot,
        Label::VerifyByHand,
        Label::RecordedResult,
        Label::Summary,
        Label::VotesMoved,
        Label::Students,
        Label::HouseSize,
        Label::Method,
        Label::RatioRequired,
        Label::RatioAchieved,
        Label::MinSeats,
        Label::NonCadreShare,
        Label::GradesMode,
        Label::StandingConferenceSeats,
        Label::Department,
        Label::Grade,
        Label::Quota,
        Label::Seats,
        Label::Floored,
        Label::NonCadreMin,
        Label::NonCadreStudents,
        Label::AssemblyAllowed,
        Label::CheckId,
        Label::Clause,
        Label::Status,
        Label::Detail,
        Label::Sector,
        Label::Floor,
        Label::Institution,
        Label::Kind,
        Label::Region,
        Label::SecondaryStudents,
        Label::SecondarySeats,
        Label::Schools,
        Label::Share,
        Label::Group,
        Label::Gender,
        Label::Ethnic,
        Label::ReservedSeats,
        Label::InstitutionMin,
        Label::CountyMin,
        Label::GroupMinStudents,
        Label::RegionsListed,
        Label::Title,
        Label::ElectionId,
        Label::Profile,
        Label::Round,
        Label::Elected,
        Label::NotElected,
        Label::Candidate,
        Label::Entitled,
        Label::Present,
        Label::Issued,
        Label::Returned,
        Label::Valid,
        Label::Invalid,
        Label::Yes,
        Label::No,
        Label::Abstain,
        Label::Illegible,
        Label::Quorum,
        Label::QuorumNeeded,
        Label::QuorumMet,
        Label::Threshold,
        Label::ThresholdBase,
        Label::BaseValue,
        Label::VotesNeeded,
        Label::ThresholdLine,
        Label::Stage,
        Label::Action,
        Label::NonTransferable,
        Label::Excluded,
        Label::Transfer,
        Label::From,
        Label::To,
        Label::Votes,
        Label::Inactive,
        Label::Context,
        Label::TiedCandidates,
        Label::ResolvedBy,
        Label::Order,
        Label::Decisive,
        Label::Contest,
        Label::Beacon,
        Label::Seed,
        Label::Draws,
        Label::Rejected,
        Label::RuleKey,
        Label::Value,
        Label::Key,
        Label::OpenSeats,
        Label::Slate,
        Label::MinSlate,
        Label::Nominate,
        Label::RevoteNumber,
        Label::Reason,
        Label::AfterRound,
        Label::EliminatedInLastRound,
        Label::Officer,
        Label::Passed,
        Label::WriteInsCounted,
        Label::WriteInsVoid,
        Label::ElectionSha256,
        Label::BallotsRoot,
        Label::File,
        Label::RecordFormat,
        Label::Role,
        Label::Secrecy,
        Label::Receipts,
        Label::RollSize,
        Label::Candidates,
        Label::Member,
        Label::KeyNumber,
        Label::PublicKey,
        Label::Signed,
        Label::SignaturesRequired,
        Label::TreeSize,
        Label::Root,
        Label::LeavesSha256,
        Label::ManifestSha256,
        Label::Children,
        Label::VerificationResult,
        Label::RecordVerified,
        Label::TrustNote,
        Label::StatusComplete,
        Label::StatusNoQuorum,
        Label::StatusVoidRound,
        Label::StatusRevoteRequired,
        Label::StatusSupplementaryRequired,
        Label::StatusVacancy,
        Label::StatusStopped,
        Label::CheckPass,
        Label::CheckWarn,
        Label::CheckFail,
        Label::CheckSkip,
        Label::True,
        Label::False,
        Label::NothingFurther,
        Label::RevoteSentence,
        Label::SupplementarySentence,
        Label::VacancySentence,
        Label::StoppedSentence,
        Label::StepCongress,
        Label::StepSignify,
        Label::StepDigests,
        Label::StepRoot,
        Label::Footer,
        Label::FlooredLegend,
        Label::QuotaLegend,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_label_has_a_distinct_text_in_every_language() {
        for lang in Lang::ALL {
            for label in Label::ALL {
                assert!(!label.text(lang).trim().is_empty(), "{label:?} in {lang:?}");
            }
        }
        let zh: BTreeSet<Label> = Label::ALL.iter().copied().collect();
        assert_eq!(
            zh.len(),
            Label::ALL.len(),
            "a label is listed twice in Label::ALL"
        );
    }
}
