//! Letters exported as PDF and checked with poppler-utils, the way a reader's tools see them: fonts embedded
//! and subset with a ToUnicode map (`pdffonts`), the text extractable as written (`pdftotext`), positions on
//! the GB/T 9704 grid within ±1 mm (`pdftotext -bbox-layout`), and glyphs really drawn (`pdftoppm`).

use std::path::{Path, PathBuf};

use chrono::Datelike;
use std::process::Command;

use crate::support::TestDb;

const PT_PER_MM: f64 = 72.0 / 25.4;
const TOLERANCE: f64 = 1.0;

fn mm(pt: f64) -> f64 {
    pt / PT_PER_MM
}

pub(crate) fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// One line of text as `pdftotext -bbox-layout` reports it, in mm from the page's top-left corner.
#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    pub(crate) page: usize,
    x0: f64,
    pub(crate) y0: f64,
    x1: f64,
    y1: f64,
    pub(crate) text: String,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).expect(name) + key.len();
    let end = tag[at..].find('"').expect("quote") + at;
    tag[at..end].parse().expect("number")
}

pub(crate) fn lines(pdf: &Path) -> Vec<TextLine> {
    boxes(pdf, "line ")
}

/// Words rather than lines: cells of a table row share a line.
fn words(pdf: &Path) -> Vec<TextLine> {
    boxes(pdf, "word ")
}

fn boxes(pdf: &Path, unit: &str) -> Vec<TextLine> {
    let html = tool("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let mut out = Vec::new();
    let mut page = 0;
    for chunk in html.split('<').skip(1) {
        if chunk.starts_with("page ") {
            page += 1;
        }
        if chunk.starts_with(unit) {
            out.push(TextLine {
                page,
                x0: mm(attr(chunk, "xMin")),
                y0: mm(attr(chunk, "yMin")),
                x1: mm(attr(chunk, "xMax")),
                y1: mm(attr(chunk, "yMax")),
                text: String::new(),
            });
        }
        if chunk.starts_with("word ") {
            let text = &chunk[chunk.find('>').expect(">") + 1..];
            if let Some(l) = out.last_mut() {
                l.text.push_str(text.trim());
            }
        }
    }
    out
}

fn close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= TOLERANCE,
        "{what}: {actual:.2} mm, the standard says {expected:.2} mm (±{TOLERANCE} mm)"
    );
}

/// The text of every page with all white space removed, so line breaks do not matter.
pub(crate) fn flat_text(pdf: &Path) -> String {
    flat(pdf, &[])
}

/// In drawing order (`-raw`): a form's boxes side by side stay together.
fn raw_text(pdf: &Path) -> String {
    flat(pdf, &["-raw"])
}

