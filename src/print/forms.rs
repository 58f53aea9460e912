//! The office's paper forms: one A4 page of ruled boxes each, filled from a case or blank for handwriting, and
//! the case register (台账) as a landscape table.
//!
//! A form is a list of rows on a 24-column grid; a cell is a label (黑体), a value (仿宋), a row of tick boxes
//! (□ / ■) or a sign-off box with room for an opinion and a handwritten signature and date.

use chrono::NaiveDate;

use super::document::{self, Block, Head, Official, Signature};
use super::fonts::{Face, FontBook};
use super::layout::{
    compose, mm, place_text, text_width, Align, Color, Gbt9704, Item, Meta, Page, Sheet, Span,
    Style,
};
use crate::error::{Error, Result};
use crate::model::validate::{fmt_amount, fmt_date};
use crate::model::{
    Art58Trigger, CaseDetails, CaseKind, FilingChannel, FilingRecord, IssuerForm, Material,
    ReviewCase,
};

/// The printable forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormName {
    NormativeReview,
    EnforcementReview,
    PenaltyFiling,
    FilingReport,
}

impl FormName {
    pub const ALL: [FormName; 4] = [
        FormName::NormativeReview,
        FormName::EnforcementReview,
        FormName::PenaltyFiling,
        FormName::FilingReport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FormName::NormativeReview => "normative_review",
            FormName::EnforcementReview => "enforcement_review",
            FormName::PenaltyFiling => "penalty_filing",
            FormName::FilingReport => "filing_report",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FormName::NormativeReview => "规范性文件合法性审核登记审批表",
            FormName::EnforcementReview => "重大行政执法决定法制审核表",
            FormName::PenaltyFiling => "重大行政处罚决定备案登记表",
            FormName::FilingReport => "备案报告",
        }
    }

    /// The case kinds a form is for.
    pub fn kinds(self) -> &'static [CaseKind] {
        match self {
            FormName::NormativeReview => &[CaseKind::NormativeDoc, CaseKind::MajorDecision],
            FormName::EnforcementReview => &[CaseKind::Enforcement],
            FormName::PenaltyFiling => &[CaseKind::PenaltyFiling],
            FormName::FilingReport => &[CaseKind::NormativeDoc],
        }
    }

    pub fn parse(s: &str) -> Result<FormName> {
        FormName::ALL
            .into_iter()
            .find(|f| f.code() == s.trim() || f.label() == s.trim())
            .ok_or_else(|| {
                let list: Vec<String> = FormName::ALL
                    .iter()
                    .map(|f| format!("{}（{}）", f.code(), f.label()))
                    .collect();
                Error::invalid(
                    "表格",
                    format!("「{s}」不是可打印的表格：{}", list.join(" / ")),
                )
            })
    }
}

/// A case with the names its form prints, resolved by the caller.
#[derive(Debug, Clone)]
pub struct FormFacts {
    pub case: ReviewCase,
    pub unit: String,
    pub assignee: Option<String>,
    pub advisors: Vec<String>,
    /// The case's signed letter: its number and date.
    pub letter: Option<(String, Option<NaiveDate>)>,
    pub filings: Vec<FilingRecord>,
    /// The office (备案报告's sender).
    pub office: String,
}

