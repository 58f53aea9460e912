//! Search by any words (issue 19), the pure part: how text is folded, which terms a text gives the index,
//! how a person's words are read, and where a hit is shown. The SQL is `store::search`.
//!
//! **Substring semantics.** A word matches a text that contains it, after both are folded ([`fold`]: full-width
//! forms to ASCII, letters to lower case, every space or control character to one space). `审查` finds
//! `合法性审查`, `2018` finds `〔2018〕`, `费` finds `收费`. The index never decides a match by itself where it
//! could be wrong: it gives candidates, and a candidate of three or more characters is confirmed against the
//! stored text (`store::search`), so the results are exactly a substring scan's.
//!
//! **The index.** Every character of a text gives one term: the pair it starts (a *bigram*, `合同`), or for a
//! text's last character the character and an end mark. So a two-character word is one term; a longer word is
//! the intersection of its pairs, then confirmed; and a one-character word is every term that starts with it —
//! one contiguous range of term keys, because the first character is the key's high part. A term is recorded
//! per *rank* (where in a record it occurs: the headline, the rest of the record, a letter or filing, an
//! attachment), so headline hits can be ranked first without reading any text.

pub mod extract;
pub mod place;

use std::collections::BTreeSet;

/// How a text is compared: one character for one character, so offsets in the folded text are offsets in the
/// original and a hit can be highlighted where it is.
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => fold(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        c if c.is_whitespace() || c.is_control() => ' ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// A text folded ([`fold`]), as characters.
pub fn folded(text: &str) -> Vec<char> {
    text.chars().map(fold).collect()
}

/// Where in its record a part of the text is, from the most telling to the least: the order results are
/// ranked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// A case's title and numbers; a unit's, person's or clause's whole text.
    Headline = 0,
    /// A case's other fields.
    Record = 1,
    /// A case's letters and filings.
    Related = 2,
    /// A case's attachments.
    Attached = 3,
}

impl Rank {
    pub const ALL: [Rank; 4] = [Rank::Headline, Rank::Record, Rank::Related, Rank::Attached];

    pub fn from_index(i: u64) -> Rank {
        Rank::ALL[(i & 3) as usize]
    }

    /// The part of a group's text ([`Section`]) this rank lives in.
    pub fn section(self) -> Section {
        match self {
            Rank::Headline | Rank::Record => Section::Own,
            Rank::Related => Section::Related,
            Rank::Attached => Section::Attached,
        }
    }
}

/// What a result is grouped by is a *group*: a case with everything that belongs to it, or a record that
/// belongs to no case (a unit, a person, a clause). A group's text is kept in up to three sections, each
/// rebuilt whole when one of its records changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The group's own record.
    Own = 0,
    /// A case's letters and filings.
    Related = 1,
    /// A case's attachments.
    Attached = 2,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Own, Section::Related, Section::Attached];

    pub fn from_index(i: i64) -> Option<Section> {
        Section::ALL.get(usize::try_from(i).ok()?).copied()
    }
}

/// One searchable piece of a record: its rank, where it is (a [`place`] code), and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub rank: Rank,
    pub place: String,
    pub text: String,
}

/// Joins the parts of a section for storage: the separator is a control character, which [`fold`] turns into
/// a space everywhere else, so it can only ever mean "next part".
pub const SEPARATOR: char = '\u{1F}';

/// The end mark a text's last character is paired with.
const END: u64 = 0;

/// The index key of the term `first` + `second` (or the end mark) at `rank`: the first character is the high
/// part, so every term starting with one character is one range of keys ([`first_char_range`]).
pub fn term_key(first: char, second: Option<char>, rank: Rank) -> i64 {
    let second = second.map_or(END, |c| c as u64);
    ((((first as u64) + 1) << 21 | second) << 2 | rank as u64) as i64
}

/// The keys of every term starting with `c`, at every rank: `lo..=hi`.
pub fn first_char_range(c: char) -> (i64, i64) {
    let lo = term_key(c, None, Rank::Headline);
    let hi = ((((c as u64) + 2) << 23) - 1) as i64;
    (lo, hi)
}

/// The rank a key was recorded at.
pub fn key_rank(key: i64) -> Rank {
    Rank::from_index(key as u64)
}

