//! The Chinese catalogue (简体中文): the text of every [`Msg`], in the election's own terms
//! (应到、实到、发出、收回、有效、无效、赞成、反对、弃权、当选、另行选举、再次投票).

use super::Msg;
use crate::ballot::result::Status;
use crate::plan::checks::{PlanCheckId, PlanCheckStatus};
use crate::record::check::CheckId;

/// A count's status in Chinese.
pub fn status(status: Status) -> &'static str {
    match status {
        Status::Complete => "选举完成",
        Status::NoQuorum => "实到人数不足，未进行计票",
        Status::VoidRound => "收回票数多于发出票数，本轮选举无效",
        Status::RevoteRequired => "需再次投票",
        Status::SupplementaryRequired => "需另行选举",
        Status::Vacancy => "名额空缺",
        Status::Stopped => "计票按规定轮次停止",
    }
}

/// A round of a committee count, as the result names it.
fn round(round: &str) -> String {
    match round {
        "first" => "第一轮投票".into(),
        "revote" => "再次投票".into(),
        "supplementary" => "另行选举".into(),
        other => other.into(),
    }
}

/// A reason a ballot or write-in is void, as the result names it.
fn invalid_reason(reason: &str) -> String {
    match reason {
        "overvote" => "所选人数多于应选名额".into(),
        "illegible" => "无法辨认".into(),
        "undervote" => "所选人数不足".into(),
        "empty" => "空白票".into(),
        "not-allowed" => "不允许另选他人".into(),
        "ineligible" => "被选人不符合资格".into(),
        "names-candidate" => "另选的是正式候选人".into(),
        "without-reject" => "另选他人而未对候选人投反对票".into(),
        "duplicate" => "重复".into(),
        other => other.into(),
    }
}

/// What a stage of a count did, from the result's English wording.
fn stage_action(action: &str) -> String {
    if action == "first preferences" {
        return "统计第一选择".into();
    }
    if let Some(names) = action.strip_prefix("surplus of ") {
        return format!("转移 {names} 的盈余票");
    }
    if let Some(names) = action.strip_prefix("exclusion of ") {
        return format!("淘汰 {names}");
    }
    action.into()
}

/// How a tie was settled, from the result's wording.
fn tie_resolved_by(how: &str) -> String {
    match how {
        "lot" => "抽签决定".into(),
        "unresolved" => "未决".into(),
        "earlier round" => "按此前轮次票数决定".into(),
        other => other.into(),
    }
}

/// What a plan or organisation check checks.
pub fn plan_rule(id: PlanCheckId) -> &'static str {
    use PlanCheckId::*;
    match id {
        PlanDelegatesRatio => "代表总数不少于学生数乘以代表比例",
        PlanDepartmentFloor => "每个院系至少有保底名额（不足3人的以3人计）",
        PlanGradeCoverage => "每个年级都有代表名额",
        PlanGradeMatrix => "院系 × 年级名额矩阵（双比例分配）能够满足",
        PlanNonCadreShare => "每个院系有足够的非学生会骨干学生达到非骨干代表最低人数",
        PlanStandingConference => "常任代表会议每个院系一个名额",
        PlanAssembly => "学生不足规定人数的院系可召开全体学生大会",
        DelegationPlanRoster => "名额方案与名册的学生和院系一致",
        DelegationDelegatesRoster => "每名代表都在名册中",
        DelegationDelegatesUnique => "没有重复列出的代表",
        DelegationDepartmentSeats => "每个院系选出的代表数等于分配名额",
        DelegationGradeCoverage => "名册中每个年级至少有一名代表",
        DelegationClubCoverage => "每个主要学生社团至少有一名成员当选代表",
        DelegationNonCadreShare => "非学生会骨干代表不少于方案规定的比例",
        DelegationNonCadreDepartment => "每个院系的非骨干代表不少于其代表数乘以该比例（向上取整）",
        DelegationDelegatesRatio => "代表人数不少于学生数乘以代表比例",
        OrgPresident => "主席1名",
        OrgVicePresidents => "副主席4至6名（有分校区的高校可酌情增加）",
        OrgPresidiumSize => "主席团成员不超过5名",
        OrgSecretaryGeneral => "秘书长1名",
        OrgDeputies => "每个工作部门副职不超过2名",
        OrgNoAssistants => "不设主席助理、部长助理等职务",
        OrgCoreMembers => "学生会骨干不超过所服务学生数的1%",
        OrgDepartments => "工作部门不超过6个",
        OrgStaff => "工作人员不超过40人（多校区或规模较大的学校不超过60人）",
        OrgTraining => "每名校级学生会骨干每年培训不少于30学时",
        OrgCongressInterval => "学生代表大会至多每两年召开一次",
        OrgDepartmentCongress => "院系学生代表大会每年至少召开一次",
        OrgStandingConference => "常任代表会议每年至少召开一次",
        FederationSectorSplit => "高校与中学两部分按学生数比例分配名额，各有保底",
        FederationKindsCovered => "覆盖所辖范围内各类高校",
        FederationInstitutionFloor => "每所高校至少有保底名额",
        FederationCountyCoverage => "确保每个县级区域有中学中职代表",
        FederationNonCadreReserved => "每所学校和每个区域为非学生干部学生预留名额",
        FederationGenderTargets => "预留名额按性别的目标人数",
        FederationEthnicTargets => "预留名额按民族的目标人数",
        FederationDelegationDelegatesPlan => "每名代表的学校在方案中且属于方案所列区域",
        FederationDelegationInstitutionSeats => "每所学校选出的代表数等于分配名额",
        FederationDelegationKindsCovered => "方案中每类学校都有代表",
        FederationDelegationCountyCoverage => "方案中每个县级区域都有中学代表",
        FederationDelegationNonCadreReserved => "每所学校和每个区域的非学生干部代表不少于最低人数",
        FederationDelegationGenderTargets => "各性别的非学生干部代表达到目标人数",
        FederationDelegationEthnicTargets => "各民族的非学生干部代表达到目标人数",
    }
}

