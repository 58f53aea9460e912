//! The page model: GB/T 9704 numbers in one table, the display list every backend draws, and the composer that
//! breaks styled text into justified lines on the 28-character grid.
//!
//! Coordinates are points from the page's top-left corner, y growing downwards; the PDF backend flips them.

use super::fonts::{Face, FontBook};
use super::linebreak;
use crate::error::{Error, Result};

pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Every layout number of GB/T 9704-2012 the documents use, in one place (mm unless named `_pt`).
#[derive(Debug, Clone, PartialEq)]
pub struct Gbt9704 {
    pub page_w: f32,
    pub page_h: f32,
    /// 天头: from the page top to the type area.
    pub top: f32,
    /// 订口: from the left edge to the type area.
    pub left: f32,
    pub area_w: f32,
    pub area_h: f32,
    pub lines_per_page: usize,
    pub chars_per_line: usize,
    /// 3号.
    pub body_pt: f32,
    /// 2号.
    pub title_pt: f32,
    /// 4号: page numbers and the 版记.
    pub small_pt: f32,
    /// From the type area's bottom edge to the page number's dash line.
    pub folio_gap: f32,
    /// 信函格式: the issuer's name from the page top, the double rules' length, the lower rules from the page
    /// bottom.
    pub letter_head_top: f32,
    pub letter_rule_len: f32,
    pub letter_foot_rule: f32,
    /// 文件格式: the issuer's mark from the type area top.
    pub mark_top: f32,
    /// A mark of the document's own at the top right of its first page (a reply's 办理类别, "B"), from the
    /// page top: above the 信函格式 head, in the 天头.
    pub corner_top: f32,
    /// The red separator (or double rule) below the 文号 / the mark.
    pub rule_gap: f32,
    /// 版记 rules: thick (first and last) and thin.
    pub rule_thick: f32,
    pub rule_thin: f32,
}

impl Default for Gbt9704 {
    fn default() -> Self {
        Gbt9704 {
            page_w: 210.0,
            page_h: 297.0,
            top: 37.0,
            left: 28.0,
            area_w: 156.0,
            area_h: 225.0,
            lines_per_page: 22,
            chars_per_line: 28,
            body_pt: 16.0,
            title_pt: 22.0,
            small_pt: 14.0,
            folio_gap: 7.0,
            letter_head_top: 30.0,
            letter_rule_len: 170.0,
            letter_foot_rule: 20.0,
            mark_top: 35.0,
            corner_top: 16.0,
            rule_gap: 4.0,
            rule_thick: 0.35,
            rule_thin: 0.25,
        }
    }
}

impl Gbt9704 {
    /// Line pitch in pt: 225 mm / 22 = 28.99 pt.
    pub fn line_pitch(&self) -> f32 {
        mm(self.area_h) / self.lines_per_page as f32
    }
    /// Character pitch in pt: 156 mm / 28 = 15.79 pt.
    pub fn char_pitch(&self) -> f32 {
        mm(self.area_w) / self.chars_per_line as f32
    }
    /// How much a full-width glyph is narrowed to sit on the grid (15.79 / 16).
    pub fn grid_scale(&self) -> f32 {
        self.char_pitch() / self.body_pt
    }
    pub fn area_left(&self) -> f32 {
        mm(self.left)
    }
    pub fn area_right(&self) -> f32 {
        mm(self.left + self.area_w)
    }
    pub fn area_top(&self) -> f32 {
        mm(self.top)
    }
    pub fn area_bottom(&self) -> f32 {
        mm(self.top + self.area_h)
    }
}

// ---------------------------------------------------------------------------------------------------------
// The display list.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Black,
    Red,
    /// A chart's bars: half-way grey, as black print renders it.
    Grey,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub ch: char,
    /// Left edge of the glyph's advance box.
    pub x: f32,
}

/// Glyphs of one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: Face,
    pub size: f32,
    pub color: Color,
    pub baseline: f32,
    pub glyphs: Vec<Placed>,
}

impl TextRun {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    /// A straight rule from `a` to `b`, `width` pt thick.
    Rule {
        a: (f32, f32),
        b: (f32, f32),
        width: f32,
        color: Color,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            items: Vec::new(),
        }
    }

    pub fn rule(&mut self, a: (f32, f32), b: (f32, f32), width: f32, color: Color) {
        self.items.push(Item::Rule { a, b, width, color });
    }

    /// All text of the page in drawing order, one run per line of output (for tests and the preview's search).
    pub fn text_runs(&self) -> impl Iterator<Item = &TextRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Text(t) => Some(t),
            Item::Rule { .. } => None,
        })
    }
}