enum Cell {
    Label(&'static str),
    Value(String),
    Boxes(Vec<(String, bool)>),
    /// An opinion box: text at the top, "签名： 年 月 日" at the bottom right.
    Sign(String),
}

struct Row {
    /// Height in mm.
    height: f32,
    cells: Vec<(u8, Cell)>,
}

fn row(height: f32, cells: Vec<(u8, Cell)>) -> Row {
    Row { height, cells }
}

/// Two label–value pairs side by side.
fn pair(height: f32, l1: &'static str, v1: Cell, l2: &'static str, v2: Cell) -> Row {
    row(
        height,
        vec![(5, Cell::Label(l1)), (7, v1), (5, Cell::Label(l2)), (7, v2)],
    )
}

/// A label and one value across the rest of the row.
fn wide(height: f32, label: &'static str, value: Cell) -> Row {
    row(height, vec![(5, Cell::Label(label)), (19, value)])
}

fn val(text: impl Into<String>) -> Cell {
    Cell::Value(text.into())
}

fn d(v: Option<NaiveDate>) -> String {
    v.map(fmt_date).unwrap_or_default()
}

fn s(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn boxes<T: PartialEq + Copy>(all: &[T], chosen: &[T], label: impl Fn(T) -> &'static str) -> Cell {
    Cell::Boxes(
        all.iter()
            .map(|&v| (label(v).to_string(), chosen.contains(&v)))
            .collect(),
    )
}

/// The pages for `form`, one per case (or one blank page when `facts` is empty).
pub fn form_sheet(book: &FontBook, form: FormName, facts: &[FormFacts]) -> Result<Sheet> {
    if form == FormName::FilingReport {
        return filing_reports(book, facts);
    }
    let mut pages = Vec::new();
    if facts.is_empty() {
        pages.push(form_page(book, form, None)?);
    }
    for f in facts {
        if !form.kinds().contains(&f.case.kind()) {
            return Err(Error::Refused(format!(
                "案件 {} 是{}，不能打印「{}」",
                f.case.reg_no,
                f.case.kind().label(),
                form.label()
            )));
        }
        pages.push(form_page(book, form, Some(f))?);
    }
    Ok(Sheet {
        meta: Meta {
            title: form.label().to_string(),
            author: facts.first().map(|f| f.office.clone()).unwrap_or_default(),
            subject: match facts {
                [] => "空白表".to_string(),
                [one] => format!("案件 {}", one.case.reg_no),
                many => format!("{} 件案件", many.len()),
            },
            date: None,
        },
        pages,
    })
}

fn form_page(book: &FontBook, form: FormName, f: Option<&FormFacts>) -> Result<Page> {
    let c = f.map(|f| &f.case);
    let subtitle = (
        format!(
            "登记编号：{}",
            c.map(|c| c.reg_no.to_string()).unwrap_or_default()
        ),
        format!("收文日期：{}", d(c.map(|c| c.received))),
    );
    let outcome_boxes = |kind: CaseKind| {
        let chosen: Vec<_> = c.and_then(|c| c.outcome).into_iter().collect();
        boxes(kind.outcomes(), &chosen, |o| o.label())
    };
    let sign_rows = |labels: &[&'static str]| -> Vec<Row> {
        labels
            .iter()
            .map(|&l| wide(21.0, l, Cell::Sign(String::new())))
            .collect()
    };
    let opinion = c
        .and_then(|c| c.conclusion.clone())
        .or_else(|| {
            f.and_then(|f| f.letter.as_ref())
                .map(|(n, _)| format!("详见《审核意见书》（{n}）"))
        })
        .unwrap_or_default();
    let letter_no = f
        .and_then(|f| f.letter.as_ref())
        .map(|(n, _)| n.clone())
        .unwrap_or_default();
    let letter_on = d(f.and_then(|f| f.letter.as_ref()).and_then(|(_, on)| *on));
    let assignee = f.and_then(|f| f.assignee.clone()).unwrap_or_default();
    let advisors = f.map(|f| f.advisors.join("、")).unwrap_or_default();
    let unit = f.map(|f| f.unit.clone()).unwrap_or_default();
    let title = c.map(|c| c.title.clone()).unwrap_or_default();
    let due = d(c.and_then(|c| c.due_date));
    let note = wide(
        10.0,
        "备注",
        val(c.and_then(|c| c.note.clone()).unwrap_or_default()),
    );
    let yes_no = |v: Option<bool>| {
        Cell::Boxes(vec![
            ("是".into(), v == Some(true)),
            ("否".into(), v == Some(false)),
        ])
    };

    let mut rows: Vec<Row> = match form {
        FormName::NormativeReview => {
            let nd = c.and_then(|c| match &c.details {
                CaseDetails::NormativeDoc(n) => Some(n),
                _ => None,
            });
            let filed = |ch: FilingChannel| {
                f.and_then(|f| {
                    f.filings
                        .iter()
                        .find(|r| r.channel == ch)
                        .and_then(|r| r.submitted_on)
                })
            };
            let contact = c
                .map(|c| {
                    format!("{} {}", s(&c.contact), s(&c.contact_phone))
                        .trim()
                        .to_string()
                })
                .unwrap_or_default();
            let issuer_form: Vec<_> = nd.and_then(|n| n.issuer_form).into_iter().collect();
            let published = match (
                nd.and_then(|n| n.published_on),
                nd.and_then(|n| n.effective_on),
            ) {
                (None, None) => String::new(),
                (p, e) => format!("{} / {}", d(p), d(e)),
            };
            let filings = match (
                filed(FilingChannel::NpcStandingCommittee),
                filed(FilingChannel::UpperGovernment),
            ) {
                (None, None) => String::new(),
                (a, b) => format!("人大：{}\n政府：{}", d(a), d(b)),
            };
            let mut rows = vec![
                pair(11.0, "送审单位", val(unit), "联系人及电话", val(contact)),
                wide(14.0, "文件名称", val(title)),
                wide(
                    10.0,
                    "拟发文形式",
                    boxes(IssuerForm::ALL, &issuer_form, |v| v.label()),
                ),
                pair(
                    10.0,
                    "是否规范性文件",
                    yes_no(nd.and_then(|n| n.is_normative)),
                    "涉及经营主体",
                    yes_no(nd.map(|n| n.fair_competition)),
                ),
                wide(
                    19.0,
                    "送审材料",
                    boxes(
                        Material::ALL,
                        nd.map(|n| n.materials.as_slice()).unwrap_or(&[]),
                        |m| m.label(),
                    ),
                ),
                pair(
                    10.0,
                    "材料齐全日期",
                    val(d(c.and_then(|c| c.materials_complete))),
                    "审核期限",
                    val(due),
                ),
                pair(10.0, "承办人", val(assignee), "法律顾问", val(advisors)),
                wide(30.0, "审核意见", val(opinion)),
                wide(10.0, "审核结论", outcome_boxes(CaseKind::NormativeDoc)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
            ]));
            rows.extend([
                pair(
                    10.0,
                    "意见书文号",
                    val(letter_no),
                    "出具日期",
                    val(letter_on),
                ),
                pair(
                    10.0,
                    "文件文号",
                    val(nd.and_then(|n| n.doc_no.clone()).unwrap_or_default()),
                    "公布/施行",
                    val(published),
                ),
                pair(
                    12.0,
                    "有效期至",
                    val(d(nd.and_then(|n| n.valid_until))),
                    "报备日期",
                    val(filings),
                ),
            ]);
            rows
        }
        FormName::EnforcementReview => {
            let e = c.and_then(|c| match &c.details {
                CaseDetails::Enforcement(e) => Some(e),
                _ => None,
            });
            let trigger: Vec<_> = e.and_then(|e| e.art58_trigger).into_iter().collect();
            let mut rows = vec![
                pair(
                    11.0,
                    "执法机关",
                    val(e.and_then(|e| e.agency.clone()).unwrap_or(unit)),
                    "当事人",
                    val(e.and_then(|e| e.party.clone()).unwrap_or_default()),
                ),
                wide(12.0, "案件名称", val(title)),
                wide(
                    24.0,
                    "拟作出的决定",
                    val(e
                        .and_then(|e| e.proposed_decision.clone())
                        .unwrap_or_default()),
                ),
                wide(
                    14.0,
                    "法制审核情形",
                    boxes(Art58Trigger::ALL, &trigger, |t| t.label()),
                ),
                wide(
                    10.0,
                    "裁量基准",
                    val(e
                        .and_then(|e| e.discretion_standard.clone())
                        .unwrap_or_default()),
                ),
                pair(10.0, "审核期限", val(due), "承办人", val(assignee)),
                wide(30.0, "审核意见", val(opinion)),
                wide(10.0, "审核结论", outcome_boxes(CaseKind::Enforcement)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "法制机构负责人意见",
                "机关负责人意见",
            ]));
            rows.push(pair(
                10.0,
                "审核意见书文号",
                val(letter_no),
                "出具日期",
                val(letter_on),
            ));
            rows
        }
        FormName::PenaltyFiling => {
            let p = c.and_then(|c| match &c.details {
                CaseDetails::PenaltyFiling(p) => Some(p),
                _ => None,
            });
            let mut rows = vec![
                pair(
                    11.0,
                    "报备机关",
                    val(p.and_then(|p| p.agency.clone()).unwrap_or(unit)),
                    "当事人",
                    val(p.and_then(|p| p.party.clone()).unwrap_or_default()),
                ),
                wide(12.0, "案件名称", val(title)),
                pair(
                    10.0,
                    "决定书文号",
                    val(p.and_then(|p| p.decision_no.clone()).unwrap_or_default()),
                    "决定日期",
                    val(d(p.and_then(|p| p.decision_on))),
                ),
                pair(
                    10.0,
                    "处罚种类",
                    val(p.and_then(|p| p.penalty_type.clone()).unwrap_or_default()),
                    "罚没金额",
                    val(p
                        .and_then(|p| p.amount_fen)
                        .map(fmt_amount)
                        .unwrap_or_default()),
                ),
                pair(
                    10.0,
                    "收到备案日期",
                    val(d(p.and_then(|p| p.filing_received_on))),
                    "审查期限",
                    val(due),
                ),
                wide(10.0, "承办人", val(assignee)),
                wide(40.0, "审查意见", val(opinion)),
                wide(10.0, "审查结论", outcome_boxes(CaseKind::PenaltyFiling)),
            ];
            rows.extend(sign_rows(&[
                "承办人意见",
                "科室负责人意见",
                "分管局领导意见",
            ]));
            rows
        }
        FormName::FilingReport => unreachable!("laid out as a letter"),
    };
    rows.push(note);
    draw_form(book, form.label(), &subtitle, &rows)
}