/// The distinct terms of a section's parts, as keys, in order.
pub fn terms(parts: &[Part]) -> Vec<i64> {
    let mut out = Vec::new();
    for p in parts {
        let chars = folded(&p.text);
        for (i, &c) in chars.iter().enumerate() {
            out.push(term_key(c, chars.get(i + 1).copied(), p.rank));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The keys in `a` and not in `b`, both in order (as [`terms`] gives them).
pub fn only_in<'a>(a: &'a [i64], b: &'a [i64]) -> impl Iterator<Item = i64> + 'a {
    let mut j = 0;
    a.iter().copied().filter(move |&x| {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        j >= b.len() || b[j] != x
    })
}

/// The keys a word of two or more characters needs at `rank` (its distinct pairs), at most `limit` of them
/// spread over the word: any subset still finds every text that contains the word, and the confirmation
/// against the text does the rest.
pub fn word_keys(word: &[char], rank: Rank, limit: usize) -> Vec<i64> {
    let mut keys: Vec<i64> = word
        .windows(2)
        .map(|w| term_key(w[0], Some(w[1]), rank))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if keys.len() > limit {
        let step = keys.len() as f64 / limit as f64;
        keys = (0..limit)
            .map(|i| keys[(i as f64 * step) as usize])
            .collect();
    }
    keys
}

/// Whether `haystack` (folded) contains `needle` (folded); and where, as character offsets.
pub fn find(haystack: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| haystack[i..i + needle.len()] == *needle)
}

/// What a person typed, read: the words every result must contain and the words none may.
///
/// Words are separated by spaces; `"…"` (or `“…”`) keeps a phrase, spaces and all; a word or phrase with a
/// leading `-` excludes. Nothing else is an operator: `AND`, `OR`, `*`, `(`, `:` and the rest are looked for
/// as they are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub must: Vec<Vec<char>>,
    pub not: Vec<Vec<char>>,
}

/// Words longer than this are cut: no field holds more (the longest, a section of a letter, is a few thousand
/// characters) and a query of ten thousand characters must still answer at once.
pub const MAX_WORD: usize = 200;
/// At most this many words are looked for; the rest of a pasted paragraph is ignored.
pub const MAX_WORDS: usize = 16;

impl Query {
    /// Whether the folded text `text` has every word and no excluded one (what the index answers, for one text).
    pub fn matches(&self, text: &[char]) -> bool {
        let has = |w: &Vec<char>| find(text, w, 0).is_some();
        self.must.iter().all(has) && !self.not.iter().any(has)
    }

    pub fn parse(raw: &str) -> Query {
        let chars = folded(raw);
        let mut q = Query::default();
        let mut i = 0;
        let is_quote = |c: char| matches!(c, '"' | '“' | '”');
        while i < chars.len() {
            if chars[i] == ' ' {
                i += 1;
                continue;
            }
            let exclude = chars[i] == '-' && chars.get(i + 1).is_some_and(|&c| c != ' ');
            if exclude {
                i += 1;
            }
            let word: Vec<char> = if is_quote(chars[i]) {
                let start = i + 1;
                let end = (start..chars.len())
                    .find(|&j| is_quote(chars[j]))
                    .unwrap_or(chars.len());
                i = end + 1;
                trim(&chars[start..end.min(chars.len())])
            } else {
                let start = i;
                while i < chars.len() && chars[i] != ' ' && !is_quote(chars[i]) {
                    i += 1;
                }
                chars[start..i].to_vec()
            };
            if word.is_empty() {
                continue;
            }
            let word: Vec<char> = word.into_iter().take(MAX_WORD).collect();
            let room = q.must.len() + q.not.len() < MAX_WORDS;
            let list = if exclude { &mut q.not } else { &mut q.must };
            if room && !list.contains(&word) {
                list.push(word);
            }
        }
        q
    }

    pub fn is_empty(&self) -> bool {
        self.must.is_empty()
    }

    /// The words as a person would read them back (the CLI's and the UI's "查找…").
    pub fn words(&self) -> Vec<String> {
        self.must.iter().map(|w| w.iter().collect()).collect()
    }
}

fn trim(chars: &[char]) -> Vec<char> {
    let start = chars.iter().position(|&c| c != ' ').unwrap_or(chars.len());
    let end = chars
        .iter()
        .rposition(|&c| c != ' ')
        .map_or(start, |e| e + 1);
    chars[start..end].to_vec()
}

/// A piece of text around a hit, with the hits in it marked: `[start, end)` character offsets into `text`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    pub marks: Vec<(usize, usize)>,
}

/// How much text a snippet shows around its first hit.
const BEFORE: usize = 16;
const WIDTH: usize = 72;

