import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runTitle, tierCountsText, windowText } from '../../../src/PropGrade.Web/lib/runinfo.js';

const REQUEST = { tiers: [{ name: 'A' }, { name: 'B' }], soldSince: '2025-11-23', asOf: '2026-11-23' };

describe('run info', () => {
  test('a run is titled by its name, else by when it was created', () => {
    assert.equal(runTitle({ name: 'Q4 Texas', createdAt: '2026-11-23T10:00:00Z' }), 'Q4 Texas');
    assert.equal(runTitle({ request: { name: 'From request' }, createdAt: '2026-11-23T10:00:00Z' }), 'From request');
    assert.match(runTitle({ createdAt: '2026-11-23T10:00:00Z', request: {} }), /2026/);
  });
  test('window: fixed, rolling, none', () => {
    assert.equal(windowText(REQUEST), '2025-11-23 – 2026-11-23');
    assert.equal(windowText({ ...REQUEST, rollingMonths: 12 }), 'last 12 months: 2025-11-23 – 2026-11-23');
    assert.equal(windowText({ rollingMonths: 1 }), 'last 1 month');
    assert.equal(windowText(null), '');
  });
  test('tier counts in the request order, then any other tier', () => {
    assert.equal(tierCountsText({ request: REQUEST, tierCounts: { Unranked: 1500, B: 20, A: 3 } }), 'A 3 · B 20 · Unranked 1,500');
    assert.equal(tierCountsText({ request: REQUEST, tierCounts: {} }), '');
    assert.equal(tierCountsText({ tierCounts: { C: 2 } }), 'C 2');
  });
});
