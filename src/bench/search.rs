//! `fashen bench --search`: 100 000 cases and 100 000 letters of realistic length (titles, notes and findings
//! made from the words a district office writes, and the shipped clause library's legal text), then the
//! searches a clerk types — one, two and longer words, several words, numbers — each timed to its first page
//! of results with snippets; what an ordinary write spends on the index; and how much the index adds to the
//! database. Measured, never asserted (DESIGN.md §9).

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ms, time, Lcg, Timing};
use crate::actions::cases::edit_case;
use crate::actions::letters::{edit_letter, LetterEdit};
use crate::actions::search::{search, SearchRequest};
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::ids::{CaseId, LetterId, PersonId, UnitId};
use crate::model::clause::ClauseEntry;
use crate::model::wording::default_letter_kind;
use crate::model::{
    CaseDetails, CaseKind, Finding, LetterSection, LetterStatus, OpinionLetter, Person, RegNo,
    ReviewCase, Role, Unit, UnitKind,
};
use crate::store::{indexing_time, OpenMode, Store};

#[derive(Debug, Serialize)]
pub struct SearchReport {
    pub cases: u32,
    pub letters: u32,
    /// Characters of searchable text written, all records.
    pub text_chars: u64,
    pub fill_seconds: f64,
    /// Of the fill, the time spent indexing.
    pub fill_indexing_seconds: f64,
    pub db_bytes: u64,
    /// The database without the index (its tables dropped, both vacuumed).
    pub db_bytes_without_index: u64,
    /// Of the index: the stored sections' text and places, and the postings' bitmaps (bytes of data, before
    /// SQLite's page overhead).
    pub section_bytes: u64,
    pub posting_bytes: u64,
    pub timings: Vec<Timing>,
    /// Median of the two-or-more-character searches' medians.
    pub median_two_plus_ms: f64,
    /// Slowest one-character search (median of its runs).
    pub worst_one_char_ms: f64,
    /// Index upkeep per ordinary write (milliseconds, median of 200): a case's note, a letter's conclusion.
    pub edit_case_index_ms: f64,
    pub edit_letter_index_ms: f64,
    /// The whole ordinary write, index included, for scale.
    pub edit_case_total_ms: f64,
}

const AREAS: &[&str] = &[
    "丹徒区",
    "高资街道",
    "谷阳镇",
    "上党镇",
    "宝堰镇",
    "辛丰镇",
    "世业镇",
    "江心洲",
    "荣炳",
];
const TOPICS: &[&str] = &[
    "农村村民住房建设",
    "城市道路挖掘",
    "养老服务机构补贴",
    "校外培训机构",
    "生活垃圾分类",
    "政府投资项目",
    "老旧小区改造",
    "现代农业发展",
    "物业服务",
    "国有建设用地使用权出让",
    "城乡生活污水处理",
    "公共停车场",
    "农村危房改造",
    "文明城市创建",
    "安全生产",
    "河道采砂",
    "渣土运输",
    "户外广告设置",
    "互联网租赁自行车",
    "人才引进",
    "中小学校车接送",
    "智慧城管平台",
    "集体资产租赁",
    "医疗保障基金",
    "消防安全",
    "食品安全",
    "工业用地",
    "历史文化街区保护",
];
const DOCS: &[&str] = &[
    "管理办法",
    "实施细则",
    "暂行规定",
    "若干政策措施",
    "实施方案",
    "三年行动计划",
];
const DEALS: &[&str] = &[
    "服务合同",
    "采购合同",
    "施工合同",
    "租赁合同",
    "投资协议",
    "特许经营协议",
    "委托管理协议",
];
const ACTS: &[&str] = &[
    "罚款",
    "责令停产停业",
    "吊销许可证",
    "没收违法所得",
    "限期拆除",
    "责令停止建设",
];
const COMPANIES: &[&str] = &[
    "某化工有限公司",
    "某建材有限公司",
    "某物业管理有限公司",
    "某餐饮店",
    "某运输有限公司",
    "某采砂船",
    "某房地产开发有限公司",
];
const NOTES: &[&str] = &[
    "已电话催要起草说明",
    "材料齐全，待科室会审",
    "征求法律顾问意见",
    "起草单位补正了公开征求意见情况",
    "涉及市场主体经济活动，需开展公平竞争审查",
    "合同金额较大，需附资金来源说明",
    "报送材料缺少风险评估报告",
    "履约保证金比例待确认",
    "与上位法衔接问题待研究",
    "已退回修改",
];
const UNIT_NAMES: &[&str] = &[
    "丹徒区人民政府办公室",
    "区住房和城乡建设局",
    "区市场监督管理局",
    "区自然资源和规划分局",
    "区教育局",
    "区财政局",
    "区农业农村局",
    "区城市管理局",
    "区卫生健康委员会",
    "区生态环境局",
    "区民政局",
    "区交通运输局",
    "区应急管理局",
    "区文化广电和旅游局",
    "区水利局",
    "高资街道办事处",
    "辛丰镇人民政府",
    "谷阳镇人民政府",
    "上党镇人民政府",
    "宝堰镇人民政府",
];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
const GIVEN: &str = "芳强敏静丽军伟磊洋勇艳杰涛明超秀霞平刚桂英华";

