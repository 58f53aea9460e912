//! `fashen calendar …`, `fashen rule …` and `fashen deadlines`: the working-day calendar, the rule table
//! and the open deadlines.

use std::path::PathBuf;

use clap::Subcommand;

use super::output::{outln, print_json, print_moves};
use super::table;
use fashen::actions::deadlines::{self as deadline_actions, ChangeReport, DeadlineItem};
use fashen::model::validate::fmt_date;
use fashen::{Error, Result, Store};

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// 某日是否为工作日（依工作日历，含调休）
    IsWorkday {
        /// 日期，如 2026-10-10
        date: String,
    },
    /// 某日之后第 N 个工作日（起算日不计入）
    AddWorkdays {
        /// 起算日（不计入）
        date: String,
        /// 工作日数
        #[arg(allow_hyphen_values = true)]
        n: i64,
    },
    /// 导入日历文件（格式见 assets/calendar/README.md），整份文件校验通过后一次写入
    Import {
        /// 日历文件（JSON）
        file: PathBuf,
    },
    /// 导出全部日历为可导入的文件
    Export {
        /// 写到此文件（默认输出到屏幕）
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 已录入的年份及其依据文件
    List,
    /// 一年的放假与调休安排
    Show {
        /// 年份
        year: i32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// 全部期限规则
    List,
    /// 修改一项规则（未给出的项保持不变）
    Set {
        /// 规则代码，如 normative_review
        code: String,
        /// 期限数值
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<i64>,
        /// working_days / calendar_days / months / years（或 工作日 / 日 / 个月 / 年）
        #[arg(long)]
        unit: Option<String>,
        /// 可延长的工作日数
        #[arg(long, allow_hyphen_values = true)]
        extension: Option<i64>,
        /// 内置依据的说明（一般不改；本地规定请用 --local-source）
        #[arg(long)]
        source: Option<String>,
        /// 本地依据：本省、本市规定的文件名称、文号、条款（空字符串清除）
        #[arg(long)]
        local_source: Option<String>,
        /// 备注
        #[arg(long)]
        note: Option<String>,
        /// 停用此规则
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        /// 启用此规则
        #[arg(long)]
        enable: bool,
    },
}

fn print_deadlines(items: &[DeadlineItem]) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let light = match i.urgency {
                deadline_actions::Urgency::Overdue => "红·已逾期",
                deadline_actions::Urgency::DueToday => "黄·今日到期",
                deadline_actions::Urgency::Amber => "黄·即将到期",
                deadline_actions::Urgency::Green => "绿",
                deadline_actions::Urgency::Paused => "暂停",
                deadline_actions::Urgency::Unlit => "—",
            };
            vec![
                i.row.reg_no.clone(),
                table::clip(&i.row.title, 30),
                table::clip(&i.row.label, 22),
                i.row.due.map(fmt_date).unwrap_or_else(|| "—".into()),
                format!(
                    "{}{}",
                    i.left_text,
                    if i.row.provisional {
                        "（暂按周一至周五计）"
                    } else {
                        ""
                    }
                ),
                light.into(),
            ]
        })
        .collect();
    table::print(
        &["登记编号", "事项名称", "期限", "到期日", "剩余", "提示"],
        &rows,
    );
    outln!("共 {} 项", items.len());
}

fn print_change(r: &ChangeReport) {
    for (what, list) in [
        ("新增", &r.added),
        ("更改", &r.changed),
        ("未变", &r.unchanged),
    ] {
        if !list.is_empty() {
            outln!("{what}：{}", list.join("、"));
        }
    }
    if r.moves.is_empty() {
        outln!("没有期限因此变动");
    } else {
        print_moves(&r.moves);
    }
}

