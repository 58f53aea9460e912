//! Where a hit was found, as a code stored beside the text (`letter:finding:3:problem|关于…的意见`) and as the
//! words a person reads (`意见书《关于…的意见》第三条审查意见·存在问题`). A code is `what` and, after `|`, the name
//! of the record it is in (a letter's title, an attachment's file name), which may contain anything.

use crate::model::case::field_spec;
use crate::model::validate::cn_numeral;

/// A case's registration number.
pub const REG_NO: &str = "case:reg_no";

/// A field of a case, by its registry code.
pub fn case_field(code: &str) -> String {
    format!("case:f:{code}")
}

/// A part of a letter titled `title`: `what` is `number`, `title`, `addressee`, `opening`, `section:N`,
/// `finding:N:clause|problem|basis|suggestion`, `conclusion`, `cc`, `signatory` or `lawyers`.
pub fn letter(what: &str, title: &str) -> String {
    format!("letter:{what}|{title}")
}

/// A part of a filing through `channel` (its Chinese name).
pub fn filing(what: &str, channel: &str) -> String {
    format!("filing:{what}|{channel}")
}

/// A part of a hearing on the day `on`: `room`, `names` or `reason`.
pub fn hearing(what: &str, on: &str) -> String {
    format!("hearing:{what}|{on}")
}

/// A part of a file examined in a 案卷评查 round numbered `file_no`: `file_no`, `kind`, `problems` or
/// `rectification`.
pub fn inspected(what: &str, file_no: &str) -> String {
    format!("inspected:{what}|{file_no}")
}

/// A part of task number `no` of a key-task plan: `title`, `outcome`, `reason` or `evidence`.
pub fn task(what: &str, no: u32) -> String {
    format!("task:{what}|{no}")
}

/// What a unit reported on a key task on the day `on`.
pub fn progress(on: &str) -> String {
    format!("progress|{on}")
}

/// A part of an attachment named `name`: `name`, `label`, or where in its text (`page:N`, `sheet:N`, `text`).
pub fn attachment(what: &str, name: &str) -> String {
    format!("attachment:{what}|{name}")
}

/// A part of a unit, a person or a clause of the library.
pub fn own(entity: &str, what: &str) -> String {
    format!("{entity}:{what}")
}

/// The words for a place code; an unknown code (from a newer build) reads as itself.
pub fn label(code: &str) -> String {
    label_in(code, None)
}

/// [`label`], a case's field under the name its `kind` gives it (被告, not 送审单位, on a lawsuit).
pub fn label_in(code: &str, kind: Option<crate::model::CaseKind>) -> String {
    let (what, name) = code.split_once('|').unwrap_or((code, ""));
    let parts: Vec<&str> = what.split(':').collect();
    let known = match parts.as_slice() {
        ["case", "reg_no"] => Some("登记编号".to_string()),
        ["case", "f", field] => field_spec(field)
            .ok()
            .map(|s| kind.map_or(s.label, |k| s.label_for(k)).to_string()),
        ["letter", rest @ ..] => letter_label(rest).map(|l| format!("意见书《{name}》{l}")),
        ["filing", what] => {
            let l = match *what {
                "receipt_no" => "回执号",
                "note" => "备注",
                _ => "",
            };
            Some(format!("备案（{name}）{l}"))
        }
        ["hearing", what] => {
            let l = match *what {
                "room" => "法庭",
                "names" => "出庭人员",
                "reason" => "负责人未出庭原因",
                _ => "",
            };
            Some(format!("庭审（{name}）{l}"))
        }
        ["inspected", what] => {
            let l = match *what {
                "kind" => "案件类型",
                "problems" => "存在问题",
                "rectification" => "整改要求",
                _ => "",
            };
            Some(format!("评查案卷（{name}）{l}"))
        }
        ["task", what] => {
            let l = match *what {
                "outcome" => "成果形式",
                "reason" => "推进情况说明",
                "evidence" => "完成佐证",
                _ => "",
            };
            Some(format!("第{name}项重点工作{l}"))
        }
        ["progress"] => Some(format!("工作进展（{name}）")),
        ["attachment", "name"] => Some(format!("附件《{name}》")),
        ["attachment", "label"] => Some(format!("附件《{name}》说明")),
        ["attachment", "page", n] => Some(format!("附件《{name}》第{n}页")),
        ["attachment", "sheet", n] => Some(format!("附件《{name}》第{n}个工作表")),
        ["attachment", "text"] => Some(format!("附件《{name}》正文")),
        ["unit", "name"] => Some("单位名称".into()),
        ["unit", "code"] => Some("单位代码".into()),
        ["person", "name"] => Some("姓名".into()),
        ["person", "firm"] => Some("律师事务所".into()),
        ["person", "licence"] => Some("执业证号".into()),
        ["clause", what] => clause_label(what).map(|l| format!("常用审查意见{l}")),
        _ => None,
    };
    known.unwrap_or_else(|| code.to_string())
}

