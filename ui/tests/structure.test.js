// The shape of the UI, as rules a change cannot break unnoticed: which layer may import which (screens never
// import one another), `api.js` alone talks to the Rust side, and nothing would need the content policy
// loosened (no inline script or style, no HTML parsed from strings).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UI, code, imports, layer, sourceFiles } from './sources.js';

const files = sourceFiles();

/** What each layer may import: base modules only base ones; components also components; screens no screen. */
const ALLOWED = {
  base: ['base'],
  component: ['base', 'component'],
  screen: ['base', 'component'],
  entry: ['base', 'component', 'screen'],
};

test('the layers are all there: base modules, components and screens', () => {
  for (const kind of ['base', 'component', 'screen', 'entry']) {
    assert.ok(
      files.some((f) => layer(f) === kind),
      `no ${kind} module found under ui/`,
    );
  }
});

test('every import names a file of the UI that exists', () => {
  for (const file of files) {
    for (const { from, target } of imports(file)) {
      assert.ok(target, `${file} imports "${from}": the UI has no bundler, only relative imports work`);
      assert.ok(existsSync(join(UI, target)), `${file} imports "${from}", which does not exist`);
    }
  }
});

test('no screen imports another screen, and components and base modules import no screen', () => {
  const broken = [];
  for (const file of files) {
    for (const { target } of imports(file)) {
      if (target && !ALLOWED[layer(file)].includes(layer(target))) {
        broken.push(`${file} (${layer(file)}) imports ${target} (${layer(target)})`);
      }
    }
  }
  assert.deepEqual(broken, [], 'a piece two screens share belongs in ui/components/');
});

test('only api.js talks to the Rust side', () => {
  const talking = files.filter((f) => f !== 'api.js' && /__TAURI__|\binvoke\s*\(/.test(code(f)));
  assert.deepEqual(talking, [], 'calls to the core go through ui/api.js, which turns refusals into ApiErrors');
});

test('no module parses HTML from strings or evaluates code', () => {
  const banned =
    /\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|\beval\s*\(|new\s+Function\b/;
  const found = files.filter((f) => banned.test(code(f)));
  assert.deepEqual(found, [], 'build DOM with dom.js (textContent and elements), never from markup');
});

test('no inline style or script that the content policy would block', () => {
  const inlineStyle = /setAttribute\(\s*['"]style['"]|[{,]\s*['"]?style['"]?\s*:/;
  assert.deepEqual(
    files.filter((f) => inlineStyle.test(code(f))),
    [],
    'style-src is self only: style with classes from style.css',
  );
  const html = readFileSync(join(UI, 'index.html'), 'utf8');
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    assert.match(tag, /\bsrc=/, `an inline script would be blocked: ${tag}`);
  }
  assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i, 'index.html has no inline style or handler');
});

test('the window content policy allows no inline script or style', () => {
  const conf = JSON.parse(readFileSync(join(UI, '..', 'src-tauri', 'tauri.conf.json'), 'utf8'));
  const csp = conf.app.security.csp;
  for (const directive of ['default-src', 'script-src', 'style-src']) {
    assert.ok(csp[directive], `the policy sets ${directive}`);
    assert.doesNotMatch(csp[directive], /unsafe-inline|unsafe-eval|\*/, `${directive} stays strict`);
  }
});
