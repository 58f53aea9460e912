//! `fashen letter …`: draft, edit, sign, issue, delete, show, list and print opinion letters.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{outln, print_json, report_export};
use super::table;
use fashen::actions::print::FileType;
use fashen::actions::{self, letters};
use fashen::model::validate::fmt_date;
use fashen::model::{Finding, LetterKind, LetterSection, OpinionLetter};
use fashen::{Error, Result, Store};

#[derive(Debug, Args, Default)]
pub struct LetterEditArgs {
    /// 标题
    #[arg(long)]
    pub title: Option<String>,
    /// 主送机关
    #[arg(long)]
    pub addressee: Option<String>,
    /// 开头段（谁于何日报送了什么）
    #[arg(long)]
    pub opening: Option<String>,
    /// 结论（可只写审查结论名称，如 修改后合法）
    #[arg(long)]
    pub conclusion: Option<String>,
    /// 签发人（本机关的签发领导）
    #[arg(long)]
    pub signatory: Option<String>,
    /// 承办律师（法律意见书；多人以、分隔，默认为案件的法律顾问）
    #[arg(long)]
    pub lawyers: Option<String>,
    /// 起草人
    #[arg(long)]
    pub author: Option<String>,
    /// 起草日期
    #[arg(long)]
    pub drafted_on: Option<String>,
    /// 抄送（可重复）
    #[arg(long)]
    pub cc: Vec<String>,
    /// 增加一节：小标题（与 --section-text 成对使用）
    #[arg(long)]
    pub section: Vec<String>,
    /// 该节正文
    #[arg(long)]
    pub section_text: Vec<String>,
    /// 增加一条审查意见：涉及条款（与 --problem/--basis/--suggestion 成对使用）
    #[arg(long)]
    pub clause: Vec<String>,
    /// 存在问题
    #[arg(long)]
    pub problem: Vec<String>,
    /// 法律依据
    #[arg(long)]
    pub basis: Vec<String>,
    /// 修改建议
    #[arg(long)]
    pub suggestion: Vec<String>,
    /// 删除第 N 条审查意见
    #[arg(long)]
    pub remove_finding: Vec<usize>,
    /// 审查意见以逐条对照表打印（true / false）
    #[arg(long)]
    pub findings_table: Option<bool>,
    /// 从 JSON 文件读取全部小节和审查意见（{"sections":[…],"findings":[…]}）
    #[arg(long)]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LetterCmd {
    /// 起草意见书
    New {
        /// 案件：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// review_opinion / contract_review / enforcement_review / filing_review / explanation_notice /
        /// correction_advice / legal_opinion / proposal_reply（默认按案件类别与审查结论）
        #[arg(long)]
        kind: Option<String>,
        /// 发文单位（默认本机关；建议提案答复函默认主办单位）
        #[arg(long)]
        issuer: Option<String>,
        #[command(flatten)]
        edit: LetterEditArgs,
    },
    /// 修改意见书草稿（未给出的部分保持不变）
    Edit {
        /// 意见书：文号、所属案件的登记编号（案件只有一份意见书时）或编号
        id: String,
        #[command(flatten)]
        edit: LetterEditArgs,
    },
    /// 签发并编号
    Sign {
        /// 意见书：文号、所属案件的登记编号或编号
        id: String,
        /// 签发日期（默认今天）
        #[arg(long)]
        on: Option<String>,
        /// 指定文号序号（默认顺延）
        #[arg(long)]
        serial: Option<u32>,
        /// 签发人姓名（须为本机关签发人；只有一位签发人时可省略；答复函由主办单位负责人签发，照填）
        #[arg(long)]
        signatory: Option<String>,
    },
    /// 登记送达
    Issue {
        /// 意见书：文号、所属案件的登记编号或编号
        id: String,
        /// 送达日期（默认今天）
        #[arg(long)]
        on: Option<String>,
    },
    /// 删除草稿（已签发的意见书不能删除）
    Delete {
        /// 意见书：所属案件的登记编号或编号
        id: String,
    },
    /// 显示意见书全文
    Show {
        /// 意见书：文号、所属案件的登记编号或编号
        id: String,
    },
    /// 列出意见书
    List {
        /// 只列此案件的（登记编号或编号）
        #[arg(long = "case")]
        case_id: Option<String>,
    },
    /// 导出 PDF（GB/T 9704 版式）
    Pdf {
        /// 意见书（编号、编号前缀或文号）
        id: String,
        /// 输出文件
        #[arg(long)]
        out: PathBuf,
        /// 版式：letter 信函格式（默认）/ document 文件格式 / plain 无版头
        #[arg(long, default_value = "letter")]
        format: String,
    },
    /// 导出 OFD 版式文档（GB/T 33190，供 OA 系统使用；版面与 PDF 相同）
    Ofd {
        /// 意见书（编号、编号前缀或文号）
        id: String,
        /// 输出文件
        #[arg(long)]
        out: PathBuf,
        /// 版式：letter 信函格式（默认）/ document 文件格式 / plain 无版头
        #[arg(long, default_value = "letter")]
        format: String,
    },
    /// 导出 Word 文档（.docx，可在 Word / WPS 中修改）
    Docx {
        /// 意见书（编号、编号前缀或文号）
        id: String,
        /// 输出文件
        #[arg(long)]
        out: PathBuf,
        /// 版式：letter 信函格式（默认）/ document 文件格式 / plain 无版头
        #[arg(long, default_value = "letter")]
        format: String,
    },
}

