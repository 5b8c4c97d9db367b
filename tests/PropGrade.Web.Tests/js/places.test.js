import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeMarket, describePlaces, placeName, readPlaces, scopeText, splitMarkets } from '../../../src/PropGrade.Web/lib/markets.js';
import { describeRosterRead, parseRoster } from '../../../src/PropGrade.Web/lib/roster.js';

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
  test('rows of advertiser id and NRDS id; header skipped, blanks ignored, bad lines reported by reason', () => {
    assert.deepEqual(parseRoster('advertiser_id,nrds_id,name\n1001,N1,Ann\n1002,N2,Bob\n\nx,N3,Cy\n"1003";"N4";Dee\n1004\t\tEd\r\n'), {
      rows: [{ advertiserId: '1001', nrdsId: 'N1' }, { advertiserId: '1002', nrdsId: 'N2' }, { advertiserId: '1003', nrdsId: 'N4' }],
      skipped: [{ line: 5, reason: 'no advertiser id' }, { line: 7, reason: 'no NRDS id' }],
    });
  });
  test('an earlier export is read by its header, whatever the column order; duplicates kept once', () => {
    const graded = 'name,tier,advertiser_id,market,nrds_id\nAnn,A,1001,07030,N1\nBob,B,1002,07030,N2\nAnn,A,1001,07030,N1\n';
    assert.deepEqual(parseRoster(graded).rows, [{ advertiserId: '1001', nrdsId: 'N1' }, { advertiserId: '1002', nrdsId: 'N2' }]);
  });
  test('without a header the first two columns are the ids; a BOM is ignored; a header without nrds names every row', () => {
    assert.deepEqual(parseRoster('\uFEFF7,N7\n8,N8').rows, [{ advertiserId: '7', nrdsId: 'N7' }, { advertiserId: '8', nrdsId: 'N8' }]);
    assert.deepEqual(parseRoster(''), { rows: [], skipped: [] });
    assert.deepEqual(parseRoster('advertiser_id,name\n1001,Ann').skipped, [{ line: 2, reason: 'no NRDS id' }]);
  });
  test('describeRosterRead says how many agents and which lines were skipped', () => {
    assert.equal(describeRosterRead(parseRoster('1,N1\n2,N2'), 'r.csv'), '2 agents read from r.csv.');
    assert.equal(describeRosterRead(parseRoster('1,N1\n2'), 'r.csv'), '1 agent read from r.csv (1 line skipped: line 2 has no NRDS id).');
  });
});
