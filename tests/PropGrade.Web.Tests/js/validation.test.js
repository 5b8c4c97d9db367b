import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_LIMITS, readLimits } from '../../../src/PropGrade.Web/lib/limits.js';
import { fieldChain, isHarder, isZip, validateRequest } from '../../../src/PropGrade.Web/lib/validation.js';
import { SERVED } from './fixtures.js';

const LIMITS = readLimits({ limits: SERVED });

function request(overrides = {}) {
  return {
    tiers: [{ name: 'A', minVolume: 40000000 }, { name: 'B', minVolume: 16000000, minSides: 40 }, { name: 'C', minVolume: 5000000, minSides: 12 }],
    soldSince: '2025-11-23', asOf: '2026-11-23', includeActive: false, maxPages: 19, selectedTiers: ['A', 'B', 'C'], markets: ['07030', '90210'],
    ...overrides,
  };
}

const fields = (errors) => errors.map((e) => e.field);

describe('validateRequest', () => {
  test('the default request is valid', () => {
    assert.deepEqual(validateRequest(request(), [], LIMITS), []);
  });
  test('input errors come first and suppress the "needs a criterion" rule for that tier', () => {
    const input = [{ field: 'tiers[1].minVolume', message: 'must be a number.' }];
    const errors = validateRequest(request({ tiers: [{ name: 'A', minVolume: 40000000 }, { name: 'B' }] }), input, LIMITS);
    assert.deepEqual(errors, input);
  });
  test('tier rules: empty, duplicate, no criterion, negative', () => {
    const errors = validateRequest(request({
      tiers: [{ name: 'A', minVolume: 1000 }, { name: '', minSides: 5 }, { name: 'A', minVolume: 500 }, { name: 'D' }, { name: 'E', minVolume: -1, minSides: -2 }],
      selectedTiers: ['A'],
    }), [], LIMITS);
    assert.deepEqual(fields(errors), ['tiers[1].name', 'tiers[2].name', 'tiers[3]', 'tiers[4].minVolume', 'tiers[4].minSides']);
    assert.equal(errors[0].message, 'must not be empty.');
    assert.match(errors[1].message, /names must be unique/);
    assert.equal(errors[2].message, 'needs a minimum volume and/or minimum sides.');
  });
  test('tiers strictly descending: a higher tier harder on some criterion it names', () => {
    const errors = validateRequest(request({
      tiers: [{ name: 'A', minVolume: 1000 }, { name: 'B', minVolume: 1000, minSides: 3 }, { name: 'C', minSides: 3 }],
      selectedTiers: ['A'],
    }), [], LIMITS);
    // A names only volume and B asks as much; B names volume, which C lacks, so B is harder than C.
    assert.deepEqual(errors, [{ field: 'tiers[1]', message: "tiers must be strictly descending: 'A' is no harder to meet than 'B' on any criterion it names." }]);
    const fine = request({ tiers: [{ name: 'A', minVolume: 1000 }, { name: 'B', minVolume: 999, minSides: 3 }, { name: 'C', minSides: 2 }], selectedTiers: ['A'] });
    assert.deepEqual(validateRequest(fine, [], LIMITS), []);
  });
  test('no tiers, none selected', () => {
    assert.deepEqual(fields(validateRequest(request({ tiers: [], selectedTiers: [] }), [], LIMITS)), ['tiers', 'selectedTiers']);
  });
  test('window: order, span from maxWindowYears, future from the server\'s today', () => {
    assert.deepEqual(validateRequest(request({ soldSince: '2026-12-01' }), [], LIMITS),
      [{ field: 'soldSince', message: 'must not be after the as-of date (2026-11-23).' }]);
    assert.deepEqual(fields(validateRequest(request({ soldSince: '2016-11-23' }), [], LIMITS)), []);
    assert.deepEqual(validateRequest(request({ soldSince: '2016-11-22' }), [], LIMITS),
      [{ field: 'soldSince', message: 'the window may span at most 10 years.' }]);
    assert.deepEqual(validateRequest(request({ asOf: '2026-11-24', soldSince: '2026-01-01' }), [], LIMITS),
      [{ field: 'asOf', message: 'must not be in the future (today is 2026-11-23).' }]);
  });
  test('the server\'s today wins over the browser\'s', () => {
    const errors = validateRequest(request({ asOf: '2026-11-23' }), [], readLimits({ limits: { ...SERVED, today: '2026-11-22' } }), { today: '2030-01-01' });
    assert.deepEqual(fields(errors), ['asOf']);
    assert.deepEqual(validateRequest(request({ asOf: '2026-11-23' }), [], NO_LIMITS, { today: '2026-11-23' }), []);
  });
  test('maxPages out of the served range', () => {
    assert.deepEqual(validateRequest(request({ maxPages: 21 }), [], LIMITS), [{ field: 'maxPages', message: 'must be between 1 and 20.' }]);
    assert.deepEqual(validateRequest(request({ maxPages: 0 }), [], LIMITS).length, 1);
    const tighter = readLimits({ limits: { ...SERVED, maxPages: { min: 1, max: 5 } } });
    assert.deepEqual(validateRequest(request({ maxPages: 6 }), [], tighter), [{ field: 'maxPages', message: 'must be between 1 and 5.' }]);
  });
  test('markets: at least one, each of the served ZIP length', () => {
    assert.deepEqual(validateRequest(request({ markets: [] }), [], LIMITS), [{ field: 'markets', message: 'at least one market is required.' }]);
    assert.deepEqual(validateRequest(request({ markets: ['07030', '123', '0703a'] }), [], LIMITS), [
      { field: 'markets[1]', message: "'123' is not a 5-digit ZIP code." },
      { field: 'markets[2]', message: "'0703a' is not a 5-digit ZIP code." }]);
  });
  test('roster: empty after a file was read; "choose a file" is not repeated', () => {
    const withRoster = request({ markets: undefined, roster: [] });
    assert.deepEqual(fields(validateRequest(withRoster, [], LIMITS)), ['roster']);
    const input = [{ field: 'roster', message: 'choose a roster file.' }];
    assert.deepEqual(validateRequest(withRoster, input, LIMITS), input);
  });
  test('without served limits only the structural rules are checked (the server checks the rest)', () => {
    const errors = validateRequest(request({ maxPages: 500, markets: ['1'], soldSince: '1990-01-01' }), [], NO_LIMITS, { today: '2026-11-23' });
    assert.deepEqual(errors, []);
  });
  test('rules of a server that sends them: tier count, name length, characters, reserved names, date floor', () => {
    const strict = readLimits({ limits: { ...SERVED, maxTiers: 2, tierNameMaxLength: 8, tierNameForbidden: '[]:*?/\\', reservedTierNames: ['Unranked'], minAsOf: '2000-01-01' } });
    const errors = validateRequest(request({
      tiers: [{ name: 'ABCDEFGHI', minVolume: 3 }, { name: 'a/b', minVolume: 2 }, { name: 'unranked', minVolume: 1 }],
      selectedTiers: ['ABCDEFGHI'], soldSince: '1999-01-01', asOf: '1999-12-31',
    }), [], strict);
    assert.deepEqual(errors, [
      { field: 'tiers', message: 'at most 2 tiers.' },
      { field: 'tiers[0].name', message: 'must be at most 8 characters.' },
      { field: 'tiers[1].name', message: "must not contain '/'." },
      { field: 'tiers[2].name', message: "'unranked' is reserved." },
      { field: 'asOf', message: 'must not be before 2000-01-01.' },
    ]);
  });
});