/// What a record check checks.
pub fn verify_rule(id: CheckId) -> &'static str {
    use CheckId::*;
    match id {
        V01 => "清单 SHA256 格式严格正确：每行“SHA256 (<路径>) = <64位小写十六进制>”，已排序、无重复",
        V02 => "目录中的文件恰为清单所列文件（另加 SHA256 和签名），无符号链接，且只有该类记录应有的文件",
        V03 => "清单所列每个文件的 SHA-256 一致",
        V04 => "每个 SHA256.* 文件都是格式正确的 signify 签名 SHA256.<成员>.sig",
        V05 => "每个签名人都是 election.json 所列委员会成员，并用该成员的密钥签名；keys/ 恰为成员的公钥",
        V06 => "每个签名对 SHA256 原始字节的 Ed25519 严格验证通过",
        V07 => "有效签名的不同成员数不少于 threshold_k",
        V08 => "审计人用 --trust 指定的公钥达到法定签名数",
        V10 => "election.json 格式、版本、必填字段与规范字节正确，且与 election.toml 一致",
        V11 => "ballots.csv 为严格 CSV，每行是其选票的规范形式，票号唯一且已排序，每个单元格有效",
        V12 => "head.csv 的树大小、RFC 6962 根哈希和 ballots.csv 的 SHA-256 正确",
        V13 => "按 ballots.csv 重新计票与 tally.csv 逐行一致，收回票数等于行数",
        V14 => "收回票数不超过应到人数",
        V15 => "（接续轮次）previous/result.json 的 SHA-256（及 previous/head.csv 的根哈希）与 election.toml 的 previous 一致，本轮（类型、次数、候选人、名额）正是上一轮结果所要求的；非接续轮次没有 previous/ 文件",
        V20 => "（合并记录）每个下级记录的 SHA256 与 stations.csv 一致，且各自通过全部检查",
        V21 => "（合并记录）stations.csv、stations/ 与选举文件所列下级记录为同一集合",
        V22 => "（合并记录）stations.csv 每行与下级记录一致，上级计票结果等于下级之和",
        V23 => "（合并记录）head.csv 的树大小、根哈希和 stations.csv 的哈希正确",
        V30 => "按选票重新计算的结果与 seats.csv 和 result.json 完全一致",
        V31 => "lots.csv 中每次抽签都可由其输入复现，且恰为重新计票所需的抽签",
        V40 => "（回执）回执所载选票行与公布的一致，审计路径通向已签名的根哈希",
        V41 => "（一致性）新旧两份记录均通过检查，且旧记录的选票是新记录的前若干张",
    }
}