/// Document properties the PDF carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// The document's date (a letter's signing date), as the PDF's creation date.
    pub date: Option<chrono::NaiveDate>,
}

/// A laid-out document: what the PDF and the preview both draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub meta: Meta,
    pub pages: Vec<Page>,
}

// ---------------------------------------------------------------------------------------------------------
// Composing lines.

/// A stretch of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub face: Face,
    pub text: String,
}

impl Span {
    pub fn new(face: Face, text: impl Into<String>) -> Span {
        Span {
            face,
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Full lines fill the measure exactly; the last line is set flush left.
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    /// Full-width glyphs advance `size * grid_scale` (the 28-per-line grid); 1.0 sets them solid.
    pub grid_scale: f32,
    pub first_indent: f32,
    pub indent: f32,
    pub align: Align,
}

impl Style {
    /// Set solid (full-width glyphs at their natural width), no indents: titles, heads, labels, table cells.
    pub fn solid(size: f32, align: Align) -> Style {
        Style {
            size,
            grid_scale: 1.0,
            first_indent: 0.0,
            indent: 0.0,
            align,
        }
    }
}

/// One glyph on a composed line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGlyph {
    pub ch: char,
    pub face: Face,
    /// From the measure's left edge.
    pub x: f32,
    pub advance: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub glyphs: Vec<LineGlyph>,
    pub size: f32,
}

impl Line {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// The line as text runs at `baseline`, the measure starting at `x0`.
    pub fn runs(&self, x0: f32, baseline: f32, color: Color) -> Vec<TextRun> {
        let mut runs: Vec<TextRun> = Vec::new();
        for g in &self.glyphs {
            if g.ch == ' ' || g.ch == '\u{3000}' {
                continue;
            }
            let placed = Placed {
                ch: g.ch,
                x: x0 + g.x,
            };
            match runs.last_mut() {
                Some(r) if r.face == g.face => r.glyphs.push(placed),
                _ => runs.push(TextRun {
                    face: g.face,
                    size: self.size,
                    color,
                    baseline,
                    glyphs: vec![placed],
                }),
            }
        }
        runs
    }

    /// The right edge of the last glyph.
    pub fn end(&self) -> f32 {
        self.glyphs.last().map(|g| g.x + g.advance).unwrap_or(0.0)
    }
}

/// Full-width marks whose glyph fills half its square, the other half blank: an opening mark's ink is on
/// the right, a closing mark's on the left. A tight line gives up some of that blank (标点挤压, CLREQ
/// 3.1.6) rather than push a long unbreakable unit (〔2018〕37号) to the next line and stretch this one.
const OPENING_MARKS: &str = "〔（《〈「『【〖“‘";
const CLOSING_MARKS: &str = "〕）》〉」』】〗”’、，。；：";

/// What a mark inside a line may give up, as a share of its width: glyph boxes that overlap by more than
/// about a fifth of an em read as a new word to text extractors (poppler's `pdftotext`, a PDF reader's
/// copy and search), so a line squeezed further would copy out in pieces.
const MID_LINE_SQUEEZE: f32 = 0.15;
/// A closing mark that ends a line has nothing after it to overlap: it may give up its whole blank half.
const LINE_END_SQUEEZE: f32 = 0.5;

/// How much of a glyph `advance` wide a tight line may squeeze out of it inside a line; `after` is the
/// character before it (an opening mark right after a closing one leaves the squeezing to that one, so
/// the two boxes do not overlap twice as much).
fn squeezable(c: char, after: Option<char>, advance: f32, size: f32) -> f32 {
    let full_width = advance >= 0.9 * size;
    let opening_after_closing =
        OPENING_MARKS.contains(c) && after.is_some_and(|p| CLOSING_MARKS.contains(p));
    if full_width
        && !opening_after_closing
        && (OPENING_MARKS.contains(c) || CLOSING_MARKS.contains(c))
    {
        advance * MID_LINE_SQUEEZE
    } else {
        0.0
    }
}

/// What more a line gains when the glyph ending it is a closing mark.
fn line_end_bonus(g: &Measured) -> f32 {
    if g.squeeze > 0.0 && CLOSING_MARKS.contains(g.ch) {
        g.advance * (LINE_END_SQUEEZE - MID_LINE_SQUEEZE)
    } else {
        0.0
    }
}

struct Measured {
    ch: char,
    face: Face,
    advance: f32,
    /// What [`squeezable`] allows.
    squeeze: f32,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '/' | '-' | ':')
}

