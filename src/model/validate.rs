//! Field validation shared by every entity: text, dates, amounts. Messages are in Chinese and name the field.

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};

/// Dates outside these years are typing mistakes (1900, 9999), not records of a district office.
pub const MIN_YEAR: i32 = 1990;
pub const MAX_YEAR: i32 = 2099;

/// The highest serial of a registration number or an official number in one year. Numbers run per year and
/// no office issues a hundred thousand in one; a larger one is a typing mistake, and a bound keeps every
/// derived number (the next one is the highest plus one) in range.
pub const MAX_SERIAL: u32 = 99_999;

/// A serial number of a registration or official number: 1 to [`MAX_SERIAL`].
pub fn serial(field: &'static str, n: u32) -> Result<u32> {
    if (1..=MAX_SERIAL).contains(&n) {
        Ok(n)
    } else {
        Err(Error::invalid(
            field,
            format!("序号应为 1—{MAX_SERIAL}（现为 {n}）"),
        ))
    }
}

/// The serial after `highest` in a year, or a refusal when the year's numbers are used up.
pub fn next_serial(what: &'static str, year: i32, highest: Option<i64>) -> Result<u32> {
    let next = highest.unwrap_or(0).saturating_add(1);
    u32::try_from(next)
        .ok()
        .filter(|n| *n <= MAX_SERIAL)
        .ok_or_else(|| {
            Error::Refused(format!(
                "{year} 年的{what}已用到 {MAX_SERIAL} 号，无法再自动编号；请核对是否误填了过大的编号"
            ))
        })
}

/// A required single-line text: trimmed, non-empty, at most `max` characters, no control characters.
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "不能为空"));
    }
    checked_text(field, v, max, false)
}

/// An optional text: empty means "not set".
pub fn optional_text(field: &'static str, value: &str, max: usize) -> Result<Option<String>> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    checked_text(field, v, max, false).map(Some)
}

/// A multi-line text (letter paragraphs, notes): newlines allowed, other control characters not.
pub fn long_text(field: &'static str, value: &str, max: usize) -> Result<String> {
    checked_text(field, value.trim(), max, true)
}

fn checked_text(field: &'static str, v: &str, max: usize, multiline: bool) -> Result<String> {
    let n = v.chars().count();
    if n > max {
        return Err(Error::invalid(
            field,
            format!("不能超过 {max} 个字（现为 {n} 个字）"),
        ));
    }
    if v.chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
    {
        return Err(Error::invalid(field, "含有不可见的控制字符，请删除后重试"));
    }
    // Invisible format characters: the bidirectional overrides and isolates reorder what a reader sees
    // (U+202E makes 合同.exe read as exe.同合), a byte-order mark or a zero-width character makes two equal-looking
    // names differ.
    if v.chars().any(|c| {
        matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
    }) {
        return Err(Error::invalid(
            field,
            "含有不可见的格式字符（如文字方向控制符、零宽字符），请删除后重试",
        ));
    }
    // Emoji: no office font has them, so a letter, form or register with one cannot be printed (an export would
    // stop on it, naming the character). Characters of every CJK extension print (the shipped rare-character
    // face), and the private use area is left to an office's own fonts (造字).
    if let Some(c) = v
        .chars()
        .find(|&c| matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}'))
    {
        let shown = if c == '\u{FE0F}' {
            "表情符号".to_string()
        } else {
            format!("表情符号「{c}」")
        };
        return Err(Error::invalid(
            field,
            format!("含有{shown}，无法打印，请删除后重试"),
        ));
    }
    Ok(v.to_string())
}

/// Parses `2018-02-06`, `2018/2/6` or `2018年2月6日`. Impossible dates (2017-02-30) and far-off years are refused.
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate> {
    let v = value.trim();
    let normalized: String = v
        .replace(['年', '月', '/', '.'], "-")
        .trim_end_matches('日')
        .to_string();
    let parts: Vec<&str> = normalized.split('-').collect();
    let bad = || {
        Error::invalid(
            field,
            format!("「{v}」不是有效日期，请按 2018-02-06 的格式填写"),
        )
    };
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (y, m, d) = (
        parts[0].parse::<i32>().map_err(|_| bad())?,
        parts[1].parse::<u32>().map_err(|_| bad())?,
        parts[2].parse::<u32>().map_err(|_| bad())?,
    );
    let date = NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Error::invalid(field, format!("{y}年{m}月没有{d}日，请检查日期")))?;
    in_range(field, date)
}

