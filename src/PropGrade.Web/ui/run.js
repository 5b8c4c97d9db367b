// One run (#/runs/{id}): status and times, progress per stage, counters, the tier chart, movement versus the
// previous run, exports, settings and "Run again". Polled every second while QUEUED or RUNNING.

import { formatBytes, formatCount, formatDuration, formatMoney, formatTime, plural } from '../lib/format.js';
import { describeMarket, scopeText } from '../lib/markets.js';
import { countMovement, findPrevious, MOVEMENTS, signed, tierDeltas, tierOrder } from '../lib/movement.js';
import { runHash } from '../lib/routes.js';
import { runTitle, windowText } from '../lib/runinfo.js';
import { api, apiJson, AuthError } from './api.js';
import { $, banner, el, setText, showView, svg } from './dom.js';
import { hideResults, showResults } from './results.js';
import { statusBadge } from './runs.js';
import { ACTIVE, schedule, state } from './state.js';

export function initRun() {
  $('#run-again').addEventListener('click', runAgain);
}

export async function showRun(runId) {
  state.view = 'run';
  showView('run');
  if (state.runId !== runId) {
    state.runId = runId;
    state.runExtras = null;
    state.currentRun = null;
    setText($('#run-id'), runId);
    setText($('#run-name'), 'Run');
    setText($('#run-window'), '');
    hideResults();
    for (const id of ['#run-stages', '#run-figures', '#run-chart', '#run-movement', '#run-exports', '#run-settings']) $(id).replaceChildren();
    setText($('#run-status'), 'Loading…');
  }
  await refreshRun(runId);
}

async function refreshRun(runId) {
  if (state.view !== 'run' || state.runId !== runId) return;
  let run;
  try {
    const result = await apiJson('GET', '/runs/' + encodeURIComponent(runId));
    if (result.status === 404) {
      $('#run-status').replaceChildren(statusBadge('NOT FOUND'));
      setText($('#run-times'), 'No run with this id.');
      return;
    }
    if (!result.ok) throw new Error('HTTP ' + result.status);
    run = result.data;
  } catch (error) {
    if (error instanceof AuthError) return;
    setText($('#run-times'), 'Could not load the run: ' + error.message + ' (retrying)');
    schedule(() => refreshRun(runId), 3000);
    return;
  }
  renderRun(run);
  if (!ACTIVE.has(run.status) && run.agentsDone > 0) showResults(run);
  if (ACTIVE.has(run.status)) {
    schedule(() => refreshRun(runId), 1000);
  } else if (!state.runExtras || state.runExtras.runId !== runId) {
    state.runExtras = { runId, loading: true };
    await loadRunExtras(run);
  }
}

