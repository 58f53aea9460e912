//! `fashen litigation …`: the lawsuit register's noun — the case commands with the kind given, its hearings,
//! and its judgment (the step 已判决 with its facts, together or not at all).

use clap::Subcommand;

use super::output::{outln, print_json};
use fashen::actions;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum LitigationCmd {
    #[command(flatten)]
    Suit(super::case::KindCmd),
    /// 庭审记录：添加、列出、删除（同 fashen hearing）
    #[command(subcommand)]
    Hearing(super::hearing::HearingCmd),
    /// 登记裁判：裁判日期、结果、是否败诉、送达日期（案件变更为“已判决”，上诉期自送达之日起算）
    Judgment {
        /// 行政应诉案件：登记编号或编号
        id: String,
        /// 裁判结果（如 驳回诉讼请求、撤销被诉行为、确认违法、责令履行职责、准予撤诉）
        #[arg(long)]
        result: String,
        /// 裁判日期（默认今天）
        #[arg(long)]
        on: Option<String>,
        /// 行政机关败诉（默认按裁判结果：撤销、确认违法、责令履行、变更为败诉）
        #[arg(long, conflicts_with = "won")]
        lost: bool,
        /// 行政机关未败诉
        #[arg(long)]
        won: bool,
        /// 裁判文书送达日期
        #[arg(long)]
        served_on: Option<String>,
    },
}

pub fn run_litigation(store: &mut Store, cmd: LitigationCmd, json: bool) -> Result<()> {
    match cmd {
        LitigationCmd::Suit(cmd) => {
            super::case::run_kind(store, fashen::model::CaseKind::Litigation, cmd, json)
        }
        LitigationCmd::Hearing(cmd) => super::hearing::run(store, cmd, json),
        LitigationCmd::Judgment {
            id,
            result,
            on,
            lost,
            won,
            served_on,
        } => {
            let case = actions::find_case(store, &id)?;
            let input = actions::cases::JudgmentInput {
                on,
                result,
                lost: (lost || won).then_some(lost),
                served_on,
            };
            let saved = actions::cases::record_judgment(store, case.id, &input)?;
            if json {
                print_json(&saved.record)
            } else {
                outln!("已登记 {} 的裁判，状态：已判决", saved.record.reg_no);
                Ok(())
            }
        }
    }
}
