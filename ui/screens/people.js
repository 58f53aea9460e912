// @ts-check
// 人员与单位: the office's staff and its legal advisors (firm, licence number, term), and the units that submit
// matters, with the letter-number code (文号代字) of each.

import * as api from '../api.js';
import { formDialog } from '../dialogs.js';
import { h, select } from '../dom.js';
import { fmtDate } from '../format.js';
import { choiceLabel, unitName } from '../labels.js';
import { loadParties, state } from '../state.js';
import { toast } from '../toast.js';
import { pageHeader } from '../components/page-header.js';

export async function renderPeople({ go }) {
  await loadParties();
  const refresh = () => go('/people');
  const staff = state.people.filter((p) => !p.advisor);
  const advisors = state.people.filter((p) => p.advisor);
  return h(
    'div',
    { class: 'people' },
    pageHeader(
      '人员与单位',
      `${state.people.length} 名人员 · ${state.units.length} 个单位`,
      h('button', { id: 'add-person', onclick: async () => (await personDialog()) && refresh() }, '添加人员'),
      h(
        'button',
        { id: 'add-unit', class: 'primary', onclick: async () => (await unitDialog()) && refresh() },
        '添加单位',
      ),
    ),
    h(
      'section',
      { class: 'panel', id: 'staff' },
      h('h2', {}, '本机关人员'),
      h('p', { class: 'muted' }, '签发人签发本单位的意见书；签发时只能从签发人中选定。'),
      list(
        ['姓名', '角色', '所在单位', '电话', '签发人'],
        staff.map((p) => [
          p.name,
          choiceLabel('roles', p.role),
          unitName(p.unit_id),
          p.phone ?? '',
          signerToggle(p, refresh),
        ]),
      ),
    ),
    h(
      'section',
      { class: 'panel', id: 'advisors' },
      h('h2', {}, '政府法律顾问'),
      list(
        ['姓名', '律师事务所', '执业证号', '聘期'],
        advisors.map((p) => [
          p.name,
          p.advisor.law_firm,
          p.advisor.licence_no,
          p.advisor.term_start || p.advisor.term_end
            ? `${fmtDate(p.advisor.term_start ?? '')} 至 ${fmtDate(p.advisor.term_end ?? '')}`
            : '',
        ]),
      ),
    ),
    h(
      'section',
      { class: 'panel', id: 'units' },
      h('h2', {}, '单位'),
      list(
        ['名称', '文号代字', '类型', '上级单位', '电话'],
        state.units.map((u) => [
          u.is_self ? `${u.name}（本机关）` : u.name,
          u.code ?? '',
          choiceLabel('unit_kinds', u.kind),
          unitName(u.parent_id),
          u.phone ?? '',
        ]),
      ),
    ),
  );
}

/** 是 / 否 with the button that changes it. */
function signerToggle(person, refresh) {
  const change = async () => {
    try {
      const p = await api.setSigner(person.id, !person.signs);
      toast(p.signs ? `${p.name}现为签发人` : `${p.name}不再是签发人`);
      refresh();
    } catch (err) {
      toast(err.message, 'error');
    }
  };
  return h(
    'span',
    { class: 'signer' },
    person.signs ? '是 ' : '',
    h(
      'button',
      { type: 'button', class: 'small', 'data-signer': person.name, onclick: change },
      person.signs ? '取消' : '设为签发人',
    ),
  );
}

function list(head, rows) {
  if (rows.length === 0) return h('p', { class: 'muted' }, '暂无');
  return h(
    'table',
    { class: 'small-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((t) => h('th', {}, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  );
}

const input = (id, placeholder = '') => h('input', { id, type: 'text', placeholder, autocomplete: 'off' });
const field = (label, control) => h('label', { class: 'stacked' }, label, control);

function unitDialog() {
  return formDialog(
    '添加单位',
    () => {
      const name = input('unit-name');
      const code = input('unit-code', '如 徒法审，用于意见书文号');
      const kind = select(
        { id: 'unit-kind' },
        state.vocab.unit_kinds.map((k) => [k.code, k.label]),
        'department',
      );
      const parent = select(
        { id: 'unit-parent' },
        state.units.map((u) => [u.id, u.name]),
        '',
        '无',
      );
      const phone = input('unit-phone');
      const isSelf = h('input', { id: 'unit-self', type: 'checkbox' });
      return {
        fields: [
          field('单位名称', name),
          field('文号代字', code),
          field('类型', kind),
          field('上级单位', parent),
          field('电话', phone),
          h('label', { class: 'check' }, isSelf, '这是本机关（用其文号代字为意见书编号）'),
        ],
        read: () => ({
          name: name.value,
          code: code.value.trim() || null,
          kind: kind.value,
          parent: parent.value || null,
          phone: phone.value.trim() || null,
          is_self: isSelf.checked,
        }),
      };
    },
    async (u) => {
      const unit = await api.addUnit(u);
      toast(`已添加单位：${unit.name}`);
      return unit;
    },
  );
}

function personDialog() {
  return formDialog(
    '添加人员',
    () => {
      const name = input('person-name');
      const role = select(
        { id: 'person-role' },
        state.vocab.roles.map((r) => [r.code, r.label]),
        'clerk',
      );
      const unit = select(
        { id: 'person-unit' },
        state.units.map((u) => [u.id, u.name]),
        '',
        '无',
      );
      const phone = input('person-phone');
      const signs = h('input', { id: 'person-signs', type: 'checkbox' });
      const signsPart = h('label', { class: 'check' }, signs, '签发人（签发所在单位的意见书；未选所在单位时为本机关）');
      const firm = input('person-firm');
      const licence = input('person-licence', '17 位执业证号');
      const termStart = input('person-term-start', '如 2026-01-01');
      const termEnd = input('person-term-end', '如 2027-12-31');
      const advisorPart = h(
        'fieldset',
        { class: 'advisor-fields', hidden: true },
        h('legend', {}, '法律顾问聘任'),
        field('律师事务所', firm),
        field('执业证号', licence),
        field('聘期开始', termStart),
        field('聘期结束', termEnd),
      );
      role.addEventListener('change', () => {
        advisorPart.hidden = role.value !== 'advisor';
        signsPart.hidden = role.value === 'advisor';
      });
      return {
        fields: [
          field('姓名', name),
          field('角色', role),
          field('所在单位', unit),
          field('电话', phone),
          signsPart,
          advisorPart,
        ],
        read: () => {
          const advisor = role.value === 'advisor';
          return {
            name: name.value,
            role: role.value,
            unit: unit.value || null,
            phone: phone.value.trim() || null,
            law_firm: advisor ? firm.value : null,
            licence_no: advisor ? licence.value : null,
            term_start: advisor ? termStart.value.trim() || null : null,
            term_end: advisor ? termEnd.value.trim() || null : null,
            signs: !advisor && signs.checked,
          };
        },
      };
    },
    async (p) => {
      const person = await api.addPerson(p);
      toast(`已添加人员：${person.name}`);
      return person;
    },
  );
}
