//! The head of the first page (信函格式, 文件格式, a firm's letterhead) and the title, balanced over the fewest
//! lines and broken at natural pauses.

use super::*;

impl Flow<'_> {
    pub(super) fn head(&mut self, doc: &Official) -> Result<()> {
        let s = self.spec;
        if let Some(c) = doc.corner.as_deref().filter(|c| !c.trim().is_empty()) {
            let w = self.width(Face::Hei, c, s.body_pt);
            self.text_at(
                Face::Hei,
                s.body_pt,
                c,
                s.area_right() - w,
                mm(s.corner_top),
                Color::Black,
            )?;
        }
        let red_or_black = |head: &Head| {
            if matches!(head, Head::Firm { .. }) {
                Color::Black
            } else {
                Color::Red
            }
        };
        let number = doc.number.as_deref();
        let title_slot = match &doc.head {
            Head::Letter { issuer } | Head::Firm { firm: issuer } => {
                let color = red_or_black(&doc.head);
                let size =
                    self.fitting_size(Face::Title, issuer, 26.0, mm(s.letter_rule_len - 10.0));
                let w = self.width(Face::Title, issuer, size);
                let top = mm(s.letter_head_top);
                self.text_at(
                    Face::Title,
                    size,
                    issuer,
                    (mm(s.page_w) - w) / 2.0,
                    top,
                    color,
                )?;
                let rule_y = top + size + mm(s.rule_gap);
                let x1 = (mm(s.page_w) - mm(s.letter_rule_len)) / 2.0;
                let x2 = x1 + mm(s.letter_rule_len);
                // Thick above, thin below.
                self.page().rule((x1, rule_y), (x2, rule_y), mm(0.6), color);
                self.page().rule(
                    (x1, rule_y + mm(1.0)),
                    (x2, rule_y + mm(1.0)),
                    mm(0.2),
                    color,
                );
                if matches!(doc.head, Head::Letter { .. }) {
                    // The foot rules 20 mm above the page bottom: thin above, thick below.
                    let y = mm(s.page_h - s.letter_foot_rule);
                    self.page()
                        .rule((x1, y - mm(1.0)), (x2, y - mm(1.0)), mm(0.2), color);
                    self.page().rule((x1, y), (x2, y), mm(0.6), color);
                }
                // The number flush right, 7/8 of a character below the rules.
                let no_top = rule_y + mm(1.0) + s.body_pt * 7.0 / 8.0;
                if let Some(no) = number {
                    let w = self.width(Face::Fang, no, s.body_pt);
                    self.text_at(
                        Face::Fang,
                        s.body_pt,
                        no,
                        s.area_right() - w,
                        no_top,
                        Color::Black,
                    )?;
                }
                self.slot_at(no_top).max(1) + 1
            }
            Head::Document { mark } | Head::Upward { mark, .. } => {
                let size = self.fitting_size(Face::Title, mark, 36.0, mm(s.area_w));
                let w = self.width(Face::Title, mark, size);
                let top = mm(s.top + s.mark_top);
                let centre = (s.area_left() + s.area_right()) / 2.0;
                self.text_at(Face::Title, size, mark, centre - w / 2.0, top, Color::Red)?;
                // The number two lines below the mark, centred; the red separator 4 mm below it.
                let no_slot = self.slot_at(top + size) + 2;
                let no_top = self.slot_top(no_slot);
                if let Head::Upward { signer, .. } = &doc.head {
                    // The number one character in from the left, 签发人 (仿宋) and the name (楷体) one in
                    // from the right.
                    let pitch = s.char_pitch();
                    if let Some(no) = number {
                        self.text_at(
                            Face::Fang,
                            s.body_pt,
                            no,
                            s.area_left() + pitch,
                            no_top,
                            Color::Black,
                        )?;
                    }
                    let name = if signer.trim().is_empty() {
                        "　　　".to_string()
                    } else {
                        signer.clone()
                    };
                    let label = "签发人：";
                    let name_w = self.width(Face::Kai, &name, s.body_pt);
                    let label_w = self.width(Face::Fang, label, s.body_pt);
                    let x = s.area_right() - pitch - name_w;
                    self.text_at(Face::Kai, s.body_pt, &name, x, no_top, Color::Black)?;
                    self.text_at(
                        Face::Fang,
                        s.body_pt,
                        label,
                        x - label_w,
                        no_top,
                        Color::Black,
                    )?;
                } else if let Some(no) = number {
                    let w = self.width(Face::Fang, no, s.body_pt);
                    self.text_at(
                        Face::Fang,
                        s.body_pt,
                        no,
                        centre - w / 2.0,
                        no_top,
                        Color::Black,
                    )?;
                }
                let rule_y = no_top + s.body_pt + mm(s.rule_gap);
                self.page().rule(
                    (s.area_left(), rule_y),
                    (s.area_right(), rule_y),
                    mm(0.5),
                    Color::Red,
                );
                self.slot_at(rule_y) + 2
            }
            Head::Plain => 0,
        };
        self.slot = title_slot;
        let title = self.title_lines(&doc.title)?;
        self.lines(&title, Color::Black);
        if let (Head::Plain, Some(no)) = (&doc.head, number) {
            let lines = self.compose(&[Span::new(Face::Fang, no)], 0.0, 0.0, Align::Center)?;
            self.lines(&lines, Color::Black);
        }
        self.blank(1);
        Ok(())
    }

    /// `size`, or smaller so that `text` fits in `width`.
    pub(super) fn fitting_size(&self, face: Face, text: &str, size: f32, width: f32) -> f32 {
        let w = self.width(face, text, size);
        if w > width {
            size * width / w
        } else {
            size
        }
    }

    /// The title in 2号, centred, broken at word units into balanced lines (book titles in 《》 stay whole
    /// when they fit a line).
    pub(super) fn title_lines(&self, title: &str) -> Result<Vec<Line>> {
        let s = self.spec;
        let size = s.title_pt;
        let width = mm(s.area_w);
        let missing = self.book.missing(Face::Title, title);
        if !missing.is_empty() {
            return Err(crate::print::layout::missing_glyphs(&missing));
        }
        let (units, penalties) = title_units(title);
        let widths: Vec<f32> = units
            .iter()
            .map(|u| self.width(Face::Title, u, size))
            .collect();
        let breaks = balance(&widths, &penalties, width);
        if breaks.len() > MAX_TITLE_LINES {
            return Err(Error::invalid(
                "标题",
                format!(
                    "标题过长，排版需要 {} 行（公文标题不宜超过 {MAX_TITLE_LINES} 行），请精简后再导出；未生成文件",
                    breaks.len()
                ),
            ));
        }
        let style = Style::solid(size, Align::Center);
        let mut out = Vec::new();
        for range in breaks {
            let text: String = units[range].concat();
            // Each piece fits by construction; compose only centres it.
            let mut lines = compose(self.book, &[Span::new(Face::Title, text)], &style, width)?;
            out.append(&mut lines);
        }
        Ok(out)
    }
}