/// Draws the rows as one A4 page inside the GB/T 9704 type area: the title, a line with the registration
/// number and date, then the ruled table.
fn draw_form(
    book: &FontBook,
    title: &str,
    subtitle: &(String, String),
    rows: &[Row],
) -> Result<Page> {
    let spec = Gbt9704::default();
    let mut page = Page::new(mm(spec.page_w), mm(spec.page_h));
    let left = mm(22.0);
    let width = mm(166.0);
    let col = width / 24.0;
    let mut y = mm(22.0);
    let title_size = 20.0;
    let w = text_width(book, Face::Title, title, title_size, 1.0);
    text(
        book,
        &mut page,
        Face::Title,
        title_size,
        title,
        left + (width - w) / 2.0,
        y,
    )?;
    y += title_size + mm(5.0);
    let small = 12.0;
    text(book, &mut page, Face::Fang, small, &subtitle.0, left, y)?;
    let w = text_width(book, Face::Fang, &subtitle.1, small, 1.0);
    text(
        book,
        &mut page,
        Face::Fang,
        small,
        &subtitle.1,
        left + width - w,
        y,
    )?;
    y += small + mm(2.0);

    let total: f32 = rows.iter().map(|r| mm(r.height)).sum();
    if y + total > mm(spec.page_h - 15.0) {
        return Err(Error::Print(format!("表格「{title}」超出一页")));
    }
    let top = y;
    page.rule((left, top), (left + width, top), 1.0, Color::Black);
    for r in rows {
        let h = mm(r.height);
        let mut x = left;
        for (span, cell) in &r.cells {
            let w = *span as f32 * col;
            draw_cell(book, &mut page, cell, Area { x, y, w, h })?;
            x += w;
            page.rule((x, y), (x, y + h), 0.5, Color::Black);
        }
        y += h;
        page.rule((left, y), (left + width, y), 0.5, Color::Black);
    }
    page.rule((left, top), (left, y), 1.0, Color::Black);
    page.rule((left + width, top), (left + width, y), 1.0, Color::Black);
    page.rule((left, y), (left + width, y), 1.0, Color::Black);
    Ok(page)
}

