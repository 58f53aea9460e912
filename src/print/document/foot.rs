//! The end of a document: the signature and date with room for the seal, the 版记 and the page numbers.

use super::*;

impl Flow<'_> {
    pub(super) fn signature(&mut self, sig: &Signature) -> Result<()> {
        let s = self.spec;
        // Two blank lines for the seal's upper half, the signers, the issuer and the date on one page with
        // at least the last body line: the seal must touch the text it authenticates.
        let needed = 2 + sig.signers.len() + 2;
        if self.slot + needed > s.lines_per_page {
            // The last body line moves on, with the heading over it if it is the heading's only line: a
            // heading never stays alone at a page's foot.
            let n = self.placed.len();
            let keep = self.placed[..n.saturating_sub(1)]
                .iter()
                .rev()
                .take_while(|(_, _, sticky)| *sticky)
                .count();
            let carried = self.placed[n.saturating_sub(1 + keep)..].to_vec();
            self.new_page();
            if let (Some(first), Some(last)) = (carried.first(), carried.last()) {
                let prev = self.pages.len() - 2;
                let items: Vec<_> = self.pages[prev]
                    .items
                    .drain(first.1.start..last.1.end)
                    .collect();
                let shift = self.slot_top(0) - first_top(&items, self.ascent, s.body_pt);
                for mut item in items {
                    if let Item::Text(run) = &mut item {
                        run.baseline += shift;
                    }
                    self.page().items.push(item);
                }
                self.slot = last.0 - first.0 + 1;
            }
        }
        self.blank(2);
        let pitch = s.char_pitch();
        // The date four characters in from the right; a blank date (a form for handwriting) keeps its place.
        let date = blank_date(sig.date);
        let date_w = text_width(self.book, Face::Fang, &date, s.body_pt, s.grid_scale());
        let date_left = s.area_right() - 4.0 * pitch - date_w;
        let centre = date_left + date_w / 2.0;
        let issuer = (!sig.issuer.trim().is_empty()).then(|| sig.issuer.clone());
        for text in issuer.iter().chain(&sig.signers) {
            self.centred_line(text, centre)?;
        }
        for l in self.compose(&[Span::new(Face::Fang, date)], 0.0, 0.0, Align::Left)? {
            self.line(&shift_line(&l, date_left - s.area_left()), Color::Black);
        }
        Ok(())
    }

    /// `text` centred on `centre` but never past the type area's edges (a long name wraps instead).
    pub(super) fn centred_line(&mut self, text: &str, centre: f32) -> Result<()> {
        let s = self.spec;
        let lines = self.compose(&[Span::new(Face::Fang, text)], 0.0, 0.0, Align::Left)?;
        for l in &lines {
            let w = l.end();
            let left = (centre - w / 2.0)
                .min(s.area_right() - w)
                .max(s.area_left());
            self.line(&shift_line(l, left - s.area_left()), Color::Black);
        }
        Ok(())
    }

    /// The 版记 at the foot of the last page: 抄送 lines and the printing office between 0.35 mm rules, the last
    /// one on the type area's bottom edge; `bare` (信函格式) prints the 抄送 lines alone.
    pub(super) fn imprint(&mut self, imp: &Imprint, bare: bool) -> Result<()> {
        let s = self.spec;
        let size = s.small_pt;
        let one = size * s.grid_scale();
        let style = Style {
            size,
            grid_scale: s.grid_scale(),
            first_indent: 0.0,
            indent: 3.0 * one,
            align: Align::Justify,
        };
        let width = mm(s.area_w) - 2.0 * one;
        let cc = if imp.cc.is_empty() {
            Vec::new()
        } else {
            let text = format!("抄送：{}。", imp.cc.join("，"));
            compose(self.book, &[Span::new(Face::Fang, text)], &style, width)?
        };
        let rows = cc.len() + usize::from(!bare);
        if rows == 0 {
            return Ok(());
        }
        if self.slot + rows + 1 > s.lines_per_page {
            self.new_page();
        }
        let pitch = s.line_pitch();
        let bottom = s.area_bottom();
        let top = bottom - rows as f32 * pitch;
        let x0 = s.area_left() + one;
        let ascent = self.ascent;
        let em_top = |row: usize| top + row as f32 * pitch + (pitch - size) / 2.0;
        let (left, right) = (s.area_left(), s.area_right());
        let (thick, thin) = (mm(s.rule_thick), mm(s.rule_thin));
        if !bare {
            self.page()
                .rule((left, top), (right, top), thick, Color::Black);
        }
        for (i, l) in cc.iter().enumerate() {
            let runs = l.runs(x0, em_top(i) + ascent * size, Color::Black);
            self.page().items.extend(runs.into_iter().map(Item::Text));
        }
        if !bare {
            if !cc.is_empty() {
                let y = top + cc.len() as f32 * pitch;
                self.page().rule((left, y), (right, y), thin, Color::Black);
            }
            let printed = format!("{}印发", blank_date(imp.printed_on));
            let row = em_top(cc.len());
            self.text_at(Face::Fang, size, &imp.printer, x0, row, Color::Black)?;
            let w = text_width(self.book, Face::Fang, &printed, size, 1.0);
            self.text_at(
                Face::Fang,
                size,
                &printed,
                right - one - w,
                row,
                Color::Black,
            )?;
            self.page()
                .rule((left, bottom), (right, bottom), thick, Color::Black);
        }
        self.slot = s.lines_per_page;
        Ok(())
    }

    /// "草稿 · 未签发" in the top margin of every page of a draft, in red: a page of a draft that goes round the
    /// office is never taken for the letter that was signed.
    pub(super) fn draft_marks(&mut self) -> Result<()> {
        let s = self.spec.clone();
        for page in &mut self.pages {
            place_text(
                self.book,
                page,
                Face::Hei,
                s.body_pt,
                "草稿 · 未签发",
                s.area_left(),
                mm(12.0),
                Color::Red,
            )?;
        }
        Ok(())
    }

    /// "— 1 —" in 4号 宋体 7 mm below the type area: odd pages one character in from the right, even pages one
    /// character in from the left.
    pub(super) fn folios(&mut self, skip_first: bool) -> Result<()> {
        let s = self.spec.clone();
        let size = s.small_pt;
        let centre = mm(s.top + s.area_h + s.folio_gap);
        let top = centre - size / 2.0;
        for i in 0..self.pages.len() {
            let n = i + 1;
            if n == 1 && skip_first {
                continue;
            }
            let text = format!("— {n} —");
            let w = text_width(self.book, Face::Song, &text, size, 1.0);
            let x = if n % 2 == 1 {
                s.area_right() - size - w
            } else {
                s.area_left() + size
            };
            place_text(
                self.book,
                &mut self.pages[i],
                Face::Song,
                size,
                &text,
                x,
                top,
                Color::Black,
            )?;
        }
        Ok(())
    }
}
