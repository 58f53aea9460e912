//! Registering, editing and advancing review cases, and the review clock (pause, resume, extend).

use chrono::{Datelike, NaiveDate};

use super::{event_date, find_person, find_unit, not_after, require, Saved};
use crate::error::{Error, Result};
use crate::ids::{CaseId, ClockEventId, PersonId};
use crate::model::case::field_spec;
use crate::model::rule::{RuleCode, RulePurpose, StartEvent};
use crate::model::validate::{self, fmt_date};
use crate::model::{
    check_transition, CaseDetails, CaseKind, ClockEvent, ClockEventKind, FieldType, Person, RegNo,
    ReviewCase, Status,
};
pub use crate::store::{CaseFilter, CasePage, CaseRow, CaseSort};
use crate::store::{Store, Tx};

/// Field values as typed: `(field code, raw text)`. References (unit, people) may be names.
pub type Fields = [(String, String)];

/// Turns names in reference fields into ids; other fields pass through.
fn resolve_refs(store: &Store, fields: &Fields) -> Result<Vec<(String, String)>> {
    fields
        .iter()
        .map(|(code, raw)| {
            let spec = field_spec(code)?;
            let value = match spec.ty {
                FieldType::UnitRef => find_unit(store, raw)?.id.to_string(),
                FieldType::PersonRef if !raw.trim().is_empty() => {
                    find_person(store, raw)?.id.to_string()
                }
                FieldType::PersonList => ids_of(raw, |s| find_person(store, s).map(|p| p.id.0))?,
                FieldType::UnitList => ids_of(raw, |s| find_unit(store, s).map(|u| u.id.0))?,
                FieldType::Listed(list) => {
                    super::choices::resolve_choice(store, list, raw)?.unwrap_or_default()
                }
                _ => raw.clone(),
            };
            Ok((spec.code.to_string(), value))
        })
        .collect()
}

/// Names typed in a list (`周志强、吴敏`) as the ids the record keeps, comma-separated.
fn ids_of(raw: &str, find: impl Fn(&str) -> Result<uuid::Uuid>) -> Result<String> {
    Ok(raw
        .split([',', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| find(s).map(|id| id.to_string()))
        .collect::<Result<Vec<_>>>()?
        .join(","))
}

fn check_people(tx: &Tx<'_>, case: &ReviewCase) -> Result<()> {
    require::<crate::model::Unit>(tx, case.unit_id.0)?;
    if let CaseDetails::Proposal(p) = &case.details {
        for u in &p.co_unit_ids {
            require::<crate::model::Unit>(tx, u.0)?;
        }
    }
    if let Some(a) = case.assignee_id {
        require::<Person>(tx, a.0)?;
    }
    for a in &case.advisor_ids {
        let p: Person = require(tx, a.0)?;
        if p.advisor.is_none() {
            return Err(Error::invalid(
                "法律顾问",
                format!("{} 不是登记在册的法律顾问", p.name),
            ));
        }
    }
    Ok(())
}

/// The office cannot have received a case, or its complete materials, after today: such a date (a typo for
/// 2029, or 2099) would put the case's clock in the future, where no status change can be dated. Checked
/// against this laptop's today when the date is typed; a date already stored is left alone by other edits.
fn not_after_today(case: &ReviewCase, before: Option<&ReviewCase>, today: NaiveDate) -> Result<()> {
    if before.is_none_or(|b| b.received != case.received) {
        not_after(
            crate::model::case::field_label("received", case.kind()),
            case.received,
            today,
        )?;
    }
    if let Some(d) = case.materials_complete {
        if before.is_none_or(|b| b.materials_complete != Some(d)) {
            not_after("材料齐全日期", d, today)?;
        }
    }
    Ok(())
}

/// A registration number typed by hand (a paper register's number carried over), and whether it may skip
/// ahead of its year's sequence.
#[derive(Debug, Clone, Copy)]
pub struct ManualRegNo<'a> {
    pub reg_no: &'a str,
    pub allow_gap: bool,
}

/// How far a typed number may run ahead of its year's next number without `allow_gap`: further, it is more
/// likely a slip (2026-9999 for 2026-099) that would move every later automatic number (to 2026-10000 on).
pub const MAX_REG_GAP: u32 = 100;

