//! `fashen bench`: fills a scratch database with many cases through the ordinary write path (revisions,
//! derived rows, audit) and times the register's queries, the dashboard counts and a case's history.
//! Numbers are measured, never asserted: the budget (DESIGN.md §9) is < 20 ms per list/filter query.

pub mod print;
pub mod search;
pub mod sync;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::actions::cases::{case_view, edit_case};
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::ids::{CaseId, PersonId, UnitId};
use crate::model::{
    CaseDetails, CaseKind, Person, RegNo, ReviewCase, Role, Status, Unit, UnitKind,
};
use crate::store::{CaseFilter, OpenMode, Store};

#[derive(Debug, Serialize)]
pub struct Timing {
    pub query: String,
    pub median_ms: f64,
    pub p95_ms: f64,
    pub max_ms: f64,
    pub rows: u64,
}

#[derive(Debug, Serialize)]
pub struct BenchReport {
    pub cases: u32,
    pub fill_seconds: f64,
    pub db_bytes: u64,
    pub timings: Vec<Timing>,
}

/// A small deterministic generator, so every run fills the same database.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Fills `store` with `n` cases in batches of 5 000 per transaction: received over 2017–2026 in any status, or
/// (`open`) all still under review and received in the 90 days before today, so every one has a running
/// deadline. Trigger dates (materials complete, publication, commencement, decision, signing) are filled as a
/// real register would have them, so the deadline lists have work to do.
pub fn fill(store: &mut Store, n: u32, open: bool) -> Result<(Vec<UnitId>, Vec<PersonId>)> {
    let today = store.clock().today();
    let units: Vec<Unit> = (0..50)
        .map(|i| Unit {
            id: UnitId::new(store.clock()),
            name: format!("测试单位{i:02}"),
            code: None,
            kind: UnitKind::Department,
            parent_id: None,
            is_self: false,
            phone: None,
        })
        .collect();
    let people: Vec<Person> = (0..10)
        .map(|i| Person {
            id: PersonId::new(store.clock()),
            name: format!("承办人{i}"),
            role: Role::Clerk,
            unit_id: None,
            phone: None,
            advisor: None,
            signs: false,
        })
        .collect();
    // Five advisors, one of whom takes part in a third of the reviews: the statistics' advisors at scale.
    let advisors: Vec<Person> = (0..5)
        .map(|i| Person {
            id: PersonId::new(store.clock()),
            name: format!("法律顾问{i}"),
            role: Role::Advisor,
            unit_id: None,
            phone: None,
            advisor: Some(crate::model::AdvisorEngagement {
                law_firm: "基准测试律师事务所".into(),
                licence_no: format!("1321120101023456{i}"),
                term_start: None,
                term_end: None,
            }),
            signs: false,
        })
        .collect();
    store.write("bench.fill", |tx| {
        for u in &units {
            tx.put(u, "bench")?;
        }
        for p in people.iter().chain(&advisors) {
            tx.put(p, "bench")?;
        }
        Ok(())
    })?;
    let mut rng = Lcg(42);
    let mut serial = std::collections::HashMap::<i32, u32>::new();
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(5_000);
        store.write("bench.fill", |tx| {
            for _ in 0..batch {
                // One case in ten is of a register of its own (行政应诉, 复议答复, 两法衔接, 案卷评查, 建议提案,
                // 重点工作 with twenty tasks each), in the
                // early steps whose fields need nothing more; the rest are the review kinds.
                let registers: Vec<CaseKind> = CaseKind::ALL
                    .iter()
                    .copied()
                    .filter(|k| !k.is_review())
                    .collect();
                let reviews: Vec<CaseKind> = CaseKind::ALL
                    .iter()
                    .copied()
                    .filter(|k| k.is_review())
                    .collect();
                let kinds = if rng.next(10) == 0 {
                    &registers
                } else {
                    &reviews
                };
                let kind = kinds[rng.next(kinds.len() as u64) as usize];
                let statuses = match kind {
                    CaseKind::Litigation if !open => vec![
                        Status::Registered,
                        Status::Answered,
                        Status::InTrial,
                        Status::Judged,
                        Status::Concluded,
                    ],
                    CaseKind::Reconsideration if !open => {
                        vec![Status::Registered, Status::Replied]
                    }
                    CaseKind::FileInspection if !open => {
                        vec![Status::Registered, Status::Inspecting]
                    }
                    k if !k.is_review() => vec![Status::Registered],
                    _ if open => vec![
                        Status::InReview,
                        Status::AdvisorConsulted,
                        Status::AwaitingSignoff,
                    ],
                    _ => kind.statuses(),
                };
                let status = statuses[rng.next(statuses.len() as u64) as usize];
                let received = if open {
                    today - chrono::Days::new(rng.next(90))
                } else {
                    NaiveDate::from_ymd_opt(
                        2017 + rng.next(10) as i32,
                        1 + rng.next(12) as u32,
                        1 + rng.next(28) as u32,
                    )
                    .ok_or_else(|| Error::Refused("bad date".into()))?
                };
                let year = received.year();
                let s = serial.entry(year).or_insert(0);
                *s += 1;
                let mut case = ReviewCase::registered(
                    CaseId::new(tx.clock()),
                    kind,
                    RegNo { year, serial: *s },
                    received,
                    units[rng.next(units.len() as u64) as usize].id,
                );
                case.title = format!("关于印发丹徒区第{}号管理办法的通知（基准测试）", done + 1);
                case.assignee_id = Some(people[rng.next(people.len() as u64) as usize].id);
                if kind.is_review() && rng.next(3) == 0 {
                    case.advisor_ids = vec![advisors[rng.next(advisors.len() as u64) as usize].id];
                }
                case.status = status;
                let later = |d: NaiveDate, days: u64| d + chrono::Days::new(days);
                if status != Status::Registered && kind.is_review() {
                    case.materials_complete = Some(later(received, rng.next(5)));
                }
                if kind.is_review()
                    && !status.clock_running()
                    && status != Status::Registered
                    && !status.is_side_exit()
                    && status != Status::AwaitingMaterials
                {
                    case.opinion_on = Some(later(received, 5 + rng.next(15)));
                }
                match &mut case.details {
                    CaseDetails::NormativeDoc(d) if status >= Status::Published => {
                        let published = later(received, 20 + rng.next(20));
                        d.published_on = Some(published);
                        d.effective_on = Some(later(published, 30));
                    }
                    CaseDetails::PenaltyFiling(d) => {
                        d.decision_on = Some(received - chrono::Days::new(1 + rng.next(20)));
                    }
                    CaseDetails::Contract(d) if case.opinion_on.is_some() => {
                        d.signed_on = Some(later(received, 25));
                    }
                    CaseDetails::CrimeTransfer(d) => d.reported_on = Some(received),
                    _ => {}
                }
                tx.put(&case, "登记（基准测试）")?;
                // A lawsuit's hearing; a round's five files: the registers' own records at the same scale.
                match kind {
                    CaseKind::Litigation => {
                        let hearing = crate::model::Hearing {
                            id: crate::ids::HearingId::new(tx.clock()),
                            case_id: case.id,
                            on: later(received, 30 + rng.next(60)),
                            court_room: Some("第一审判庭".into()),
                            appeared: crate::model::Appearance::Head,
                            appeared_names: None,
                            reason: None,
                        };
                        tx.put(&hearing, "记录庭审（基准测试）")?;
                    }
                    CaseKind::FileInspection => {
                        let table = crate::model::inspection::ScoreTable::common();
                        for f in 0..5u32 {
                            let file = crate::model::inspection::InspectedFile {
                                id: crate::ids::InspectedFileId::new(tx.clock()),
                                case_id: case.id,
                                unit_id: units[rng.next(units.len() as u64) as usize].id,
                                file_no: format!("基准罚〔{year}〕{f}号"),
                                decision_kind: Some("行政处罚".into()),
                                scores: table
                                    .0
                                    .iter()
                                    .map(|(item, max)| crate::model::inspection::ItemScore {
                                        item: item.clone(),
                                        tenths: max * 10 - rng.next(u64::from(*max) * 5) as u32,
                                    })
                                    .collect(),
                                grade: crate::model::inspection::FileGrade::Pass,
                                problems: None,
                                rectification: None,
                                rectified_on: None,
                            };
                            tx.put(&file, "评查案卷（基准测试）")?;
                        }
                    }
                    // A plan's twenty tasks across the year, some done, some open and (in past years) late:
                    // the dashboard's tasks and a plan's page at the registers' scale.
                    CaseKind::TaskPlan => {
                        use crate::model::tasks::{KeyTask, TaskDue, TaskStatus};
                        for no in 1..=20u32 {
                            let due = match rng.next(10) {
                                0 => TaskDue::AllYear,
                                1 => TaskDue::Ongoing,
                                _ => TaskDue::On(
                                    NaiveDate::from_ymd_opt(year, 1 + rng.next(12) as u32, 28)
                                        .ok_or_else(|| Error::Refused("bad date".into()))?,
                                ),
                            };
                            let status = TaskStatus::ALL[rng.next(4) as usize];
                            let task = KeyTask {
                                id: crate::ids::KeyTaskId::new(tx.clock()),
                                case_id: case.id,
                                year,
                                part: None,
                                no,
                                title: format!("基准测试重点工作第{no}项"),
                                lead_unit_id: units[rng.next(units.len() as u64) as usize].id,
                                unit_ids: Vec::new(),
                                due,
                                outcome_form: Some("文件".into()),
                                status,
                                status_reason: (status == TaskStatus::Delayed)
                                    .then(|| "待上级出台配套规定".into()),
                                done_on: (status == TaskStatus::Done)
                                    .then(|| due.day(year).unwrap_or(received)),
                                evidence: None,
                            };
                            tx.put(&task, "重点工作（基准测试）")?;
                        }
                    }
                    _ => {}
                }
                done += 1;
            }
            Ok(())
        })?;
    }
    Ok((
        units.iter().map(|u| u.id).collect(),
        people.iter().map(|p| p.id).collect(),
    ))
}

