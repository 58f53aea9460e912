//! Search by any words (issue 19): the index answers exactly what a substring scan of the records' text
//! answers, after any history of edits, deletions, conflicts and imports; nothing typed is ever an error;
//! every kind of text is found, and said where.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::Duration;
use fashen::actions::cases::{edit_case, register_case};
use fashen::actions::clauses::{add_clause, ClauseInput};
use fashen::actions::letters::{delete_draft, edit_letter, new_letter, LetterEdit};
use fashen::actions::parties::{add_person, add_unit, NewPerson, NewUnit};
use fashen::actions::records::{add_filing, attach_file, FilingInput};
use fashen::actions::search::{search, SearchRequest};
use fashen::clock::FixedClock;
use fashen::model::{CaseKind, Finding, OpinionLetter, ReviewCase, Unit};
use fashen::search::{folded, Query};
use fashen::{OpenMode, Store};
use sha2::Digest;
use uuid::Uuid;

use crate::support::{fields, TestDb};

fn contains(hay: &[char], needle: &[char]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// What a substring scan of every group's text finds for `query`: the definition of a match.
fn scan(texts: &BTreeMap<Uuid, Vec<String>>, query: &Query) -> BTreeSet<Uuid> {
    if query.is_empty() {
        return BTreeSet::new();
    }
    texts
        .iter()
        .filter(|(_, parts)| {
            let parts: Vec<Vec<char>> = parts.iter().map(|p| folded(p)).collect();
            let has = |w: &Vec<char>| parts.iter().any(|p| contains(p, w));
            query.must.iter().all(has) && !query.not.iter().any(has)
        })
        .map(|(g, _)| *g)
        .collect()
}

/// What the index finds: every page at once.
fn found(store: &Store, query: &Query) -> BTreeSet<Uuid> {
    let f = store.search(query, None, 0, usize::MAX).unwrap();
    let groups: BTreeSet<Uuid> = f.groups.iter().map(|g| g.key).collect();
    assert!(f.exact, "every result was confirmed");
    assert_eq!(
        f.total as usize,
        groups.len(),
        "the total counts the results"
    );
    // Page by page: the same results in the same order, none twice.
    let mut paged = Vec::new();
    for offset in (0..groups.len() + 3).step_by(3) {
        let page = store.search(query, None, offset, 3).unwrap();
        assert!(
            page.total as usize >= groups.len(),
            "at most an upper bound"
        );
        paged.extend(page.groups.iter().map(|g| g.key));
    }
    assert_eq!(paged, f.groups.iter().map(|g| g.key).collect::<Vec<_>>());
    groups
}

/// A word typed as a person might: sometimes in full-width forms or upper case, which fold to the same.
fn typed(word: &str, rng: &mut fastrand::Rng) -> String {
    word.chars()
        .map(|c| match rng.usize(0..4) {
            0 if c.is_ascii_graphic() && c != '"' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            1 => c.to_ascii_uppercase(),
            _ => c,
        })
        .collect()
}

fn quoted(word: String) -> String {
    if word.contains(' ') || word.starts_with('-') {
        format!("\"{word}\"")
    } else {
        word
    }
}

/// Compares the index with a scan for `rounds` queries: words of one to six characters drawn from the records'
/// text and from outside it, alone, together, quoted and excluded.
pub fn assert_search_is_a_scan(store: &Store, rng: &mut fastrand::Rng, rounds: usize) {
    let texts = store.searchable_texts().unwrap();
    let parts: Vec<Vec<char>> = texts
        .values()
        .flatten()
        .map(|t| t.chars().collect())
        .filter(|t: &Vec<char>| !t.is_empty())
        .collect();
    assert!(!parts.is_empty());
    let pool: Vec<char> = "合同审查备案费用〔〕()（）2018abcAB-Ｘ１ 甲乙的号"
        .chars()
        .collect();
    let word = |rng: &mut fastrand::Rng| -> String {
        let len = rng.usize(1..=6);
        if rng.usize(0..3) > 0 {
            let p = &parts[rng.usize(0..parts.len())];
            let start = rng.usize(0..p.len());
            let end = (start + len).min(p.len());
            let w: String = p[start..end].iter().collect();
            quoted(typed(w.trim(), rng))
        } else {
            quoted((0..len).map(|_| pool[rng.usize(0..pool.len())]).collect())
        }
    };
    for _ in 0..rounds {
        let raw = match rng.usize(0..5) {
            0 | 1 => word(rng),
            2 => format!("{} {}", word(rng), word(rng)),
            3 => format!("{} -{}", word(rng), word(rng)),
            _ => format!("{} {} {}", word(rng), word(rng), word(rng)),
        };
        let q = Query::parse(&raw);
        assert_eq!(found(store, &q), scan(&texts, &q), "query {raw:?}");
    }
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at_date(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    ))
}

