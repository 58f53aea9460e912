// @ts-check
// Checks a form field as it is typed, with the same rules and the same Chinese messages as the core
// (src/model/validate.rs), so a clerk sees the problem before saving. The core checks again on save and its
// answer is the one that counts. Pure functions over a field description from `case_form`.

import { parseDate } from './format.js';

/** A field as `case_form` describes it. */
/** @typedef {{ code: string, label: string, input: string, max_chars?: number | null, required?: boolean }} Field */

/**
 * Characters as the core counts them (Unicode scalar values, not UTF-16 units).
 * @param {unknown} text
 * @returns {number}
 */
export function charCount(text) {
  return [...String(text ?? '')].length;
}

/** @param {string} text @param {boolean} multiline */
function hasControl(text, multiline) {
  for (const ch of String(text)) {
    const c = ch.codePointAt(0);
    const control = c < 0x20 || (c >= 0x7f && c < 0xa0);
    if (control && !(multiline && (ch === '\n' || ch === '\t'))) return true;
  }
  return false;
}

/** @param {string} v @returns {string | null} */
function checkAmount(v) {
  const s = v.replace(/[,， ]/g, '');
  const digits = s.endsWith('万') ? s.slice(0, -1) : s.replace(/元$/, '');
  const [whole, frac = ''] = digits.split('.', 2);
  const ok = /^\d{1,13}$/.test(whole) && /^\d*$/.test(frac) && digits.split('.').length <= 2;
  if (!ok) return `「${v}」不是有效金额（元），例如 1200000 或 120万`;
  const fenDigits = s.endsWith('万') ? 6 : 2;
  if (frac.replace(/0+$/, '').length > fenDigits) return '金额最小单位为分';
  return null;
}

/**
 * The problem with `value` for `field` (`{ code, label, input, max_chars, required }`), as the message the
 * form shows under the input, or `null` when it is fine. Messages start with the label, as the core's do.
 * @param {Field} field
 * @param {unknown} value
 * @returns {string | null}
 */
export function fieldProblem(field, value) {
  const raw = String(value ?? '');
  const v = raw.trim();
  const problem = (/** @type {string} */ reason) => `${field.label}：${reason}`;
  if (v === '') return field.required ? problem('不能为空') : null;
  switch (field.input) {
    case 'text':
    case 'long_text': {
      const n = charCount(v);
      if (field.max_chars && n > field.max_chars) {
        return problem(`不能超过 ${field.max_chars} 个字（现为 ${n} 个字）`);
      }
      if (hasControl(v, field.input === 'long_text')) return problem('含有不可见的控制字符，请删除后重试');
      return null;
    }
    case 'date': {
      const d = parseDate(v);
      return d.error ? problem(d.error) : null;
    }
    case 'amount': {
      const e = checkAmount(v);
      return e ? problem(e) : null;
    }
    case 'year': {
      const y = v.replace(/年$/, '');
      return /^\d{4}$/.test(y) && Number(y) >= 1990 && Number(y) <= 2099 ? null : problem(`「${v}」不是有效年份`);
    }
    case 'number':
      return /^\d{1,3}$/.test(v) && Number(v) >= 1 ? null : problem(`「${v}」应为 1—999 的序号`);
    default:
      return null;
  }
}

/**
 * Every problem of a whole form: `[{ code, message }]`, in form order.
 * @param {Field[]} fields
 * @param {Record<string, unknown>} values
 * @returns {Array<{ code: string, message: string }>}
 */
export function formProblems(fields, values) {
  return fields
    .map((f) => ({ code: f.code, message: fieldProblem(f, values[f.code]) }))
    .filter((p) => p.message !== null);
}
