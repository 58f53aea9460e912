//! The words of every letter an office sends: for each kind of case and each outcome, the signed letter's
//! text as `pdftotext` extracts it is compared with a snapshot in `tests/snapshots/letters/`, each read once
//! by a person as a 司法局 clerk would before it was accepted (`FASHEN_BLESS=1` writes them anew, to be read
//! again). Checks that do not need a snapshot are asserted directly.

use std::path::PathBuf;

use crate::print::{export, flat_text, pages as pdf_pages, tool};
use crate::support::TestDb;

fn snapshots() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/letters"
    ))
}

/// The text as a reader's tool extracts it, page by page, trailing spaces dropped.
fn text_of(pdf: &std::path::Path) -> String {
    tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
        + "\n"
}

fn matches_snapshot(name: &str, text: &str) {
    let path = snapshots().join(format!("{name}.txt"));
    if std::env::var_os("FASHEN_BLESS").is_some() {
        std::fs::create_dir_all(snapshots()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run with FASHEN_BLESS=1, read it, and commit it",
            path.display()
        )
    });
    assert_eq!(
        text, expected,
        "{name} differs from its snapshot (FASHEN_BLESS=1 rewrites it, to be read again)"
    );
}

/// One case of `kind` with the fields its letters speak of, received 2026-03-02.
fn case_of(db: &TestDb, kind: &str, title: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "case",
        "new",
        "--kind",
        kind,
        "--title",
        title,
        "--unit",
        "区住房和城乡建设局",
        "--received",
        "2026-03-02",
    ];
    args.extend_from_slice(extra);
    args.push("--json");
    let v: serde_json::Value = serde_json::from_str(&db.ok(&args)).unwrap();
    v["reg_no"].as_str().unwrap().to_string()
}

/// Each kind of case, the title and fields of its sample, and every outcome it may conclude with.
type Sample = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const REVIEW: &[&str] = &[
    "lawful",
    "lawful_after_revision",
    "unlawful",
    "return_for_correction",
];

const KINDS: &[Sample] = &[
    (
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        &[],
        REVIEW,
    ),
    (
        "major_decision",
        "丹徒区老旧小区改造三年行动计划",
        &[],
        REVIEW,
    ),
    (
        "contract",
        "区政府办公楼物业服务合同",
        &["--counterparty", "某物业服务有限公司", "--amount", "64万"],
        &["approve_signing", "sign_after_revision", "refuse_signing"],
    ),
    (
        "enforcement",
        "对某建设工程有限公司罚款50万元的处罚决定",
        &["--party", "某建设工程有限公司"],
        &["approve", "correct", "transfer"],
    ),
    (
        "penalty_filing",
        "区住建局重大行政处罚决定备案（徒住建罚〔2026〕3号）",
        &[
            "--decision-no",
            "徒住建罚〔2026〕3号",
            "--filing-received-on",
            "2026-03-03",
            "--penalty-type",
            "罚款",
        ],
        &[
            "filing_registered",
            "explanation_required",
            "correction_advised",
        ],
    ),
];

/// Whether an outcome concludes without reservation, so its letter lists no problems.
fn unreserved(outcome: &str) -> bool {
    matches!(
        outcome,
        "lawful" | "approve_signing" | "approve" | "filing_registered"
    )
}

#[test]
fn every_kind_and_outcome_says_what_an_office_would_send() {
    let db = TestDb::with_office();
    for (kind, title, extra, outcomes) in KINDS {
        for &outcome in *outcomes {
            let reg = case_of(&db, kind, title, extra);
            db.ok(&["case", "edit", &reg, "--outcome", outcome]);
            let mut args = vec![
                "letter",
                "new",
                "--case",
                reg.as_str(),
                "--drafted-on",
                "2026-03-03",
            ];
            if !unreserved(outcome) {
                args.extend([
                    "--clause",
                    "第六条",
                    "--problem",
                    "设定了“未取得资格证书的不得从事”的条件",
                    "--basis",
                    "《中华人民共和国行政许可法》第十七条",
                    "--suggestion",
                    "删除该条款",
                ]);
            }
            args.push("--json");
            let letter: serde_json::Value = serde_json::from_str(&db.ok(&args)).unwrap();
            let id = letter["id"].as_str().unwrap();
            assert!(
                db.ok(&["letter", "show", id])
                    .lines()
                    .all(|l| !l.starts_with("注意")),
                "{kind} {outcome}: a letter made the usual way has nothing to warn about"
            );
            db.ok(&["letter", "sign", id, "--on", "2026-03-10"]);
            let pdf = export(&db, id, &format!("{kind}-{outcome}.pdf"), &[]);
            let text = text_of(&pdf);
            let flat = flat_text(&pdf);
            assert!(!flat.contains("关于《关于"), "{kind} {outcome}: {flat}");
            assert!(
                flat.contains("2026年3月10日"),
                "{kind} {outcome}: dated when signed"
            );
            if *kind == "penalty_filing" {
                assert!(
                    !flat.contains("合法性审核意见")
                        && flat.contains("报送备案的重大行政处罚决定书（徒住建罚〔2026〕3号）"),
                    "{kind} {outcome}: {flat}"
                );
            }
            matches_snapshot(&format!("{kind}-{outcome}"), &text);
        }
    }
}