/// The Chinese text of `msg`.
pub fn text(msg: &Msg<'_>) -> String {
    match msg {
        Msg::None => "（无）".into(),
        Msg::Yes => "是".into(),
        Msg::List(items) => items.join("、"),
        Msg::SheetElection => "选举：".into(),
        Msg::SheetMethod => "计票方法：".into(),
        Msg::SheetSeats => "应选名额：".into(),
        Msg::SheetStatus => "状态：".into(),
        Msg::SheetElected => "当选：".into(),
        Msg::SheetRule => "当选规则：".into(),
        Msg::SheetProfile(p) => format!("，规则 {p}"),
        Msg::Round(r) => round(r),
        Msg::Status(s) => status(*s).into(),
        Msg::Attendance {
            entitled,
            present,
            issued,
        } => format!("应到 {entitled} 人，实到 {present} 人，发出选票 {issued} 张"),
        Msg::Quorum { rule, needed, met } => match needed {
            Some(n) => format!(
                "；法定人数 {rule}（至少 {n} 人）：{}",
                if *met { "已达到" } else { "未达到" }
            ),
            None => format!("；法定人数 {rule}"),
        },
        Msg::Ballots {
            returned,
            valid,
            invalid,
            reasons,
        } => format!(
            "选票：收回 {returned} 张，有效 {valid} 张，无效 {invalid} 张{}",
            if reasons.is_empty() {
                String::new()
            } else {
                format!("（{reasons}）")
            }
        ),
        Msg::InvalidReason(reason) => invalid_reason(reason),
        Msg::VotesNeeded {
            base,
            base_value,
            needed,
        } => format!("（{base} = {base_value}：至少 {needed} 张赞成票）"),
        Msg::Recall {
            officer,
            yes,
            no,
            abstain,
            passed,
            rule,
            needed,
        } => format!(
            "罢免 {officer}：赞成 {yes}，反对 {no}，弃权 {abstain} —— {}（{rule}{}）",
            if *passed {
                "罢免通过"
            } else {
                "罢免未通过"
            },
            needed.map(|n| format!("，至少 {n} 票")).unwrap_or_default()
        ),
        Msg::Candidate => "候选人".into(),
        Msg::YesVotes => "赞成".into(),
        Msg::NoVotes => "反对".into(),
        Msg::Abstain => "弃权".into(),
        Msg::Elected => "当选".into(),
        Msg::WriteIn(name) => format!("{name}（另选他人）"),
        Msg::VoidWriteIns(list) => format!("无效的另选他人：{list}"),
        Msg::Stage(n) => format!("第{n}轮"),
        Msg::NonTransferable => "无法转移".into(),
        Msg::StageAction(action) => stage_action(action),
        Msg::StageElected(names) => format!("；当选 {names}"),
        Msg::StageExcluded(names) => format!("；淘汰 {names}"),
        Msg::Revote {
            number,
            candidates,
            seats,
        } => format!(
            "需再次投票（第{number}次再次投票）：{candidates} 票数相等，争夺 {seats} 个名额，\
             得赞成票多的当选。"
        ),
        Msg::Supplementary {
            seats,
            slate,
            min_slate,
            rule,
        } => format!(
            "需另行选举：{seats} 个名额，候选人 {slate}（至少 {min_slate} 人），当选规则 {rule}。"
        ),
        Msg::Nominate(n) => format!("未当选的候选人不足差额人数：需另行提名 {n} 人。"),
        Msg::Eligible { attribute, value } => format!(
            "仅 {attribute} = {value} 的候选人可参加本轮（eligible = {{ attribute = \"{attribute}\", value = \"{value}\" }}）。"
        ),
        Msg::ConstraintAttribute => "属性".into(),
        Msg::ConstraintValue => "取值".into(),
        Msg::ConstraintMin => "至少".into(),
        Msg::ConstraintMax => "至多".into(),
        Msg::PassedOver {
            stage,
            name,
            constraint,
        } => {
            let stage = stage.map(|s| format!("（第 {s} 步）")).unwrap_or_default();
            format!("因名额结构要求未当选{stage}：{name}（{constraint}）")
        }
        Msg::Vacancy { seats, reason } => format!("空缺名额：{seats} 个（{reason}）"),
        Msg::Stopped {
            after_round,
            seats_open,
            eliminated,
        } => format!(
            "按 stop_after_round 在第{after_round}轮后停止计票：尚余 {seats_open} 个名额{}",
            if eliminated.is_empty() {
                String::new()
            } else {
                format!("；该轮淘汰、选票未转移：{eliminated}")
            }
        ),
        Msg::Ties => "票数相等：".into(),
        Msg::TieResolvedBy(how) => tie_resolved_by(how),
        Msg::TieOrder(order) => format!("（顺序：{order}）"),
        Msg::TieDecisive(true) => "；决定了谁当选".into(),
        Msg::TieDecisive(false) => "；不影响谁当选".into(),
        Msg::PlanSummary {
            students,
            house_size,
            method,
            min_seats,
            ratio_required,
            ratio_achieved,
            standing,
            grades,
        } => format!(
            "学生数 {students}  代表总数 {house_size}  分配方法 {method}  保底名额 {min_seats}  \
             规定比例 {ratio_required}  实际比例 {ratio_achieved}\n\
             常任代表会议名额 {standing}  年级分配 {grades}"
        ),
        Msg::Department => "院系".into(),
        Msg::Students => "学生数".into(),
        Msg::Quota => "应得份额".into(),
        Msg::Seats => "名额".into(),
        Msg::Floored => "保底".into(),
        Msg::NonCadreMin => "非骨干最少".into(),
        Msg::Assembly => "可开全体大会".into(),
        Msg::GradeSeats => "年级名额（年级:名额）".into(),
        Msg::PlanLot {
            contest,
            beacon,
            seed,
            order,
        } => format!("抽签 {contest}（公开种子“{beacon}”，种子 {seed}）：{order}"),
        Msg::CheckStatusHeader => "状态".into(),
        Msg::CheckIdHeader => "编号".into(),
        Msg::ClauseHeader => "条款".into(),
        Msg::RuleHeader => "规则".into(),
        Msg::DetailHeader => "详情".into(),
        Msg::PlanCheckStatus(s) => match s {
            PlanCheckStatus::Pass => "通过",
            PlanCheckStatus::Warn => "提醒",
            PlanCheckStatus::Fail => "不通过",
        }
        .into(),
        Msg::PlanRule(id) => plan_rule(*id).into(),
        Msg::VerifyRule(id) => verify_rule(*id).into(),
        Msg::ExpectedFound { expected, found } => match (expected, found) {
            (Some(e), Some(f)) => format!("（应为 {e}，实为 {f}）"),
            (Some(e), None) => format!("（应为 {e}）"),
            (None, Some(f)) => format!("（实为 {f}）"),
            (None, None) => String::new(),
        },
        Msg::VerifySummary {
            total,
            pass,
            fail,
            skip,
        } => format!(
            "小结：共 {total} 项结果：{pass} 项 pass，{fail} 项 fail，{skip} 项 skip：{}",
            if *fail == 0 {
                "记录验证通过"
            } else {
                "记录未通过验证"
            }
        ),
        Msg::AnnounceResultTitle(title) => format!("{title}结果公示"),
        Msg::AnnouncePlanTitle => "学生代表大会代表名额分配方案公示".into(),
        Msg::AnnounceDate(date) => format!("公示日期：{date}"),
        Msg::AnnounceResultIntro => "现将选举结果公示如下，请广大同学监督。".into(),
        Msg::AnnouncePlanIntro => {
            "根据《河南省学联学生会组织改革实施方案》第二部分第8条，现将学生代表大会代表名额\
             分配方案公示如下，请广大同学监督。"
                .into()
        }
        Msg::HeadingVoting => "投票情况".into(),
        Msg::HeadingVotes => "得票情况".into(),
        Msg::HeadingElected => "当选结果".into(),
        Msg::HeadingNext => "下一步".into(),
        Msg::HeadingAllocation => "各院系代表名额".into(),
        Msg::HeadingPlanChecks => "需要注意的检查".into(),
        Msg::HeadingRecord => "核验方法".into(),
        Msg::HeadingObjection => "公示期与联系方式".into(),
        Msg::BallotFigures {
            returned,
            valid,
            invalid,
            reasons,
        } => format!(
            "收回选票 {returned} 张，其中有效票 {valid} 张，无效票 {invalid} 张{}。",
            if reasons.is_empty() {
                String::new()
            } else {
                format!("（{reasons}）")
            }
        ),
        Msg::AnnounceRule { rule, needed } => match needed {
            Some(n) => format!("当选规则：{rule}，即至少获得 {n} 张赞成票。"),
            None => format!("当选规则：{rule}。"),
        },
        Msg::Outcome => "结果".into(),
        Msg::ElectedInRound { names, round: r } => format!("{names} 在{}中当选。", round(r)),
        Msg::ElectedAtStage { name, stage } => format!("{name}（第{stage}轮当选）"),
        Msg::ElectedList(names) => format!("当选：{names}。"),
        Msg::NoneElected => "本轮无人当选。".into(),
        Msg::NothingNext => "应选名额已全部选出。".into(),
        Msg::FirstStage => "第一轮".into(),
        Msg::LastStage => "最后一轮".into(),
        Msg::ObjectionPeriod { from, to, days } => {
            format!("公示期：{from}至{to}（共{days}天）。公示期内接受异议。")
        }
        Msg::Contact(contact) => format!("联系方式：{contact}。"),
        Msg::PlanFigures {
            students,
            house_size,
            ratio_required,
            method,
            min_seats,
        } => format!(
            "全校学生 {students} 人，代表 {house_size} 名（不少于学生数的 {ratio_required}），\
             按各院系学生数比例分配（{method}），每个院系不少于 {min_seats} 名。"
        ),
        Msg::FlooredDepartments(names) => format!("按保底名额分配的院系：{names}。"),
        Msg::StandingSeats(n) => format!("常任代表会议共 {n} 个名额，每个院系一名。"),
        Msg::AssemblyDepartments(names) => {
            format!("学生人数不足规定人数、可召开全体学生大会代替院系学生代表大会的院系：{names}。")
        }
        Msg::RecordRoot { id, size, root } => format!(
            "已签名的选举记录 {id} 共含 {size} 张选票（或下级记录），其 Merkle 根哈希\
             （RFC 6962，SHA-256）为 {root}。"
        ),
        Msg::RecordSigners { names, threshold } => {
            format!("签名人：{names}（委员会要求至少 {threshold} 个签名）。")
        }
        Msg::VerifyWithCongress => "使用 congress，以你信任的委员会公钥核验：".into(),
        Msg::VerifyByHand => "不使用 congress，在记录的副本目录中逐项核验（每个签名都要用你\
             信任的公钥核对，并按你认可的法定签名数计数）："
            .into(),
        Msg::RecordRefused(ids) => format!(
            "选举记录未通过验证（{ids}）；请先运行 congress verify 查明原因：announce 只公示\
             验证通过的记录"
        ),
        Msg::DateNeeded => "公示缺少日期：输入中没有日期（选举文件的 date 键）；请用 --date \
             YYYY-MM-DD 指定"
            .into(),
    }
}

