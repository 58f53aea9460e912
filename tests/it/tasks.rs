//! 法治政府建设 key tasks (issue 21): a plan's tasks typed and imported — a table pasted from Excel or Word, a
//! CSV saved by WPS in GBK, an XLSX written by LibreOffice — with bad rows refused by reason and the good ones
//! in one transaction; refusals that change nothing; what units report; where the year stands, by unit, on
//! the sheet for the 推进会; and the CLI nouns.

use fashen::actions::cases::register_case;
use fashen::actions::tasks::{
    add_task, delete_task, edit_task, import_tasks, plan_tasks, preview_task_import,
    progress_by_unit, report_progress, ProgressInput, TaskEdit, TaskInput,
};
use fashen::model::tasks::{TaskDue, TaskStatus};
use fashen::model::{CaseKind, ReviewCase};
use fashen::Store;

use crate::registers::office;
use crate::support::{fields, TestDb};

fn plan(store: &mut Store, year: &str) -> ReviewCase {
    for name in ["丹徒区司法局", "区教育局", "区财政局"] {
        fashen::actions::parties::add_unit(
            store,
            &fashen::actions::parties::NewUnit {
                name: name.into(),
                ..Default::default()
            },
        )
        .unwrap();
    }
    register_case(
        store,
        CaseKind::TaskPlan,
        &fields(&[
            ("title", "2026年法治政府建设工作要点"),
            ("unit", "丹徒区人民政府"),
            ("received", "2026-03-18"),
            ("doc_no", "徒政发〔2026〕21号"),
            ("plan_year", year),
        ]),
        None,
    )
    .unwrap()
}

fn task(title: &str, lead: &str, due: &str) -> TaskInput {
    TaskInput {
        title: title.into(),
        lead: lead.into(),
        due: due.into(),
        ..Default::default()
    }
}

/// A plan's table as an office receives it: a title line, the header, the parts as rows of their own, units
/// named without the district (区司法局 for 丹徒区司法局) — and two rows a clerk must look at again.
const TABLE: &str = "2026年法治政府建设重点工作任务分解表
序号\t工作任务\t牵头部门\t责任单位\t完成时限\t成果形式
一、依法全面履行政府职能
1\t全面清理证明事项并公布保留清单\t区司法局\t区教育局、区财政局\t6月底前\t清单
2\t推行行政执法公示制度\t区司法局\t\t全年\t制度
二、完善依法行政制度体系
3\t编制年度规范性文件制定计划\t区财政局\t\t2025年12月\t方案
4\t梳理权责清单\t区不存在局\t\t长期坚持\t清单
5\t开展规范性文件清理\t区教育局\t区司法局\t\"9月底前\"\t文件
";

#[test]
fn a_pasted_table_imports_its_good_rows_in_one_transaction_and_names_the_bad_ones() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 12, 7));
    let p = plan(&mut store, "2026");

    // The preview writes nothing and says, row by row, what would happen.
    let before = db.digest();
    let preview = preview_task_import(&store, p.id, TABLE.as_bytes()).unwrap();
    assert_eq!(db.digest(), before, "a preview changes nothing");
    assert_eq!((preview.good, preview.refused), (3, 2));
    let refused: Vec<(usize, String)> = preview
        .rows
        .iter()
        .filter_map(|r| r.error.clone().map(|e| (r.line, e)))
        .collect();
    assert_eq!(refused[0].0, 7, "the line a person sees in the table");
    assert!(
        refused[0].1.contains("早于计划年度（2026年）"),
        "{refused:?}"
    );
    assert_eq!(refused[1].0, 8);
    assert!(refused[1].1.contains("区不存在局"), "{refused:?}");

    let done = import_tasks(&mut store, p.id, TABLE.as_bytes()).unwrap();
    assert!(done.imported);
    let tasks = plan_tasks(&store, p.id).unwrap();
    assert_eq!(
        tasks.iter().map(|t| t.task.no).collect::<Vec<_>>(),
        [1, 2, 5]
    );
    let first = &tasks[0];
    assert_eq!(
        first.lead, "丹徒区司法局",
        "区司法局 is the one unit ending so"
    );
    assert_eq!(first.units, ["区教育局", "区财政局"]);
    assert_eq!(first.task.part.as_deref(), Some("一、依法全面履行政府职能"));
    assert_eq!(first.due_label, "2026年6月30日");
    assert_eq!(first.task.outcome_form.as_deref(), Some("清单"));
    assert_eq!(tasks[1].due_label, "全年");
    assert_eq!(
        tasks[1].due_day.unwrap().to_string(),
        "2026-12-31",
        "a 全年 task is due on the year's last day"
    );
    assert_eq!(
        tasks[2].task.part.as_deref(),
        Some("二、完善依法行政制度体系")
    );
    // Today is 7 December: the June task is overdue, the 全年 one not yet.
    assert!(first.overdue && !tasks[1].overdue);

    // The same table again: every row's number is taken now — refused whole, nothing written.
    let before = db.digest();
    let again = import_tasks(&mut store, p.id, TABLE.as_bytes()).unwrap();
    assert!(!again.imported);
    let first = again.rows.iter().find(|r| !r.heading).unwrap();
    assert!(first
        .error
        .as_deref()
        .unwrap()
        .contains("本计划已有第1项任务"));
    assert!(
        again.rows[0].heading,
        "the part's row is shown as the heading it is"
    );
    assert_eq!(db.digest(), before, "nothing to import changes nothing");
}