fn letter_edit(a: LetterEditArgs) -> Result<letters::LetterEdit> {
    if a.section.len() != a.section_text.len() {
        return Err(Error::invalid(
            "小节",
            "--section 与 --section-text 须成对出现",
        ));
    }
    let n = a.problem.len();
    if [a.clause.len(), a.basis.len(), a.suggestion.len()]
        .iter()
        .any(|&m| m != 0 && m != n)
    {
        return Err(Error::invalid(
            "审查意见",
            "--clause/--problem/--basis/--suggestion 须一一对应",
        ));
    }
    let mut edit = letters::LetterEdit {
        title: a.title,
        addressee: a.addressee,
        opening: a.opening,
        conclusion: a.conclusion,
        signatory: a.signatory,
        lawyers: a.lawyers.map(|l| vec![l]),
        author: a.author,
        cc: (!a.cc.is_empty()).then_some(a.cc),
        drafted_on: a.drafted_on,
        add_sections: a
            .section
            .into_iter()
            .zip(a.section_text)
            .map(|(heading, body)| LetterSection { heading, body })
            .collect(),
        add_findings: (0..n)
            .map(|i| Finding {
                clause: a.clause.get(i).cloned().unwrap_or_default(),
                problem: a.problem[i].clone(),
                legal_basis: a.basis.get(i).cloned().unwrap_or_default(),
                suggestion: a.suggestion.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
        remove_findings: a.remove_finding,
        findings_table: a.findings_table,
        ..Default::default()
    };
    if let Some(path) = a.content {
        #[derive(serde::Deserialize)]
        struct Content {
            #[serde(default)]
            sections: Option<Vec<LetterSection>>,
            #[serde(default)]
            findings: Option<Vec<Finding>>,
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::invalid("内容文件", format!("无法读取 {}：{e}", path.display())))?;
        let c: Content = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(
                "内容文件",
                format!("{} 不是有效的 JSON：{e}", path.display()),
            )
        })?;
        edit.sections = c.sections;
        edit.findings = c.findings;
    }
    Ok(edit)
}

