//! The opinion letters as official documents: one template over the structured letter, its words per kind
//! from `model::wording`.
//!
//! The office's letters (合法性审查/审核意见书, 合同合法性审查意见书, 重大执法决定法制审核意见书, and for penalty
//! filings 备案审查意见书, 要求说明理由通知书, 纠错建议书) share one shape: the addressee, the opening, the free
//! sections (审核依据 …), the findings under a level-1 heading (as numbered （一） paragraphs, or clause by
//! clause in a table), the conclusion, the issuer's name and date with room for the seal, and a 版记 (always
//! in 文件格式; in a letter only when it is copied to anyone). The advisor's 法律意见书 has the firm's
//! letterhead, 声明与保留 and the lawyers' signature lines.

use super::document::{Block, Head, Imprint, Official, Signature, Table};
use super::fonts::Face;
use super::layout::{Meta, Span};
use crate::model::validate::cn_numeral;
use crate::model::{wording, CaseKind, Finding, LetterKind, LetterStatus, OpinionLetter, Outcome};

/// How the first page is headed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterFormat {
    /// 信函格式 (the office's usual form for opinions sent as letters; a firm's letterhead for 法律意见书).
    #[default]
    Letter,
    /// 文件格式 with the red issuer mark.
    Document,
    /// No head, for pre-printed letterhead paper.
    Plain,
}

impl LetterFormat {
    pub fn parse(s: &str) -> crate::Result<LetterFormat> {
        match s.trim() {
            "letter" | "信函" | "信函格式" => Ok(LetterFormat::Letter),
            "document" | "文件" | "文件格式" => Ok(LetterFormat::Document),
            "plain" | "无版头" => Ok(LetterFormat::Plain),
            other => Err(crate::Error::invalid(
                "版式",
                format!("「{other}」不是可用的版式：letter（信函格式）/ document（文件格式）/ plain（无版头）"),
            )),
        }
    }
}

/// What the template needs besides the letter.
#[derive(Debug, Clone)]
pub struct LetterContext {
    /// The issuing office or firm.
    pub issuer: String,
    /// The case's kind, which words the headings and conclusions.
    pub case_kind: CaseKind,
    /// The case's outcome, for a conclusion the drafter left empty.
    pub outcome: Option<Outcome>,
    /// The case's registration number, for the PDF's subject.
    pub reg_no: String,
    /// The drafter's name, as the PDF's author when known.
    pub author: Option<String>,
    /// What the first page carries at its top right: a reply's 办理类别 (A/B/C).
    pub corner: Option<String>,
}

pub const DECLARATION_HEADING: &str = "声明与保留";

/// The standard 声明与保留 of a 法律意见书, used when the letter has no section of that name.
pub const DECLARATION: [&str; 3] = [
    "本法律意见书依据委托人提供的材料及出具之日现行有效的法律、法规、规章和规范性文件出具。委托人已保证所提供的材料真实、完整、有效，本所律师未对其作独立核实。",
    "本法律意见书仅供委托人就本事项决策参考之用，未经本所书面同意，不得用作其他用途。",
    "本法律意见书不替代委托人依法应当履行的合法性审查等法定程序。",
];

