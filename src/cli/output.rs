//! How the CLI prints: JSON with `--json`, otherwise lines and tables in Chinese.

use serde::Serialize;

use fashen::model::validate::fmt_date;
use fashen::{Error, Result};

pub fn print_json<T: Serialize>(v: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(v).map_err(|e| Error::Refused(e.to_string()))?;
    println!("{s}");
    Ok(())
}

pub fn report_export(out: &std::path::Path, bytes: u64, json: bool) -> Result<()> {
    if json {
        print_json(&serde_json::json!({ "path": out, "bytes": bytes }))
    } else {
        println!("已导出：{}（{} KB）", out.display(), bytes.div_ceil(1024));
        Ok(())
    }
}

pub fn print_moves(moves: &[fashen::actions::deadlines::DeadlineMove]) {
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
