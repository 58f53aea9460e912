// @ts-check
// 同步: carrying a laptop's work to another on a file. Export (for a known laptop, or everything; optionally
// with a passphrase), import with a preview of the receipt before anything is applied, the laptops this one
// knows, the last receipts, and the conflicts waiting for a person, each settled side by side.

import * as api from '../api.js';
import { confirmDialog } from '../dialogs.js';
import { h, mount } from '../dom.js';
import { fmtDateTime } from '../format.js';
import { formErrors } from '../form-errors.js';
import { toast } from '../toast.js';
import { resolveDialog } from '../components/conflict-resolver.js';
import { pageHeader } from '../components/page-header.js';

const KIND_LABEL = { fields: '两边改了同一字段', delete: '一方删除、一方修改', number: '编号重复' };

export async function renderSync({ go }) {
  const overview = await api.syncOverview();
  const refresh = () => go('/sync');
  return h(
    'div',
    { class: 'sync', id: 'sync' },
    pageHeader(
      '同步',
      `本机：${overview.device_name ?? '未命名的电脑'}。用 U 盘或邮件带一个同步文件到另一台电脑导入，双方的工作都会保留。`,
    ),
    h('div', { class: 'two-col' }, exportPanel(overview), importPanel(refresh)),
    conflictsPanel(overview.conflicts, refresh),
    peersPanel(overview.peers),
    receiptsPanel(overview.receipts),
  );
}

function passphraseInput(id, placeholder) {
  return h('input', { id, type: 'password', autocomplete: 'new-password', placeholder });
}

function exportPanel(overview) {
  const target = h(
    'select',
    { id: 'sync-target' },
    overview.peers.map((p) => h('option', { value: p.device_id }, `给「${p.name}」（对方约缺 ${p.lacking} 条修订）`)),
    h('option', { value: '' }, '完整导出（本机全部数据）'),
  );
  const pass = passphraseInput('sync-export-pass', '留空则不加密');
  const again = passphraseInput('sync-export-pass2', '再输入一次');
  const errors = formErrors();
  const run = () =>
    errors.attempt(async () => {
      // A mistyped passphrase would make the file unopenable on the other laptop.
      if (pass.value !== again.value) throw new Error('两次输入的口令不一致');
      const done = await api.syncExport(target.value || null, pass.value || null);
      if (!done) return;
      const r = done.report;
      toast(`已导出：${done.path}（修订 ${r.revisions} 条，附件 ${r.blobs} 个${r.encrypted ? '，已加密' : ''}）`);
    });
  return h(
    'section',
    { class: 'panel', id: 'sync-export' },
    h('h2', {}, '导出同步文件'),
    h('label', {}, '导出给', target),
    h(
      'p',
      { class: 'muted' },
      overview.peers.length
        ? '按对方导出只含对方可能缺少的内容；对方导入过的文件越新，文件越小。'
        : '尚未收到过其他电脑的同步文件，先完整导出。',
    ),
    h('label', {}, '加密口令', pass),
    h('label', {}, '确认口令', again),
    h('p', { class: 'muted' }, 'U 盘携带建议加密，口令至少 6 个字符，请另行告知对方；不填则不加密。'),
    errors.line,
    h('div', { class: 'actions' }, h('button', { class: 'primary', id: 'sync-export-go', onclick: run }, '导出…')),
  );
}

/** What an import changes, in words ("修改案件 1 件：2026-039 …（事项名称）"), or that it brings nothing new. */
export function changesText(r) {
  return r.changes?.length ? r.changes : ['没有本机缺少的内容'];
}

function receiptLines(r) {
  const lines = [
    ['来自', `${r.sender_name}${r.full ? '（完整导出）' : ''}`],
    [
      '变化',
      h(
        'ul',
        { class: 'receipt-changes' },
        changesText(r).map((c) => h('li', {}, c)),
      ),
    ],
    [
      '冲突',
      `新增 ${r.conflicts_created} 个，待处理共 ${r.conflicts_open} 个${r.collisions ? `（编号重复 ${r.collisions} 条）` : ''}`,
    ],
    ['附件', `新 ${r.new_blobs} 个`],
  ];
  return h(
    'dl',
    { class: 'fields receipt', dataset: { newRevisions: r.new_revisions, conflictsCreated: r.conflicts_created } },
    lines.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    r.warnings.map((w) => [h('dt', {}, '注意'), h('dd', { class: 'warn' }, w)]),
    // The counts behind it, for whoever checks a file against another laptop's.
    h('dt', { class: 'muted' }, '修订记录'),
    h('dd', { class: 'muted' }, `新 ${r.new_revisions} 条，本机已有 ${r.known_revisions} 条`),
  );
}

