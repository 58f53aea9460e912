//! 案卷评查: the files examined in a round, scored on the round's items, and the round's results by unit.

use std::collections::BTreeMap;

use serde::Serialize;

use super::require;
use crate::error::{Error, Result};
use crate::ids::{CaseId, InspectedFileId};
use crate::model::inspection::{fmt_points, parse_points, FileGrade, InspectedFile, ItemScore};
use crate::model::validate;
use crate::model::{CaseDetails, CaseKind, ReviewCase};
use crate::store::Store;

/// A file as typed: the unit (name, code or id), its number, the scores as `item points` pairs (`证据 18；程序
/// 13.5`; an item not given earns its full points), the grade (by the total when not given) and the texts.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InspectedFileInput {
    pub unit: String,
    pub file_no: String,
    pub decision_kind: Option<String>,
    pub scores: Option<String>,
    pub grade: Option<String>,
    pub problems: Option<String>,
    pub rectification: Option<String>,
    /// 整改完成日期.
    pub rectified_on: Option<String>,
}

/// A change to a file as typed: what is given replaces what the file had, what is not (`None`) stays. A grade
/// not given follows the new total when the scores change (an empty grade always does).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InspectedFileEdit {
    pub unit: Option<String>,
    pub file_no: Option<String>,
    pub decision_kind: Option<String>,
    pub scores: Option<String>,
    pub grade: Option<String>,
    pub problems: Option<String>,
    pub rectification: Option<String>,
    pub rectified_on: Option<String>,
}

/// The round a file is added to, with its score items; refused for a case of another kind.
fn round(case: &ReviewCase) -> Result<crate::model::inspection::ScoreTable> {
    match &case.details {
        CaseDetails::FileInspection(d) => Ok(d.score_table()),
        _ => Err(Error::Refused(format!(
            "只有案卷评查可以添加评查案卷（{}是{}）",
            case.reg_no,
            case.kind().short_label()
        ))),
    }
}