pub fn calendar(store: &mut Store, cmd: CalendarCmd, json: bool) -> Result<()> {
    match cmd {
        CalendarCmd::IsWorkday { date } => {
            let d = deadline_actions::day_info(store, &date)?;
            if json {
                print_json(&d)?;
            } else {
                let name = d.name.map(|n| format!("（{n}）")).unwrap_or_default();
                let warn = if d.provisional {
                    "；该年节假日安排尚未录入，暂按周一至周五计"
                } else {
                    ""
                };
                outln!(
                    "{} {}：{}{name}{warn}",
                    fmt_date(d.date),
                    if d.is_workday {
                        "是工作日"
                    } else {
                        "不是工作日"
                    },
                    d.label
                );
            }
        }
        CalendarCmd::AddWorkdays { date, n } => {
            let r = deadline_actions::add_workdays(store, &date, n)?;
            if json {
                print_json(&r)?;
            } else {
                outln!(
                    "{} 之后第 {} 个工作日：{}{}",
                    fmt_date(r.start),
                    r.days,
                    fmt_date(r.date),
                    if r.provisional {
                        "（涉及尚未录入节假日安排的年份，暂按周一至周五计）"
                    } else {
                        ""
                    }
                );
            }
        }
        CalendarCmd::Import { file } => {
            let r = deadline_actions::import_calendar_path(store, &file)?;
            if json {
                print_json(&r)?;
            } else {
                print_change(&r);
            }
        }
        CalendarCmd::Export { out } => {
            let text = deadline_actions::export_calendar(store)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text + "\n")?;
                    outln!("已导出到 {}", path.display());
                }
                None => outln!("{text}"),
            }
        }
        CalendarCmd::List => {
            let o = deadline_actions::calendar_overview(store)?;
            if json {
                print_json(&o)?;
            } else {
                let rows: Vec<Vec<String>> = o
                    .years
                    .iter()
                    .map(|y| {
                        vec![
                            y.year.to_string(),
                            y.holidays.to_string(),
                            y.make_up_workdays.to_string(),
                            if y.builtin {
                                "内置"
                            } else {
                                "本单位录入"
                            }
                            .into(),
                            y.source.clone(),
                        ]
                    })
                    .collect();
                table::print(&["年份", "放假天数", "调休上班", "来源", "依据"], &rows);
                for y in &o.missing {
                    outln!("提示：{y}年的节假日安排尚未录入，涉及该年的期限暂按周一至周五计算");
                }
            }
        }
        CalendarCmd::Show { year } => {
            let v = deadline_actions::calendar_year(store, year)?;
            if json {
                print_json(&v)?;
            } else {
                match &v.record {
                    None => outln!("{year}年的节假日安排尚未录入：暂按周一至周五为工作日"),
                    Some(r) => {
                        outln!("{year}年  依据：{}", r.source);
                        for s in &r.holidays {
                            outln!(
                                "  放假  {} {} 至 {}",
                                s.name,
                                fmt_date(s.from),
                                fmt_date(s.to)
                            );
                        }
                        for s in &r.make_up_workdays {
                            outln!("  上班  {} {}", s.name, fmt_date(s.from));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

pub fn rule(store: &mut Store, cmd: RuleCmd, json: bool) -> Result<()> {
    match cmd {
        RuleCmd::List => {
            let rules = deadline_actions::rule_table(store)?;
            if json {
                print_json(&rules)?;
            } else {
                let rows: Vec<Vec<String>> = rules
                    .iter()
                    .map(|r| {
                        vec![
                            r.code.code().into(),
                            r.label.into(),
                            if r.rule.enabled {
                                r.period.clone()
                            } else {
                                "（停用）".into()
                            },
                            r.start_label.into(),
                            table::clip(&r.source_text, 60),
                        ]
                    })
                    .collect();
                table::print(&["代码", "规则", "期限", "起算", "依据"], &rows);
            }
        }
        RuleCmd::Set {
            code,
            amount,
            unit,
            extension,
            source,
            local_source,
            note,
            disable,
            enable,
        } => {
            let current = deadline_actions::rule_table(store)?
                .into_iter()
                .find(|r| r.code.code() == code.trim() || r.label == code.trim())
                .ok_or_else(|| {
                    fashen::model::rule::RuleCode::parse(&code)
                        .err()
                        .unwrap_or_else(|| Error::not_found("期限规则", &code))
                })?;
            let r = current.rule;
            let input = deadline_actions::RuleInput {
                amount: amount.unwrap_or(i64::from(r.amount)),
                unit: unit.unwrap_or_else(|| r.unit.code().to_string()),
                extension: extension.or(r.extension.map(i64::from)),
                source: source.unwrap_or(r.source),
                local_source: local_source.or(r.local_source),
                note: note.or(r.note),
                enabled: if disable { false } else { enable || r.enabled },
            };
            let report = deadline_actions::set_rule(store, r.code.code(), &input)?;
            if json {
                print_json(&report)?;
            } else {
                print_change(&report);
            }
        }
    }
    Ok(())
}

/// `fashen deadlines`: open deadlines, soonest first.
pub fn deadlines(store: &Store, within: Option<u32>, overdue: bool, json: bool) -> Result<()> {
    let items = deadline_actions::deadline_list(
        store,
        &deadline_actions::DeadlineFilter { within, overdue },
    )?;
    if json {
        print_json(&items)?;
    } else {
        print_deadlines(&items);
    }
    Ok(())
}
