//! 案卷评查 (issue 20): a round of auditing enforcement case files is a case of its own kind
//! ([`crate::model::CaseKind::FileInspection`]); each file examined is an [`InspectedFile`] on it, scored on the
//! round's score items ([`ScoreTable`]) with a grade, the problems found and the rectification asked.
//!
//! Score sheets are local and change from year to year, so a round carries its own table (the office edits it
//! on the round, starting from the common items of domain.md §4.3); a file's scores name the items they are for.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kind::coded_enum;
use super::validate;
use crate::error::{Error, Result};
use crate::ids::{CaseId, InspectedFileId, UnitId};

/// The items most score sheets share, out of 100: 主体、事实、证据、适用法律、程序、裁量、文书、移送.
pub const COMMON_ITEMS: &str =
    "主体 10；事实 15；证据 20；适用法律 15；程序 15；裁量 10；文书 10；移送 5";

/// A round's score items: a name and the most points it gives, out of 100 in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreTable(pub Vec<(String, u32)>);

impl ScoreTable {
    /// Reads `主体 10；事实 15；…` (items separated by ；;，, or a new line; the points after the name). Refused
    /// unless every item has a name and 1–100 points, no name repeats, and the points add up to 100.
    pub fn parse(text: &str) -> Result<ScoreTable> {
        let mut items: Vec<(String, u32)> = Vec::new();
        for part in text
            .split(['；', ';', '，', ',', '\n', '、'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let cut = part
                .find(|c: char| c.is_ascii_digit())
                .ok_or_else(|| Error::invalid("评分项目", format!("「{part}」没有写分值")))?;
            let name = part[..cut].trim().trim_end_matches(['：', ':']).trim();
            let points: u32 = part[cut..]
                .trim()
                .trim_end_matches('分')
                .trim()
                .parse()
                .map_err(|_| Error::invalid("评分项目", format!("「{part}」的分值应为整数")))?;
            if name.is_empty() || name.chars().count() > 12 {
                return Err(Error::invalid(
                    "评分项目",
                    format!("「{part}」：项目名称应为 1—12 个字"),
                ));
            }
            if !(1..=100).contains(&points) {
                return Err(Error::invalid(
                    "评分项目",
                    format!("「{name}」的分值应为 1—100"),
                ));
            }
            if items.iter().any(|(n, _)| n == name) {
                return Err(Error::invalid("评分项目", format!("「{name}」重复")));
            }
            items.push((name.to_string(), points));
        }
        let total: u32 = items.iter().map(|(_, p)| p).sum();
        if total != 100 {
            return Err(Error::invalid(
                "评分项目",
                format!("各项分值合计应为100分，现为{total}分"),
            ));
        }
        Ok(ScoreTable(items))
    }

    pub fn common() -> ScoreTable {
        ScoreTable::parse(COMMON_ITEMS).expect("the common items add up to 100")
    }

    /// The most points `item` gives, if it is one of the table's.
    pub fn max(&self, item: &str) -> Option<u32> {
        self.0.iter().find(|(n, _)| n == item).map(|(_, p)| *p)
    }
}

coded_enum!(
    /// A file's grade (评查等次).
    FileGrade, "评查等次" {
        Excellent = "excellent", "优秀";
        Pass = "pass", "合格";
        Fail = "fail", "不合格";
    }
);

impl FileGrade {
    /// The grade a total (out of 100) usually earns: 90 and above 优秀, 60 and above 合格. An office whose rules
    /// differ chooses the grade itself.
    pub fn for_total(tenths: u32) -> FileGrade {
        match tenths {
            900.. => FileGrade::Excellent,
            600.. => FileGrade::Pass,
            _ => FileGrade::Fail,
        }
    }
}

/// The points a file earned on one item, in tenths (8.5 points are 85), exact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemScore {
    pub item: String,
    pub tenths: u32,
}

/// One enforcement case file examined in a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InspectedFile {
    pub id: InspectedFileId,
    /// The round (a 案卷评查 case).
    pub case_id: CaseId,
    /// The unit whose file it is.
    pub unit_id: UnitId,
    /// 案卷编号 or the decision's 文号, e.g. 徒市监罚〔2026〕8号.
    pub file_no: String,
    /// 案件类型, e.g. 行政处罚.
    pub decision_kind: Option<String>,
    pub scores: Vec<ItemScore>,
    pub grade: FileGrade,
    /// 存在问题.
    pub problems: Option<String>,
    /// 整改要求.
    pub rectification: Option<String>,
    /// 整改完成日期.
    pub rectified_on: Option<NaiveDate>,
}