/// The searches timed: what a clerk looks for, from one character to a phrase, alone and combined.
const QUERIES: &[&str] = &[
    "费",
    "罚",
    "审",
    "合同",
    "处罚",
    "许可",
    "补贴",
    "保证金",
    "谷阳镇",
    "物业服务",
    "履约保证金",
    "城乡建设",
    "公平竞争审查",
    "行政处罚法",
    "2018",
    "〔2018〕37号",
    "合同 城乡建设",
    "许可 谷阳镇",
    "\"管理办法\" -暂行",
    "第十七条",
    "风险评估报告",
    "增设行政许可",
    "没有这个词语",
];

fn pick<'a>(rng: &mut Lcg, list: &[&'a str]) -> &'a str {
    list[rng.next(list.len() as u64) as usize]
}

fn title(rng: &mut Lcg, kind: CaseKind) -> String {
    let area = pick(rng, AREAS);
    let topic = pick(rng, TOPICS);
    match kind {
        CaseKind::Contract => format!("{area}{topic}{}", pick(rng, DEALS)),
        CaseKind::Enforcement | CaseKind::PenaltyFiling => format!(
            "对{}{}作出{}的决定",
            area,
            pick(rng, COMPANIES),
            pick(rng, ACTS)
        ),
        CaseKind::Advice => format!("关于{area}{topic}有关问题的法律意见"),
        _ => format!("{area}{topic}{}", pick(rng, DOCS)),
    }
}

/// A finding made of a shipped clause's legal text, on a numbered article.
fn finding(rng: &mut Lcg, clauses: &[ClauseEntry]) -> Finding {
    let c = &clauses[rng.next(clauses.len() as u64) as usize];
    Finding {
        clause: format!("第{}条", 1 + rng.next(40)),
        problem: c.problem.clone(),
        legal_basis: c.legal_basis.clone(),
        suggestion: c.suggestion.clone(),
    }
}

pub fn run(cases: u32, runs: u32, json: bool) -> Result<()> {
    if cases == 0 || runs == 0 {
        return Err(Error::invalid("基准测试", "案件数和重复次数须大于 0"));
    }
    let dir = super::tempfile_dir()?;
    let result = measure(&dir, cases, runs);
    let _ = std::fs::remove_dir_all(&dir);
    let r = result?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(|e| Error::Refused(e.to_string()))?
        );
        return Ok(());
    }
    println!(
        "{} 件案件、{} 份意见书，共 {:.1} 万字可检索文字；写入 {:.1} s（其中建索引 {:.1} s）",
        r.cases,
        r.letters,
        r.text_chars as f64 / 10_000.0,
        r.fill_seconds,
        r.fill_indexing_seconds
    );
    println!(
        "数据库 {:.1} MB，不含索引 {:.1} MB：索引占 {:.1} MB（{:.0}%）",
        r.db_bytes as f64 / 1e6,
        r.db_bytes_without_index as f64 / 1e6,
        (r.db_bytes - r.db_bytes_without_index.min(r.db_bytes)) as f64 / 1e6,
        100.0 * (r.db_bytes as f64 / r.db_bytes_without_index.max(1) as f64 - 1.0)
    );
    println!(
        "其中：各组文字副本 {:.1} MB，检索词位图 {:.1} MB（数据字节，不含页开销）",
        r.section_bytes as f64 / 1e6,
        r.posting_bytes as f64 / 1e6
    );
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>8}",
        "查找（首页 20 条及摘录）", "中位 ms", "p95 ms", "最慢 ms", "结果"
    );
    for t in &r.timings {
        println!(
            "{:<28} {:>9.2} {:>9.2} {:>9.2} {:>8}",
            t.query, t.median_ms, t.p95_ms, t.max_ms, t.rows
        );
    }
    println!(
        "两字及以上查找的中位数 {:.2} ms（预算 < 10 ms）；单字最慢 {:.2} ms（预算 < 50 ms）",
        r.median_two_plus_ms, r.worst_one_char_ms
    );
    println!(
        "一次普通修改的索引开销（中位数）：改案件备注 {:.3} ms（整次修改 {:.2} ms），改意见书结论 {:.3} ms（预算 < 1 ms）",
        r.edit_case_index_ms, r.edit_case_total_ms, r.edit_letter_index_ms
    );
    Ok(())
}

