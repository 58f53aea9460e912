//! The district's 法治政府建设 plans: 2017's 133 key tasks ("明确了法治政府建设的133项重点工作以及牵头部门、完成
//! 时限和主要成果形式"), every one closed that year, and this year's plan as the office received it — a table
//! imported as offices get it, some tasks done, some under way with what the units reported, some late.

use chrono::{Datelike, Duration, NaiveDate};

use super::data::UNITS;
use crate::actions::cases::register_case;
use crate::actions::tasks::{
    add_task, edit_task, import_tasks, report_progress, ProgressInput, TaskEdit, TaskInput,
};
use crate::error::Result;
use crate::model::{CaseKind, ReviewCase};
use crate::store::Store;

/// The parts of a year's plan (法治政府建设实施纲要 2015–2020's headings, as district plans follow them).
const PARTS: [&str; 8] = [
    "一、依法全面履行政府职能",
    "二、完善依法行政制度体系",
    "三、推进行政决策科学化、民主化、法治化",
    "四、坚持严格规范公正文明执法",
    "五、强化对行政权力的制约和监督",
    "六、依法有效化解社会矛盾纠纷",
    "七、全面提高政府工作人员法治思维和依法行政能力",
    "八、加强组织保障",
];

/// The tasks every department and town takes on: its part, the task, its 成果形式, and its time limit in the
/// plan's year (month, or 0 for 全年, 13 for 长期坚持).
const EACH_UNIT: [(usize, &str, &str, u32); 9] = [
    (0, "梳理公布本单位权责清单并实行动态调整", "清单", 6),
    (
        3,
        "落实行政执法公示、执法全过程记录、重大执法决定法制审核制度",
        "制度",
        0,
    ),
    (1, "开展本单位行政规范性文件清理并公布结果", "文件", 9),
    (6, "组织执法人员参加年度法律知识培训和考试", "活动", 11),
    (
        4,
        "落实行政机关负责人出庭应诉制度，建立应诉案件台账",
        "台账",
        13,
    ),
    (7, "向区政府报送本单位年度法治政府建设情况报告", "报告", 12),
    (
        2,
        "健全本单位法律顾问制度，重大事项听取法律顾问意见",
        "制度",
        6,
    ),
    (
        5,
        "落实“谁执法谁普法”普法责任制，开展法治宣传活动",
        "活动",
        0,
    ),
    (3, "完善行政执法案卷归档管理，开展案卷自查", "台账", 10),
];

/// The district's own tasks: part, task, lead, 成果形式, time limit as above.
const DISTRICT: [(usize, &str, &str, &str, u32); 16] = [
    (
        0,
        "深化行政审批制度改革，公布区级行政审批事项目录",
        "丹徒区人民政府办公室",
        "清单",
        5,
    ),
    (
        0,
        "推进“互联网+政务服务”，实现审批事项网上办理",
        "丹徒区人民政府办公室",
        "平台",
        12,
    ),
    (
        1,
        "制定区政府年度规范性文件制定计划",
        "丹徒区司法局",
        "方案",
        3,
    ),
    (
        1,
        "落实规范性文件合法性审核和备案审查制度，报备率达100%",
        "丹徒区司法局",
        "台账",
        0,
    ),
    (
        2,
        "编制并公布区政府年度重大行政决策事项目录",
        "丹徒区人民政府办公室",
        "清单",
        4,
    ),
    (
        2,
        "推行重大行政决策合法性审查和集体讨论决定制度",
        "丹徒区司法局",
        "制度",
        13,
    ),
    (
        2,
        "发挥政府法律顾问作用，政府文件和重要协议应审尽审",
        "丹徒区司法局",
        "台账",
        0,
    ),
    (3, "开展全区行政执法案卷评查", "丹徒区司法局", "报告", 11),
    (
        3,
        "推进“两法衔接”信息共享平台应用",
        "丹徒区司法局",
        "平台",
        0,
    ),
    (
        4,
        "办理人大代表建议和政协委员提案，按时办复率达100%",
        "丹徒区人民政府办公室",
        "台账",
        6,
    ),
    (
        4,
        "全面推进政务公开，按时发布政府信息公开年度报告",
        "丹徒区人民政府办公室",
        "报告",
        3,
    ),
    (
        5,
        "加强行政复议规范化建设，依法办理行政复议案件",
        "丹徒区司法局",
        "台账",
        13,
    ),
    (
        5,
        "完善人民调解、行政调解、司法调解联动工作体系",
        "丹徒区司法局",
        "制度",
        9,
    ),
    (
        6,
        "组织区政府常务会议会前学法4次以上",
        "丹徒区人民政府办公室",
        "活动",
        12,
    ),
    (
        7,
        "召开全区法治政府建设工作推进会",
        "丹徒区人民政府",
        "活动",
        7,
    ),
    (7, "开展法治政府建设考核评价", "丹徒区司法局", "报告", 12),
];

/// The units that take the common tasks: every department and town of the demo.
fn units() -> impl Iterator<Item = &'static str> {
    UNITS
        .iter()
        .filter(|(_, _, kind)| *kind != "government")
        .map(|(name, _, _)| *name)
        .filter(|n| *n != "丹徒区人民政府办公室")
}

/// A time limit as a plan writes it: `6月底前`, `全年`, `长期坚持`.
fn due(month: u32) -> String {
    match month {
        0 => "全年".into(),
        13 => "长期坚持".into(),
        m => format!("{m}月底前"),
    }
}