/// An error text in Chinese, from the parts [`super::errors::ErrorText::recognise`] found.
pub fn error_text(text: super::errors::ErrorText, parts: &[String]) -> String {
    use super::errors::ErrorText;
    let part = |i: usize| parts.get(i).map(String::as_str).unwrap_or_default();
    match text {
        ErrorText::NotFound => "文件不存在".into(),
        ErrorText::PermissionDenied => "没有读取该文件的权限".into(),
        ErrorText::IsADirectory => "这是一个目录，应为文件".into(),
        ErrorText::FileExists => "文件已存在，不会覆盖（如需替换，请加 --force）".into(),
        ErrorText::EmptyFile => "文件为空，应有表头行".into(),
        ErrorText::MissingColumn => format!(
            "缺少列：应有名为 {} 的表头（实际表头：{}）",
            part(0).replace(" or ", " 或 "),
            part(1)
        ),
        ErrorText::DuplicateBallotId => {
            format!("票号 {} 重复，首次出现在第 {} 行", part(0), part(1))
        }
        ErrorText::TomlNotUtf8 => "不是有效的 UTF-8 文本，选举文件应为 UTF-8 编码的 TOML".into(),
        ErrorText::NotToml => format!("不是有效的 TOML：{}", part(0)),
        ErrorText::NotARecord => format!("不是 congress 选举记录：{}", part(0)),
    }
}
