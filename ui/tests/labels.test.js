import { test } from 'node:test';
import assert from 'node:assert/strict';
import { state } from '../state.js';
import { choiceLabel, kindShort, personName, statusGroup, statusLabel, unitName } from '../labels.js';

state.vocab = {
  kinds: [{ code: 'contract', label: '合同合法性审查', short_label: '合同' }],
  statuses: [
    { code: 'in_review', label: '审查中', is_final: false },
    { code: 'opinion_issued', label: '已出具意见', is_final: true },
    { code: 'filed', label: '已备案', is_final: false },
  ],
  roles: [{ code: 'clerk', label: '经办人' }],
};
state.units = [{ id: 'u1', name: '区司法局' }];
state.people = [{ id: 'p1', name: '刘洋' }];

test('codes show as the labels of the core vocabulary', () => {
  assert.equal(kindShort('contract'), '合同');
  assert.equal(statusLabel('in_review'), '审查中');
  assert.equal(choiceLabel('roles', 'clerk'), '经办人');
  assert.equal(unitName('u1'), '区司法局');
  assert.equal(personName('p1'), '刘洋');
});

test('an unknown code shows as itself rather than as nothing, and no person as empty', () => {
  assert.equal(kindShort('lease'), 'lease', 'a kind from a newer core is still visible');
  assert.equal(statusLabel('archived'), 'archived');
  assert.equal(choiceLabel('roles', null), '');
  assert.equal(personName('nobody'), '');
});

test('statuses group by what they ask of the office, final ones as done', () => {
  assert.equal(statusGroup('in_review'), 'work');
  assert.equal(statusGroup('opinion_issued'), 'done');
  assert.equal(statusGroup('filed'), 'ok');
});
