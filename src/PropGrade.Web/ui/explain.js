// "Why this tier": a modal dialog with every listing read for one agent (GET /runs/{id}/agents/{advertiserId}),
// its side, share, price, date, and whether and why it counted — the same as `propgrade explain RUNID ID`. Opened
// from the results table; focus goes into the dialog and back to the row's button when it closes (Esc or Close).

import {
  addedText, agentAs, dateText, integrityText, priceText, shareText, tierCriteria, tierOutcome, totalsText, verdictCounts, verdictLabel,
} from '../lib/explain.js';
import { plural } from '../lib/format.js';
import { apiJson, AuthError } from './api.js';
import { $, el, setText } from './dom.js';

let opener = null;
let seq = 0;

export function initExplain() {
  const dialog = $('#explain-dialog');
  $('#explain-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    seq++;
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => { if (event.target === dialog) dialog.close(); });
}

/** Opens the dialog for one agent of a run; `from` gets the focus back on close. */
export async function openExplain(run, row, from) {
  const dialog = $('#explain-dialog');
  opener = from || null;
  const mine = ++seq;
  setText($('#explain-title'), `Why ${row.name || row.advertiserId} is tier ${row.tier}`);
  setText($('#explain-summary'), 'Reading the stored responses…');
  $('#explain-body').replaceChildren();
  if (!dialog.open) dialog.showModal();
  $('#explain-close').focus();
  let result;
  try {
    result = await apiJson('GET', `/runs/${encodeURIComponent(run.runId)}/agents/${encodeURIComponent(row.advertiserId)}`);
  } catch (error) {
    if (error instanceof AuthError) { dialog.close(); return; }
    if (mine === seq) setText($('#explain-summary'), 'Could not explain this agent: ' + error.message);
    return;
  }
  if (mine !== seq) return;
  if (!result.ok || !result.data) {
    const message = result.data && result.data.errors ? result.data.errors.map((e) => e.message).join(' ') : 'HTTP ' + result.status;
    setText($('#explain-summary'), 'Could not explain this agent: ' + message);
    return;
  }
  render(result.data);
}

function render(x) {
  setText($('#explain-summary'), x.summary);
  const listings = x.listings || [];
  const counts = verdictCounts(listings);
  $('#explain-body').replaceChildren(
    el('h3', { text: 'Tiers' }),
    el('div', { className: 'table-wrap' }, el('table', { className: 'explain-tiers' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Tier' }), el('th', { scope: 'col', text: 'Needs' }), el('th', { scope: 'col', text: 'Outcome' }))),
      el('tbody', {}, (x.tiers || []).map((t) => el('tr', { 'data-tier': t.tier },
        el('th', { scope: 'row', text: t.tier }), el('td', { text: tierCriteria(t) }), el('td', { text: tierOutcome(t) })))))),
    el('p', { className: 'explain-totals', text: totalsText(x) }),
    el('h3', { text: `Listings read (${plural(listings.length, 'listing')})` }),
    el('p', { className: 'hint', text: counts.map((c) => `${c.label}: ${c.count}`).join(' · ') }),
    el('div', { className: 'table-wrap' }, el('table', { className: 'explain-listings' },
      el('caption', { className: 'visually-hidden', text: 'Every listing read for this agent, and whether it counted' }),
      el('thead', {}, el('tr', {}, ['Listing', 'Stage', 'Agent as', 'Share', 'Price', 'Date', 'Counted or why not'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, listings.map((l) => el('tr', { 'data-listing-id': l.listingId, 'data-verdict': l.verdict, className: l.counted ? 'counted' : 'not-counted' },
        el('th', { scope: 'row', text: l.listingId }),
        el('td', { text: `${l.stage} p${l.page}` }),
        el('td', { text: agentAs(l) }),
        el('td', { className: 'num', text: shareText(l) }),
        el('td', { className: 'num', text: priceText(l) }),
        el('td', { text: dateText(l) }),
        el('td', { 'data-column': 'verdict', text: l.counted ? `Counted ${addedText(l)}` : (l.reason || 'Not counted: ' + verdictLabel(l.verdict)) })))))),
    (x.notes || []).length ? el('ul', { className: 'hint' }, x.notes.map((n) => el('li', { text: n }))) : null,
    x.integrity ? el('p', { className: 'hint', text: integrityText(x.integrity) }) : null);
}
