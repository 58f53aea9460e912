//! `fashen bench --sync`: what sync by file costs at the size of a busy office's decade. A laptop with
//! `revisions` revisions (cases written through the ordinary write path: each registered and then changed three
//! times, as a case is received, reviewed and concluded; or with `--flat` one revision per case, the worst
//! case for an import, which derives a row and deadlines per record) exports everything; an empty laptop
//! imports it; the same file is imported again; then, once the two know each other, an export for the peer
//! after 100 edits. Measured, never asserted; the budgets (issue 6) are export and import of 100 000
//! revisions < 5 s each and a re-import < 2 s.

use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use crate::actions::cases::edit_case;
use crate::actions::sync::{self, ImportOptions, Target};
use crate::clock::SystemClock;
use crate::error::{Error, Result};
use crate::model::ReviewCase;
use crate::store::{OpenMode, Store};

#[derive(Debug, Serialize)]
pub struct SyncReport {
    pub revisions: u64,
    pub fill_seconds: f64,
    pub export_seconds: f64,
    pub file_bytes: u64,
    pub import_seconds: f64,
    /// Of the first import, the time spent bringing the search index in step.
    pub import_indexing_seconds: f64,
    pub reimport_seconds: f64,
    pub incremental_revisions: u64,
    pub incremental_bytes: u64,
    pub incremental_export_seconds: f64,
    pub incremental_import_seconds: f64,
}

fn secs(t: Instant) -> f64 {
    (t.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
}

pub fn run(revisions: u32, flat: bool, json: bool) -> Result<()> {
    if revisions < 1_000 {
        return Err(Error::invalid("基准测试", "修订数至少 1000"));
    }
    let dir = std::env::temp_dir().join(format!("fashen-sync-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = measure(&dir, revisions, flat);
    let _ = std::fs::remove_dir_all(&dir);
    let r = result?;
    if json {
        let s = serde_json::to_string_pretty(&r).map_err(|e| Error::Refused(e.to_string()))?;
        println!("{s}");
    } else {
        println!(
            "修订 {} 条（生成用时 {:.1} s）\n完整导出  {:.2} s，文件 {:.1} MB\n导入空库  {:.2} s（其中搜索索引 {:.2} s）\n再次导入  {:.2} s\n按对方导出（100 处修改后）修订 {} 条、{} KB：导出 {:.3} s，导入 {:.3} s",
            r.revisions,
            r.fill_seconds,
            r.export_seconds,
            r.file_bytes as f64 / 1_048_576.0,
            r.import_seconds,
            r.import_indexing_seconds,
            r.reimport_seconds,
            r.incremental_revisions,
            r.incremental_bytes.div_ceil(1024),
            r.incremental_export_seconds,
            r.incremental_import_seconds
        );
    }
    Ok(())
}

/// Changes each case three times after its registration (status, note, opinion date), in batches of one
/// transaction like an office's day.
fn history(store: &mut Store) -> Result<()> {
    let cases: Vec<ReviewCase> = store.all()?;
    for chunk in cases.chunks(5_000) {
        store.write("bench.history", |tx| {
            for c in chunk {
                let mut c = c.clone();
                c.note = Some("已收到补正材料".into());
                tx.put(&c, "补正材料（基准测试）")?;
                c.contact = Some("王芳".into());
                tx.put(&c, "联系人（基准测试）")?;
                c.conclusion = Some("建议修改后印发。".into());
                tx.put(&c, "审查意见（基准测试）")?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

fn measure(dir: &std::path::Path, revisions: u32, flat: bool) -> Result<SyncReport> {
    let clock = Arc::new(SystemClock);
    let mut sender = Store::open(
        &dir.join("sender.sqlite3"),
        OpenMode::CreateIfMissing,
        clock.clone(),
    )?;
    sender.set_device_name("科室")?;
    let t = Instant::now();
    let existing = sender.revision_total()?;
    // `fill` writes 60 units and people, then one revision per case; `history` three more per case.
    let per_case = if flat { 1 } else { 4 };
    let cases = (revisions.saturating_sub(existing as u32 + 60) / per_case).max(1);
    crate::bench::fill(&mut sender, cases, false)?;
    if !flat {
        history(&mut sender)?;
    }
    let fill_seconds = secs(t);
    let total = sender.revision_total()?;

    let file = dir.join("full.fashen");
    let t = Instant::now();
    let report = sync::export(&sender, Target::Full, None, &file)?;
    let export_seconds = secs(t);

    let mut receiver = Store::open(
        &dir.join("receiver.sqlite3"),
        OpenMode::CreateIfMissing,
        clock,
    )?;
    receiver.set_device_name("顾问")?;
    let opts = ImportOptions::default();
    let t = Instant::now();
    let indexing = crate::store::indexing_time();
    sync::import(&mut receiver, &file, None, &opts)?;
    let import_seconds = secs(t);
    let import_indexing_seconds = (crate::store::indexing_time() - indexing).as_secs_f64();
    let t = Instant::now();
    let again = sync::import(&mut receiver, &file, None, &opts)?;
    let reimport_seconds = secs(t);
    if again.new_revisions != 0 {
        return Err(Error::Refused("再次导入不应带来新修订".into()));
    }

    // The two get to know each other, then the office edits 100 cases and sends only those.
    let back = dir.join("back.fashen");
    sync::export(&receiver, Target::Full, None, &back)?;
    sync::import(&mut sender, &back, None, &opts)?;
    let some: Vec<ReviewCase> = sender.all::<ReviewCase>()?.into_iter().take(100).collect();
    for c in &some {
        edit_case(
            &mut sender,
            c.id,
            &[("note".to_string(), "补充说明（基准测试）".to_string())],
        )?;
    }
    let inc = dir.join("incremental.fashen");
    let t = Instant::now();
    let inc_report = sync::export(&sender, Target::Peer("顾问"), None, &inc)?;
    let incremental_export_seconds = secs(t);
    let t = Instant::now();
    sync::import(&mut receiver, &inc, None, &opts)?;
    let incremental_import_seconds = secs(t);

    Ok(SyncReport {
        revisions: total,
        fill_seconds,
        export_seconds,
        file_bytes: report.bytes,
        import_seconds,
        import_indexing_seconds,
        reimport_seconds,
        incremental_revisions: inc_report.revisions,
        incremental_bytes: inc_report.bytes,
        incremental_export_seconds,
        incremental_import_seconds,
    })
}
