//! Drawing a form: the title and the ruled table on an A4 page, each cell a label, a value, tick boxes or a
//! sign-off box, text fitted to its box.

use super::*;

/// Draws the rows as one A4 page inside the GB/T 9704 type area: the title, a line with the registration
/// number and date, then the ruled table.
pub(super) fn draw_form(
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

pub(super) fn text(
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
pub(super) struct Area {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// Wraps `t` into the box, shrinking from 12 pt to 8 pt until it fits; what still does not fit is cut with
/// an ellipsis (the full text is in the letter the form points to).
pub(super) fn fill_box(
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

pub(super) fn draw_cell(book: &FontBook, page: &mut Page, cell: &Cell, area: Area) -> Result<()> {
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