fn office(db: &TestDb, clock: &Arc<FixedClock>) -> Store {
    let mut store = Store::open(&db.path, OpenMode::CreateIfMissing, clock.clone()).unwrap();
    add_unit(
        &mut store,
        &NewUnit {
            name: "丹徒区司法局".into(),
            code: Some("徒法审".into()),
            is_self: true,
            ..Default::default()
        },
    )
    .unwrap();
    add_unit(
        &mut store,
        &NewUnit {
            name: "区住建局".into(),
            ..Default::default()
        },
    )
    .unwrap();
    store
}

/// Random text of Chinese, ASCII letters, numbers and the brackets numbers come in.
fn text(rng: &mut fastrand::Rng, max: usize) -> String {
    const ALPHABET: &str = "合同审查备案费用保证金履约行政许可〔〕()（）2018709abcABＸ１-— 的";
    let chars: Vec<char> = ALPHABET.chars().collect();
    let len = rng.usize(1..=max);
    let t: String = (0..len).map(|_| chars[rng.usize(0..chars.len())]).collect();
    if t.trim().is_empty() {
        "合".into()
    } else {
        t.trim().to_string()
    }
}

#[test]
fn the_index_finds_exactly_what_a_scan_finds_after_edits_deletions_and_renames() {
    for seed in 0..6u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let db = TestDb::new();
        let c = clock();
        let mut store = office(&db, &c);
        let mut cases: Vec<ReviewCase> = Vec::new();
        for i in 0..12 {
            let kind = [CaseKind::Contract, CaseKind::NormativeDoc, CaseKind::Advice][i % 3];
            let title = text(&mut rng, 20);
            let case = register_case(
                &mut store,
                kind,
                &fields(&[("title", &title), ("unit", "区住建局")]),
                None,
            )
            .unwrap();
            cases.push(case);
        }
        let mut letters: Vec<OpinionLetter> = Vec::new();
        for step in 0..60 {
            c.advance(Duration::seconds(5));
            let case = cases[rng.usize(0..cases.len())].clone();
            match rng.usize(0..7) {
                0 | 1 => {
                    let field = ["title", "note", "contact"][rng.usize(0..3)];
                    let value = text(&mut rng, if field == "contact" { 8 } else { 30 });
                    let _ = edit_case(&mut store, case.id, &fields(&[(field, &value)]));
                }
                2 => {
                    let edit = LetterEdit {
                        add_findings: vec![Finding {
                            clause: text(&mut rng, 6),
                            problem: text(&mut rng, 30),
                            legal_basis: text(&mut rng, 10),
                            suggestion: text(&mut rng, 10),
                        }],
                        ..Default::default()
                    };
                    letters.push(new_letter(&mut store, &case, None, None, &edit).unwrap());
                }
                3 if !letters.is_empty() => {
                    let l = &letters[rng.usize(0..letters.len())];
                    let edit = LetterEdit {
                        conclusion: Some(text(&mut rng, 20)),
                        ..Default::default()
                    };
                    let _ = edit_letter(&mut store, l.id, &edit);
                }
                4 if !letters.is_empty() => {
                    let l = letters.remove(rng.usize(0..letters.len()));
                    delete_draft(&mut store, l.id).unwrap();
                }
                5 => {
                    // A note attached as a text file, saved in UTF-8 or (by Notepad, WPS) in GBK.
                    let note = text(&mut rng, 40);
                    let bytes = if rng.bool() {
                        note.into_bytes()
                    } else {
                        encoding_rs::GBK.encode(&note).0.into_owned()
                    };
                    attach_file(
                        &mut store,
                        case.id,
                        &format!("说明{step}.txt"),
                        &bytes,
                        None,
                    )
                    .unwrap();
                }
                _ => {
                    // A unit renamed (as a resolved conflict can): its cases are found by the new name only.
                    let mut unit: Unit = store
                        .all::<Unit>()
                        .unwrap()
                        .into_iter()
                        .find(|u| u.name.starts_with("区住建局"))
                        .unwrap();
                    unit.name = format!("区住建局{step}");
                    store.write("改名", |tx| tx.put(&unit, "单位改名")).unwrap();
                }
            }
        }
        let report = store.check().unwrap();
        assert!(report.is_ok(), "seed {seed}: {:#?}", report.problems);
        assert_search_is_a_scan(&store, &mut rng, 150);
    }
}