/// Where a place is on its case's page: a panel (`case-fields`, `letters`, `filings`, `attachments`) and,
/// within it, the item (a field's code, a letter's title, an attachment's name; empty for the panel itself).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    pub panel: &'static str,
    pub item: String,
}

/// Where the place `code` is on its case's page; `None` for the page's head (the registration number) and for
/// what is not on a case's page (a unit, a person, a clause).
pub fn target(code: &str) -> Option<Target> {
    let (what, name) = code.split_once('|').unwrap_or((code, ""));
    let parts: Vec<&str> = what.split(':').collect();
    let (panel, item) = match parts.as_slice() {
        ["case", "f", field] => ("case-fields", *field),
        ["letter", ..] => ("letters", name),
        ["filing", ..] => ("filings", ""),
        ["hearing", ..] => ("hearings", ""),
        ["inspected", ..] => ("inspected-files", name),
        ["task", ..] => ("key-tasks", name),
        ["progress"] => ("key-tasks", ""),
        ["attachment", ..] => ("attachments", name),
        _ => return None,
    };
    Some(Target {
        panel,
        item: item.to_string(),
    })
}

fn letter_label(rest: &[&str]) -> Option<String> {
    let n = |s: &str| s.parse::<usize>().ok().map(cn_numeral);
    Some(match rest {
        ["number"] => "文号".into(),
        ["title"] => "标题".into(),
        ["addressee"] => "主送机关".into(),
        ["opening"] => "开头".into(),
        ["section", i] => format!("第{}部分", n(i)?),
        ["finding", i, part] => {
            let part = match *part {
                "clause" => "条款",
                "problem" => "存在问题",
                "basis" => "法律依据",
                "suggestion" => "修改建议",
                _ => return None,
            };
            format!("第{}条审查意见·{part}", n(i)?)
        }
        ["conclusion"] => "结论".into(),
        ["cc"] => "抄送".into(),
        ["signatory"] => "签发人".into(),
        ["lawyers"] => "承办律师".into(),
        _ => return None,
    })
}

fn clause_label(what: &str) -> Option<&'static str> {
    Some(match what {
        "title" => "·标题",
        "code" => "·编号",
        "problem" => "·存在问题",
        "basis" => "·法律依据",
        "suggestion" => "·修改建议",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_reads_in_chinese() {
        assert_eq!(label(REG_NO), "登记编号");
        assert_eq!(label(&case_field("counterparty")), "合同相对方");
        assert_eq!(
            label(&letter("finding:3:problem", "关于《a|b》的意见")),
            "意见书《关于《a|b》的意见》第三条审查意见·存在问题"
        );
        assert_eq!(
            label(&letter("section:2", "意见")),
            "意见书《意见》第二部分"
        );
        assert_eq!(
            label(&filing("receipt_no", "上级政府")),
            "备案（上级政府）回执号"
        );
        assert_eq!(
            label(&attachment("page:2", "送审稿.pdf")),
            "附件《送审稿.pdf》第2页"
        );
        assert_eq!(
            label(&attachment("sheet:1", "台账.xlsx")),
            "附件《台账.xlsx》第1个工作表"
        );
        assert_eq!(
            label(&attachment("text", "合同.docx")),
            "附件《合同.docx》正文"
        );
        assert_eq!(label(&own("person", "firm")), "律师事务所");
        assert_eq!(label(&own("clause", "basis")), "常用审查意见·法律依据");
        assert_eq!(label("future:thing"), "future:thing");
    }

    #[test]
    fn every_place_on_a_case_page_is_targeted() {
        let t = |code: &str| target(code).map(|t| (t.panel, t.item));
        assert_eq!(t(REG_NO), None);
        assert_eq!(t(&case_field("note")), Some(("case-fields", "note".into())));
        assert_eq!(
            t(&letter("finding:3:problem", "关于《a|b》的意见")),
            Some(("letters", "关于《a|b》的意见".into()))
        );
        assert_eq!(
            t(&filing("receipt_no", "上级政府")),
            Some(("filings", "".into()))
        );
        assert_eq!(
            t(&attachment("page:2", "送审稿.pdf")),
            Some(("attachments", "送审稿.pdf".into()))
        );
        assert_eq!(t(&own("person", "firm")), None);
    }
}