/// Every task of a year's plan, numbered in the order of its parts: the district's own first in each part,
/// then each unit's.
fn rows() -> Vec<(usize, String, String, &'static str, u32)> {
    let mut rows = Vec::new();
    for part in 0..PARTS.len() {
        for (p, task, lead, form, month) in DISTRICT {
            if p == part {
                rows.push((p, task.to_string(), lead.to_string(), form, month));
            }
        }
        for (p, task, form, month) in EACH_UNIT {
            if p == part {
                for unit in units() {
                    rows.push((p, task.to_string(), unit.to_string(), form, month));
                }
            }
        }
    }
    rows
}

/// 2017's plan, issued in March, with its 133 tasks, each done by its day (长期坚持 ones go on).
pub(super) fn plan_2017_fields() -> (NaiveDate, Vec<(String, String)>) {
    let issued = NaiveDate::from_ymd_opt(2017, 3, 20).expect("a day");
    let fields = [
        ("title", "2017年丹徒区法治政府建设工作要点"),
        ("unit", "丹徒区人民政府"),
        ("received", "2017-03-20"),
        ("doc_no", "徒政发〔2017〕32号"),
        ("plan_year", "2017"),
    ];
    (
        issued,
        fields
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
    )
}

pub(super) fn plan_2017_story(store: &mut Store, plan: &ReviewCase) -> Result<()> {
    for (i, (part, task, lead, form, month)) in rows().into_iter().enumerate() {
        let (status, done_on) = match month {
            13 => ("推进中", None),
            m => {
                let last = if m == 0 { 12 } else { m };
                let due = NaiveDate::from_ymd_opt(2017, last, 1)
                    .expect("a month")
                    .checked_add_months(chrono::Months::new(1))
                    .expect("a month later")
                    - Duration::days(1);
                // Done between three weeks and a day before the limit.
                (
                    "已完成",
                    Some(due - Duration::days(1 + (i as i64 * 7) % 21)),
                )
            }
        };
        add_task(
            store,
            plan.id,
            &TaskInput {
                part: Some(PARTS[part].into()),
                title: task,
                lead,
                due: due(month),
                outcome_form: Some(form.into()),
                status: Some(status.into()),
                done_on: done_on.map(|d| d.to_string()),
                evidence: done_on.map(|_| format!("已按期完成，成果形式：{form}")),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// This year's plan as the office received it (issued in March), imported from its table, and what the year
/// has brought so far: most early tasks done, some reported on, a few late.
pub(super) fn plan_this_year(store: &mut Store) -> Result<ReviewCase> {
    let today = store.clock().today();
    let year = today.year();
    let fields: Vec<(String, String)> = [
        ("title", format!("{year}年丹徒区法治政府建设工作要点")),
        ("unit", "丹徒区人民政府".into()),
        // Issued in March; before then, the year's plan is entered as it arrives.
        (
            "received",
            NaiveDate::from_ymd_opt(year, 3, 18)
                .expect("a day")
                .min(today)
                .to_string(),
        ),
        ("doc_no", format!("徒政发〔{year}〕21号")),
        ("plan_year", year.to_string()),
        ("assignee", "陈静".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let plan = register_case(store, CaseKind::TaskPlan, &fields, None)?;
    // The table as it came from the government office: a title line, then the header, part headings as rows
    // of their own (as a Word table pasted into Excel has them).
    let mut table = format!("{year}年法治政府建设重点工作任务分解表\n序号\t工作任务\t牵头部门\t责任单位\t完成时限\t成果形式\n");
    let mut n = 0;
    let mut current = usize::MAX;
    for (part, task, lead, form, month) in rows().into_iter().filter(|r| r.2.starts_with("丹徒区"))
    {
        if part != current {
            table.push_str(&format!("{}\n", PARTS[part]));
            current = part;
        }
        n += 1;
        let lead = lead.trim_start_matches("丹徒");
        let co = if lead == "区司法局" {
            "各镇（街道）、区各部门"
        } else {
            "区司法局"
        };
        let co = if co.contains("各部门") { "" } else { co };
        table.push_str(&format!(
            "{n}\t{task}\t{lead}\t{co}\t{}\t{form}\n",
            due(month)
        ));
    }
    import_tasks(store, plan.id, table.as_bytes())?;
    // Where they stand today: those due before last month done; the next two reported on; one late and put
    // off with a reason; the rest not started.
    for t in store.key_tasks_of_case(plan.id)? {
        let Some(due_day) = t.due_day() else {
            report_progress(
                store,
                t.id,
                &ProgressInput {
                    on: Some((today - Duration::days(40)).to_string()),
                    text: "已纳入常态化工作，按季度通报落实情况。".into(),
                    ..Default::default()
                },
            )?;
            continue;
        };
        if due_day < today - Duration::days(45) && t.no != 3 {
            let done = (due_day - Duration::days(5)).min(today);
            edit_task(
                store,
                t.id,
                &TaskEdit {
                    status: Some("已完成".into()),
                    done_on: Some(done.to_string()),
                    evidence: Some("已按期完成并报送佐证材料".into()),
                    ..Default::default()
                },
            )?;
        } else if t.no == 3 {
            edit_task(
                store,
                t.id,
                &TaskEdit {
                    status: Some("延期".into()),
                    status_reason: Some("上级立法计划调整，待省里出台配套规定后制定".into()),
                    ..Default::default()
                },
            )?;
        } else if due_day >= today && t.no % 2 == 0 {
            report_progress(
                store,
                t.id,
                &ProgressInput {
                    on: Some((today - Duration::days(12)).to_string()),
                    text: "已完成初稿，正在征求相关部门意见。".into(),
                    ..Default::default()
                },
            )?;
        }
    }
    Ok(plan)
}