#[test]
fn every_kind_of_text_is_found_and_said_where() {
    let db = TestDb::new();
    let c = clock();
    let mut store = office(&db, &c);
    add_person(
        &mut store,
        &NewPerson {
            name: "周律师".into(),
            role: "advisor".into(),
            law_firm: Some("江苏润州律师事务所".into()),
            licence_no: Some("13211201910001234".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let case = register_case(
        &mut store,
        CaseKind::Contract,
        &fields(&[
            ("title", "区图书馆物业管理服务合同"),
            ("unit", "区住建局"),
            ("advisors", "周律师"),
            ("counterparty", "镇江某物业公司"),
            ("note", "履约保证金比例待确认"),
        ]),
        None,
    )
    .unwrap();
    let edit = LetterEdit {
        add_findings: vec![
            Finding {
                clause: "第五条".into(),
                problem: "约定由相对方缴纳履约保证金".into(),
                legal_basis: "《保障中小企业款项支付条例》".into(),
                suggestion: "删除".into(),
            },
            Finding {
                clause: "第九条".into(),
                problem: "增设行政许可".into(),
                legal_basis: "《中华人民共和国行政许可法》第十六条".into(),
                suggestion: "删除该条".into(),
            },
        ],
        ..Default::default()
    };
    new_letter(&mut store, &case, None, None, &edit).unwrap();
    add_filing(
        &mut store,
        case.id,
        &FilingInput {
            receipt_no: Some("备2026-0815".into()),
            ..Default::default()
        },
    )
    .ok();
    attach_file(
        &mut store,
        case.id,
        "送审稿（第二稿）.docx",
        b"PK",
        Some("起草说明"),
    )
    .unwrap();
    add_clause(
        &mut store,
        &ClauseInput {
            title: "擅自设定保证金".into(),
            kinds: vec![],
            problem: "设定保证金缺乏依据".into(),
            legal_basis: String::new(),
            suggestion: String::new(),
        },
    )
    .unwrap();

    let ask = |store: &Store, q: &str| {
        search(
            store,
            &SearchRequest {
                query: q.into(),
                ..Default::default()
            },
        )
        .unwrap()
    };
    let places = |q: &str| -> Vec<String> {
        ask(&store, q)
            .results
            .iter()
            .flat_map(|r| r.found.iter().map(|f| f.place.clone()))
            .collect()
    };
    // The case by its title, its number, its unit's and advisor's names and any field.
    for (q, place) in [
        ("物业管理", "事项名称"),
        ("2026-001", "登记编号"),
        ("住建", "送审单位"),
        ("周律师", "法律顾问"),
        ("镇江某物业", "合同相对方"),
        ("比例待确认", "备注"),
        (
            "增设行政许可",
            "意见书《关于《区图书馆物业管理服务合同》的合法性审查意见》第二条审查意见·存在问题",
        ),
        ("行政许可法", "第二条审查意见·法律依据"),
        ("第二稿", "附件《送审稿（第二稿）.docx》"),
        ("起草说明", "附件《送审稿（第二稿）.docx》说明"),
    ] {
        let page = ask(&store, q);
        let hit = page
            .results
            .iter()
            .find(|r| r.id == case.id.0)
            .unwrap_or_else(|| panic!("{q}: {page:#?}"));
        assert!(
            hit.found.iter().any(|f| f.place.contains(place)),
            "{q} should be found in {place}: {:?}",
            places(q)
        );
    }
    // Only that case (and the unit named 住建, itself a result) has these words.
    assert_eq!(ask(&store, "镇江某物业").total, 1);
    assert_eq!(ask(&store, "住建").total, 2);
    // Several words are all required, across the case and its letter; a word can be excluded.
    let has_case = |q: &str| ask(&store, q).results.iter().any(|r| r.id == case.id.0);
    assert!(has_case("增设行政许可 住建"));
    assert_eq!(ask(&store, "增设行政许可 住建").total, 1);
    // (The built-in clause 增设行政许可 has no 住建 in it.)
    assert!(!has_case("增设行政许可 -住建"));
    assert!(!has_case("增设行政许可 民政"));
    // People, with their firm, and the clause library are found too, each as itself.
    let firm = ask(&store, "润州律师");
    assert_eq!(firm.results.len(), 1, "{firm:#?}");
    assert_eq!(firm.results[0].entity, fashen::revision::EntityKind::Person);
    assert_eq!(firm.results[0].found[0].place, "律师事务所");
    let clause = ask(&store, "擅自设定");
    assert_eq!(
        clause.results[0].entity,
        fashen::revision::EntityKind::Clause
    );
    assert_eq!(clause.results[0].about, "常用审查意见");
    // One-character words, numbers in their brackets, full-width and upper-case forms.
    assert!(ask(&store, "费").total >= 1);
    assert_eq!(ask(&store, "２０２６－００１").results[0].id, case.id.0);
    assert_eq!(ask(&store, "DOCX").total, 1);
    // Title hits first: the case whose title says 保证金 before the one with it in a letter only.
    let other = register_case(
        &mut store,
        CaseKind::Contract,
        &fields(&[("title", "保证金管理协议"), ("unit", "区住建局")]),
        None,
    )
    .unwrap();
    let page = ask(&store, "保证金");
    let order: Vec<Uuid> = page.results.iter().map(|r| r.id).collect();
    assert_eq!(order[0], other.id.0, "{page:#?}");
    assert!(page.results[0].headline);
    // The snippet marks the hit in the text as it was written.
    let title_hit = &ask(&store, "物业管理").results[0].found[0];
    let (s, e) = title_hit.marks[0];
    let marked: String = title_hit.text.chars().skip(s).take(e - s).collect();
    assert_eq!(marked, "物业管理");
}

#[test]
fn nothing_a_person_types_is_an_error_or_an_operator() {
    let db = TestDb::new();
    let c = clock();
    let mut store = office(&db, &c);
    let case = register_case(
        &mut store,
        CaseKind::Contract,
        &fields(&[
            ("title", "关于 \"AND\" OR (NEAR) * ^ : - 的合同"),
            ("unit", "区住建局"),
        ]),
        None,
    )
    .unwrap();
    let hostile: Vec<String> = [
        "\"",
        "\"\"",
        "\"\"\"",
        "*",
        "**",
        ":",
        "(",
        ")",
        "()",
        "^",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "-",
        "--",
        "- -",
        "-\"",
        "a OR b",
        "a AND",
        "合同*",
        "合同:",
        "title:合同",
        "{合同}",
        "[合同]",
        "'",
        "\\",
        "%",
        "_",
        "%_%",
        "\u{0}",
        "\u{7}合同\u{1F}",
        "\t\n",
        "\u{FEFF}",
        "\u{200B}",
        "🙂",
        "𠀀",
        "\u{10FFFF}",
        "SELECT * FROM cases",
        "'; DROP TABLE cases; --",
        "<img src=x onerror=alert(1)>",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        "合".repeat(10_000),
        "合同 ".repeat(3_000),
        "-".repeat(10_000),
        "\"".repeat(10_001),
        (0..10_000)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect(),
    ])
    .collect();
    let before = store.searchable_texts().unwrap();
    for q in &hostile {
        let page = search(
            &store,
            &SearchRequest {
                query: q.clone(),
                limit: Some(200),
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{q:.40?} is an error: {e}"));
        // Operators of other search engines mean only themselves.
        let query = Query::parse(q);
        let expected = scan(&before, &query);
        let got: BTreeSet<Uuid> = page.results.iter().map(|r| r.id).collect();
        assert_eq!(got, expected, "{q:.40?}");
    }
    let ids = |q: &str| -> BTreeSet<Uuid> {
        search(
            &store,
            &SearchRequest {
                query: q.into(),
                limit: Some(200),
                ..Default::default()
            },
        )
        .unwrap()
        .results
        .iter()
        .map(|r| r.id)
        .collect()
    };
    for q in ["\"AND\" OR", "(NEAR) *", "^ :"] {
        assert_eq!(ids(q), BTreeSet::from([case.id.0]), "{q}");
    }
    assert!(ids("合同").contains(&case.id.0));
    assert!(!ids("合同 -AND").contains(&case.id.0));
    // Searching changed nothing.
    assert_eq!(store.searchable_texts().unwrap(), before);
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn the_register_filters_narrow_a_search() {
    let db = TestDb::new();
    let c = clock();
    let mut store = office(&db, &c);
    let contract = register_case(
        &mut store,
        CaseKind::Contract,
        &fields(&[("title", "保证金条款"), ("unit", "区住建局")]),
        None,
    )
    .unwrap();
    register_case(
        &mut store,
        CaseKind::NormativeDoc,
        &fields(&[("title", "保证金管理办法"), ("unit", "区住建局")]),
        None,
    )
    .unwrap();
    let ask = |kind: Option<CaseKind>, year: Option<i32>| {
        search(
            &store,
            &SearchRequest {
                query: "保证金".into(),
                kind,
                year,
                ..Default::default()
            },
        )
        .unwrap()
    };
    assert_eq!(ask(None, None).total, 2);
    let only = ask(Some(CaseKind::Contract), None);
    assert_eq!(only.total, 1);
    assert_eq!(only.results[0].id, contract.id.0);
    assert_eq!(ask(None, Some(2025)).total, 0);
    assert_eq!(ask(None, Some(2026)).total, 2);
}

#[test]
fn the_cli_searches_and_says_where() {
    let db = TestDb::with_office();
    db.new_case("contract", "区图书馆物业管理服务合同", "2026-03-02");
    let out = db.ok(&["search", "物业"]);
    assert!(out.contains("区图书馆物业管理服务合同"), "{out}");
    assert!(out.contains("事项名称："), "{out}");
    assert!(out.contains("共 1 件"), "{out}");
    let json = db.json(&["search", "--limit", "5", "物业 -水"]);
    assert_eq!(json["total"], 1);
    assert_eq!(json["excluded"][0], "水");
    let none = db.ok(&["search", "不存在的词"]);
    assert!(none.contains("没有找到包含「不存在的词」的记录"), "{none}");
    let only_excluded = db.ok(&["search", "--", "-物业"]);
    assert!(
        only_excluded.contains("请至少输入一个要查找的词"),
        "{only_excluded}"
    );
}

#[test]
fn a_long_word_with_many_candidates_is_confirmed_as_its_results_are_shown() {
    let db = TestDb::new();
    let c = clock();
    let mut store = office(&db, &c);
    // Every title has the pairs of 保证金额; only every third has them in a row.
    let mut truly = BTreeSet::new();
    store
        .batch(|store| {
            for i in 0..600 {
                let title = if i % 3 == 0 {
                    format!("关于保证金额的第{i}号通知")
                } else {
                    format!("关于保证、证金与金额的第{i}号通知")
                };
                let case = register_case(
                    store,
                    CaseKind::Contract,
                    &fields(&[("title", &title), ("unit", "区住建局")]),
                    None,
                )?;
                if i % 3 == 0 {
                    truly.insert(case.id.0);
                }
            }
            Ok(())
        })
        .unwrap();
    let q = Query::parse("保证金额");
    let first = store.search(&q, None, 0, 20).unwrap();
    assert!(
        !first.exact,
        "too many candidates to confirm before the first page"
    );
    assert!(first.total >= truly.len() as u64);
    assert_eq!(first.groups.len(), 20);
    assert!(first.groups.iter().all(|g| truly.contains(&g.key)));
    // All pages together are exactly the cases with the word, and then the count is exact.
    assert_eq!(found(&store, &q), truly);
    let mut rng = fastrand::Rng::with_seed(7);
    assert_search_is_a_scan(&store, &mut rng, 40);
    for raw in ["保证金额 -第3号", "通知 保证金额", "\"保证、证金\""] {
        let q = Query::parse(raw);
        assert_eq!(
            found(&store, &q),
            scan(&store.searchable_texts().unwrap(), &q),
            "{raw}"
        );
    }
}

fn attachment_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/attachments")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The places where `query` was found in `case`'s results.
fn places_in(store: &Store, query: &str, case: &ReviewCase) -> Vec<String> {
    search(
        store,
        &SearchRequest {
            query: query.into(),
            limit: Some(200),
            ..Default::default()
        },
    )
    .unwrap()
    .results
    .into_iter()
    .filter(|r| r.id == case.id.0)
    .flat_map(|r| r.found.into_iter().map(|f| f.place))
    .collect()
}

#[test]
fn attachments_are_found_by_the_text_inside_them() {
    let db = TestDb::new();
    let c = clock();
    let mut store = office(&db, &c);
    let register = |store: &mut Store, title: &str| {
        register_case(
            store,
            CaseKind::Contract,
            &fields(&[("title", title), ("unit", "区住建局")]),
            None,
        )
        .unwrap()
    };
    let lease = register(&mut store, "区行政服务中心办公用房租赁合同");
    // Files as Word, Excel, LibreOffice and WPS write them (tests/fixtures/attachments), and a note saved by
    // Notepad in GBK.
    let gbk = encoding_rs::GBK
        .encode("经办人说明：押金条款已与相对方协商一致")
        .0
        .into_owned();
    for (name, bytes) in [
        ("合同.pdf", attachment_fixture("contract.pdf")),
        ("合同.docx", attachment_fixture("contract.docx")),
        ("台账.xlsx", attachment_fixture("ledger.xlsx")),
        ("扫描件.pdf", attachment_fixture("scan.pdf")),
        ("说明.txt", gbk),
    ] {
        attach_file(&mut store, lease.id, name, &bytes, None).unwrap();
    }
    let mut places = places_in(&store, "履约保证金", &lease);
    places.sort();
    assert_eq!(
        places,
        [
            "附件《台账.xlsx》第1个工作表",
            "附件《合同.docx》正文",
            "附件《合同.pdf》第1页"
        ],
        "found in each file that says it, and where"
    );
    // A phrase the PDF writer set as separate runs (`自 2026 年 1 月`) is found as written.
    let mut places = places_in(&store, "\"自2026年1月1日起\"", &lease);
    places.sort();
    assert_eq!(places, ["附件《合同.docx》正文", "附件《合同.pdf》第1页"]);
    assert_eq!(
        places_in(&store, "首月十日", &lease),
        ["附件《台账.xlsx》第2个工作表"]
    );
    assert_eq!(
        places_in(&store, "押金条款", &lease),
        ["附件《说明.txt》正文"]
    );
    // Cells are apart: two neighbouring cells' words do not make one.
    assert!(places_in(&store, "\"事项金额\"", &lease).is_empty());
    // The scan's words are in its picture only: not found, and the case page says why.
    assert!(places_in(&store, "扫描件：", &lease).is_empty());
    let view = fashen::actions::cases::case_view(&store, lease.clone()).unwrap();
    let say = |name: &str| {
        let a = view
            .attachments
            .iter()
            .find(|a| a.attachment.name == name)
            .unwrap();
        (a.searchable, a.content.clone())
    };
    assert_eq!(say("合同.pdf"), (true, "可按内容查找".into()));
    assert_eq!(
        say("扫描件.pdf"),
        (false, "扫描件，没有文字层，只能按文件名查找".into())
    );

    // Our own letter, exported as PDF and OFD and attached to another case (as an office files the opinion it
    // sent): every run of its words is found in it, whichever line it wrapped at.
    let problem = "合同第8条约定由相对方在签订之日起十日内缴纳履约保证金，且未约定退还期限与方式，\
                   违反《保障中小企业款项支付条例》第八条关于保证金的规定，建议删除或者改为银行保函";
    let edit = LetterEdit {
        add_findings: vec![Finding {
            clause: "第八条".into(),
            problem: problem.into(),
            legal_basis: "《保障中小企业款项支付条例》第八条".into(),
            suggestion: "删除该条".into(),
        }],
        ..Default::default()
    };
    let letter = new_letter(&mut store, &lease, None, None, &edit).unwrap();
    let archive = register(&mut store, "二〇二六年合同审查意见归档");
    for (file, name) in [
        (fashen::actions::print::FileType::Pdf, "意见书.pdf"),
        (fashen::actions::print::FileType::Ofd, "意见书.ofd"),
    ] {
        let path = db.dir().join(name);
        fashen::actions::letters::export_letter(
            &mut store,
            &letter.id.to_string(),
            None,
            Default::default(),
            file,
            &path,
        )
        .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        attach_file(&mut store, archive.id, name, &bytes, None).unwrap();
    }
    let chars: Vec<char> = problem.chars().collect();
    for window in chars.windows(9).step_by(3) {
        let phrase: String = window.iter().collect();
        let mut places = places_in(&store, &format!("\"{phrase}\""), &archive);
        places.sort();
        assert_eq!(
            places,
            ["附件《意见书.ofd》第1页", "附件《意见书.pdf》第1页"],
            "「{phrase}」"
        );
    }
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);

    // Another laptop that imports the office's sync file finds them the moment the import commits.
    let file = db.dir().join("office.fashen");
    fashen::actions::sync::export_full(&store, &file).unwrap();
    let laptop = TestDb::new();
    let mut other = Store::open(&laptop.path, OpenMode::CreateIfMissing, clock()).unwrap();
    fashen::actions::sync::import(&mut other, &file, None, &Default::default()).unwrap();
    let mut places = places_in(&other, "\"交纳履约保证金\"", &lease);
    places.sort();
    assert_eq!(places, ["附件《合同.docx》正文", "附件《合同.pdf》第1页"]);
    assert_eq!(
        places_in(&other, "物业服务费", &lease),
        ["附件《台账.xlsx》第1个工作表"]
    );
    assert_eq!(places_in(&other, "\"且未约定退还期限\"", &archive).len(), 2);
    let report = other.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);

    // The same bytes attached again under another name: found under both names, read once.
    let note = "物业费按季度结算".as_bytes();
    attach_file(&mut store, lease.id, "结算说明.txt", note, None).unwrap();
    attach_file(&mut store, lease.id, "结算说明（副本）.md", note, None).unwrap();
    let mut places = places_in(&store, "按季度结算", &lease);
    places.sort();
    assert_eq!(
        places,
        [
            "附件《结算说明.txt》正文",
            "附件《结算说明（副本）.md》正文"
        ]
    );

    // Texts lost, or left unreadable, are extracted again when the database opens, and the index follows in
    // the same commit. A file whose extraction once died with the process is not tried again.
    drop(store);
    {
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        let pdf = hex::encode(sha2::Sha256::digest(attachment_fixture("contract.pdf")));
        let docx = hex::encode(sha2::Sha256::digest(attachment_fixture("contract.docx")));
        let xlsx = hex::encode(sha2::Sha256::digest(attachment_fixture("ledger.xlsx")));
        conn.execute("DELETE FROM blob_text WHERE sha256 = ?1", [&pdf])
            .unwrap();
        conn.execute(
            "UPDATE blob_text SET pages = '[[' WHERE sha256 = ?1",
            [&docx],
        )
        .unwrap();
        conn.execute(
            "UPDATE blob_text SET state = 'unreadable', detail = '上次读取未完成', pages = '[]'
             WHERE sha256 = ?1",
            [&xlsx],
        )
        .unwrap();
    }
    let store = Store::open(&db.path, OpenMode::MustExist, clock()).unwrap();
    let mut places = places_in(&store, "\"交纳履约保证金\"", &lease);
    places.sort();
    assert_eq!(places, ["附件《合同.docx》正文", "附件《合同.pdf》第1页"]);
    assert!(places_in(&store, "物业服务费", &lease).is_empty());
    let view = fashen::actions::cases::case_view(&store, lease.clone()).unwrap();
    let ledger = view
        .attachments
        .iter()
        .find(|a| a.attachment.name == "台账.xlsx")
        .unwrap();
    assert_eq!(
        ledger.content,
        "内容无法读取（上次读取未完成），只能按文件名查找"
    );
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{:#?}", report.problems);
}
