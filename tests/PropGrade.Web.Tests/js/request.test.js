import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_LIMITS, readLimits } from '../../../src/PropGrade.Web/lib/limits.js';
import { buildRequest, formValuesFromRequest, SCALAR_FIELDS } from '../../../src/PropGrade.Web/lib/request.js';
import { SERVED } from './fixtures.js';

const LIMITS = readLimits({ limits: SERVED });

const DEFAULT_REQUEST = {
  tiers: [{ name: 'A', minVolume: 40000000 }, { name: 'B', minVolume: 16000000, minSides: 40 }, { name: 'C', minVolume: 5000000, minSides: 12 }],
  soldSince: '2025-11-23', asOf: '2026-11-23', includeActive: false, selectedTiers: ['A', 'B', 'C'],
  markets: ['07030', '90210'], roster: null, maxPages: 19,
};

function values(overrides = {}) {
  return { ...formValuesFromRequest(DEFAULT_REQUEST), ...overrides };
}

describe('formValuesFromRequest', () => {
  test('money with separators, criteria absent as blanks, markets as one string', () => {
    const v = formValuesFromRequest(DEFAULT_REQUEST, 4);
    assert.deepEqual(v.tiers[0], { name: 'A', minVolume: '40,000,000', minSides: '', selected: true });
    assert.deepEqual(v.tiers[1], { name: 'B', minVolume: '16,000,000', minSides: '40', selected: true });
    assert.equal(v.markets, '07030, 90210');
    assert.equal(v.scope, 'markets');
    assert.equal(v.roster, null);
    assert.equal(v.maxPages, '19');
    assert.equal(v.includeActive, false);
    assert.equal(v.concurrency, '4');
  });
  test('a roster request selects the roster and copies its ids', () => {
    const ids = [3, 1];
    const v = formValuesFromRequest({ ...DEFAULT_REQUEST, markets: null, roster: ids, selectedTiers: ['B'] });
    assert.equal(v.scope, 'roster');
    assert.deepEqual(v.roster, [3, 1]);
    assert.notEqual(v.roster, ids);
    assert.deepEqual(v.tiers.map((t) => t.selected), [false, true, false]);
  });
});

describe('buildRequest', () => {
  test('round-trips the default request exactly', () => {
    const { request, concurrency, errors } = buildRequest(values(), LIMITS);
    assert.deepEqual(errors, []);
    assert.equal(concurrency, null);
    const { roster, ...expected } = DEFAULT_REQUEST;
    assert.equal(roster, null);
    assert.deepEqual(request, expected);
  });
  test('money accepts separators and a dollar sign; a blank criterion is omitted', () => {
    const v = values();
    v.tiers[2] = { name: ' C ', minVolume: '$2,500,000', minSides: '', selected: true };
    const { request, errors } = buildRequest(v, LIMITS);
    assert.deepEqual(errors, []);
    assert.deepEqual(request.tiers[2], { name: 'C', minVolume: 2500000 });
    assert.deepEqual(request.selectedTiers, ['A', 'B', 'C']);
  });
  test('unreadable numbers are input errors by field path', () => {
    const v = values();
    v.tiers[0] = { name: 'A', minVolume: 'lots', minSides: '', selected: true };
    v.tiers[1] = { name: 'B', minVolume: '', minSides: 'x', selected: true };
    const { errors } = buildRequest({ ...v, maxPages: '2.5', concurrency: '0' }, LIMITS);
    assert.deepEqual(errors.map((e) => e.field), ['tiers[0].minVolume', 'tiers[1].minSides', 'maxPages', 'concurrency']);
    assert.equal(errors[2].message, 'must be a whole number between 1 and 20.');
    assert.equal(errors[3].message, 'must be a whole number from 1 to 64.');
  });
  test('messages name no range the server did not send', () => {
    const { errors } = buildRequest({ ...values(), maxPages: 'x', concurrency: 'y' }, NO_LIMITS);
    assert.deepEqual(errors.map((e) => e.message), ['must be a whole number.', 'must be a whole number.']);
    assert.equal(buildRequest({ ...values(), concurrency: '500' }, NO_LIMITS).concurrency, 500);
  });
  test('concurrency is a launch option, not part of the request', () => {
    const { request, concurrency } = buildRequest({ ...values(), concurrency: ' 8 ' }, LIMITS);
    assert.equal(concurrency, 8);
    assert.ok(!('concurrency' in request));
  });
  test('missing dates are input errors', () => {
    const { errors } = buildRequest({ ...values(), soldSince: '', asOf: '' }, LIMITS);
    assert.deepEqual(errors.map((e) => e.field), ['soldSince', 'asOf']);
  });
  test('markets split on commas, semicolons, spaces and lines', () => {
    const { request } = buildRequest({ ...values(), markets: '07030, 90210\n10011;;  10001 ' }, LIMITS);
    assert.deepEqual(request.markets, ['07030', '90210', '10011', '10001']);
    assert.ok(!('roster' in request));
  });
  test('roster scope sends the ids and no markets; no file is an input error', () => {
    const withIds = buildRequest({ ...values(), scope: 'roster', roster: [1001, 1002] }, LIMITS);
    assert.deepEqual(withIds.request.roster, [1001, 1002]);
    assert.ok(!('markets' in withIds.request));
    const none = buildRequest({ ...values(), scope: 'roster', roster: null }, LIMITS);
    assert.deepEqual(none.errors, [{ field: 'roster', message: 'choose a roster file.' }]);
    assert.deepEqual(none.request.roster, []);
  });
  test('every scalar field of the table is read and filled (the extension point for a new field)', () => {
    assert.deepEqual(SCALAR_FIELDS.map((f) => f.key), ['name', 'rollingMonths', 'soldSince', 'asOf', 'includeActive', 'undisclosedPrice', 'maxPages']);
    const v = values({ includeActive: true, maxPages: '7', undisclosedPrice: 'exclude', name: 'Q4 Texas' });
    const { request } = buildRequest(v, LIMITS);
    assert.equal(request.includeActive, true);
    assert.equal(request.maxPages, 7);
    assert.equal(request.undisclosedPrice, 'exclude');
    assert.equal(request.name, 'Q4 Texas');
    const back = formValuesFromRequest(request);
    for (const field of SCALAR_FIELDS) assert.equal(back[field.key], v[field.key], field.key);
  });
});
