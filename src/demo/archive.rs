//! The seed's own year, 2017, as the registers hold it: what the 丹徒区 report behind domain.md says of that year,
//! recorded case by case and closed — "以区政府为被告的行政诉讼案件共10件，行政负责人出庭应诉率为100%",
//! "'两法衔接'信息共享平台共录入信息案件36件，移送涉嫌犯罪案件21件", one round of 案卷评查, and the year's
//! deputies' suggestions and members' proposals all answered in time ("建议提案按时办复率达100%"), and the year's
//! plan of 133 key tasks (`plans.rs`) — so that the
//! statistics count the report's figures from records, not from the report. Every record is made through the
//! ordinary actions on fixed dates, as a clerk would have entered it that year.

use chrono::NaiveDate;

use crate::actions::cases::{edit_case, register_case};
use crate::actions::inspection::{
    add_inspected_file, edit_inspected_file, InspectedFileEdit, InspectedFileInput,
};
use crate::actions::records::{add_hearing, HearingInput};
use crate::error::Result;
use crate::model::case::JudgmentResult;
use crate::model::{CaseKind, ReviewCase, Status};
use crate::store::Store;

use super::reviews;
use super::story::{add_days, day, owned, step, step_noted, Fields};

/// A case of the year, before it is registered.
#[derive(Clone, Copy)]
enum Entry {
    Suit(usize),
    Transfer(usize),
    Round,
    Proposal(usize),
    Plan,
    Review(usize),
    PenaltyFiling(usize),
}

/// The year's records; returns how many cases they are. Registered in order of receipt, so that the year's
/// 登记编号 run with the dates as a clerk's would, then each case's story.
pub(super) fn load(store: &mut Store) -> Result<usize> {
    let mut entries: Vec<(NaiveDate, Entry, Fields)> = Vec::new();
    for i in 0..LAWSUITS.len() {
        let (received, fields) = suit_fields(i);
        entries.push((received, Entry::Suit(i), fields));
    }
    for i in 0..TRANSFERS {
        let (entered, fields) = transfer_fields(i);
        entries.push((entered, Entry::Transfer(i), fields));
    }
    let (began, fields) = round_fields();
    entries.push((began, Entry::Round, fields));
    for i in 0..PROPOSALS {
        let (assigned, fields) = proposal_fields(i);
        entries.push((assigned, Entry::Proposal(i), fields));
    }
    for i in 0..reviews::REVIEWS.len() {
        let (received, fields) = reviews::review_fields(i);
        entries.push((received, Entry::Review(i), fields));
    }
    for i in 0..reviews::PENALTY_FILINGS {
        let (received, fields) = reviews::penalty_fields(i);
        entries.push((received, Entry::PenaltyFiling(i), fields));
    }
    let (issued, fields) = super::plans::plan_2017_fields();
    entries.push((issued, Entry::Plan, fields));
    entries.sort_by_key(|(on, _, _)| *on);
    let mut registered = Vec::with_capacity(entries.len());
    for (_, entry, fields) in &entries {
        let kind = match entry {
            Entry::Suit(_) => CaseKind::Litigation,
            Entry::Transfer(_) => CaseKind::CrimeTransfer,
            Entry::Round => CaseKind::FileInspection,
            Entry::Proposal(_) => CaseKind::Proposal,
            Entry::Plan => CaseKind::TaskPlan,
            Entry::Review(i) => reviews::kind_of(*i),
            Entry::PenaltyFiling(_) => CaseKind::PenaltyFiling,
        };
        registered.push((*entry, register_case(store, kind, fields, None)?));
    }
    for (entry, case) in &registered {
        match *entry {
            Entry::Suit(i) => suit_story(store, i, case)?,
            Entry::Transfer(i) => transfer_story(store, i, case)?,
            Entry::Round => round_story(store, case)?,
            Entry::Proposal(i) => proposal_story(store, i, case)?,
            Entry::Plan => super::plans::plan_2017_story(store, case)?,
            Entry::Review(i) => reviews::review_story(store, i, case)?,
            Entry::PenaltyFiling(i) => reviews::penalty_story(store, i, case)?,
        }
    }
    Ok(registered.len())
}