/// Registers a case. It gets the next `YYYY-NNN` of its year of receipt unless `manual` names a free one.
pub fn register_case(
    store: &mut Store,
    kind: CaseKind,
    fields: &Fields,
    manual: Option<ManualRegNo<'_>>,
) -> Result<ReviewCase> {
    let fields = resolve_refs(store, fields)?;
    let today = store.clock().today();
    let mut case = ReviewCase::registered(
        CaseId::new(store.clock()),
        kind,
        RegNo {
            year: today.year(),
            serial: 1,
        },
        today,
        crate::ids::UnitId(uuid::Uuid::nil()),
    );
    let mut has_unit = false;
    for (code, value) in &fields {
        has_unit |= code == "unit";
        case.set_field(code, value)?;
    }
    if case.title.is_empty() {
        return Err(Error::invalid(
            crate::model::case::field_label("title", kind),
            "不能为空",
        ));
    }
    if !has_unit {
        return Err(Error::invalid(
            crate::model::case::field_label("unit", kind),
            "不能为空",
        ));
    }
    not_after_today(&case, None, today)?;
    let allow_gap = manual.is_some_and(|m| m.allow_gap);
    let manual = manual.map(|m| RegNo::parse(m.reg_no)).transpose()?;
    store.write("case.register", |tx| {
        case.reg_no = match manual {
            Some(no) => {
                if tx.case_with_reg_no(no)?.is_some() {
                    return Err(Error::Duplicate(format!("登记编号 {no} 已被使用")));
                }
                // (A year whose numbers are used up has no next one; the number is then refused as taken
                // or out of range anyway.)
                if let Ok(next) = tx.next_reg_serial(no.year) {
                    if !allow_gap && no.serial > next + MAX_REG_GAP {
                        let next = RegNo {
                            year: no.year,
                            serial: next,
                        };
                        return Err(Error::invalid(
                            "登记编号",
                            format!(
                                "{no} 比本年下一个编号 {next} 多出 {} 号，此后的自动编号将从 {} 号起；请核对是否输错，如确是纸质登记簿上的编号，请加 --allow-gap",
                                no.serial - next.serial,
                                no.serial + 1
                            ),
                        ));
                    }
                }
                no
            }
            None => RegNo {
                year: case.received.year(),
                serial: tx.next_reg_serial(case.received.year())?,
            },
        };
        case.validate()?;
        check_people(tx, &case)?;
        tx.put(
            &case,
            &format!(
                "登记{}案件 {}：{}",
                case.kind().short_label(),
                case.reg_no,
                case.title
            ),
        )?;
        Ok(())
    })?;
    Ok(case)
}

