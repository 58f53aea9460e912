//! `fashen unit …` and `fashen person …`: the units that send cases and the people who handle them.

use clap::Subcommand;

use super::output::{outln, print_json};
use super::table;
use fashen::actions::parties;
use fashen::model::validate::fmt_date;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum UnitCmd {
    /// 登记单位（送审单位、本机关、律师事务所等）
    Add {
        /// 单位名称
        #[arg(long)]
        name: String,
        /// 文号代字，例如 徒法审
        #[arg(long)]
        code: Option<String>,
        /// government / department / township / authorized_org / law_firm / other
        #[arg(long)]
        kind: Option<String>,
        /// 上级单位（名称或文号代字）
        #[arg(long)]
        parent: Option<String>,
        /// 本机关（使用本软件的单位）
        #[arg(long = "self")]
        is_self: bool,
        /// 联系电话
        #[arg(long)]
        phone: Option<String>,
    },
    /// 列出全部
    List,
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// 登记人员（工作人员或法律顾问）
    Add {
        /// 姓名
        #[arg(long)]
        name: String,
        /// clerk 承办人 / section_head 科室负责人 / leader 分管领导 / advisor 法律顾问
        #[arg(long)]
        role: String,
        /// 所在单位（名称或文号代字）
        #[arg(long)]
        unit: Option<String>,
        /// 联系电话
        #[arg(long)]
        phone: Option<String>,
        /// 法律顾问所在律师事务所
        #[arg(long)]
        law_firm: Option<String>,
        /// 律师执业证号（17 位数字）
        #[arg(long)]
        licence_no: Option<String>,
        /// 聘期开始日期
        #[arg(long)]
        term_start: Option<String>,
        /// 聘期结束日期
        #[arg(long)]
        term_end: Option<String>,
        /// 设为签发人：可签发所在单位的意见书（未指定 --unit 时为本机关）
        #[arg(long)]
        signer: bool,
    },
    /// 指定签发人（签发意见书须由签发人签发），加 --remove 取消
    Signer {
        /// 姓名或编号
        name: String,
        /// 取消签发人
        #[arg(long)]
        remove: bool,
    },
    /// 列出全部
    List,
}

pub fn unit(store: &mut Store, cmd: UnitCmd, json: bool) -> Result<()> {
    match cmd {
        UnitCmd::Add {
            name,
            code,
            kind,
            parent,
            is_self,
            phone,
        } => {
            let u = parties::add_unit(
                store,
                &parties::NewUnit {
                    name,
                    code,
                    kind,
                    parent,
                    is_self,
                    phone,
                },
            )?;
            if json {
                print_json(&u)?
            } else {
                outln!("已登记单位：{}（编号 {}）", u.name, u.id.short())
            }
        }
        UnitCmd::List => {
            let units = parties::list_units(store)?;
            if json {
                print_json(&units)?;
            } else {
                let rows: Vec<Vec<String>> = units
                    .iter()
                    .map(|u| {
                        vec![
                            u.name.clone(),
                            u.code.clone().unwrap_or_default(),
                            u.kind.label().to_string(),
                            if u.is_self {
                                "本机关".into()
                            } else {
                                String::new()
                            },
                            u.id.short(),
                        ]
                    })
                    .collect();
                table::print(&["单位名称", "文号代字", "类型", "", "编号"], &rows);
            }
        }
    }
    Ok(())
}

pub fn person(store: &mut Store, cmd: PersonCmd, json: bool) -> Result<()> {
    match cmd {
        PersonCmd::Add {
            name,
            role,
            unit,
            phone,
            law_firm,
            licence_no,
            term_start,
            term_end,
            signer,
        } => {
            let p = parties::add_person(
                store,
                &parties::NewPerson {
                    name,
                    role,
                    unit,
                    phone,
                    law_firm,
                    licence_no,
                    term_start,
                    term_end,
                    signs: signer,
                },
            )?;
            if json {
                print_json(&p)?
            } else {
                outln!(
                    "已登记人员：{}（{}{}）",
                    p.name,
                    p.role.label(),
                    if p.signs { "，签发人" } else { "" }
                )
            }
        }
        PersonCmd::Signer { name, remove } => {
            let p = parties::set_signer(store, &name, !remove)?;
            if json {
                print_json(&p)?
            } else if p.signs {
                outln!("{}现为签发人，可签发本单位的意见书", p.name)
            } else {
                outln!("{}不再是签发人", p.name)
            }
        }
        PersonCmd::List => {
            let people = parties::list_people(store)?;
            if json {
                print_json(&people)?;
            } else {
                let rows: Vec<Vec<String>> = people
                    .iter()
                    .map(|p| {
                        let (firm, licence, term) = match &p.advisor {
                            Some(a) => (
                                a.law_firm.clone(),
                                a.licence_no.clone(),
                                match (a.term_start, a.term_end) {
                                    (Some(s), Some(e)) => {
                                        format!("{}—{}", fmt_date(s), fmt_date(e))
                                    }
                                    _ => String::new(),
                                },
                            ),
                            None => Default::default(),
                        };
                        vec![
                            p.name.clone(),
                            p.role.label().into(),
                            if p.signs { "签发人" } else { "" }.into(),
                            firm,
                            licence,
                            term,
                            p.id.short(),
                        ]
                    })
                    .collect();
                table::print(
                    &[
                        "姓名",
                        "角色",
                        "签发",
                        "律师事务所",
                        "执业证号",
                        "聘期",
                        "编号",
                    ],
                    &rows,
                );
            }
        }
    }
    Ok(())
}