fn time<T>(runs: u32, mut f: impl FnMut() -> Result<(T, u64)>) -> Result<(Vec<Duration>, u64)> {
    let mut rows = 0;
    f()?; // warm the statement cache and the page cache
    let mut samples = Vec::with_capacity(runs as usize);
    for _ in 0..runs {
        let t = Instant::now();
        rows = f()?.1;
        samples.push(t.elapsed());
    }
    samples.sort();
    Ok((samples, rows))
}

impl Timing {
    /// Median, 95th percentile and maximum of sorted samples.
    fn from_samples(query: &str, s: &[Duration], rows: u64) -> Timing {
        Timing {
            query: query.to_string(),
            median_ms: ms(s[s.len() / 2]),
            p95_ms: ms(s[(s.len() * 95 / 100).min(s.len() - 1)]),
            max_ms: ms(s[s.len() - 1]),
            rows,
        }
    }
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1_000.0
}

/// Fills a database with `cases` cases, times the register's queries on it, and prints the table. With `keep`,
/// a consistent copy of the filled database is left there (for measuring the desktop app on it).
pub fn run(
    cases: u32,
    runs: u32,
    open: bool,
    keep: Option<&std::path::Path>,
    json: bool,
) -> Result<()> {
    if cases == 0 || runs == 0 {
        return Err(Error::invalid("基准测试", "案件数和重复次数须大于 0"));
    }
    let dir = tempfile_dir()?;
    let path = dir.join("bench.sqlite3");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing, Arc::new(SystemClock))?;
    let start = Instant::now();
    let (units, people) = fill(&mut store, cases, open)?;
    // One case with a long history: 20 edits through the ordinary edit action.
    let page = store.list_cases(&CaseFilter {
        limit: Some(1),
        ..Default::default()
    })?;
    let busy: CaseId = page.rows[0]
        .id
        .parse()
        .map(CaseId)
        .map_err(|_| Error::Refused("bad id".into()))?;
    for i in 0..20 {
        edit_case(
            &mut store,
            busy,
            &[("note".to_string(), format!("第 {i} 次补充说明"))],
        )?;
    }
    let fill_seconds = start.elapsed().as_secs_f64();

    let mut timings = Vec::new();
    let mut measure = |name: &str, filter: CaseFilter| -> Result<()> {
        let (s, rows) = time(runs, || {
            let p = store.list_cases(&filter)?;
            Ok(((), p.total))
        })?;
        timings.push(Timing::from_samples(name, &s, rows));
        Ok(())
    };
    let page = |f: CaseFilter| CaseFilter {
        limit: Some(50),
        ..f
    };
    measure(
        "登记簿首页（无筛选，50 条 + 总数）",
        page(CaseFilter::default()),
    )?;
    measure(
        "按状态筛选（审查中）",
        page(CaseFilter {
            status: Some(Status::InReview),
            ..Default::default()
        }),
    )?;
    measure(
        "按类别筛选（合同）",
        page(CaseFilter {
            kind: Some(CaseKind::Contract),
            ..Default::default()
        }),
    )?;
    measure(
        "按送审单位筛选",
        page(CaseFilter {
            unit_id: Some(units[3].0),
            ..Default::default()
        }),
    )?;
    measure(
        "按年度筛选（2021）",
        page(CaseFilter {
            year: Some(2021),
            ..Default::default()
        }),
    )?;
    measure(
        "按承办人筛选",
        page(CaseFilter {
            assignee_id: Some(people[2].0),
            ..Default::default()
        }),
    )?;
    measure(
        "组合筛选（规范性文件 + 有效 + 2020）",
        page(CaseFilter {
            kind: Some(CaseKind::NormativeDoc),
            status: Some(Status::InForce),
            year: Some(2020),
            ..Default::default()
        }),
    )?;
    // Every title here is 「关于印发丹徒区第N号管理办法的通知（基准测试）」: a word in one title, in every title,
    // one character in every title, and a word in none.
    for (name, words) in [
        ("事项名称包含「第4321号」（1 件）", "第4321号"),
        ("事项名称包含「管理办法」（每一件）", "管理办法"),
        ("事项名称包含「法」（每一件，单字）", "法"),
        ("事项名称包含「合同」（没有）", "合同"),
    ] {
        measure(
            name,
            page(CaseFilter {
                title_contains: Some(words.into()),
                ..Default::default()
            }),
        )?;
    }
    measure(
        "翻到第 1000 页（offset 49 950）",
        CaseFilter {
            limit: Some(50),
            offset: 49_950,
            ..Default::default()
        },
    )?;
    let (s, rows) = time(runs, || Ok(((), store.count_by_status()?.len() as u64)))?;
    timings.push(Timing::from_samples("各状态案件数", &s, rows));
    let (s, rows) = time(runs, || {
        Ok(((), crate::actions::dashboard::dashboard(&store)?.total))
    })?;
    timings.push(Timing::from_samples(
        "工作台（各状态计数 + 5 个待办队列）",
        &s,
        rows,
    ));
    // The statistics of a year: every figure, the advisors, timeliness with working days, the charts' series.
    let year = if open { today_year(&store) } else { 2021 };
    let (s, rows) = time(runs, || {
        let st =
            crate::actions::stats::statistics(&store, &crate::actions::stats::year_request(year))?;
        Ok(((), st.by_month.iter().map(|m| m.count).sum()))
    })?;
    timings.push(Timing::from_samples(
        &format!("统计：{year}年全部指标（含法律顾问、时效、按月、按单位）"),
        &s,
        rows,
    ));
    let scope =
        crate::actions::stats::resolve(&store, &crate::actions::stats::year_request(year))?.0;
    let (s, rows) = time(runs, || {
        let p = store.list_cases(&CaseFilter {
            figure: Some(crate::store::FigureFilter {
                code: "review_on_time".into(),
                scope,
            }),
            limit: Some(50),
            ..Default::default()
        })?;
        Ok(((), p.total))
    })?;
    timings.push(Timing::from_samples(
        "统计数字的明细（按期办结，登记簿首页 50 条 + 总数）",
        &s,
        rows,
    ));
    let (s, rows) = time(runs, || {
        let b =
            crate::actions::tasks::task_board(&store, crate::actions::dashboard::DASHBOARD_ROWS)?;
        Ok(((), b.due_total))
    })?;
    timings.push(Timing::from_samples(
        "工作台的重点工作（逾期和本月到期，按牵头部门计逾期）",
        &s,
        rows,
    ));
    let (s, rows) = time(runs, || {
        let b = crate::actions::deadlines::deadline_board(&store)?;
        Ok((
            (),
            b.overdue.total
                + b.due_soon.total
                + b.filings_due.total
                + b.proposals_due.total
                + b.validity_expiring.total
                + b.validity_expired.total,
        ))
    })?;
    timings.push(Timing::from_samples(
        "工作台期限（逾期 / 7日内 / 待备案 / 建议提案 / 有效期届满，各 8 条 + 总数）",
        &s,
        rows,
    ));
    let (s, rows) = time(runs, || {
        let p = store.list_cases(&CaseFilter {
            sort: crate::store::CaseSort::Due,
            limit: Some(50),
            ..Default::default()
        })?;
        Ok(((), p.total))
    })?;
    timings.push(Timing::from_samples(
        "登记簿按到期日排序（首页 50 条）",
        &s,
        rows,
    ));
    // A changed rule recomputes every case's deadlines in the same transaction (measured once per run
    // count, alternating the number so each run really changes something).
    let (s, rows) = time(runs.min(5), || {
        let r = crate::model::rule::RuleCode::ContractReview.default_rule();
        let amount = if store.rule_book()?.get(r.code).map(|(x, _)| x.amount) == Some(5) {
            6
        } else {
            5
        };
        let report = crate::actions::deadlines::set_rule(
            &mut store,
            r.code.code(),
            &crate::actions::deadlines::RuleInput {
                amount,
                unit: r.unit.code().into(),
                extension: r.extension.map(i64::from),
                source: r.source.clone(),
                local_source: None,
                note: None,
                enabled: true,
            },
        )?;
        Ok(((), report.moves.len() as u64))
    })?;
    timings.push(Timing::from_samples(
        "修改一条期限规则（全部案件重算期限，同一事务）",
        &s,
        rows,
    ));
    let (s, rows) = time(runs, || {
        Ok((
            (),
            crate::actions::history::history(&store, busy.0)?.len() as u64,
        ))
    })?;
    timings.push(Timing::from_samples("单个案件历史（21 条修订）", &s, rows));
    let (s, rows) = time(runs, || {
        let c: ReviewCase = store
            .get(busy.0)?
            .ok_or_else(|| Error::not_found("案件", busy))?;
        Ok(((), case_view(&store, c)?.history.len() as u64))
    })?;
    timings.push(Timing::from_samples(
        "打开案件详情（字段 + 关联记录 + 历史）",
        &s,
        rows,
    ));

    // The whole register as a workbook (every case, every field of every kind).
    let xlsx = dir.join("登记簿.xlsx");
    let (s, bytes) = time(runs.min(3), || {
        let n = crate::actions::spreadsheets::export_case_sheet(
            &store,
            &CaseFilter::default(),
            crate::actions::spreadsheets::SheetType::Xlsx,
            &xlsx,
        )?;
        Ok(((), n))
    })?;
    timings.push(Timing::from_samples(
        &format!(
            "导出登记簿 Excel（全部 {cases} 件，{:.1} MB；结果数为字节）",
            bytes as f64 / 1_048_576.0
        ),
        &s,
        bytes,
    ));

    let db_bytes = std::fs::metadata(&path)?.len();
    if let Some(keep) = keep {
        store.backup(Some(keep))?;
    }
    let report = BenchReport {
        cases,
        fill_seconds,
        db_bytes,
        timings,
    };
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| Error::Refused(e.to_string()))?
        );
    } else {
        println!(
            "案件数：{}，生成耗时 {:.1} 秒，数据库 {} MB，每项重复 {runs} 次",
            cases,
            fill_seconds,
            db_bytes / 1_048_576
        );
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>8}",
            "查询", "中位数ms", "p95 ms", "最大ms", "结果数"
        );
        for t in &report.timings {
            println!(
                "{:<44} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                t.query, t.median_ms, t.p95_ms, t.max_ms, t.rows
            );
        }
    }
    Ok(())
}

fn today_year(store: &Store) -> i32 {
    store.clock().today().year()
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("fashen-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