/// Changes fields of a case. Refused, with nothing written, if any value is invalid or nothing changes.
pub fn edit_case(store: &mut Store, id: CaseId, fields: &Fields) -> Result<Saved<ReviewCase>> {
    if fields.is_empty() {
        return Err(Error::invalid("修改", "没有指定要修改的字段"));
    }
    let fields = resolve_refs(store, fields)?;
    store
        .write("case.edit", |tx| {
            let before: ReviewCase = require(tx, id.0)?;
            let mut case = before.clone();
            for (code, value) in &fields {
                case.set_field(code, value)?;
            }
            if case.reg_no.year != case.received.year() {
                return Err(Error::invalid(
                    "收文日期",
                    format!(
                        "登记编号 {} 属于 {} 年，收文日期不能改到其他年份",
                        case.reg_no, case.reg_no.year
                    ),
                ));
            }
            case.validate()?;
            check_people(tx, &case)?;
            not_after_today(&case, Some(&before), tx.clock().today())?;
            if case == before {
                return Err(Error::Refused("内容没有变化，未保存".into()));
            }
            // The review period counts from the day materials were complete: clearing it under review would
            // silently drop the running deadline. Waiting for materials is the pause (补正), not a blank date.
            let under_review = before.status.clock_running() || before.status == Status::AwaitingMaterials;
            if under_review && before.materials_complete.is_some() && case.materials_complete.is_none() {
                return Err(Error::invalid(
                    "材料齐全日期",
                    format!(
                        "案件处于「{}」，审查期限由材料齐全日期起算，不能清除；如需补正材料，请使用「暂停计时（待补正）」",
                        before.status.label()
                    ),
                ));
            }
            // A round's score items may change only while every file scored on them still fits the new ones.
            if let (CaseDetails::FileInspection(old), CaseDetails::FileInspection(new)) =
                (&before.details, &case.details)
            {
                if old.score_items != new.score_items {
                    // The 通报 has the scores on those items.
                    if before.results_published() {
                        return Err(Error::invalid(
                            "评分项目及分值",
                            "评查结果已通报，评分项目及分值不能再改",
                        ));
                    }
                    let table = new.score_table();
                    for f in tx.inspected_files_of(id)? {
                        f.check_against(&table).map_err(|e| {
                            Error::invalid(
                                "评分项目及分值",
                                format!("已评查的案卷 {} 不符合新的评分项目（{e}）：请先删除或重新评分", f.file_no),
                            )
                        })?;
                    }
                }
            }
            // A plan's tasks keep its year (their own check needs it): the year stays while it has tasks.
            if let (CaseDetails::TaskPlan(old), CaseDetails::TaskPlan(new)) =
                (&before.details, &case.details)
            {
                let (was, is) = (old.year_or(before.received), new.year_or(case.received));
                if was != is && !tx.key_tasks_of(id)?.is_empty() {
                    return Err(Error::invalid(
                        "计划年度",
                        format!("计划已有{was}年度的任务，计划年度不能改为{is}年"),
                    ));
                }
            }
            let labels: Vec<&str> = fields
                .iter()
                .filter_map(|(c, _)| field_spec(c).ok().map(|s| s.label_for(case.kind())))
                .collect();
            tx.put(
                &case,
                &format!("修改{}：{}", case.reg_no, labels.join("、")),
            )?;
            Ok(case)
        })
        .map(Saved::from)
}

/// A status change with what the target status needs.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Advance {
    pub note: Option<String>,
    /// The day it happened (defaults to today): starts or pauses the clock.
    pub on: Option<String>,
    /// For `opinion_issued`: the conclusion, if not already set.
    pub outcome: Option<String>,
    /// For `reconsideration_decided`: the reconsideration body's decision (复议决定), if not already set.
    pub decision: Option<String>,
}

/// A lawsuit's judgment or ruling as the clerk has it in hand (行政应诉 裁判): the day, the result (a code or its
/// label, 驳回诉讼请求), whether the government lost, and the day it was served (the appeal period runs from it).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JudgmentInput {
    pub on: Option<String>,
    pub result: String,
    pub lost: Option<bool>,
    pub served_on: Option<String>,
}

/// Records a judgment: the step 已判决 on its day and the facts that go with it, together or not at all (a result
/// that contradicts the loss, a service before the judgment, a case not at trial: nothing changes).
pub fn record_judgment(
    store: &mut Store,
    id: CaseId,
    input: &JudgmentInput,
) -> Result<Saved<ReviewCase>> {
    let case: ReviewCase = super::require_record(store, id.0)?;
    if case.kind() != crate::model::CaseKind::Litigation {
        return Err(Error::Refused(format!(
            "案件 {} 是{}，不是行政应诉，没有裁判结果",
            case.reg_no,
            case.kind().label()
        )));
    }
    if input.result.trim().is_empty() {
        return Err(Error::invalid(
            "裁判结果",
            "请填写裁判结果，如 驳回诉讼请求",
        ));
    }
    let result = crate::model::case::JudgmentResult::parse(input.result.trim())?;
    // Lost unless said otherwise when the result is one the government loses (撤销, 确认违法, 责令履行, 变更).
    let lost = input.lost.unwrap_or(result.government_lost());
    let mut fields: Vec<(String, String)> = vec![
        ("judgment_result".into(), result.code().into()),
        ("lost".into(), if lost { "是" } else { "否" }.into()),
    ];
    // The day given is the judgment's, also when one was recorded before (a judgment after an appeal).
    if let Some(on) = &input.on {
        fields.push(("judgment_on".into(), on.clone()));
    }
    if let Some(served) = &input.served_on {
        fields.push(("judgment_served_on".into(), served.clone()));
    }
    let step = Advance {
        on: input.on.clone(),
        ..Default::default()
    };
    store.batch(|s| {
        advance_case(s, id, Status::Judged, &step)?;
        edit_case(s, id, &fields)
    })
}