/// Reads `证据 18；程序 13.5` against the round's items: each named item's points; the others their full points.
fn scores(table: &crate::model::inspection::ScoreTable, raw: &str) -> Result<Vec<ItemScore>> {
    let mut given: BTreeMap<String, u32> = BTreeMap::new();
    for part in raw
        .split(['；', ';', '，', ',', '\n', '、'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let cut = part
            .find(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
            .ok_or_else(|| Error::invalid("得分", format!("「{part}」没有写得分")))?;
        let item = part[..cut].trim().trim_end_matches(['：', ':']).trim();
        if given
            .insert(item.to_string(), parse_points(item, &part[cut..])?)
            .is_some()
        {
            return Err(Error::invalid("得分", format!("「{item}」打了两次分")));
        }
    }
    if let Some(unknown) = given.keys().find(|k| table.max(k).is_none()) {
        let names: Vec<&str> = table.0.iter().map(|(n, _)| n.as_str()).collect();
        return Err(Error::invalid(
            "得分",
            format!(
                "「{unknown}」不是本次评查的评分项目（{}）",
                names.join("、")
            ),
        ));
    }
    Ok(table
        .0
        .iter()
        .map(|(item, max)| ItemScore {
            item: item.clone(),
            tenths: given.get(item).copied().unwrap_or(max * 10),
        })
        .collect())
}

/// Adds a file examined in the round `case_id`. Refused, changing nothing: a case that is no 案卷评查, a unit
/// that does not exist, an item not the round's or scored above its points, a file the round already has, a
/// round whose results are published.
pub fn add_inspected_file(
    store: &mut Store,
    case_id: CaseId,
    input: &InspectedFileInput,
) -> Result<InspectedFile> {
    save_inspected_file(store, case_id, None, input)
}

/// Replaces what was typed for a file (the whole input, as the dialog sends it back). Once the round's results
/// are published only what the unit does about them may change: the problems, the rectification asked and the
/// day it was done; its scores are in the 通报 already.
pub fn edit_inspected_file(
    store: &mut Store,
    id: InspectedFileId,
    edit: &InspectedFileEdit,
) -> Result<InspectedFile> {
    let old: InspectedFile = super::require_record(store, id.0)?;
    let keep = |given: &Option<String>, had: Option<String>| given.clone().or(had);
    let input = InspectedFileInput {
        unit: edit.unit.clone().unwrap_or_else(|| old.unit_id.to_string()),
        file_no: edit.file_no.clone().unwrap_or_else(|| old.file_no.clone()),
        decision_kind: keep(&edit.decision_kind, old.decision_kind.clone()),
        scores: Some(edit.scores.clone().unwrap_or_else(|| {
            old.scores
                .iter()
                .map(|s| format!("{} {}", s.item, fmt_points(s.tenths)))
                .collect::<Vec<_>>()
                .join("；")
        })),
        grade: match (&edit.grade, &edit.scores) {
            (Some(g), _) => Some(g.clone()),
            (None, Some(_)) => None,
            (None, None) => Some(old.grade.label().to_string()),
        },
        problems: keep(&edit.problems, old.problems.clone()),
        rectification: keep(&edit.rectification, old.rectification.clone()),
        rectified_on: keep(&edit.rectified_on, old.rectified_on.map(|d| d.to_string())),
    };
    save_inspected_file(store, old.case_id, Some(id), &input)
}

fn save_inspected_file(
    store: &mut Store,
    case_id: CaseId,
    existing: Option<InspectedFileId>,
    input: &InspectedFileInput,
) -> Result<InspectedFile> {
    if input.unit.trim().is_empty() {
        return Err(Error::invalid("被评查单位", "请选择被评查单位"));
    }
    let unit = super::find_unit(store, &input.unit)?;
    let text = |field, v: &Option<String>, max| {
        validate::optional_text(field, v.as_deref().unwrap_or(""), max)
    };
    let long = |field, v: &Option<String>, max| -> Result<Option<String>> {
        let t = v.as_deref().unwrap_or("").trim();
        validate::long_text(field, t, max)?;
        Ok((!t.is_empty()).then(|| t.to_string()))
    };
    let id = existing.unwrap_or_else(|| InspectedFileId::new(store.clock()));
    let file_no = validate::required_text("案卷编号", &input.file_no, 60)?;
    let decision_kind = text("案件类型", &input.decision_kind, 30)?;
    let problems = long("存在问题", &input.problems, 2000)?;
    let rectification = long("整改要求", &input.rectification, 2000)?;
    let rectified_on =
        validate::optional_date("整改完成日期", input.rectified_on.as_deref().unwrap_or(""))?;
    if let Some(d) = rectified_on {
        super::not_after("整改完成日期", d, store.clock().today())?;
    }
    let grade = input
        .grade
        .as_deref()
        .filter(|g| !g.trim().is_empty())
        .map(FileGrade::parse)
        .transpose()?;
    let action = if existing.is_some() {
        "inspected_file.edit"
    } else {
        "inspected_file.add"
    };
    let file = store.write(action, |tx| {
        let case: ReviewCase = require(tx, case_id.0)?;
        let table = round(&case)?;
        let old: Option<InspectedFile> = existing.map(|id| require(tx, id.0)).transpose()?;
        let scores = scores(&table, input.scores.as_deref().unwrap_or(""))?;
        let total = scores.iter().map(|s| s.tenths).sum();
        let file = InspectedFile {
            id,
            case_id,
            unit_id: unit.id,
            file_no: file_no.clone(),
            decision_kind: decision_kind.clone(),
            scores,
            grade: grade.unwrap_or_else(|| FileGrade::for_total(total)),
            problems: problems.clone(),
            rectification: rectification.clone(),
            rectified_on,
        };
        if case.results_published() {
            let points = |f: &InspectedFile| -> BTreeMap<String, u32> {
                f.scores
                    .iter()
                    .map(|s| (s.item.clone(), s.tenths))
                    .collect()
            };
            let scored_as_published = old.as_ref().is_some_and(|o| {
                (o.unit_id, &o.file_no, &o.decision_kind, points(o), o.grade)
                    == (
                        file.unit_id,
                        &file.file_no,
                        &file.decision_kind,
                        points(&file),
                        file.grade,
                    )
            });
            if !scored_as_published {
                return Err(Error::Refused(format!(
                    "{} 的评查结果已通报，不能再{}；可以填写存在问题、整改要求和整改完成日期",
                    case.reg_no,
                    if old.is_some() {
                        "修改案卷的单位、编号、类型、得分和等次"
                    } else {
                        "添加评查案卷"
                    }
                )));
            }
        }
        let same_no = |a: &str| a.trim().eq_ignore_ascii_case(file.file_no.trim());
        if tx
            .inspected_files_of(case_id)?
            .iter()
            .any(|f| f.id != id && f.unit_id == unit.id && same_no(&f.file_no))
        {
            return Err(Error::Refused(format!(
                "本次评查已有{}的案卷 {}，请勿重复录入",
                unit.name, file.file_no
            )));
        }
        // Put right after the 通报 that asked for it.
        if let (Some(_), CaseDetails::FileInspection(d)) = (rectified_on, &case.details) {
            if !case.results_published() {
                return Err(Error::invalid(
                    "整改完成日期",
                    "评查结果通报后才填写整改完成日期",
                ));
            }
            validate::not_before("整改完成日期", rectified_on, "结果通报日期", d.published_on)?;
        }
        // The round's items first: a score above its item's points says so, not that the total is over 100.
        file.check_against(&table)?;
        file.validate()?;
        let what = match &old {
            None => "评查案卷",
            Some(_) => "修改评查案卷",
        };
        tx.put(
            &file,
            &format!(
                "{} {what} {}（{}）：{}分，{}{}",
                case.reg_no,
                file.file_no,
                unit.name,
                fmt_points(total),
                file.grade.label(),
                file.rectified_on
                    .map(|d| format!("，{}整改完毕", validate::fmt_date(d)))
                    .unwrap_or_default()
            ),
        )?;
        Ok(file)
    })?;
    Ok(file.value)
}

/// Removes a file added by mistake.
pub fn delete_inspected_file(store: &mut Store, id: InspectedFileId) -> Result<()> {
    store.write("inspected_file.delete", |tx| {
        let file: InspectedFile = require(tx, id.0)?;
        let case: ReviewCase = require(tx, file.case_id.0)?;
        if case.results_published() {
            return Err(Error::Refused(format!(
                "{} 的评查结果已通报，不能再删除评查案卷",
                case.reg_no
            )));
        }
        tx.delete::<InspectedFile>(id.0, &format!("删除评查案卷：{}", file.file_no))?;
        Ok(())
    })?;
    Ok(())
}

/// A file by its id as `inspection file list` shows it (the last 8 digits) or whole, among the round's.
pub fn find_inspected_file(store: &Store, case_id: CaseId, key: &str) -> Result<InspectedFileId> {
    let key = key.trim();
    let found: Vec<InspectedFileId> = store
        .inspected_files_of_case(case_id)?
        .into_iter()
        .map(|f| f.id)
        .filter(|id| {
            let s = id.to_string();
            s == key || (key.len() >= 4 && s.ends_with(key))
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::Refused(format!(
            "本次评查中没有编号为「{key}」的案卷"
        ))),
        _ => Err(Error::Refused(format!(
            "编号「{key}」对应多份案卷，请写全编号"
        ))),
    }
}

/// One file as the round's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct InspectedFileView {
    pub id: String,
    pub unit: String,
    pub file_no: String,
    pub decision_kind: Option<String>,
    /// `(item, points, of)` as people write them: 证据 18/20.
    pub scores: Vec<(String, String, u32)>,
    pub total: String,
    pub grade: FileGrade,
    pub grade_label: &'static str,
    pub problems: Option<String>,
    pub rectification: Option<String>,
    pub rectified_on: Option<chrono::NaiveDate>,
    /// The unit's id, for the edit dialog and a unit's notice.
    pub unit_id: String,
    /// See [`InspectedFile::needs_rectification`].
    pub needs_rectification: bool,
    /// The grade was chosen rather than given by the total: an edit keeps it only then.
    pub grade_chosen: bool,
}

/// A unit's results in a round: its files, their average and grades.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResult {
    pub rank: usize,
    pub unit: String,
    pub unit_id: String,
    pub files: usize,
    /// The average total, to one decimal (tenths).
    pub average: String,
    pub excellent: usize,
    pub pass: usize,
    pub fail: usize,
}

