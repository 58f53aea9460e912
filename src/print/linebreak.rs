//! Where a Chinese line may break: UAX #14 (`unicode-linebreak`) plus the 禁则 table of Word's zh-CN default,
//! which the Unicode rules miss in a few places (`·∶〃～` at a line start, `·．` at a line end).
//!
//! The result is a list of unbreakable units. A closing mark is glued to the character before it and an
//! opening bracket to the character after it, so a line that would start with 。 instead takes the previous
//! character down with it; ——, …… , numbers and Latin words stay whole, and a number keeps the counter word
//! after it (115号, 2018年, 第17条).

/// Characters that must not start a line (避头).
const NO_LINE_START: &str = "!%),.:;?]}¢°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｀｜｝～￠";

/// Characters that must not end a line (避尾).
const NO_LINE_END: &str = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥";

/// Marks written doubled that are one unit on paper.
const NEVER_SPLIT_PAIRS: &str = "—…";

/// Words that stay with the number before them: 2018年, 115号, 第17条, 5000元.
const COUNTERS: &str = "号年月日时条款项章节元万亿个件次倍";

pub fn forbidden_at_line_start(c: char) -> bool {
    NO_LINE_START.contains(c)
}

pub fn forbidden_at_line_end(c: char) -> bool {
    NO_LINE_END.contains(c)
}

/// Byte offsets in `text` before which a line may break (never 0, never `text.len()`).
pub fn break_points(text: &str) -> Vec<usize> {
    unicode_linebreak::linebreaks(text)
        .map(|(at, _)| at)
        .filter(|&at| at > 0 && at < text.len() && allowed(text, at))
        .collect()
}

fn allowed(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    match (before, after) {
        (Some(b), Some(a)) => {
            !(forbidden_at_line_start(a)
                || forbidden_at_line_end(b)
                || (a == b && NEVER_SPLIT_PAIRS.contains(a))
                || (b.is_ascii_digit() && COUNTERS.contains(a)))
        }
        _ => false,
    }
}

/// `text` cut into the pieces between break points.
pub fn units(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for at in break_points(text) {
        out.push(&text[start..at]);
        start = at;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The byte offsets in `text` where one word ends and the next begins, by a dictionary segmenter (jieba's
/// default dictionary of 350 000 words, loaded once, about 0.1 s). A title breaks only there (GB/T 9704
/// 7.3.1): 住房 or 决定 split across two lines reads as two other words.
pub fn word_boundaries(text: &str) -> std::collections::HashSet<usize> {
    static JIEBA: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
    let jieba = JIEBA.get_or_init(jieba_rs::Jieba::new);
    jieba.cut(text, true).iter().map(|t| t.byte_end).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_marks_stay_with_the_character_before_them() {
        assert_eq!(units("审查。结论"), vec!["审", "查。", "结", "论"]);
        assert_eq!(units("甲，乙、丙；"), vec!["甲，", "乙、", "丙；"]);
        // The override table: ∶ and ～ may not start a line even though UAX #14 allows it.
        assert_eq!(units("第1∶2"), vec!["第", "1∶2"]);
        assert_eq!(units("甲～乙"), vec!["甲～", "乙"]);
    }

    #[test]
    fn opening_brackets_stay_with_the_character_after_them() {
        assert_eq!(
            units("依据《立法法》"),
            vec!["依", "据", "《立", "法", "法》"]
        );
        assert_eq!(units("甲（乙）"), vec!["甲", "（乙）"]);
        assert_eq!(units("甲·乙"), vec!["甲·乙"]);
    }

    #[test]
    fn dashes_ellipses_numbers_and_latin_words_are_never_split() {
        assert_eq!(units("甲——乙"), vec!["甲", "——", "乙"]);
        // An ellipsis neither splits nor starts a line: it goes down with the character before it.
        assert!(units("等等……其他").contains(&"等……"));
        assert!(
            units("罚款20000元").contains(&"20000元"),
            "a number keeps its counter word"
        );
        assert!(units("国办发〔2018〕115号").contains(&"115号"));
        assert!(units("依照GB/T 9704—2012")
            .iter()
            .any(|u| u.starts_with("9704")));
        assert!(units("见PDF文件").contains(&"PDF"));
    }
}