fn flat(pdf: &Path, mode: &[&str]) -> String {
    let mut args = mode.to_vec();
    args.extend([pdf.to_str().unwrap(), "-"]);
    tool("pdftotext", &args)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

const PLAIN: &str = "本办法规定的审查程序应当依法进行并接受监督";

/// A letter of at least three pages with every part the layout handles, signed; returns its id.
fn long_letter(db: &TestDb) -> String {
    let case = db.new_case(
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        "2026-03-02",
    );
    let reg = case["reg_no"].as_str().unwrap().to_string();
    let mut args: Vec<String> = [
        "letter",
        "new",
        "--case",
        &reg,
        "--addressee",
        "区住房和城乡建设局",
        "--drafted-on",
        "2026-03-10",
        "--section",
        "审查依据",
        "--section-text",
    ]
    .map(String::from)
    .to_vec();
    args.push(format!("{}。", PLAIN.repeat(6)));
    // 禁则: the 27th cell of a first line (after the two-character indent) would be 。 and then 《.
    args.push("--section".into());
    args.push("标点避头尾".into());
    args.push("--section-text".into());
    args.push(format!(
        "{}。其后的内容继续。\n{}《中华人民共和国行政许可法》的规定。",
        "甲".repeat(26),
        "乙".repeat(25)
    ));
    for i in 0..8 {
        args.extend(
            [
                "--clause",
                &format!("第{}条", i + 3),
                "--problem",
                "设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围，应予纠正",
                "--basis",
                "《中华人民共和国行政许可法》第十七条",
                "--suggestion",
                "删除该条款，或改为引导性表述，并在起草说明中说明理由",
            ]
            .map(String::from),
        );
    }
    args.extend(
        [
            "--conclusion",
            "经审查，该文件按上述意见修改后，不违反法律、法规和国家有关规定。",
            "--cc",
            "区人民政府办公室",
            "--cc",
            "市司法局",
        ]
        .map(String::from),
    );
    args.push("--json".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let letter: serde_json::Value = serde_json::from_str(&db.ok(&refs)).expect("json");
    let id = letter["id"].as_str().unwrap().to_string();
    db.ok(&["letter", "sign", &id, "--on", "2026-03-13"]);
    id
}

pub(crate) fn export(db: &TestDb, id: &str, name: &str, extra: &[&str]) -> PathBuf {
    let out = db.dir().join(name);
    let mut args = vec!["letter", "pdf", id, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    db.ok(&args);
    out
}

#[test]
fn a_signed_letter_prints_on_the_gbt9704_grid() {
    let db = TestDb::with_office();
    let id = long_letter(&db);
    let pdf = export(&db, &id, "letter.pdf", &[]);

    // Every font embedded, subset and mapped to Unicode; the fonts of the roles used are all there.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 4, "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb sub uni: {row}"
        );
        assert!(cols[0].contains('+'), "a subset tag: {row}");
    }
    for face in [
        "FandolFang",
        "FandolHei",
        "FandolKai",
        "NotoSerifCJKsc-Bold",
    ] {
        assert!(fonts.contains(face), "{face} in {fonts}");
    }

    // The text comes back exactly as written.
    let text = flat_text(&pdf);
    for expected in [
        "徒法审〔2026〕1号",
        "关于《丹徒区城市道路挖掘管理暂行规定》的合法性审核意见",
        "区住房和城乡建设局：",
        "一、审查依据",
        "二、标点避头尾",
        "三、审核意见",
        "（一）第3条。设定了“未取得资格证书的不得从事”的许可条件，属于增设行政许可，超出规范性文件的权限范围，应予纠正。依据：《中华人民共和国行政许可法》第十七条。修改建议：删除该条款，或改为引导性表述，并在起草说明中说明理由。",
        "（八）第10条。",
        "四、审核结论",
        "2026年3月13日",
        "抄送：区人民政府办公室，市司法局。",
    ] {
        assert!(text.contains(expected), "«{expected}» missing from the PDF text");
    }

    let all = lines(&pdf);
    let pages = all.iter().map(|l| l.page).max().unwrap();
    assert!(
        pages >= 3,
        "the sample letter runs to at least three pages, got {pages}"
    );

    // Margins: the first line of page 2 starts at the type area's top-left corner (37 mm, 28 mm).
    let first = all.iter().find(|l| l.page == 2).unwrap();
    close(first.y0, 37.0, "page 2, first line, top");
    // Full lines: wider than 27 characters (150.4 mm), which a paragraph's last line may be.
    let flush = all
        .iter()
        .filter(|l| l.page == 2 && l.x1 - l.x0 > 153.0)
        .collect::<Vec<_>>();
    assert!(!flush.is_empty());
    for l in &flush {
        // A line may end in a closing mark squeezed into its blank half (标点挤压): its box, a whole
        // character wide, then hangs past the measure by up to that half (2.8 mm); the ink stays inside.
        let edge = 28.0 + 156.0;
        let hang = if l
            .text
            .ends_with(|c| "〕）》〉」』】〗”’、，。；：".contains(c))
        {
            156.0 / 28.0 / 2.0
        } else {
            0.0
        };
        assert!(
            l.x1 >= edge - TOLERANCE && l.x1 <= edge + hang + TOLERANCE,
            "right edge of the full line «{}»: {:.2} mm, the measure ends at {edge} mm",
            l.text,
            l.x1
        );
    }
    let continuation = all
        .iter()
        .find(|l| l.page == 2 && !l.text.starts_with('（') && l.x1 - l.x0 > 150.0)
        .unwrap();
    close(continuation.x0, 28.0, "left margin");
    // Lines sit on the 22-line grid: every line top is 37 mm plus a whole number of 225/22 mm pitches.
    for l in all.iter().filter(|l| l.page == 2 && l.y1 - l.y0 < 6.0) {
        let k = ((l.y0 - 37.0) / (225.0 / 22.0)).round();
        close(
            l.y0,
            37.0 + k * 225.0 / 22.0,
            &format!("grid line of «{}»", l.text),
        );
        assert!(
            l.y1 <= 37.0 + 225.0 + TOLERANCE,
            "inside the type area: {l:?}"
        );
    }

    // The title is centred in the type area (28 mm + 156 mm / 2).
    let title = all
        .iter()
        .find(|l| l.page == 1 && l.text.starts_with("关于"))
        .unwrap();
    close((title.x0 + title.x1) / 2.0, 106.0, "title centre");

    // 信函格式: the issuer's name begins 30 mm from the top (its em box; the bold face reports a taller box).
    let issuer = all
        .iter()
        .find(|l| l.page == 1 && l.text == "丹徒区司法局")
        .unwrap();
    assert!(issuer.y0 < 30.0 && issuer.y1 > 30.0 + 5.0, "{issuer:?}");
    // The number flush right on the type area's edge.
    let number = all.iter().find(|l| l.text == "徒法审〔2026〕1号").unwrap();
    close(number.x1, 184.0, "文号 right edge");

    // Page numbers: none on page 1 of a 信函; even pages one character in from the left, odd pages one in from
    // the right; the dash line 7 mm below the type area.
    let folio = |p: usize| all.iter().find(|l| l.page == p && l.text.starts_with('—'));
    assert!(
        folio(1).is_none(),
        "no page number on the first page of a 信函"
    );
    let two = folio(2).expect("page number on page 2");
    assert_eq!(two.text, "—2—");
    close(two.x0, 28.0 + 14.0 / PT_PER_MM, "page 2 number, left");
    close(
        (two.y0 + two.y1) / 2.0,
        37.0 + 225.0 + 7.0,
        "page number dash line",
    );
    let three = folio(3).expect("page number on page 3");
    close(three.x1, 184.0 - 14.0 / PT_PER_MM, "page 3 number, right");

    // The date four characters in from the right, in Arabic numerals, the issuer's name centred over it.
    let date = all.iter().find(|l| l.text == "2026年3月13日").unwrap();
    close(date.x1, 184.0 - 4.0 * 156.0 / 28.0, "date right edge");
    let signed = all
        .iter()
        .rfind(|l| l.text == "丹徒区司法局" && l.page == date.page && l.y0 < date.y0)
        .unwrap();
    close(
        (signed.x0 + signed.x1) / 2.0,
        (date.x0 + date.x1) / 2.0,
        "issuer over the date",
    );
    assert!(signed.y0 < date.y0);

    // 版记 on the last page's last line. A 信函 carries only the 抄送 there (GB/T 9704 §10.1); the 文件格式 adds
    // the printing office and date on the type area's bottom edge, and its red mark ends in 文件.
    let cc = all.iter().find(|l| l.text.starts_with("抄送：")).unwrap();
    assert_eq!(cc.page, pages);
    assert!(cc.y1 <= 262.0 && cc.y1 > 262.0 - 225.0 / 22.0, "{cc:?}");
    assert!(!flat_text(&pdf).contains("印发"));
    let document = export(&db, &id, "document.pdf", &["--format", "document"]);
    let all = lines(&document);
    assert!(all
        .iter()
        .any(|l| l.page == 1 && l.text == "丹徒区司法局文件"));
    let printed = all.iter().find(|l| l.text.ends_with("印发")).unwrap();
    assert_eq!(printed.text, "2026年3月13日印发");
    close(
        printed.x1,
        184.0 - 14.0 / PT_PER_MM,
        "印发日期, one character in from the right",
    );
    let office = all
        .iter()
        .rfind(|l| l.text == "丹徒区司法局" && l.page == printed.page)
        .unwrap();
    close(
        office.x0,
        28.0 + 14.0 / PT_PER_MM,
        "印发机关, one character in from the left",
    );
    assert!((office.y0 - printed.y0).abs() < 0.5, "on the same line");
    assert!(
        printed.y1 <= 262.0 && printed.y1 > 262.0 - 225.0 / 22.0,
        "{printed:?}"
    );
}

#[test]
fn full_lines_hold_28_characters_and_obey_the_line_breaking_rules() {
    let db = TestDb::with_office();
    let id = long_letter(&db);
    let pdf = export(&db, &id, "letter.pdf", &[]);
    let all = lines(&pdf);

    // The plain paragraph: its first line holds 26 characters after the indent, every other full line 28.
    let start = all.iter().position(|l| l.text.starts_with(PLAIN)).unwrap();
    let para: Vec<&TextLine> = all[start..]
        .iter()
        .take_while(|l| !l.text.starts_with("二、"))
        .collect();
    assert!(para.len() >= 4, "{para:?}");
    assert_eq!(para[0].text.chars().count(), 26, "{:?}", para[0]);
    for l in &para[1..para.len() - 1] {
        assert_eq!(l.text.chars().count(), 28, "a full line: {l:?}");
        close(l.x1, 184.0, "justified to the right margin");
    }

    // Nothing starts a line that must not, and nothing ends one that must not.
    for l in &all {
        let first = l.text.chars().next().unwrap();
        let last = l.text.chars().last().unwrap();
        assert!(
            !"。，、；：？！）》”".contains(first),
            "a line starts with {first}: {l:?}"
        );
        assert!(!"（《“".contains(last), "a line ends with {last}: {l:?}");
    }
    // The 。 that would have opened a line took the 甲 before it down; the line before is still justified.
    let jia = all.iter().find(|l| l.text.starts_with("甲甲")).unwrap();
    assert_eq!(jia.text.chars().count(), 25, "{jia:?}");
    close(jia.x1, 184.0, "the shortened line is justified");
    assert!(all.iter().any(|l| l.text.starts_with("甲。其后")));
    // The 《 that would have ended a line moved down with the title it opens.
    assert!(all.iter().any(|l| l.text.starts_with("《中华人民共和国")));
}

#[test]
fn the_same_letter_gives_the_same_bytes_and_a_small_file() {
    let db = TestDb::with_office();
    let id = long_letter(&db);
    let a = std::fs::read(export(&db, &id, "a.pdf", &[])).unwrap();
    let b = std::fs::read(export(&db, &id, "b.pdf", &[])).unwrap();
    assert!(a == b, "two exports of the same letter differ");
    assert!(a.len() < 200 * 1024, "a 3-page letter is {} bytes", a.len());
    let info = tool("pdfinfo", &[db.dir().join("a.pdf").to_str().unwrap()]);
    assert!(
        info.contains("Title:           关于《丹徒区城市道路挖掘管理暂行规定》"),
        "{info}"
    );
    assert!(
        info.contains("CreationDate:    Fri Mar 13"),
        "the signing date: {info}"
    );
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
}

/// Renders the area of a text line to grey pixels with pdftoppm; returns (width, height, pixels).
fn render(pdf: &Path, l: &TextLine, dir: &Path) -> (usize, usize, Vec<u8>) {
    let dpi = 150.0;
    let px = |v: f64| (v / 25.4 * dpi).round() as i64;
    let stem = dir.join(format!("crop{}", l.page));
    tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "150",
            "-f",
            &l.page.to_string(),
            "-l",
            &l.page.to_string(),
            "-x",
            &px(l.x0).to_string(),
            "-y",
            &px(l.y0).to_string(),
            "-W",
            &px(l.x1 - l.x0).to_string(),
            "-H",
            &px(l.y1 - l.y0).to_string(),
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    let data = std::fs::read(stem.with_extension("pgm")).unwrap();
    // Binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while data[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8(data[s..i].to_vec()).unwrap());
    }
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    (w, h, data[i + 1..].to_vec())
}

