import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeRange, NO_LIMITS, readLimits } from '../../../src/PropGrade.Web/lib/limits.js';
import { SERVED } from './fixtures.js';

describe('readLimits', () => {
  test('reads what the server serves', () => {
    const limits = readLimits({ tiers: [], limits: SERVED });
    assert.equal(limits.today, '2026-11-23');
    assert.equal(limits.defaultWindowMonths, 12);
    assert.equal(limits.maxWindowYears, 10);
    assert.deepEqual(limits.maxPages, { min: 1, max: 20 });
    assert.deepEqual(limits.concurrency, { min: 1, max: 64 });
    assert.equal(limits.zipLength, 5);
    assert.equal(limits.maxTiers, null);
    assert.ok(Object.isFrozen(limits));
  });
  test('a server value wins: nothing is a copy in the page', () => {
    const limits = readLimits({ limits: { ...SERVED, maxPages: { min: 2, max: 7 }, zipLength: 9, maxWindowYears: 3 } });
    assert.deepEqual(limits.maxPages, { min: 2, max: 7 });
    assert.equal(limits.zipLength, 9);
    assert.equal(limits.maxWindowYears, 3);
  });
  test('absent or malformed limits are unknown (null), never a guess', () => {
    for (const body of [null, undefined, {}, { limits: null }, { limits: 'x' }]) {
      const limits = readLimits(body);
      assert.equal(limits.maxPages, null);
      assert.equal(limits.zipLength, null);
      assert.equal(limits.today, null);
    }
    const bad = readLimits({ limits: { today: '2026-02-30', maxPages: { min: 5, max: 2 }, zipLength: -5, maxWindowYears: 2.5, concurrency: { min: '1', max: 4 } } });
    assert.equal(bad.today, null);
    assert.equal(bad.maxPages, null);
    assert.equal(bad.zipLength, null);
    assert.equal(bad.maxWindowYears, null);
    assert.equal(bad.concurrency, null);
  });
  test('optional rules are read when a server sends them', () => {
    const limits = readLimits({ limits: { maxTiers: 10, tierNameMaxLength: 31, tierNameForbidden: '[]:*?/\\', reservedTierNames: ['Unranked', 7], minAsOf: '2000-01-01' } });
    assert.equal(limits.maxTiers, 10);
    assert.equal(limits.tierNameMaxLength, 31);
    assert.equal(limits.tierNameForbidden, '[]:*?/\\');
    assert.deepEqual(limits.reservedTierNames, ['Unranked']);
    assert.equal(limits.minAsOf, '2000-01-01');
  });
  test('NO_LIMITS knows nothing; describeRange words a range', () => {
    assert.equal(NO_LIMITS.maxPages, null);
    assert.deepEqual(NO_LIMITS.reservedTierNames, []);
    assert.equal(describeRange({ min: 1, max: 20 }), 'between 1 and 20');
    assert.equal(describeRange(null), null);
  });
});
