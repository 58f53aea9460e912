//! The Chinese words for a record's stored fields and values: the label of a snapshot key (`amount_fen` →
//! 金额) and a stored value as a person reads it (codes as their labels, dates as 2026年3月1日). The
//! history timeline and the sync conflict list both speak through it. Pure.

use serde_json::Value;

use crate::model::case::{Art58Trigger, CleanupResult, FieldType, IssuerForm, CASE_FIELDS};
use crate::model::rule::{PeriodUnit, RuleCode};
use crate::model::{
    CaseKind, ClockEventKind, FilingChannel, FilingResult, LetterKind, LetterNo, LetterStatus,
    Outcome, Role, Status, UnitKind,
};
use crate::revision::EntityKind;

/// Labels of snapshot keys that are not case form fields.
const EXTRA_LABELS: &[(&str, &str)] = &[
    ("status", "状态"),
    ("court_room", "法庭"),
    ("appeared", "出庭人员"),
    ("appeared_names", "出庭人员姓名"),
    ("reg_no", "登记编号"),
    ("name", "名称"),
    ("code", "文号代字"),
    ("kind", "类别"),
    ("role", "角色"),
    ("is_self", "本机关"),
    ("phone", "联系电话"),
    ("advisor", "顾问聘任"),
    ("number", "文号"),
    ("addressee", "主送机关"),
    ("opening", "开头段"),
    ("sections", "正文"),
    ("findings", "审查意见"),
    ("signatory", "签发人"),
    ("cc", "抄送"),
    ("drafted_on", "起草日期"),
    ("issued_on", "送达日期"),
    ("signed_on", "签发日期"),
    ("title", "标题"),
    ("conclusion", "结论"),
    ("note", "备注"),
    ("issuer_unit_id", "发文单位"),
    ("author_id", "起草人"),
    ("channel", "备案渠道"),
    ("due_on", "报备期限"),
    ("submitted_on", "报送日期"),
    ("receipt_no", "回执号"),
    ("result", "备案结果"),
    ("on", "日期"),
    ("reason", "原因"),
    ("days", "天数"),
    ("approver_id", "批准人"),
    ("label", "附件说明"),
    ("size", "大小"),
    ("sha256", "SHA-256 校验值"),
    ("added_on", "添加日期"),
    ("opinion_on", "出具意见日期"),
    ("year", "年份"),
    ("source", "依据"),
    ("urls", "网址"),
    ("holidays", "放假日"),
    ("make_up_workdays", "调休上班日"),
    ("amount", "期限"),
    ("extension", "可延长（工作日）"),
    ("enabled", "启用"),
    ("findings_table", "审查意见列表格"),
    ("lawyers", "承办律师"),
    ("file_no", "案卷编号"),
    ("decision_kind", "案件类型"),
    ("scores", "得分"),
    ("grade", "评查等次"),
    ("problems", "存在问题"),
    ("rectification", "整改要求"),
    ("rectified_on", "整改完成日期"),
];

/// What an audit row's operation code means (`letter.new` → 起草意见书).
const ACTION_LABELS: &[(&str, &str)] = &[
    ("attachment.add", "添加附件"),
    ("backup", "备份数据库"),
    ("bench.fill", "性能测试填充"),
    ("bench.history", "性能测试修订"),
    ("calendar.save", "保存工作日历"),
    ("case.advance", "变更案件状态"),
    ("case.edit", "修改案件"),
    ("case.extend", "延长审查期限"),
    ("case.register", "登记案件"),
    ("clause.add", "添加常用审查意见"),
    ("clause.retire", "停用常用审查意见"),
    ("filing.add", "添加备案记录"),
    ("filing.edit", "修改备案记录"),
    ("hearing.add", "记录庭审"),
    ("hearing.delete", "删除庭审记录"),
    ("inspected_file.add", "添加评查案卷"),
    ("inspected_file.delete", "删除评查案卷"),
    ("inspected_file.edit", "修改评查案卷"),
    ("key_task.add", "添加重点工作任务"),
    ("key_task.delete", "删除重点工作任务"),
    ("key_task.edit", "修改重点工作任务"),
    ("key_task.import", "导入重点工作任务"),
    ("task_progress.add", "登记工作进展"),
    ("choice.set", "修改选项列表"),
    ("letter.delete", "删除意见书草稿"),
    ("letter.edit", "修改意见书"),
    ("letter.issue", "送达意见书"),
    ("letter.new", "起草意见书"),
    ("letter.sign", "签发意见书"),
    ("person.add", "添加人员"),
    ("restore", "从备份恢复"),
    ("rule.set", "修改期限规则"),
    ("seed.reference", "载入参考数据"),
    ("sync.import", "导入同步文件"),
    ("sync.renumber", "同步后重新编号"),
    ("sync.resolve", "处理同步冲突"),
    ("unit.add", "添加单位"),
];

