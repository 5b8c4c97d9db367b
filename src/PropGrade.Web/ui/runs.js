// The runs list (the "Runs" view and "Recent runs" beside the form), polled while it is shown.

import { formatCount, formatTime } from '../lib/format.js';
import { scopeText } from '../lib/markets.js';
import { runHash } from '../lib/routes.js';
import { runTitle, tierCountsText, windowText } from '../lib/runinfo.js';
import { apiJson, AuthError } from './api.js';
import { el, setText } from './dom.js';
import { ACTIVE, schedule, state } from './state.js';

/** Polls GET /runs into `container`: every 1.5 s while a run is active, else every 8 s, while its view is shown. */
export async function pollRuns(container, limit) {
  let runs = [];
  try {
    const result = await apiJson('GET', '/runs?limit=' + limit);
    if (!result.ok) throw new Error('HTTP ' + result.status);
    runs = result.data.runs;
    renderRuns(container, runs);
  } catch (error) {
    if (error instanceof AuthError) return;
    setText(container, 'Could not load the runs: ' + error.message);
  }
  const view = state.view;
  if (view === 'new' || view === 'runs') {
    schedule(() => { if (state.view === view) pollRuns(container, limit); }, runs.some((r) => ACTIVE.has(r.status)) ? 1500 : 8000);
  }
}

export function statusBadge(status) {
  return el('span', { className: 'status status-' + String(status).toLowerCase(), text: status });
}

function renderRuns(container, runs) {
  if (runs.length === 0) {
    container.replaceChildren(el('p', { className: 'hint', text: 'No runs yet.' }));
    return;
  }
  // On a phone each row becomes a small card: every cell carries its header (data-label, shown by app.css).
  const cell = (label, attrs, ...children) => el('td', { 'data-label': label, ...attrs }, ...children);
  const rows = runs.map((run) => el('tr', { 'data-run-id': run.runId },
    el('th', { scope: 'row', 'data-label': 'Run' },
      el('a', { href: runHash(run.runId), text: runTitle(run) }),
      run.name || (run.request && run.request.name) ? el('span', { className: 'hint run-created', text: formatTime(run.createdAt) }) : null),
    cell('Status', {}, statusBadge(run.status)),
    cell('Window', { text: windowText(run.request) }),
    cell('Agents from', { text: run.request ? scopeText(run.request) : '' }),
    cell('Tiers', { className: 'tier-counts', text: tierCountsText(run) || '—' }),
    cell('Agents graded', { className: 'num', text: `${formatCount(run.agentsDone)} / ${formatCount(run.agentsDiscovered)}` })));
  container.replaceChildren(el('div', { className: 'table-wrap' }, el('table', { className: 'runs stack' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Run' }), el('th', { scope: 'col', text: 'Status' }), el('th', { scope: 'col', text: 'Window' }),
      el('th', { scope: 'col', text: 'Agents from' }), el('th', { scope: 'col', text: 'Tiers' }),
      el('th', { scope: 'col', className: 'num', text: 'Agents graded' }))),
    el('tbody', {}, rows))));
}
