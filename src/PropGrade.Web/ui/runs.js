// The runs list (the "Runs" view and "Recent runs" beside the form), polled while it is shown.

import { formatCount, formatTime } from '../lib/format.js';
import { scopeText } from '../lib/markets.js';
import { runHash } from '../lib/routes.js';
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
  const rows = runs.map((run) => el('tr', { 'data-run-id': run.runId },
    el('td', {}, el('a', { href: runHash(run.runId), text: formatTime(run.createdAt) })),
    el('td', {}, statusBadge(run.status)),
    el('td', { text: scopeText(run.request) }),
    el('td', { className: 'num', text: `${formatCount(run.agentsDone)} / ${formatCount(run.agentsDiscovered)}` }),
    el('td', { className: 'num', text: formatCount(run.apiCalls) })));
  container.replaceChildren(el('div', { className: 'table-wrap' }, el('table', { className: 'runs' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'Created' }), el('th', { scope: 'col', text: 'Status' }),
      el('th', { scope: 'col', text: 'Agents from' }), el('th', { scope: 'col', className: 'num', text: 'Agents graded' }),
      el('th', { scope: 'col', className: 'num', text: 'API calls' }))),
    el('tbody', {}, rows))));
}