/// The Chinese name of an audit row's operation; a setting by its own name (`settings.device_name` → 修改设置).
pub fn action_label(code: &str) -> String {
    if let Some((_, l)) = ACTION_LABELS.iter().find(|(c, _)| *c == code) {
        return l.to_string();
    }
    if code.starts_with("settings.") {
        return "修改设置".to_string();
    }
    format!("其他操作（{code}）")
}

/// The label of a field path as sync conflicts name it (`title`, `details.amount_fen`; `*` is the whole record),
/// in the words of the record's kind (`snapshot`: a case's unit is 被告 on a lawsuit).
pub fn field_label(entity: EntityKind, path: &str, snapshot: Option<&Value>) -> String {
    match path {
        "*" => "全部内容".to_string(),
        _ => label(entity, path.rsplit('.').next().unwrap_or(path), snapshot),
    }
}

/// A field's value as a person reads it (`None` for empty).
pub fn field_display(entity: EntityKind, path: &str, v: &Value) -> Option<String> {
    display(entity, path.rsplit('.').next().unwrap_or(path), v)
}

/// The label of a top-level (or `details.*`) snapshot key; a case's in the words of its kind, read from
/// `snapshot` when given.
pub fn label(entity: EntityKind, key: &str, snapshot: Option<&Value>) -> String {
    let extra = EXTRA_LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| l.to_string());
    if entity == EntityKind::DeadlineRule && key == "unit" {
        return "期限单位".to_string();
    }
    if let Some(l) = own_label(entity, key) {
        return l.to_string();
    }
    if entity != EntityKind::Case {
        return extra.unwrap_or_else(|| key.to_string());
    }
    let field = match key {
        "unit_id" => "unit",
        "assignee_id" => "assignee",
        "advisor_ids" => "advisors",
        "co_unit_ids" => "co_units",
        "amount_fen" => "amount",
        other => other,
    };
    let kind = snapshot.and_then(CaseKind::of_snapshot);
    CASE_FIELDS
        .iter()
        .find(|f| f.code == field)
        .map(|f| kind.map_or(f.label, |k| f.label_for(k)))
        .map(str::to_string)
        .or(extra)
        .unwrap_or_else(|| key.to_string())
}

/// Labels of keys a record kind uses in a sense of its own (a task's `due`, a list entry's `code`).
fn own_label(entity: EntityKind, key: &str) -> Option<&'static str> {
    Some(match (entity, key) {
        (EntityKind::KeyTask, "no") => "序号",
        (EntityKind::KeyTask, "part") => "所属部分",
        (EntityKind::KeyTask, "title") => "工作任务",
        (EntityKind::KeyTask, "lead_unit_id") => "牵头部门",
        (EntityKind::KeyTask, "unit_ids") => "责任单位",
        (EntityKind::KeyTask, "due") => "完成时限",
        (EntityKind::KeyTask, "outcome_form") => "成果形式",
        (EntityKind::KeyTask, "status") => "推进情况",
        (EntityKind::KeyTask, "status_reason") => "推进情况说明",
        (EntityKind::KeyTask, "done_on") => "完成日期",
        (EntityKind::KeyTask, "evidence") => "完成佐证",
        (EntityKind::KeyTask, "year") => "计划年度",
        (EntityKind::TaskProgress, "task_id") => "重点工作任务",
        (EntityKind::TaskProgress, "unit_id") => "报送单位",
        (EntityKind::TaskProgress, "text") => "进展情况",
        (EntityKind::TaskProgress, "attachment_id") => "附件",
        (EntityKind::Choice, "list") => "选项列表",
        (EntityKind::Choice, "code") => "代码",
        (EntityKind::Choice, "label") => "名称",
        _ => return None,
    })
}

