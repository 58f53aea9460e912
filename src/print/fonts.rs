//! The fonts a printed document uses: which file plays which role (仿宋, 黑体, 楷体, the title face, the fallback
//! Song face), measuring glyphs, and the per-character fallback that keeps a name like 王喆 from printing as an
//! empty box.
//!
//! Files are read once per [`FontBook`] and kept; glyph metrics come from `ttf-parser` on the same bytes the PDF
//! embeds, so what the layout measures is what the page shows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{Error, Result};

/// The roles of GB/T 9704: body text, the level-1 heading, the level-2 heading, the title and the page
/// number. The order is the order of [`Face::ALL`] and of the fallback chain's last resort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// 仿宋: body text, level 3 and 4 headings, forms.
    Fang,
    /// 黑体: 一、 headings and form labels.
    Hei,
    /// 楷体: （一） headings.
    Kai,
    /// 小标宋 substitute: the title and the issuer's mark.
    Title,
    /// 宋体: page numbers, and the fallback for any character the others lack.
    Song,
    /// 生僻字: the last resort, for the characters of CJK Extensions B–F (𠮷, 𬌗 …) that real names and
    /// place names use and no other shipped font has.
    Rare,
}

impl Face {
    /// The role's short name on the command line.
    pub fn code(self) -> &'static str {
        match self {
            Face::Fang => "fang",
            Face::Hei => "hei",
            Face::Kai => "kai",
            Face::Title => "title",
            Face::Song => "song",
            Face::Rare => "rare",
        }
    }

    /// The code (`fang`), the label, or its first words (`仿宋`, `标题字体`).
    pub fn parse(s: &str) -> Result<Face> {
        let s = s.trim();
        Face::ALL
            .into_iter()
            .find(|f| {
                f.code() == s
                    || f.label() == s
                    || (!s.is_empty() && f.label().split('（').next() == Some(s))
            })
            .ok_or_else(|| {
                Error::invalid(
                    "字体角色",
                    format!("「{s}」不是字体角色：fang 仿宋 / hei 黑体 / kai 楷体 / title 标题 / song 宋体 / rare 生僻字"),
                )
            })
    }

    pub const ALL: [Face; 6] = [
        Face::Fang,
        Face::Hei,
        Face::Kai,
        Face::Title,
        Face::Song,
        Face::Rare,
    ];

    /// The settings key that points this role to an office's own font file.
    pub fn setting_key(self) -> &'static str {
        match self {
            Face::Fang => "font.fang",
            Face::Hei => "font.hei",
            Face::Kai => "font.kai",
            Face::Title => "font.title",
            Face::Song => "font.song",
            Face::Rare => "font.rare",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Face::Fang => "仿宋（正文）",
            Face::Hei => "黑体（一级标题）",
            Face::Kai => "楷体（二级标题）",
            Face::Title => "标题字体（小标宋）",
            Face::Song => "宋体（页码及缺字补字）",
            Face::Rare => "生僻字（扩展B至F区补字）",
        }
    }

    /// The file shipped in `assets/fonts` for this role.
    pub fn builtin_file(self) -> &'static str {
        match self {
            Face::Fang => "FandolFang-Regular.otf",
            Face::Hei => "FandolHei-Regular.otf",
            Face::Kai => "FandolKai-Regular.otf",
            Face::Title => "NotoSerifCJKsc-Bold-GB2312.otf",
            Face::Song => "NotoSerifCJKsc-Regular-subset.otf",
            Face::Rare => "HanaMinB-subset.ttf",
        }
    }

    /// The six-letter tag that names this face's subset in the PDF (`FSFANG+FandolFang-Regular`).
    pub fn pdf_tag(self) -> &'static str {
        match self {
            Face::Fang => "FSFANG",
            Face::Hei => "FSHEIT",
            Face::Kai => "FSKAIT",
            Face::Title => "FSTITL",
            Face::Song => "FSSONG",
            Face::Rare => "FSRARE",
        }
    }

    /// A character every file for this role has: a Chinese one, or for the rare-character role the first of
    /// Extension B.
    fn probe(self) -> char {
        match self {
            Face::Rare => '\u{20000}',
            _ => '中',
        }
    }

    /// Where to look when this face lacks a character: every face falls back to the Song face, and then to
    /// the rare-character face.
    fn chain(self) -> [Face; 3] {
        [self, Face::Song, Face::Rare]
    }
}

