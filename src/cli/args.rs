//! Command-line arguments. Case fields are not listed here: [`FieldArgs`] makes one flag per entry of the
//! model's field registry, so the CLI can never fall behind the form.

use std::path::PathBuf;

use clap::{Arg, ArgMatches, Args, Command, FromArgMatches, Parser, Subcommand};

use fashen::model::{CaseKind, CASE_FIELDS};

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
        #[arg(long)]
        device_name: Option<String>,
        #[arg(long)]
        user: Option<String>,
    },
    /// 向空数据库载入演示数据（一个区司法局一年的工作）
    Demo,
    /// 单位
    #[command(subcommand)]
    Unit(UnitCmd),
    /// 人员（工作人员、法律顾问）
    #[command(subcommand)]
    Person(PersonCmd),
    /// 审查案件
    #[command(subcommand)]
    Case(CaseCmd),
    /// 意见书
    #[command(subcommand)]
    Letter(LetterCmd),
    /// 打印用字体
    #[command(subcommand)]
    Font(FontCmd),
    /// 常用审查意见库
    #[command(subcommand)]
    Clause(ClauseCmd),
    /// 同步文件（在笔记本之间交换）
    #[command(subcommand)]
    Sync(SyncCmd),
    /// 打印表格（登记审批表、审核表、备案登记表、备案报告）
    #[command(subcommand)]
    Form(FormCmd),
    /// 打印案件登记台账
    #[command(subcommand)]
    Register(RegisterCmd),
    /// 备案记录
    #[command(subcommand)]
    Filing(FilingCmd),
    /// 为案件添加附件
    Attach {
        /// 案件（登记编号或编号）
        case: String,
        file: PathBuf,
        #[arg(long)]
        label: Option<String>,
    },
    /// 任一记录的修改历史
    History { id: String },
    /// 备份数据库（默认存入数据库旁的 backups 目录并轮换）
    Backup {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 从备份恢复（恢复前自动备份当前数据）
    Restore { file: PathBuf },
    /// 检查数据库完整性与修订记录一致性
    Check,
    /// 最近的操作日志
    Audit {
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// 工作日历：查询某日、推算工作日、导入或导出节假日安排
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// 期限规则：查看与修改各项办理期限
    #[command(subcommand)]
    Rule(RuleCmd),
    /// 未完成的期限，按到期日排列（红：已逾期；黄：剩余不超过2个工作日；绿：3个工作日以上）
    Deadlines {
        /// 只列出今天起 N 日内到期的（含已逾期）
        #[arg(long, value_name = "N")]
        within: Option<u32>,
        /// 只列出已逾期的
        #[arg(long)]
        overdue: bool,
    },
    /// 性能基准：在临时数据库中生成案件并测量查询耗时
    Bench {
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
        #[arg(long, default_value_t = 100_000)]
        revisions: u32,
        /// 同步测试中每件案件只有一条修订（导入最慢的情形）
        #[arg(long)]
        flat: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// 某日是否为工作日（依工作日历，含调休）
    IsWorkday { date: String },
    /// 某日之后第 N 个工作日（起算日不计入）
    AddWorkdays {
        date: String,
        #[arg(allow_hyphen_values = true)]
        n: i64,
    },
    /// 导入日历文件（格式见 assets/calendar/README.md），整份文件校验通过后一次写入
    Import { file: PathBuf },
    /// 导出全部日历为可导入的文件
    Export {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 已录入的年份及其依据文件
    List,
    /// 一年的放假与调休安排
    Show { year: i32 },
}

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// 导出同步文件（.fashen）：按对方导出（--for）只含对方可能缺少的内容，完整导出（--full）含全部
    Export {
        #[arg(long)]
        out: PathBuf,
        /// 对方电脑（名称或设备编号，见 fashen sync peers）
        #[arg(long, conflicts_with = "full")]
        r#for: Option<String>,
        /// 导出全部修订和附件
        #[arg(long)]
        full: bool,
        /// 用此文件第一行的口令加密（U 盘携带时建议使用）
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// 导入同步文件：先完整校验，再备份，然后在一个事务中合并
    Import {
        file: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// 只显示将会导入什么，不作改动
        #[arg(long)]
        dry_run: bool,
        /// 文件将删除大部分记录时，确认仍要导入
        #[arg(long)]
        yes: bool,
    },
    /// 检查同步文件是否完整（格式、校验和、每条修订和附件的摘要），不读入数据库
    Verify {
        file: PathBuf,
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// 待处理的同步冲突
    Conflicts,
    /// 处理一个冲突：--take mine|theirs|修订编号，或逐字段 --set 字段=值；编号冲突用 --renumber
    Resolve {
        /// 记录编号（见 fashen sync conflicts）
        id: String,
        #[arg(long)]
        take: Option<String>,
        /// 字段=值（值可写 JSON，如 "2027-01-05" 或 null），可重复
        #[arg(long = "set")]
        set: Vec<String>,
        /// 编号冲突：此记录改用下一个空闲编号（另一条保留原编号）
        #[arg(long)]
        renumber: bool,
    },
    /// 收到过同步文件的电脑，以及各自已有的内容
    Peers,
    /// 最近的导入回执
    Receipts {
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClauseCmd {
    /// 查找（多个词须全部出现）
    List {
        #[arg(long)]
        search: Option<String>,
        /// 只列适用于此类案件的
        #[arg(long)]
        kind: Option<String>,
    },
    /// 新增一条本单位的常用意见
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        problem: String,
        #[arg(long)]
        basis: Option<String>,
        #[arg(long)]
        suggestion: Option<String>,
        /// 适用的案件类别（可重复；不给则适用于全部）
        #[arg(long)]
        kind: Vec<String>,
    },
    /// 停用一条（不再出现在查找结果中）
    Retire { id: String },
}

#[derive(Debug, Subcommand)]
pub enum FormCmd {
    /// 导出 PDF：按案件填好的表格（可多件合为一个文件），或 --blank 空白表
    Pdf {
        /// 案件（登记编号或编号），可多个
        cases: Vec<String>,
        /// normative_review / enforcement_review / penalty_filing / filing_report
        #[arg(long)]
        form: Option<String>,
        /// 打印空白表（供手写）
        #[arg(long, value_name = "FORM")]
        blank: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum RegisterCmd {
    /// 导出某年度的案件登记台账（横向 A4）
    Pdf {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum FontCmd {
    /// 各字体角色使用的文件
    List,
    /// 改用本单位的字体文件（如仿宋_GB2312、方正小标宋；.ttc 用 文件#序号 选择字形）
    Set {
        /// fang 仿宋 / hei 黑体 / kai 楷体 / title 标题 / song 宋体
        role: String,
        path: String,
    },
    /// 恢复使用内置字体
    Reset { role: String },
}

#[derive(Debug, Subcommand)]
pub enum RuleCmd {
    /// 全部期限规则
    List,
    /// 修改一项规则（未给出的项保持不变）
    Set {
        /// 规则代码，如 normative_review
        code: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<i64>,
        /// working_days / calendar_days / months / years（或 工作日 / 日 / 个月 / 年）
        #[arg(long)]
        unit: Option<String>,
        /// 可延长的工作日数
        #[arg(long, allow_hyphen_values = true)]
        extension: Option<i64>,
        /// 依据（文件名称、文号、条款）
        #[arg(long)]
        source: Option<String>,
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

#[derive(Debug, Subcommand)]
pub enum UnitCmd {
    Add {
        #[arg(long)]
        name: String,
        /// 文号代字，例如 徒法审
        #[arg(long)]
        code: Option<String>,
        /// government / department / township / authorized_org / law_firm / other
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        parent: Option<String>,
        /// 本机关（使用本软件的单位）
        #[arg(long = "self")]
        is_self: bool,
        #[arg(long)]
        phone: Option<String>,
    },
    List,
}

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    Add {
        #[arg(long)]
        name: String,
        /// clerk 承办人 / section_head 科室负责人 / leader 分管领导 / advisor 法律顾问
        #[arg(long)]
        role: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        law_firm: Option<String>,
        #[arg(long)]
        licence_no: Option<String>,
        #[arg(long)]
        term_start: Option<String>,
        #[arg(long)]
        term_end: Option<String>,
    },
    List,
}

#[allow(clippy::large_enum_variant)]
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
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 案件登记簿
    List {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        assignee: Option<String>,
        /// 事项名称包含的文字
        #[arg(long)]
        title: Option<String>,
        /// 只列在办案件（不含已办结、有效期内的文件）
        #[arg(long)]
        active: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 1)]
        page: u32,
        /// 排序：reg（登记编号，新的在前，默认）、due（最近到期在前）、due_desc
        #[arg(long, default_value = "reg")]
        sort: String,
    },
    /// 案件详情（含历史）
    Show { id: String },
    /// 修改案件字段
    Edit {
        id: String,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// 变更状态
    Advance {
        id: String,
        #[arg(long)]
        to: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
    },
    /// 暂停计时（待补正）
    Pause {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// 恢复计时（材料已补正）
    Resume {
        id: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        on: Option<String>,
    },
    /// 延期
    Extend {
        id: String,
        #[arg(long, allow_negative_numbers = true)]
        days: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        approver: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// 列出各类案件可填写的字段
    Fields {
        #[arg(long)]
        kind: Option<String>,
    },
}

#[derive(Debug, Args, Default)]
pub struct LetterEditArgs {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub addressee: Option<String>,
    #[arg(long)]
    pub opening: Option<String>,
    #[arg(long)]
    pub conclusion: Option<String>,
    #[arg(long)]
    pub signatory: Option<String>,
    /// 起草人
    #[arg(long)]
    pub author: Option<String>,
    /// 起草日期
    #[arg(long)]
    pub drafted_on: Option<String>,
    /// 抄送（可重复）
    #[arg(long)]
    pub cc: Vec<String>,
    /// 增加一节：小标题（与 --section-text 成对使用）
    #[arg(long)]
    pub section: Vec<String>,
    #[arg(long)]
    pub section_text: Vec<String>,
    /// 增加一条审查意见：涉及条款（与 --problem/--basis/--suggestion 成对使用）
    #[arg(long)]
    pub clause: Vec<String>,
    #[arg(long)]
    pub problem: Vec<String>,
    #[arg(long)]
    pub basis: Vec<String>,
    #[arg(long)]
    pub suggestion: Vec<String>,
    /// 删除第 N 条审查意见
    #[arg(long)]
    pub remove_finding: Vec<usize>,
    /// 审查意见以逐条对照表打印（true / false）
    #[arg(long)]
    pub findings_table: Option<bool>,
    /// 从 JSON 文件读取全部小节和审查意见（{"sections":[…],"findings":[…]}）
    #[arg(long)]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LetterCmd {
    New {
        #[arg(long = "case")]
        case_id: String,
        /// review_opinion / contract_review / enforcement_review / legal_opinion
        #[arg(long)]
        kind: Option<String>,
        /// 发文单位（默认本机关）
        #[arg(long)]
        issuer: Option<String>,
        #[command(flatten)]
        edit: LetterEditArgs,
    },
    Edit {
        id: String,
        #[command(flatten)]
        edit: LetterEditArgs,
    },
    /// 签发并编号
    Sign {
        id: String,
        #[arg(long)]
        on: Option<String>,
        /// 指定文号序号（默认顺延）
        #[arg(long)]
        serial: Option<u32>,
        #[arg(long)]
        signatory: Option<String>,
    },
    /// 登记送达
    Issue {
        id: String,
        #[arg(long)]
        on: Option<String>,
    },
    /// 删除草稿（已签发的意见书不能删除）
    Delete {
        id: String,
    },
    Show {
        id: String,
    },
    List {
        #[arg(long = "case")]
        case_id: Option<String>,
    },
    /// 导出 PDF（GB/T 9704 版式）
    Pdf {
        /// 意见书（编号、编号前缀或文号）
        id: String,
        /// 输出文件
        #[arg(long)]
        out: PathBuf,
        /// 版式：letter 信函格式（默认）/ document 文件格式 / plain 无版头
        #[arg(long, default_value = "letter")]
        format: String,
    },
}

#[derive(Debug, Args, Default)]
pub struct FilingArgs {
    /// npc_standing_committee 人大常委会 / upper_government 上级政府
    #[arg(long)]
    pub channel: Option<String>,
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long)]
    pub submitted: Option<String>,
    #[arg(long)]
    pub receipt_no: Option<String>,
    /// registered / supplement / review_opinion / correction
    #[arg(long)]
    pub result: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FilingCmd {
    Add {
        #[arg(long = "case")]
        case_id: String,
        #[command(flatten)]
        filing: FilingArgs,
    },
    Edit {
        id: String,
        #[command(flatten)]
        filing: FilingArgs,
    },
    List {
        #[arg(long = "case")]
        case_id: Option<String>,
    },
}

/// One `--flag` per entry of [`CASE_FIELDS`], collected as `(code, value)` pairs in registry order.
#[derive(Debug, Clone, Default)]
pub struct FieldArgs(pub Vec<(String, String)>);

impl FromArgMatches for FieldArgs {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        Ok(FieldArgs(
            CASE_FIELDS
                .iter()
                .filter_map(|f| {
                    m.get_one::<String>(f.code)
                        .map(|v| (f.code.to_string(), v.clone()))
                })
                .collect(),
        ))
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl Args for FieldArgs {
    fn augment_args(cmd: Command) -> Command {
        CASE_FIELDS.iter().fold(cmd, |cmd, f| {
            let kinds = match f.kinds {
                None => String::new(),
                Some(k) => format!(
                    "（{}）",
                    k.iter()
                        .map(|k| CaseKind::short_label(*k))
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            };
            cmd.arg(
                Arg::new(f.code)
                    .long(f.code.replace('_', "-"))
                    .value_name("值")
                    .allow_hyphen_values(true)
                    .help(format!("{}{kinds}", f.label)),
            )
        })
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}
