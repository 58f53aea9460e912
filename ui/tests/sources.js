// The UI's own source files and their import statements, read as text for the structure tests. Not a test
// itself (its name does not end in .test.js).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The ui/ folder. */
export const UI = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .js file of the app under ui/ (not the tests), as paths relative to ui/ with `/` separators. */
export function sourceFiles() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        // vendor/ holds third-party code as published (dialog-polyfill), not the app's own.
        if (!['tests', 'node_modules', 'vendor'].includes(entry.name)) walk(path);
      } else if (entry.name.endsWith('.js')) {
        found.push(relative(UI, path).split('\\').join('/'));
      }
    }
  };
  walk(UI);
  return found.sort();
}

/** The layer of a file: `screen` (ui/screens/), `component` (ui/components/), `entry` (main.js) or `base`. */
export function layer(file) {
  if (file.startsWith('screens/')) return 'screen';
  if (file.startsWith('components/')) return 'component';
  if (file === 'main.js') return 'entry';
  return 'base';
}

/** The text of a file with its comments removed (roughly: `//` after a space or at a line start). */
export function code(file) {
  return readFileSync(join(UI, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');
}

/**
 * The imports of a file: `[{ from, target, names }]`, where `from` is the specifier as written, `target` the
 * file it names (relative to ui/) and `names` the imported bindings of a `{ … }` list (empty for `* as`).
 * Static imports, re-exports and `import('…')` with a literal are all read.
 */
export function imports(file) {
  const text = code(file);
  const found = [];
  const add = (from, list) => {
    const names = (list ?? '')
      .split(',')
      .map((n) =>
        n
          .trim()
          .split(/\s+as\s+/)[0]
          .trim(),
      )
      .filter(Boolean);
    const target = from.startsWith('.')
      ? relative(UI, resolve(UI, dirname(file), from))
          .split('\\')
          .join('/')
      : null;
    found.push({ from, target, names });
  };
  const statement = /^\s*import\s*(?:(?:\w+\s*,\s*)?(?:\*\s*as\s+\w+|\{([^}]*)\}|\w+)\s*from\s*)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) add(m[2], m[1]);
  const reexport = /^\s*export\s*(?:\*(?:\s*as\s+\w+)?|\{([^}]*)\})\s*from\s*['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(reexport)) add(m[2], m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1], null);
  return found;
}