fn text(
    book: &FontBook,
    page: &mut Page,
    face: Face,
    size: f32,
    t: &str,
    x: f32,
    top: f32,
) -> Result<()> {
    place_text(book, page, face, size, t, x, top, Color::Black).map(|_| ())
}

/// A cell's box on the page, in pt.
#[derive(Clone, Copy)]
struct Area {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// Wraps `t` into the box, shrinking from 12 pt to 8 pt until it fits; what still does not fit is cut with
/// an ellipsis (the full text is in the letter the form points to).
fn fill_box(
    book: &FontBook,
    page: &mut Page,
    face: Face,
    t: &str,
    Area { x, y, w, h }: Area,
    align: Align,
    centre_v: bool,
) -> Result<()> {
    if t.trim().is_empty() {
        return Ok(());
    }
    let pad = mm(1.5);
    let ascent = book.font(face).ascent;
    let mut size = 12.0f32;
    loop {
        let style = Style::solid(size, align);
        let mut lines = Vec::new();
        for para in t.trim().lines() {
            lines.extend(compose(
                book,
                &[Span::new(face, para.trim())],
                &style,
                w - 2.0 * pad,
            )?);
        }
        let leading = size * 1.3;
        let fits = (h - 2.0 * pad) / leading;
        let fits = fits.floor().max(1.0) as usize;
        if lines.len() <= fits || size <= 8.0 {
            if lines.len() > fits {
                lines.truncate(fits);
                // The last line gives up characters until it holds "……" on the same line.
                let last: Vec<char> = lines
                    .last()
                    .map(|l| l.text())
                    .unwrap_or_default()
                    .chars()
                    .collect();
                for keep in (0..last.len()).rev() {
                    let cut: String = last[..keep].iter().collect::<String>() + "……";
                    let re = compose(book, &[Span::new(face, cut)], &style, w - 2.0 * pad)?;
                    if let ([one], Some(slot)) = (re.as_slice(), lines.last_mut()) {
                        *slot = one.clone();
                        break;
                    }
                }
            }
            let block = lines.len() as f32 * leading;
            let top = if centre_v {
                y + (h - block) / 2.0
            } else {
                y + pad
            };
            for (i, l) in lines.iter().enumerate() {
                let baseline = top + i as f32 * leading + (leading - size) / 2.0 + ascent * size;
                for run in l.runs(x + pad, baseline, Color::Black) {
                    page.items.push(Item::Text(run));
                }
            }
            return Ok(());
        }
        size -= 1.0;
    }
}

fn draw_cell(book: &FontBook, page: &mut Page, cell: &Cell, area: Area) -> Result<()> {
    match cell {
        Cell::Label(l) => fill_box(book, page, Face::Hei, l, area, Align::Center, true),
        Cell::Value(v) => {
            let centre = area.h < mm(16.0);
            fill_box(book, page, Face::Fang, v, area, Align::Left, centre)
        }
        Cell::Boxes(options) => {
            let t: Vec<String> = options
                .iter()
                .map(|(label, on)| format!("{}{label}", if *on { '■' } else { '□' }))
                .collect();
            fill_box(
                book,
                page,
                Face::Fang,
                &t.join("　"),
                area,
                Align::Left,
                true,
            )
        }
        Cell::Sign(opinion) => {
            let above = Area {
                h: area.h - mm(8.0),
                ..area
            };
            fill_box(book, page, Face::Fang, opinion, above, Align::Left, false)?;
            let size = 12.0;
            let sign = "签名：　　　　　　　　　年　　月　　日";
            let tw = text_width(book, Face::Fang, sign, size, 1.0);
            let x = area.x + area.w - tw - mm(3.0);
            text(
                book,
                page,
                Face::Fang,
                size,
                sign,
                x,
                area.y + area.h - mm(7.0),
            )
        }
    }
}

/// 备案报告: one cover letter per filing channel of each case, in the 文件格式 of the office.
fn filing_reports(book: &FontBook, facts: &[FormFacts]) -> Result<Sheet> {
    let spec = Gbt9704::default();
    let mut pages = Vec::new();
    let blank;
    let list: Vec<(Option<&FormFacts>, FilingChannel)> = if facts.is_empty() {
        blank = [FilingChannel::NpcStandingCommittee];
        blank.iter().map(|&c| (None, c)).collect()
    } else {
        let mut v = Vec::new();
        for f in facts {
            if !FormName::FilingReport.kinds().contains(&f.case.kind()) {
                return Err(Error::Refused(format!(
                    "案件 {} 是{}，不需要备案报告",
                    f.case.reg_no,
                    f.case.kind().label()
                )));
            }
            let mut channels: Vec<FilingChannel> = Vec::new();
            for r in &f.filings {
                if !channels.contains(&r.channel) {
                    channels.push(r.channel);
                }
            }
            if channels.is_empty() {
                channels = vec![
                    FilingChannel::NpcStandingCommittee,
                    FilingChannel::UpperGovernment,
                ];
            }
            v.extend(channels.into_iter().map(|c| (Some(f), c)));
        }
        v
    };
    for (f, channel) in list {
        let c = f.map(|f| &f.case);
        let nd = c.and_then(|c| match &c.details {
            CaseDetails::NormativeDoc(n) => Some(n),
            _ => None,
        });
        let blank_line = "＿＿＿＿＿＿＿＿";
        let title = c
            .map(|c| c.title.clone())
            .unwrap_or_else(|| blank_line.to_string());
        let doc_no = nd
            .and_then(|n| n.doc_no.clone())
            .unwrap_or_else(|| "＿＿＿＿".into());
        let addressee = match channel {
            FilingChannel::NpcStandingCommittee => "区人大常委会",
            FilingChannel::UpperGovernment => "市人民政府",
        };
        let basis = match channel {
            FilingChannel::NpcStandingCommittee => "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》和《中华人民共和国各级人民代表大会常务委员会监督法》",
            FilingChannel::UpperGovernment => "本省行政规范性文件备案审查的有关规定",
        };
        let when =
            |v: Option<NaiveDate>| v.map(fmt_date).unwrap_or_else(|| "　　年　月　日".into());
        let body = vec![
            Block::Para(vec![Span::new(
                Face::Fang,
                format!(
                    "根据{basis}，现将《{title}》（{doc_no}）报送备案。该文件于{}公布，自{}起施行。",
                    when(nd.and_then(|n| n.published_on)),
                    when(nd.and_then(|n| n.effective_on))
                ),
            )]),
            Block::Para(vec![Span::new(Face::Fang, "特此报告。")]),
            Block::Para(vec![Span::new(
                Face::Fang,
                "附件：1.文件正式文本　2.起草说明　3.制定依据　4.合法性审核意见",
            )]),
        ];
        let date = f
            .and_then(|f| {
                f.filings
                    .iter()
                    .find(|r| r.channel == channel)
                    .and_then(|r| r.submitted_on)
            })
            .or_else(|| nd.and_then(|n| n.published_on));
        let doc = Official {
            head: Head::Plain,
            number: None,
            draft: false,
            title: format!("关于报送《{title}》备案的报告"),
            addressee: Some(addressee.to_string()),
            body,
            signature: Signature {
                issuer: f.map(|f| f.office.clone()).unwrap_or_default(),
                signers: Vec::new(),
                date,
            },
            imprint: None,
            meta: Meta::default(),
        };
        pages.append(&mut document::layout(book, &spec, &doc)?.pages);
    }
    Ok(Sheet {
        meta: Meta {
            title: FormName::FilingReport.label().to_string(),
            author: facts.first().map(|f| f.office.clone()).unwrap_or_default(),
            subject: format!("{} 份", pages.len()),
            date: None,
        },
        pages,
    })
}

/// One row of the register.
#[derive(Debug, Clone)]
pub struct RegisterRow {
    pub reg_no: String,
    pub kind: String,
    pub title: String,
    pub unit: String,
    pub received: String,
    pub due: String,
    pub status: String,
    pub outcome: String,
    pub letter_no: String,
    pub closed: String,
}

/// The case register (台账) as landscape A4 pages, the header repeated on each, numbered "第 n 页 共 m 页".
pub fn register_sheet(book: &FontBook, heading: &str, rows: &[RegisterRow]) -> Result<Sheet> {
    let (pw, ph) = (mm(297.0), mm(210.0));
    let left = mm(15.0);
    let width = pw - 2.0 * left;
    let cols: [(f32, &str); 10] = [
        (9.0, "登记编号"),
        (14.0, "类别"),
        (30.0, "名称"),
        (16.0, "送审单位"),
        (10.0, "收文日期"),
        (10.0, "办理期限"),
        (10.0, "状态"),
        (10.0, "结论"),
        (17.0, "意见书文号"),
        (10.0, "办结日期"),
    ];
    let unit = width / cols.iter().map(|c| c.0).sum::<f32>();
    let size = 10.5;
    let leading = size * 1.35;
    let pad = mm(1.2);
    let ascent = book.font(Face::Fang).ascent;
    let cell_lines = |texts: Vec<&str>, face: Face| -> Result<Vec<Vec<super::layout::Line>>> {
        texts
            .iter()
            .zip(cols.iter())
            .map(|(t, (w, _))| {
                let style = Style::solid(size, Align::Left);
                compose(book, &[Span::new(face, *t)], &style, w * unit - 2.0 * pad)
            })
            .collect()
    };
    let header = cell_lines(cols.iter().map(|c| c.1).collect(), Face::Hei)?;
    let body: Vec<Vec<Vec<super::layout::Line>>> = rows
        .iter()
        .map(|r| {
            cell_lines(
                vec![
                    &r.reg_no,
                    &r.kind,
                    &r.title,
                    &r.unit,
                    &r.received,
                    &r.due,
                    &r.status,
                    &r.outcome,
                    &r.letter_no,
                    &r.closed,
                ],
                Face::Fang,
            )
        })
        .collect::<Result<_>>()?;
    let height = |cells: &[Vec<super::layout::Line>]| {
        cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * leading + 2.0 * pad
    };
    let top = mm(30.0);
    let bottom = ph - mm(18.0);
    // A row never outgrows a page: a cell longer than that (a title of 100 characters in a narrow column
    // cannot be) keeps what fits.
    let most = ((bottom - top - height(&header) - 2.0 * pad) / leading).floor() as usize;
    let body: Vec<Vec<Vec<super::layout::Line>>> = body
        .into_iter()
        .map(|cells| {
            cells
                .into_iter()
                .map(|mut c| {
                    c.truncate(most);
                    c
                })
                .collect()
        })
        .collect();
    let mut pages: Vec<Page> = Vec::new();
    let mut y = bottom;
    let mut table_top = top;
    let mut i = 0;
    let draw_cells = |page: &mut Page, cells: &[Vec<super::layout::Line>], y: f32| {
        let mut x = left;
        for (lines, (w, _)) in cells.iter().zip(cols.iter()) {
            for (k, l) in lines.iter().enumerate() {
                let baseline =
                    y + pad + k as f32 * leading + (leading - size) / 2.0 + ascent * size;
                for run in l.runs(x + pad, baseline, Color::Black) {
                    page.items.push(Item::Text(run));
                }
            }
            x += w * unit;
        }
    };
    loop {
        let next_h = body.get(i).map(|r| height(r));
        let full = match next_h {
            Some(h) => y + h > bottom,
            None => false,
        };
        if pages.is_empty() || full {
            if let Some(p) = pages.last_mut() {
                close_table(p, left, &cols, unit, table_top, y);
            }
            let mut p = Page::new(pw, ph);
            let tw = text_width(book, Face::Title, heading, 18.0, 1.0);
            text(
                book,
                &mut p,
                Face::Title,
                18.0,
                heading,
                (pw - tw) / 2.0,
                mm(12.0),
            )?;
            table_top = top;
            p.rule((left, top), (left + width, top), 1.0, Color::Black);
            draw_cells(&mut p, &header, top);
            y = top + height(&header);
            p.rule((left, y), (left + width, y), 0.5, Color::Black);
            pages.push(p);
        }
        let Some(h) = next_h else { break };
        let p = pages.last_mut().unwrap_or_else(|| unreachable!());
        draw_cells(p, &body[i], y);
        y += h;
        p.rule((left, y), (left + width, y), 0.5, Color::Black);
        i += 1;
    }
    if let Some(p) = pages.last_mut() {
        close_table(p, left, &cols, unit, table_top, y);
    }
    let n = pages.len();
    for (k, p) in pages.iter_mut().enumerate() {
        let t = format!("第 {} 页　共 {n} 页　（{} 件）", k + 1, rows.len());
        let tw = text_width(book, Face::Fang, &t, 10.5, 1.0);
        text(
            book,
            p,
            Face::Fang,
            10.5,
            &t,
            (pw - tw) / 2.0,
            ph - mm(12.0),
        )?;
    }
    Ok(Sheet {
        meta: Meta {
            title: heading.to_string(),
            author: String::new(),
            subject: format!("{} 件案件", rows.len()),
            date: None,
        },
        pages,
    })
}

fn close_table(p: &mut Page, left: f32, cols: &[(f32, &str)], unit: f32, top: f32, bottom: f32) {
    let mut x = left;
    p.rule((x, top), (x, bottom), 1.0, Color::Black);
    for (w, _) in cols {
        x += w * unit;
        p.rule((x, top), (x, bottom), 0.5, Color::Black);
    }
    p.rule((x, top), (x, bottom), 1.0, Color::Black);
    p.rule((left, bottom), (x, bottom), 1.0, Color::Black);
}
