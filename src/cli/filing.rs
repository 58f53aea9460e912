//! `fashen filing …` and `fashen attach`: filing records (备案) and attachments.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{outln, print_json};
use super::table;
use fashen::actions::{self, records};
use fashen::model::validate::fmt_date;
use fashen::{Error, Result, Store};

#[derive(Debug, Args, Default)]
pub struct FilingArgs {
    /// npc_standing_committee 人大常委会 / upper_government 上级政府
    #[arg(long)]
    pub channel: Option<String>,
    /// 报送日期
    #[arg(long)]
    pub submitted: Option<String>,
    /// 备案回执号
    #[arg(long)]
    pub receipt_no: Option<String>,
    /// registered / supplement / review_opinion / correction
    #[arg(long)]
    pub result: Option<String>,
    /// 备注
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FilingCmd {
    /// 登记一条备案记录（报备期限按期限规则自动推算）
    Add {
        /// 案件：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        #[command(flatten)]
        filing: FilingArgs,
    },
    /// 修改备案记录
    Edit {
        /// 备案记录编号（见 filing list）
        id: String,
        #[command(flatten)]
        filing: FilingArgs,
    },
    /// 列出备案记录及报备期限
    List {
        /// 只列此案件的（登记编号或编号）
        #[arg(long = "case")]
        case_id: Option<String>,
    },
}

fn filing_input(a: FilingArgs) -> records::FilingInput {
    records::FilingInput {
        channel: a.channel,
        submitted_on: a.submitted,
        receipt_no: a.receipt_no,
        result: a.result,
        note: a.note,
    }
}

pub fn run(store: &mut Store, cmd: FilingCmd, json: bool) -> Result<()> {
    match cmd {
        FilingCmd::Add { case_id, filing } => {
            let case = actions::find_case(store, &case_id)?;
            let f = records::add_filing(store, case.id, &filing_input(filing))?;
            if json {
                print_json(&f)?
            } else {
                outln!("已添加备案记录（{}）：{}", f.channel.label(), f.id)
            }
        }
        FilingCmd::Edit { id, filing } => {
            let uuid = id
                .trim()
                .parse()
                .map_err(|_| Error::not_found("备案记录", &id))?;
            let f = records::edit_filing(store, uuid, &filing_input(filing))?;
            if json {
                print_json(&f)?
            } else {
                outln!("已更新备案记录（{}）", f.channel.label())
            }
        }
        FilingCmd::List { case_id } => {
            let list = records::list_filings(store, case_id.as_deref())?;
            if json {
                print_json(&list.iter().map(|(f, _)| f).collect::<Vec<_>>())?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .into_iter()
                    .map(|(view, case)| {
                        let f = &view.filing;
                        vec![
                            case.as_ref()
                                .map(|c| c.reg_no.to_string())
                                .unwrap_or_default(),
                            table::clip(&case.map(|c| c.title).unwrap_or_default(), 36),
                            f.channel.label().into(),
                            view.due.map(fmt_date).unwrap_or_default(),
                            f.submitted_on.map(fmt_date).unwrap_or_default(),
                            f.receipt_no.clone().unwrap_or_default(),
                            f.result.map(|r| r.label().to_string()).unwrap_or_default(),
                            f.id.short(),
                        ]
                    })
                    .collect();
                table::print(
                    &[
                        "登记编号",
                        "文件",
                        "渠道",
                        "报备期限",
                        "报送日期",
                        "回执号",
                        "结果",
                        "编号",
                    ],
                    &rows,
                );
            }
        }
    }
    Ok(())
}

/// `fashen attach CASE FILE`.
pub fn attach(
    store: &mut Store,
    case: String,
    file: PathBuf,
    label: Option<String>,
    json: bool,
) -> Result<()> {
    let c = actions::find_case(store, &case)?;
    let a = records::attach_path(store, c.id, &file, label.as_deref())?;
    if json {
        print_json(&a)?
    } else {
        outln!(
            "已添加附件：{}（{} 字节，SHA-256 {}）；{}",
            a.attachment.name,
            a.attachment.size,
            &a.attachment.sha256[..16],
            a.content
        )
    }
    Ok(())
}