pub fn official(letter: &OpinionLetter, ctx: &LetterContext, format: LetterFormat) -> Official {
    let firm = letter.kind == LetterKind::LegalOpinion;
    let head = match (format, firm) {
        (LetterFormat::Plain, _) => Head::Plain,
        (_, true) => Head::Firm {
            firm: ctx.issuer.clone(),
        },
        (LetterFormat::Letter, false) => Head::Letter {
            issuer: ctx.issuer.clone(),
        },
        (LetterFormat::Document, false) => Head::Document {
            mark: format!("{}文件", ctx.issuer),
        },
    };
    let mut body = Vec::new();
    if let Some(o) = &letter.opening {
        paragraphs(&mut body, o);
    }
    let mut n = 0;
    let mut heading = |body: &mut Vec<Block>, text: &str| {
        n += 1;
        body.push(Block::Heading(format!(
            "{}、{}",
            cn_numeral(n),
            strip_number(text)
        )));
    };
    for s in &letter.sections {
        if firm && strip_number(&s.heading) == DECLARATION_HEADING {
            continue;
        }
        heading(&mut body, &s.heading);
        paragraphs(&mut body, &s.body);
    }
    if !letter.findings.is_empty() {
        heading(
            &mut body,
            &wording::findings_heading(letter.kind, ctx.case_kind),
        );
        if letter.findings_table {
            body.push(Block::Table(findings_table(&letter.findings)));
        } else {
            for (i, f) in letter.findings.iter().enumerate() {
                body.push(Block::Para(finding_spans(
                    i + 1,
                    f,
                    wording::suggestion_label(letter.kind),
                )));
            }
        }
    }
    if let Some(c) = wording::printed_conclusion(letter, ctx.case_kind, ctx.outcome) {
        if let Some(h) = wording::conclusion_heading(letter.kind, ctx.case_kind) {
            heading(&mut body, &h);
        }
        // Every paragraph a sentence: a typed "同意" prints as "同意。".
        for p in c.lines().map(str::trim).filter(|p| !p.is_empty()) {
            body.push(Block::Para(vec![Span::new(Face::Fang, sentence(p))]));
        }
    }
    if firm {
        heading(&mut body, DECLARATION_HEADING);
        match letter
            .sections
            .iter()
            .find(|s| strip_number(&s.heading) == DECLARATION_HEADING)
        {
            Some(s) => paragraphs(&mut body, &s.body),
            None => {
                for (i, d) in DECLARATION.iter().enumerate() {
                    body.push(Block::Para(vec![Span::new(
                        Face::Fang,
                        format!("（{}）{d}", cn_numeral(i + 1)),
                    )]));
                }
            }
        }
    }
    // A draft has no date of its own yet: its place stays blank, as on the form a leader signs.
    let date = letter.signed_on.unwrap_or(letter.drafted_on);
    let draft = letter.status == LetterStatus::Draft;
    let signers = if firm {
        // Letters from before the lawyers had their own field kept them in 签发人.
        let old: Vec<String> = letter
            .signatory
            .as_deref()
            .map(|s| {
                s.split(['、', '，', ',', ' '])
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let names = if letter.lawyers.is_empty() {
            &old
        } else {
            &letter.lawyers
        };
        names
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| format!("承办律师：{}", n.trim()))
            .collect()
    } else {
        Vec::new()
    };
    // 文件格式 always has its 版记 (印发机关 and 印发日期); a letter only when it is copied to anyone.
    let imprint =
        (format == LetterFormat::Document && !firm || !letter.cc.is_empty()).then(|| Imprint {
            cc: letter.cc.clone(),
            printer: ctx.issuer.clone(),
            printed_on: (!draft).then_some(date),
        });
    Official {
        head,
        corner: ctx.corner.clone(),
        number: letter.number.as_ref().map(|n| n.to_string()),
        draft,
        title: letter.title.clone(),
        addressee: Some(letter.addressee.clone()),
        body,
        signature: Signature {
            issuer: ctx.issuer.clone(),
            signers,
            date: (!draft).then_some(date),
        },
        imprint,
        meta: Meta {
            title: letter.title.clone(),
            author: ctx.author.clone().unwrap_or_else(|| ctx.issuer.clone()),
            subject: format!("{}（案件 {}）", letter.kind.label(), ctx.reg_no),
            date: Some(date),
        },
    }
}

/// Each non-empty line of `text` is a paragraph.
fn paragraphs(body: &mut Vec<Block>, text: &str) {
    for p in text.lines().map(str::trim).filter(|p| !p.is_empty()) {
        body.push(Block::Para(vec![Span::new(Face::Fang, p)]));
    }
}

/// `（一）第五条第二款。` in 楷体, then the problem, the legal basis and the suggestion in 仿宋.
fn finding_spans(n: usize, f: &Finding, suggestion: &str) -> Vec<Span> {
    let mut lead = format!("（{}）", cn_numeral(n));
    if !f.clause.trim().is_empty() {
        lead.push_str(&sentence(f.clause.trim()));
    }
    let mut rest = sentence(f.problem.trim());
    if !f.legal_basis.trim().is_empty() {
        rest.push_str(&format!("依据：{}", sentence(f.legal_basis.trim())));
    }
    if !f.suggestion.trim().is_empty() {
        rest.push_str(&format!("{suggestion}：{}", sentence(f.suggestion.trim())));
    }
    vec![Span::new(Face::Kai, lead), Span::new(Face::Fang, rest)]
}

fn findings_table(findings: &[Finding]) -> Table {
    Table {
        columns: vec![3, 5, 7, 6, 7],
        header: ["序号", "条款", "存在问题", "法律依据", "修改建议"]
            .map(String::from)
            .to_vec(),
        rows: findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                vec![
                    (i + 1).to_string(),
                    f.clause.trim().to_string(),
                    f.problem.trim().to_string(),
                    f.legal_basis.trim().to_string(),
                    f.suggestion.trim().to_string(),
                ]
            })
            .collect(),
    }
}

/// Ends `s` with 。 unless it already ends with a closing mark.
pub fn sentence(s: &str) -> String {
    match s.chars().last() {
        Some(c) if "。；！？：…".contains(c) => s.to_string(),
        Some(c) if "，、,.;".contains(c) => {
            let mut t: String = s.chars().take(s.chars().count() - 1).collect();
            t.push('。');
            t
        }
        Some(_) => format!("{s}。"),
        None => String::new(),
    }
}

/// A heading as typed, without a leading 一、 / 1. the template numbers itself.
fn strip_number(h: &str) -> &str {
    let t = h.trim();
    let rest = t.trim_start_matches(|c: char| "一二三四五六七八九十0123456789".contains(c));
    if rest.len() < t.len() {
        if let Some(r) = rest.strip_prefix(['、', '.', '．']) {
            return r.trim();
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_heading_numbers_are_dropped_and_sentences_end_once() {
        assert_eq!(strip_number("一、审查依据"), "审查依据");
        assert_eq!(strip_number("2. 审查依据"), "审查依据");
        assert_eq!(strip_number("审查依据"), "审查依据");
        assert_eq!(sentence("第五条"), "第五条。");
        assert_eq!(sentence("第五条，"), "第五条。");
        assert_eq!(sentence("第五条。"), "第五条。");
    }
}
