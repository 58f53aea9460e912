//! `fashen proposal …`: the 建议提案 register (the case commands with the kind given) and its year's figures.

use clap::Subcommand;

use super::case::{run_kind, KindCmd};
use super::output::{outln, print_json};
use super::table;
use fashen::actions::proposals::{proposal_figures, ProposalCount};
use fashen::model::CaseKind;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum ProposalCmd {
    #[command(flatten)]
    Case(Box<KindCmd>),
    /// 年度办理情况：收到、答复、按时办复率（按类别、按主办单位）和满意率
    Figures {
        /// 年度（按交办日期）
        #[arg(long)]
        year: i32,
    },
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".into(), |r| format!("{:.1}%", r * 100.0))
}

fn cells(c: &ProposalCount) -> Vec<String> {
    vec![
        c.name.clone(),
        c.received.to_string(),
        c.replied.to_string(),
        c.on_time.to_string(),
        c.due.to_string(),
        percent(c.on_time_rate),
    ]
}

pub fn run(store: &mut Store, cmd: ProposalCmd, json: bool) -> Result<()> {
    match cmd {
        ProposalCmd::Case(cmd) => run_kind(store, CaseKind::Proposal, *cmd, json),
        ProposalCmd::Figures { year } => {
            let f = proposal_figures(store, year)?;
            if json {
                return print_json(&f);
            }
            outln!(
                "{year}年度建议提案：收到 {} 件，已答复 {} 件，按时办复率 {}；满意 {} 件、基本满意 {} 件、不满意 {} 件，满意率 {}",
                f.total.received,
                f.total.replied,
                percent(f.on_time_rate),
                f.satisfied,
                f.fairly_satisfied,
                f.dissatisfied,
                percent(f.satisfaction_rate)
            );
            let heads = [
                "类别／主办单位",
                "收到",
                "已答复",
                "按时答复",
                "应答复",
                "按时办复率",
            ];
            let rows: Vec<Vec<String>> = f
                .by_category
                .iter()
                .chain(&f.by_unit)
                .chain([&f.total])
                .map(cells)
                .collect();
            table::print(&heads, &rows);
            for d in &f.definitions {
                outln!("注：{d}");
            }
            Ok(())
        }
    }
}