impl UnitResult {
    /// The row the results table and the CLI print: 名次, 被评查单位, 案卷数, 平均分, 优秀, 合格, 不合格.
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.rank.to_string(),
            self.unit.clone(),
            self.files.to_string(),
            self.average.clone(),
            self.excellent.to_string(),
            self.pass.to_string(),
            self.fail.to_string(),
        ]
    }
}

/// The headers of [`UnitResult::cells`].
pub const UNIT_RESULT_HEADERS: [&str; 7] = [
    "名次",
    "被评查单位",
    "案卷数",
    "平均分",
    "优秀",
    "合格",
    "不合格",
];

/// A round's files and its results ranked by unit (highest average first; a tie shares the rank).
#[derive(Debug, Clone, Serialize)]
pub struct RoundResults {
    pub items: Vec<(String, u32)>,
    /// 整改期限, when the round set one.
    pub rectify_by: Option<chrono::NaiveDate>,
    pub files: Vec<InspectedFileView>,
    pub units: Vec<UnitResult>,
}

pub fn round_results(store: &Store, case: &ReviewCase) -> Result<RoundResults> {
    let table = round(case)?;
    let files = store.inspected_files_of_case(case.id)?;
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for f in &files {
        if let std::collections::btree_map::Entry::Vacant(e) = names.entry(f.unit_id.to_string()) {
            let unit: crate::model::Unit = super::require_record(store, f.unit_id.0)?;
            e.insert(unit.name);
        }
    }
    let name = |f: &InspectedFile| names[&f.unit_id.to_string()].clone();
    let mut views: Vec<InspectedFileView> = files
        .iter()
        .map(|f| InspectedFileView {
            id: f.id.to_string(),
            unit: name(f),
            file_no: f.file_no.clone(),
            decision_kind: f.decision_kind.clone(),
            scores: f
                .scores
                .iter()
                .map(|s| {
                    // An item the round no longer has (changed on another laptop) shows as out of 0.
                    let of = table.max(&s.item).unwrap_or_default();
                    (s.item.clone(), fmt_points(s.tenths), of)
                })
                .collect(),
            total: fmt_points(f.total()),
            grade: f.grade,
            grade_label: f.grade.label(),
            problems: f.problems.clone(),
            rectification: f.rectification.clone(),
            rectified_on: f.rectified_on,
            unit_id: f.unit_id.to_string(),
            needs_rectification: f.needs_rectification(),
            grade_chosen: f.grade_chosen(),
        })
        .collect();
    views.sort_by(|a, b| (&a.unit, &a.file_no).cmp(&(&b.unit, &b.file_no)));
    // Sum and count per unit, then the average in tenths, rounded half up.
    // By unit id: two units may share a name after a sync, and their files are not one unit's.
    let mut per_unit: BTreeMap<String, (u64, usize, [usize; 3])> = BTreeMap::new();
    for f in &files {
        let e = per_unit.entry(f.unit_id.to_string()).or_default();
        e.0 += u64::from(f.total());
        e.1 += 1;
        e.2[match f.grade {
            FileGrade::Excellent => 0,
            FileGrade::Pass => 1,
            FileGrade::Fail => 2,
        }] += 1;
    }
    let mut units: Vec<(String, u64, usize, [usize; 3], String)> = per_unit
        .into_iter()
        .map(|(unit, (sum, n, g))| {
            (
                names[&unit].clone(),
                (sum * 2 + n as u64) / (2 * n as u64),
                n,
                g,
                unit,
            )
        })
        .collect();
    units.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut ranked = Vec::with_capacity(units.len());
    for (i, (unit, avg, n, g, unit_id)) in units.iter().enumerate() {
        let rank = match i {
            0 => 1,
            _ if units[i - 1].1 == *avg => ranked.last().map_or(1, |r: &UnitResult| r.rank),
            _ => i + 1,
        };
        ranked.push(UnitResult {
            rank,
            unit: unit.clone(),
            unit_id: unit_id.clone(),
            files: *n,
            average: fmt_points(*avg as u32),
            excellent: g[0],
            pass: g[1],
            fail: g[2],
        });
    }
    Ok(RoundResults {
        items: table.0,
        rectify_by: match &case.details {
            CaseDetails::FileInspection(d) => d.rectify_by,
            _ => None,
        },
        files: views,
        units: ranked,
    })
}