#[test]
fn name_characters_fandol_lacks_print_as_real_glyphs_from_the_fallback_fonts() {
    let db = TestDb::with_office();
    let case = db.new_case("normative_doc", "关于调整部分干部职务的通知", "2026-03-02");
    let reg = case["reg_no"].as_str().unwrap();
    // GBK characters of names (Noto's Song face), and two beyond the BMP: 𠮷 (U+20BB7, CJK Extension B) and
    // 𬌗 (U+2C317, Extension E, in the 通用规范汉字表), from the rare-character face.
    let names = "堃喆玥昇赟珺𠮷𬌗";
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--clause",
        "第二条",
        "--problem",
        &format!("名单{names}与附件不一致"),
    ]);
    let id = letter["id"].as_str().unwrap();
    let pdf = export(&db, id, "names.pdf", &[]);
    assert!(flat_text(&pdf).contains(&format!("名单{names}与附件不一致")));
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.contains("NotoSerifCJKsc-Regular") && fonts.contains("HanaMinB"),
        "both fallback fonts are embedded: {fonts}"
    );

    // Each name character is drawn with ink, and no two alike: an empty box (.notdef) would look the same for
    // all six.
    let line = lines(&pdf)
        .into_iter()
        .find(|l| l.text.contains(names))
        .unwrap();
    let before = line
        .text
        .find(names)
        .map(|b| line.text[..b].chars().count())
        .unwrap();
    let pitch = (line.x1 - line.x0) / line.text.chars().count() as f64;
    let mut cells = Vec::new();
    for k in 0..names.chars().count() {
        let x0 = line.x0 + (before + k) as f64 * pitch;
        let cell = TextLine {
            x0,
            x1: x0 + pitch,
            ..line.clone()
        };
        let (w, h, px) = render(&pdf, &cell, db.dir());
        let ink = px.iter().filter(|&&p| p < 128).count();
        assert!(
            ink * 100 / (w * h) >= 5,
            "character {k} has {ink} dark pixels of {}",
            w * h
        );
        cells.push(px);
    }
    for i in 0..cells.len() {
        for j in i + 1..cells.len() {
            assert_ne!(cells[i], cells[j], "characters {i} and {j} render alike");
        }
    }
}

