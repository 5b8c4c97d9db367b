import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeMarket, describePlaces, placeName, readPlaces, scopeText, splitMarkets } from '../../../src/PropGrade.Web/lib/markets.js';
import { parseRoster } from '../../../src/PropGrade.Web/lib/roster.js';

const PLACES = readPlaces({ marketPlaces: { '07030': { city: 'Hoboken', state: 'NJ' }, 90210: { city: 'Beverly Hills', state: 'CA' }, bad: { city: 3 } } });

describe('markets and places', () => {
  test('readPlaces keeps well-formed entries only', () => {
    assert.deepEqual([...PLACES.keys()], ['90210', '07030']);
    assert.equal(readPlaces(null).size, 0);
    assert.equal(readPlaces({ marketPlaces: 'x' }).size, 0);
  });
  test('a ZIP with its city when known', () => {
    assert.equal(placeName('07030', PLACES), 'Hoboken, NJ');
    assert.equal(placeName('10001', PLACES), null);
    assert.equal(describeMarket('07030', PLACES), '07030 (Hoboken, NJ)');
    assert.equal(describeMarket('10001', PLACES), '10001');
  });
  test('the hint names known places, at most `max`, then how many more', () => {
    assert.equal(describePlaces(['07030', '10001', '90210'], PLACES), '07030 Hoboken, NJ · 90210 Beverly Hills, CA · and 1 more');
    assert.equal(describePlaces(['07030', '90210', '07030'], PLACES, 1), '07030 Hoboken, NJ · and 1 more');
    assert.equal(describePlaces(['07030'], PLACES), '07030 Hoboken, NJ');
    assert.equal(describePlaces(['10001'], PLACES), null);
    assert.equal(describePlaces([], PLACES), null);
  });
  test('splitMarkets and scopeText', () => {
    assert.deepEqual(splitMarkets(' 07030,90210\n\n10001 '), ['07030', '90210', '10001']);
    assert.deepEqual(splitMarkets(''), []);
    assert.equal(scopeText({ roster: [1, 2, 3] }), 'roster of 3');
    assert.equal(scopeText({ markets: ['1', '2'] }), '1, 2');
    assert.equal(scopeText({ markets: ['1', '2', '3', '4', '5'] }), '1, 2, 3 +2');
  });
});

describe('parseRoster', () => {
  test('first column, header skipped, blanks ignored, bad lines reported', () => {
    assert.deepEqual(parseRoster('advertiser_id,name\n1001,Ann\n1002,Bob\n\nx,Cy\n"1003";Dee\n1004\tEd\r\n'),
      { ids: [1001, 1002, 1003, 1004], skipped: [5] });
  });
  test('a numeric first line is data; a BOM is ignored', () => {
    assert.deepEqual(parseRoster('\uFEFF7\n8'), { ids: [7, 8], skipped: [] });
    assert.deepEqual(parseRoster(''), { ids: [], skipped: [] });
  });
});
