//! `fashen form …`, `fashen register …` and `fashen font …`: forms and the register as PDF, and the print
//! fonts.

use std::path::PathBuf;

use clap::Subcommand;

use super::output::{print_json, report_export};
use super::table;
use fashen::actions::{self};
use fashen::{Error, Result, Store};

#[derive(Debug, Subcommand)]
pub enum FormCmd {
    /// 导出 PDF：按案件填好的表格（可多件合为一个文件），或 --blank 空白表
    Pdf {
        /// 案件（登记编号或编号），可多个
        cases: Vec<String>,
        /// normative_review / major_decision_review / contract_review / enforcement_review / penalty_filing /
        /// advice_record / filing_report
        #[arg(long)]
        form: Option<String>,
        /// 打印空白表（供手写）
        #[arg(long, value_name = "FORM")]
        blank: Option<String>,
        /// 输出文件（以 .docx 结尾时导出 Word 文档，以 .ofd 结尾时导出 OFD 版式文档）
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCmd {
    /// 导出案件登记台账（横向 A4）：某年度（--year），或收文日期在某段时间内（--from … --to …）；--kind 只列一类
    /// （行政应诉、复议答复、两法衔接各有其台账栏目）
    Pdf {
        /// 登记年份
        #[arg(long, conflicts_with_all = ["from", "to"], required_unless_present_all = ["from", "to"])]
        year: Option<i32>,
        /// 收文日期自（含）
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// 收文日期至（含）
        #[arg(long, requires = "from")]
        to: Option<String>,
        /// 只列此类案件（如 合同、行政应诉、两法衔接；默认：全部审查类案件）
        #[arg(long)]
        kind: Option<String>,
        /// 输出文件（以 .docx 结尾时导出 Word 文档，以 .ofd 结尾时导出 OFD 版式文档）
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum FontCmd {
    /// 各字体角色使用的文件
    List,
    /// 改用本单位的字体文件（如仿宋_GB2312、方正小标宋；.ttc 用 文件#序号 选择字形）
    Set {
        /// 字体角色：fang 仿宋 / hei 黑体 / kai 楷体 / title 标题 / song 宋体 / rare 生僻字（代码或名称）
        role: String,
        /// 字体文件（.ttf / .otf / .ttc）
        path: String,
    },
    /// 恢复使用内置字体
    Reset {
        /// 字体角色：fang 仿宋 / hei 黑体 / kai 楷体 / title 标题 / song 宋体 / rare 生僻字（代码或名称）
        role: String,
    },
}

pub fn form(store: &Store, cmd: FormCmd, json: bool) -> Result<()> {
    let FormCmd::Pdf {
        cases,
        form,
        blank,
        out,
    } = cmd;
    let (form, cases) = match (form, blank) {
        (Some(f), None) if !cases.is_empty() => (f, cases),
        (None, Some(b)) if cases.is_empty() => (b, Vec::new()),
        (Some(_), None) => {
            return Err(Error::invalid(
                "案件",
                "请给出要打印的案件，或用 --blank 打印空白表",
            ))
        }
        _ => {
            return Err(Error::invalid(
                "表格",
                "--form（按案件填写）与 --blank（空白表）须且只能用一个；空白表不跟案件",
            ))
        }
    };
    let file = actions::print::FileType::of_path(&out);
    let bytes =
        actions::print::export_forms(store, &form, &cases, file, &out, &mut |done, all| {
            if !json && all > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                eprint!("\r已排版 {done}/{all}");
                if done == all {
                    eprintln!();
                }
            }
        })?;
    report_export(&out, bytes, json)?;
    Ok(())
}

pub fn register(store: &Store, cmd: RegisterCmd, json: bool) -> Result<()> {
    let RegisterCmd::Pdf {
        year,
        from,
        to,
        kind,
        out,
    } = cmd;
    let range = actions::print::RegisterRange::chosen(year, from.as_deref(), to.as_deref())?
        .of_kind(kind.as_deref())?;
    let file = actions::print::FileType::of_path(&out);
    let bytes = actions::print::export_register(store, range, file, &out)?;
    report_export(&out, bytes, json)?;
    Ok(())
}

pub fn font(store: &mut Store, cmd: FontCmd, json: bool) -> Result<()> {
    let rows = match cmd {
        FontCmd::List => actions::print::font_rows(store)?,
        FontCmd::Set { role, path } => actions::print::set_font(store, &role, Some(&path))?,
        FontCmd::Reset { role } => actions::print::set_font(store, &role, None)?,
    };
    if json {
        print_json(&rows)?;
    } else {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.label.to_string(),
                    r.role.to_string(),
                    if r.custom { "本单位" } else { "内置" }.to_string(),
                    r.path.clone(),
                ]
            })
            .collect();
        table::print(&["角色", "代码", "来源", "文件"], &rows);
    }
    Ok(())
}