#[test]
fn every_kind_of_letter_prints_with_its_own_parts() {
    let db = TestDb::with_office();
    db.ok(&[
        "unit",
        "add",
        "--name",
        "江苏京江律师事务所",
        "--code",
        "京江法意",
    ]);
    let case = db.new_case("contract", "区政府办公楼物业服务合同", "2026-03-02");
    let reg = case["reg_no"].as_str().unwrap();
    let contract = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--clause",
        "第八条",
        "--problem",
        "违约责任约定不对等",
        "--basis",
        "《中华人民共和国民法典》第五百八十五条",
        "--suggestion",
        "增加对方违约时的违约金条款",
        "--findings-table",
        "true",
        "--conclusion",
        "修改后可以签订。",
    ]);
    let pdf = export(&db, contract["id"].as_str().unwrap(), "contract.pdf", &[]);
    // Columns of 3, 5, 7, 6 and 7 characters; each cell's lines read top to bottom give its text back.
    let all = words(&pdf);
    let cell = 156.0 / 28.0;
    // The table ends where the conclusion's heading begins (the signature's blank date lies below it).
    let end = all
        .iter()
        .find(|l| l.text.contains("审查结论"))
        .map_or((usize::MAX, 0.0), |l| (l.page, l.y0));
    let before_end = |l: &TextLine| l.page < end.0 || (l.page == end.0 && l.y0 < end.1);
    let column = |from: usize, to: usize| -> String {
        let (x0, x1) = (28.0 + from as f64 * cell, 28.0 + to as f64 * cell);
        let mut ls: Vec<&TextLine> = all
            .iter()
            .filter(|l| l.y0 > 37.0 && before_end(l) && l.x0 >= x0 && l.x1 <= x1 + 0.5)
            .collect();
        ls.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        ls.iter().map(|l| l.text.as_str()).collect()
    };
    assert_eq!(column(0, 3), "序号1");
    assert_eq!(column(3, 8), "条款第八条");
    assert_eq!(column(8, 15), "存在问题违约责任约定不对等");
    assert_eq!(
        column(15, 21),
        "法律依据《中华人民共和国民法典》第五百八十五条"
    );
    assert_eq!(column(21, 28), "修改建议增加对方违约时的违约金条款");
    let text = flat_text(&pdf);
    assert!(
        text.contains("草稿"),
        "an unsigned letter says it is a draft"
    );
    assert!(
        text.contains("一、审查依据《中华人民共和国民法典》") && text.contains("二、具体修改意见"),
        "a new letter starts with its kind's usual basis: {text}"
    );

    let opinion = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--kind",
        "legal_opinion",
        "--issuer",
        "江苏京江律师事务所",
        "--title",
        "关于区政府办公楼物业服务合同的法律意见书",
        "--problem",
        "付款条件未约定验收标准",
        "--conclusion",
        "建议补充验收条款后签订。",
        "--signatory",
        "周志强、王喆",
    ]);
    let id = opinion["id"].as_str().unwrap();
    let pdf = export(&db, id, "opinion.pdf", &[]);
    let text = flat_text(&pdf);
    for part in [
        "江苏京江律师事务所",
        "一、法律分析",
        "二、结论与建议",
        "三、声明与保留",
        "承办律师：周志强",
        "承办律师：王喆",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    for format in ["document", "plain"] {
        let pdf = export(&db, id, &format!("{format}.pdf"), &["--format", format]);
        assert!(flat_text(&pdf).contains("声明与保留"));
    }
}

