// @ts-check
// Formatting for display: dates as 2018年2月6日, sizes, registration numbers. Pure functions, no DOM, so
// `node --test ui/tests` checks them directly.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * `2018-02-06` → `2018年2月6日`; anything else is returned as it is (and a non-string as '').
 * @param {unknown} iso
 * @returns {string}
 */
export function fmtDate(iso) {
  if (typeof iso !== 'string') return '';
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return iso;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** @param {number} n */
function pad2(n) {
  return String(n).padStart(2, '0');
}
const CHINA_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An RFC 3339 timestamp → `2026年11月25日 14:05`, in China Standard Time like every date the core computes, so
 * two laptops show a change at the same time whatever zone their clocks are set to.
 * @param {string} rfc3339
 * @returns {string}
 */
export function fmtDateTime(rfc3339) {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return String(rfc3339 ?? '');
  const part = Object.fromEntries(CHINA_TIME.formatToParts(d).map((p) => [p.type, p.value]));
  return `${part.year}年${Number(part.month)}月${Number(part.day)}日 ${part.hour}:${part.minute}`;
}

/**
 * Reads a date as a clerk types it — `2018-02-06`, `2018/2/6`, `2018.2.6` or `2018年2月6日` — and returns
 * `{ iso }` or `{ error }` (in Chinese). The core checks again; this only spares a round trip.
 * @param {unknown} text
 * @returns {{ iso: string, error?: undefined } | { error: string, iso?: undefined }}
 */
export function parseDate(text) {
  const v = String(text ?? '').trim();
  const parts = v
    .replace(/[年月/.]/g, '-')
    .replace(/日$/, '')
    .split('-');
  const bad = { error: `「${v}」不是有效日期，请按 2018-02-06 的格式填写` };
  if (parts.length !== 3 || parts.some((p) => !/^\d+$/.test(p))) return bad;
  const [y, m, d] = parts.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { error: `${y}年${m}月没有${d}日，请检查日期` };
  }
  if (y < 1990 || y > 2099) return { error: `年份 ${y} 超出范围（1990—2099）` };
  return { iso: `${y}-${pad2(m)}-${pad2(d)}` };
}

/**
 * Bytes → `12 KB`, `3.4 MB`.
 * @param {unknown} bytes
 * @returns {string}
 */
export function fmtSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/**
 * A count with thousands grouped the Chinese way: `100000` → `100,000`.
 * @param {number | null | undefined} n
 * @returns {string}
 */
export function fmtCount(n) {
  return Number(n || 0).toLocaleString('zh-CN');
}

/**
 * Page arithmetic of the register: `{ pages, page }` with `page` clamped into range (1-based).
 * @param {unknown} total
 * @param {number} pageSize
 * @param {unknown} page
 * @returns {{ pages: number, page: number }}
 */
export function pageInfo(total, pageSize, page) {
  const pages = Math.max(1, Math.ceil((Number(total) || 0) / pageSize));
  return { pages, page: Math.min(Math.max(1, Math.trunc(Number(page) || 1)), pages) };
}

/**
 * `2026-001` style registration number? (typed into the search box, it opens that case).
 * @param {unknown} text
 * @returns {boolean}
 */
export function looksLikeRegNo(text) {
  return /^\s*\d{4}\s*[-－—]\s*\d{1,4}\s*$/.test(String(text ?? ''));
}

/**
 * A case's registration number `{year, serial}` as the register shows it: `2026-012`.
 * @param {{ year: number, serial: number } | null | undefined} n
 * @returns {string}
 */
export function regNo(n) {
  return n ? `${n.year}-${String(n.serial).padStart(3, '0')}` : '';
}

/**
 * An official letter number `{code, year, serial}` as printed: `徒法审〔2017〕12号`.
 * @param {{ code: string, year: number, serial: number } | null | undefined} n
 * @returns {string}
 */
export function letterNo(n) {
  return n ? `${n.code}〔${n.year}〕${n.serial}号` : '';
}

/**
 * The text with every lone surrogate (half of a character, as a paste or an input method can leave) replaced
 * by U+FFFD, so it crosses to the core as well-formed JSON. `String.prototype.toWellFormed` is too new for
 * the browsers of browser mode.
 * @param {string} text
 */
export function wellFormed(text) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
      } else out += '\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\uFFFD';
    else out += text[i];
  }
  return out;
}

/**
 * A snippet cut at its marks: `[{ text, hit }]` in order. Marks are character offsets (code points, as the
 * core counts), end exclusive; out-of-range or overlapping marks are clipped, never thrown on.
 * @param {string} text
 * @param {Array<[number, number]>} marks
 * @returns {Array<{ text: string, hit: boolean }>}
 */
export function markedPieces(text, marks) {
  const chars = Array.from(text);
  /** @type {Array<{ text: string, hit: boolean }>} */
  const out = [];
  let at = 0;
  for (const [s, e] of marks) {
    const start = Math.max(at, Math.min(s, chars.length));
    const end = Math.max(start, Math.min(e, chars.length));
    if (start > at) out.push({ text: chars.slice(at, start).join(''), hit: false });
    if (end > start) out.push({ text: chars.slice(start, end).join(''), hit: true });
    at = end;
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), hit: false });
  return out;
}