describe('helpers', () => {
  test('isHarder: higher on a criterion it names, or one the lower tier lacks', () => {
    assert.ok(isHarder({ minVolume: 2 }, { minVolume: 1 }));
    assert.ok(!isHarder({ minVolume: 1 }, { minVolume: 1 }));
    assert.ok(isHarder({ minSides: 3 }, { minVolume: 1 }));
    assert.ok(!isHarder({ minVolume: 1, minSides: 1 }, { minVolume: 2, minSides: 2 }));
    assert.ok(isHarder({ minVolume: 1, minSides: 3 }, { minVolume: 2, minSides: 2 }));
    assert.ok(isHarder({}, { minVolume: 1 }));
  });
  test('isZip follows the served length', () => {
    assert.ok(isZip('07030', LIMITS));
    assert.ok(!isZip('7030', LIMITS));
    assert.ok(!isZip('070301', LIMITS));
    assert.ok(isZip('070301234', readLimits({ limits: { zipLength: 9 } })));
    assert.ok(isZip('anything', NO_LIMITS));
  });
  test('fieldChain: the field, its parents, then the form', () => {
    assert.deepEqual(fieldChain('tiers[1].minVolume'), ['tiers[1].minVolume', 'tiers[1]', 'tiers', '$']);
    assert.deepEqual(fieldChain('markets[3]'), ['markets[3]', 'markets', '$']);
    assert.deepEqual(fieldChain('concurrency'), ['concurrency', '$']);
    assert.deepEqual(fieldChain(''), ['$']);
    assert.deepEqual(fieldChain('$'), ['$']);
  });
});