#[test]
fn a_gbk_csv_from_wps_and_an_xlsx_import_alike_and_broken_files_change_nothing() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 12, 7));
    let p = plan(&mut store, "2026");
    let csv = "序号,所属部分,工作任务,牵头部门,责任单位,完成时限,成果形式\r\n\
               1,一、依法全面履行政府职能,\"清理证明事项，公布保留清单\",丹徒区司法局,区教育局,2026-06-30,清单\r\n\
               2,,推行行政执法公示制度,区财政局,,上半年,制度\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(csv);
    assert!(!unmappable);
    let gbk_file = db.dir().join("任务分解表.csv");
    std::fs::write(&gbk_file, &gbk).unwrap();
    let imported = import_tasks(&mut store, p.id, &gbk).unwrap();
    assert_eq!((imported.good, imported.refused), (2, 0));
    let tasks = plan_tasks(&store, p.id).unwrap();
    assert_eq!(tasks[0].task.title, "清理证明事项，公布保留清单");
    assert_eq!(
        tasks[1].task.part.as_deref(),
        Some("一、依法全面履行政府职能"),
        "a merged part cell fills down"
    );
    assert_eq!(
        tasks[1].task.due,
        TaskDue::parse("2026-06-30", 2026).unwrap()
    );

    // The same table as a workbook written by openpyxl (an independent writer), as an office's would be: a
    // title row, the part in a merged cell, the first limit a real date cell, the numbers numbers.
    let other = TestDb::new();
    let mut second = office(&other, (2026, 12, 7));
    let p2 = plan(&mut second, "2026");
    let path = other.dir().join("任务分解表.xlsx");
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/target/ofd-reader/bin/python");
    let script = r#"
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["2026年法治政府建设重点工作任务分解表"])
ws.append(["序号", "所属部分", "工作任务", "牵头部门", "责任单位", "完成时限", "成果形式"])
ws.append([1, "一、依法全面履行政府职能", "清理证明事项，公布保留清单", "丹徒区司法局", "区教育局", datetime.date(2026, 6, 30), "清单"])
ws.append([2, None, "推行行政执法公示制度", "区财政局", None, "上半年", "制度"])
ws.merge_cells("B3:B4")
ws["F3"].number_format = "yyyy-mm-dd"
wb.save(sys.argv[1])
"#;
    let made = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("openpyxl (scripts/ensure-deps.sh test installs it)");
    assert!(made.status.success(), "{made:?}");
    let xlsx = std::fs::read(&path).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    import_tasks(&mut second, p2.id, &xlsx).unwrap();
    let from_xlsx = plan_tasks(&second, p2.id).unwrap();
    let shape = |t: &[fashen::actions::tasks::TaskView]| {
        t.iter()
            .map(|t| {
                (
                    t.task.no,
                    t.task.title.clone(),
                    t.lead.clone(),
                    t.due_label.clone(),
                    t.task.outcome_form.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&from_xlsx), shape(&tasks));

    // Refused whole, nothing written: a table without its columns, bytes in no encoding, a broken workbook.
    let before = db.digest();
    for (bytes, says) in [
        (
            "序号,任务名称,负责人\n1,甲,乙\n".as_bytes().to_vec(),
            "没有找到表头",
        ),
        (
            "序号,工作任务,完成时限\n1,甲,全年\n".as_bytes().to_vec(),
            "表头缺少必需的列：「牵头部门」",
        ),
        (vec![0x81, 0x20, 0xfe, 0xff, 0x80, 0x0a], "文件编码无法识别"),
        (b"PK\x03\x04 not really".to_vec(), "不是有效的 Excel 工作簿"),
    ] {
        let e = import_tasks(&mut store, p.id, &bytes)
            .unwrap_err()
            .to_string();
        assert!(e.contains(says), "{says}: {e}");
    }
    assert_eq!(db.digest(), before, "a refused file changes nothing");
}

#[test]
fn tasks_refuse_what_a_plan_cannot_hold_and_progress_moves_them_on() {
    let db = TestDb::new();
    let mut store = office(&db, (2026, 12, 7));
    let p = plan(&mut store, "2026");
    let t = add_task(
        &mut store,
        p.id,
        &TaskInput {
            units: Some("区教育局".into()),
            outcome_form: Some("制度".into()),
            ..task("健全法律顾问制度", "丹徒区司法局", "9月底前")
        },
    )
    .unwrap();
    assert_eq!(t.no, 1);
    assert_eq!(t.status, TaskStatus::NotStarted);

    // Refused, nothing written.
    let before = db.digest();
    let refusals: Vec<(TaskInput, &str)> = vec![
        (task("任务", "丹徒区司法局", "2025-12-31"), "早于计划年度"),
        (task("任务", "丹徒区司法局", "尽快"), "不是可用的完成时限"),
        (task("", "丹徒区司法局", "全年"), "工作任务"),
        (task("任务", "", "全年"), "请填写牵头部门"),
        (task("任务", "区不存在局", "全年"), "区不存在局"),
        (
            TaskInput {
                no: Some("1".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "本计划已有第1项任务",
        ),
        (
            TaskInput {
                status: Some("延期".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "延期的任务须写明原因",
        ),
        (
            TaskInput {
                status: Some("已完成".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "须填写完成日期",
        ),
        (
            TaskInput {
                done_on: Some("2026-05-01".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "不能填写完成日期",
        ),
        (
            TaskInput {
                status: Some("暂停".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "「暂停」",
        ),
        (
            TaskInput {
                outcome_form: Some("调研报告".into()),
                ..task("任务", "丹徒区司法局", "全年")
            },
            "「调研报告」不在成果形式列表中",
        ),
    ];
    for (input, says) in refusals {
        let e = add_task(&mut store, p.id, &input).unwrap_err().to_string();
        assert!(e.contains(says), "{says}: {e}");
    }
    assert_eq!(db.digest(), before, "a refused task changes nothing");
    // Not on a case of another kind either.
    let other = register_case(
        &mut store,
        CaseKind::Proposal,
        &fields(&[
            ("title", "关于加强校园安全的建议"),
            ("unit", "区教育局"),
            ("received", "2026-03-10"),
        ]),
        None,
    )
    .unwrap();
    let before_other = db.digest();
    let e = add_task(&mut store, other.id, &task("任务", "区教育局", "全年"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("只有重点工作计划可以添加任务"), "{e}");
    assert_eq!(db.digest(), before_other);
    // Once the office adds 调研报告 to its list, a task may take it.
    fashen::actions::choices::set_choice(
        &mut store,
        fashen::model::choice::ChoiceList::OutcomeForm,
        "调研报告",
        "调研报告",
    )
    .unwrap();
    let studied = add_task(
        &mut store,
        p.id,
        &TaskInput {
            outcome_form: Some("调研报告".into()),
            ..task("开展行政执法体制改革调研", "丹徒区司法局", "全年")
        },
    )
    .unwrap();
    assert_eq!(studied.outcome_form.as_deref(), Some("调研报告"));
    delete_task(&mut store, studied.id).unwrap();

    // A report moves a task not started on; the unit is its lead unless said.
    report_progress(
        &mut store,
        t.id,
        &ProgressInput {
            on: Some("2026-05-06".into()),
            text: "已起草法律顾问工作规则，征求意见中。".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let view = &plan_tasks(&store, p.id).unwrap()[0];
    assert_eq!(view.task.status, TaskStatus::InProgress);
    assert_eq!(view.progress.len(), 1);
    assert_eq!(view.progress[0].unit, "丹徒区司法局");
    // A report may come with a document the plan holds; one it does not hold is refused, nothing written.
    let before_report = db.digest();
    let e = report_progress(
        &mut store,
        t.id,
        &ProgressInput {
            on: Some("2026-06-01".into()),
            text: "印发工作规则".into(),
            attachment: Some("工作规则.pdf".into()),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("没有名为「工作规则.pdf」的附件"), "{e}");
    assert_eq!(db.digest(), before_report);
    fashen::actions::records::attach_file(
        &mut store,
        p.id,
        "工作规则.pdf",
        b"%PDF-1.4 rules",
        None,
    )
    .unwrap();
    report_progress(
        &mut store,
        t.id,
        &ProgressInput {
            on: Some("2026-06-01".into()),
            unit: Some("区教育局".into()),
            text: "印发工作规则".into(),
            attachment: Some("工作规则.pdf".into()),
        },
    )
    .unwrap();
    let view = &plan_tasks(&store, p.id).unwrap()[0];
    assert_eq!(view.progress[1].unit, "区教育局");
    assert_eq!(view.progress[1].attachment.as_deref(), Some("工作规则.pdf"));
    // Done late: done, but not on time; the by-unit count says so.
    edit_task(
        &mut store,
        t.id,
        &TaskEdit {
            status: Some("已完成".into()),
            done_on: Some("2026-10-12".into()),
            evidence: Some("徒司发〔2026〕9号".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let (units, all) = progress_by_unit(&store, p.id).unwrap();
    assert_eq!(units[0].unit, "丹徒区司法局");
    assert_eq!(
        (all.total, all.done, all.done_on_time, all.overdue),
        (1, 1, 0, 0)
    );
    // Reopened: its done day goes with it.
    let reopened = edit_task(
        &mut store,
        t.id,
        &TaskEdit {
            status: Some("推进中".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(reopened.done_on, None);
    // The plan's year stays while it has tasks (they are due within it); nothing written.
    let before_year = db.digest();
    let e = fashen::actions::cases::edit_case(&mut store, p.id, &fields(&[("plan_year", "2027")]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("计划已有2026年度的任务"), "{e}");
    assert_eq!(db.digest(), before_year);
    // Deleted with its progress.
    delete_task(&mut store, t.id).unwrap();
    assert!(plan_tasks(&store, p.id).unwrap().is_empty());
    assert!(store.progress_of_case(p.id).unwrap().is_empty());
}

#[test]
fn the_plan_and_task_nouns_import_list_report_print_and_search() {
    let db = TestDb::with_office();
    let plan = db.json(&[
        "plan",
        "new",
        "--title",
        "2026年法治政府建设工作要点",
        "--unit",
        "丹徒区司法局",
        "--received",
        "2026-03-18",
        "--plan-year",
        "2026",
    ]);
    let reg = plan["reg_no"].as_str().unwrap().to_string();
    let table = db.dir().join("分解表.txt");
    std::fs::write(
        &table,
        "序号\t工作任务\t牵头部门\t完成时限\t成果形式\n1\t全面清理证明事项\t丹徒区司法局\t6月底前\t清单\n2\t推行执法公示\t区住房和城乡建设局\t长期坚持\t制度\n",
    )
    .unwrap();
    // Preview first: nothing written until --commit.
    let before = db.digest();
    let preview = db.json(&["task", "import", "--case", &reg, table.to_str().unwrap()]);
    assert_eq!(preview["good"], 2);
    assert_eq!(preview["imported"], false);
    assert_eq!(db.digest(), before);
    let done = db.json(&[
        "task",
        "import",
        "--case",
        &reg,
        table.to_str().unwrap(),
        "--commit",
    ]);
    assert_eq!(done["imported"], true);
    db.ok(&[
        "task",
        "report",
        "--case",
        &reg,
        "2",
        "--text",
        "已在政府网站公示执法主体和程序",
        "--on",
        "2026-05-06",
    ]);
    let listed = db.json(&["task", "list", "--case", &reg, "--overdue"]);
    let overdue: Vec<u64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["no"].as_u64().unwrap())
        .collect();
    // The CLI's today is the real one, after 30 June 2026 (task 2 is 长期坚持: never overdue).
    assert_eq!(overdue, [1]);
    let listed = db.json(&["task", "list", "--case", &reg]);
    assert_eq!(listed[1]["status"], "in_progress");
    assert_eq!(
        listed[1]["progress"][0]["text"],
        "已在政府网站公示执法主体和程序"
    );

    // The sheet for the 推进会, read back by poppler: each lead unit, landscape.
    let sheet = db.dir().join("推进情况.pdf");
    db.ok(&[
        "plan",
        "progress",
        "--case",
        &reg,
        "--out",
        sheet.to_str().unwrap(),
    ]);
    let text = crate::print::flat_text(&sheet);
    for part in [
        "2026年法治政府建设工作要点推进情况",
        "牵头部门",
        "逾期未完成（任务序号）",
        "丹徒区司法局",
        "区住房和城乡建设局",
        "合计",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }
    let info = std::process::Command::new("pdfinfo")
        .arg(&sheet)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("841.89 x 595.276"), "landscape A4: {info}");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "one page for the meeting: {info}"
    );
    // With every task's detail after it.
    let detailed = db.dir().join("推进情况明细.pdf");
    db.ok(&[
        "plan",
        "progress",
        "--case",
        &reg,
        "--with-tasks",
        "--out",
        detailed.to_str().unwrap(),
    ]);
    let text = crate::print::flat_text(&detailed);
    for part in [
        "2026年法治政府建设工作要点任务推进明细",
        "推行执法公示",
        "推进中",
        "全面清理证明事项",
        "未启动（逾期）",
    ] {
        assert!(text.contains(part), "«{part}» in {text}");
    }

    // Search finds a task's words and what was reported, on the plan.
    let found = db.json(&["search", "政府网站公示"]);
    assert_eq!(found["results"][0]["number"], reg.as_str(), "{found}");
    let found = db.json(&["search", "证明事项"]);
    assert_eq!(found["results"][0]["number"], reg.as_str(), "{found}");
}

/// The seed's year: "明确了法治政府建设的133项重点工作以及牵头部门、完成时限和主要成果形式" — 133 tasks in the demo's 2017
/// plan, each with its lead and 成果形式, every one with a day closed by it (长期坚持 ones go on).
#[test]
fn the_demo_s_2017_plan_holds_the_report_s_133_tasks() {
    let db = TestDb::new();
    db.ok(&["demo"]);
    let plans = db.json(&["case", "list", "--kind", "重点工作"]);
    let old = plans["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reg_no"].as_str().unwrap().starts_with("2017-"))
        .expect("the 2017 plan")["reg_no"]
        .as_str()
        .unwrap()
        .to_string();
    let tasks = db.json(&["task", "list", "--case", &old]);
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 133);
    assert!(tasks
        .iter()
        .all(|t| !t["lead"].as_str().unwrap().is_empty() && t["outcome_form"].is_string()));
    for t in tasks {
        match t["due"].as_str() {
            Some("ongoing") => assert_eq!(t["status"], "in_progress"),
            _ => {
                assert_eq!(t["status"], "done", "{t}");
                assert!(t["done_on"].as_str().unwrap() <= t["due_day"].as_str().unwrap());
            }
        }
    }
}

/// What a unit reported is on its task's plan, on every path in: a sync file whose report names a task of
/// another plan is refused whole by the receiving laptop, which stays as it was.
#[test]
fn a_sync_file_whose_progress_is_on_another_plan_than_its_task_is_refused() {
    let db = TestDb::with_office();
    let plan = |title: &str| {
        db.json(&[
            "plan",
            "new",
            "--title",
            title,
            "--unit",
            "丹徒区司法局",
            "--received",
            "2026-03-18",
        ])["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = plan("2026年法治政府建设工作要点");
    let other = plan("2026年法治政府建设补充任务");
    db.ok(&[
        "task",
        "add",
        "--case",
        &first,
        "--title",
        "全面清理证明事项",
        "--lead",
        "丹徒区司法局",
        "--due",
        "全年",
    ]);
    db.ok(&[
        "task",
        "report",
        "--case",
        &first,
        "1",
        "--text",
        "已梳理证明事项43项",
    ]);
    let file = db.dir().join("科室.fashen");
    db.ok(&["sync", "export", "--full", "--out", file.to_str().unwrap()]);
    // The genuine file goes in.
    let laptop = TestDb::new();
    laptop.ok(&["init", "--user", "周志强", "--device-name", "顾问笔记本"]);
    laptop.ok(&["sync", "import", file.to_str().unwrap()]);

    let mut sync = fashen::sync::file::read(&std::fs::read(&file).unwrap()).unwrap();
    let rev = sync
        .revisions
        .iter_mut()
        .find(|r| r.entity == fashen::revision::EntityKind::TaskProgress)
        .expect("the report's revision");
    rev.body["case_id"] = serde_json::json!(other);
    rev.rev_id = rev.computed_id();
    sync.canonical_bodies.clear();
    let forged = db.dir().join("改过的.fashen");
    std::fs::write(&forged, fashen::sync::file::write(&sync).unwrap()).unwrap();
    let fresh = TestDb::new();
    fresh.ok(&["init", "--user", "吴敏", "--device-name", "顾问乙"]);
    let before = fresh.digest();
    let refused = fresh.refused(&["sync", "import", forged.to_str().unwrap()]);
    assert!(refused.contains("属于另一案件"), "{refused}");
    assert_eq!(fresh.digest(), before, "a refused file changes nothing");
}