/// A lawsuit of the year: who sued, over what, the act challenged, the day the complaint's copy came, the result.
struct Suit(
    &'static str,
    &'static str,
    &'static str,
    (u32, u32),
    JudgmentResult,
);

const LAWSUITS: [Suit; 10] = [
    Suit(
        "丁某",
        "政府信息公开",
        "丹徒区人民政府政府信息公开答复",
        (1, 16),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "镇江某置业有限公司",
        "房屋征收",
        "徒政征〔2016〕5号房屋征收决定",
        (2, 20),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "谢某等12人",
        "土地征收",
        "丹徒区人民政府征地补偿安置方案",
        (3, 13),
        JudgmentResult::SuitRejected,
    ),
    Suit(
        "韩某",
        "行政复议",
        "丹徒区人民政府行政复议决定",
        (4, 10),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "镇江某物流有限公司",
        "行政协议",
        "丹徒区人民政府解除招商引资协议行为",
        (5, 8),
        JudgmentResult::Withdrawn,
    ),
    Suit(
        "冯某",
        "不履行法定职责",
        "丹徒区人民政府未答复履责申请",
        (6, 12),
        JudgmentResult::OrderedToAct,
    ),
    Suit(
        "蒋某",
        "房屋征收补偿",
        "徒政征补〔2017〕3号补偿决定",
        (7, 17),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "沈某",
        "政府信息公开",
        "丹徒区人民政府政府信息公开答复",
        (8, 14),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "杨某",
        "行政复议",
        "丹徒区人民政府不予受理行政复议申请决定",
        (9, 11),
        JudgmentResult::ClaimsDismissed,
    ),
    Suit(
        "朱某",
        "土地行政登记",
        "丹徒区人民政府颁发集体土地使用证行为",
        (10, 16),
        JudgmentResult::ClaimsDismissed,
    ),
];

fn suit_fields(i: usize) -> (NaiveDate, Fields) {
    let Suit(plaintiff, cause, act, (m, d), _) = LAWSUITS[i];
    let received = day(m, d);
    let fields = owned(&[
        ("title", format!("{plaintiff}诉丹徒区人民政府{cause}案")),
        ("unit", "丹徒区人民政府".into()),
        ("received", received.to_string()),
        ("court_case_no", format!("（2017）苏11行初{}号", 12 + i * 9)),
        ("court", "镇江市中级人民法院".into()),
        ("instance", "first".into()),
        ("plaintiffs", plaintiff.into()),
        ("challenged_act", act.into()),
        ("cause", cause.into()),
    ]);
    (received, fields)
}

/// A lawsuit against the district government: answered in time, heard with the head or a deputy head in court
/// (the report's 100 %), decided and closed; one lost (责令履行职责).
fn suit_story(store: &mut Store, i: usize, case: &ReviewCase) -> Result<()> {
    let result = LAWSUITS[i].4;
    let received = case.received;
    let case = step(store, case, Status::Answered, add_days(received, 10))?;
    let heard = add_days(received, 35);
    let case = step(store, &case, Status::InTrial, heard)?;
    // The 区长 himself at two hearings, a 副区长 at the others.
    let (appeared, names) = if i.is_multiple_of(5) {
        ("head", "区长 李明华")
    } else {
        ("deputy_head", "副区长 钱进")
    };
    add_hearing(
        store,
        case.id,
        &HearingInput {
            on: heard.to_string(),
            court_room: Some("第三审判庭".into()),
            appeared: appeared.into(),
            appeared_names: Some(names.into()),
            reason: None,
        },
    )?;
    let judged = add_days(heard, 20);
    let lost = matches!(result, JudgmentResult::OrderedToAct);
    let case = edit_case(
        store,
        case.id,
        &owned(&[
            ("judgment_result", result.code().into()),
            ("lost", if lost { "是" } else { "否" }.into()),
        ]),
    )?
    .record;
    let case = step(store, &case, Status::Judged, judged)?;
    let case = edit_case(
        store,
        case.id,
        &owned(&[("judgment_served_on", add_days(judged, 3).to_string())]),
    )?
    .record;
    step(store, &case, Status::Concluded, add_days(judged, 20))?;
    Ok(())
}

