//! The `fashen` command line: parse, call one core function, print a table (or JSON with `--json`).

pub mod args;
mod table;

use std::sync::Arc;

use serde::Serialize;

use args::{
    CalendarCmd, CaseCmd, ClauseCmd, Cli, Cmd, FilingArgs, FilingCmd, FontCmd, FormCmd, LetterCmd,
    LetterEditArgs, PersonCmd, RegisterCmd, RuleCmd, SyncCmd, UnitCmd,
};
use fashen::actions::deadlines::{self as deadline_actions, ChangeReport, DeadlineItem};
use fashen::actions::{self, cases, letters, parties, records};
use fashen::clock::SystemClock;
use fashen::deadlines::Urgency;
use fashen::model::validate::fmt_date;
use fashen::model::{
    CaseKind, Finding, LetterKind, LetterSection, OpinionLetter, Person, Status, Unit, CASE_FIELDS,
};
use fashen::store::{default_db_path, CaseFilter};
use fashen::{Error, OpenMode, Result, Store};

fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::Refused(e.to_string()))?;
    println!("{s}");
    Ok(())
}

pub fn run(cli: Cli) -> Result<()> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    let mode = match cli.command {
        Cmd::Init { .. } | Cmd::Demo => OpenMode::CreateIfMissing,
        Cmd::Bench {
            cases,
            runs,
            open,
            keep,
            print,
            sync,
            revisions,
            flat,
        } => {
            return if sync {
                fashen::bench_sync::run(revisions, flat, cli.json)
            } else if print {
                fashen::bench_print::run(runs, cli.json)
            } else {
                fashen::bench::run(cases, runs, open, keep.as_deref(), cli.json)
            }
        }
        _ => OpenMode::MustExist,
    };
    let mut store = Store::open(&path, mode, Arc::new(SystemClock))?;
    if let Some(a) = cli.author.as_deref().filter(|a| !a.trim().is_empty()) {
        store.set_author(a);
    }
    let json = cli.json;
    match cli.command {
        Cmd::Init { device_name, user } => {
            if let Some(n) = device_name {
                store.set_device_name(&n)?;
            }
            if let Some(u) = user {
                store.set_user_name(&u)?;
            }
            let info = serde_json::json!({
                "db": store.path(),
                "device_id": store.device_id().to_string(),
                "device_name": store.setting("device_name")?,
                "user_name": store.setting("user_name")?,
                "schema_version": fashen::store::latest_version(),
            });
            if json {
                print_json(&info)?;
            } else {
                println!("数据库已就绪：{}", store.path().display());
                println!("本机标识：{}", store.device_id());
            }
        }
        Cmd::Demo => {
            let summary = fashen::demo::load(&mut store)?;
            if json {
                print_json(&summary)?;
            } else {
                println!(
                    "已载入演示数据：{} 个单位，{} 名人员（其中法律顾问 {} 名），{} 件案件，{} 份意见书，{} 条备案记录",
                    summary.units, summary.people, summary.advisors, summary.cases, summary.letters, summary.filings
                );
            }
        }
        Cmd::Unit(UnitCmd::Add {
            name,
            code,
            kind,
            parent,
            is_self,
            phone,
        }) => {
            let u = parties::add_unit(
                &mut store,
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
                println!("已登记单位：{}（{}）", u.name, u.id)
            }
        }
        Cmd::Unit(UnitCmd::List) => {
            let units: Vec<Unit> = store.all()?;
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
                            u.id.to_string()[..8].to_string(),
                        ]
                    })
                    .collect();
                table::print(&["单位名称", "文号代字", "类型", "", "编号"], &rows);
            }
        }
        Cmd::Person(PersonCmd::Add {
            name,
            role,
            unit,
            phone,
            law_firm,
            licence_no,
            term_start,
            term_end,
        }) => {
            let p = parties::add_person(
                &mut store,
                &parties::NewPerson {
                    name,
                    role,
                    unit,
                    phone,
                    law_firm,
                    licence_no,
                    term_start,
                    term_end,
                },
            )?;
            if json {
                print_json(&p)?
            } else {
                println!("已登记人员：{}（{}）", p.name, p.role.label())
            }
        }
        Cmd::Person(PersonCmd::List) => {
            let people: Vec<Person> = store.all()?;
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
                            firm,
                            licence,
                            term,
                            p.id.to_string()[..8].to_string(),
                        ]
                    })
                    .collect();
                table::print(
                    &["姓名", "角色", "律师事务所", "执业证号", "聘期", "编号"],
                    &rows,
                );
            }
        }
        Cmd::Case(cmd) => case_command(&mut store, cmd, json)?,
        Cmd::Calendar(cmd) => calendar_command(&mut store, cmd, json)?,
        Cmd::Rule(cmd) => rule_command(&mut store, cmd, json)?,
        Cmd::Deadlines { within, overdue } => {
            let items = deadline_actions::deadline_list(
                &store,
                &deadline_actions::DeadlineFilter { within, overdue },
            )?;
            if json {
                print_json(&items)?;
            } else {
                print_deadlines(&items);
            }
        }
        Cmd::Letter(cmd) => letter_command(&mut store, cmd, json)?,
        Cmd::Form(FormCmd::Pdf {
            cases,
            form,
            blank,
            out,
        }) => {
            let (form, cases) =
                match (form, blank) {
                    (Some(f), None) if !cases.is_empty() => (f, cases),
                    (None, Some(b)) if cases.is_empty() => (b, Vec::new()),
                    (Some(_), None) => {
                        return Err(Error::invalid(
                            "案件",
                            "请给出要打印的案件，或用 --blank 打印空白表",
                        ))
                    }
                    _ => return Err(Error::invalid(
                        "表格",
                        "--form（按案件填写）与 --blank（空白表）须且只能用一个；空白表不跟案件",
                    )),
                };
            let bytes = actions::print::form_pdf(&store, &form, &cases, &mut |done, all| {
                if !json && all > 1 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                    eprint!("\r已排版 {done}/{all}");
                    if done == all {
                        eprintln!();
                    }
                }
            })?;
            fashen::print::write_file(&out, &bytes)?;
            report_export(&out, bytes.len(), json)?;
        }
        Cmd::Register(RegisterCmd::Pdf { year, out }) => {
            let bytes = actions::print::register_pdf(&store, year)?;
            fashen::print::write_file(&out, &bytes)?;
            report_export(&out, bytes.len(), json)?;
        }
        Cmd::Clause(cmd) => clause_command(&mut store, cmd, json)?,
        Cmd::Sync(cmd) => sync_command(&mut store, cmd, json)?,
        Cmd::Font(cmd) => {
            let rows = match cmd {
                FontCmd::List => actions::print::font_rows(&store)?,
                FontCmd::Set { role, path } => {
                    actions::print::set_font(&mut store, &role, Some(&path))?
                }
                FontCmd::Reset { role } => actions::print::set_font(&mut store, &role, None)?,
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
        }
        Cmd::Filing(cmd) => filing_command(&mut store, cmd, json)?,
        Cmd::Attach { case, file, label } => {
            let c = actions::find_case(&store, &case)?;
            let a = records::attach_path(&mut store, c.id, &file, label.as_deref())?;
            if json {
                print_json(&a)?
            } else {
                println!(
                    "已添加附件：{}（{} 字节，SHA-256 {}）",
                    a.name,
                    a.size,
                    &a.sha256[..16]
                )
            }
        }
        Cmd::History { id } => {
            let uuid = match actions::find_case(&store, &id) {
                Ok(c) => c.id.0,
                Err(_) => id
                    .trim()
                    .parse()
                    .map_err(|_| Error::not_found("记录", &id))?,
            };
            let history = store.history(uuid)?;
            if history.is_empty() {
                return Err(Error::not_found("记录", id));
            }
            if json {
                print_json(&history)?
            } else {
                print_history(&history)
            }
        }
        Cmd::Backup { out } => {
            let info = store.backup(out.as_deref())?;
            if json {
                print_json(&info)?;
            } else {
                println!(
                    "已备份到 {}（{} KB）",
                    info.path.display(),
                    info.bytes / 1024
                );
                for r in &info.removed {
                    println!("已轮换删除旧备份 {}", r.display());
                }
            }
        }
        Cmd::Restore { file } => {
            let info = store.restore(&file)?;
            if json {
                print_json(&info)?
            } else {
                println!("已从 {} 恢复；恢复前的数据已自动备份", info.path.display())
            }
        }
        Cmd::Check => {
            let report = store.check()?;
            if json {
                print_json(&report)?;
            } else {
                println!("SQLite 完整性检查：{}", report.integrity);
                println!(
                    "修订 {} 条，记录 {} 条，附件内容 {} 个",
                    report.revisions, report.entities, report.blobs
                );
                for p in &report.problems {
                    println!("问题：{p}");
                }
            }
            if !report.is_ok() {
                return Err(Error::Refused(format!(
                    "数据库检查发现 {} 个问题",
                    report.problems.len().max(1)
                )));
            }
            if !json {
                println!("检查通过");
            }
        }
        Cmd::Audit { limit } => {
            let log = store.audit_log(limit)?;
            if json {
                print_json(&log)?;
            } else {
                let rows: Vec<Vec<String>> = log
                    .iter()
                    .map(|a| {
                        vec![
                            a.at.chars().take(19).collect(),
                            a.author.clone(),
                            a.action.clone(),
                            table::clip(&a.summary, 60),
                        ]
                    })
                    .collect();
                table::print(&["时间（UTC）", "操作人", "操作", "内容"], &rows);
            }
        }
        Cmd::Bench { .. } => unreachable!("handled before the store is opened"),
    }
    Ok(())
}