function renderRun(run) {
  state.currentRun = run;
  setText($('#run-name'), runTitle(run));
  document.title = runTitle(run) + ' · PropGrade';
  // The window the run graded (a rolling one resolved at the API's today when it started), else the request's.
  const windowOfRun = run.window && run.request ? Object.assign({}, run.request, { soldSince: run.window.soldSince, asOf: run.window.asOf }) : run.request;
  setText($('#run-window'), [windowText(windowOfRun), scopeText(run.request)].filter(Boolean).join(' · '));
  setText($('#run-again-hint'), run.request && run.request.rollingMonths
    ? `Same rolling window (last ${plural(run.request.rollingMonths, 'month')}), moved forward to today.`
    : 'Same fixed dates; fill "Rolling window" in the form to move them forward.');
  $('#run-status').replaceChildren(statusBadge(run.status));
  $('#run-status').dataset.status = run.status;
  const times = ['created ' + formatTime(run.createdAt)];
  if (run.startedAt) times.push('started ' + formatTime(run.startedAt));
  if (run.finishedAt) times.push('finished ' + formatTime(run.finishedAt) + ' (' + formatDuration(run.startedAt || run.createdAt, run.finishedAt) + ')');
  times.push('trigger: ' + run.trigger);
  setText($('#run-times'), times.join(' · '));
  const errorNode = $('#run-error');
  errorNode.hidden = !run.error;
  setText(errorNode, run.error ? 'Error: ' + run.error : '');

  const finished = !ACTIVE.has(run.status);
  const discovered = run.agentsDiscovered;
  const graded = run.agentsDone; // every agent with a result; incomplete and skipped ones included
  const stages = [
    ['Discovery', discovered > 0 || finished ? 1 : null, 1, discovered > 0 || finished ? plural(discovered, 'agent') + ' found' : 'finding agents…'],
    ['Stage 1: profiles', Math.min(run.agentsProfiled, discovered), discovered, `${formatCount(run.agentsProfiled)} / ${formatCount(discovered)}`],
    ['Stages 2–3: listings and grading', Math.min(graded, discovered), discovered, `${formatCount(graded)} / ${formatCount(discovered)}`],
    ['Exports', run.exports.length > 0 ? 1 : 0, 1, run.exports.length > 0 ? plural(run.exports.length, 'file') : (finished ? 'none' : 'waiting')],
  ];
  $('#run-stages').replaceChildren(...stages.map(([label, value, max, text], i) => {
    const id = 'stage-' + i;
    const bar = el('progress', { id, max: Math.max(max, 1) });
    if (value !== null) bar.value = value;
    return el('div', { className: 'stage' }, el('label', { for: id, text: label }), bar, el('span', { className: 'hint', text }));
  }));

  const figures = [
    ['Agents discovered', discovered], ['Agents done', run.agentsDone], ['of which incomplete', run.agentsIncomplete],
    ['of which skipped (out of reach)', run.agentsSkipped], ['API calls', run.apiCalls], ['Throttled', run.throttled], ['Retries', run.retries],
  ];
  $('#run-figures').replaceChildren(...figures.flatMap(([name, value]) => [
    el('dt', { text: name }), el('dd', { 'data-figure': name, text: formatCount(value) })]));

  renderChart(run);
  renderSettings(run.request);
  if (finished && state.runExtras && !state.runExtras.loading) renderExtras(run);
  if (!finished) {
    $('#run-exports').replaceChildren(el('li', { className: 'hint', text: 'Available when the run finishes.' }));
    $('#run-movement').replaceChildren(el('p', { className: 'hint', text: 'Available when the run finishes.' }));
  }
}