/// The Chinese label of a stored code, for the keys whose values are coded enums.
fn code_label(entity: EntityKind, key: &str, code: &str) -> Option<&'static str> {
    match (entity, key) {
        (EntityKind::KeyTask, "status") => crate::model::tasks::TaskStatus::parse(code)
            .ok()
            .map(crate::model::tasks::TaskStatus::label),
        (EntityKind::Choice, "list") => crate::model::choice::ChoiceList::parse(code)
            .ok()
            .map(crate::model::choice::ChoiceList::label),
        (EntityKind::KeyTask, "due") => match code {
            "all_year" => Some("全年"),
            "ongoing" => Some("长期坚持"),
            _ => None,
        },
        (EntityKind::Letter, "status") => LetterStatus::parse(code).ok().map(LetterStatus::label),
        (_, "status") => Status::parse(code).ok().map(Status::label),
        (_, "outcome") => Outcome::parse(code).ok().map(Outcome::label),
        (_, "channel") => FilingChannel::parse(code).ok().map(FilingChannel::label),
        (_, "result") => FilingResult::parse(code).ok().map(FilingResult::label),
        (_, "cleanup") => CleanupResult::parse(code).ok().map(CleanupResult::label),
        (_, "issuer_form") => IssuerForm::parse(code).ok().map(IssuerForm::label),
        (EntityKind::InspectedFile, "grade") => crate::model::inspection::FileGrade::parse(code)
            .ok()
            .map(crate::model::inspection::FileGrade::label),
        (EntityKind::Hearing, "appeared") => crate::model::Appearance::parse(code)
            .ok()
            .map(crate::model::Appearance::label),
        (_, "art58_trigger") => Art58Trigger::parse(code).ok().map(Art58Trigger::label),
        (EntityKind::Person, "role") => Role::parse(code).ok().map(Role::label),
        (EntityKind::Unit, "kind") => UnitKind::parse(code).ok().map(UnitKind::label),
        (EntityKind::Case, "kind") => CaseKind::parse(code).ok().map(CaseKind::label),
        (EntityKind::Letter, "kind") => LetterKind::parse(code).ok().map(LetterKind::label),
        (EntityKind::ClockEvent, "kind") => {
            ClockEventKind::parse(code).ok().map(ClockEventKind::label)
        }
        (EntityKind::DeadlineRule, "unit") => PeriodUnit::parse(code).ok().map(PeriodUnit::label),
        (EntityKind::DeadlineRule, "code") => RuleCode::parse(code).ok().map(RuleCode::label),
        // Any other coded field of a case, by its registry line's choices.
        (EntityKind::Case, key) => CASE_FIELDS
            .iter()
            .find(|f| f.code == key && f.ty == FieldType::Choice)
            .and_then(|f| {
                CaseKind::ALL
                    .iter()
                    .flat_map(|&k| f.choices(k))
                    .find(|(c, _)| *c == code)
                    .map(|(_, label)| label)
            }),
        _ => None,
    }
}

/// A stored value as a person reads it (`None` for empty).
pub fn display(entity: EntityKind, key: &str, v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(match code_label(entity, key, s) {
            Some(l) => l.to_string(),
            None => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(d) => crate::model::validate::fmt_date(d),
                Err(_) => s.clone(),
            },
        }),
        Value::Bool(b) => Some(if *b { "是" } else { "否" }.to_string()),
        Value::Number(n) if key == "amount_fen" => {
            n.as_i64().map(crate::model::validate::fmt_amount)
        }
        Value::Object(m) if key == "reg_no" => Some(format!(
            "{}-{:03}",
            m.get("year").and_then(Value::as_i64).unwrap_or(0),
            m.get("serial").and_then(Value::as_i64).unwrap_or(0)
        )),
        Value::Object(_) if key == "number" => serde_json::from_value::<LetterNo>(v.clone())
            .ok()
            .map(|n| n.to_string()),
        Value::Array(items) if key == "materials" => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(|c| {
                    crate::model::case::Material::parse(c)
                        .map(|m| m.label())
                        .unwrap_or(c)
                })
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Value::Array(items) if key == "findings" => Some(format!("{} 条", items.len())),
        // A score sheet: 主体 10、证据 18.5、….
        Value::Array(items) if key == "scores" => Some(
            items
                .iter()
                .map(|s| {
                    let item = s.get("item").and_then(Value::as_str).unwrap_or_default();
                    let tenths = s.get("tenths").and_then(Value::as_u64).unwrap_or(0);
                    let points = crate::model::inspection::fmt_points(tenths.min(1000) as u32);
                    format!("{item} {points}")
                })
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Value::Array(items) if key == "sections" => Some(format!("{} 节", items.len())),
        // A list of names (抄送, 承办律师): as a person writes it, and nothing when it is empty.
        Value::Array(items) if items.is_empty() => None,
        Value::Array(items) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_case_kind_is_shown_by_its_chinese_name() {
        assert_eq!(
            display(EntityKind::Case, "kind", &json!("advice")).as_deref(),
            Some("其他涉法事务")
        );
    }
}