/// The snippet of `text` around the first of `words` it contains, every word marked; `None` if it contains
/// none.
pub fn snippet(text: &str, words: &[Vec<char>]) -> Option<Snippet> {
    let original: Vec<char> = text.chars().collect();
    let hay = folded(text);
    let first = words.iter().filter_map(|w| find(&hay, w, 0)).min()?;
    // Wide enough for the longest word with some text either side.
    let width = WIDTH.max(words.iter().map(Vec::len).max().unwrap_or(0) + 2 * BEFORE);
    let start = first.saturating_sub(BEFORE);
    let end = (start + width).min(hay.len());
    let start = end.saturating_sub(width).min(start);
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for w in words {
        let mut from = start;
        while let Some(at) = find(&hay[..end], w, from) {
            marks.push((at, at + w.len()));
            from = at + w.len().max(1);
        }
    }
    marks.sort_unstable();
    // Overlapping hits (`合同` and `同意` in `合同意见`) are shown as one.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in marks {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < original.len() { "…" } else { "" };
    let shift = lead.chars().count();
    let body: String = original[start..end]
        .iter()
        .map(|&c| if c.is_control() { ' ' } else { c })
        .collect();
    Some(Snippet {
        text: format!("{lead}{body}{tail}"),
        marks: merged
            .into_iter()
            .map(|(s, e)| (s - start + shift, e - start + shift))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &str) -> (Vec<String>, Vec<String>) {
        let q = Query::parse(q);
        let s = |l: &Vec<Vec<char>>| l.iter().map(|w| w.iter().collect()).collect();
        (s(&q.must), s(&q.not))
    }

    #[test]
    fn folding_keeps_one_character_for_one() {
        let text = "ＡＢＣ　合同（２０１８）Ä\u{1F}\t";
        let f: String = folded(text).into_iter().collect();
        assert_eq!(f, "abc 合同(2018)ä  ");
        assert_eq!(folded(text).len(), text.chars().count());
        // A character whose lower case is longer stays as it is.
        assert_eq!(fold('İ'), 'İ');
    }

    #[test]
    fn a_query_reads_words_phrases_and_exclusions_and_nothing_else() {
        assert_eq!(
            words("合同  备案"),
            (vec!["合同".into(), "备案".into()], vec![])
        );
        assert_eq!(
            words("\"履约 保证金\" -住建"),
            (vec!["履约 保证金".into()], vec!["住建".into()])
        );
        assert_eq!(words("“行政许可”"), (vec!["行政许可".into()], vec![]));
        // Operators of other search engines are words like any other.
        assert_eq!(
            words("a AND b OR (c) NEAR d* ^e :f"),
            (
                ["a", "and", "b", "or", "(c)", "near", "d*", "^e", ":f"]
                    .map(String::from)
                    .to_vec(),
                vec![]
            )
        );
        // A lone dash, an unclosed quote, empty quotes.
        assert_eq!(
            words("- \"未闭合"),
            (vec!["-".into(), "未闭合".into()], vec![])
        );
        assert_eq!(words("\"\" -\"\""), (vec![], vec![]));
        assert!(Query::parse("   ").is_empty());
        // A pasted paragraph is cut, never refused.
        let long = "字".repeat(10_000);
        let q = Query::parse(&long);
        assert_eq!(q.must[0].len(), MAX_WORD);
        let many: String = (0..100).map(|i| format!("词{i} ")).collect();
        assert_eq!(Query::parse(&many).must.len(), MAX_WORDS);
    }

    #[test]
    fn every_character_gives_one_term_and_one_character_words_find_them_all() {
        let parts = [Part {
            rank: Rank::Record,
            place: "note".into(),
            text: "收费".into(),
        }];
        let t = terms(&parts);
        assert_eq!(t.len(), 2);
        assert_eq!(only_in(&t, &t[..1]).collect::<Vec<_>>(), t[1..].to_vec());
        assert_eq!(only_in(&t, &[]).count(), 2);
        assert!(t.contains(&term_key('收', Some('费'), Rank::Record)));
        assert!(t.contains(&term_key('费', None, Rank::Record)));
        let (lo, hi) = first_char_range('费');
        assert!(t.iter().filter(|k| (lo..=hi).contains(k)).count() == 1);
        let (lo, hi) = first_char_range('收');
        assert!(t
            .iter()
            .all(|k| !(lo..=hi).contains(k) || key_rank(*k) == Rank::Record));
        // The ranges of neighbouring characters do not overlap.
        let a = first_char_range('a');
        let b = first_char_range('b');
        assert!(a.1 < b.0);
        assert_eq!(
            key_rank(term_key('a', Some('z'), Rank::Attached)),
            Rank::Attached
        );
    }

    #[test]
    fn a_snippet_marks_every_hit_in_the_original_text() {
        let s = snippet(
            "关于《合同法》的ＡＢＣ意见",
            &[folded("abc"), folded("合同")],
        )
        .unwrap();
        assert_eq!(s.text, "关于《合同法》的ＡＢＣ意见");
        assert_eq!(s.marks, vec![(3, 5), (8, 11)]);
        let long = format!("{}目标{}", "甲".repeat(100), "乙".repeat(100));
        let s = snippet(&long, &[folded("目标")]).unwrap();
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        let (a, b) = s.marks[0];
        let marked: String = s.text.chars().skip(a).take(b - a).collect();
        assert_eq!(marked, "目标");
        assert!(snippet("无关", &[folded("目标")]).is_none());
    }
}