/// Which file each role uses: the shipped directory, or an office's own files from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontConfig {
    pub files: BTreeMap<Face, FontSource>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSource {
    pub path: PathBuf,
    /// The face inside a `.ttc` collection.
    pub index: u32,
    /// Whether an office chose this file (as opposed to the shipped one).
    pub custom: bool,
}

impl FontConfig {
    /// The shipped fonts, in `dir`.
    pub fn builtin(dir: &Path) -> FontConfig {
        FontConfig {
            files: Face::ALL
                .iter()
                .map(|&f| {
                    let source = FontSource {
                        path: dir.join(f.builtin_file()),
                        index: 0,
                        custom: false,
                    };
                    (f, source)
                })
                .collect(),
        }
    }

    /// Replaces a role's file with an office's own (`path` or `path#index` for a collection).
    pub fn set_custom(&mut self, face: Face, spec: &str) -> Result<()> {
        let (path, index) = parse_font_spec(spec)?;
        self.files.insert(
            face,
            FontSource {
                path,
                index,
                custom: true,
            },
        );
        Ok(())
    }
}

/// `path` or `path#2` (a face of a `.ttc`).
pub fn parse_font_spec(spec: &str) -> Result<(PathBuf, u32)> {
    let spec = spec.trim();
    if spec.is_empty() {
        return Err(Error::invalid("字体文件", "路径不能为空"));
    }
    match spec.rsplit_once('#') {
        Some((p, i)) if !p.is_empty() && i.chars().all(|c| c.is_ascii_digit()) && !i.is_empty() => {
            let index = i
                .parse()
                .map_err(|_| Error::invalid("字体文件", format!("「{spec}」中的字形序号无效")))?;
            Ok((PathBuf::from(p), index))
        }
        _ => Ok((PathBuf::from(spec), 0)),
    }
}

/// Where the shipped fonts are: `$FASHEN_FONTS`, then `fonts/` or `../share/fashen/fonts/` beside the program,
/// then the source tree's `assets/fonts` (tests and `cargo run`).
pub fn default_font_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("FASHEN_FONTS") {
        return PathBuf::from(dir);
    }
    let probe = Face::Fang.builtin_file();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        for dir in [
            exe_dir.join("fonts"),
            exe_dir.join("../share/fashen/fonts"),
            exe_dir.join("../lib/fashen/fonts"),
        ] {
            if dir.join(probe).is_file() {
                return dir;
            }
        }
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts"))
}

/// Loads one file for `face`, to check an office's choice before it is saved.
/// Both readers must take it: the layout's (metrics, coverage) and the PDF writer's (embedding).
pub fn check_font(face: Face, source: &FontSource) -> Result<()> {
    let font = LoadedFont::load(face, source)?;
    font.parsed().map_err(|_| {
        Error::Print(format!(
            "{}文件 {} 无法嵌入 PDF，请换用其他字体文件",
            face.label(),
            source.path.display()
        ))
    })?;
    Ok(())
}

/// One loaded font file, with the metrics the layout needs.
pub struct LoadedFont {
    pub face: Face,
    pub source: FontSource,
    bytes: Arc<Vec<u8>>,
    units_per_em: f32,
    /// Ascender of the ideographic em box, as a fraction of the em (0.88 for the shipped fonts).
    pub ascent: f32,
    /// The PostScript name, as the PDF names the font.
    pub name: String,
    parsed: OnceLock<std::result::Result<printpdf::ParsedFont, String>>,
}