/// Moves a case to `to` if the transition table allows it for the case's kind and the case has what the new
/// status requires. Entering or leaving 待补正 while the clock runs records the pause or resume.
pub fn advance_case(
    store: &mut Store,
    id: CaseId,
    to: Status,
    input: &Advance,
) -> Result<Saved<ReviewCase>> {
    let today = store.clock().today();
    let on = event_date(today, "日期", input.on.as_deref())?;
    let note = input
        .note
        .as_deref()
        .map(|n| validate::optional_text("备注", n, 500))
        .transpose()?
        .flatten();
    store
        .write("case.advance", |tx| {
            let mut case: ReviewCase = require(tx, id.0)?;
            let from = case.status;
            check_transition(case.kind(), from, to)?;
            if on < case.received {
                let received = crate::model::case::field_label("received", case.kind());
                return Err(Error::invalid(
                    "日期",
                    format!(
                        "{} 早于{received} {}",
                        fmt_date(on),
                        fmt_date(case.received)
                    ),
                ));
            }
            if let Some(o) = &input.outcome {
                case.set_field("outcome", o)?;
            }
            if let Some(d) = input.decision.as_deref().filter(|d| !d.trim().is_empty()) {
                case.set_field("decision", d)?;
            }
            let events = tx.clock_events_of(id)?;
            let paused = events
                .iter()
                .rev()
                .find(|e| e.kind != ClockEventKind::Extension)
                .is_some_and(|e| e.kind == ClockEventKind::Pause);
            let mut clock_event = None;
            match to {
                Status::InReview if from == Status::AwaitingMaterials && paused => {
                    clock_event = Some(new_event(
                        tx,
                        id,
                        ClockEventKind::Resume,
                        on,
                        note.clone(),
                        &events,
                    )?);
                }
                Status::InReview if case.materials_complete.is_none() => {
                    case.materials_complete = Some(on)
                }
                Status::AwaitingMaterials if from.clock_running() => {
                    let reason = note
                        .clone()
                        .ok_or_else(|| Error::invalid("补正原因", "暂停计时须写明需补正的材料"))?;
                    clock_event = Some(new_event(
                        tx,
                        id,
                        ClockEventKind::Pause,
                        on,
                        Some(reason),
                        &events,
                    )?);
                }
                Status::AdvisorConsulted if case.advisor_ids.is_empty() => {
                    return Err(Error::Refused(
                        "征求法律顾问意见前，请先在案件中指定法律顾问".into(),
                    ));
                }
                Status::OpinionIssued => {
                    match case.kind() {
                        CaseKind::Advice if case.conclusion.is_none() => {
                            return Err(Error::Refused("出具意见前，请先填写意见摘要".into()))
                        }
                        CaseKind::Advice => {}
                        _ if case.outcome.is_none() => {
                            let allowed: Vec<&str> =
                                case.kind().outcomes().iter().map(|o| o.label()).collect();
                            return Err(Error::Refused(format!(
                                "出具意见前，请先选定审查结论（{}）",
                                allowed.join("、")
                            )));
                        }
                        _ => {}
                    }
                    // The opinion is its signed letter; where there truly is none (an opinion given at a
                    // meeting), the reason is written down instead and kept with the change.
                    if !has_signed_letter(&tx.letters_of(id)?) && note.is_none() {
                        return Err(Error::Refused(NO_SIGNED_LETTER.into()));
                    }
                }
                Status::Published => match &mut case.details {
                    CaseDetails::NormativeDoc(d) => {
                        if d.doc_no.is_none() {
                            return Err(Error::Refused("发文前，请先填写文号".into()));
                        }
                        d.published_on.get_or_insert(on);
                    }
                    CaseDetails::MajorDecision(d) => {
                        d.published_on.get_or_insert(on);
                    }
                    _ => {}
                },
                Status::Filed if !tx.filings_of(id)?.iter().any(|f| f.submitted_on.is_some()) => {
                    return Err(Error::Refused(
                        "登记为已备案前，请先录入备案记录的报送日期".into(),
                    ));
                }
                Status::InForce => {
                    if let CaseDetails::NormativeDoc(d) = &case.details {
                        if d.effective_on.is_none() {
                            return Err(Error::Refused("登记为有效前，请先填写施行日期".into()));
                        }
                    }
                }
                Status::CleanedUp => {
                    if let CaseDetails::NormativeDoc(d) = &case.details {
                        if d.cleanup.is_none() {
                            return Err(Error::Refused(
                                "登记为已清理前，请先选定清理结果（继续有效/修改/废止/宣布失效）"
                                    .into(),
                            ));
                        }
                    }
                }
                Status::Returned | Status::Withdrawn | Status::NotIssued if note.is_none() => {
                    return Err(Error::invalid(
                        "备注",
                        format!("「{}」须写明原因", to.label()),
                    ));
                }
                _ => {}
            }
            if to == Status::OpinionIssued {
                case.opinion_on = Some(on);
            }
            case.record_step(to, on, note.as_deref())?;
            case.status = to;
            case.validate()?;
            if let Some(ev) = &clock_event {
                ev.validate()?;
                tx.put(ev, &format!("{}：{}", ev.kind.label(), fmt_date(ev.on)))?;
            }
            let mut msg = format!("状态：{} → {}", from.label(), to.label());
            if let Some(n) = &note {
                msg.push_str(&format!("（{n}）"));
            }
            tx.put(&case, &msg)?;
            Ok(case)
        })
        .map(Saved::from)
}

