//! `fashen choice …`: the office's lists of choices (办理类别, 成果形式) — list them, add an entry or reword one.

use clap::Subcommand;

use super::output::{outln, print_json};
use super::table;
use fashen::actions::choices;
use fashen::model::choice::ChoiceList;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum ChoiceCmd {
    /// 列出选项列表（默认全部）
    List {
        /// 列表：办理类别 / 成果形式
        #[arg(long)]
        list: Option<String>,
    },
    /// 添加选项，或修改已有选项的名称（代码不变）
    Set {
        /// 列表：办理类别 / 成果形式
        #[arg(long)]
        list: String,
        /// 代码（办理类别为字母，如 D；成果形式即其名称）
        #[arg(long)]
        code: String,
        /// 名称（办理类别如「已办结」）
        #[arg(long)]
        label: Option<String>,
    },
}

fn list_of(typed: &str) -> Result<ChoiceList> {
    let t = typed.trim();
    match ChoiceList::ALL.iter().find(|l| l.label() == t) {
        Some(&l) => Ok(l),
        None => ChoiceList::parse(t),
    }
}

pub fn run(store: &mut Store, cmd: ChoiceCmd, json: bool) -> Result<()> {
    match cmd {
        ChoiceCmd::List { list } => {
            let lists: Vec<choices::ChoiceListView> = match list {
                Some(l) => {
                    let list = list_of(&l)?;
                    vec![choices::ChoiceListView {
                        list,
                        name: list.label(),
                        items: choices::choice_items(store, list)?,
                    }]
                }
                None => choices::choice_lists(store)?,
            };
            if json {
                return print_json(&lists);
            }
            let rows: Vec<Vec<String>> = lists
                .iter()
                .flat_map(|l| {
                    l.items.iter().map(|i| {
                        vec![
                            l.name.to_string(),
                            i.code.clone(),
                            i.label.clone(),
                            if i.built_in {
                                "内置"
                            } else {
                                "本机关添加"
                            }
                            .to_string(),
                        ]
                    })
                })
                .collect();
            table::print(&["列表", "代码", "名称", "来源"], &rows);
        }
        ChoiceCmd::Set { list, code, label } => {
            let list = list_of(&list)?;
            let label = label.unwrap_or_else(|| code.clone());
            let item = choices::set_choice(store, list, &code, &label)?;
            if json {
                return print_json(&item);
            }
            outln!("{}：{} {}", list.label(), item.code, item.label);
        }
    }
    Ok(())
}
