// @ts-check
// What every screen reads at run time: the core's vocabulary (labels of kinds, statuses and choices), this
// laptop's info, and the units and people lists. Loaded at start and reloaded after a change to the lists
// (an addition, a restore, the demo data). No DOM here, and nothing about a particular screen.

import * as api from './api.js';

/** A record as the core sends it (its fields are the Rust structs', serialised). */
/** @typedef {Record<string, any>} Row */
/** A unit or a person: what the pickers and labels need, and the rest of the core's record. */
/** @typedef {Row & { id: string, name: string }} Party */

/**
 * @type {{ vocab: Row | null, info: Row | null, units: Party[], people: Party[] }}
 */
export const state = {
  vocab: null,
  info: null,
  units: [],
  people: [],
};

/** @returns {Promise<void>} */
export async function loadVocabulary() {
  state.vocab = await api.vocabulary();
}

/** Reloads the units and people lists (after one is added, a restore or the demo data). */
export async function loadParties() {
  const [units, people] = await Promise.all([api.listUnits(), api.listPeople()]);
  /** @param {Party} a @param {Party} b */
  const byName = (a, b) => a.name.localeCompare(b.name, 'zh-CN');
  state.units = units.sort(byName);
  state.people = people.sort(byName);
}
