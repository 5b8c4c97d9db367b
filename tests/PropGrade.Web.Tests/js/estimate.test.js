import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeEstimate, formatRate, formatSeconds } from '../../../src/PropGrade.Web/lib/estimate.js';

const ESTIMATE = {
  agents: 2000, apiCalls: 4120, discoveryCalls: 120, requestsPerSecond: 5, durationSeconds: 824, previousDurationSeconds: null,
  quotaRemaining: null, quotaLimit: null, quotaAfter: null, cost: null, basis: 'defaults', basisText: 'defaults (no earlier run of these markets)', notes: [],
};

describe('estimate', () => {
  test('durations and rates', () => {
    assert.equal(formatSeconds(0.2), 'under a second');
    assert.equal(formatSeconds(45), '45 s');
    assert.equal(formatSeconds(480), '8 min');
    assert.equal(formatSeconds(7500), '2 h 5 min');
    assert.equal(formatSeconds(-1), '');
    assert.equal(formatRate(5), '5 req/s');
    assert.equal(formatRate(0.5), '0.5 req/s');
    assert.equal(formatRate(10000), '10,000 req/s');
  });
  test('calls, duration and an unknown quota', () => {
    const d = describeEstimate(ESTIMATE);
    assert.equal(d.headline, 'About 2,000 agents and 4,120 API calls (120 for discovery): at least 14 min at 5 req/s.');
    assert.match(d.quota, /unknown/);
    assert.equal(d.cost, null);
    assert.equal(d.quotaShort, false);
    assert.equal(d.basis, 'Based on defaults (no earlier run of these markets).');
  });
  test('a known quota the run would exceed, a comparable run and a cost', () => {
    const d = describeEstimate({
      ...ESTIMATE, quotaRemaining: 3000, quotaLimit: 10000, quotaAfter: -1120, previousDurationSeconds: 900,
      cost: { totalUsd: 0.4567 }, notes: ['Retries are not counted.'],
    });
    assert.equal(d.quota, 'Quota left: 3,000 of 10,000; short by 1,120 for this run.');
    assert.equal(d.quotaShort, true);
    assert.match(d.headline, /the comparable run took 15 min\.$/);
    assert.equal(d.cost, 'AWS cost: about $0.46 per run.');
    assert.deepEqual(d.notes, ['Retries are not counted.']);
    const enough = describeEstimate({ ...ESTIMATE, quotaRemaining: 9000, quotaAfter: 4880 });
    assert.equal(enough.quota, 'Quota left: 9,000; 4,880 after this run.');
  });
});