fn measure(dir: &std::path::Path, cases: u32, runs: u32) -> Result<SearchReport> {
    let path = dir.join("search.sqlite3");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing, Arc::new(SystemClock))?;
    let clauses: Vec<ClauseEntry> = store.all()?;
    let units: Vec<Unit> = UNIT_NAMES
        .iter()
        .map(|n| Unit {
            id: UnitId::new(store.clock()),
            name: (*n).to_string(),
            code: None,
            kind: UnitKind::Department,
            parent_id: None,
            is_self: false,
            phone: None,
        })
        .collect();
    let mut rng = Lcg(19);
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let people: Vec<Person> = (0..30)
        .map(|_| Person {
            id: PersonId::new(store.clock()),
            name: format!(
                "{}{}",
                surnames[rng.next(surnames.len() as u64) as usize],
                given[rng.next(given.len() as u64) as usize]
            ),
            role: Role::Clerk,
            unit_id: None,
            phone: None,
            advisor: None,
            signs: false,
        })
        .collect();
    let start = Instant::now();
    let indexing_before = indexing_time();
    store.write("bench.search", |tx| {
        for u in &units {
            tx.put(u, "bench")?;
        }
        for p in &people {
            tx.put(p, "bench")?;
        }
        Ok(())
    })?;
    let mut text_chars = 0u64;
    let mut done = 0u32;
    let mut ids = Vec::with_capacity(cases as usize);
    let mut letter_ids = Vec::with_capacity(cases as usize);
    while done < cases {
        let batch = (cases - done).min(5_000);
        store.write("bench.search", |tx| {
            for _ in 0..batch {
                let kind = CaseKind::ALL[rng.next(CaseKind::ALL.len() as u64) as usize];
                let year = 2017 + rng.next(10) as i32;
                let received = NaiveDate::from_ymd_opt(year, 1 + rng.next(12) as u32, 1 + rng.next(28) as u32)
                    .ok_or_else(|| Error::Refused("bad date".into()))?;
                let unit = &units[rng.next(units.len() as u64) as usize];
                let mut case = ReviewCase::registered(
                    CaseId::new(tx.clock()),
                    kind,
                    RegNo { year, serial: done + 1 },
                    received,
                    unit.id,
                );
                case.title = title(&mut rng, kind);
                case.assignee_id = Some(people[rng.next(people.len() as u64) as usize].id);
                case.contact = Some(people[rng.next(people.len() as u64) as usize].name.clone());
                case.note = Some(pick(&mut rng, NOTES).to_string());
                case.conclusion = Some(format!("{}。", clauses[rng.next(clauses.len() as u64) as usize].suggestion));
                if let CaseDetails::NormativeDoc(d) = &mut case.details {
                    d.doc_no = Some(format!("徒政规〔{year}〕{}号", 1 + rng.next(30)));
                }
                text_chars += (case.title.chars().count() + 60) as u64;
                tx.put(&case, "登记（基准测试）")?;
                let findings: Vec<Finding> = (0..3 + rng.next(3)).map(|_| finding(&mut rng, &clauses)).collect();
                let letter = OpinionLetter {
                    id: LetterId::new(tx.clock()),
                    case_id: case.id,
                    kind: default_letter_kind(kind, None),
                    issuer_unit_id: unit.id,
                    number: None,
                    title: format!("关于《{}》的合法性审查意见", case.title),
                    addressee: unit.name.clone(),
                    opening: Some(format!(
                        "你单位于{year}年{}月{}日报送的《{}》及相关材料收悉。经审查，现提出如下意见：",
                        1 + rng.next(12),
                        1 + rng.next(28),
                        case.title
                    )),
                    sections: vec![
                        LetterSection {
                            heading: "审查依据".into(),
                            body: "《中华人民共和国立法法》《中华人民共和国行政许可法》《中华人民共和国行政处罚法》《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）等。".into(),
                        },
                        LetterSection {
                            heading: "基本情况".into(),
                            body: format!(
                                "该文件由{}起草，{}。起草单位已按规定开展调研论证，并征求了有关部门意见。",
                                unit.name,
                                pick(&mut rng, NOTES)
                            ),
                        },
                    ],
                    findings,
                    findings_table: false,
                    conclusion: Some("请你单位根据上述意见对送审稿进行修改完善后，按程序提请审议。".into()),
                    author_id: None,
                    signatory: None,
                    lawyers: Vec::new(),
                    cc: vec!["区人民政府办公室".into()],
                    status: LetterStatus::Draft,
                    drafted_on: received,
                    signed_on: None,
                    issued_on: None,
                    corner: None,
                };
                text_chars += letter_chars(&letter);
                tx.put(&letter, "起草（基准测试）")?;
                ids.push(case.id);
                letter_ids.push(letter.id);
                done += 1;
            }
            Ok(())
        })?;
    }
    let fill_seconds = start.elapsed().as_secs_f64();
    let fill_indexing_seconds = (indexing_time() - indexing_before).as_secs_f64();

    // Ordinary writes: a case's note, a letter's conclusion, 200 each on cases spread over the register.
    let mut case_index = Vec::new();
    let mut case_total = Vec::new();
    let mut letter_index = Vec::new();
    for i in 0..200usize {
        let id = ids[(i * 7919) % ids.len()];
        let before = indexing_time();
        let t = Instant::now();
        edit_case(
            &mut store,
            id,
            &[(
                "note".to_string(),
                format!("第 {i} 次补充说明：{}", NOTES[i % NOTES.len()]),
            )],
        )?;
        case_total.push(t.elapsed());
        case_index.push(indexing_time() - before);
        let lid = letter_ids[(i * 104_729) % letter_ids.len()];
        let before = indexing_time();
        edit_letter(
            &mut store,
            lid,
            &LetterEdit {
                conclusion: Some(format!("请修改完善后重新报送（第 {i} 稿）。")),
                ..Default::default()
            },
        )?;
        letter_index.push(indexing_time() - before);
    }
    let median = |v: &mut Vec<std::time::Duration>| {
        v.sort();
        ms(v[v.len() / 2])
    };

    let mut timings = Vec::new();
    let mut two_plus = Vec::new();
    let mut worst_one_char: f64 = 0.0;
    for q in QUERIES {
        let req = SearchRequest {
            query: (*q).to_string(),
            ..SearchRequest::default()
        };
        let (samples, rows) = time(runs, || {
            let page = search(&store, &req)?;
            Ok(((), page.total))
        })?;
        let t = Timing::from_samples(q, &samples, rows);
        if q.chars().count() == 1 {
            worst_one_char = worst_one_char.max(t.median_ms);
        } else {
            two_plus.push(t.median_ms);
        }
        timings.push(t);
    }
    two_plus.sort_by(f64::total_cmp);

    let (section_bytes, posting_bytes) = store.search_index_bytes()?;
    drop(store);
    let (db_bytes, db_bytes_without_index) =
        crate::store::sizes_with_and_without_search(&path, &dir.join("without-index.sqlite3"))?;
    Ok(SearchReport {
        cases,
        letters: cases,
        text_chars,
        fill_seconds,
        fill_indexing_seconds,
        db_bytes,
        db_bytes_without_index,
        section_bytes,
        posting_bytes,
        timings,
        median_two_plus_ms: two_plus[two_plus.len() / 2],
        worst_one_char_ms: worst_one_char,
        edit_case_index_ms: median(&mut case_index),
        edit_letter_index_ms: median(&mut letter_index),
        edit_case_total_ms: median(&mut case_total),
    })
}

fn letter_chars(l: &OpinionLetter) -> u64 {
    let mut n = l.title.chars().count() + l.addressee.chars().count();
    n += l.opening.as_deref().map_or(0, |s| s.chars().count());
    for s in &l.sections {
        n += s.heading.chars().count() + s.body.chars().count();
    }
    for f in &l.findings {
        n += f.clause.chars().count()
            + f.problem.chars().count()
            + f.legal_basis.chars().count()
            + f.suggestion.chars().count();
    }
    n += l.conclusion.as_deref().map_or(0, |s| s.chars().count());
    n as u64
}
