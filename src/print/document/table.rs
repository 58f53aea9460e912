//! Ruled tables on the grid, split across pages with the header repeated.

use super::*;

impl Flow<'_> {
    pub(super) fn table(&mut self, t: &Table) -> Result<()> {
        let s = self.spec;
        let cell = s.char_pitch();
        if t.columns.iter().sum::<usize>() != s.chars_per_line {
            return Err(Error::Print("表格列宽之和须为一行的字数".into()));
        }
        if std::iter::once(&t.header)
            .chain(&t.rows)
            .any(|r| r.len() != t.columns.len())
        {
            return Err(Error::Print("表格每行的格数须与列数相同".into()));
        }
        let size = s.small_pt;
        let pad = mm(1.2);
        let leading = size * 1.45;
        let widths: Vec<f32> = t.columns.iter().map(|&c| c as f32 * cell).collect();
        let compose_row = |row: &[String], face: Face, align: Align| -> Result<Vec<Vec<Line>>> {
            row.iter()
                .zip(&widths)
                .map(|(text, w)| {
                    let style = Style {
                        size,
                        grid_scale: s.grid_scale(),
                        first_indent: 0.0,
                        indent: 0.0,
                        align,
                    };
                    compose(
                        self.book,
                        &[Span::new(face, text.clone())],
                        &style,
                        w - 2.0 * pad,
                    )
                })
                .collect()
        };
        let header = compose_row(&t.header, Face::Hei, Align::Center)?;
        let rows: Vec<Vec<Vec<Line>>> = t
            .rows
            .iter()
            .map(|r| compose_row(r, Face::Fang, Align::Left))
            .collect::<Result<_>>()?;
        let bottom = s.area_bottom();
        let header_h = row_height(&header, leading, pad);
        if header_h + leading + 2.0 * pad > mm(s.area_h) {
            return Err(Error::Print("表格表头过高，一页放不下".into()));
        }
        let mut y = self.slot_top(self.slot.min(s.lines_per_page));
        let mut pending: Vec<Vec<Vec<Line>>> = rows;
        pending.reverse();
        let ascent = self.ascent;
        let mut top_of_table = y;
        // Rows drawn under the current header; `None` until the header is drawn on this page.
        let mut on_page: Option<usize> = None;
        while let Some(row) = pending.pop() {
            if on_page.is_none() {
                // The header with at least one line of a row, or a fresh page.
                if y + header_h + leading + 2.0 * pad > bottom && y > s.area_top() + 0.5 {
                    self.new_page();
                    y = s.area_top();
                }
                top_of_table = y;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
                self.draw_row(&header, &widths, y, leading, pad, ascent);
                y += header_h;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.5, Color::Black);
                on_page = Some(0);
            }
            let h = row_height(&row, leading, pad);
            if y + h <= bottom {
                self.draw_row(&row, &widths, y, leading, pad, ascent);
                y += h;
                self.page()
                    .rule((s.area_left(), y), (s.area_right(), y), 0.5, Color::Black);
                on_page = on_page.map(|n| n + 1);
                continue;
            }
            // Split the row: what fits stays (at least two lines, or whatever fits right under the header, so
            // a row taller than a page still moves on), the rest continues under a repeated header.
            let fit = ((bottom - y - 2.0 * pad) / leading).floor().max(0.0) as usize;
            if fit >= 2 || on_page == Some(0) {
                let (now, later): (Vec<Vec<Line>>, Vec<Vec<Line>>) = row
                    .into_iter()
                    .map(|c| {
                        let k = fit.max(1).min(c.len());
                        (c[..k].to_vec(), c[k..].to_vec())
                    })
                    .unzip();
                let h = row_height(&now, leading, pad);
                self.draw_row(&now, &widths, y, leading, pad, ascent);
                y += h;
                pending.push(later);
            } else {
                pending.push(row);
            }
            self.column_rules(&widths, top_of_table, y);
            self.page()
                .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
            self.new_page();
            y = s.area_top();
            on_page = None;
        }
        self.column_rules(&widths, top_of_table, y);
        self.page()
            .rule((s.area_left(), y), (s.area_right(), y), 0.8, Color::Black);
        self.slot = self.slot_at(y + mm(1.0));
        self.placed.clear();
        Ok(())
    }

    pub(super) fn column_rules(&mut self, widths: &[f32], top: f32, bottom: f32) {
        let mut x = self.spec.area_left();
        self.page().rule((x, top), (x, bottom), 0.5, Color::Black);
        for w in widths {
            x += w;
            self.page().rule((x, top), (x, bottom), 0.5, Color::Black);
        }
    }

    pub(super) fn draw_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        top: f32,
        leading: f32,
        pad: f32,
        ascent: f32,
    ) {
        let mut x = self.spec.area_left();
        for (lines, w) in cells.iter().zip(widths) {
            for (i, l) in lines.iter().enumerate() {
                let baseline =
                    top + pad + i as f32 * leading + (leading - l.size) / 2.0 + ascent * l.size;
                for run in l.runs(x + pad, baseline, Color::Black) {
                    self.page().items.push(Item::Text(run));
                }
            }
            x += w;
        }
    }
}

pub(super) fn row_height(cells: &[Vec<Line>], leading: f32, pad: f32) -> f32 {
    let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    n as f32 * leading + 2.0 * pad
}
