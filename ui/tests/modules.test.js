// Every module of the UI loads: each one but the entry is imported here (so a missing file or export fails
// the test, as it would blank a screen in the app), every named import is checked against what its module
// exports, and main.js — which starts the app on import — is checked to parse.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UI, imports, sourceFiles } from './sources.js';

const files = sourceFiles();
const load = (file) => import(pathToFileURL(join(UI, file)).href);

test('every module but the entry loads without a window', async () => {
  for (const file of files.filter((f) => f !== 'main.js')) {
    await assert.doesNotReject(load(file), `${file} fails to load`);
  }
});

test('every named import exists in the module it is imported from', async () => {
  for (const file of files) {
    for (const { target, names } of imports(file)) {
      // A module loaded only in a browser that needs it (the dialog polyfill) names nothing to check.
      if (names.length === 0) continue;
      const exported = await load(target);
      for (const name of names) {
        assert.ok(name in exported, `${file} imports ${name} from ${target}, which does not export it`);
      }
    }
  }
});

test('the entry module parses', () => {
  const run = spawnSync(process.execPath, ['--check', join(UI, 'main.js')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});
