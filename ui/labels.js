// @ts-check
// The words the screens show for the core's codes — kinds, statuses, choices, units and people — looked up in
// the vocabulary and lists of state.js. Pure lookups, no DOM, so `node --test ui/tests` checks them.

import { state } from './state.js';

/** @typedef {{ code: string, label?: string, short_label?: string, is_final?: boolean }} Choice */

/**
 * @param {Choice[]} list
 * @param {string | null | undefined} code
 * @returns {Choice | undefined}
 */
const find = (list, code) => list.find((x) => x.code === code);

/** @param {string} code @returns {string} */
export const kindShort = (code) => find(state.vocab.kinds, code)?.short_label ?? code;
/** @param {string} code @returns {string} */
export const statusLabel = (code) => find(state.vocab.statuses, code)?.label ?? code;
/**
 * The label of `code` in the vocabulary's list `list` (`roles`, `outcomes`, `filing_channels`…).
 * @param {string} list
 * @param {string | null | undefined} code
 * @returns {string}
 */
export const choiceLabel = (list, code) => find(state.vocab[list], code)?.label ?? code ?? '';
/** @param {string | null | undefined} id @returns {string} */
export const unitName = (id) => state.units.find((u) => u.id === id)?.name ?? '';
/** @param {string | null | undefined} id @returns {string} */
export const personName = (id) => state.people.find((p) => p.id === id)?.name ?? '';

/** @type {Record<string, string>} */
const STATUS_GROUP = {
  registered: 'new',
  awaiting_materials: 'wait',
  in_review: 'work',
  advisor_consulted: 'work',
  awaiting_signoff: 'sign',
  awaiting_filing: 'wait',
  expiring: 'warn',
  // The registers' own steps: work in hand, waiting on a court, a body or the police, or a clock that runs
  // short (24 hours to transfer an approved case; 3 days to answer the police's refusal).
  answered: 'wait',
  in_trial: 'work',
  judged: 'sign',
  replied: 'wait',
  reconsideration_decided: 'sign',
  transfer_approved: 'warn',
  transferred: 'wait',
  police_declined: 'warn',
  review_sought: 'wait',
  supervision_sought: 'wait',
  police_filed: 'work',
  evidence_handed_over: 'ok',
  inspecting: 'work',
  results_published: 'wait',
  // 建议提案: handled again after a 不满意 (work in hand), then answered again (waiting on the feedback).
  rehandling: 'warn',
  rereplied: 'wait',
};

/**
 * The colour group of a status (`new`, `wait`, `work`, `sign`, `warn`, `done`, `ok`): statuses grouped by
 * what they ask of the office; the badge's class is `badge-<group>`.
 * @param {string} code
 * @returns {string}
 */
export function statusGroup(code) {
  return STATUS_GROUP[code] ?? (find(state.vocab.statuses, code)?.is_final ? 'done' : 'ok');
}
