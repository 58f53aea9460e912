//! `fashen search 词 …`: search by any words, results grouped by case with where each word was found.

use super::output::{outln, print_json};
use fashen::actions::search::{search, SearchRequest};
use fashen::model::CaseKind;
use fashen::{Result, Store};

pub fn run(
    store: &Store,
    words: &[String],
    kind: Option<String>,
    year: Option<i32>,
    limit: u32,
    json: bool,
) -> Result<()> {
    let req = SearchRequest {
        query: words.join(" "),
        kind: kind.as_deref().map(CaseKind::typed).transpose()?,
        year,
        limit: Some(limit),
        ..SearchRequest::default()
    };
    let page = search(store, &req)?;
    if json {
        return print_json(&page);
    }
    if page.words.is_empty() {
        outln!("请至少输入一个要查找的词（前面带 - 的词只用于排除）");
        return Ok(());
    }
    for r in &page.results {
        let number = r
            .number
            .as_deref()
            .map(|n| format!("{n}  "))
            .unwrap_or_default();
        outln!("{number}{}（{}）", r.title, r.about);
        for f in &r.found {
            outln!("    {}：{}", f.place, f.text);
        }
    }
    let shown = page.results.len() as u64;
    if page.total == 0 {
        outln!("没有找到包含「{}」的记录", page.words.join(" "));
    } else if shown < page.total {
        let about = if page.total_exact { "共" } else { "至多" };
        outln!(
            "{about} {} 件，显示前 {shown} 件（--limit 可显示更多）",
            page.total
        );
    } else {
        outln!("共 {} 件", page.total);
    }
    Ok(())
}
