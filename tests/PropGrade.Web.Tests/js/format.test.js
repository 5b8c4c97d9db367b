import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  capitalize, formatBytes, formatCount, formatDuration, formatMoney, formatMoneyInput, formatTime, groupDigits, parseMoney, plural,
} from '../../../src/PropGrade.Web/lib/format.js';

describe('groupDigits', () => {
  test('groups whole numbers in threes', () => {
    assert.equal(groupDigits('40000000'), '40,000,000');
    assert.equal(groupDigits('999'), '999');
    assert.equal(groupDigits('1000'), '1,000');
    assert.equal(groupDigits(1234567), '1,234,567');
  });
  test('keeps the sign and the fraction as written', () => {
    assert.equal(groupDigits('-1234.50'), '-1,234.50');
    assert.equal(groupDigits('1234567.125'), '1,234,567.125');
  });
  test('drops leading zeros but keeps a single zero', () => {
    assert.equal(groupDigits('0001000'), '1,000');
    assert.equal(groupDigits('0'), '0');
  });
  test('returns anything else unchanged', () => {
    assert.equal(groupDigits('12a'), '12a');
    assert.equal(groupDigits('1e21'), '1e21');
  });
});

describe('parseMoney', () => {
  test('accepts separators and a dollar sign', () => {
    assert.equal(parseMoney('16,000,000'), 16000000);
    assert.equal(parseMoney('$16,000,000'), 16000000);
    assert.equal(parseMoney(' 16 000 000 '), 16000000);
    assert.equal(parseMoney('16\u00a0000\u00a0000'), 16000000);
    assert.equal(parseMoney('16000000'), 16000000);
  });
  test('keeps cents and a sign', () => {
    assert.equal(parseMoney('1,000.50'), 1000.5);
    assert.equal(parseMoney('-5'), -5);
    assert.equal(parseMoney('-$5'), -5);
    assert.equal(parseMoney('7.'), 7);
  });
  test('blank is null (no criterion)', () => {
    assert.equal(parseMoney(''), null);
    assert.equal(parseMoney('   '), null);
    assert.equal(parseMoney(null), null);
    assert.equal(parseMoney(undefined), null);
  });
  test('anything else is NaN', () => {
    for (const bad of ['abc', '12abc', '1e6', '$', ',', '1.2.3', '--5', '.5']) assert.ok(Number.isNaN(parseMoney(bad)), bad);
  });
});

describe('formatMoneyInput', () => {
  test('shows numbers and typed text with separators', () => {
    assert.equal(formatMoneyInput(40000000), '40,000,000');
    assert.equal(formatMoneyInput('2500000'), '2,500,000');
    assert.equal(formatMoneyInput('2,500,000'), '2,500,000');
    assert.equal(formatMoneyInput('$1234.5'), '1,234.5');
  });
  test('round-trips through parseMoney without losing precision', () => {
    for (const n of [0, 1, 999.99, 5000000, 40000000, 123456789.125, 0.001]) assert.equal(parseMoney(formatMoneyInput(n)), n);
  });
  test('empty stays empty; unreadable text is left for the validator', () => {
    assert.equal(formatMoneyInput(''), '');
    assert.equal(formatMoneyInput(null), '');
    assert.equal(formatMoneyInput(undefined), '');
    assert.equal(formatMoneyInput('lots'), 'lots');
  });
});

describe('display formats', () => {
  test('money, counts and plurals', () => {
    assert.equal(formatMoney(40000000), '$40,000,000');
    assert.equal(formatMoney(1234.5), '$1,234.5');
    assert.equal(formatMoney(-2000), '-$2,000');
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(plural(1, 'problem'), '1 problem');
    assert.equal(plural(2, 'problem'), '2 problems');
    assert.equal(plural(1200, 'agent'), '1,200 agents');
    assert.equal(plural(0, 'entry', 'entries'), '0 entries');
    assert.equal(capitalize('must not be negative.'), 'Must not be negative.');
    assert.equal(capitalize(''), '');
  });
  test('time in a given zone', () => {
    assert.equal(formatTime('2026-11-23T14:05:09Z', 'UTC'), 'Nov 23, 2026, 2:05:09 PM');
    assert.equal(formatTime('not a date'), 'not a date');
  });
  test('durations: seconds, then minutes, then hours', () => {
    const at = (s) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
    assert.equal(formatDuration(at(0), at(45)), '45 s');
    assert.equal(formatDuration(at(0), at(119)), '119 s');
    assert.equal(formatDuration(at(0), at(120)), '2 min');
    assert.equal(formatDuration(at(0), at(119 * 60)), '119 min');
    assert.equal(formatDuration(at(0), at(6 * 3600 + 5 * 60)), '6 h 5 min');
    assert.equal(formatDuration(at(10), at(0)), '0 s');
  });
  test('bytes', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
    assert.equal(formatBytes(3 * 1024 * 1024 * 1024), '3.0 GB');
  });
});