/// Only a round has files; its kind decides.
pub fn is_round(case: &ReviewCase) -> bool {
    case.kind() == CaseKind::FileInspection
}

/// A round's results as landscape pages: the units ranked, then every file with its scores and problems —
/// what the office sends out with its 通报.
pub fn results_sheet(
    store: &Store,
    case: &ReviewCase,
    book: &crate::print::fonts::FontBook,
) -> Result<crate::print::layout::Sheet> {
    use crate::print::forms::{number_pages, table_pages};
    let results = round_results(store, case)?;
    if results.files.is_empty() {
        return Err(Error::Refused(format!(
            "{} 还没有评查案卷，没有结果可以导出",
            case.reg_no
        )));
    }
    let units: Vec<Vec<String>> = results.units.iter().map(UnitResult::cells).collect();
    let mut pages = table_pages(
        book,
        &format!("{}结果（按单位排名）", case.title),
        &[6.0, 30.0, 8.0, 10.0, 8.0, 8.0, 8.0]
            .into_iter()
            .zip(UNIT_RESULT_HEADERS)
            .collect::<Vec<_>>(),
        &units,
        |i| results.units[i].unit.clone(),
    )?;
    let files: Vec<Vec<String>> = results
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let lost: Vec<String> = f
                .scores
                .iter()
                .filter(|(_, points, of)| *points != of.to_string())
                .map(|(item, points, of)| format!("{item} {points}/{of}"))
                .collect();
            vec![
                (i + 1).to_string(),
                f.unit.clone(),
                f.file_no.clone(),
                f.decision_kind.clone().unwrap_or_default(),
                if lost.is_empty() {
                    "各项满分".into()
                } else {
                    lost.join("、")
                },
                f.total.clone(),
                f.grade_label.to_string(),
                f.problems.clone().unwrap_or_default(),
            ]
        })
        .collect();
    pages.extend(table_pages(
        book,
        &format!("{}案卷得分", case.title),
        &[
            (5.0, "序号"),
            (16.0, "被评查单位"),
            (16.0, "案卷编号"),
            (8.0, "案件类型"),
            (20.0, "扣分项目"),
            (6.0, "总分"),
            (6.0, "等次"),
            (25.0, "存在问题"),
        ],
        &files,
        |i| results.files[i].file_no.clone(),
    )?);
    number_pages(book, &mut pages, "")?;
    Ok(crate::print::layout::Sheet {
        meta: crate::print::layout::Meta {
            title: format!("{}结果", case.title),
            author: String::new(),
            subject: format!(
                "{} 个单位、{} 份案卷",
                results.units.len(),
                results.files.len()
            ),
            date: None,
        },
        pages,
    })
}

