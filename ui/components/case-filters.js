// @ts-check
// The register's filters of cases — kind, status, submitting unit, year, 承办人 — as the register and the search
// results both offer them: one labelled select each, the value in the page's address.

import { filterLabel, select } from '../dom.js';
import { state } from '../state.js';

/**
 * The five filters, in the register's order. `ids` prefixes each select's id (`filter-kind`, `search-kind`…).
 * @param {{
 *   ids: string,
 *   values: Record<string, string>,
 *   statuses?: string[],
 *   onFilter: (key: string) => (e: Event) => void,
 * }} options `values` by key (`kind`, `status`, `unit`, `year`, `assignee`); `statuses` the codes to offer
 *   (every status by default).
 * @returns {Record<'kind' | 'status' | 'unit' | 'year' | 'assignee', HTMLElement>}
 */
export function caseFilters({ ids, values, statuses, onFilter }) {
  const thisYear = new Date().getFullYear();
  /** @type {Array<[number, string]>} */
  const years = [];
  for (let y = thisYear + 1; y >= 2015; y--) years.push([y, `${y}年`]);
  const statusLabel = (code) => state.vocab.statuses.find((s) => s.code === code)?.label ?? code;
  const one = (key, label, options, empty) =>
    filterLabel(label, select({ id: `${ids}-${key}`, onchange: onFilter(key) }, options, values[key], empty));
  return {
    kind: one(
      'kind',
      '类别',
      state.vocab.kinds.map((k) => [k.code, k.short_label]),
      '全部类别',
    ),
    status: one(
      'status',
      '状态',
      (statuses ?? state.vocab.statuses.map((s) => s.code)).map((s) => [s, statusLabel(s)]),
      '全部状态',
    ),
    unit: one(
      'unit',
      state.vocab.kinds.find((k) => k.code === values.kind)?.names.unit ?? '送审单位',
      state.units.map((u) => [u.id, u.name]),
      '全部单位',
    ),
    year: one('year', '年度', years, '全部年度'),
    assignee: one(
      'assignee',
      '承办人',
      state.people.filter((x) => !x.advisor).map((x) => [x.id, x.name]),
      '全部人员',
    ),
  };
}
