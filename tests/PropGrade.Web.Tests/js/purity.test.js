// The split the page relies on: lib/ modules are pure (no DOM, no storage, no network), so they run here and in
// the browser alike; and no module keeps a copy of a server limit or default.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../../src/PropGrade.Web/', import.meta.url));
const lib = join(web, 'lib');
const sources = (dir) => readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
const code = (text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/\s\/\/ .*$/gm, '');

test('lib/ modules touch no DOM, storage, network or location', () => {
  const files = sources(lib);
  assert.ok(files.length >= 8, 'lib/ holds the pure modules');
  for (const { name, text } of files) {
    assert.doesNotMatch(code(text), /\b(document|window|globalThis|sessionStorage|localStorage|location|history|navigator|crypto)\s*\.|\b(fetch|setTimeout|setInterval|XMLHttpRequest)\s*\(/, name);
  }
});

test('lib/ modules import only each other', () => {
  for (const { name, text } of sources(lib)) {
    for (const [, from] of text.matchAll(/from\s+'([^']+)'/g)) assert.match(from, /^\.\/[a-z-]+\.js$/, `${name} imports ${from}`);
  }
});

test('no module copies a server limit or default (they come from GET /config/defaults)', () => {
  const files = [...sources(web), ...sources(lib), ...sources(join(web, 'ui'))];
  for (const { name, text } of files) {
    const body = code(text);
    assert.doesNotMatch(body, /40000000|16000000|5000000|40_000_000/, `${name}: default tier amounts`);
    assert.doesNotMatch(body, /\\d\{5\}|\[0-9\]\{5\}/, `${name}: a ZIP length`);
    assert.doesNotMatch(body, /MAX_PAGES|MAX_WINDOW|MAX_CONCURRENCY|FALLBACK_TIERS/, `${name}: a limit constant`);
  }
});