/// [`results_sheet`] written to `path` as a PDF or an OFD; returns its size in bytes. (A Word table of the
/// results is not made: the office edits its 通报, not the table.)
pub fn export_results(
    store: &Store,
    case_id: CaseId,
    file: super::print::FileType,
    path: &std::path::Path,
) -> Result<u64> {
    let case: ReviewCase = super::require_record(store, case_id.0)?;
    round(&case)?;
    if file == super::print::FileType::Docx {
        return Err(Error::Refused("评查结果可导出 PDF 或 OFD".into()));
    }
    let book = super::print::font_book(store)?;
    let sheet = results_sheet(store, &case, &book)?;
    let bytes = super::print::sheet_bytes(&book, &sheet, file == super::print::FileType::Ofd)?;
    crate::files::write_file(path, &bytes)?;
    Ok(bytes.len() as u64)
}

/// The name a round's results are saved under: 2026年度行政执法案卷评查结果.pdf.
pub fn results_file_name(case: &ReviewCase, extension: &str) -> String {
    format!("{}结果.{extension}", case.title)
}

/// 整改通知书: for each unit with something to put right (or the one `unit`), a notice in the office's 信函格式 —
/// its results and rank, the problems file by file, what it is asked to do and by when (the round's 整改期限, or
/// a blank for the pen), signed by the organising unit on the day the results were published.
pub fn rectification_notices(
    store: &Store,
    case: &ReviewCase,
    unit: Option<&str>,
) -> Result<Vec<crate::print::document::Official>> {
    use crate::print::document::{blank_date, Block, Head, Official, Signature, Table};
    use crate::print::fonts::Face;
    use crate::print::layout::{Meta, Span};
    use crate::print::letter::sentence;
    let CaseDetails::FileInspection(details) = &case.details else {
        round(case)?;
        unreachable!("round() refuses every other kind");
    };
    notices_ready(case)?;
    let results = round_results(store, case)?;
    let only = unit.map(|u| super::find_unit(store, u)).transpose()?;
    let organiser: crate::model::Unit = super::require_record(store, case.unit_id.0)?;
    let mut docs = Vec::new();
    for r in &results.units {
        let files: Vec<&InspectedFileView> = results
            .files
            .iter()
            .filter(|f| f.unit_id == r.unit_id)
            .collect();
        if only.as_ref().is_some_and(|u| u.id.to_string() != r.unit_id) {
            continue;
        }
        let to_fix: Vec<&&InspectedFileView> =
            files.iter().filter(|f| f.needs_rectification).collect();
        if to_fix.is_empty() {
            continue;
        }
        let started = validate::fmt_date(case.received);
        let span = match details.finished_on {
            Some(f) if f != case.received => format!("{started}至{}", validate::fmt_date(f)),
            _ => started,
        };
        let basis = details
            .plan
            .as_deref()
            .map(|p| format!("根据{p}，"))
            .unwrap_or_default();
        let mut body = vec![
            Block::Para(vec![Span::new(
                Face::Fang,
                format!(
                    "{basis}{}于{span}组织开展了{}，抽查了你单位行政执法案卷{}份。现将评查结果和存在的问题通知如下，请认真整改。",
                    organiser.name, case.title, r.files
                ),
            )]),
            Block::Heading("一、评查结果".into()),
            Block::Para(vec![Span::new(
                Face::Fang,
                format!(
                    "你单位被评查案卷{}份，平均得分{}分，在{}个被评查单位中列第{}名；其中优秀{}份、合格{}份、不合格{}份。",
                    r.files,
                    r.average,
                    results.units.len(),
                    r.rank,
                    r.excellent,
                    r.pass,
                    r.fail
                ),
            )]),
            Block::Table(Table {
                columns: vec![3, 11, 6, 4, 4],
                header: ["序号", "案卷编号", "案件类型", "得分", "等次"]
                    .map(String::from)
                    .to_vec(),
                rows: files
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        vec![
                            (i + 1).to_string(),
                            f.file_no.clone(),
                            f.decision_kind.clone().unwrap_or_default(),
                            f.total.clone(),
                            f.grade_label.to_string(),
                        ]
                    })
                    .collect(),
            }),
            Block::Heading("二、存在的问题".into()),
        ];
        let run_in = |n: usize, head: String, text: String| {
            Block::Para(vec![
                Span::new(Face::Kai, format!("（{}）{head}", validate::cn_numeral(n))),
                Span::new(Face::Fang, text),
            ])
        };
        for (i, f) in to_fix.iter().enumerate() {
            let problems = f.problems.as_deref().map_or_else(
                || format!("案卷评为{}，总分{}分。", f.grade_label, f.total),
                |p| sentence(p.trim()),
            );
            body.push(run_in(i + 1, format!("{}。", f.file_no), problems));
        }
        body.push(Block::Heading("三、整改要求".into()));
        let mut n = 0;
        for f in &to_fix {
            if let Some(asked) = &f.rectification {
                n += 1;
                body.push(run_in(
                    n,
                    format!("{}。", f.file_no),
                    sentence(asked.trim()),
                ));
            }
        }
        body.push(Block::Para(vec![Span::new(
            Face::Fang,
            format!(
                "请你单位对照上述问题逐项整改，举一反三，完善案卷制作和归档管理，于{}前将整改情况书面报送{}。",
                blank_date(details.rectify_by),
                organiser.name
            ),
        )]));
        body.push(Block::Para(vec![Span::new(Face::Fang, "特此通知。")]));
        let title = format!("关于{}发现问题整改的通知", case.title);
        docs.push(Official {
            corner: None,
            head: Head::Letter {
                issuer: organiser.name.clone(),
            },
            number: None,
            draft: false,
            title: title.clone(),
            addressee: Some(r.unit.clone()),
            body,
            signature: Signature {
                issuer: organiser.name.clone(),
                signers: Vec::new(),
                date: details.published_on,
            },
            imprint: None,
            meta: Meta {
                title,
                author: organiser.name.clone(),
                subject: format!("整改通知（{}，{}）", r.unit, case.reg_no),
                date: details.published_on,
            },
        });
    }
    if docs.is_empty() {
        return Err(Error::Refused(match &only {
            Some(u) => format!("{}在评查 {} 中没有需要整改的案卷", u.name, case.reg_no),
            None => format!(
                "评查 {} 中没有需要整改的案卷（存在问题、整改要求或不合格）",
                case.reg_no
            ),
        }));
    }
    Ok(docs)
}