fn new_event(
    tx: &Tx<'_>,
    case_id: CaseId,
    kind: ClockEventKind,
    on: NaiveDate,
    reason: Option<String>,
    existing: &[ClockEvent],
) -> Result<ClockEvent> {
    if let Some(last) = existing.iter().map(|e| e.on).max() {
        if on < last {
            return Err(Error::invalid(
                "日期",
                format!("{} 早于上一次计时事件（{}）", fmt_date(on), fmt_date(last)),
            ));
        }
    }
    Ok(ClockEvent {
        id: ClockEventId::new(tx.clock()),
        case_id,
        kind,
        on,
        reason,
        days: None,
        approver_id: None,
    })
}

/// 暂停计时: the case waits for supplementary materials (补正).
pub fn pause_case(
    store: &mut Store,
    id: CaseId,
    reason: &str,
    on: Option<String>,
) -> Result<Saved<ReviewCase>> {
    let case: ReviewCase = store
        .get(id.0)?
        .ok_or_else(|| Error::not_found("案件", id))?;
    if !case.status.clock_running() {
        return Err(Error::Refused(format!(
            "案件处于「{}」，审查计时未在进行，不能暂停",
            case.status.label()
        )));
    }
    advance_case(
        store,
        id,
        Status::AwaitingMaterials,
        &Advance {
            note: Some(reason.to_string()),
            on,
            ..Default::default()
        },
    )
}

/// 恢复计时: materials are complete again.
pub fn resume_case(
    store: &mut Store,
    id: CaseId,
    note: Option<String>,
    on: Option<String>,
) -> Result<Saved<ReviewCase>> {
    let case: ReviewCase = store
        .get(id.0)?
        .ok_or_else(|| Error::not_found("案件", id))?;
    // Only a case waiting for materials has a paused clock to restart; moving any other case back to 审查中
    // this way would undo its progress under the name of 恢复计时.
    if case.status != Status::AwaitingMaterials {
        return Err(Error::Refused(format!(
            "案件处于「{}」，审查计时未暂停，不能恢复；只有「{}」的案件可以恢复计时",
            case.status.label(),
            Status::AwaitingMaterials.label()
        )));
    }
    advance_case(
        store,
        id,
        Status::InReview,
        &Advance {
            note,
            on,
            ..Default::default()
        },
    )
}