/// What became of a case entered on the platform.
#[derive(Clone, Copy)]
enum Fate {
    /// The head refused the transfer (not a crime, or not yet the threshold).
    Refused,
    /// Transferred; the police filed it; the evidence went over; closed.
    Filed,
    /// Transferred; the police declined; the office accepted it; closed.
    Declined,
    /// Transferred; the police declined; 复议 sought; then filed.
    FiledOnReview,
}

/// (unit, offence, suspect) by kind of enforcement, repeated over the year.
const OFFENCES: [(&str, &str, &str); 6] = [
    ("区市场监督管理局", "销售假冒注册商标的商品罪", "某商行"),
    ("区市场监督管理局", "生产、销售伪劣产品罪", "某食品厂"),
    ("区生态环境局", "污染环境罪", "某电镀厂"),
    ("区自然资源和规划分局", "非法占用农用地罪", "某农业合作社"),
    ("区卫生健康委员会", "非法行医罪", "某诊所"),
    ("区农业农村局", "非法捕捞水产品罪", "某船主"),
];

/// Cases entered on the 两法衔接 platform in the year.
const TRANSFERS: usize = 36;

/// Those the head did not approve for transfer (15 of 36: 21 transferred).
const NOT_TRANSFERRED: [usize; 15] = [1, 3, 6, 8, 10, 13, 15, 18, 20, 24, 26, 28, 31, 33, 34];

/// What became of the `i`th case entered: of the 21 transferred, 16 filed by the police, 3 declined, 2 filed
/// after a 复议.
fn fate(i: usize) -> Fate {
    match i {
        _ if NOT_TRANSFERRED.contains(&i) => Fate::Refused,
        5 | 17 | 29 => Fate::Declined,
        11 | 23 => Fate::FiledOnReview,
        _ => Fate::Filed,
    }
}

fn transfer_fields(i: usize) -> (NaiveDate, Fields) {
    let (unit, crime, suspect) = OFFENCES[i % OFFENCES.len()];
    let place = ["谷阳镇", "高资街道", "辛丰镇"][i % 3];
    // Entered through the year, about one every nine days from mid-January.
    let entered = add_days(day(1, 12), (i as i64) * 9);
    let fields = owned(&[
        ("title", format!("{place}{suspect}涉嫌{crime}案")),
        ("unit", unit.into()),
        ("received", entered.to_string()),
        ("suspected_crime", crime.into()),
        ("suspects", format!("{place}{suspect}")),
        ("reported_on", entered.to_string()),
    ]);
    (entered, fields)
}

/// A platform entry's story: the head's decision the next day; a transfer the day after approval (within its
/// 24 hours), the police's answer in 3 days, the evidence 2 days after a filing; then closed.
fn transfer_story(store: &mut Store, i: usize, case: &ReviewCase) -> Result<()> {
    let fate = fate(i);
    let decided = add_days(case.received, 1);
    if let Fate::Refused = fate {
        step_noted(
            store,
            case,
            Status::TransferRefused,
            decided,
            Some("涉案金额未达刑事立案追诉标准，依法给予行政处罚"),
        )?;
        return Ok(());
    }
    let case = step(store, case, Status::TransferApproved, decided)?;
    let case = edit_case(
        store,
        case.id,
        &owned(&[("police", "镇江市公安局丹徒分局".into())]),
    )?
    .record;
    let case = step(store, &case, Status::Transferred, add_days(decided, 1))?;
    let answered = add_days(decided, 4);
    let (case, filed) = match fate {
        Fate::Declined => {
            let case = step(store, &case, Status::PoliceDeclined, answered)?;
            let case = edit_case(
                store,
                case.id,
                &owned(&[("result", "公安机关不予立案，本机关依法给予行政处罚".into())]),
            )?
            .record;
            step(store, &case, Status::Concluded, add_days(answered, 10))?;
            return Ok(());
        }
        Fate::FiledOnReview => {
            let case = step(store, &case, Status::PoliceDeclined, answered)?;
            let case = step(store, &case, Status::ReviewSought, add_days(answered, 2))?;
            let filed = add_days(answered, 5);
            (step(store, &case, Status::PoliceFiled, filed)?, filed)
        }
        Fate::Filed | Fate::Refused => {
            (step(store, &case, Status::PoliceFiled, answered)?, answered)
        }
    };
    let case = step(store, &case, Status::EvidenceHandedOver, add_days(filed, 2))?;
    let case = edit_case(
        store,
        case.id,
        &owned(&[("result", "公安机关立案侦查".into())]),
    )?
    .record;
    step(store, &case, Status::Concluded, add_days(filed, 20))?;
    Ok(())
}