/// [`rectification_notices`] written to `path` (PDF, OFD, or an editable DOCX, one notice a page run);
/// returns the number of notices and the file's size in bytes.
pub fn export_rectification_notices(
    store: &Store,
    case_id: CaseId,
    unit: Option<&str>,
    file: super::print::FileType,
    path: &std::path::Path,
) -> Result<(usize, u64)> {
    use crate::print::layout::Gbt9704;
    let case: ReviewCase = super::require_record(store, case_id.0)?;
    let docs = rectification_notices(store, &case, unit)?;
    let spec = Gbt9704::default();
    let bytes = if file == super::print::FileType::Docx {
        crate::print::docx::write_all(&docs, &spec)?
    } else {
        let book = super::print::font_book(store)?;
        let mut pages = Vec::new();
        for d in &docs {
            pages.append(&mut crate::print::document::layout(&book, &spec, d)?.pages);
        }
        let sheet = crate::print::layout::Sheet {
            meta: crate::print::layout::Meta {
                title: format!("{}整改通知", case.title),
                subject: format!("{} 份", docs.len()),
                ..docs[0].meta.clone()
            },
            pages,
        };
        super::print::sheet_bytes(&book, &sheet, file == super::print::FileType::Ofd)?
    };
    crate::files::write_file(path, &bytes)?;
    Ok((docs.len(), bytes.len() as u64))
}

/// A notice goes out with the results: a round not yet published (已通报结果) has no rank to tell nor a day to
/// sign it on.
fn notices_ready(case: &ReviewCase) -> Result<()> {
    round(case)?;
    if case.results_published() {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "评查 {} 尚未通报结果：请先将状态变更为“已通报结果”，再导出整改通知",
            case.reg_no
        )))
    }
}

/// What a shell needs before its save dialog opens: the round, the one unit (by id) if any, and the name the
/// file is saved under (2026年度行政执法案卷评查整改通知（区农业农村局）.pdf) — refused at once for a round not
/// yet published or a unit that does not exist.
pub fn notices_target(
    store: &Store,
    case_key: &str,
    unit: Option<&str>,
    file: super::print::FileType,
) -> Result<(CaseId, Option<String>, String)> {
    let case = super::find_case(store, case_key)?;
    notices_ready(&case)?;
    let unit = unit.map(|u| super::find_unit(store, u)).transpose()?;
    let name = format!(
        "{}整改通知{}.{}",
        case.title,
        unit.as_ref()
            .map(|u| format!("（{}）", u.name))
            .unwrap_or_default(),
        file.extension()
    );
    Ok((case.id, unit.map(|u| u.id.to_string()), name))
}
