//! `fashen clause …`: the clause library (常用审查意见).

use clap::Subcommand;

use super::output::{outln, print_json};
use fashen::model::CaseKind;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum ClauseCmd {
    /// 查找（多个词须全部出现）
    List {
        /// 标题或内容包含的文字
        #[arg(long)]
        search: Option<String>,
        /// 只列适用于此类案件的
        #[arg(long)]
        kind: Option<String>,
    },
    /// 新增一条本单位的常用意见
    Add {
        /// 标题
        #[arg(long)]
        title: String,
        /// 存在问题
        #[arg(long)]
        problem: String,
        /// 法律依据
        #[arg(long)]
        basis: Option<String>,
        /// 修改建议
        #[arg(long)]
        suggestion: Option<String>,
        /// 适用的案件类别（可重复；不给则适用于全部）
        #[arg(long)]
        kind: Vec<String>,
    },
    /// 停用一条（不再出现在查找结果中）
    Retire {
        /// 条目编号（见 clause list）
        id: String,
    },
}

pub fn run(store: &mut Store, cmd: ClauseCmd, json: bool) -> Result<()> {
    use fashen::actions::clauses;
    match cmd {
        ClauseCmd::List { search, kind } => {
            let kind = kind.as_deref().map(CaseKind::typed).transpose()?;
            let found = clauses::search_clauses(store, search.as_deref().unwrap_or(""), kind)?;
            if json {
                return print_json(&found);
            }
            for c in &found {
                let whose = if c.code.is_some() {
                    "内置"
                } else {
                    "本单位"
                };
                outln!("【{}】（{whose}，{}）", c.title, c.id.short());
                outln!("  存在问题：{}", c.problem);
                if !c.legal_basis.is_empty() {
                    outln!("  法律依据：{}", c.legal_basis);
                }
                if !c.suggestion.is_empty() {
                    outln!("  修改建议：{}", c.suggestion);
                }
            }
            outln!("共 {} 条", found.len());
        }
        ClauseCmd::Add {
            title,
            problem,
            basis,
            suggestion,
            kind,
        } => {
            let c = clauses::add_clause(
                store,
                &clauses::ClauseInput {
                    title,
                    kinds: kind,
                    problem,
                    legal_basis: basis.unwrap_or_default(),
                    suggestion: suggestion.unwrap_or_default(),
                },
            )?;
            if json {
                print_json(&c)?
            } else {
                outln!("已加入常用意见库：{}（{}）", c.title, c.id)
            }
        }
        ClauseCmd::Retire { id } => {
            let c = clauses::retire_clause(store, &id)?;
            if json {
                print_json(&c)?
            } else {
                outln!("已停用：{}", c.title)
            }
        }
    }
    Ok(())
}