/// The title's break units (characters, with numbers and Latin words whole) and, for each break between two
/// units, a penalty: 0 at a natural pause (after 关于 / 、, before 的 / 《 / after 》), 1 between two words, 3
/// between two words of a book title in 《》, 6 inside a word (住/房, 决/定: only when nothing else fits).
pub(super) fn title_units(title: &str) -> (Vec<String>, Vec<u32>) {
    let units: Vec<String> = linebreak::units(title)
        .into_iter()
        .map(String::from)
        .collect();
    let words = linebreak::word_boundaries(title);
    let mut penalties = Vec::with_capacity(units.len());
    let mut depth = 0i32;
    let mut before = String::new();
    for (i, u) in units.iter().enumerate() {
        depth += u.matches('《').count() as i32 - u.matches('》').count() as i32;
        before.push_str(u);
        let next = units.get(i + 1).map(String::as_str).unwrap_or("");
        // A unit may end in punctuation the segmenter counts as a word of its own: a boundary just before it
        // counts too.
        let trail: usize = u
            .chars()
            .rev()
            .take_while(|c| !c.is_alphanumeric())
            .map(char::len_utf8)
            .sum();
        let between_words =
            words.contains(&before.len()) || words.contains(&(before.len() - trail));
        let natural = before.ends_with("关于")
            || before.ends_with('、')
            || before.ends_with('》')
            || next.starts_with('的')
            || next.starts_with('《');
        penalties.push(if !between_words {
            6
        } else if depth > 0 {
            3
        } else if natural {
            0
        } else {
            1
        });
    }
    (units, penalties)
}