/// (unit, file, kind, scores below full, problems, rectification asked)
const FILES: [(&str, &str, &str, &str, &str, &str); 8] = [
    (
        "区市场监督管理局",
        "徒市监罚〔2017〕12号",
        "行政处罚",
        "文书 9",
        "",
        "",
    ),
    (
        "区市场监督管理局",
        "徒市监罚〔2017〕31号",
        "行政处罚",
        "证据 17；程序 13",
        "现场检查笔录无当事人签字",
        "补充说明未签字原因，规范现场笔录制作",
    ),
    (
        "区城市管理局",
        "徒城管罚〔2017〕8号",
        "行政处罚",
        "裁量 8",
        "",
        "",
    ),
    (
        "区城市管理局",
        "徒城管罚〔2017〕19号",
        "行政处罚",
        "程序 12；文书 8",
        "送达回证缺失",
        "补齐送达材料",
    ),
    (
        "区住房和城乡建设局",
        "徒住建罚〔2017〕4号",
        "行政处罚",
        "",
        "",
        "",
    ),
    (
        "区住房和城乡建设局",
        "徒住建罚〔2017〕9号",
        "行政处罚",
        "适用法律 12",
        "处罚依据引用条款不具体",
        "引用法律条款具体到项",
    ),
    (
        "区生态环境局",
        "徒环罚〔2017〕6号",
        "行政处罚",
        "文书 9.5",
        "",
        "",
    ),
    (
        "区卫生健康委员会",
        "徒卫健罚〔2017〕3号",
        "行政处罚",
        "证据 16；裁量 8",
        "违法所得计算依据不充分",
        "补充违法所得计算材料",
    ),
];

fn round_fields() -> (NaiveDate, Fields) {
    let began = day(10, 16);
    let fields = owned(&[
        ("title", "2017年度行政执法案卷评查".into()),
        ("unit", "丹徒区人民政府".into()),
        ("received", began.to_string()),
        ("plan", "《2017年行政执法监督检查计划》".into()),
        ("members", "王立新、陈静、周志强".into()),
        (
            "units_audited",
            "区市场监督管理局、区城市管理局、区住房和城乡建设局、区生态环境局、区卫生健康委员会"
                .into(),
        ),
    ]);
    (began, fields)
}