#[test]
fn an_advisors_opinion_is_the_firm_s_signed_by_its_lawyers_and_unnumbered() {
    let db = TestDb::with_office();
    let reg = case_of(
        &db,
        "advice",
        "关于高资街道征收补偿信访事项的法律意见",
        &["--advisors", "周志强"],
    );
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--drafted-on",
        "2026-03-03",
        "--clause",
        "信访人诉求",
        "--problem",
        "被征收房屋登记用途为住宅，无证据证明经批准改变用途",
        "--basis",
        "《中华人民共和国土地管理法》第四十八条",
        "--suggestion",
        "维持按住宅标准补偿的意见",
        "--conclusion",
        "建议维持原补偿意见，并向信访人书面释明",
    ]);
    assert_eq!(letter["title"], "关于高资街道征收补偿信访事项的法律意见书");
    assert_eq!(letter["lawyers"], serde_json::json!(["周志强"]));
    let id = letter["id"].as_str().unwrap();
    let signed = db.json(&["letter", "sign", id, "--on", "2026-03-10"]);
    assert!(
        signed["number"].is_null(),
        "never numbered with the office's 文号: {signed}"
    );
    let pdf = export(&db, id, "advice.pdf", &[]);
    let flat = flat_text(&pdf);
    assert!(
        flat.contains("江苏京江律师事务所") && flat.contains("承办律师：周志强"),
        "{flat}"
    );
    assert!(!flat.contains("徒法审"), "{flat}");
    assert!(
        flat.contains("建议维持原补偿意见，并向信访人书面释明。"),
        "a typed conclusion ends with a full stop: {flat}"
    );
    matches_snapshot("advice-typed-conclusion", &text_of(&pdf));
}

#[test]
fn only_a_signer_of_the_office_signs_its_letters() {
    let db = TestDb::with_office();
    let id = &draft(&db, "丹徒区城市道路挖掘管理暂行规定");
    db.all_refused_unchanged(&[
        (
            &["letter", "sign", id, "--signatory", "刘洋"],
            "「刘洋」不是丹徒区司法局的签发人，不能签发（签发人：陈静）",
        ),
        (
            &["letter", "sign", id, "--signatory", "周志强"],
            "不是丹徒区司法局的签发人",
        ),
        (
            &["person", "signer", "周志强"],
            "法律顾问不签发本机关的文件",
        ),
        (&["person", "signer", "陈静"], "陈静已是签发人，未作改动"),
    ]);
    // A second signer: the letter must then say which one signs.
    db.ok(&["person", "signer", "刘洋"]);
    let people = db.ok(&["person", "list"]);
    assert!(
        people.lines().filter(|l| l.contains("签发人")).count() == 2,
        "{people}"
    );
    db.all_refused_unchanged(&[(&["letter", "sign", id], "请选择签发人：刘洋、陈静")]);
    db.ok(&["person", "signer", "刘洋", "--remove"]);
    // The only signer signs when none is named.
    let signed = db.json(&["letter", "sign", id, "--on", "2026-03-10"]);
    assert_eq!(signed["signatory"], "陈静");
    assert_eq!(signed["number"]["serial"], 1);

    // With no signer left, the office is told how to name one.
    db.ok(&["person", "signer", "陈静", "--remove"]);
    let other = draft(&db, "丹徒区户外广告设置管理办法");
    db.all_refused_unchanged(&[(&["letter", "sign", &other], "丹徒区司法局尚未指定签发人")]);
}

