// The revision-2 request fields (name, rollingMonths, undisclosedPrice): sent only when filled, a rolling window
// instead of fixed dates, and checked against the served window limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readLimits } from '../../../src/PropGrade.Web/lib/limits.js';
import { buildRequest, formValuesFromRequest, OPTIONAL_FIELDS } from '../../../src/PropGrade.Web/lib/request.js';
import { validateRequest } from '../../../src/PropGrade.Web/lib/validation.js';
import { SERVED } from './fixtures.js';

const LIMITS = readLimits({ limits: { ...SERVED, agentsPageSize: { min: 1, max: 200 }, agentsDefaultPageSize: 50 } });
const REQUEST = {
  tiers: [{ name: 'A', minVolume: 100 }], soldSince: '2025-11-23', asOf: '2026-11-23', includeActive: false,
  selectedTiers: ['A'], markets: ['07030'], roster: null, maxPages: 19, undisclosedPrice: 'listPrice',
};

describe('revision-2 request fields', () => {
  test('name and rollingMonths are optional fields, left out when blank', () => {
    assert.deepEqual(OPTIONAL_FIELDS, ['name', 'rollingMonths']);
    const { request, errors } = buildRequest(formValuesFromRequest(REQUEST), LIMITS);
    assert.deepEqual(errors, []);
    assert.ok(!('name' in request));
    assert.ok(!('rollingMonths' in request));
    assert.equal(request.soldSince, '2025-11-23');
    assert.equal(request.undisclosedPrice, 'listPrice');
  });
  test('a name is trimmed; blank spaces send none', () => {
    assert.equal(buildRequest({ ...formValuesFromRequest(REQUEST), name: '  Q4 Texas ' }, LIMITS).request.name, 'Q4 Texas');
    assert.ok(!('name' in buildRequest({ ...formValuesFromRequest(REQUEST), name: '   ' }, LIMITS).request));
  });
  test('a rolling window replaces the fixed dates (even blank ones)', () => {
    const { request, errors } = buildRequest({ ...formValuesFromRequest(REQUEST), rollingMonths: '12', soldSince: '', asOf: '' }, LIMITS);
    assert.deepEqual(errors, []);
    assert.equal(request.rollingMonths, 12);
    assert.ok(!('soldSince' in request) && !('asOf' in request));
  });
  test('a run with a rolling window fills it back ("run again" keeps it rolling)', () => {
    const v = formValuesFromRequest({ ...REQUEST, rollingMonths: 6, name: 'Monthly' });
    assert.equal(v.rollingMonths, '6');
    assert.equal(v.name, 'Monthly');
    assert.equal(buildRequest(v, LIMITS).request.rollingMonths, 6);
    assert.ok(!('soldSince' in buildRequest(v, LIMITS).request));
  });
  test('rollingMonths must be a whole number within the served window limit', () => {
    const bad = buildRequest({ ...formValuesFromRequest(REQUEST), rollingMonths: 'six' }, LIMITS);
    assert.deepEqual(bad.errors.map((e) => e.field), ['rollingMonths']);
    const tooLong = buildRequest({ ...formValuesFromRequest(REQUEST), rollingMonths: '121' }, LIMITS);
    const errors = validateRequest(tooLong.request, tooLong.errors, LIMITS);
    assert.deepEqual(errors, [{ field: 'rollingMonths', message: 'must be from 1 to 120 months.' }]);
    const zero = buildRequest({ ...formValuesFromRequest(REQUEST), rollingMonths: '0' }, LIMITS);
    assert.equal(validateRequest(zero.request, zero.errors, LIMITS)[0].field, 'rollingMonths');
  });
  test('the agents table page sizes are read from the served limits', () => {
    assert.deepEqual(LIMITS.agentsPageSize, { min: 1, max: 200 });
    assert.equal(LIMITS.agentsDefaultPageSize, 50);
  });
});
