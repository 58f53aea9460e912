import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installFakeDom } from './fake-dom.js';

const document = installFakeDom();
const { h } = await import('../dom.js');
const { formErrors } = await import('../form-errors.js');

/** The core's refusal as api.js hands it on. */
const refusal = (message, field = null) => Object.assign(new Error(message), { kind: 'invalid', field });

test('the error line is the alert the end-to-end tests look for, hidden until there is something to say', () => {
  const { line } = formErrors({ id: 'form-error' });
  assert.equal(line.tagName, 'P');
  assert.equal(line.className, 'form-error');
  assert.equal(line.getAttribute('role'), 'alert');
  assert.equal(line.id, 'form-error');
  assert.equal(line.hidden, true);
});

test('a refusal is shown on the line and the form stays as it was', async () => {
  const errors = formErrors();
  const value = await errors.attempt(() => Promise.reject(refusal('审查结论：不能为空')));
  assert.equal(value, undefined, 'a refused action yields nothing, so the caller keeps the form open');
  assert.equal(errors.line.hidden, false);
  assert.equal(errors.line.textContent, '审查结论：不能为空');
});

test('the next attempt clears the last refusal, and a success leaves the line hidden', async () => {
  const errors = formErrors();
  errors.show(refusal('两次输入的口令不一致'));
  assert.equal(await errors.attempt(async () => 'saved'), 'saved');
  assert.equal(errors.line.hidden, true);
  assert.equal(errors.line.textContent, '');
});

test('a refusal naming a field marks that field and moves the focus to it', async () => {
  const fieldLine = h('div', { class: 'field-error', id: 'error-effective_on', hidden: true });
  const control = h('input', { id: 'f-effective_on' });
  const errors = formErrors({
    id: 'form-error',
    field: (label) => (label === '施行日期' ? { line: fieldLine, control } : undefined),
  });
  let refused = null;
  await errors.attempt(
    () => Promise.reject(refusal('施行日期：不能早于公布日期', '施行日期')),
    (e) => (refused = e),
  );
  assert.equal(errors.line.textContent, '施行日期：不能早于公布日期');
  assert.equal(fieldLine.hidden, false);
  assert.equal(fieldLine.textContent, '施行日期：不能早于公布日期');
  assert.equal(document.activeElement, control);
  assert.equal(refused?.field, '施行日期', 'the caller hears of the refusal too (to re-enable its button)');
});

test('a refusal naming a field the form does not have marks nothing', async () => {
  const errors = formErrors({ field: () => undefined });
  await errors.attempt(() => Promise.reject(refusal('编号：重复', '编号')));
  assert.equal(errors.line.textContent, '编号：重复');
});