/// Breaks `spans` into lines `width` pt wide. Characters no font has are an error naming them.
pub fn compose(book: &FontBook, spans: &[Span], style: &Style, width: f32) -> Result<Vec<Line>> {
    let cleaned: Vec<Span> = spans
        .iter()
        .map(|s| {
            Span::new(
                s.face,
                s.text
                    .chars()
                    .filter(|&c| !invisible(c))
                    .collect::<String>(),
            )
        })
        .collect();
    let spans = cleaned.as_slice();
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let mut glyphs: Vec<Measured> = Vec::with_capacity(text.len() / 3);
    let mut byte_to_glyph = Vec::with_capacity(text.len() + 1);
    let mut missing: Vec<char> = Vec::new();
    for span in spans {
        for c in span.text.chars() {
            for _ in 0..c.len_utf8() {
                byte_to_glyph.push(glyphs.len());
            }
            let c = if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            };
            match book.glyph(span.face, c) {
                Some(info) => {
                    let natural = info.advance_em * style.size;
                    let advance = if info.advance_em >= 0.9 {
                        style.size * style.grid_scale
                    } else {
                        natural
                    };
                    glyphs.push(Measured {
                        ch: c,
                        face: info.face,
                        advance,
                        squeeze: squeezable(
                            c,
                            glyphs.last().map(|g: &Measured| g.ch),
                            advance,
                            style.size,
                        ),
                    });
                }
                None => {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                    glyphs.push(Measured {
                        ch: c,
                        face: span.face,
                        advance: style.size,
                        squeeze: 0.0,
                    });
                }
            }
        }
    }
    byte_to_glyph.push(glyphs.len());
    if !missing.is_empty() {
        return Err(missing_glyphs(&missing));
    }

    // Units between break points, as glyph index ranges.
    let mut units: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for at in linebreak::break_points(&text) {
        let g = byte_to_glyph[at];
        if g > start {
            units.push((start, g));
            start = g;
        }
    }
    if start < glyphs.len() {
        units.push((start, glyphs.len()));
    }

    let unit_width = |(a, b): (usize, usize)| glyphs[a..b].iter().map(|g| g.advance).sum::<f32>();
    // What a line from glyph a to b may give up, counting the end's bonus.
    let squeeze_of = |(a, b): (usize, usize)| glyphs[a..b].iter().map(|g| g.squeeze).sum::<f32>();
    let end_bonus = |b: usize| b.checked_sub(1).map_or(0.0, |k| line_end_bonus(&glyphs[k]));
    let mut lines_idx: Vec<(usize, usize)> = Vec::new();
    let mut line_start = None::<usize>;
    let mut line_end = 0;
    // The line's natural width, and how much of it its marks could give up.
    let mut used = 0.0f32;
    let mut slack = 0.0f32;
    const EPS: f32 = 0.01;
    let measure = |n: usize| {
        let indent = if n == 0 {
            style.first_indent
        } else {
            style.indent
        };
        width - indent
    };
    for &(a, b) in &units {
        let w = unit_width((a, b));
        let sq = squeeze_of((a, b));
        let avail = measure(lines_idx.len());
        match line_start {
            None => {
                line_start = Some(a);
                line_end = b;
                used = w;
                slack = sq;
            }
            Some(s) => {
                // A space at the end of a line does not count against the measure.
                let trailing_space = glyphs[a..b].iter().all(|g| g.ch == ' ');
                // The unit stays if it fits, squeezing the line's marks if need be.
                if used + w - (slack + sq + end_bonus(b)) <= avail + EPS || trailing_space {
                    line_end = b;
                    used += w;
                    slack += sq;
                } else {
                    lines_idx.push((s, line_end));
                    line_start = Some(a);
                    line_end = b;
                    used = w;
                    slack = sq;
                }
            }
        }
        // A unit wider than a whole line (a long number or address) is cut where it overflows.
        while let Some(s) = line_start {
            let avail = measure(lines_idx.len());
            if used - slack - end_bonus(line_end) <= avail + EPS {
                break;
            }
            let mut acc = 0.0;
            let mut cut = s;
            while cut < line_end && acc + glyphs[cut].advance <= avail + EPS {
                acc += glyphs[cut].advance;
                cut += 1;
            }
            let cut = cut.max(s + 1);
            lines_idx.push((s, cut));
            line_start = Some(cut);
            used = unit_width((cut, line_end));
            slack = squeeze_of((cut, line_end));
            if cut == line_end {
                line_start = None;
                used = 0.0;
            }
        }
    }
    if let Some(s) = line_start {
        lines_idx.push((s, line_end));
    }

    let n = lines_idx.len();
    let mut out = Vec::with_capacity(n);
    for (i, &(a, mut b)) in lines_idx.iter().enumerate() {
        while b > a + 1 && glyphs[b - 1].ch == ' ' {
            b -= 1;
        }
        let indent = if i == 0 {
            style.first_indent
        } else {
            style.indent
        };
        let avail = width - indent;
        let natural: f32 = glyphs[a..b].iter().map(|g| g.advance).sum();
        let last = i + 1 == n;
        // A line over its measure gives up blank space: first the line-ending mark's, then the same share
        // of each other mark's. It is then exactly full, with nothing to stretch.
        let over = (natural - avail).max(0.0);
        let last_cap = if b > a {
            glyphs[b - 1].squeeze + end_bonus(b)
        } else {
            0.0
        };
        let last_cut = over.min(last_cap);
        let share = if over - last_cut > EPS {
            ((over - last_cut) / squeeze_of((a, b - 1)).max(EPS)).min(1.0)
        } else {
            0.0
        };
        let (offset, extra_per_gap, stretchable) = match style.align {
            _ if over > EPS => (0.0, 0.0, Vec::new()),
            Align::Justify if !last => {
                let gaps: Vec<bool> = (a..b.saturating_sub(1))
                    .map(|k| !(is_word_char(glyphs[k].ch) && is_word_char(glyphs[k + 1].ch)))
                    .collect();
                let count = gaps.iter().filter(|g| **g).count();
                let slack = (avail - natural).max(0.0);
                if count > 0 {
                    (0.0, slack / count as f32, gaps)
                } else {
                    (0.0, 0.0, gaps)
                }
            }
            Align::Center => ((avail - natural) / 2.0, 0.0, Vec::new()),
            Align::Right => (avail - natural, 0.0, Vec::new()),
            _ => (0.0, 0.0, Vec::new()),
        };
        let mut x = indent + offset;
        let mut line = Line {
            glyphs: Vec::with_capacity(b - a),
            size: style.size,
        };
        for (k, g) in glyphs[a..b].iter().enumerate() {
            let cut = if a + k + 1 == b {
                last_cut
            } else {
                g.squeeze * share
            };
            // An opening mark loses its blank left half (drawn further left), a closing one its right.
            let shift = if OPENING_MARKS.contains(g.ch) {
                cut
            } else {
                0.0
            };
            line.glyphs.push(LineGlyph {
                ch: g.ch,
                face: g.face,
                x: x - shift,
                // To where the next glyph starts.
                advance: g.advance - cut + shift,
            });
            x += g.advance - cut;
            if stretchable.get(k).copied().unwrap_or(false) {
                x += extra_per_gap;
            }
        }
        out.push(line);
    }
    Ok(out)
}