/// Splits units of the given widths into the fewest lines of at most `width`; among those, the split with the
/// smallest penalty, then the most even (the longest line as short as it can be; on a tie the later lines
/// are the longer). `penalty[i]` is the cost of breaking after unit `i`. A unit wider than a line gets a
/// line of its own.
pub(super) fn balance(widths: &[f32], penalty: &[u32], width: f32) -> Vec<std::ops::Range<usize>> {
    let n = widths.len();
    if n == 0 {
        return Vec::new();
    }
    let prefix: Vec<f32> = std::iter::once(0.0)
        .chain(widths.iter().scan(0.0, |acc, w| {
            *acc += w;
            Some(*acc)
        }))
        .collect();
    let seg = |a: usize, b: usize| prefix[b] - prefix[a];
    let mut lines = 0;
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && seg(i, j + 1) <= width + 0.01 {
            j += 1;
        }
        lines += 1;
        i = j;
    }
    // best[k][i]: (penalty, longest line, end of the first line) for units i.. in exactly k lines.
    let none = (u32::MAX, f32::INFINITY, n);
    let mut best = vec![vec![none; n + 1]; lines + 1];
    best[0][n] = (0, 0.0, n);
    for k in 1..=lines {
        for i in (0..n).rev() {
            for j in (i + 1)..=n {
                let w = seg(i, j);
                if w > width + 0.01 && j > i + 1 {
                    break;
                }
                let (rest_pen, rest_w, _) = best[k - 1][j];
                if rest_pen == u32::MAX {
                    continue;
                }
                let pen = rest_pen + if j < n { penalty[j - 1] } else { 0 };
                let cost = (pen, w.max(rest_w));
                let cur = best[k][i];
                let better = cost.0 < cur.0
                    || (cost.0 == cur.0
                        && (cost.1 < cur.1 - 0.01 || (cost.1 <= cur.1 + 0.01 && j < cur.2)));
                if better {
                    best[k][i] = (cost.0, cost.1, j);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut k = lines;
    while i < n && k > 0 {
        let j = best[k][i].2;
        out.push(i..j);
        i = j;
        k -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_take_the_fewest_lines_and_break_at_natural_pauses() {
        // Ten equal units in lines of four: three lines, the longest of four, the last line the longest.
        let ranges = balance(&[1.0; 10], &[1; 10], 4.0);
        assert_eq!(ranges.len(), 3);
        assert!(ranges.iter().all(|r| r.len() <= 4));
        assert_eq!(ranges.last().map(|r| r.len()), Some(4));
        // A free break after unit 5 beats an even split.
        let mut pen = vec![1; 10];
        pen[5] = 0;
        assert_eq!(balance(&[1.0; 10], &pen, 7.0), vec![0..6, 6..10]);
        let (units, pen) = title_units("关于《某区城市管理办法》的审核意见");
        let at = |s: &str| units.iter().position(|u| u == s).map(|i| pen[i]);
        assert_eq!(at("于"), Some(0), "after 关于");
        assert_eq!(at("市"), Some(3), "between words inside 《》");
        assert_eq!(at("城"), Some(6), "inside the word 城市");
        assert_eq!(at("法》"), Some(0), "before 的");
    }

    #[test]
    fn real_titles_break_between_words() {
        // (title, words no break may split), in lines of 12 full-width characters: more breaks to place than
        // the 20 a 2号 line holds.
        let cases = [
            (
                "关于《丹徒区城市道路挖掘管理暂行规定》的合法性审核意见",
                &["挖掘", "道路"][..],
            ),
            (
                "关于对徒住建罚〔2026〕3号重大行政处罚决定备案审查的意见",
                &["重大", "决定", "备案"],
            ),
            (
                "关于《丹徒区农村村民住房建设管理办法》的合法性审核意见",
                &["住房", "村民"],
            ),
            (
                "关于高资街道征收补偿信访事项的法律意见书",
                &["信访", "征收"],
            ),
            (
                "关于《丹徒区困难群众临时救助补助资金管理办法》的合法性审核意见",
                &["资金", "补助"],
            ),
            (
                "关于对某建设工程有限公司罚款50万元的处罚决定的法制审核意见",
                &["决定", "罚款", "公司"],
            ),
        ];
        for (title, words) in cases {
            let lines = super::super::title_breaks(title, 12.0);
            assert!(lines.len() >= 2, "{title}: {lines:?}");
            for w in words {
                assert!(
                    lines.iter().any(|l| l.contains(w)),
                    "{title}: 「{w}」 split across {lines:?}"
                );
            }
        }
    }
}
