import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addedText, agentAs, dateText, integrityText, priceText, shareText, tierCriteria, tierOutcome, totalsText, verdictCounts, verdictLabel,
} from '../../../src/PropGrade.Web/lib/explain.js';

const SOLD = {
  stage: 'sold', verdict: 'counted', counted: true, agentTypes: ['seller', 'buyer'], listingShare: 0.5, buyerShare: 1,
  price: 500000, undisclosed: false, soldPrice: 500000, listPrice: 520000, soldDate: '2026-03-01', volume: 750000, sides: 1.5,
};

describe('explain rows', () => {
  test('side, share, price, date and what it added', () => {
    assert.equal(agentAs(SOLD), 'seller + buyer');
    assert.equal(agentAs({ agentTypes: [] }), '—');
    assert.equal(shareText(SOLD), '0.5 + 1');
    assert.equal(shareText({ listingShare: 0, buyerShare: 0 }), '—');
    assert.equal(priceText(SOLD), '$500,000');
    assert.equal(priceText({ ...SOLD, undisclosed: true }), '$500,000 (list price; sale price undisclosed)');
    assert.equal(priceText({ price: null, soldPrice: null, listPrice: 99 }), '$99 (list)');
    assert.equal(priceText({}), '—');
    assert.equal(dateText(SOLD), '2026-03-01');
    assert.equal(dateText({ previousSaleDate: '2019-01-01' }), '2019-01-01 (previous sale)');
    assert.equal(dateText({ listDate: '2026-01-01' }), '2026-01-01 (listed)');
    assert.equal(addedText(SOLD), '+$750,000 · 1.5 sides');
    assert.equal(addedText({ ...SOLD, sides: 1 }), '+$750,000 · 1 side');
    assert.equal(addedText({ ...SOLD, counted: false }), '');
  });
  test('verdicts: labels, unknown codes as is, counted first then most frequent', () => {
    assert.equal(verdictLabel('outside_window'), 'Outside the window');
    assert.equal(verdictLabel('brand_new_code'), 'brand_new_code');
    const counts = verdictCounts([{ verdict: 'not_sold' }, { verdict: 'outside_window' }, { verdict: 'outside_window' }, { verdict: 'counted' }]);
    assert.deepEqual(counts.map((c) => [c.code, c.count]), [['counted', 1], ['outside_window', 2], ['not_sold', 1]]);
  });
  test('tier checks', () => {
    assert.equal(tierCriteria({ minVolume: 16000000, minSides: 40 }), '$16,000,000 or 40 sides');
    assert.equal(tierCriteria({ minVolume: null, minSides: 12 }), '12 sides');
    assert.equal(tierOutcome({ evaluated: true, metByVolume: true, metBySides: false }), 'met (volume)');
    assert.equal(tierOutcome({ evaluated: true, metByVolume: true, metBySides: true }), 'met (volume and sides)');
    assert.equal(tierOutcome({ evaluated: true, metByVolume: false, metBySides: false }), 'not met');
    assert.match(tierOutcome({ evaluated: false }), /^not evaluated/);
  });
  test('totals and the raw data check', () => {
    const totals = { soldVolume: 750000, soldSides: 1.5, activeVolume: 0, pagesRead: 1 };
    assert.equal(totalsText({ totals, includeActive: false, matchesRow: true }),
      'The counted listings add up to closed volume $750,000, 1.5 sides, 1 page read: the graded figures.');
    assert.match(totalsText({ totals, includeActive: true, matchesRow: false }), /active volume \$0.*NOT the graded figures/);
    assert.equal(integrityText({ rawRunId: 'r1', exchangesRead: 3, groupsRead: 1, groupsUnverified: 0, failures: [] }),
      "Read from run r1's raw store with no API call: 3 stored responses in 1 raw group, each checked against the manifest.");
    assert.match(integrityText({ rawRunId: 'r1', exchangesRead: 3, groupsRead: 2, groupsUnverified: 1, failures: [{}] }), /1 without a manifest.*1 raw group failed/);
  });
});