/// Characters that print as nothing and that text pasted from a word processor often carries (zero-width
/// spaces and joiners, the byte-order mark, soft hyphens, direction marks, variation selectors): dropped before
/// layout instead of failing the export over a character nobody can see.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}')
}

pub fn missing_glyphs(chars: &[char]) -> Error {
    let list: Vec<String> = chars
        .iter()
        .map(|c| format!("「{c}」(U+{:04X})", *c as u32))
        .collect();
    Error::Print(format!(
        "以下字符在所有可用字体中都没有字形，无法打印：{}。请改用常用字，或在 设置 → 字体 中指定包含这些字的字体；未生成文件",
        list.join("、")
    ))
}

/// Sets `text` on one line at an absolute position of `page` (a head, a label, a page number): `x` is the left
/// edge, `top` the em box's top, full-width glyphs at their natural width. Returns the width.
#[allow(clippy::too_many_arguments)]
pub fn place_text(
    book: &FontBook,
    page: &mut Page,
    face: Face,
    size: f32,
    text: &str,
    x: f32,
    top: f32,
    color: Color,
) -> Result<f32> {
    let style = Style::solid(size, Align::Left);
    let baseline = top + book.font(face).ascent * size;
    let mut width = 0.0f32;
    for l in compose(book, &[Span::new(face, text)], &style, f32::MAX / 4.0)? {
        width = width.max(l.end());
        page.items
            .extend(l.runs(x, baseline, color).into_iter().map(Item::Text));
    }
    Ok(width)
}