#[test]
fn bad_letters_and_missing_fonts_are_refused_and_leave_no_file() {
    let db = TestDb::with_office();
    let case = db.new_case(
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        "2026-03-02",
    );
    let reg = case["reg_no"].as_str().unwrap();
    let empty = db.json(&["letter", "new", "--case", reg]);
    let empty = empty["id"].as_str().unwrap().to_string();
    let long_title =
        "关于".to_string() + &"城市道路挖掘管理暂行规定的补充规定".repeat(5) + "的审核意见";
    let long = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--title",
        &long_title,
        "--problem",
        "无",
    ]);
    let long = long["id"].as_str().unwrap().to_string();
    let odd = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--problem",
        // A private-use character (an office's own 造字) that no font here has.
        "含有无法打印的字符\u{F8FF}",
    ]);
    let odd = odd["id"].as_str().unwrap().to_string();

    let out = db.dir().join("out.pdf");
    std::fs::write(&out, b"an earlier export").unwrap();
    let o = out.to_str().unwrap();
    db.all_refused_unchanged(&[
        (&["letter", "pdf", &empty, "--out", o], "尚无审查意见"),
        (&["letter", "pdf", &long, "--out", o], "标题过长"),
        (&["letter", "pdf", &odd, "--out", o], "「\u{F8FF}」(U+F8FF)"),
        (
            &["letter", "pdf", &odd, "--out", o, "--format", "fancy"],
            "不是可用的版式",
        ),
        (
            &["letter", "pdf", "徒法审〔2026〕99号", "--out", o],
            "未找到意见书",
        ),
        (
            &["font", "set", "fang", "/nonexistent/仿宋_GB2312.ttf"],
            "文件不存在",
        ),
        (&["font", "set", "fang", "Cargo.toml"], "不是可用的字体"),
        (&["font", "set", "heiti", "/tmp"], "不是字体角色"),
    ]);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        b"an earlier export",
        "a refused export leaves the old file alone"
    );

    // An office's font file that disappears after it was chosen: the export names the role and the path.
    let copy = db.dir().join("office-fang.otf");
    std::fs::copy(font_dir().join("FandolFang-Regular.otf"), &copy).unwrap();
    db.ok(&["font", "set", "fang", copy.to_str().unwrap()]);
    let listed = db.ok(&["font", "list"]);
    assert!(
        listed.contains("本单位") && listed.contains("office-fang.otf"),
        "{listed}"
    );
    std::fs::remove_file(&copy).unwrap();
    let id = odd_free(&db, reg);
    let msg = db.refused(&["letter", "pdf", &id, "--out", o]);
    assert!(
        msg.contains("仿宋") && msg.contains("office-fang.otf") && msg.contains("文件不存在"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"an earlier export");
    db.ok(&["font", "reset", "fang"]);
    db.ok(&["letter", "pdf", &id, "--out", o]);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
}

/// A printable letter on the case.
fn odd_free(db: &TestDb, reg: &str) -> String {
    let l = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--problem",
        "第三条表述不清",
    ]);
    l["id"].as_str().unwrap().to_string()
}

fn font_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/fonts")
}

pub(crate) fn pages(pdf: &Path) -> (usize, String) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let n = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap();
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap()
        .trim()
        .to_string();
    (n, size)
}

#[test]
fn a_form_points_to_the_draft_going_up_with_it_then_to_the_signed_letter() {
    let db = TestDb::with_office();
    let case = db.new_case("contract", "区行政服务中心办公用房租赁合同", "2026-03-02");
    let reg = case["reg_no"].as_str().unwrap();
    let letter = db.json(&[
        "letter",
        "new",
        "--case",
        reg,
        "--drafted-on",
        "2026-03-04",
        "--problem",
        "违约责任约定不对等。",
    ]);
    let id = letter["id"].as_str().unwrap();
    // 《关于〈区行政服务中心办公用房租赁合同〉的合法性审查意见》: a title within a title takes single marks.
    let title = letter["title"]
        .as_str()
        .unwrap()
        .replace('《', "〈")
        .replace('》', "〉");
    assert!(
        title.contains("〈区行政服务中心办公用房租赁合同〉"),
        "{title}"
    );
    let form = |name: &str| {
        let out = db.dir().join(name);
        db.ok(&[
            "form",
            "pdf",
            reg,
            "--form",
            "contract_review",
            "--out",
            out.to_str().unwrap(),
        ]);
        raw_text(&out)
    };
    // A draft being written is named as a draft …
    let text = form("draft.pdf");
    assert!(text.contains(&format!("详见《{title}》（草稿）")), "{text}");
    // … and once the case awaits signing, the form and the draft go up together: the 送签稿.
    for to in ["in_review", "awaiting_signoff"] {
        db.ok(&["case", "advance", reg, "--to", to, "--on", "2026-03-05"]);
    }
    let text = form("for-signing.pdf");
    assert!(
        text.contains(&format!("详见《{title}》（送签稿）")),
        "{text}"
    );
    db.ok(&["letter", "sign", id, "--on", "2026-03-06"]);
    let text = form("signed.pdf");
    assert!(
        text.contains(&format!("详见《{title}》（徒法审〔2026〕1号）")),
        "{text}"
    );
    assert!(!text.contains("送签稿"), "{text}");
}