/// The year's round: its files scored, the results published, the units' rectification checked and closed.
fn round_story(store: &mut Store, round: &ReviewCase) -> Result<()> {
    let round = step(store, round, Status::Inspecting, round.received)?;
    for (unit, no, kind, scores, problems, asked) in FILES {
        let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
        add_inspected_file(
            store,
            round.id,
            &InspectedFileInput {
                unit: unit.into(),
                file_no: no.into(),
                decision_kind: Some(kind.into()),
                scores: Some(scores.into()),
                problems: text(problems),
                rectification: text(asked),
                ..Default::default()
            },
        )?;
    }
    let round = step(store, &round, Status::ResultsPublished, day(11, 10))?;
    let round = edit_case(
        store,
        round.id,
        &owned(&[("rectify_by", day(12, 10).to_string())]),
    )?
    .record;
    // Each unit put its files right within the month, a few days apart; then the office closed the round.
    let to_fix: Vec<_> = store
        .inspected_files_of_case(round.id)?
        .into_iter()
        .filter(|f| f.needs_rectification())
        .collect();
    for (i, f) in to_fix.iter().enumerate() {
        let edit = InspectedFileEdit {
            rectified_on: Some(add_days(day(11, 24), 3 * i as i64).to_string()),
            ..Default::default()
        };
        edit_inspected_file(store, f.id, &edit)?;
    }
    step(store, &round, Status::Concluded, day(12, 8))?;
    Ok(())
}

/// The deputies' suggestions (18) and members' proposals (12) assigned to the government that year.
const PROPOSALS: usize = 30;
const SUGGESTIONS: usize = 18;

/// What they asked for, and which unit handled it.
const TOPICS: [(&str, &str); 10] = [
    ("加强校园周边交通安全管理", "区教育局"),
    ("推进农村生活污水治理", "区生态环境局"),
    ("规范农贸市场经营秩序", "区市场监督管理局"),
    ("加快老旧小区改造", "区住房和城乡建设局"),
    ("加强农村道路养护", "区农业农村局"),
    ("完善城区停车设施", "区城市管理局"),
    ("提升基层医疗服务能力", "区卫生健康委员会"),
    ("加大高标准农田建设投入", "区财政局"),
    ("加强居家养老服务", "区民政局"),
    ("规范农村宅基地审批", "区自然资源和规划分局"),
];

fn proposal_fields(i: usize) -> (NaiveDate, Fields) {
    let npc = i < SUGGESTIONS;
    let (topic, unit) = TOPICS[i % TOPICS.len()];
    // Assigned after the sessions: the people's congress's on 10 March, the CPPCC's on 15 March.
    let assigned = if npc { day(3, 10) } else { day(3, 15) };
    let n = if npc { i + 1 } else { i - SUGGESTIONS + 1 };
    let leads = ["张建国", "李红梅", "王志远", "赵敏", "陈立新", "周海燕"];
    let fields = owned(&[
        (
            "title",
            format!("关于{topic}的{}", if npc { "建议" } else { "提案" }),
        ),
        ("unit", unit.into()),
        ("received", assigned.to_string()),
        (
            "category",
            if npc {
                "npc_suggestion"
            } else {
                "cppcc_proposal"
            }
            .into(),
        ),
        (
            "session",
            if npc {
                "区十六届人大二次会议"
            } else {
                "区政协十三届二次会议"
            }
            .into(),
        ),
        ("proposal_no", format!("第{}号", 3 * n + 1)),
        ("lead", leads[i % leads.len()].into()),
        (
            "assigned_by",
            if npc {
                "区人大常委会代表工作委员会"
            } else {
                "区政协提案委员会"
            }
            .into(),
        ),
    ]);
    (assigned, fields)
}

/// Every one answered within its three months (the report's 按时办复率 100 %), most to the deputy's or member's
/// satisfaction, then closed.
fn proposal_story(store: &mut Store, i: usize, case: &ReviewCase) -> Result<()> {
    let replied = add_days(case.received, 40 + (i as i64 % 10) * 5);
    let class = ["A", "B", "B", "C"][i % 4];
    let case = edit_case(
        store,
        case.id,
        &owned(&[
            ("handling_class", class.into()),
            ("contact_way", ["meeting", "phone", "written"][i % 3].into()),
        ]),
    )?
    .record;
    let case = step(store, &case, Status::Replied, replied)?;
    let feedback = if i % 6 == 5 {
        "fairly_satisfied"
    } else {
        "satisfied"
    };
    let case = edit_case(store, case.id, &owned(&[("feedback", feedback.into())]))?.record;
    step(store, &case, Status::Concluded, add_days(replied, 15))?;
    Ok(())
}