/// Width of `text` set solid in `face` at `size` (full-width glyphs on the grid when `grid_scale` < 1).
pub fn text_width(book: &FontBook, face: Face, text: &str, size: f32, grid_scale: f32) -> f32 {
    text.chars()
        .map(|c| match book.glyph(face, c) {
            Some(g) if g.advance_em >= 0.9 => size * grid_scale,
            Some(g) => g.advance_em * size,
            None => size,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::fonts::{default_font_dir, FontConfig};

    fn book() -> std::sync::Arc<FontBook> {
        FontBook::shared(&FontConfig::builtin(&default_font_dir())).unwrap()
    }

    fn body(width: f32) -> impl Fn(&str) -> Vec<Line> {
        let b = book();
        let spec = Gbt9704::default();
        let style = Style {
            size: spec.body_pt,
            grid_scale: spec.grid_scale(),
            first_indent: 0.0,
            indent: 0.0,
            align: Align::Justify,
        };
        move |t: &str| compose(&b, &[Span::new(Face::Fang, t)], &style, width).unwrap()
    }

    #[test]
    fn empty_text_gives_no_line_and_invisible_characters_are_dropped() {
        let lines = body(200.0);
        assert!(lines("").is_empty());
        assert_eq!(
            lines("审\u{200B}查\u{FEFF}意\u{00AD}见")[0].text(),
            "审查意见"
        );
    }

    #[test]
    fn a_measure_narrower_than_one_character_still_sets_every_character_once() {
        // Each line takes at least one glyph, so the composer always moves on.
        let lines = body(5.0)("审查意见2026");
        let all: String = lines.iter().map(Line::text).collect();
        assert_eq!(all, "审查意见2026");
        assert!(lines.iter().all(|l| !l.glyphs.is_empty()));
    }

    #[test]
    fn a_full_line_of_ideographs_is_exactly_the_type_area_wide() {
        let spec = Gbt9704::default();
        let lines = body(mm(spec.area_w))(&"审".repeat(60));
        assert_eq!(lines[0].glyphs.len(), 28);
        assert!(
            (lines[0].end() - mm(spec.area_w)).abs() < 0.05,
            "{}",
            lines[0].end()
        );
        assert_eq!(lines[2].glyphs.len(), 4, "the last line is not stretched");
    }

    #[test]
    fn a_tight_line_squeezes_its_brackets_rather_than_stretch_for_an_unbreakable_number() {
        let spec = Gbt9704::default();
        let measure = mm(spec.area_w);
        let em = measure / 28.0;
        // 22 characters, three commas and 〔2018〕 (just over four ems, unbreakable): one em too many,
        // which the marks give up (the line-ending 〕 all of its blank half, the others the rest), so the
        // number stays on the line and the line is not spread.
        let text = format!("{0}，{0}，{0}，审审审审〔2018〕", "审".repeat(6));
        let lines = body(measure)(&format!("{text}37号"));
        assert_eq!(lines[0].text(), text);
        assert!(
            (lines[0].end() - measure).abs() < 0.05,
            "{}",
            lines[0].end()
        );
        let g = &lines[0].glyphs;
        assert!(
            (g[5].x - 5.0 * em).abs() < 0.01,
            "characters before a mark keep the grid"
        );
        assert!(
            g[25].x < 25.0 * em - 0.2 * em,
            "the marks gave up their blank"
        );
        // No two glyph boxes (a full-width glyph's is a whole em, however squeezed) overlap by a fifth of
        // an em: the line copies out of the PDF whole.
        for pair in g.windows(2) {
            let full = if pair[0].ch.is_ascii() {
                pair[0].advance
            } else {
                em
            };
            assert!(pair[1].x > pair[0].x + full - 0.2 * em, "{pair:?}");
        }
        let last = g.last().unwrap();
        assert!(
            (last.x + em - measure - 0.5 * em).abs() < 0.05 * em,
            "〕 gives up its whole blank half: it starts half an em before the measure's end ({})",
            last.x
        );
        // With two characters more the number cannot stay: it goes down, and the line is spread as before.
        let lines = body(measure)(&format!("{}〔2018〕37号", "审".repeat(26)));
        assert_eq!(lines[0].text(), "审".repeat(26));
        assert!((lines[0].end() - measure).abs() < 0.05);
    }
}