fn parse_kind(k: &str) -> Result<CaseKind> {
    CaseKind::parse(k)
}

fn case_command(store: &mut Store, cmd: CaseCmd, json: bool) -> Result<()> {
    match cmd {
        CaseCmd::New {
            kind,
            reg_no,
            fields,
        } => {
            let c = cases::register_case(store, parse_kind(&kind)?, &fields.0, reg_no.as_deref())?;
            let view = cases::case_view(store, c)?;
            if json {
                print_json(&view)?;
            } else {
                println!(
                    "已登记 {} {}（{}），状态：{}",
                    view.reg_no, view.title, view.id, view.status_label
                );
            }
        }
        CaseCmd::List {
            kind,
            status,
            unit,
            year,
            assignee,
            title,
            active,
            limit,
            page,
            sort,
        } => {
            let sort = match sort.trim() {
                "reg" => fashen::store::CaseSort::Reg,
                "due" => fashen::store::CaseSort::Due,
                "due_desc" => fashen::store::CaseSort::DueDesc,
                other => {
                    return Err(Error::invalid(
                        "排序",
                        format!("未知的排序「{other}」，可选：reg、due、due_desc"),
                    ))
                }
            };
            if limit == 0 || page == 0 {
                return Err(Error::invalid("分页", "每页条数和页码须大于 0"));
            }
            let filter = CaseFilter {
                kind: kind.as_deref().map(parse_kind).transpose()?,
                status: status.as_deref().map(Status::parse).transpose()?,
                unit_id: unit
                    .as_deref()
                    .map(|u| actions::find_unit(store, u).map(|u| u.id.0))
                    .transpose()?,
                year,
                assignee_id: assignee
                    .as_deref()
                    .map(|a| actions::find_person(store, a).map(|p| p.id.0))
                    .transpose()?,
                title_contains: title,
                active_only: active,
                limit: Some(limit),
                offset: (page - 1).saturating_mul(limit),
                sort,
            };
            let result = store.list_cases(&filter)?;
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
                table::print(
                    &[
                        "登记编号",
                        "类别",
                        "事项名称",
                        "送审单位",
                        "状态",
                        "收文日期",
                        "承办人",
                        "最近到期",
                    ],
                    &rows,
                );
                let pages = result.total.div_ceil(u64::from(limit)).max(1);
                println!("共 {} 件，第 {page}/{pages} 页", result.total);
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
            let c = cases::edit_case(store, c.id, &fields.0)?;
            let moves = store.take_deadline_moves();
            let view = cases::case_view(store, c)?;
            if json {
                print_json(&view)?
            } else {
                println!("已保存 {} {}", view.reg_no, view.title);
                print_moves(&moves);
            }
        }
        CaseCmd::Advance {
            id,
            to,
            note,
            on,
            outcome,
        } => {
            let c = actions::find_case(store, &id)?;
            let to = Status::parse(&to)?;
            let c = cases::advance_case(store, c.id, to, &cases::Advance { note, on, outcome })?;
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
            let ev = cases::extend_case(store, c.id, days, &reason, &approver, on)?;
            if json {
                print_json(&ev)?
            } else {
                println!("{} 已延期 {} 个工作日", c.reg_no, days)
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

fn print_status(store: &Store, c: fashen::model::ReviewCase, json: bool) -> Result<()> {
    let view = cases::case_view(store, c)?;
    if json {
        print_json(&view)
    } else {
        println!("{} 现为「{}」", view.reg_no, view.status_label);
        Ok(())
    }
}

fn print_case(v: &cases::CaseView) {
    println!("{}  {}", v.reg_no, v.title);
    println!("类别：{}    状态：{}", v.kind_label, v.status_label);
    for f in &v.fields {
        if f.code != "title" {
            println!("{}：{}", f.label, f.value);
        }
    }
    let next: Vec<String> = v
        .actions
        .iter()
        .map(|a| format!("{}（{}）", a.label, a.to.code()))
        .collect();
    println!(
        "可变更为：{}",
        if next.is_empty() {
            "（已办结）".to_string()
        } else {
            next.join("、")
        }
    );
    if !v.clock_events.is_empty() {
        println!("\n计时事件：");
        for e in &v.clock_events {
            let extra = e.days.map(|d| format!(" {d} 个工作日")).unwrap_or_default();
            println!(
                "  {} {}{} {}",
                fmt_date(e.on),
                e.kind.label(),
                extra,
                e.reason.clone().unwrap_or_default()
            );
        }
    }
    if !v.letters.is_empty() {
        println!("\n意见书：");
        for l in &v.letters {
            println!(
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
        println!("\n备案：");
        for f in &v.filings {
            println!(
                "  {} 期限 {} 报送 {} 回执 {} {}",
                f.channel.label(),
                f.due_on.map(fmt_date).unwrap_or_else(|| "—".into()),
                f.submitted_on.map(fmt_date).unwrap_or_else(|| "—".into()),
                f.receipt_no.clone().unwrap_or_else(|| "—".into()),
                f.result.map(|r| r.label()).unwrap_or("")
            );
        }
    }
    if !v.attachments.is_empty() {
        println!("\n附件：");
        for a in &v.attachments {
            println!("  {}（{} 字节）", a.name, a.size);
        }
    }
    println!("\n历史：");
    print_history(&v.history);
}

fn print_history(history: &[fashen::store::HistoryEntry]) {
    for h in history {
        let device = h
            .device_name
            .clone()
            .unwrap_or_else(|| h.device_id[..8].to_string());
        let at: String = h.at.chars().take(19).collect::<String>().replace('T', " ");
        println!("  {at}  {}（{device}）  {}", h.author, h.message);
        for c in &h.changes {
            if h.changes.len() <= 12 {
                println!(
                    "      {}：{} → {}",
                    c.field,
                    table::clip(c.old.as_deref().unwrap_or("（空）"), 40),
                    table::clip(c.new.as_deref().unwrap_or("（空）"), 40)
                );
            }
        }
    }
}

fn letter_edit(a: LetterEditArgs) -> Result<letters::LetterEdit> {
    if a.section.len() != a.section_text.len() {
        return Err(Error::invalid(
            "小节",
            "--section 与 --section-text 须成对出现",
        ));
    }
    let n = a.problem.len();
    if [a.clause.len(), a.basis.len(), a.suggestion.len()]
        .iter()
        .any(|&m| m != 0 && m != n)
    {
        return Err(Error::invalid(
            "审查意见",
            "--clause/--problem/--basis/--suggestion 须一一对应",
        ));
    }
    let mut edit = letters::LetterEdit {
        title: a.title,
        addressee: a.addressee,
        opening: a.opening,
        conclusion: a.conclusion,
        signatory: a.signatory,
        author: a.author,
        cc: (!a.cc.is_empty()).then_some(a.cc),
        drafted_on: a.drafted_on,
        add_sections: a
            .section
            .into_iter()
            .zip(a.section_text)
            .map(|(heading, body)| LetterSection { heading, body })
            .collect(),
        add_findings: (0..n)
            .map(|i| Finding {
                clause: a.clause.get(i).cloned().unwrap_or_default(),
                problem: a.problem[i].clone(),
                legal_basis: a.basis.get(i).cloned().unwrap_or_default(),
                suggestion: a.suggestion.get(i).cloned().unwrap_or_default(),
            })
            .collect(),
        remove_findings: a.remove_finding,
        findings_table: a.findings_table,
        ..Default::default()
    };
    if let Some(path) = a.content {
        #[derive(serde::Deserialize)]
        struct Content {
            #[serde(default)]
            sections: Option<Vec<LetterSection>>,
            #[serde(default)]
            findings: Option<Vec<Finding>>,
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::invalid("内容文件", format!("无法读取 {}：{e}", path.display())))?;
        let c: Content = serde_json::from_str(&text).map_err(|e| {
            Error::invalid(
                "内容文件",
                format!("{} 不是有效的 JSON：{e}", path.display()),
            )
        })?;
        edit.sections = c.sections;
        edit.findings = c.findings;
    }
    Ok(edit)
}

fn letter_command(store: &mut Store, cmd: LetterCmd, json: bool) -> Result<()> {
    let show = |store: &Store, l: &OpinionLetter, json: bool| -> Result<()> {
        if json {
            return print_json(l);
        }
        let case = store.get::<fashen::model::ReviewCase>(l.case_id.0)?;
        println!("{}", l.title);
        println!(
            "{}  [{}]  {}",
            l.number
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "（未编号）".into()),
            l.status.label(),
            l.kind.label()
        );
        if let Some(c) = case {
            println!("案件：{} {}", c.reg_no, c.title);
        }
        println!("\n{}：", l.addressee);
        if let Some(o) = &l.opening {
            println!("    {o}");
        }
        for s in &l.sections {
            println!("  {}\n    {}", s.heading, s.body);
        }
        for (i, f) in l.findings.iter().enumerate() {
            println!(
                "  （{}）{}",
                fashen::model::validate::cn_numeral(i + 1),
                f.clause
            );
            println!("      问题：{}", f.problem);
            if !f.legal_basis.is_empty() {
                println!("      依据：{}", f.legal_basis);
            }
            if !f.suggestion.is_empty() {
                println!("      建议：{}", f.suggestion);
            }
        }
        if let Some(c) = &l.conclusion {
            println!("  结论：{c}");
        }
        if let Some(d) = l.signed_on {
            println!(
                "\n{}  {}",
                l.signatory.clone().unwrap_or_default(),
                fmt_date(d)
            );
        }
        Ok(())
    };
    match cmd {
        LetterCmd::New {
            case_id,
            kind,
            issuer,
            edit,
        } => {
            let case = actions::find_case(store, &case_id)?;
            let kind = kind.as_deref().map(LetterKind::parse).transpose()?;
            let edit = letter_edit(edit)?;
            let l = letters::new_letter(store, &case, kind, issuer.as_deref(), &edit)?;
            if json {
                print_json(&l)?
            } else {
                println!("已起草：{}（{}）", l.title, l.id)
            }
        }
        LetterCmd::Edit { id, edit } => {
            let l = actions::find_letter(store, &id)?;
            let edit = letter_edit(edit)?;
            let l = letters::edit_letter(store, l.id, &edit)?;
            if json {
                print_json(&l)?
            } else {
                println!("已保存：{}", l.title)
            }
        }
        LetterCmd::Sign {
            id,
            on,
            serial,
            signatory,
        } => {
            let l = actions::find_letter(store, &id)?;
            let l = letters::sign_letter(store, l.id, on.as_deref(), serial, signatory.as_deref())?;
            if json {
                print_json(&l)?
            } else {
                println!(
                    "已签发，文号：{}",
                    l.number.as_ref().map(|n| n.to_string()).unwrap_or_default()
                )
            }
        }
        LetterCmd::Issue { id, on } => {
            let l = actions::find_letter(store, &id)?;
            let l = letters::issue_letter(store, l.id, on.as_deref())?;
            if json {
                print_json(&l)?
            } else {
                println!("已登记送达：{}", l.title)
            }
        }
        LetterCmd::Delete { id } => {
            let l = actions::find_letter(store, &id)?;
            letters::delete_draft(store, l.id)?;
            if json {
                print_json(&serde_json::json!({ "deleted": l.id }))?
            } else {
                println!("已删除草稿：{}", l.title)
            }
        }
        LetterCmd::Pdf { id, out, format } => {
            let format = fashen::print::letter::LetterFormat::parse(&format)?;
            actions::print::export_letter(store, &id, None, format, &out)?;
            let size = std::fs::metadata(&out)?.len() as usize;
            report_export(&out, size, json)?;
        }
        LetterCmd::Show { id } => {
            let l = actions::find_letter(store, &id)?;
            show(store, &l, json)?;
        }
        LetterCmd::List { case_id } => {
            let list: Vec<OpinionLetter> = match case_id {
                Some(c) => store.letters_of_case(actions::find_case(store, &c)?.id)?,
                None => store.all()?,
            };
            if json {
                print_json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|l| {
                        vec![
                            l.number
                                .as_ref()
                                .map(|n| n.to_string())
                                .unwrap_or_else(|| "（未编号）".into()),
                            table::clip(&l.title, 44),
                            l.status.label().into(),
                            l.signed_on.map(fmt_date).unwrap_or_default(),
                            l.id.to_string()[..8].to_string(),
                        ]
                    })
                    .collect();
                table::print(&["文号", "标题", "状态", "签发日期", "编号"], &rows);
            }
        }
    }
    Ok(())
}

fn clause_command(store: &mut Store, cmd: ClauseCmd, json: bool) -> Result<()> {
    use fashen::actions::clauses;
    match cmd {
        ClauseCmd::List { search, kind } => {
            let kind = kind.as_deref().map(CaseKind::parse).transpose()?;
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
                println!("【{}】（{whose}，{}）", c.title, &c.id.to_string()[..8]);
                println!("  存在问题：{}", c.problem);
                if !c.legal_basis.is_empty() {
                    println!("  法律依据：{}", c.legal_basis);
                }
                if !c.suggestion.is_empty() {
                    println!("  修改建议：{}", c.suggestion);
                }
            }
            println!("共 {} 条", found.len());
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
                println!("已加入常用意见库：{}（{}）", c.title, c.id)
            }
        }
        ClauseCmd::Retire { id } => {
            let c = clauses::retire_clause(store, &id)?;
            if json {
                print_json(&c)?
            } else {
                println!("已停用：{}", c.title)
            }
        }
    }
    Ok(())
}

fn read_passphrase(file: Option<&std::path::Path>) -> Result<Option<String>> {
    let Some(f) = file else { return Ok(None) };
    let text = std::fs::read_to_string(f)
        .map_err(|e| Error::invalid("口令文件", format!("无法读取 {}：{e}", f.display())))?;
    let line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_string();
    if line.is_empty() {
        return Err(Error::invalid("口令文件", "第一行是空的"));
    }
    Ok(Some(line))
}

fn print_receipt(r: &fashen::sync::ImportReceipt) {
    println!("{}", r.summary());
    if let Some(b) = &r.backup {
        println!("导入前的备份：{b}");
    }
    for w in &r.warnings {
        println!("注意：{w}");
    }
    if r.conflicts_open > 0 {
        println!("有待处理的冲突：fashen sync conflicts 查看，fashen sync resolve 处理");
    }
}

fn sync_command(store: &mut Store, cmd: SyncCmd, json: bool) -> Result<()> {
    use fashen::sync::{self, ConflictKind, FieldChoice, Resolution, Target};
    match cmd {
        SyncCmd::Export {
            out,
            r#for,
            full,
            passphrase_file,
        } => {
            if r#for.is_none() && !full {
                return Err(Error::invalid(
                    "同步",
                    "请用 --for 指定对方电脑（只导出对方可能缺少的内容），或用 --full 完整导出",
                ));
            }
            let pass = read_passphrase(passphrase_file.as_deref())?;
            let target = match r#for.as_deref() {
                Some(who) => Target::Peer(who),
                None => Target::Full,
            };
            let r = sync::export(store, target, pass.as_deref(), &out)?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "已导出{}同步文件：{}（修订 {} 条，附件 {} 个，{} KB{}）",
                    r.for_name
                        .as_deref()
                        .map(|n| format!("给「{n}」的"))
                        .unwrap_or_else(|| "完整".into()),
                    out.display(),
                    r.revisions,
                    r.blobs,
                    r.bytes.div_ceil(1024),
                    if r.encrypted { "，已加密" } else { "" }
                );
            }
        }
        SyncCmd::Import {
            file,
            passphrase_file,
            dry_run,
            yes,
        } => {
            let pass = read_passphrase(passphrase_file.as_deref())?;
            let opts = sync::ImportOptions {
                dry_run,
                confirm_mass_delete: yes,
            };
            let r = sync::import(store, &file, pass.as_deref(), &opts).map_err(|e| match e {
                Error::NeedsConfirmation(m) => {
                    Error::NeedsConfirmation(format!("{m}（确认无误请加 --yes 重新导入）"))
                }
                other => other,
            })?;
            if json {
                print_json(&r)?;
            } else {
                print_receipt(&r);
            }
        }
        SyncCmd::Verify {
            file,
            passphrase_file,
        } => {
            let pass = read_passphrase(passphrase_file.as_deref())?;
            let h = sync::inspect(&file, pass.as_deref())?;
            if json {
                print_json(&h)?;
            } else {
                println!(
                    "文件完整：来自「{}」（{}），{}，修订 {} 条，附件 {} 个",
                    h.sender_name,
                    h.sender,
                    if h.full {
                        "完整导出"
                    } else {
                        "按对方导出"
                    },
                    h.revisions,
                    h.blobs
                );
            }
        }
        SyncCmd::Conflicts => {
            let list = store.conflicts()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("没有待处理的同步冲突");
            }
            for c in &list {
                match c.kind {
                    ConflictKind::Number => println!(
                        "{} {}「{}」编号重复：{}（处理：fashen sync resolve {} --renumber 改用下一个编号）",
                        c.entity_id,
                        c.entity_label,
                        c.title,
                        c.number.as_deref().unwrap_or_default(),
                        c.entity_id
                    ),
                    _ => {
                        println!(
                            "{} {}「{}」{}",
                            c.entity_id,
                            c.entity_label,
                            c.title,
                            if c.kind == ConflictKind::Delete {
                                "一方删除、一方修改"
                            } else {
                                "两边修改了相同字段"
                            }
                        );
                        for (i, s) in c.sides.iter().enumerate() {
                            println!(
                                "  版本 {}{}：{} {} {}{}{}",
                                &s.rev_id[..12],
                                if i == 0 { "（暂显示）" } else { "" },
                                s.device,
                                s.author,
                                s.at.get(..16).unwrap_or(&s.at).replace('T', " "),
                                if s.mine { "，本机" } else { "" },
                                if s.deleted { "，已删除" } else { "" }
                            );
                        }
                        for f in &c.fields {
                            let shown: Vec<String> = f
                                .shown
                                .iter()
                                .map(|v| v.clone().unwrap_or_else(|| "（空）".into()))
                                .collect();
                            println!("  {}：{}", f.label, shown.join(" ／ "));
                        }
                    }
                }
            }
        }
        SyncCmd::Resolve {
            id,
            take,
            set,
            renumber,
        } => {
            let entity_id: uuid::Uuid = id
                .trim()
                .parse()
                .map_err(|_| Error::invalid("记录编号", format!("{id} 不是有效的记录编号")))?;
            if renumber {
                let n = store.renumber(entity_id)?;
                if json {
                    return print_json(&serde_json::json!({ "number": n }));
                }
                println!("已改为 {n}");
                return Ok(());
            }
            let conflict = store
                .conflicts()?
                .into_iter()
                .find(|c| c.entity_id == entity_id && c.kind != ConflictKind::Number)
                .ok_or_else(|| Error::Refused("该记录没有待处理的同步冲突".into()))?;
            let take = match take.as_deref() {
                None => None,
                Some(which @ ("mine" | "theirs")) => {
                    let mine = which == "mine";
                    let chosen: Vec<&fashen::sync::ConflictSide> =
                        conflict.sides.iter().filter(|s| s.mine == mine).collect();
                    match chosen.as_slice() {
                        [one] => Some(one.rev_id.clone()),
                        _ => {
                            return Err(Error::invalid(
                                "采用版本",
                                "无法确定哪一方是本机、哪一方是对方，请用 --take 指定版本编号（见 fashen sync conflicts）",
                            ))
                        }
                    }
                }
                Some(rev) => Some(rev.to_string()),
            };
            let mut fields = Vec::new();
            for s in set {
                let (path, value) = s
                    .split_once('=')
                    .ok_or_else(|| Error::invalid("--set", format!("「{s}」应写成 字段=值")))?;
                let path = conflict
                    .fields
                    .iter()
                    .find(|f| f.path == path.trim() || f.label == path.trim())
                    .map(|f| f.path.clone())
                    .ok_or_else(|| Error::invalid("--set", format!("「{path}」不是冲突字段")))?;
                let value = serde_json::from_str(value)
                    .unwrap_or_else(|_| serde_json::Value::String(value.to_string()));
                fields.push(FieldChoice { path, value });
            }
            let side = store.resolve_conflict(entity_id, &Resolution { take, fields })?;
            if json {
                return print_json(&side);
            }
            println!(
                "冲突已处理{}，记为新修订 {}",
                if side.deleted {
                    "（记录已删除）"
                } else {
                    ""
                },
                &side.rev_id[..12]
            );
        }
        SyncCmd::Peers => {
            let peers = store.peers()?;
            if json {
                return print_json(&peers);
            }
            if peers.is_empty() {
                println!("还没有导入过其他电脑的同步文件");
            }
            for p in &peers {
                println!(
                    "{}（{}）：导入过 {} 个文件，最近一次 {}；对方尚缺本机修订约 {} 条",
                    p.name,
                    p.device_id,
                    p.files,
                    p.last_import
                        .get(..16)
                        .unwrap_or(&p.last_import)
                        .replace('T', " "),
                    p.lacking
                );
            }
        }
        SyncCmd::Receipts { limit } => {
            let list = store.sync_receipts(limit)?;
            if json {
                return print_json(&list);
            }
            for r in &list {
                println!(
                    "{} {}",
                    r.at.get(..16).unwrap_or(&r.at).replace('T', " "),
                    r.summary()
                );
            }
        }
    }
    Ok(())
}