pub fn run(store: &mut Store, cmd: LetterCmd, json: bool) -> Result<()> {
    let show = |store: &Store, l: &OpinionLetter, json: bool| -> Result<()> {
        if json {
            return print_json(l);
        }
        let case = letters::case_of_letter(store, l)?;
        outln!("{}", l.title);
        outln!(
            "{}  [{}]  {}",
            l.number
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "（未编号）".into()),
            l.status.label(),
            l.kind.label()
        );
        if let Some(c) = case {
            outln!("案件：{} {}", c.reg_no, c.title);
        }
        outln!("\n{}：", l.addressee);
        if let Some(o) = &l.opening {
            outln!("    {o}");
        }
        for s in &l.sections {
            outln!("  {}\n    {}", s.heading, s.body);
        }
        for (i, f) in l.findings.iter().enumerate() {
            outln!(
                "  （{}）{}",
                fashen::model::validate::cn_numeral(i + 1),
                f.clause
            );
            outln!("      问题：{}", f.problem);
            if !f.legal_basis.is_empty() {
                outln!("      依据：{}", f.legal_basis);
            }
            if !f.suggestion.is_empty() {
                outln!("      建议：{}", f.suggestion);
            }
        }
        if let Some(c) = &l.conclusion {
            outln!("  结论：{c}");
        }
        if !l.lawyers.is_empty() {
            outln!("  承办律师：{}", l.lawyers.join("、"));
        }
        if let Some(d) = l.signed_on {
            outln!(
                "\n{}  {}",
                l.signatory.clone().unwrap_or_default(),
                fmt_date(d)
            );
        }
        for w in letters::letter_warnings(store, l)? {
            outln!("注意：{w}");
        }
        Ok(())
    };
    match cmd {
        LetterCmd::New {
            case_id,
            kind,
            issuer,
            edit,
        } => {
            let case = actions::find_case(store, &case_id)?;
            let kind = kind.as_deref().map(LetterKind::parse).transpose()?;
            let edit = letter_edit(edit)?;
            let l = letters::new_letter(store, &case, kind, issuer.as_deref(), &edit)?;
            if json {
                print_json(&l)?
            } else {
                outln!("已起草：{}（{}）", l.title, l.id)
            }
        }
        LetterCmd::Edit { id, edit } => {
            let l = actions::find_letter(store, &id)?;
            let edit = letter_edit(edit)?;
            let l = letters::edit_letter(store, l.id, &edit)?;
            if json {
                print_json(&l)?
            } else {
                outln!("已保存：{}", l.title)
            }
        }
        LetterCmd::Sign {
            id,
            on,
            serial,
            signatory,
        } => {
            let l = actions::find_letter(store, &id)?;
            let l = letters::sign_letter(store, l.id, on.as_deref(), serial, signatory.as_deref())?;
            if json {
                print_json(&l)?
            } else {
                outln!(
                    "已签发，文号：{}",
                    l.number.as_ref().map(|n| n.to_string()).unwrap_or_default()
                )
            }
        }
        LetterCmd::Issue { id, on } => {
            let l = actions::find_letter(store, &id)?;
            let l = letters::issue_letter(store, l.id, on.as_deref())?;
            if json {
                print_json(&l)?
            } else {
                outln!("已登记送达：{}", l.title)
            }
        }
        LetterCmd::Delete { id } => {
            let l = actions::find_letter(store, &id)?;
            letters::delete_draft(store, l.id)?;
            if json {
                print_json(&serde_json::json!({ "deleted": l.id }))?
            } else {
                outln!("已删除草稿：{}", l.title)
            }
        }
        LetterCmd::Pdf { id, out, format } => {
            export(store, &id, &out, &format, FileType::Pdf, json)?
        }
        LetterCmd::Ofd { id, out, format } => {
            export(store, &id, &out, &format, FileType::Ofd, json)?
        }
        LetterCmd::Docx { id, out, format } => {
            export(store, &id, &out, &format, FileType::Docx, json)?
        }
        LetterCmd::Show { id } => {
            let l = actions::find_letter(store, &id)?;
            show(store, &l, json)?;
        }
        LetterCmd::List { case_id } => {
            let list = letters::list_letters(store, case_id.as_deref())?;
            if json {
                print_json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|l| {
                        vec![
                            l.number
                                .as_ref()
                                .map(|n| n.to_string())
                                .unwrap_or_else(|| "（未编号）".into()),
                            table::clip(&l.title, 44),
                            l.status.label().into(),
                            l.signed_on.map(fmt_date).unwrap_or_default(),
                            l.id.short(),
                        ]
                    })
                    .collect();
                table::print(&["文号", "标题", "状态", "签发日期", "编号"], &rows);
            }
        }
    }
    Ok(())
}

fn export(
    store: &mut Store,
    id: &str,
    out: &std::path::Path,
    format: &str,
    file: FileType,
    json: bool,
) -> Result<()> {
    let format = actions::print::LetterFormat::parse(format)?;
    letters::export_letter(store, id, None, format, file, out)?;
    let size = std::fs::metadata(out)?.len();
    report_export(out, size, json)
}