impl LoadedFont {
    fn load(face: Face, source: &FontSource) -> Result<LoadedFont> {
        let bytes = std::fs::read(&source.path).map_err(|e| {
            Error::Print(format!(
                "无法读取{}文件 {}：{}。请在 设置 → 字体 中改正路径，或恢复使用内置字体",
                face.label(),
                source.path.display(),
                io_reason(&e)
            ))
        })?;
        let bad = |why: String| {
            Error::Print(format!(
                "{}文件 {} 不是可用的字体（{why}）",
                face.label(),
                source.path.display()
            ))
        };
        let parsed =
            ttf_parser::Face::parse(&bytes, source.index).map_err(|e| bad(e.to_string()))?;
        if parsed.glyph_index(face.probe()).is_none() {
            return Err(bad(match face {
                Face::Rare => "不含扩展B区汉字字形".into(),
                _ => "不含中文字形".into(),
            }));
        }
        let units_per_em = f32::from(parsed.units_per_em());
        let ascent = parsed
            .tables()
            .os2
            .map(|o| f32::from(o.typographic_ascender()) / units_per_em)
            .filter(|a| (0.5..=1.2).contains(a))
            .unwrap_or(0.88);
        let name = parsed
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| {
                let file = Path::new(face.builtin_file());
                file.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned()
            });
        Ok(LoadedFont {
            face,
            source: source.clone(),
            bytes: Arc::new(bytes),
            units_per_em,
            ascent,
            name,
            parsed: OnceLock::new(),
        })
    }

    fn ttf(&self) -> ttf_parser::Face<'_> {
        // Parsed once successfully in `load`; the bytes never change afterwards.
        ttf_parser::Face::parse(&self.bytes, self.source.index).unwrap_or_else(|_| unreachable!())
    }

    /// The font as printpdf embeds it, parsed on first use (the preview never needs it).
    pub fn parsed(&self) -> Result<&printpdf::ParsedFont> {
        self.parsed
            .get_or_init(|| {
                let mut warnings = Vec::new();
                printpdf::ParsedFont::from_bytes(
                    &self.bytes,
                    self.source.index as usize,
                    &mut warnings,
                )
                .ok_or_else(|| format!("{} 无法嵌入 PDF", self.source.path.display()))
            })
            .as_ref()
            .map_err(|e| Error::Print(e.clone()))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn units_per_em(&self) -> f32 {
        self.units_per_em
    }

    /// The outline of `c` as SVG path data in font units (y up), for the preview; `None` for a blank glyph.
    pub fn outline_path(&self, c: char) -> Option<String> {
        let ttf = self.ttf();
        let gid = ttf.glyph_index(c)?;
        let mut path = SvgPath(String::new());
        ttf.outline_glyph(gid, &mut path)?;
        Some(path.0)
    }
}

struct SvgPath(String);

impl ttf_parser::OutlineBuilder for SvgPath {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push_str(&format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push_str(&format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push_str(&format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push_str(&format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => e.to_string(),
    }
}

/// The fonts of one configuration, loaded and ready to measure. Cheap to share between documents.
pub struct FontBook {
    fonts: BTreeMap<Face, LoadedFont>,
}

/// A character mapped to the face that will draw it, with its advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    pub face: Face,
    pub advance_em: f32,
}

impl FontBook {
    /// Reads every file of the configuration; a missing or unreadable file is an error naming the role and
    /// the path, so nothing is laid out with a font the office did not choose.
    pub fn load(config: &FontConfig) -> Result<FontBook> {
        let mut fonts = BTreeMap::new();
        for face in Face::ALL {
            let source = config
                .files
                .get(&face)
                .ok_or_else(|| Error::Print(format!("未设置{}文件", face.label())))?;
            fonts.insert(face, LoadedFont::load(face, source)?);
        }
        Ok(FontBook { fonts })
    }

    pub fn font(&self, face: Face) -> &LoadedFont {
        &self.fonts[&face]
    }

    /// Which face draws `c` when `wanted` is asked for, and how wide it is; `None` when no font has it.
    pub fn glyph(&self, wanted: Face, c: char) -> Option<GlyphInfo> {
        for face in wanted.chain() {
            let font = &self.fonts[&face];
            let ttf = font.ttf();
            if let Some(gid) = ttf.glyph_index(c) {
                if gid.0 != 0 {
                    let adv =
                        f32::from(ttf.glyph_hor_advance(gid).unwrap_or(0)) / font.units_per_em;
                    return Some(GlyphInfo {
                        face,
                        advance_em: adv,
                    });
                }
            }
        }
        None
    }

    /// Every character of `text` that no font can draw, in order of first appearance.
    pub fn missing(&self, wanted: Face, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars() {
            if !c.is_whitespace() && self.glyph(wanted, c).is_none() && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

impl FontBook {
    /// The book for `config`, loaded once and shared: the last configuration's fonts stay in memory, so only
    /// the first document after start (or after the office changes its fonts) pays for reading the files.
    /// A failed load is not remembered, so a corrected path works on the next try.
    pub fn shared(config: &FontConfig) -> Result<Arc<FontBook>> {
        static LAST: Mutex<Option<(FontConfig, Arc<FontBook>)>> = Mutex::new(None);
        let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((c, book)) = last.as_ref() {
            if c == config {
                return Ok(book.clone());
            }
        }
        let book = Arc::new(FontBook::load(config)?);
        *last = Some((config.clone(), book.clone()));
        Ok(book)
    }
}
