//! `fashen init`, `demo`, `backup`, `restore`, `check` and `audit`: setting up and looking after the
//! database.

use std::path::PathBuf;

use super::output::{outln, print_json};
use super::table;
use fashen::actions::{maintenance, settings};
use fashen::{Error, Result, Store};

pub fn init(
    store: &mut Store,
    device_name: Option<String>,
    user: Option<String>,
    json: bool,
) -> Result<()> {
    let info = settings::name_laptop(store, device_name.as_deref(), user.as_deref())?;
    if json {
        print_json(&serde_json::json!({
            "db": info.db_path,
            "device_id": info.device_id,
            "device_name": info.device_name,
            "user_name": info.user_name,
            "schema_version": info.schema_version,
        }))?;
    } else {
        outln!("数据库已就绪：{}", info.db_path.display());
        outln!("本机标识：{}", info.device_id);
    }
    Ok(())
}

pub fn demo(store: &mut Store, clear: bool, json: bool) -> Result<()> {
    if clear {
        let done = fashen::demo::clear(store)?;
        if json {
            return print_json(&done);
        }
        let list = |v: &[(String, u64)]| {
            v.iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join("、")
        };
        outln!("已清除演示数据：{}", list(&done.deleted));
        if !done.kept.is_empty() {
            outln!(
                "保留了被修改过或被您自己的记录引用的演示记录：{}",
                list(&done.kept)
            );
        }
        return Ok(());
    }
    let summary = fashen::demo::load(store)?;
    if json {
        print_json(&summary)?;
    } else {
        outln!(
            "已载入演示数据：{} 个单位，{} 名人员（其中法律顾问 {} 名），{} 件案件，{} 份意见书，{} 条备案记录",
            summary.units, summary.people, summary.advisors, summary.cases, summary.letters, summary.filings
        );
    }
    Ok(())
}

pub fn backup(store: &mut Store, out: Option<PathBuf>, json: bool) -> Result<()> {
    let info = maintenance::backup(store, out.as_deref())?;
    if json {
        print_json(&info)?;
    } else {
        outln!(
            "已备份到 {}（{} KB）",
            info.path.display(),
            info.bytes / 1024
        );
        for r in &info.removed {
            outln!("已轮换删除旧备份 {}", r.display());
        }
    }
    Ok(())
}

pub fn restore(store: &mut Store, file: PathBuf, json: bool) -> Result<()> {
    let info = maintenance::restore(store, &file)?;
    if json {
        print_json(&info)?
    } else {
        outln!("已从 {} 恢复；恢复前的数据已自动备份", info.path.display())
    }
    Ok(())
}

pub fn check(store: &Store, json: bool) -> Result<()> {
    let report = maintenance::check(store)?;
    if json {
        print_json(&report)?;
    } else {
        outln!("SQLite 完整性检查：{}", report.integrity);
        outln!(
            "修订 {} 条，记录 {} 条，附件内容 {} 个",
            report.revisions,
            report.entities,
            report.blobs
        );
        for p in &report.problems {
            outln!("问题：{p}");
        }
    }
    if !report.is_ok() {
        return Err(Error::Refused(format!(
            "数据库检查发现 {} 个问题",
            report.problems.len().max(1)
        )));
    }
    if !json {
        outln!("检查通过");
    }
    Ok(())
}

pub fn audit(store: &Store, limit: usize, json: bool) -> Result<()> {
    let log = maintenance::audit_log(store, limit)?;
    if json {
        print_json(&log)?;
    } else {
        let rows: Vec<Vec<String>> = log
            .iter()
            .map(|a| {
                vec![
                    a.at.chars().take(19).collect::<String>().replace('T', " "),
                    a.author.clone(),
                    a.action.clone(),
                    table::clip(&a.summary, 60),
                ]
            })
            .collect();
        table::print(&["时间", "操作人", "操作", "内容"], &rows);
    }
    Ok(())
}