/// A normative-document case and its draft letter (drafted 2026-03-03, concluding 合法); the letter's id.
fn draft(db: &TestDb, title: &str) -> String {
    let reg = case_of(db, "normative_doc", title, &[]);
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--drafted-on",
        "2026-03-03",
        "--conclusion",
        "合法",
    ]);
    letter["id"].as_str().unwrap().to_string()
}

#[test]
fn letter_numbers_follow_the_order_of_signing() {
    let db = TestDb::with_office();
    let drafts = [
        draft(&db, "丹徒区城市道路挖掘管理暂行规定"),
        draft(&db, "丹徒区户外广告设置管理办法"),
    ];
    let first = db.json(&["letter", "sign", &drafts[0], "--on", "2026-03-10"]);
    assert_eq!(first["number"]["serial"], 1);
    db.all_refused_unchanged(&[(
        &["letter", "sign", &drafts[1], "--on", "2026-03-05"],
        "徒法审〔2026〕1号于2026年3月10日签发，本件签发日期2026年3月5日在它之前",
    )]);
    let second = db.json(&["letter", "sign", &drafts[1], "--on", "2026-03-10"]);
    assert_eq!(second["number"]["serial"], 2, "the same day is in order");
}

#[test]
fn a_draft_says_so_on_every_page_and_has_no_date_and_a_contradiction_is_pointed_out() {
    let db = TestDb::with_office();
    let reg = case_of(&db, "normative_doc", "丹徒区城市道路挖掘管理暂行规定", &[]);
    let long = "对违反本办法的行为设定了罚款，规范性文件无权设定行政处罚。".repeat(12);
    let mut args = vec![
        "letter",
        "new",
        "--case",
        reg.as_str(),
        "--conclusion",
        "合法",
    ];
    for _ in 0..4 {
        args.extend(["--problem", long.as_str()]);
    }
    args.push("--json");
    let letter: serde_json::Value = serde_json::from_str(&db.ok(&args)).unwrap();
    let id = letter["id"].as_str().unwrap();
    let shown = db.ok(&["letter", "show", id]);
    assert!(
        shown.contains("注意：已列出 4 条审查意见，结论却是「合法」"),
        "{shown}"
    );
    let pdf = export(&db, id, "draft.pdf", &[]);
    let pages = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let n: usize = pages
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(n >= 2, "{pages}");
    for p in 1..=n {
        let page = tool(
            "pdftotext",
            &[
                "-f",
                &p.to_string(),
                "-l",
                &p.to_string(),
                pdf.to_str().unwrap(),
                "-",
            ],
        );
        assert!(page.contains("草稿 · 未签发"), "page {p}: {page}");
    }
    let flat = flat_text(&pdf);
    assert!(
        !flat.contains("2026年3月3日"),
        "a draft is not dated (its drafting day is not its date): {flat}"
    );
    // The bare outcome typed as the conclusion prints as its paragraph.
    assert!(flat.contains("经审核，该文件制定主体适格"), "{flat}");
}

#[test]
fn a_document_format_letter_keeps_its_imprint_without_copies() {
    let db = TestDb::with_office();
    let reg = case_of(&db, "normative_doc", "丹徒区城市道路挖掘管理暂行规定", &[]);
    db.ok(&["case", "edit", &reg, "--outcome", "lawful"]);
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--drafted-on",
        "2026-03-03",
    ]);
    let id = letter["id"].as_str().unwrap();
    db.ok(&["letter", "sign", id, "--on", "2026-03-10"]);
    let pdf = export(&db, id, "document.pdf", &["--format", "document"]);
    let flat = flat_text(&pdf);
    assert!(
        flat.contains("2026年3月10日印发"),
        "印发机关 and 印发日期 without any 抄送: {flat}"
    );
    let letter_pdf = export(&db, id, "letter.pdf", &[]);
    // (The conclusion's own words 提请审议或印发 aside.)
    assert!(
        !flat_text(&letter_pdf).contains("3月10日印发"),
        "信函格式 has none"
    );
}

/// A file inside a zip archive (a DOCX), read with Python's zipfile (python3 is part of the test tools).
pub(crate) fn zipped(archive: &std::path::Path, name: &str) -> String {
    tool(
        "python3",
        &[
            "-c",
            "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
            archive.to_str().unwrap(),
            name,
        ],
    )
}

/// The PDF LibreOffice makes of a DOCX file, laid out as a reader's Word would lay it out.
fn word_layout(db: &TestDb, docx: &std::path::Path) -> std::path::PathBuf {
    let lo = db.dir().join("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        db.dir().join("lo-profile").display()
    );
    tool(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            lo.to_str().unwrap(),
            docx.to_str().unwrap(),
        ],
    );
    lo.join(docx.with_extension("pdf").file_name().unwrap())
}