/// A score as people write it: 8.5, not 85 tenths.
pub fn fmt_points(tenths: u32) -> String {
    if tenths.is_multiple_of(10) {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// Reads a score (`8.5`, `10`, `9.0分`) as tenths.
pub fn parse_points(item: &str, raw: &str) -> Result<u32> {
    let t = raw.trim().trim_end_matches('分').trim();
    let bad = || {
        Error::invalid(
            "得分",
            format!("「{item}」的得分「{raw}」应为数字，最多一位小数"),
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, "0"));
    if whole.is_empty() || frac.len() != 1 || !whole.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: u32 = whole.parse().map_err(|_| bad())?;
    let frac: u32 = frac.parse().map_err(|_| bad())?;
    whole
        .checked_mul(10)
        .and_then(|w| w.checked_add(frac))
        .filter(|&v| v <= 1000)
        .ok_or_else(bad)
}

impl InspectedFile {
    /// Whether the unit has something to put right about this file: problems found, a rectification asked,
    /// or a failing grade. Such a file gets a 整改通知 and counts towards the round's 整改期限.
    pub fn needs_rectification(&self) -> bool {
        self.problems.is_some() || self.rectification.is_some() || self.grade == FileGrade::Fail
    }

    /// The grade was chosen, not given by the total (90 / 60).
    pub fn grade_chosen(&self) -> bool {
        self.grade != FileGrade::for_total(self.total())
    }

    /// The total, in tenths.
    pub fn total(&self) -> u32 {
        // Each score is at most 1000 tenths once validated; a crafted body with more saturates, never wraps.
        self.scores
            .iter()
            .fold(0u32, |sum, s| sum.saturating_add(s.tenths))
    }

    /// What the file is on its own: a number, scores that are a sheet (named items, none twice, 100 points at
    /// most in all), texts within their lengths. Whether the items are the round's, and within their points, is
    /// the round's to say ([`InspectedFile::check_against`]).
    pub fn validate(&self) -> Result<()> {
        validate::required_text("案卷编号", &self.file_no, 60)?;
        let text = |field, v: &Option<String>, max| {
            validate::long_text(field, v.as_deref().unwrap_or(""), max)
        };
        validate::optional_text("案件类型", self.decision_kind.as_deref().unwrap_or(""), 30)?;
        text("存在问题", &self.problems, 2000)?;
        text("整改要求", &self.rectification, 2000)?;
        if let Some(on) = self.rectified_on {
            validate::in_range("整改完成日期", on)?;
        }
        if self.scores.is_empty() {
            return Err(Error::invalid("得分", "请按评分项目逐项打分"));
        }
        for (i, s) in self.scores.iter().enumerate() {
            validate::required_text("评分项目", &s.item, 12)?;
            if s.tenths > 1000 {
                return Err(Error::invalid(
                    "得分",
                    format!("「{}」得{}分，超过100分", s.item, fmt_points(s.tenths)),
                ));
            }
            if self.scores[..i].iter().any(|o| o.item == s.item) {
                return Err(Error::invalid("得分", format!("「{}」打了两次分", s.item)));
            }
        }
        if self.total() > 1000 {
            return Err(Error::invalid(
                "得分",
                format!("合计{}分，超过100分", fmt_points(self.total())),
            ));
        }
        Ok(())
    }

    /// The file's scores against its round's `table`: every item one of the table's, within its points, and
    /// every item of the table scored.
    pub fn check_against(&self, table: &ScoreTable) -> Result<()> {
        for s in &self.scores {
            let max = table.max(&s.item).ok_or_else(|| {
                let names: Vec<&str> = table.0.iter().map(|(n, _)| n.as_str()).collect();
                Error::invalid(
                    "得分",
                    format!(
                        "「{}」不是本次评查的评分项目（{}）",
                        s.item,
                        names.join("、")
                    ),
                )
            })?;
            if s.tenths > max * 10 {
                return Err(Error::invalid(
                    "得分",
                    format!(
                        "「{}」得{}分，超过该项满分{max}分",
                        s.item,
                        fmt_points(s.tenths)
                    ),
                ));
            }
        }
        if let Some((missing, _)) = table
            .0
            .iter()
            .find(|(n, _)| !self.scores.iter().any(|s| &s.item == n))
        {
            return Err(Error::invalid("得分", format!("「{missing}」还没有打分")));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_table_adds_up_to_a_hundred_and_names_each_item_once() {
        let t = ScoreTable::common();
        assert_eq!(t.0.len(), 8);
        assert_eq!(t.max("证据"), Some(20));
        assert_eq!(
            ScoreTable::parse("主体：10分，事实 90").unwrap().0,
            vec![("主体".to_string(), 10), ("事实".to_string(), 90)]
        );
        for (bad, why) in [
            ("主体 10；事实 15", "合计应为100分，现为25分"),
            ("主体 50；主体 50", "重复"),
            ("主体；事实 100", "没有写分值"),
            ("主体 0；事实 100", "分值应为 1—100"),
        ] {
            let e = ScoreTable::parse(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn points_are_read_and_written_to_a_tenth() {
        assert_eq!(parse_points("证据", "8.5").unwrap(), 85);
        assert_eq!(parse_points("证据", "10分").unwrap(), 100);
        assert_eq!(fmt_points(85), "8.5");
        assert_eq!(fmt_points(100), "10");
        for bad in ["8.55", "-1", "八", "", "1e3", "101"] {
            assert!(parse_points("证据", bad).is_err(), "{bad}");
        }
        assert_eq!(FileGrade::for_total(900), FileGrade::Excellent);
        assert_eq!(FileGrade::for_total(899), FileGrade::Pass);
        assert_eq!(FileGrade::for_total(599), FileGrade::Fail);
    }
}
