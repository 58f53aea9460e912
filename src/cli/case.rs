//! `fashen case …` and `fashen history`: register, list, show, edit and move cases on; print the deadlines a
//! change moved.

use clap::{Args, Subcommand};

use super::fields::FieldArgs;
use super::output::{outln, print_json, print_moves};
use super::table;
use fashen::actions::spreadsheets::{self, SheetType};
use fashen::actions::{self, cases, Saved};
use fashen::model::validate::fmt_date;
use fashen::model::{CaseKind, ReviewCase, Status, CASE_FIELDS};
use fashen::{Error, Result, Store};

#[allow(clippy::large_enum_variant)]
/// A register's filters and paging, the same for `case list` and each register's `list`.
#[derive(Debug, Args)]
pub struct ListFilters {
    /// 状态（代码或名称，如 in_review、审查中）
    #[arg(long)]
    status: Option<String>,
    /// 单位：送审单位、被告、被申请人、移送机关（名称或文号代字）
    #[arg(long)]
    unit: Option<String>,
    /// 登记年份
    #[arg(long)]
    year: Option<i32>,
    /// 承办人姓名
    #[arg(long)]
    assignee: Option<String>,
    /// 事项名称中的词（空格分隔的词须全部出现；"…" 为整句；-词 排除）
    #[arg(long)]
    title: Option<String>,
    /// 只列在办案件（不含已办结、有效期内的文件）
    #[arg(long)]
    active: bool,
    /// 每页件数
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// 第几页
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// 排序：reg 登记编号（新的在前，默认）、due 到期日（最近到期在前）、due_desc 到期日倒序
    #[arg(long, default_value = "reg")]
    sort: String,
    /// 只列一项统计数字所计的案件（统计指标代码，如 normative_reviewed；与 --from、--to 合用）
    #[arg(long, requires_all = ["from", "to"])]
    figure: Option<String>,
    /// 统计起始日期（与 --figure 合用）
    #[arg(long, requires = "figure")]
    from: Option<String>,
    /// 统计截止日期（与 --figure 合用）
    #[arg(long, requires = "figure")]
    to: Option<String>,
    /// 法律顾问（与 --figure 合用：只计该顾问参与的）
    #[arg(long, requires = "figure")]
    advisor: Option<String>,
    /// 把筛选出的全部案件（不分页）导出为 Excel 文件（.xlsx）
    #[arg(long, conflicts_with = "csv")]
    xlsx: Option<std::path::PathBuf>,
    /// 把筛选出的全部案件（不分页）导出为 CSV 文件（UTF-8，WPS 和 Excel 可直接打开）
    #[arg(long)]
    csv: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// 登记新案件
    New {
        /// normative_doc / major_decision / contract / enforcement / penalty_filing / advice
        #[arg(long)]
        kind: String,
        /// 指定登记编号（默认自动编号）
        #[arg(long)]
        reg_no: Option<String>,
        /// 允许指定的登记编号比本年下一个编号大 100 以上（补登纸质登记簿时）
        #[arg(long, requires = "reg_no")]
        allow_gap: bool,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 案件登记簿
    List {
        /// 类别（代码或名称，如 contract、合同）
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        filters: ListFilters,
    },
    /// 案件详情（含历史）
    Show {
        /// 案件：登记编号（如 2026-001）或编号
        id: String,
    },
    /// 修改案件字段
    Edit {
        /// 案件：登记编号或编号
        id: String,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 变更状态
    Advance {
        /// 案件：登记编号或编号
        id: String,
        /// 变更为的状态（代码或名称，如 审查中；可选项见 case show）
        #[arg(long)]
        to: String,
        /// 说明（如无签发意见书出具意见的理由）
        #[arg(long)]
        note: Option<String>,
        /// 变更日期（默认今天，不能晚于今天）
        #[arg(long)]
        on: Option<String>,
        /// 审查结论（代码或名称，如 修改后合法），出具意见时填写
        #[arg(long)]
        outcome: Option<String>,
        /// 复议决定（如 维持），登记“已作出复议决定”时填写
        #[arg(long)]
        decision: Option<String>,
    },
    /// 暂停计时（待补正）
    Pause {
        /// 案件：登记编号或编号
        id: String,
        /// 待补正的材料或原因
        #[arg(long)]
        reason: String,
        /// 通知补正日期（默认今天）
        #[arg(long)]
        on: Option<String>,
    },
    /// 恢复计时（材料已补正）
    Resume {
        /// 案件：登记编号或编号
        id: String,
        /// 补正情况说明
        #[arg(long)]
        note: Option<String>,
        /// 材料补正齐全之日（默认今天）
        #[arg(long)]
        on: Option<String>,
    },
    /// 延期
    Extend {
        /// 案件：登记编号或编号
        id: String,
        /// 延长的工作日数
        #[arg(long, allow_negative_numbers = true)]
        days: i64,
        /// 延期理由
        #[arg(long)]
        reason: String,
        /// 批准人（科室负责人或分管领导）姓名
        #[arg(long)]
        approver: String,
        /// 批准日期（默认今天）
        #[arg(long)]
        on: Option<String>,
    },
    /// 列出各类案件可填写的字段
    Fields {
        /// 只列此类别（代码或名称）
        #[arg(long)]
        kind: Option<String>,
    },
}

/// A register that is a kind of case (`fashen litigation …`, `fashen reconsideration …`, `fashen transfer …`):
/// the case commands with the kind given. Anything else (attachments, letters, forms, history) is the case's,
/// under `fashen case`, `fashen attach`, `fashen form`.
#[derive(Debug, Subcommand)]
pub enum KindCmd {
    /// 登记新案件（字段见 fashen case fields --kind 类别）
    New {
        /// 指定登记编号（默认自动编号）
        #[arg(long)]
        reg_no: Option<String>,
        /// 允许指定的登记编号比本年下一个编号大 100 以上（补登纸质登记簿时）
        #[arg(long, requires = "reg_no")]
        allow_gap: bool,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 登记簿
    List {
        #[command(flatten)]
        filters: ListFilters,
    },
    /// 案件详情（含期限和历史）
    Show {
        /// 案件：登记编号或编号
        id: String,
    },
    /// 修改字段（如 --judgment-result 驳回诉讼请求 --judgment-served-on 2026-09-16）
    Edit {
        /// 案件：登记编号或编号
        id: String,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 办理环节（如 已答辩、已答复、已批准移送、公安机关已立案）
    Step {
        /// 案件：登记编号或编号
        id: String,
        /// 变更为的状态（代码或名称；可选项见 show）
        #[arg(long)]
        to: String,
        /// 说明（不批准移送的理由等）
        #[arg(long)]
        note: Option<String>,
        /// 日期（默认今天）
        #[arg(long)]
        on: Option<String>,
        /// 复议决定（如 维持），登记“已作出复议决定”时填写
        #[arg(long)]
        decision: Option<String>,
    },
}

/// Runs a register's command as the case command it is, for cases of `kind`; a case of another kind named
/// to `show`, `edit` or `step` is refused (行政应诉 2026-005 is not a contract's number).
pub fn run_kind(store: &mut Store, kind: CaseKind, cmd: KindCmd, json: bool) -> Result<()> {
    let mine = |store: &Store, id: &str| -> Result<()> {
        let case = actions::find_case(store, id)?;
        if case.kind() == kind {
            Ok(())
        } else {
            Err(Error::Refused(format!(
                "案件 {} 是{}，不是{}案件",
                case.reg_no,
                case.kind().label(),
                kind.short_label()
            )))
        }
    };
    let cmd = match cmd {
        KindCmd::New {
            reg_no,
            allow_gap,
            fields,
        } => CaseCmd::New {
            kind: kind.code().into(),
            reg_no,
            allow_gap,
            fields,
        },
        KindCmd::List { filters } => CaseCmd::List {
            kind: Some(kind.code().into()),
            filters,
        },
        KindCmd::Show { id } => {
            mine(store, &id)?;
            CaseCmd::Show { id }
        }
        KindCmd::Edit { id, fields } => {
            mine(store, &id)?;
            CaseCmd::Edit { id, fields }
        }
        KindCmd::Step {
            id,
            to,
            note,
            on,
            decision,
        } => {
            mine(store, &id)?;
            CaseCmd::Advance {
                id,
                to,
                note,
                on,
                outcome: None,
                decision,
            }
        }
    };
    run(store, cmd, json)
}

fn parse_kind(k: &str) -> Result<CaseKind> {
    CaseKind::typed(k)
}

pub fn run(store: &mut Store, cmd: CaseCmd, json: bool) -> Result<()> {
    match cmd {
        CaseCmd::New {
            kind,
            reg_no,
            allow_gap,
            fields,
        } => {
            let manual = reg_no
                .as_deref()
                .map(|reg_no| cases::ManualRegNo { reg_no, allow_gap });
            let c = cases::register_case(store, parse_kind(&kind)?, &fields.0, manual)?;
            let view = cases::case_view(store, c)?;
            if json {
                print_json(&view)?;
            } else {
                outln!(
                    "已登记 {} {}（{}），状态：{}",
                    view.reg_no,
                    view.title,
                    view.id,
                    view.status_label
                );
            }
        }
        CaseCmd::List { kind, filters } => {
            let ListFilters {
                status,
                unit,
                year,
                assignee,
                title,
                active,
                limit,
                page,
                sort,
                figure,
                from,
                to,
                advisor,
                xlsx,
                csv,
            } = filters;
            let sort = match sort.trim() {
                "reg" | "登记编号" => cases::CaseSort::Reg,
                "due" | "到期日" => cases::CaseSort::Due,
                "due_desc" | "到期日倒序" => cases::CaseSort::DueDesc,
                other => {
                    return Err(Error::invalid(
                        "排序",
                        format!(
                            "未知的排序「{other}」，可选：reg（登记编号）、due（到期日）、due_desc（到期日倒序）"
                        ),
                    ))
                }
            };
            if limit == 0 || page == 0 {
                return Err(Error::invalid("分页", "每页条数和页码须大于 0"));
            }
            let filter = cases::CaseFilter {
                kind: kind.as_deref().map(parse_kind).transpose()?,
                status: status.as_deref().map(Status::parse).transpose()?,
                // With a figure, the unit is the figure's (a task's is its 牵头部门, not its plan's unit).
                unit_id: unit
                    .as_deref()
                    .filter(|_| figure.is_none())
                    .map(|u| actions::find_unit(store, u).map(|u| u.id.0))
                    .transpose()?,
                year,
                assignee_id: assignee
                    .as_deref()
                    .map(|a| actions::find_person(store, a).map(|p| p.id.0))
                    .transpose()?,
                title_contains: title,
                active_only: active,
                figure: figure
                    .map(|code| {
                        let req = fashen::actions::stats::StatsRequest {
                            from: from.unwrap_or_default(),
                            to: to.unwrap_or_default(),
                            unit: unit.clone(),
                            advisor,
                            ..Default::default()
                        };
                        fashen::actions::stats::figure_filter(store, &code, &req)
                    })
                    .transpose()?,
                limit: Some(limit),
                offset: (page - 1).saturating_mul(limit),
                sort,
            };
            if let Some((path, kind)) = xlsx
                .map(|p| (p, SheetType::Xlsx))
                .or(csv.map(|p| (p, SheetType::Csv)))
            {
                let bytes = spreadsheets::export_case_sheet(store, &filter, kind, &path)?;
                if json {
                    return print_json(&serde_json::json!({ "path": path, "bytes": bytes }));
                }
                outln!("已导出登记簿：{}（{} 字节）", path.display(), bytes);
                return Ok(());
            }
            let result = cases::list_cases(store, &filter)?;
            if json {
                print_json(&result)?;
            } else {
                let rows: Vec<Vec<String>> = result
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.reg_no.clone(),
                            r.kind.short_label().into(),
                            table::clip(&r.title, 40),
                            table::clip(&r.unit_name, 20),
                            r.status.label().into(),
                            r.received.clone(),
                            r.assignee_name.clone().unwrap_or_default(),
                            r.next_due.map(fmt_date).unwrap_or_default(),
                        ]
                    })
                    .collect();
                // A list of one kind names its columns as that kind does (被告, 收到起诉状副本日期).
                let name = |code: &str, general: &'static str| {
                    filter
                        .kind
                        .map_or(general, |k| fashen::model::case::field_label(code, k))
                };
                table::print(
                    &[
                        "登记编号",
                        "类别",
                        name("title", "事项名称"),
                        name("unit", "送审单位"),
                        "状态",
                        name("received", "收文日期"),
                        "承办人",
                        "最近到期",
                    ],
                    &rows,
                );
                let pages = result.total.div_ceil(u64::from(limit)).max(1);
                outln!("共 {} 件，第 {page}/{pages} 页", result.total);
            }
        }
        CaseCmd::Show { id } => {
            let c = actions::find_case(store, &id)?;
            let view = cases::case_view(store, c)?;
            if json {
                print_json(&view)?;
            } else {
                print_case(&view);
            }
        }
        CaseCmd::Edit { id, fields } => {
            let c = actions::find_case(store, &id)?;
            let saved = cases::edit_case(store, c.id, &fields.0)?;
            let view = cases::case_view(store, saved.record)?;
            if json {
                print_json(&view)?
            } else {
                outln!("已保存 {} {}", view.reg_no, view.title);
                print_moves(&saved.moves);
            }
        }
        CaseCmd::Advance {
            id,
            to,
            note,
            on,
            outcome,
            decision,
        } => {
            let c = actions::find_case(store, &id)?;
            let to = Status::parse(&to)?;
            let input = cases::Advance {
                note,
                on,
                outcome,
                decision,
            };
            let c = cases::advance_case(store, c.id, to, &input)?;
            print_status(store, c, json)?;
        }
        CaseCmd::Pause { id, reason, on } => {
            let c = actions::find_case(store, &id)?;
            let c = cases::pause_case(store, c.id, &reason, on)?;
            print_status(store, c, json)?;
        }
        CaseCmd::Resume { id, note, on } => {
            let c = actions::find_case(store, &id)?;
            let c = cases::resume_case(store, c.id, note, on)?;
            print_status(store, c, json)?;
        }
        CaseCmd::Extend {
            id,
            days,
            reason,
            approver,
            on,
        } => {
            let c = actions::find_case(store, &id)?;
            let saved = cases::extend_case(store, c.id, days, &reason, &approver, on)?;
            if json {
                print_json(&saved.record)?
            } else {
                outln!("{} 已延期 {} 个工作日", c.reg_no, days);
                print_moves(&saved.moves);
            }
        }
        CaseCmd::Fields { kind } => {
            let kind = kind.as_deref().map(parse_kind).transpose()?;
            let rows: Vec<Vec<String>> = CASE_FIELDS
                .iter()
                .filter(|f| kind.is_none_or(|k| f.applies_to(k)))
                .map(|f| {
                    let kinds = f.kinds.map(|k| {
                        k.iter()
                            .map(|k| k.short_label())
                            .collect::<Vec<_>>()
                            .join("、")
                    });
                    vec![
                        format!("--{}", f.code.replace('_', "-")),
                        f.label.into(),
                        kinds.unwrap_or_else(|| "全部".into()),
                    ]
                })
                .collect();
            table::print(&["参数", "字段", "适用类别"], &rows);
        }
    }
    Ok(())
}