#[test]
fn a_letter_exported_for_word_opens_in_libreoffice_with_the_pdf_s_pages_and_words() {
    let db = TestDb::with_office();
    let reg = case_of(&db, "normative_doc", "丹徒区城市道路挖掘管理暂行规定", &[]);
    db.ok(&["case", "edit", &reg, "--outcome", "lawful_after_revision"]);
    let problems = [
        "第六条设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围。",
        "第十五条对违反本办法的行为设定了罚款，规范性文件无权设定行政处罚。",
        "第二十条规定的审批时限与《中华人民共和国行政许可法》第四十二条不一致。",
    ];
    let mut args = vec![
        "letter",
        "new",
        "--case",
        reg.as_str(),
        "--drafted-on",
        "2026-03-03",
        "--cc",
        "区人民政府办公室",
        "--cc",
        "市司法局",
    ];
    for p in &problems {
        args.extend(["--problem", p]);
    }
    args.push("--json");
    let letter: serde_json::Value = serde_json::from_str(&db.ok(&args)).unwrap();
    let id = letter["id"].as_str().unwrap();
    db.ok(&["letter", "sign", id, "--on", "2026-03-10"]);
    let pdf = export(&db, id, "letter.pdf", &["--format", "document"]);
    let docx = db.dir().join("letter.docx");
    db.ok(&[
        "letter",
        "docx",
        id,
        "--format",
        "document",
        "--out",
        docx.to_str().unwrap(),
    ]);

    // Named as offices have the fonts, each with a free alternate for a laptop without it.
    let body = zipped(&docx, "word/document.xml");
    for font in ["仿宋_GB2312", "方正小标宋简体", "黑体"] {
        assert!(body.contains(&format!("w:eastAsia=\"{font}\"")), "{font}");
    }
    // The 版记 floats to the foot of the last page (GB/T 9704 7.4.1): a table anchored to the bottom of the
    // type area. (LibreOffice 7.4 here keeps a table that wide inline; Word and WPS float it.)
    let imprint = body
        .split("<w:tbl>")
        .skip(1)
        .find(|t| t.contains("日印发"))
        .expect("the 版记 as a table");
    assert!(
        imprint.contains(r#"w:vertAnchor="margin""#) && imprint.contains(r#"w:tblpYSpec="bottom""#),
        "{imprint}"
    );
    let fonts = zipped(&docx, "word/fontTable.xml");
    assert!(
        fonts.contains(r#"w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#),
        "{fonts}"
    );

    // LibreOffice, as a reader's Word would, opens it: about the PDF's pages and every word of it.
    let converted = word_layout(&db, &docx);
    // The same letter in 信函格式: in Word as on paper, the issuer's name 30 mm from the top edge (GB/T 9704
    // 10.1) and the 文号 under its rule, both in the first page's header, with the body below them.
    let letter_format = db.dir().join("letter-format.docx");
    db.ok(&[
        "letter",
        "docx",
        id,
        "--out",
        letter_format.to_str().unwrap(),
    ]);
    let head = crate::print::lines(&word_layout(&db, &letter_format));
    let at = |text: &str| {
        head.iter()
            .find(|l| l.page == 1 && l.text.contains(text))
            .unwrap_or_else(|| panic!("«{text}» on page 1: {head:?}"))
            .y0
    };
    let name = at("丹徒区司法局");
    assert!((name - 30.0).abs() < 2.0, "the name's top at {name:.1} mm");
    assert!(at("徒法审〔2026〕1号") > name, "the 文号 under the name");
    assert!(
        at("区住房和城乡建设局：") > at("徒法审〔2026〕1号"),
        "the body below the head"
    );
    let (ours, theirs) = (pdf_pages(&pdf).0, pdf_pages(&converted).0);
    assert!(
        ours.abs_diff(theirs) <= 1,
        "the PDF has {ours} pages, Word's layout {theirs}"
    );
    let words = flat_text(&converted);
    for part in [
        "丹徒区司法局文件",
        "徒法审〔2026〕1号",
        "关于《丹徒区城市道路挖掘管理暂行规定》的合法性审核意见",
        "区住房和城乡建设局：",
        "一、审核依据",
        "二、审核意见",
        "三、审核结论",
        "经审核，该文件按上述意见修改完善后",
        "2026年3月10日",
        "抄送：区人民政府办公室，市司法局。",
        "2026年3月10日印发",
    ]
    .into_iter()
    .chain(problems)
    {
        let part: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            words.contains(&part),
            "«{part}» missing from Word's layout: {words}"
        );
    }
}

/// What an independent reader (easyofd's parser, installed by `scripts/ensure-deps.sh test`) finds in an OFD
/// file: per page, its text objects' text in order, and how many path objects (rules) it draws.
fn read_ofd(ofd: &std::path::Path) -> serde_json::Value {
    let python = concat!(env!("CARGO_MANIFEST_DIR"), "/target/ofd-reader/bin/python");
    assert!(
        std::path::Path::new(python).exists(),
        "the OFD reader is missing: run scripts/test.sh (or scripts/ensure-deps.sh test) first"
    );
    let script = r#"
import json, sys, io, contextlib
from loguru import logger
logger.remove()
with contextlib.redirect_stdout(io.StringIO()):
    from easyofd import OFD
    o = OFD()
    o.read(sys.argv[1], fmt="path")
doc = o.data[0]
pages = [doc["page_info"][k] for k in sorted(doc["page_info"])]
print(json.dumps([{"text": "".join(t["text"] for t in p["text_list"]), "rules": len(p["line_list"])} for p in pages], ensure_ascii=False))
"#;
    let out = std::process::Command::new(python)
        .args(["-W", "ignore", "-c", script, ofd.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "easyofd could not read the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Every character the PDF shows, `text` carries, and no other (the same glyphs from the same display list, in
/// whatever order a reader lists them).
fn assert_same_characters(text: &str, pdf: &std::path::Path, what: &str) {
    let mut theirs: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut ours: Vec<char> = flat_text(pdf).chars().collect();
    theirs.sort_unstable();
    ours.sort_unstable();
    assert_eq!(theirs, ours, "{what}: the same characters as the PDF");
}

#[test]
fn a_letter_exported_as_ofd_reads_back_with_the_pdf_s_pages_words_and_rules() {
    let db = TestDb::with_office();
    let reg = case_of(&db, "normative_doc", "丹徒区城市道路挖掘管理暂行规定", &[]);
    db.ok(&["case", "edit", &reg, "--outcome", "unlawful"]);
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        &reg,
        "--drafted-on",
        "2026-03-03",
        "--problem",
        &"第十五条对违反本办法的行为设定了罚款，规范性文件无权设定行政处罚。".repeat(8),
        "--cc",
        "市司法局",
    ]);
    let id = letter["id"].as_str().unwrap();
    db.ok(&["letter", "sign", id, "--on", "2026-03-10"]);
    let pdf = export(&db, id, "letter.pdf", &[]);
    let ofd = db.dir().join("letter.ofd");
    db.ok(&["letter", "ofd", id, "--out", ofd.to_str().unwrap()]);
    assert!(
        std::fs::read(&ofd).unwrap().starts_with(b"PK"),
        "an OFD is a zip"
    );
    let pages = read_ofd(&ofd);
    let pages = pages.as_array().unwrap();
    assert_eq!(pages.len(), pdf_pages(&pdf).0, "the PDF's pages");
    let words: String = pages
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Every character the PDF shows, the OFD carries (the same glyphs from the same display list).
    assert_same_characters(&words, &pdf, "the letter");
    for part in [
        "丹徒区司法局",
        "徒法审〔2026〕1号",
        "经审核，该文件存在上述违法情形，建议不予印发。",
        "抄送：市司法局。",
    ] {
        assert!(words.contains(part), "«{part}» in {words}");
    }
    // The 信函格式's red double rules and the 版记's are drawn as paths.
    assert!(pages[0]["rules"].as_u64().unwrap() >= 4, "{pages:?}");
}

/// A contract with a counterparty and an amount, as the form and register tests print it.
fn property_contract(db: &TestDb) -> String {
    case_of(
        db,
        "contract",
        "区政府办公楼物业服务合同",
        &["--counterparty", "某物业服务有限公司", "--amount", "150000"],
    )
}

/// Runs the export command `args` once per extension, `--out` naming `name.extension`; the files written.
fn export_as<const N: usize>(
    db: &TestDb,
    args: &[&str],
    name: &str,
    extensions: [&str; N],
) -> [PathBuf; N] {
    extensions.map(|ext| {
        let out = db.dir().join(format!("{name}.{ext}"));
        let mut all = args.to_vec();
        all.extend(["--out", out.to_str().unwrap()]);
        db.ok(&all);
        out
    })
}

#[test]
fn forms_and_the_register_export_as_ofd_with_their_pdf_s_pages_and_characters() {
    let db = TestDb::with_office();
    let reg = property_contract(&db);
    for (args, name) in [
        (
            vec!["form", "pdf", reg.as_str(), "--form", "contract_review"],
            "form",
        ),
        (vec!["register", "pdf", "--year", "2026"], "register"),
    ] {
        let [pdf, ofd] = export_as(&db, &args, name, ["pdf", "ofd"]);
        let pages = read_ofd(&ofd);
        let pages = pages.as_array().unwrap();
        assert_eq!(pages.len(), pdf_pages(&pdf).0, "{name}");
        let words: String = pages.iter().map(|p| p["text"].as_str().unwrap()).collect();
        assert_same_characters(&words, &pdf, name);
        assert!(
            pages[0]["rules"].as_u64().unwrap() > 10,
            "{name}: the ruled table"
        );
    }
}

#[test]
fn forms_and_the_register_export_for_word_with_their_pdf_s_pages_and_words() {
    let db = TestDb::with_office();
    let reg = property_contract(&db);
    let doc = db.new_case(
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        "2026-03-02",
    );
    let doc = doc["reg_no"].as_str().unwrap();
    for i in 0..40 {
        db.new_case(
            "contract",
            &format!("区政府采购合同第{i}号（含补充协议及附件清单）"),
            "2026-03-05",
        );
    }
    // (what, the command without --out, the words Word's layout must show)
    let samples: [(&str, Vec<&str>, Vec<&str>); 4] = [
        (
            "form",
            vec!["form", "pdf", reg.as_str(), "--form", "contract_review"],
            vec![
                "政府合同合法性审查登记审批表",
                "区政府办公楼物业服务合同",
                "某物业服务有限公司",
                "15万元",
                "□同意签订□修改后签订□不同意签订",
                "法律顾问意见",
                "主要负责人意见",
                "签名：年月日",
            ],
        ),
        (
            "blank",
            vec!["form", "pdf", "--blank", "enforcement_review"],
            vec![
                "重大行政执法决定法制审核表",
                "拟作出的决定",
                "机关负责人意见",
            ],
        ),
        (
            "reports",
            vec!["form", "pdf", doc, "--form", "filing_report"],
            vec![
                "关于报送《丹徒区城市道路挖掘管理暂行规定》备案的报告",
                "区人大常委会：",
                "市人民政府：",
                "附件：1.文件正式文本",
            ],
        ),
        (
            "register",
            vec!["register", "pdf", "--year", "2026"],
            vec!["审查案件登记台账", "区政府采购合同第39号", "15万元"],
        ),
    ];
    for (name, args, shown) in samples {
        let [pdf, docx] = export_as(&db, &args, name, ["pdf", "docx"]);
        let body = zipped(&docx, "word/document.xml");
        assert!(body.contains("w:eastAsia=\"仿宋_GB2312\""), "{name}");
        let converted = word_layout(&db, &docx);
        let (ours, theirs) = (pdf_pages(&pdf).0, pdf_pages(&converted).0);
        if name == "register" {
            assert!(
                ours.abs_diff(theirs) <= 1,
                "{name}: {ours} pages, Word {theirs}"
            );
            // Every page of Word's register starts with the column headers and says which page it is.
            for page in 1..=theirs {
                let n = page.to_string();
                let text = tool(
                    "pdftotext",
                    &["-f", &n, "-l", &n, converted.to_str().unwrap(), "-"],
                );
                assert!(
                    text.contains("登记编号") && text.contains("签收"),
                    "page {page} of {theirs} has the header: {text}"
                );
                let flat: String = text.split_whitespace().collect();
                assert!(
                    flat.contains(&format!("第{page}页共{theirs}页")),
                    "page {page} is numbered: {text}"
                );
            }
        } else {
            // A form stays one page a case, a report one page each, in Word as on paper.
            assert_eq!(ours, theirs, "{name}: the PDF's pages in Word's layout");
        }
        let words = flat_text(&converted);
        for part in shown {
            let part: String = part.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(words.contains(&part), "{name}: «{part}» in {words}");
        }
        if name == "blank" {
            assert!(!words.contains('■'), "{name}: nothing ticked");
        }
    }
}