function importPanel(refresh) {
  const pass = passphraseInput('sync-import-pass', '文件加密时填写');
  const area = h('div', { id: 'sync-import-area' });
  const errors = formErrors();
  const progress = h('p', { class: 'muted', id: 'sync-progress', hidden: true });
  let path = null;
  const withProgress = async (f) => {
    const stop = await api.onEvent('sync-progress', (e) => {
      progress.textContent = e.payload.stage;
      progress.hidden = !e.payload.stage;
    });
    try {
      return await f();
    } finally {
      stop();
      progress.hidden = true;
    }
  };
  const preview = async () => {
    mount(area);
    await errors.attempt(
      async () => {
        const r = await withProgress(() => api.syncImport(path, pass.value || null, true, false));
        const go = h(
          'button',
          { class: 'primary', id: 'sync-import-go', onclick: () => apply(go, r.needs_confirmation) },
          '导入',
        );
        mount(
          area,
          h('h3', {}, '导入预览（尚未改动本机数据）'),
          receiptLines(r),
          r.needs_confirmation ? h('p', { class: 'form-error' }, r.needs_confirmation) : null,
          h('div', { class: 'actions' }, h('button', { onclick: () => mount(area) }, '取消'), go),
        );
      },
      (e) => {
        // A missing or wrong passphrase: type it and try the same file again.
        if (e.kind === 'passphrase') {
          mount(
            area,
            h('div', { class: 'actions' }, h('button', { id: 'sync-retry', onclick: preview }, '重新读取此文件')),
          );
        }
      },
    );
  };
  const apply = async (button, warning) => {
    errors.clear();
    const confirm = warning ? await confirmDialog('确认导入', warning, '仍要导入') : false;
    if (warning && !confirm) return;
    // One click, one import.
    button.disabled = true;
    try {
      const r = await withProgress(() => api.syncImport(path, pass.value || null, false, confirm));
      toast(
        `导入完成：${changesText(r).join('；')}${r.conflicts_created ? `；新冲突 ${r.conflicts_created} 个，请处理` : ''}`,
      );
      refresh();
    } catch (e) {
      button.disabled = false;
      if (e.kind === 'needs_confirmation') return apply(button, e.message);
      errors.show(e);
    }
  };
  const choose = () =>
    errors.attempt(async () => {
      path = await api.syncPickFile();
      if (path) await preview();
    });
  return h(
    'section',
    { class: 'panel', id: 'sync-import' },
    h('h2', {}, '导入同步文件'),
    h(
      'p',
      { class: 'muted' },
      '导入前先完整校验文件并自动备份；双方的修改都会保留，两边改了同一处的列为冲突；重复导入同一文件不会有任何变化。',
    ),
    h('label', {}, '口令', pass),
    h('div', { class: 'actions' }, h('button', { class: 'primary', id: 'sync-pick', onclick: choose }, '选择文件…')),
    progress,
    errors.line,
    area,
  );
}

function conflictsPanel(conflicts, refresh) {
  return h(
    'section',
    { class: 'panel', id: 'sync-conflicts' },
    h('h2', {}, `待处理的冲突（${conflicts.length}）`),
    conflicts.length === 0
      ? h('p', { class: 'muted' }, '没有冲突。')
      : h(
          'table',
          { class: 'table' },
          h('thead', {}, h('tr', {}, h('th', {}, '记录'), h('th', {}, '冲突'), h('th', {}, ''))),
          h(
            'tbody',
            {},
            conflicts.map((c) =>
              h(
                'tr',
                { dataset: { entity: c.entity_id, kind: c.kind } },
                h('td', {}, `${c.entity_label}「${c.title}」`),
                h(
                  'td',
                  {},
                  h('span', { class: 'badge badge-warn' }, KIND_LABEL[c.kind]),
                  c.number ? ` ${c.number}` : '',
                ),
                h(
                  'td',
                  {},
                  c.case_id
                    ? h('button', { class: 'small', onclick: () => (location.hash = `/case/${c.case_id}`) }, '查看案件')
                    : null,
                  h(
                    'button',
                    { class: 'small primary', onclick: async () => (await resolveDialog(c)) && refresh() },
                    '处理…',
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

function peersPanel(peers) {
  return h(
    'section',
    { class: 'panel', id: 'sync-peers' },
    h('h2', {}, '已知的电脑'),
    peers.length === 0
      ? h('p', { class: 'muted' }, '还没有导入过其他电脑的同步文件。')
      : h(
          'table',
          { class: 'table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, '电脑'),
              h('th', {}, '导入过的文件'),
              h('th', {}, '最近导入'),
              h('th', {}, '对方尚缺'),
            ),
          ),
          h(
            'tbody',
            {},
            peers.map((p) =>
              h(
                'tr',
                {},
                h('td', {}, p.name),
                h('td', {}, `${p.files} 个`),
                h('td', {}, fmtDateTime(p.last_import)),
                h('td', {}, `约 ${p.lacking} 条修订`),
              ),
            ),
          ),
        ),
  );
}

function receiptsPanel(receipts) {
  return h(
    'section',
    { class: 'panel', id: 'sync-receipts' },
    h('h2', {}, '最近的导入'),
    receipts.length === 0
      ? h('p', { class: 'muted' }, '没有导入记录。')
      : h(
          'ul',
          { class: 'receipts' },
          receipts.map((r) =>
            h(
              'li',
              {},
              `${fmtDateTime(r.at)}　来自「${r.sender_name}」：${changesText(r).join('；')}${r.conflicts_created ? `；新冲突 ${r.conflicts_created} 个` : ''}`,
            ),
          ),
        ),
  );
}
