// browser-check.js: in a browser too old for the app it replaces the loading text with a Chinese page saying
// which browser to use, and stops the app from starting; in a capable one it does nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { UI } from './sources.js';

const script = readFileSync(join(UI, 'browser-check.js'), 'utf8');

/** A page with just enough DOM for the script, in a browser that has (or lacks) the features it checks. */
function page({ modern }) {
  const node = (tag) => ({
    tag,
    children: [],
    text: '',
    get firstChild() {
      return this.children[0] ?? null;
    },
    appendChild(c) {
      this.children.push(c);
      return c;
    },
    removeChild(c) {
      this.children = this.children.filter((x) => x !== c);
      return c;
    },
  });
  const app = node('div');
  app.appendChild({ tag: '#text', text: '正在打开数据库…', children: [] });
  const document = {
    readyState: 'complete',
    getElementById: (id) => (id === 'app' ? app : null),
    createElement: (tag) => (tag === 'script' && modern ? { ...node(tag), noModule: false } : node(tag)),
    createTextNode: (text) => ({ tag: '#text', text, children: [] }),
    addEventListener() {},
  };
  class Element {}
  if (modern) Element.prototype.replaceChildren = function () {};
  const window = {};
  const context = {
    document,
    window,
    Element,
    Promise: modern ? Promise : { resolve: Promise.resolve },
    fetch: modern ? () => {} : undefined,
    globalThis: modern ? {} : undefined,
  };
  vm.runInNewContext(script, context);
  const text = (n) => n.text + n.children.map(text).join('');
  return { window, shown: text(app) };
}

test('a browser without what the app needs gets a Chinese page saying which to use', () => {
  const { window, shown } = page({ modern: false });
  assert.equal(window.fashenUnsupported, true, 'the app does not start');
  assert.match(shown, /此浏览器版本过旧/);
  assert.match(shown, /Chromium 90/);
  assert.match(shown, /Firefox 78/);
  assert.doesNotMatch(shown, /正在打开数据库/);
});

test('a capable browser is left alone', () => {
  const { window, shown } = page({ modern: true });
  assert.equal(window.fashenUnsupported, undefined);
  assert.equal(shown, '正在打开数据库…');
});