/// 延期: adds working days to the review period, with reason and approver.
pub fn extend_case(
    store: &mut Store,
    id: CaseId,
    days: i64,
    reason: &str,
    approver: &str,
    on: Option<String>,
) -> Result<Saved<ClockEvent>> {
    let approver = find_person(store, approver)?;
    if !approver.can_approve() {
        return Err(Error::invalid(
            "批准人",
            format!(
                "{}（{}）无权批准延期，须由科室负责人或分管领导批准",
                approver.name,
                approver.role.label()
            ),
        ));
    }
    if days < 1 || days > i64::from(crate::model::records::MAX_EXTENSION_DAYS) {
        return Err(Error::invalid(
            "延期天数",
            format!(
                "应为 1—{} 个工作日",
                crate::model::records::MAX_EXTENSION_DAYS
            ),
        ));
    }
    let on = event_date(store.clock().today(), "日期", on.as_deref())?;
    let reason = validate::required_text("延期理由", reason, 500)?;
    let rules = store.rule_book()?;
    store
        .write("case.extend", |tx| {
            let case: ReviewCase = require(tx, id.0)?;
            // Only a running (or paused) review clock can be extended: not a case done with, nor one whose
            // review has not started.
            let clock_on = case.status.clock_running() || case.status == Status::AwaitingMaterials;
            if !case.kind().is_review() || !case.status.allows_extension() || !clock_on {
                return Err(Error::Refused(format!(
                    "案件处于「{}」，审查计时未在进行，不能延期",
                    case.status.label()
                )));
            }
            // The rule's extension is the most a case may get, across all its extensions.
            let review = RuleCode::ALL.iter().copied().find(|c| {
                let shape = c.shape();
                shape.kind == case.kind()
                    && shape.start == StartEvent::MaterialsComplete
                    && shape.purpose == RulePurpose::Deadline
            });
            let (limit, whose) = match review.and_then(|c| rules.get(c)) {
                Some((rule, _)) => (
                    rule.extension
                        .unwrap_or(crate::model::records::MAX_EXTENSION_DAYS),
                    rule.code.label(),
                ),
                None => (crate::model::records::MAX_EXTENSION_DAYS, "延期上限"),
            };
            let granted: i64 = tx
                .clock_events_of(id)?
                .iter()
                .filter(|e| e.kind == ClockEventKind::Extension)
                .filter_map(|e| e.days)
                .map(i64::from)
                .sum();
            if granted + days > i64::from(limit) {
                return Err(Error::invalid(
                    "延期天数",
                    format!(
                        "本案已延期 {granted} 个工作日，{whose}最多可延长 {limit} 个工作日，还可延长 {} 个工作日",
                        (i64::from(limit) - granted).max(0)
                    ),
                ));
            }
            let mut ev = new_event(
                tx,
                id,
                ClockEventKind::Extension,
                on,
                Some(reason.clone()),
                &tx.clock_events_of(id)?,
            )?;
            ev.days = Some(days as u32);
            ev.approver_id = Some(PersonId(approver.id.0));
            ev.validate()?;
            tx.put(
                &ev,
                &format!(
                    "{} 延期 {} 个工作日（{}，批准人：{}）",
                    case.reg_no, days, reason, approver.name
                ),
            )?;
            Ok(ev)
        })
        .map(Saved::from)
}

/// A field of a case as shown: code, Chinese label and display text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldView {
    pub code: &'static str,
    pub label: &'static str,
    pub value: String,
    /// The value as the edit form holds it (ids for references); [`edit_case`] reads it back unchanged.
    pub raw: String,
}

/// A status change the case page offers, with what its confirmation must ask for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StatusAction {
    pub to: Status,
    pub label: &'static str,
    /// 退回, 撤回, 不予制定: shown apart from the ordinary next step.
    pub side_exit: bool,
    /// Entering 待补正 while the clock runs pauses it, and the reason (the missing materials) is required.
    pub pauses_clock: bool,
    /// Issuing the opinion needs the conclusion (审查结论), which the case does not have yet.
    pub needs_outcome: bool,
    /// Issuing the opinion of a case with no signed letter needs the reason there is none.
    pub needs_reason: bool,
    /// The step must say why (退回, 撤回, 不予制定, 不批准移送): what its note is called.
    pub reason_label: Option<&'static str>,
    /// Recording the reconsideration body's decision needs the decision, which the case does not have yet.
    pub needs_decision: bool,
}

/// Why a case cannot be marked 已出具意见 yet.
const NO_SIGNED_LETTER: &str =
    "该案件还没有已签发的意见书：请先签发意见书；确实不出具书面意见书的，请在备注中写明原因";

/// Whether one of `letters` has been signed (or sent).
fn has_signed_letter(letters: &[crate::model::OpinionLetter]) -> bool {
    letters
        .iter()
        .any(|l| l.status != crate::model::LetterStatus::Draft)
}