/// Refuses dates outside [`MIN_YEAR`]..=[`MAX_YEAR`].
pub fn in_range(field: &'static str, date: NaiveDate) -> Result<NaiveDate> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(Error::invalid(
            field,
            format!(
                "年份 {} 超出可登记范围（{MIN_YEAR}—{MAX_YEAR} 年）",
                date.year()
            ),
        ))
    }
}

pub fn optional_date(field: &'static str, value: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        date(field, value).map(Some)
    }
}

/// `later` may not be before `earlier`.
pub fn not_before(
    field: &'static str,
    later: Option<NaiveDate>,
    earlier_label: &str,
    earlier: Option<NaiveDate>,
) -> Result<()> {
    match (later, earlier) {
        (Some(l), Some(e)) if l < e => Err(Error::invalid(
            field,
            format!(
                "{} 早于{earlier_label}（{}），请检查",
                fmt_date(l),
                fmt_date(e)
            ),
        )),
        _ => Ok(()),
    }
}

/// Parses a yes/no answer: 是/否, true/false, y/n, 1/0.
pub fn flag(field: &'static str, value: &str) -> Result<bool> {
    match value.trim().to_lowercase().as_str() {
        "是" | "true" | "yes" | "y" | "1" => Ok(true),
        "否" | "false" | "no" | "n" | "0" | "" => Ok(false),
        other => Err(Error::invalid(
            field,
            format!("「{other}」应为「是」或「否」"),
        )),
    }
}

/// Parses an amount in yuan (`1200000`, `1,200,000.50`, `120万`) into fen (分), the stored integer unit.
pub fn amount_fen(field: &'static str, value: &str) -> Result<Option<i64>> {
    let v = value.trim().replace([',', '，', ' '], "");
    if v.is_empty() {
        return Ok(None);
    }
    let bad = || {
        Error::invalid(
            field,
            format!("「{value}」不是有效金额（元），例如 1200000 或 120万"),
        )
    };
    let (digits, factor) = match v.strip_suffix('万') {
        Some(d) => (d.to_string(), 10_000i64),
        None => (v.trim_end_matches('元').to_string(), 1),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((&digits, ""));
    if int_part.is_empty()
        || !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || int_part.len() > 13
    {
        return Err(bad());
    }
    // Exact decimal arithmetic: yuan × factor, then fen; fractions beyond what a fen can hold are refused.
    let scale = 10i64.pow(frac_part.len() as u32);
    let whole: i64 = int_part.parse().map_err(|_| bad())?;
    let frac: i64 = if frac_part.is_empty() {
        0
    } else {
        frac_part.parse().map_err(|_| bad())?
    };
    let numerator = (whole * scale + frac) * factor * 100;
    if numerator % scale != 0 {
        return Err(Error::invalid(field, "金额最小单位为分"));
    }
    Ok(Some(numerator / scale))
}

/// `2018年2月6日`, the way dates are shown to users (DESIGN.md §1).
pub fn fmt_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Chinese numerals for headings and ordinals: 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (100 and up in digits).
pub fn cn_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[n / 10],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[n % 10]
            }
        ),
        _ => n.to_string(),
    }
}

/// `1,200,000.50 元`.
pub fn fmt_amount(fen: i64) -> String {
    let yuan = fen / 100;
    let cents = (fen % 100).abs();
    let digits = yuan.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if fen < 0 { "-" } else { "" };
    if cents == 0 {
        format!("{sign}{grouped} 元")
    } else {
        format!("{sign}{grouped}.{cents:02} 元")
    }
}

