import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldProblem, formProblems, charCount } from '../validate.js';

const title = { code: 'title', label: '事项名称', input: 'text', max_chars: 200, required: true };
const note = { code: 'note', label: '备注', input: 'long_text', max_chars: 2000, required: false };
const received = { code: 'received', label: '收文日期', input: 'date', required: false };
const amount = { code: 'amount', label: '合同金额', input: 'amount', required: false };
const item = { code: 'catalogue_item', label: '目录序号', input: 'number', required: false };

test('a required field left empty says so, as the core does', () => {
  assert.equal(fieldProblem(title, '   '), '事项名称：不能为空');
  assert.equal(fieldProblem(note, ''), null, 'an optional field may stay empty');
});

test('length is counted in characters, not UTF-16 units', () => {
  assert.equal(charCount('𠀀合同'), 3);
  assert.equal(fieldProblem(title, '审'.repeat(200)), null);
  assert.equal(fieldProblem(title, '审'.repeat(201)), '事项名称：不能超过 200 个字（现为 201 个字）');
});

test('control characters are refused on one line, newlines allowed in long text', () => {
  assert.match(fieldProblem(title, 'a\u0007b'), /控制字符/);
  assert.match(fieldProblem(title, '第一行\n第二行'), /控制字符/);
  assert.equal(fieldProblem(note, '第一行\n第二行'), null);
});

test('dates are checked as typed', () => {
  assert.equal(fieldProblem(received, '2017-02-30'), '收文日期：2017年2月没有30日，请检查日期');
  assert.equal(fieldProblem(received, '2026年11月25日'), null);
});

test('amounts accept yuan and 万 down to the fen', () => {
  for (const ok of ['1200000', '1,200,000', '120万', '120.5万', '99.99', '100元']) {
    assert.equal(fieldProblem(amount, ok), null, ok);
  }
  assert.match(fieldProblem(amount, '一百万'), /不是有效金额/);
  assert.equal(fieldProblem(amount, '1.001'), '合同金额：金额最小单位为分');
});

test('catalogue numbers are 1 to 999', () => {
  assert.equal(fieldProblem(item, '12'), null);
  assert.match(fieldProblem(item, '0'), /1—999/);
  assert.match(fieldProblem(item, '1000'), /1—999/);
});

test('a whole form lists its problems in form order', () => {
  const problems = formProblems([title, received], { title: '', received: '2017-02-30' });
  assert.deepEqual(
    problems.map((p) => p.code),
    ['title', 'received'],
  );
});
