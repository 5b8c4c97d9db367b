import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRoute, runHash, tokenFromFragment } from '../../../src/PropGrade.Web/lib/routes.js';

describe('routes', () => {
  test('views by fragment', () => {
    assert.deepEqual(parseRoute(''), { view: 'new' });
    assert.deepEqual(parseRoute('#/'), { view: 'new' });
    assert.deepEqual(parseRoute('#/runs'), { view: 'runs' });
    assert.deepEqual(parseRoute('#/runs/20261123-abc_1.x'), { view: 'run', runId: '20261123-abc_1.x' });
    assert.deepEqual(parseRoute('#/runs/a/b'), { view: 'new' });
    assert.deepEqual(parseRoute('#/elsewhere'), { view: 'new' });
  });
  test('runHash round-trips through parseRoute', () => {
    assert.equal(runHash('r-1'), '#/runs/r-1');
    assert.deepEqual(parseRoute(runHash('run.2')), { view: 'run', runId: 'run.2' });
  });
  test('the token of the address propgrade serve prints', () => {
    assert.equal(tokenFromFragment('#token=X4A5uCQHqIsYB5Yu44_0u24c4Uy8HlidAACRmm6h0wQ'), 'X4A5uCQHqIsYB5Yu44_0u24c4Uy8HlidAACRmm6h0wQ');
    assert.equal(tokenFromFragment('#token=a%2Bb%3D'), 'a+b=');
    assert.equal(tokenFromFragment('#x=1&token=abc'), 'abc');
  });
  test('no token in route fragments, empty ones or none', () => {
    for (const hash of ['', '#', '#/', '#/runs/token=abc', '#token=', '#token=%20', '#tokens=abc', null, undefined]) {
      assert.equal(tokenFromFragment(hash), null, String(hash));
    }
  });
});
