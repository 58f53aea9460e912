//! The `fashen` command line: parse, call actions, print a table (or JSON with `--json`). One file per noun,
//! each holding its clap arguments and its `run`; this file holds the top-level arguments and the dispatch.
//! The CLI reaches the core through `fashen::actions` (and the model's types, the demo and the benchmarks) —
//! never the store (`tests/it/architecture.rs` checks it).

mod admin;
mod case;
mod choice;
mod clause;
mod deadline;
mod fields;
mod filing;
mod hearing;
mod inspection;
mod letter;
mod litigation;
pub mod output;
mod party;
mod print;
mod proposal;
mod search;
mod serve;
mod stats;
mod sync;
mod table;
mod task;

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use fashen::actions::settings::{act_as, default_database_path, open_database};
use fashen::clock::SystemClock;
use fashen::model::CaseKind;
use fashen::{OpenMode, Result};

#[derive(Debug, Parser)]
#[command(
    name = "fashen",
    version,
    about = "法审台：合法性审查案件管理（命令行）"
)]
pub struct Cli {
    /// 数据库文件（默认：系统应用数据目录下的 cn.fashen.app/fashen.sqlite3）
    #[arg(long, global = true, env = "FASHEN_DB")]
    pub db: Option<PathBuf>,
    /// 以 JSON 输出
    #[arg(long, global = true)]
    pub json: bool,
    /// 本次操作记录的操作人（默认：本机设置的用户名）
    #[arg(long = "as", global = true, env = "FASHEN_USER", value_name = "姓名")]
    pub author: Option<String>,
    #[command(subcommand)]
    pub command: Cmd,
}

