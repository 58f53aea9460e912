//! `fashen sync …`: export, import, verify, conflicts and their resolution, peers, receipts.

use std::path::PathBuf;

use clap::Subcommand;

use super::output::{outln, print_json};
use fashen::{Error, Result, Store};

#[derive(Debug, Subcommand)]
pub enum SyncCmd {
    /// 导出同步文件（.fashen）：按对方导出（--for）只含对方可能缺少的内容，完整导出（--full）含全部
    Export {
        /// 写出的同步文件（.fashen）
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
        /// 同步文件（.fashen）
        file: PathBuf,
        /// 加密文件的口令所在的文本文件
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
        /// 同步文件（.fashen）
        file: PathBuf,
        /// 加密文件的口令所在的文本文件
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// 待处理的同步冲突
    Conflicts,
    /// 处理一个冲突：--take mine|theirs|修订编号，或逐字段 --set 字段=值；编号冲突用 --renumber
    Resolve {
        /// 记录编号（见 fashen sync conflicts）
        id: String,
        /// 取哪个版本：mine 本机、theirs 对方，或修订编号
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
        /// 显示最近几次
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
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

fn print_receipt(r: &fashen::actions::sync::ImportReceipt) {
    // What changed, in words, first; the counts of revisions after, for whoever needs them.
    if r.changes.is_empty() {
        outln!("「{}」的文件没有本机缺少的内容", r.sender_name);
    } else {
        outln!(
            "「{}」的文件{}：",
            r.sender_name,
            if r.dry_run { "将带来" } else { "带来了" }
        );
        for c in &r.changes {
            outln!("  {c}");
        }
    }
    outln!("{}", r.summary());
    if let Some(b) = &r.backup {
        outln!("导入前的备份：{b}");
    }
    for w in &r.warnings {
        outln!("注意：{w}");
    }
    if r.conflicts_open > 0 {
        outln!("有待处理的冲突：fashen sync conflicts 查看，fashen sync resolve 处理");
    }
}

pub fn run(store: &mut Store, cmd: SyncCmd, json: bool) -> Result<()> {
    use fashen::actions::sync::{self, ConflictKind, Target};
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
            let target = Target::for_peer(r#for.as_deref());
            let r = sync::export(store, target, pass.as_deref(), &out)?;
            if json {
                print_json(&r)?;
            } else {
                outln!(
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
                outln!(
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
            let list = sync::conflicts(store)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                outln!("没有待处理的同步冲突");
            }
            for c in &list {
                match c.kind {
                    ConflictKind::Number => outln!(
                        "{} {}「{}」编号重复：{}（处理：fashen sync resolve {} --renumber 改用下一个编号）",
                        c.entity_id,
                        c.entity_label,
                        c.title,
                        c.number.as_deref().unwrap_or_default(),
                        c.entity_id
                    ),
                    _ => {
                        outln!(
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
                            outln!(
                                "  版本 {}{}：{} {} {}{}{}",
                                &s.rev_id[..12],
                                if i == 0 { "（选定之前按此版本显示）" } else { "" },
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
                            outln!("  {}：{}", f.label, shown.join(" ／ "));
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
            if renumber {
                let n = sync::renumber(store, &id)?;
                if json {
                    return print_json(&serde_json::json!({ "number": n }));
                }
                outln!("已改为 {n}");
                return Ok(());
            }
            let take = take.as_deref().map(sync::Take::parse);
            let side = sync::resolve_with(store, &id, take, &set)?;
            if json {
                return print_json(&side);
            }
            outln!(
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
            let peers = sync::peers(store)?;
            if json {
                return print_json(&peers);
            }
            if peers.is_empty() {
                outln!("还没有导入过其他电脑的同步文件");
            }
            for p in &peers {
                outln!(
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
            let list = sync::receipts(store, limit)?;
            if json {
                return print_json(&list);
            }
            for r in &list {
                outln!(
                    "{} {}",
                    r.at.get(..16).unwrap_or(&r.at).replace('T', " "),
                    r.summary()
                );
            }
        }
    }
    Ok(())
}