/// The case's new status, and every deadline the change moved (a pause stops the review clock, a resume
/// or an extension moves its due date).
fn print_status(store: &Store, saved: Saved<ReviewCase>, json: bool) -> Result<()> {
    let view = cases::case_view(store, saved.record)?;
    if json {
        print_json(&view)
    } else {
        outln!("{} 现为「{}」", view.reg_no, view.status_label);
        print_moves(&saved.moves);
        Ok(())
    }
}

fn print_case(v: &cases::CaseView) {
    outln!("{}  {}", v.reg_no, v.title);
    outln!("类别：{}    状态：{}", v.kind_label, v.status_label);
    if let Some(validity) = &v.validity {
        outln!("效力：{}，{}", validity.state_label, validity.text);
    }
    for f in &v.fields {
        if f.code != "title" {
            outln!("{}：{}", f.label, f.value);
        }
    }
    let next: Vec<String> = v.actions.iter().map(|a| a.to.label().to_string()).collect();
    outln!(
        "可变更为：{}",
        if next.is_empty() {
            "（已办结）".to_string()
        } else {
            next.join("、")
        }
    );
    if !v.deadlines.deadlines.is_empty() {
        outln!("\n期限：");
        for d in &v.deadlines.deadlines {
            let due = d
                .deadline
                .due
                .map(fmt_date)
                .unwrap_or_else(|| "（未起算）".into());
            outln!(
                "  {}：{}（{}）  {}",
                d.deadline.label,
                due,
                d.left_text,
                d.deadline.detail
            );
        }
    }
    if !v.clock_events.is_empty() {
        outln!("\n计时事件：");
        for e in &v.clock_events {
            let extra = e.days.map(|d| format!(" {d} 个工作日")).unwrap_or_default();
            outln!(
                "  {} {}{} {}",
                fmt_date(e.on),
                e.kind.label(),
                extra,
                e.reason.clone().unwrap_or_default()
            );
        }
    }
    if !v.letters.is_empty() {
        outln!("\n意见书：");
        for l in &v.letters {
            outln!(
                "  {} {} [{}]",
                l.number
                    .as_ref()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "（未编号）".into()),
                l.title,
                l.status.label()
            );
        }
    }
    if !v.filings.is_empty() {
        outln!("\n备案：");
        for view in &v.filings {
            let f = &view.filing;
            outln!(
                "  {} 期限 {} 报送 {} 回执 {} {}",
                f.channel.label(),
                view.due.map(fmt_date).unwrap_or_else(|| "—".into()),
                f.submitted_on.map(fmt_date).unwrap_or_else(|| "—".into()),
                f.receipt_no.clone().unwrap_or_else(|| "—".into()),
                f.result.map(|r| r.label()).unwrap_or("")
            );
        }
    }
    if !v.attachments.is_empty() {
        outln!("\n附件：");
        for a in &v.attachments {
            outln!(
                "  {}（{} 字节，{}）",
                a.attachment.name,
                a.attachment.size,
                a.content
            );
        }
    }
    outln!("\n历史：");
    print_history(&v.history);
}

fn print_history(history: &[fashen::actions::history::HistoryEntry]) {
    for h in history {
        let device = h
            .device_name
            .clone()
            .unwrap_or_else(|| h.device_id[..8].to_string());
        let at: String = h.at.chars().take(19).collect::<String>().replace('T', " ");
        outln!("  {at}  {}（{device}）  {}", h.author, h.message);
        for c in &h.changes {
            if h.changes.len() <= 12 {
                outln!(
                    "      {}：{} → {}",
                    c.field,
                    table::clip(c.old.as_deref().unwrap_or("（空）"), 40),
                    table::clip(c.new.as_deref().unwrap_or("（空）"), 40)
                );
            }
        }
    }
}

/// `fashen history ID`: any record's history, or a case's with its letters, filings and clock events.
pub fn history(store: &Store, id: String, json: bool) -> Result<()> {
    let uuid = actions::find_record_id(store, &id)?;
    let history = fashen::actions::history::history(store, uuid)?;
    if history.is_empty() {
        return Err(Error::not_found("记录", id));
    }
    if json {
        print_json(&history)?
    } else {
        print_history(&history)
    }
    Ok(())
}
