import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  agentsQuery, ariaSort, columnsFor, COLUMNS, formatSides, initialTable, movementText, pageSizeChoices, pageSummary,
  statusText, tierCountsLine, toggleSort, withFilter, withPage,
} from '../../../src/PropGrade.Web/lib/agents.js';

const ROW = {
  advertiserId: '2210987', name: 'Ann Lee', office: 'Lee Realty', contact: { city: 'Hoboken' }, market: '07030', tier: 'B',
  soldVolume: 16250000.4, soldSides: 12.5, activeVolume: 990000, volumeEstimated: true, movement: 'up', complete: false, stopReason: 'depth_cap',
};

describe('agents query', () => {
  test('the initial table sends only the page size', () => {
    assert.equal(agentsQuery(initialTable(50)), 'pageSize=50');
    assert.equal(agentsQuery(initialTable()), '');
  });
  test('filters, a trimmed search, a descending sort and the page', () => {
    let t = initialTable(25);
    t = withFilter(t, 'q', '  lee & co ');
    t = withFilter(t, 'tier', 'B');
    t = withFilter(t, 'market', '07030');
    t = withFilter(t, 'movement', 'up');
    t = withFilter(t, 'incomplete', 'true');
    t = toggleSort(t, 'soldVolume');
    t = withPage(t, 3);
    const params = new URLSearchParams(agentsQuery(t));
    assert.equal(params.get('q'), 'lee & co');
    assert.equal(params.get('tier'), 'B');
    assert.equal(params.get('market'), '07030');
    assert.equal(params.get('movement'), 'up');
    assert.equal(params.get('incomplete'), 'true');
    assert.equal(params.get('sort'), '-soldVolume');
    assert.equal(params.get('page'), '3');
    assert.equal(params.get('pageSize'), '25');
  });
  test('a filter change goes back to page 1', () => {
    const t = withFilter(withPage(initialTable(), 4), 'tier', 'A');
    assert.equal(t.page, 1);
    assert.equal(t.tier, 'A');
  });
  test('withPage never goes below 1', () => {
    assert.equal(withPage(initialTable(), 0).page, 1);
    assert.equal(withPage(initialTable(), -3).page, 1);
  });
});

describe('sorting', () => {
  test('a number column sorts from the top first, text from A, the same column flips', () => {
    const byVolume = toggleSort(initialTable(), 'soldVolume');
    assert.deepEqual([byVolume.sort, byVolume.descending], ['soldVolume', true]);
    assert.equal(ariaSort(byVolume, 'soldVolume'), 'descending');
    assert.equal(ariaSort(byVolume, 'name'), 'none');
    const flipped = toggleSort(byVolume, 'soldVolume');
    assert.equal(flipped.descending, false);
    assert.equal(ariaSort(flipped, 'soldVolume'), 'ascending');
    const byName = toggleSort(flipped, 'name');
    assert.deepEqual([byName.sort, byName.descending], ['name', false]);
    assert.equal(agentsQuery(byName), 'sort=name');
  });
  test('the default sort ascending is not sent; descending is', () => {
    const rank = initialTable();
    assert.equal(agentsQuery(rank), '');
    assert.equal(agentsQuery(toggleSort(rank, 'rank')), 'sort=-rank');
  });
});

describe('pager', () => {
  test('figures of a middle page, the last page and no match', () => {
    assert.deepEqual(pageSummary(1234, 2, 50), { from: 51, to: 100, pages: 25, hasPrevious: true, hasNext: true, text: 'Agents 51–100 of 1,234' });
    const last = pageSummary(1234, 25, 50);
    assert.equal(last.text, 'Agents 1,201–1,234 of 1,234');
    assert.equal(last.hasNext, false);
    assert.equal(pageSummary(0, 1, 50).text, 'No agent matches.');
    assert.equal(pageSummary(0, 1, 50).hasPrevious, false);
    assert.match(pageSummary(10, 5, 50).text, /past the end/);
  });
  test('page-size choices come from the served range and include the default', () => {
    assert.deepEqual(pageSizeChoices({ min: 1, max: 200 }, 50), [25, 50, 100, 200]);
    assert.deepEqual(pageSizeChoices({ min: 1, max: 60 }, 30), [25, 30, 50]);
    assert.deepEqual(pageSizeChoices(null, null), []);
  });
});

describe('cells', () => {
  test('every column has a label and text; active volume only when active listings count', () => {
    assert.ok(COLUMNS.every((c) => c.label && typeof c.text === 'function'));
    assert.ok(!columnsFor(false).some((c) => c.key === 'activeVolume'));
    assert.ok(columnsFor(true).some((c) => c.key === 'activeVolume'));
    const text = Object.fromEntries(columnsFor(true).map((c) => [c.key, c.text(ROW)]));
    assert.deepEqual(text, {
      name: 'Ann Lee', office: 'Lee Realty', city: 'Hoboken', market: '07030', tier: 'B', soldVolume: '$16,250,000*',
      soldSides: '12.5', activeVolume: '$990,000', movement: '↑ up', complete: 'Incomplete: depth_cap',
    });
  });
  test('a row without a name shows its advertiser id; no contact, no city', () => {
    const name = COLUMNS.find((c) => c.key === 'name');
    const city = COLUMNS.find((c) => c.key === 'city');
    assert.equal(name.text({ advertiserId: '42', name: '' }), '42');
    assert.equal(city.text({ advertiserId: '42' }), '');
  });
  test('movement, status, sides and tier counts', () => {
    assert.deepEqual(['up', 'down', 'same', 'new', '', null].map(movementText), ['↑ up', '↓ down', '= same', 'new', '—', '—']);
    assert.equal(statusText({ complete: true }), 'Complete');
    assert.equal(formatSides(12.04), '12');
    assert.equal(formatSides(0.5), '0.5');
    assert.equal(tierCountsLine(['A', 'B', 'Unranked'], { A: 3, Unranked: 1200 }), 'A 3 · B 0 · Unranked 1,200');
  });
});