fn report_export(out: &std::path::Path, bytes: usize, json: bool) -> Result<()> {
    if json {
        print_json(&serde_json::json!({ "path": out, "bytes": bytes }))
    } else {
        println!("已导出：{}（{} KB）", out.display(), bytes.div_ceil(1024));
        Ok(())
    }
}

fn filing_input(a: FilingArgs) -> records::FilingInput {
    records::FilingInput {
        channel: a.channel,
        due_on: a.due,
        submitted_on: a.submitted,
        receipt_no: a.receipt_no,
        result: a.result,
        note: a.note,
    }
}

fn filing_command(store: &mut Store, cmd: FilingCmd, json: bool) -> Result<()> {
    match cmd {
        FilingCmd::Add { case_id, filing } => {
            let case = actions::find_case(store, &case_id)?;
            let f = records::add_filing(store, case.id, &filing_input(filing))?;
            if json {
                print_json(&f)?
            } else {
                println!("已添加备案记录（{}）：{}", f.channel.label(), f.id)
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
                println!("已更新备案记录（{}）", f.channel.label())
            }
        }
        FilingCmd::List { case_id } => {
            let list = match case_id {
                Some(c) => store.filings_of_case(actions::find_case(store, &c)?.id)?,
                None => store.all_filings()?,
            };
            if json {
                print_json(&list)?;
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|f| {
                        let case = store
                            .get::<fashen::model::ReviewCase>(f.case_id.0)
                            .ok()
                            .flatten();
                        vec![
                            case.as_ref()
                                .map(|c| c.reg_no.to_string())
                                .unwrap_or_default(),
                            table::clip(&case.map(|c| c.title).unwrap_or_default(), 36),
                            f.channel.label().into(),
                            f.due_on.map(fmt_date).unwrap_or_default(),
                            f.submitted_on.map(fmt_date).unwrap_or_default(),
                            f.receipt_no.clone().unwrap_or_default(),
                            f.result.map(|r| r.label().to_string()).unwrap_or_default(),
                            f.id.to_string(),
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

fn print_deadlines(items: &[DeadlineItem]) {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let light = match i.urgency {
                Urgency::Overdue => "红·已逾期",
                Urgency::DueToday => "黄·今日到期",
                Urgency::Amber => "黄·即将到期",
                Urgency::Green => "绿",
                Urgency::Paused => "暂停",
                Urgency::Unlit => "—",
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
    println!("共 {} 项", items.len());
}

fn print_moves(moves: &[fashen::store::DeadlineMove]) {
    if moves.is_empty() {
        return;
    }
    println!("以下期限随之变动：");
    for m in moves {
        println!(
            "  {} {}：{} → {}",
            m.reg_no.clone().unwrap_or_default(),
            m.label,
            m.old_due.map(fmt_date).unwrap_or_else(|| "—".into()),
            m.new_due.map(fmt_date).unwrap_or_else(|| "—".into())
        );
    }
}

fn print_change(r: &ChangeReport) {
    for (what, list) in [
        ("新增", &r.added),
        ("更改", &r.changed),
        ("未变", &r.unchanged),
    ] {
        if !list.is_empty() {
            println!("{what}：{}", list.join("、"));
        }
    }
    if r.moves.is_empty() {
        println!("没有期限因此变动");
    } else {
        print_moves(&r.moves);
    }
}

fn calendar_command(store: &mut Store, cmd: CalendarCmd, json: bool) -> Result<()> {
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
                println!(
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
                println!(
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
                    println!("已导出到 {}", path.display());
                }
                None => println!("{text}"),
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
                    println!("提示：{y}年的节假日安排尚未录入，涉及该年的期限暂按周一至周五计算");
                }
            }
        }
        CalendarCmd::Show { year } => {
            let v = deadline_actions::calendar_year(store, year)?;
            if json {
                print_json(&v)?;
            } else {
                match &v.record {
                    None => println!("{year}年的节假日安排尚未录入：暂按周一至周五为工作日"),
                    Some(r) => {
                        println!("{year}年  依据：{}", r.source);
                        for s in &r.holidays {
                            println!(
                                "  放假  {} {} 至 {}",
                                s.name,
                                fmt_date(s.from),
                                fmt_date(s.to)
                            );
                        }
                        for s in &r.make_up_workdays {
                            println!("  上班  {} {}", s.name, fmt_date(s.from));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn rule_command(store: &mut Store, cmd: RuleCmd, json: bool) -> Result<()> {
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
                            table::clip(&r.rule.source, 50),
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