#[test]
fn forms_print_one_page_per_case_filled_or_blank() {
    let db = TestDb::with_office();
    let a = db.new_case(
        "normative_doc",
        "丹徒区城市道路挖掘管理暂行规定",
        "2026-03-02",
    );
    let a = a["reg_no"].as_str().unwrap().to_string();
    db.ok(&[
        "case",
        "edit",
        &a,
        "--issuer-form",
        "government_office",
        "--materials",
        "draft,drafting_explanation",
    ]);
    let b = db.new_case(
        "normative_doc",
        "丹徒区农村村民住房建设管理办法",
        "2026-03-05",
    );
    let b = b["reg_no"].as_str().unwrap().to_string();
    let out = db.dir().join("forms.pdf");
    let o = out.to_str().unwrap();
    db.ok(&[
        "form",
        "pdf",
        &a,
        &b,
        "--form",
        "normative_review",
        "--out",
        o,
    ]);
    assert_eq!(pages(&out), (2, "595.276 x 841.89 pts (A4)".to_string()));
    let text = raw_text(&out);
    for part in [
        "规范性文件合法性审核登记审批表",
        &format!("登记编号：{a}"),
        &format!("登记编号：{b}"),
        "区住房和城乡建设局",
        "丹徒区城市道路挖掘管理暂行规定",
        "□政府文■政府办文□部门文",
        "■送审稿■起草说明□制定依据",
        "承办人意见",
        "科室负责人意见",
        "分管局领导意见",
        "签名：年月日",
    ] {
        assert!(text.contains(part), "«{part}» missing: {text}");
    }

    // A blank 备案报告 leaves the date for the pen (and once crashed on its empty signature).
    let blank_report = db.dir().join("blank-report.pdf");
    let r = blank_report.to_str().unwrap();
    db.ok(&["form", "pdf", "--blank", "filing_report", "--out", r]);
    assert!(raw_text(&blank_report).contains("备案的报告"));
    let blank = db.dir().join("blank.pdf");
    db.ok(&[
        "form",
        "pdf",
        "--blank",
        "normative_review",
        "--out",
        blank.to_str().unwrap(),
    ]);
    assert_eq!(pages(&blank).0, 1);
    let text = raw_text(&blank);
    assert!(text.contains("□合法□修改后合法□不合法□退回补正"), "{text}");
    assert!(
        !text.contains("■") && !text.contains("区住房"),
        "a blank form has nothing ticked or filled"
    );

    let e = db.new_case("enforcement", "对某公司作出吊销许可证决定", "2026-03-06");
    let e = e["reg_no"].as_str().unwrap().to_string();
    let out2 = db.dir().join("enf.pdf");
    db.ok(&[
        "form",
        "pdf",
        &e,
        "--form",
        "enforcement_review",
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert!(raw_text(&out2).contains("重大行政执法决定法制审核表"));
    let report = db.dir().join("report.pdf");
    db.ok(&[
        "form",
        "pdf",
        &a,
        "--form",
        "filing_report",
        "--out",
        report.to_str().unwrap(),
    ]);
    let text = raw_text(&report);
    assert!(
        text.contains("关于报送《丹徒区城市道路挖掘管理暂行规定》备案的报告"),
        "{text}"
    );
    assert!(
        text.contains("区人大常委会：") && text.contains("市人民政府："),
        "one report per filing channel"
    );
    // An upward document of the enactor: its mark, a number and 签发人 to fill in; the attachments one per
    // line; the provincial rule cited.
    assert!(
        text.contains("区住房和城乡建设局文件") && text.contains("签发人："),
        "{text}"
    );
    assert!(
        text.contains("附件：1.文件正式文本2.起草说明") && text.contains("4.合法性审核意见"),
        "{text}"
    );
    assert!(text.contains("《江苏省行政规范性文件管理规定》（省政府令第158号）"));

    std::fs::write(&out, b"kept").unwrap();
    db.all_refused_unchanged(&[
        (
            &["form", "pdf", &e, "--form", "normative_review", "--out", o],
            "不能打印",
        ),
        (
            &[
                "form",
                "pdf",
                &a,
                &e,
                "--form",
                "normative_review",
                "--out",
                o,
            ],
            "不能打印",
        ),
        (
            &["form", "pdf", &a, "--form", "no_such_form", "--out", o],
            "不是可打印的表格",
        ),
        (
            &["form", "pdf", &a, "--blank", "normative_review", "--out", o],
            "只能用一个",
        ),
        (
            &["form", "pdf", "--form", "normative_review", "--out", o],
            "请给出要打印的案件",
        ),
        (
            &[
                "form",
                "pdf",
                "2026-999",
                "--form",
                "normative_review",
                "--out",
                o,
            ],
            "未找到",
        ),
        (&["register", "pdf", "--year", "1900", "--out", o], "年度"),
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), b"kept");
}

#[test]
fn every_kind_of_case_has_its_form_filled_with_what_is_known_or_blank_for_the_pen() {
    let db = TestDb::with_office();
    // (kind, form, its title, the case's fields, what the filled form must show)
    type Sample<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);
    let kinds: [Sample; 10] = [
        (
            "normative_doc",
            "normative_review",
            "规范性文件合法性审核登记审批表",
            &[],
            &["主要负责人意见"],
        ),
        (
            "major_decision",
            "major_decision_review",
            "重大行政决策合法性审查登记审批表",
            &["--expert-argument", "是"],
            &["决策事项名称", "专家论证■是", "主要负责人意见"],
        ),
        (
            "contract",
            "contract_review",
            "政府合同合法性审查登记审批表",
            &["--counterparty", "某物业服务有限公司", "--amount", "150000"],
            &[
                "某物业服务有限公司",
                "15万元",
                "□同意签订□修改后签订□不同意签订",
                "主要负责人意见",
            ],
        ),
        (
            "enforcement",
            "enforcement_review",
            "重大行政执法决定法制审核表",
            &[
                "--party",
                "某建设工程有限公司",
                "--proposed-decision",
                "罚款50万元",
            ],
            &["某建设工程有限公司", "罚款50万元"],
        ),
        (
            "penalty_filing",
            "penalty_filing",
            "重大行政处罚决定备案登记表",
            &[
                "--decision-no",
                "徒住建罚〔2026〕3号",
                "--amount",
                "300000",
                "--decision-on",
                "2026-02-27",
                "--filing-received-on",
                "2026-03-03",
            ],
            &["徒住建罚〔2026〕3号", "30万元", "主要负责人意见"],
        ),
        (
            "advice",
            "advice_record",
            "涉法事务登记表",
            &["--question", "征收补偿标准能否按经营性用房计算"],
            &["征收补偿标准能否按经营性用房计算", "答复意见"],
        ),
        (
            "litigation",
            "litigation_record",
            "行政应诉案件登记表",
            &[
                "--court-case-no",
                "（2026）苏1112行初15号",
                "--plaintiffs",
                "王某",
                "--judgment-result",
                "驳回诉讼请求",
            ],
            &[
                "（2026）苏1112行初15号",
                "王某",
                "驳回诉讼请求",
                "收到起诉状副本日期：2026年3月2日",
            ],
        ),
        (
            "reconsideration",
            "reconsideration_record",
            "行政复议答复登记表",
            &[
                "--reconsideration-case-no",
                "徒政复〔2026〕12号",
                "--applicants",
                "张某",
                "--decision",
                "维持",
            ],
            &[
                "徒政复〔2026〕12号",
                "张某",
                "维持",
                "被申请人",
                "收到申请书副本日期：2026年3月2日",
            ],
        ),
        (
            "crime_transfer",
            "transfer_record",
            "涉嫌犯罪案件移送登记表",
            &[
                "--suspected-crime",
                "销售伪劣产品罪",
                "--reported-on",
                "2026-03-02",
            ],
            &["销售伪劣产品罪", "移送机关", "录入平台日期：2026年3月2日"],
        ),
        (
            "file_inspection",
            "inspection_record",
            "行政执法案卷评查登记表",
            &["--plan", "《2026年行政执法监督检查计划》"],
            &["《2026年行政执法监督检查计划》", "组织单位", "评查依据"],
        ),
    ];
    for (kind, form, label, fields, shown) in kinds {
        let mut args = vec![
            "case",
            "new",
            "--kind",
            kind,
            "--title",
            "丹徒区城市道路挖掘管理暂行规定",
            "--unit",
            "区住房和城乡建设局",
            "--received",
            "2026-03-02",
        ];
        // (A register of its own has no materials to complete: a lawsuit's defence, a reconsideration's answer
        // are due from the day the copy was received, a transfer's decision from its report.)
        if ![
            "litigation",
            "reconsideration",
            "crime_transfer",
            "file_inspection",
        ]
        .contains(&kind)
        {
            args.extend(["--materials-complete", "2026-03-02"]);
        }
        args.extend_from_slice(fields);
        args.push("--json");
        let case: serde_json::Value = serde_json::from_str(&db.ok(&args)).unwrap();
        let reg = case["reg_no"].as_str().unwrap();
        let out = db.dir().join(format!("{form}.pdf"));
        db.ok(&[
            "form",
            "pdf",
            reg,
            "--form",
            form,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(pages(&out).0, 1, "{form}: one page");
        let text = raw_text(&out);
        assert!(text.contains(label), "{form}: {text}");
        for part in shown {
            assert!(text.contains(part), "{form}: «{part}» missing: {text}");
        }
        assert!(!text.contains("元元"), "{form}: {text}");
        // The review deadline the rules computed for the case, as the case page shows it.
        let view = db.json(&["case", "show", reg]);
        let review = view["deadlines"]["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["purpose"] == "deadline")
            .and_then(|d| d["due"].as_str());
        if let Some(due) = review {
            let date = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap();
            let words = format!("{}年{}月{}日", date.year(), date.month(), date.day());
            assert!(
                text.contains(&words),
                "{form}: the deadline {words} is on the form: {text}"
            );
        } else {
            // A major decision's review has a minimum, not a maximum; advice has none.
            assert!(
                ["major_decision", "advice", "file_inspection"].contains(&kind),
                "{kind}: every other kind has a deadline once its materials are in"
            );
        }
        let blank = db.dir().join(format!("{form}-blank.pdf"));
        db.ok(&[
            "form",
            "pdf",
            "--blank",
            form,
            "--out",
            blank.to_str().unwrap(),
        ]);
        assert_eq!(pages(&blank).0, 1, "{form}: blank, one page");
        let text = raw_text(&blank);
        assert!(
            text.contains(label) && !text.contains("■"),
            "{form}: {text}"
        );
    }
}

#[test]
fn the_register_prints_a_year_as_landscape_pages_with_the_header_on_each() {
    let db = TestDb::with_office();
    for i in 0..45 {
        db.new_case(
            "contract",
            &format!("区政府采购合同第{i}号（含补充协议及附件清单）"),
            "2026-02-02",
        );
    }
    db.new_case("contract", "去年的合同", "2025-12-30");
    let out = db.dir().join("register.pdf");
    db.ok(&[
        "register",
        "pdf",
        "--year",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ]);
    let (n, size) = pages(&out);
    assert_eq!(size, "841.89 x 595.276 pts (A4)", "landscape");
    assert!(n >= 2, "45 cases run over more than one page");
    let all = words(&out);
    for p in 1..=n {
        assert!(
            all.iter().any(|w| w.page == p && w.text == "登记编号"),
            "the header is repeated on page {p}"
        );
        assert!(all
            .iter()
            .any(|w| w.page == p && w.text == format!("第{p}页")));
    }
    let text = raw_text(&out);
    assert!(text.contains("2026-001") && text.contains("2026-045"));
    assert!(!text.contains("去年的合同"), "only the chosen year");
    assert!(
        text.find("2026-001") < text.find("2026-045"),
        "oldest first"
    );
    // A date on one line of its column.
    assert!(
        all.iter().any(|w| w.text == "2026-02-02"),
        "the date is one word on the page"
    );
    // The paper register's columns, 签收 left for the recipient's hand, the rows numbered.
    for column in [
        "序号",
        "登记编号",
        "收文日期",
        "类别",
        "事项名称",
        "送审单位",
        "承办人",
        "法律顾问",
        "金额",
        "期限",
        "办结日期",
        "结论",
        "备注",
        "签收",
    ] {
        assert!(all.iter().any(|w| w.text == column), "column {column}");
    }
    assert!(
        all.iter().any(|w| w.text == "45"),
        "the 45th row is numbered"
    );
    // Any span of days: the cases received in it, and a heading that says which.
    db.new_case("contract", "三月的合同", "2026-03-02");
    let span = db.dir().join("span.pdf");
    db.ok(&[
        "register",
        "pdf",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--out",
        span.to_str().unwrap(),
    ]);
    let text = raw_text(&span);
    assert!(
        text.contains("审查案件登记台账（2026年3月1日至2026年3月31日）")
            && text.contains("三月的合同")
            && !text.contains("区政府采购合同"),
        "{text}"
    );
    // A record with a character no font has (an office's own private-use 造字, its font not set here): the
    // message names the record to correct, and no file is written.
    db.new_case("contract", "物业合同\u{F8FF}", "2026-03-03");
    std::fs::remove_file(&out).unwrap();
    let o = out.to_str().unwrap();
    db.all_refused_unchanged(&[(
        &["register", "pdf", "--year", "2026", "--out", o],
        "登记编号 2026-047：以下字符在所有可用字体中都没有字形，无法打印：「\u{F8FF}」",
    )]);
    assert!(!out.exists());
}

#[test]
fn the_clause_library_ships_searchable_entries_and_grows_with_the_office_s_own() {
    let db = TestDb::with_office();
    let found = db.json(&["clause", "list", "--search", "行政许可"]);
    let titles: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"增设行政许可"), "{titles:?}");
    let contract = db.json(&["clause", "list", "--kind", "contract"]);
    assert!(contract.as_array().unwrap().iter().all(|c| {
        let kinds = c["kinds"].as_array().unwrap();
        kinds.is_empty() || kinds.iter().any(|k| k == "contract")
    }));
    assert!(contract
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["title"] == "违约责任不对等"));

    let own = db.json(&[
        "clause",
        "add",
        "--title",
        "未约定履约保证金",
        "--problem",
        "合同金额较大，未约定履约保证金",
        "--basis",
        "《政府采购法实施条例》第四十八条",
        "--suggestion",
        "约定履约保证金的数额和退还条件",
        "--kind",
        "contract",
    ]);
    let listed = db.json(&["clause", "list", "--kind", "contract"]);
    assert_eq!(
        listed[0]["title"], "未约定履约保证金",
        "the office's own entries come first"
    );
    assert!(db
        .ok(&["history", own["id"].as_str().unwrap()])
        .contains("新增常用审查意见"));

    db.all_refused_unchanged(&[
        (
            &[
                "clause",
                "add",
                "--title",
                "未约定履约保证金",
                "--problem",
                "重复",
            ],
            "已有名为",
        ),
        (
            &["clause", "add", "--title", "", "--problem", "无名"],
            "名称",
        ),
        (
            &["clause", "add", "--title", "空", "--problem", "  "],
            "存在问题",
        ),
        (
            &[
                "clause",
                "add",
                "--title",
                "错类",
                "--problem",
                "问题",
                "--kind",
                "lawsuit",
            ],
            "lawsuit",
        ),
        (&["clause", "retire", "00000000"], "未找到"),
    ]);
    db.ok(&["clause", "retire", own["id"].as_str().unwrap()]);
    let after = db.json(&["clause", "list", "--search", "履约保证金"]);
    assert_eq!(
        after.as_array().unwrap().len(),
        0,
        "a retired entry is not offered"
    );
    assert!(
        db.run(&["check"]).status.success(),
        "the library's rows match its revisions"
    );
}
