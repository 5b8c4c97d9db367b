// "Why this tier" (GET /runs/{id}/agents/{advertiserId}): the explanation's parts in words for the dialog. Pure: the
// dialog itself is ui/explain.js.

import { formatCount, formatMoney } from './format.js';
import { formatSides } from './agents.js';

/** Short labels of the verdict codes the grading rules give a listing (ListingVerdicts on the server). */
export const VERDICT_LABELS = Object.freeze({
  counted: 'Counted',
  previous_sale: 'Previous sale (never counts)',
  active_not_included: 'Active: not included',
  not_sold: 'Not sold',
  not_active: 'Not active',
  no_sold_date: 'No sale date',
  outside_window: 'Outside the window',
  duplicate_listing: 'Already counted',
  unknown_advertiser_type: 'Unknown advertiser type',
  not_on_listing: 'Agent not on it',
});

export function verdictLabel(code) {
  return VERDICT_LABELS[code] || code;
}

/** A tier's criteria: "$40,000,000", "$16,000,000 or 40 sides". */
export function tierCriteria(check) {
  const parts = [];
  if (check.minVolume !== null && check.minVolume !== undefined) parts.push(formatMoney(check.minVolume));
  if (check.minSides !== null && check.minSides !== undefined) parts.push(formatSides(check.minSides) + ' sides');
  return parts.join(' or ');
}

/** "met (volume)", "met (sides)", "met (volume and sides)", "not met", "not evaluated". */
export function tierOutcome(check) {
  if (!check.evaluated) return 'not evaluated (above the highest exported tier)';
  if (check.metByVolume && check.metBySides) return 'met (volume and sides)';
  if (check.metByVolume) return 'met (volume)';
  if (check.metBySides) return 'met (sides)';
  return 'not met';
}

/** The agent's part of a listing: "seller", "co_seller + buyer"; "—" when not on it. */
export function agentAs(listing) {
  return listing.agentTypes && listing.agentTypes.length ? listing.agentTypes.join(' + ') : '—';
}

/** The agent's share: "1", "0.5 + 1" (listing side + buyer side); "—" when none. */
export function shareText(listing) {
  const parts = [listing.listingShare, listing.buyerShare].filter((s) => s > 0).map(formatSides);
  return parts.length ? parts.join(' + ') : '—';
}

/** The price shown: the counted price (marked when the sale price was undisclosed), else the sold or list price. */
export function priceText(listing) {
  if (listing.price !== null && listing.price !== undefined) {
    return formatMoney(listing.price) + (listing.undisclosed ? ' (list price; sale price undisclosed)' : '');
  }
  if (listing.soldPrice !== null && listing.soldPrice !== undefined) return formatMoney(listing.soldPrice);
  if (listing.listPrice !== null && listing.listPrice !== undefined) return formatMoney(listing.listPrice) + ' (list)';
  return '—';
}

/** The date that matters: the sale date, a non-sold listing's previous sale, else the list date. */
export function dateText(listing) {
  if (listing.soldDate) return listing.soldDate;
  if (listing.previousSaleDate) return listing.previousSaleDate + ' (previous sale)';
  return listing.listDate ? listing.listDate + ' (listed)' : '—';
}

/** What a counted listing added: "+$500,000 · 1 side"; "" when not counted. */
export function addedText(listing) {
  if (!listing.counted) return '';
  const unit = listing.stage === 'active' ? 'active' : (listing.sides === 1 ? 'side' : 'sides');
  return `+${formatMoney(listing.volume)} · ${formatSides(listing.sides)} ${unit}`;
}

/** How many listings got each verdict, counted first: [{code, label, count}]. */
export function verdictCounts(listings) {
  const counts = new Map();
  for (const l of listings) counts.set(l.verdict, (counts.get(l.verdict) || 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => (a[0] === 'counted' ? -1 : b[0] === 'counted' ? 1 : b[1] - a[1]))
    .map(([code, count]) => ({ code, label: verdictLabel(code), count }));
}

/** The totals line: what the counted listings add up to, and whether that is the graded row. */
export function totalsText(explanation) {
  const t = explanation.totals;
  const parts = [`closed volume ${formatMoney(t.soldVolume)}`, `${formatSides(t.soldSides)} sides`];
  if (explanation.includeActive) parts.push(`active volume ${formatMoney(t.activeVolume)}`);
  parts.push(`${formatCount(t.pagesRead)} ${t.pagesRead === 1 ? 'page' : 'pages'} read`);
  return `The counted listings add up to ${parts.join(', ')}: ${explanation.matchesRow ? 'the graded figures.' : 'NOT the graded figures (see the notes).'}`;
}

/** The raw data's check in words. */
export function integrityText(integrity) {
  const groups = `${formatCount(integrity.exchangesRead)} stored responses in ${formatCount(integrity.groupsRead)} raw ${integrity.groupsRead === 1 ? 'group' : 'groups'}`;
  const checked = integrity.groupsUnverified > 0 ? `${formatCount(integrity.groupsUnverified)} without a manifest to check them` : 'each checked against the manifest';
  const failures = integrity.failures.length ? ` ${integrity.failures.length} raw ${integrity.failures.length === 1 ? 'group' : 'groups'} failed verification.` : '';
  return `Read from run ${integrity.rawRunId}'s raw store with no API call: ${groups}, ${checked}.${failures}`;
}
