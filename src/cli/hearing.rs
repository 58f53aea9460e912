//! `fashen hearing …`: the hearings of a lawsuit (行政应诉 庭审), and who appeared for the defendant.

use clap::Subcommand;

use super::output::{outln, print_json};
use super::table;
use fashen::actions::{self, records};
use fashen::model::validate::fmt_date;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum HearingCmd {
    /// 记录一次开庭及出庭应诉人员（行政机关负责人未出庭的须写明原因）
    Add {
        /// 行政应诉案件：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 开庭日期
        #[arg(long)]
        on: String,
        /// head 行政机关负责人 / deputy_head 副职负责人 / staff 工作人员 / absent 未出庭 / pending 待定（尚未开庭的）
        #[arg(long)]
        appeared: String,
        /// 出庭人员姓名及职务
        #[arg(long)]
        names: Option<String>,
        /// 法庭
        #[arg(long)]
        room: Option<String>,
        /// 负责人未出庭的原因
        #[arg(long)]
        reason: Option<String>,
    },
    /// 列出案件的庭审记录
    List {
        /// 行政应诉案件：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
    },
    /// 删除误录的庭审记录
    Delete {
        /// 庭审记录编号（见 hearing list）
        id: String,
    },
}

pub fn run(store: &mut Store, cmd: HearingCmd, json: bool) -> Result<()> {
    match cmd {
        HearingCmd::Add {
            case_id,
            on,
            appeared,
            names,
            room,
            reason,
        } => {
            let case = actions::find_case(store, &case_id)?;
            let input = records::HearingInput {
                on,
                court_room: room,
                appeared,
                appeared_names: names,
                reason,
            };
            let h = records::add_hearing(store, case.id, &input)?;
            if json {
                print_json(&h)?
            } else {
                outln!(
                    "已记录 {} 的庭审：{}，{}（{}）",
                    case.reg_no,
                    fmt_date(h.on),
                    h.appeared.label(),
                    h.id
                )
            }
        }
        HearingCmd::List { case_id } => {
            let list = records::hearings(store, &case_id)?;
            if json {
                print_json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|h| {
                        vec![
                            fmt_date(h.on),
                            h.appeared.label().to_string(),
                            h.appeared_names.clone().unwrap_or_default(),
                            h.reason.clone().unwrap_or_default(),
                            fashen::ids::short(h.id.0),
                        ]
                    })
                    .collect();
                table::print(
                    &["开庭日期", "出庭人员", "姓名", "未出庭原因", "编号"],
                    &rows,
                );
            }
        }
        HearingCmd::Delete { id } => {
            records::delete_hearing(store, records::find_hearing(store, &id)?)?;
            outln!("已删除庭审记录")
        }
    }
    Ok(())
}