fn status_actions(case: &ReviewCase, signed_letter: bool) -> Vec<StatusAction> {
    crate::model::next_statuses(case.kind(), case.status)
        .into_iter()
        .map(|to| StatusAction {
            to,
            label: to.label(),
            side_exit: to.is_side_exit(),
            pauses_clock: to == Status::AwaitingMaterials && case.status.clock_running(),
            needs_reason: to == Status::OpinionIssued && !signed_letter,
            needs_outcome: to == Status::OpinionIssued
                && case.kind() != CaseKind::Advice
                && case.outcome.is_none(),
            needs_decision: to == Status::ReconsiderationDecided
                && matches!(&case.details, CaseDetails::Reconsideration(r) if r.decision.is_none()),
            reason_label: match to {
                Status::Returned => Some("退回原因（必填）"),
                Status::Withdrawn => Some("撤回原因（必填）"),
                Status::NotIssued => Some("不予制定的原因（必填）"),
                Status::TransferRefused => Some("不批准移送的理由（必填，记录在案）"),
                _ => None,
            },
        })
        .collect()
}

/// Everything the case page shows, in one read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CaseView {
    pub id: String,
    pub reg_no: String,
    pub kind: CaseKind,
    pub kind_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    pub title: String,
    pub unit: Option<crate::model::Unit>,
    pub assignee: Option<Person>,
    pub advisors: Vec<Person>,
    /// Every field that has a value, in form order, with references shown by name.
    pub fields: Vec<FieldView>,
    /// The status changes the transition table allows next, in table order.
    pub actions: Vec<StatusAction>,
    /// The review period may still be extended.
    pub can_extend: bool,
    /// A matter the office reviews, with a review clock (not a register of its own such as 行政应诉).
    pub reviewed: bool,
    pub case: ReviewCase,
    pub letters: Vec<crate::model::OpinionLetter>,
    pub filings: Vec<super::records::FilingView>,
    pub clock_events: Vec<ClockEvent>,
    pub attachments: Vec<super::records::AttachmentView>,
    /// A lawsuit's hearings, by date (none for other kinds).
    pub hearings: Vec<crate::model::Hearing>,
    /// A 案卷评查 round's score items, files and results by unit (none for other kinds).
    pub inspection: Option<super::inspection::RoundResults>,
    /// A 重点工作 plan's tasks and where they stand (none for other kinds).
    pub plan: Option<super::tasks::PlanView>,
    pub history: Vec<crate::actions::history::HistoryEntry>,
    /// The case's deadlines with their rules, and the dates that moved.
    pub deadlines: super::deadlines::CaseDeadlines,
    /// A normative document's validity, a property of the document apart from the stage of its case.
    pub validity: Option<Validity>,
    /// Sync conflicts on the case or its records, waiting for a person.
    pub conflicts: Vec<crate::sync::ConflictInfo>,
}

/// Whether a normative document is in force: 有效 until its expiry, 即将届满 once its evaluation is due, 已届满
/// past it while not yet cleaned up, 已清理 after — what the document is, not what the office is doing with it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Validity {
    /// `not_yet`, `in_force`, `expiring`, `expired` or `cleaned_up`.
    pub state: &'static str,
    /// 尚未施行 / 有效 / 即将届满 / 已届满 / 已清理.
    pub state_label: &'static str,
    /// The expiry, if known.
    pub until: Option<chrono::NaiveDate>,
    /// After the label: "至2031年1月10日（还有1496天）", "届满于2026年9月1日（已97天），待清理".
    pub text: String,
}

