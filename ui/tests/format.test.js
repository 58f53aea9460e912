import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fmtDate,
  fmtDateTime,
  parseDate,
  fmtSize,
  pageInfo,
  looksLikeRegNo,
  letterNo,
  regNo,
  wellFormed,
  markedPieces,
} from '../format.js';

test('dates show the Chinese way without leading zeros', () => {
  assert.equal(fmtDate('2018-02-06'), '2018年2月6日');
  assert.equal(fmtDate('2026-11-25'), '2026年11月25日');
  assert.equal(fmtDate('2018年2月6日'), '2018年2月6日', 'an already formatted date is left alone');
  assert.equal(fmtDate(null), '');
});

test('a clerk may type a date in any of the usual ways', () => {
  for (const typed of ['2018-02-06', '2018/2/6', '2018.2.6', '2018年2月6日', ' 2018-2-6 ']) {
    assert.deepEqual(parseDate(typed), { iso: '2018-02-06' }, typed);
  }
});

test('impossible and out-of-range dates are refused with the core message', () => {
  assert.equal(parseDate('2017-02-30').error, '2017年2月没有30日，请检查日期');
  assert.equal(parseDate('2018-13-01').error, '2018年13月没有1日，请检查日期');
  assert.match(parseDate('1900-01-01').error, /超出范围/);
  assert.match(parseDate('明天').error, /不是有效日期/);
  assert.match(parseDate('2018-02').error, /不是有效日期/);
});

test('sizes are readable', () => {
  assert.equal(fmtSize(512), '512 B');
  assert.equal(fmtSize(20 * 1024), '20 KB');
  assert.equal(fmtSize(3.5 * 1024 * 1024), '3.5 MB');
});

test('register paging clamps the page into range', () => {
  assert.deepEqual(pageInfo(0, 50, 1), { pages: 1, page: 1 });
  assert.deepEqual(pageInfo(100000, 50, 2001), { pages: 2000, page: 2000 });
  assert.deepEqual(pageInfo(101, 50, 0), { pages: 3, page: 1 });
});

test('a registration number typed into search is recognised', () => {
  assert.ok(looksLikeRegNo('2026-001'));
  assert.ok(looksLikeRegNo(' 2026 - 12 '));
  assert.ok(!looksLikeRegNo('合同'));
  assert.ok(!looksLikeRegNo('2026'));
});

test('a registration number reads as the register shows it, never as an object', () => {
  assert.equal(regNo({ year: 2026, serial: 12 }), '2026-012');
  assert.equal(regNo({ year: 2026, serial: 1234 }), '2026-1234');
  assert.equal(regNo(null), '');
});

test('letter numbers print with the hexagonal brackets of official documents', () => {
  assert.equal(letterNo({ code: '徒法审', year: 2017, serial: 12 }), '徒法审〔2017〕12号');
  assert.equal(letterNo(null), '');
});

test('times of changes show in China Standard Time, whatever the laptop zone', () => {
  assert.equal(fmtDateTime('2026-11-25T16:09:00Z'), '2026年11月26日 00:09');
  assert.equal(fmtDateTime('2026-01-05T01:30:00+00:00'), '2026年1月5日 09:30');
  assert.equal(fmtDateTime('不是时间'), '不是时间');
});

test('a lone surrogate becomes U+FFFD; whole characters stay', () => {
  assert.equal(wellFormed('合同'), '合同');
  assert.equal(wellFormed('𠀀费'), '𠀀费');
  assert.equal(wellFormed('a\uD800b'), 'a\uFFFDb');
  assert.equal(wellFormed('\uDC00'), '\uFFFD');
  assert.equal(wellFormed('\uD83D'), '\uFFFD');
  // What comes out is valid JSON text for the core.
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(wellFormed('x\uDBFF'))));
});

test('a snippet is cut at its marks, counted in characters as the core counts them', () => {
  assert.deepEqual(markedPieces('关于合同的意见', [[2, 4]]), [
    { text: '关于', hit: false },
    { text: '合同', hit: true },
    { text: '的意见', hit: false },
  ]);
  // A character outside the Basic Multilingual Plane counts once.
  assert.deepEqual(markedPieces('𠀀合同', [[1, 3]]), [
    { text: '𠀀', hit: false },
    { text: '合同', hit: true },
  ]);
  // Marks out of range or overlapping are clipped, never thrown on.
  assert.deepEqual(
    markedPieces('合同', [
      [1, 9],
      [0, 1],
    ]),
    [
      { text: '合', hit: false },
      { text: '同', hit: true },
    ],
  );
  assert.deepEqual(markedPieces('<img src=x onerror=alert(1)>', [[0, 4]]), [
    { text: '<img', hit: true },
    { text: ' src=x onerror=alert(1)>', hit: false },
  ]);
});
