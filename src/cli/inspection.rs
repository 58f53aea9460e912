//! `fashen inspection …`: 案卷评查 — the round as a case (`new`, `list`, `show`, `edit`, `step`), the files
//! examined in it (`file add|list|delete`) and its results by unit (`results`).

use clap::Subcommand;

use super::case::{run_kind, KindCmd};
use super::output::{outln, print_json};
use super::table;
use fashen::actions::{self, inspection};
use fashen::model::CaseKind;
use fashen::{Result, Store};

#[derive(Debug, Subcommand)]
pub enum InspectionCmd {
    #[command(flatten)]
    Round(KindCmd),
    /// 评查案卷：添加、列出、删除
    #[command(subcommand)]
    File(FileCmd),
    /// 评查结果：按单位平均分排名；--out 导出横向表格（.pdf 或 .ofd）
    Results {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 导出到文件（.pdf 或 .ofd）：单位排名和各案卷得分
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// 整改通知书：每个有问题需要整改的被评查单位一份（信函格式），导出为 .pdf、.docx 或 .ofd
    Notice {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 只导出这个单位的通知（名称或文号代字）
        #[arg(long)]
        unit: Option<String>,
        /// 导出到文件（.pdf、.docx 或 .ofd）
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum FileCmd {
    /// 添加一份评查案卷及其得分（未列出的评分项目按满分计）
    Add {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 被评查单位（名称或文号代字）
        #[arg(long)]
        unit: String,
        /// 案卷编号或决定书文号
        #[arg(long)]
        file_no: String,
        /// 案件类型（如 行政处罚）
        #[arg(long)]
        kind: Option<String>,
        /// 各项得分，如 "证据 18；程序 13.5"（项目为本次评查的评分项目）
        #[arg(long)]
        scores: Option<String>,
        /// 评查等次：优秀 / 合格 / 不合格（默认按总分：90分以上优秀，60分以上合格）
        #[arg(long)]
        grade: Option<String>,
        /// 存在问题
        #[arg(long)]
        problems: Option<String>,
        /// 整改要求
        #[arg(long)]
        rectification: Option<String>,
    },
    /// 修改评查案卷（只改给出的项；结果通报后只能改存在问题、整改要求和整改完成日期）
    Edit {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 案卷的编号（见 file list）
        id: String,
        /// 被评查单位（名称或文号代字）
        #[arg(long)]
        unit: Option<String>,
        /// 案卷编号或决定书文号
        #[arg(long)]
        file_no: Option<String>,
        /// 案件类型
        #[arg(long)]
        kind: Option<String>,
        /// 各项得分，如 "证据 18；程序 13.5"（未列出的项目按满分计）
        #[arg(long)]
        scores: Option<String>,
        /// 评查等次：优秀 / 合格 / 不合格
        #[arg(long)]
        grade: Option<String>,
        /// 存在问题
        #[arg(long)]
        problems: Option<String>,
        /// 整改要求
        #[arg(long)]
        rectification: Option<String>,
        /// 整改完成日期（空字符串清除）
        #[arg(long)]
        rectified_on: Option<String>,
    },
    /// 列出评查案卷
    List {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
    },
    /// 删除误录的评查案卷
    Delete {
        /// 案卷评查：登记编号或编号
        #[arg(long = "case")]
        case_id: String,
        /// 案卷的编号（见 file list）
        id: String,
    },
}

fn round(store: &Store, id: &str) -> Result<fashen::model::ReviewCase> {
    let case = actions::find_case(store, id)?;
    if case.kind() != CaseKind::FileInspection {
        return Err(fashen::Error::Refused(format!(
            "案件 {} 是{}，不是案卷评查",
            case.reg_no,
            case.kind().label()
        )));
    }
    Ok(case)
}

/// The type `out` names by its extension, one of `allowed`; any other refused, naming what `what` is made in.
pub(super) fn file_type(
    out: &std::path::Path,
    allowed: &[actions::print::FileType],
    what: &str,
) -> Result<actions::print::FileType> {
    let ext = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if let Some(&t) = allowed
        .iter()
        .find(|t| t.extension().eq_ignore_ascii_case(ext))
    {
        return Ok(t);
    }
    let names: Vec<String> = allowed
        .iter()
        .map(|t| format!(".{}", t.extension()))
        .collect();
    let (last, rest) = names.split_last().expect("a type allowed");
    let list = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} 或 {last}", rest.join("、"))
    };
    Err(fashen::Error::invalid(
        "文件",
        format!("{what}可导出为 {list} 文件"),
    ))
}

pub fn run(store: &mut Store, cmd: InspectionCmd, json: bool) -> Result<()> {
    match cmd {
        InspectionCmd::Round(cmd) => return run_kind(store, CaseKind::FileInspection, cmd, json),
        InspectionCmd::File(FileCmd::Add {
            case_id,
            unit,
            file_no,
            kind,
            scores,
            grade,
            problems,
            rectification,
        }) => {
            let case = round(store, &case_id)?;
            let input = inspection::InspectedFileInput {
                unit,
                file_no,
                decision_kind: kind,
                scores,
                grade,
                problems,
                rectification,
                rectified_on: None,
            };
            let f = inspection::add_inspected_file(store, case.id, &input)?;
            if json {
                print_json(&f)?
            } else {
                outln!(
                    "已添加评查案卷 {}：{}分，{}（{}）",
                    f.file_no,
                    fashen::model::inspection::fmt_points(f.total()),
                    f.grade.label(),
                    fashen::ids::short(f.id.0)
                )
            }
        }
        InspectionCmd::File(FileCmd::Edit {
            case_id,
            id,
            unit,
            file_no,
            kind,
            scores,
            grade,
            problems,
            rectification,
            rectified_on,
        }) => {
            let case = round(store, &case_id)?;
            let id = inspection::find_inspected_file(store, case.id, &id)?;
            let input = inspection::InspectedFileEdit {
                unit,
                file_no,
                decision_kind: kind,
                scores,
                grade,
                problems,
                rectification,
                rectified_on,
            };
            let f = inspection::edit_inspected_file(store, id, &input)?;
            if json {
                print_json(&f)?
            } else {
                outln!(
                    "已修改评查案卷 {}：{}分，{}{}",
                    f.file_no,
                    fashen::model::inspection::fmt_points(f.total()),
                    f.grade.label(),
                    f.rectified_on
                        .map(|d| format!("，{}整改完毕", fashen::model::validate::fmt_date(d)))
                        .unwrap_or_default()
                )
            }
        }
        InspectionCmd::Notice { case_id, unit, out } => {
            let case = round(store, &case_id)?;
            use actions::print::FileType::{Docx, Ofd, Pdf};
            let file = file_type(&out, &[Pdf, Docx, Ofd], "整改通知")?;
            let (n, bytes) = inspection::export_rectification_notices(
                store,
                case.id,
                unit.as_deref(),
                file,
                &out,
            )?;
            if json {
                print_json(&serde_json::json!({ "path": out, "bytes": bytes, "notices": n }))?;
            } else {
                outln!(
                    "已导出整改通知 {n} 份：{}（{} KB）",
                    out.display(),
                    bytes.div_ceil(1024)
                );
            }
        }
        InspectionCmd::File(FileCmd::List { case_id }) => {
            let case = round(store, &case_id)?;
            let results = inspection::round_results(store, &case)?;
            if json {
                print_json(&results.files)?;
            } else {
                let rows: Vec<Vec<String>> = results
                    .files
                    .iter()
                    .map(|f| {
                        vec![
                            f.unit.clone(),
                            f.file_no.clone(),
                            f.total.clone(),
                            f.grade_label.to_string(),
                            table::clip(f.problems.as_deref().unwrap_or(""), 30),
                            f.id[f.id.len().saturating_sub(8)..].to_string(),
                        ]
                    })
                    .collect();
                table::print(
                    &["被评查单位", "案卷编号", "总分", "等次", "存在问题", "编号"],
                    &rows,
                );
            }
        }
        InspectionCmd::File(FileCmd::Delete { case_id, id }) => {
            let case = round(store, &case_id)?;
            let id = inspection::find_inspected_file(store, case.id, &id)?;
            inspection::delete_inspected_file(store, id)?;
            outln!("已删除评查案卷")
        }
        InspectionCmd::Results {
            case_id,
            out: Some(path),
        } => {
            let case = round(store, &case_id)?;
            use actions::print::FileType::{Ofd, Pdf};
            let file = file_type(&path, &[Pdf, Ofd], "评查结果")?;
            let bytes = inspection::export_results(store, case.id, file, &path)?;
            outln!("已导出：{}（{} KB）", path.display(), bytes.div_ceil(1024));
        }
        InspectionCmd::Results { case_id, out: None } => {
            let case = round(store, &case_id)?;
            let results = inspection::round_results(store, &case)?;
            if json {
                print_json(&results.units)?;
            } else {
                let rows: Vec<Vec<String>> = results
                    .units
                    .iter()
                    .map(inspection::UnitResult::cells)
                    .collect();
                table::print(&inspection::UNIT_RESULT_HEADERS, &rows);
            }
        }
    }
    Ok(())
}