// One value per process, parsed once: boxing variants to even out their sizes would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// 创建数据库（已存在则不变），可设置本机名称和用户名
    Init {
        /// 本机名称（同步时对方看到的名称，如 科室笔记本）
        #[arg(long)]
        device_name: Option<String>,
        /// 使用人姓名（记入每条修改记录）
        #[arg(long)]
        user: Option<String>,
    },
    /// 向空数据库载入演示数据（一个区司法局一年的工作）；--clear 清除演示数据
    Demo {
        /// 清除演示数据（只删演示数据；被您修改过或被您自己的记录引用的演示记录保留）
        #[arg(long)]
        clear: bool,
    },
    /// 单位
    #[command(subcommand)]
    Unit(party::UnitCmd),
    /// 人员（工作人员、法律顾问）
    #[command(subcommand)]
    Person(party::PersonCmd),
    /// 审查案件
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// 意见书
    #[command(subcommand)]
    Letter(letter::LetterCmd),
    /// 打印用字体
    #[command(subcommand)]
    Font(print::FontCmd),
    /// 常用审查意见库
    #[command(subcommand)]
    Clause(clause::ClauseCmd),
    /// 同步文件（在笔记本之间交换）
    #[command(subcommand)]
    Sync(sync::SyncCmd),
    /// 打印表格（登记审批表、审核表、备案登记表、备案报告）
    #[command(subcommand)]
    Form(print::FormCmd),
    /// 打印案件登记台账
    #[command(subcommand)]
    Register(print::RegisterCmd),
    /// 备案记录
    #[command(subcommand)]
    Filing(filing::FilingCmd),
    /// 行政应诉的庭审记录（开庭日期、出庭应诉人员）
    #[command(subcommand)]
    Hearing(hearing::HearingCmd),
    /// 行政应诉登记簿（以本机关为被告的行政诉讼案件）：登记、庭审、裁判
    #[command(subcommand)]
    Litigation(litigation::LitigationCmd),
    /// 行政复议答复登记簿（本机关为被申请人的行政复议案件）
    #[command(subcommand)]
    Reconsideration(case::KindCmd),
    /// 两法衔接：涉嫌犯罪案件移送登记簿
    #[command(subcommand)]
    Transfer(case::KindCmd),
    /// 行政执法案卷评查：评查活动、评查案卷及得分、按单位排名
    #[command(subcommand)]
    Inspection(inspection::InspectionCmd),
    /// 建议提案办理登记簿（交本机关办理的人大代表建议、政协委员提案）
    #[command(subcommand)]
    Proposal(proposal::ProposalCmd),
    /// 法治政府建设重点工作计划：计划登记、推进情况表
    #[command(subcommand)]
    Plan(task::PlanCmd),
    /// 重点工作任务：添加、修改、列出、工作进展、从表格导入
    #[command(subcommand)]
    Task(task::TaskCmd),
    /// 选项列表（办理类别、成果形式）：查看、添加或改名
    #[command(subcommand)]
    Choice(choice::ChoiceCmd),
    /// 统计：年度法治政府建设报告的各项数字（按期间、单位或法律顾问），附统计口径
    Stats(stats::StatsArgs),
    /// 为案件添加附件
    Attach {
        /// 案件（登记编号或编号）
        case: String,
        /// 要添加的文件
        file: PathBuf,
        /// 附件说明（如 起草说明）
        #[arg(long)]
        label: Option<String>,
    },
    /// 查找：案件、意见书、备案、附件、单位、人员、常用意见中的任何文字（多个词须全部出现；"…" 为整句；-词 表示排除，
    /// 须写在引号内或 -- 之后，如 fashen search "合同 -住建"）
    Search {
        /// 要查找的文字
        #[arg(required = true)]
        words: Vec<String>,
        /// 只查此类案件（如 contract、规范性文件）
        #[arg(long)]
        kind: Option<String>,
        /// 只查此年度登记的案件
        #[arg(long)]
        year: Option<i32>,
        /// 最多列出几件
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// 任一记录的修改历史
    History {
        /// 记录：案件登记编号、意见书文号或编号
        id: String,
    },
    /// 备份数据库（默认存入数据库旁的 backups 目录并轮换）
    Backup {
        /// 备份写到此文件（默认存入数据库旁的 backups 目录）
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 从备份恢复（恢复前自动备份当前数据）
    Restore {
        /// 备份文件
        file: PathBuf,
    },
    /// 检查数据库完整性与修订记录一致性
    Check,
    /// 最近的操作日志
    Audit {
        /// 显示最近几条
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// 工作日历：查询某日、推算工作日、导入或导出节假日安排
    #[command(subcommand)]
    Calendar(deadline::CalendarCmd),
    /// 期限规则：查看与修改各项办理期限
    #[command(subcommand)]
    Rule(deadline::RuleCmd),
    /// 未完成的期限，按到期日排列（红：已逾期；黄：剩余不超过2个工作日；绿：3个工作日以上）
    Deadlines {
        /// 只列出今天起 N 日内到期的（含已逾期）
        #[arg(long, value_name = "N")]
        within: Option<u32>,
        /// 只列出已逾期的
        #[arg(long)]
        overdue: bool,
    },
    /// 浏览器版：在本机启动法审台并用系统浏览器打开（用于无法运行桌面版的统信 UOS、银河麒麟等电脑）
    Serve {
        /// 所有页面关闭后等待多少秒自动退出（0：不自动退出）
        #[arg(long, default_value_t = 300, value_name = "秒")]
        idle: u64,
        /// 不自动打开浏览器，只显示启动页面文件的位置
        #[arg(long)]
        no_browser: bool,
        /// 使用指定端口（默认：随机空闲端口）
        #[arg(long, default_value_t = 0, value_name = "端口")]
        port: u16,
    },
    /// 性能基准：在临时数据库中生成案件并测量查询耗时
    Bench {
        /// 生成的案件数
        #[arg(long, default_value_t = 100_000)]
        cases: u32,
        /// 每个查询重复次数
        #[arg(long, default_value_t = 30)]
        runs: u32,
        /// 全部案件均在审查中（每件都有进行中的期限），而非分布于各状态
        #[arg(long)]
        open: bool,
        /// 保留生成的数据库到此路径（供桌面端测量使用）
        #[arg(long)]
        keep: Option<PathBuf>,
        /// 只测打印：首次载入字体、三页意见书、100 份表格
        #[arg(long)]
        print: bool,
        /// 只测同步：完整导出、导入空库、再次导入、按对方导出（修订数见 --revisions）
        #[arg(long)]
        sync: bool,
        /// 只测查找：生成案件及同样多的意见书（数量见 --cases），测量各类查找、写入时的索引开销和索引大小
        #[arg(long)]
        search: bool,
        /// 生成的修订数（--sync）
        #[arg(long, default_value_t = 100_000)]
        revisions: u32,
        /// 同步测试中每件案件只有一条修订（导入最慢的情形）
        #[arg(long)]
        flat: bool,
    },
}

/// Runs one command: benchmarks on their own scratch databases, everything else on the database of `--db`.
pub fn run(cli: Cli) -> Result<()> {
    let path = cli.db.clone().unwrap_or_else(default_database_path);
    let json = cli.json;
    let mode = match cli.command {
        Cmd::Init { .. } | Cmd::Demo { clear: false } => OpenMode::CreateIfMissing,
        Cmd::Bench {
            cases,
            runs,
            open,
            keep,
            print,
            sync,
            search,
            revisions,
            flat,
        } => {
            return if search {
                fashen::bench::search::run(cases, runs, json)
            } else if sync {
                fashen::bench::sync::run(revisions, flat, json)
            } else if print {
                fashen::bench::print::run(runs, json)
            } else {
                fashen::bench::run(cases, runs, open, keep.as_deref(), json)
            }
        }
        Cmd::Serve {
            idle,
            no_browser,
            port,
        } => {
            let opts = serve::Options {
                idle: std::time::Duration::from_secs(idle),
                browser: !no_browser,
                port,
            };
            return serve::run(&path, clock()?, opts);
        }
        _ => OpenMode::MustExist,
    };
    let mut store = open_database(&path, mode, clock()?)?;
    if let Some(a) = cli.author.as_deref().filter(|a| !a.trim().is_empty()) {
        act_as(&mut store, a)?;
    }
    let store = &mut store;
    match cli.command {
        Cmd::Init { device_name, user } => admin::init(store, device_name, user, json),
        Cmd::Demo { clear } => admin::demo(store, clear, json),
        Cmd::Unit(cmd) => party::unit(store, cmd, json),
        Cmd::Person(cmd) => party::person(store, cmd, json),
        Cmd::Case(cmd) => case::run(store, cmd, json),
        Cmd::Calendar(cmd) => deadline::calendar(store, cmd, json),
        Cmd::Rule(cmd) => deadline::rule(store, cmd, json),
        Cmd::Deadlines { within, overdue } => deadline::deadlines(store, within, overdue, json),
        Cmd::Letter(cmd) => letter::run(store, cmd, json),
        Cmd::Form(cmd) => print::form(store, cmd, json),
        Cmd::Register(cmd) => print::register(store, cmd, json),
        Cmd::Clause(cmd) => clause::run(store, cmd, json),
        Cmd::Sync(cmd) => sync::run(store, cmd, json),
        Cmd::Font(cmd) => print::font(store, cmd, json),
        Cmd::Filing(cmd) => filing::run(store, cmd, json),
        Cmd::Hearing(cmd) => hearing::run(store, cmd, json),
        Cmd::Litigation(cmd) => litigation::run_litigation(store, cmd, json),
        Cmd::Reconsideration(cmd) => case::run_kind(store, CaseKind::Reconsideration, cmd, json),
        Cmd::Transfer(cmd) => case::run_kind(store, CaseKind::CrimeTransfer, cmd, json),
        Cmd::Inspection(cmd) => inspection::run(store, cmd, json),
        Cmd::Proposal(cmd) => proposal::run(store, cmd, json),
        Cmd::Plan(cmd) => task::run_plan(store, cmd, json),
        Cmd::Task(cmd) => task::run_task(store, cmd, json),
        Cmd::Choice(cmd) => choice::run(store, cmd, json),
        Cmd::Stats(args) => stats::run(store, &args, json),
        Cmd::Attach { case, file, label } => filing::attach(store, case, file, label, json),
        Cmd::History { id } => case::history(store, id, json),
        Cmd::Search {
            words,
            kind,
            year,
            limit,
        } => search::run(store, &words, kind, year, limit, json),
        Cmd::Backup { out } => admin::backup(store, out, json),
        Cmd::Restore { file } => admin::restore(store, file, json),
        Cmd::Check => admin::check(store, json),
        Cmd::Audit { limit } => admin::audit(store, limit, json),
        Cmd::Bench { .. } | Cmd::Serve { .. } => {
            unreachable!("handled before the store is opened")
        }
    }
}

/// The machine's clock; or, in a debug build (the tests'), a fixed day from `FASHEN_TEST_TODAY`, so the demo data
/// the README's examples name is the same whatever day they run. A release build has no such hook.
fn clock() -> Result<Arc<dyn fashen::clock::Clock>> {
    #[cfg(debug_assertions)]
    if let Ok(day) = std::env::var("FASHEN_TEST_TODAY") {
        let day = fashen::model::validate::date("FASHEN_TEST_TODAY", &day)?;
        return Ok(Arc::new(fashen::clock::FixedClock::at_date(day)));
    }
    Ok(Arc::new(SystemClock))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    fn undocumented(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if a.is_hide_set() || id == "help" || id == "version" {
                continue;
            }
            if a.get_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for s in cmd.get_subcommands() {
            if s.get_name() == "help" {
                continue;
            }
            let p = format!("{path} {}", s.get_name());
            if s.get_about().is_none() {
                missing.push(p.clone());
            }
            undocumented(s, &p, missing);
        }
    }

    /// `--help` says what every command, flag and argument is for.
    #[test]
    fn every_command_flag_and_argument_has_a_help_text() {
        let mut missing = Vec::new();
        undocumented(&super::Cli::command(), "fashen", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:#?}");
    }
}
