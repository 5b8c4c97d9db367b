import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCsv } from '../../../src/PropGrade.Web/lib/csv.js';
import { countMovement, findPrevious, scopeKey, signed, tierDeltas, tierOrder } from '../../../src/PropGrade.Web/lib/movement.js';

const HEADER = 'advertiser_id,fulfillment_id,name,office,tier,sold_volume,sold_sides,active_volume,active_count,initial_tier,complete,stop_reason,pages_fetched,movement';

describe('parseCsv', () => {
  test('quoted fields, doubled quotes, CRLF and a BOM', () => {
    assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n'), [['a', 'b'], ['x, y', 'say "hi"']]);
  });
  test('line breaks inside quotes stay in the field; no trailing empty row', () => {
    assert.deepEqual(parseCsv('a\n"1\n2"\n'), [['a'], ['1\n2']]);
    assert.deepEqual(parseCsv('a,b'), [['a', 'b']]);
    assert.deepEqual(parseCsv(''), []);
  });
  test('empty fields are kept', () => {
    assert.deepEqual(parseCsv(',,\n'), [['', '', '']]);
  });
});

describe('countMovement', () => {
  test('counts each movement, and rows without one as none', () => {
    const csv = [HEADER,
      '1,11,Ann,O,A,50000000,30,0,0,A,true,tier_settled,2,new',
      '2,12,"Bob, Jr.",O,B,17000000,41,0,0,B,true,window_end,3,up',
      '3,13,Cy,O,B,17000000,41,0,0,B,true,window_end,3,up',
      '4,14,Di,O,C,6000000,13,0,0,C,true,window_end,3,down',
      '5,15,Ed,O,C,6000000,13,0,0,C,true,window_end,3,same',
      '6,16,Fa,O,C,6000000,13,0,0,C,true,window_end,3,',
      ''].join('\n');
    assert.deepEqual(countMovement(csv), { up: 2, down: 1, same: 1, new: 1, none: 1, total: 6 });
  });
  test('no movement column: every row is none', () => {
    assert.deepEqual(countMovement('advertiser_id,tier\n1,A\n2,B\n'), { up: 0, down: 0, same: 0, new: 0, none: 2, total: 2 });
  });
  test('an unknown value is not counted as a movement', () => {
    assert.equal(countMovement('movement\nsideways\n').none, 1);
  });
  test('empty file', () => {
    assert.equal(countMovement('').total, 0);
  });
});

describe('previous run', () => {
  const request = (markets, roster = null) => ({ tiers: [{ name: 'A' }, { name: 'B' }], markets, roster });
  const run = (id, createdAt, status, req, tierCounts = {}) => ({ runId: id, createdAt, status, request: req, tierCounts });

  test('scopeKey ignores order; roster and markets never match each other', () => {
    assert.equal(scopeKey(request(['90210', '07030'])), scopeKey(request(['07030', '90210'])));
    assert.notEqual(scopeKey(request(null, [7030])), scopeKey(request(['07030'])));
    assert.equal(scopeKey(request(null, [3, 1, 2])), scopeKey(request(null, [2, 3, 1])));
  });
  test('the newest earlier finished run over the same scope', () => {
    const current = run('r5', '2026-11-05T00:00:00Z', 'SUCCEEDED', request(['07030', '90210']));
    const runs = [
      run('r6', '2026-11-06T00:00:00Z', 'SUCCEEDED', request(['07030', '90210'])), // later
      current,
      run('r4', '2026-11-04T00:00:00Z', 'FAILED', request(['07030', '90210'])), // not finished well
      run('r3', '2026-11-03T00:00:00Z', 'SUCCEEDED', request(['10001'])), // other markets
      run('r2', '2026-11-02T00:00:00Z', 'PARTIAL', request(['90210', '07030'])), // this one
      run('r1', '2026-11-01T00:00:00Z', 'SUCCEEDED', request(['07030', '90210'])),
    ];
    assert.equal(findPrevious(current, runs).runId, 'r2');
    assert.equal(findPrevious(runs[5], runs), null);
  });
  test('tier order and per-tier change, tiers of either run included', () => {
    const now = run('b', 't', 'SUCCEEDED', request(['1']), { A: 3, B: 5, Unranked: 10 });
    const before = run('a', 't', 'SUCCEEDED', request(['1']), { A: 4, Unranked: 8, Old: 2 });
    assert.deepEqual(tierOrder(now), ['A', 'B', 'Unranked']);
    assert.deepEqual(tierDeltas(now, before), [
      { tier: 'A', now: 3, before: 4, change: -1 },
      { tier: 'B', now: 5, before: 0, change: 5 },
      { tier: 'Unranked', now: 10, before: 8, change: 2 },
      { tier: 'Old', now: 0, before: 2, change: -2 },
    ]);
    assert.equal(signed(3), '+3');
    assert.equal(signed(-2), '-2');
    assert.equal(signed(0), '0');
  });
});