function renderChart(run) {
  const container = $('#run-chart');
  const counts = run.tierCounts || {};
  const names = tierOrder(run).filter((n) => n in counts);
  if (names.length === 0) {
    container.replaceChildren(el('p', { className: 'hint', text: ACTIVE.has(run.status) ? 'Available when the run finishes.' : 'No grades.' }));
    return;
  }
  const max = Math.max(1, ...names.map((n) => counts[n]));
  const rowHeight = 28;
  const width = 360;
  const labelWidth = 80;
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${names.length * rowHeight}`, role: 'img', class: 'chart',
    'aria-label': 'Agents per tier: ' + names.map((n) => `${n} ${counts[n]}`).join(', '),
  });
  names.forEach((name, i) => {
    const y = i * rowHeight;
    const barWidth = Math.round(((width - labelWidth - 60) * counts[name]) / max);
    const label = svg('text', { x: 0, y: y + 19, class: 'chart-label' });
    label.textContent = name;
    const exported = run.request.selectedTiers.includes(name);
    const bar = svg('rect', { x: labelWidth, y: y + 5, width: Math.max(barWidth, 1), height: rowHeight - 10, rx: 3, class: 'chart-bar' + (exported ? '' : ' chart-bar-muted') });
    const value = svg('text', { x: labelWidth + Math.max(barWidth, 1) + 6, y: y + 19, class: 'chart-value', 'data-tier': name });
    value.textContent = String(counts[name]);
    chart.append(label, bar, value);
  });
  const note = names.some((n) => !run.request.selectedTiers.includes(n))
    ? el('p', { className: 'hint', text: 'Grey: tiers not ticked for export (their agents are not exported).' }) : null;
  container.replaceChildren(chart, ...(note ? [note] : []));
}

function renderSettings(request) {
  const tiers = request.tiers.map((t) => {
    const parts = [];
    if (t.minVolume !== undefined && t.minVolume !== null) parts.push(formatMoney(t.minVolume));
    if (t.minSides !== undefined && t.minSides !== null) parts.push(t.minSides + ' sides');
    return `${t.name}: ${parts.join(' or ')}`;
  }).join('; ');
  const rows = [
    ['Tiers', tiers], ['Exported tiers', request.selectedTiers.join(', ')], ['Sold window', `${request.soldSince} to ${request.asOf}`],
    ['Active listings', request.includeActive ? 'included' : 'excluded'],
    ['Agents from', Array.isArray(request.roster) ? `roster (${plural(request.roster.length, 'id')})` : (request.markets || []).map((m) => describeMarket(m, state.places)).join(', ')],
    ['Max pages', request.maxPages],
  ];
  $('#run-settings').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
}

async function loadRunExtras(run) {
  const extras = { runId: run.runId, exports: [], movement: null, previous: null };
  try {
    const result = await apiJson('GET', `/runs/${encodeURIComponent(run.runId)}/exports`);
    if (result.ok) extras.exports = result.data.exports;
    const csv = extras.exports.find((e) => e.name === 'graded.csv');
    if (csv && csv.url.startsWith('/')) {
      const response = await api('GET', csv.url);
      if (response.ok) extras.movement = countMovement(await response.text());
    }
    const list = await apiJson('GET', '/runs?limit=100');
    if (list.ok) extras.previous = findPrevious(run, list.data.runs);
  } catch (error) {
    if (error instanceof AuthError) return;
    extras.failure = error.message;
  }
  if (state.runId !== run.runId) return;
  state.runExtras = extras;
  renderExtras(state.currentRun || run);
}

function renderExtras(run) {
  const extras = state.runExtras;
  const list = $('#run-exports');
  if (extras.exports.length === 0) {
    list.replaceChildren(el('li', { className: 'hint', text: extras.failure ? 'Could not list the exports: ' + extras.failure : 'No export files.' }));
  } else {
    list.replaceChildren(...extras.exports.map((link) => el('li', {},
      link.url.startsWith('/')
        ? el('button', { type: 'button', className: 'link', 'data-export': link.name, onclick: () => download(link), text: 'Download ' + link.name })
        : el('a', { href: link.url, download: link.name, 'data-export': link.name, rel: 'noreferrer', text: 'Download ' + link.name }),
      el('span', { className: 'hint', text: ' ' + formatBytes(link.sizeBytes) + (link.expiresAt ? ', link expires ' + formatTime(link.expiresAt) : '') }))));
  }
  renderMovement(run, extras);
}

function renderMovement(run, extras) {
  const container = $('#run-movement');
  const parts = [];
  if (extras.movement) {
    const m = extras.movement;
    if (m.total === m.none) {
      parts.push(el('p', { className: 'hint', text: 'No previous run over the same markets: every agent is new to the grades.' }));
    } else {
      parts.push(el('ul', { className: 'movement' },
        MOVEMENTS.map((k) => el('li', { 'data-movement': k }, el('strong', { text: formatCount(m[k] || 0) }), ' ' + k))));
    }
  }
  if (extras.previous) {
    const prev = extras.previous;
    parts.push(el('p', {}, 'Compared with ', el('a', { href: runHash(prev.runId), text: 'the previous run (' + formatTime(prev.createdAt) + ')' }), ':'));
    parts.push(el('div', { className: 'table-wrap' }, el('table', { className: 'delta' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Tier' }), el('th', { scope: 'col', className: 'num', text: 'This run' }),
        el('th', { scope: 'col', className: 'num', text: 'Previous' }), el('th', { scope: 'col', className: 'num', text: 'Change' }))),
      el('tbody', {}, tierDeltas(run, prev).map((d) => el('tr', {},
        el('th', { scope: 'row', text: d.tier }), el('td', { className: 'num', text: formatCount(d.now) }),
        el('td', { className: 'num', text: formatCount(d.before) }), el('td', { className: 'num', text: signed(d.change) })))))));
  } else if (!extras.movement) {
    parts.push(el('p', { className: 'hint', text: 'No previous run over the same markets.' }));
  }
  container.replaceChildren(...parts);
}

async function download(link) {
  try {
    const response = await api('GET', link.url);
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const anchor = el('a', { href: url, download: link.name, hidden: true });
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    if (!(error instanceof AuthError)) banner('Download failed: ' + error.message);
  }
}

/** Loads this run's exact request into the form. */
function runAgain() {
  const run = state.currentRun;
  if (!run) return;
  state.prefill = { request: run.request, concurrency: null, from: run.runId };
  location.hash = '#/';
}
