import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addMonths, addYears, isIsoDate, todayUtc } from '../../../src/PropGrade.Web/lib/dates.js';

describe('addMonths (DateOnly.AddMonths)', () => {
  test('moves whole months, across years', () => {
    assert.equal(addMonths('2026-11-23', -12), '2025-11-23');
    assert.equal(addMonths('2026-01-15', -1), '2025-12-15');
    assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
    assert.equal(addMonths('2026-06-30', -120), '2016-06-30');
  });
  test('clamps to the month\'s last day', () => {
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
    assert.equal(addMonths('2024-03-31', -1), '2024-02-29');
    assert.equal(addMonths('2026-05-31', -1), '2026-04-30');
  });
  test('addYears turns Feb 29 into Feb 28 in a common year', () => {
    assert.equal(addYears('2024-02-29', -1), '2023-02-28');
    assert.equal(addYears('2026-11-23', -10), '2016-11-23');
  });
});

describe('isIsoDate and todayUtc', () => {
  test('only real calendar dates written yyyy-MM-dd', () => {
    assert.ok(isIsoDate('2024-02-29'));
    for (const bad of ['2023-02-29', '2026-13-01', '2026-00-10', '2026-1-5', '20261105', '', null, 20260101]) assert.ok(!isIsoDate(bad), String(bad));
  });
  test('today is the UTC date of the instant', () => {
    assert.equal(todayUtc(new Date('2026-11-23T23:59:59-05:00')), '2026-11-24');
    assert.equal(todayUtc(new Date('2026-11-23T00:00:00Z')), '2026-11-23');
  });
});