fn validity(
    case: &ReviewCase,
    deadlines: &super::deadlines::CaseDeadlines,
    today: chrono::NaiveDate,
) -> Option<Validity> {
    use crate::model::rule::RulePurpose;
    use crate::model::validate::fmt_date;
    if case.kind() != CaseKind::NormativeDoc {
        return None;
    }
    let due_of = |purpose| {
        deadlines
            .deadlines
            .iter()
            .find(|d| d.deadline.purpose == purpose)
            .and_then(|d| d.deadline.due)
    };
    let until = due_of(RulePurpose::Expiry);
    if case.status == Status::CleanedUp {
        return Some(Validity {
            state: "cleaned_up",
            state_label: "已清理",
            until,
            text: "不再作为行政管理的依据".into(),
        });
    }
    let until = until?;
    let effective = match &case.details {
        crate::model::CaseDetails::NormativeDoc(n) => n.effective_on,
        _ => None,
    };
    if let Some(from) = effective.filter(|&d| d > today) {
        return Some(Validity {
            state: "not_yet",
            state_label: "尚未施行",
            until: Some(until),
            text: format!("自{}起施行，有效期至{}", fmt_date(from), fmt_date(until)),
        });
    }
    let left = (until - today).num_days();
    let evaluate_from = due_of(RulePurpose::Reminder);
    let (state, state_label, text) = if left < 0 {
        (
            "expired",
            "已届满",
            format!("届满于{}（已{}天），待清理", fmt_date(until), -left),
        )
    } else if evaluate_from.is_some_and(|d| d <= today) {
        (
            "expiring",
            "即将届满",
            format!("至{}（还有{left}天），应作届满前评估", fmt_date(until)),
        )
    } else {
        (
            "in_force",
            "有效",
            format!("至{}（还有{left}天）", fmt_date(until)),
        )
    };
    Some(Validity {
        state,
        state_label,
        until: Some(until),
        text,
    })
}

pub fn case_view(store: &Store, case: ReviewCase) -> Result<CaseView> {
    let deadlines = super::deadlines::case_deadlines(store, case.id.0)?;
    let letters = store.letters_of_case(case.id)?;
    let unit: Option<crate::model::Unit> = store.get(case.unit_id.0)?;
    let assignee: Option<Person> = case
        .assignee_id
        .map(|a| store.get(a.0))
        .transpose()?
        .flatten();
    let advisors: Vec<Person> = case
        .advisor_ids
        .iter()
        .map(|a| store.get(a.0))
        .collect::<Result<Vec<Option<Person>>>>()?
        .into_iter()
        .flatten()
        .collect();
    let co_units = super::co_unit_names(store, &case)?;
    let fields = crate::model::CASE_FIELDS
        .iter()
        .filter(|f| f.applies_to(case.kind()))
        .filter_map(|f| {
            let raw = case.field_text(f.code)?;
            let value = match f.ty {
                FieldType::UnitRef => unit.as_ref().map(|u| u.name.clone()),
                FieldType::PersonRef => assignee.as_ref().map(|p| p.name.clone()),
                FieldType::PersonList => (!advisors.is_empty()).then(|| {
                    advisors
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                }),
                FieldType::UnitList => (!co_units.is_empty()).then(|| co_units.join("、")),
                _ => Some(raw.clone()),
            }?;
            Some(FieldView {
                code: f.code,
                label: f.label_for(case.kind()),
                value,
                raw,
            })
        })
        .collect();
    Ok(CaseView {
        id: case.id.to_string(),
        reg_no: case.reg_no.to_string(),
        kind: case.kind(),
        kind_label: case.kind().label(),
        status: case.status,
        status_label: case.status.label(),
        title: case.title.clone(),
        actions: status_actions(&case, has_signed_letter(&letters)),
        can_extend: case.kind().is_review() && case.status.allows_extension(),
        reviewed: case.kind().is_review(),
        letters,
        // Each filing's due date is its channel's deadline, among those just read.
        filings: store
            .filings_of_case(case.id)?
            .into_iter()
            .map(|f| {
                let due = deadlines.deadlines.iter().map(|d| &d.deadline);
                super::records::FilingView::new(f, due)
            })
            .collect(),
        clock_events: store.clock_events_of_case(case.id)?,
        attachments: super::records::attachments_of(store, case.id)?,
        hearings: store.hearings_of_case(case.id)?,
        inspection: super::inspection::is_round(&case)
            .then(|| super::inspection::round_results(store, &case))
            .transpose()?,
        plan: super::tasks::plan_view(store, &case)?,
        history: crate::actions::history::history(store, case.id.0)?,
        validity: validity(&case, &deadlines, store.clock().today()),
        deadlines,
        conflicts: store
            .conflicts()?
            .into_iter()
            .filter(|c| c.case_id == Some(case.id.0))
            .collect(),
        unit,
        assignee,
        advisors,
        fields,
        case,
    })
}

/// One page of the register (案件登记簿) under a filter.
pub fn list_cases(
    store: &Store,
    filter: &crate::store::CaseFilter,
) -> Result<crate::store::CasePage> {
    store.list_cases(filter)
}
