//! The office's lists of choices (办理类别, 成果形式): the built-in entries with the office's own over them, a
//! value typed as a code or a label found in its list, and an entry added or reworded.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::choice::{ChoiceEntry, ChoiceList};
use crate::store::Store;

/// One entry as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceItem {
    pub code: String,
    pub label: String,
    /// Built in (reworded or not), rather than added by the office.
    pub built_in: bool,
}

/// A list as forms offer it and the settings edit it.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceListView {
    pub list: ChoiceList,
    pub name: &'static str,
    pub items: Vec<ChoiceItem>,
}

/// `list`'s entries: the built-in ones in their order (with the office's wording where it has one), then the
/// office's own, by code.
pub fn choice_items(store: &Store, list: ChoiceList) -> Result<Vec<ChoiceItem>> {
    let own = store.choice_entries(list)?;
    let mut items: Vec<ChoiceItem> = list
        .built_in()
        .iter()
        .map(|(code, label)| ChoiceItem {
            code: (*code).into(),
            label: own
                .iter()
                .find(|e| e.code == *code)
                .map_or_else(|| (*label).to_string(), |e| e.label.clone()),
            built_in: true,
        })
        .collect();
    items.extend(
        own.into_iter()
            .filter(|e| !list.is_built_in(&e.code))
            .map(|e| ChoiceItem {
                code: e.code,
                label: e.label,
                built_in: false,
            }),
    );
    Ok(items)
}

/// Every list.
pub fn choice_lists(store: &Store) -> Result<Vec<ChoiceListView>> {
    ChoiceList::ALL
        .iter()
        .map(|&list| {
            Ok(ChoiceListView {
                list,
                name: list.label(),
                items: choice_items(store, list)?,
            })
        })
        .collect()
}

/// The code of what was typed for `list`: a code (a class's in either case, with or without 类 after it) or a
/// label; refused, naming the list's entries, when it is neither.
pub fn resolve_choice(store: &Store, list: ChoiceList, typed: &str) -> Result<Option<String>> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let items = choice_items(store, list)?;
    let mark = t.trim_end_matches('类').trim();
    let found = items
        .iter()
        .find(|i| i.code == t || i.code.eq_ignore_ascii_case(mark))
        .or_else(|| {
            items
                .iter()
                .find(|i| i.label == t || format!("{}（{}）", i.code, i.label) == t)
        });
    match found {
        Some(i) => Ok(Some(i.code.clone())),
        None => Err(Error::invalid(
            list.label(),
            format!(
                "「{t}」不在{}列表中（{}）；可在「设置 → 选项列表」中添加",
                list.label(),
                items
                    .iter()
                    .map(|i| if i.code == i.label {
                        i.code.clone()
                    } else {
                        format!("{} {}", i.code, i.label)
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        )),
    }
}

/// Adds an entry to `list`, or rewords one (a built-in one too); its code stays what it is. A 办理类别 is a mark
/// with a name (`d` is D, and needs one); a 成果形式 is its own name (the label is the code).
pub fn set_choice(
    store: &mut Store,
    list: ChoiceList,
    code: &str,
    label: &str,
) -> Result<ChoiceItem> {
    let (code, label) = match list {
        ChoiceList::HandlingClass => (code.trim().to_ascii_uppercase(), label.trim().to_string()),
        ChoiceList::OutcomeForm => (code.trim().to_string(), code.trim().to_string()),
    };
    if label.is_empty() {
        return Err(Error::invalid(
            "名称",
            format!("请填写{}「{code}」的名称", list.label()),
        ));
    }
    let entry = ChoiceEntry::new(list, &code, &label)?;
    let built_in = list.is_built_in(&entry.code);
    let msg = format!("{}：{} {}", list.label(), entry.code, entry.label);
    store.write("choice.set", |tx| {
        tx.put(&entry, &msg)?;
        Ok(())
    })?;
    Ok(ChoiceItem {
        code: entry.code,
        label: entry.label,
        built_in,
    })
}