/// An amount as offices write it on forms and in registers: whole hundred-millions in 亿元 (1.85亿元),
/// whole ten-thousands in 万元 (15万元, 64.5万元), anything else in 元 without grouping (8350元, 1234.56元).
/// The unit is written once.
pub fn fmt_amount_words(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let fen = fen.unsigned_abs();
    let (yuan, cents) = (fen / 100, fen % 100);
    if cents == 0 && yuan >= 100_000_000 && yuan % 1_000_000 == 0 {
        let yi = format!(
            "{}.{:02}",
            yuan / 100_000_000,
            yuan % 100_000_000 / 1_000_000
        );
        let yi = yi.trim_end_matches('0').trim_end_matches('.');
        return format!("{sign}{yi}亿元");
    }
    if cents == 0 && yuan >= 10_000 && yuan % 100 == 0 {
        let wan = format!("{}.{:02}", yuan / 10_000, yuan % 10_000 / 100);
        let wan = wan.trim_end_matches('0').trim_end_matches('.');
        return format!("{sign}{wan}万元");
    }
    if cents == 0 {
        format!("{sign}{yuan}元")
    } else {
        format!("{sign}{yuan}.{cents:02}元")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_as_headings_write_them() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
            (100, "100"),
        ];
        for (n, want) in cases {
            assert_eq!(cn_numeral(n), want);
        }
    }

    #[test]
    fn impossible_and_far_off_dates_are_refused_with_the_field_named() {
        let err = date("收文日期", "2017-02-30").unwrap_err().to_string();
        assert!(
            err.starts_with("收文日期：") && err.contains("2017年2月没有30日"),
            "{err}"
        );
        assert!(date("收文日期", "1900-01-01")
            .unwrap_err()
            .to_string()
            .contains("超出"));
        assert!(date("收文日期", "9999-12-31").is_err());
        assert!(date("收文日期", "2018-2").is_err());
        assert!(date("收文日期", "明天").is_err());
    }

    #[test]
    fn dates_are_read_in_the_forms_clerks_type() {
        let d = NaiveDate::from_ymd_opt(2018, 2, 6).unwrap();
        for s in [
            "2018-02-06",
            "2018-2-6",
            "2018/2/6",
            "2018年2月6日",
            " 2018.02.06 ",
        ] {
            assert_eq!(date("日期", s).unwrap(), d, "{s}");
        }
        assert_eq!(fmt_date(d), "2018年2月6日");
    }

    #[test]
    fn amounts_are_exact_in_fen() {
        assert_eq!(
            amount_fen("金额", "1,200,000.50").unwrap(),
            Some(120_000_050)
        );
        assert_eq!(amount_fen("金额", "120万").unwrap(), Some(120_000_000));
        assert_eq!(amount_fen("金额", "0.015万").unwrap(), Some(15_000));
        assert_eq!(amount_fen("金额", "").unwrap(), None);
        assert!(amount_fen("金额", "1.234").is_err());
        assert!(amount_fen("金额", "-5").is_err());
        assert!(amount_fen("金额", "abc").is_err());
        assert_eq!(fmt_amount(120_000_050), "1,200,000.50 元");
        assert_eq!(fmt_amount(500), "5 元");
    }

    #[test]
    fn text_limits_count_characters_not_bytes() {
        assert!(required_text("标题", &"审".repeat(200), 200).is_ok());
        let err = required_text("标题", &"审".repeat(201), 200)
            .unwrap_err()
            .to_string();
        assert!(err.contains("不能超过 200 个字"), "{err}");
        assert!(required_text("标题", "   ", 200)
            .unwrap_err()
            .to_string()
            .contains("不能为空"));
        assert!(required_text("标题", "a\u{7}b", 200).is_err());
        let err = required_text("标题", "同意签订😀", 200)
            .unwrap_err()
            .to_string();
        assert!(err.contains("表情符号「😀」"), "{err}");
        assert!(long_text("正文", "第一段\u{2764}\u{FE0F}", 100).is_err());
        assert!(
            required_text("姓名", "王𠮷", 30).is_ok(),
            "Extension B prints"
        );
        assert!(long_text("正文", "第一段\n第二段", 100).is_ok());
    }
}
