// A finished run's results, shown first on its page: the graded agents table (search, filters, sorting and paging,
// all served by GET /runs/{id}/agents), the per-market breakdown and the top movers (GET /runs/{id}/breakdown). An
// agent's name opens "why this tier" (ui/explain.js). The query and the cells are lib/agents.js's.

import {
  agentsQuery, ariaSort, columnsFor, initialTable, MOVEMENT_FILTERS, movementText, pageSizeChoices, pageSummary,
  tierCountsLine, toggleSort, withFilter, withPage,
} from '../lib/agents.js';
import { formatCount, formatMoney, plural } from '../lib/format.js';
import { describeMarket } from '../lib/markets.js';
import { apiJson, AuthError } from './api.js';
import { $, el, setText } from './dom.js';
import { openExplain } from './explain.js';
import { state } from './state.js';

const SEARCH_DELAY_MS = 250;
const MARKETS_SHOWN = 10;

let table = initialTable();
let run = null;
let searchTimer = 0;
let requestSeq = 0;

export function initResults() {
  $('#results-filters').addEventListener('submit', (event) => event.preventDefault());
  $('#results-q').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => change('q', $('#results-q').value), SEARCH_DELAY_MS);
  });
  for (const [id, key] of [['#results-tier', 'tier'], ['#results-market', 'market'], ['#results-movement', 'movement'], ['#results-incomplete', 'incomplete']]) {
    $(id).addEventListener('change', (event) => change(key, event.target.value));
  }
  $('#results-page-size').addEventListener('change', (event) => {
    table = { ...withPage(table, 1), pageSize: Number(event.target.value) || null };
    load();
  });
  $('#results-previous').addEventListener('click', () => { table = withPage(table, table.page - 1); load(); });
  $('#results-next').addEventListener('click', () => { table = withPage(table, table.page + 1); load(); });
}

/** Hides the results (another run is shown, or this one is not finished). */
export function hideResults() {
  run = null;
  $('#run-results').hidden = true;
  $('#run-breakdown-block').hidden = true;
}

/** Shows a finished run's results: the table's controls for its tiers and markets, its first page, its breakdown. */
export function showResults(finishedRun) {
  if (run && run.runId === finishedRun.runId) return;
  run = finishedRun;
  table = initialTable(state.limits.agentsDefaultPageSize);
  $('#results-q').value = '';
  const tiers = [...(run.request.tiers || []).map((t) => t.name), 'Unranked'];
  fillSelect($('#results-tier'), [['', 'All tiers'], ...tiers.map((t) => [t, t])]);
  const markets = Array.isArray(run.request.markets) ? run.request.markets : [];
  fillSelect($('#results-market'), [['', markets.length ? 'All markets' : 'All agents'], ...markets.map((m) => [m, describeMarket(m, state.places)])]);
  $('#results-market').disabled = markets.length === 0;
  fillSelect($('#results-movement'), [['', 'Any movement'], ...MOVEMENT_FILTERS.map((m) => [m, m === 'none' ? 'no comparison' : movementText(m)])]);
  $('#results-incomplete').value = '';
  const sizes = pageSizeChoices(state.limits.agentsPageSize, state.limits.agentsDefaultPageSize);
  fillSelect($('#results-page-size'), sizes.map((n) => [String(n), String(n)]));
  $('#results-page-size').closest('.field').hidden = sizes.length === 0;
  if (table.pageSize) $('#results-page-size').value = String(table.pageSize);
  $('#run-results').hidden = false;
  setText($('#results-summary'), summaryText(run));
  renderHead();
  load();
  loadBreakdown(run);
}

function summaryText(r) {
  const graded = formatCount(r.agentsDone);
  const counts = r.tierCounts ? tierCountsLine([...(r.request.tiers || []).map((t) => t.name), 'Unranked'].filter((t) => t in r.tierCounts), r.tierCounts) : '';
  return `${graded} agents graded` + (counts ? ': ' + counts : '') + '.';
}

function fillSelect(select, options) {
  select.replaceChildren(...options.map(([value, label]) => el('option', { value, text: label })));
}

function change(key, value) {
  table = withFilter(table, key, value);
  load();
}

function renderHead() {
  const columns = columnsFor(run.request.includeActive);
  $('#results-head').replaceChildren(...columns.map((c) => el('th', {
    scope: 'col', className: c.numeric ? 'num' : null, 'aria-sort': ariaSort(table, c.sort), 'data-column': c.key,
  }, el('button', {
    type: 'button', className: 'sort', 'data-sort': c.sort,
    onclick: () => { table = toggleSort(table, c.sort); renderHead(); load(); $(`#results-head button[data-sort="${c.sort}"]`).focus(); },
  }, c.label, el('span', { className: 'sort-mark', 'aria-hidden': 'true', text: sortMark(c.sort) })))));
}

function sortMark(key) {
  const sort = ariaSort(table, key);
  return sort === 'ascending' ? ' ▲' : sort === 'descending' ? ' ▼' : '';
}

/** One page of agents from the server; an older answer arriving after a newer request is dropped. */
async function load() {
  if (!run) return;
  const seq = ++requestSeq;
  const runId = run.runId;
  const query = agentsQuery(table);
  setText($('#results-status'), 'Loading agents…');
  $('#results-table').setAttribute('aria-busy', 'true');
  let result;
  try {
    result = await apiJson('GET', `/runs/${encodeURIComponent(runId)}/agents` + (query ? '?' + query : ''));
  } catch (error) {
    if (error instanceof AuthError || seq !== requestSeq) return;
    setText($('#results-status'), 'Could not load the agents: ' + error.message);
    return;
  } finally {
    if (seq === requestSeq) $('#results-table').removeAttribute('aria-busy');
  }
  if (seq !== requestSeq || !run || run.runId !== runId) return;
  if (!result.ok) {
    const message = result.data && result.data.errors ? result.data.errors.map((e) => e.message).join(' ') : 'HTTP ' + result.status;
    $('#results-body').replaceChildren();
    setText($('#results-status'), 'The agents cannot be listed: ' + message);
    $('#results-previous').disabled = true;
    $('#results-next').disabled = true;
    return;
  }
  renderRows(result.data);
}

function renderRows(data) {
  const columns = columnsFor(run.request.includeActive);
  const rows = data.rows || [];
  $('#results-body').replaceChildren(...rows.map((row) => el('tr', { 'data-advertiser-id': row.advertiserId },
    columns.map((c) => c.key === 'name'
      ? el('th', { scope: 'row' }, el('button', {
        type: 'button', className: 'link agent-link', 'data-explain': row.advertiserId,
        'aria-label': `${c.text(row)}: why tier ${row.tier}`, onclick: (event) => openExplain(run, row, event.currentTarget), text: c.text(row),
      }))
      : el('td', { className: c.numeric ? 'num' : null, 'data-column': c.key, text: c.text(row) })))));
  const pager = pageSummary(data.total, data.page, data.pageSize);
  setText($('#results-status'), pager.text);
  setText($('#results-page'), `Page ${formatCount(data.page)} of ${formatCount(pager.pages)}`);
  $('#results-previous').disabled = !pager.hasPrevious;
  $('#results-next').disabled = !pager.hasNext;
  $('#results-estimated').hidden = !rows.some((r) => r.volumeEstimated);
}

async function loadBreakdown(forRun) {
  let result;
  try {
    result = await apiJson('GET', `/runs/${encodeURIComponent(forRun.runId)}/breakdown`);
  } catch (error) {
    if (error instanceof AuthError) return;
    result = { ok: false, status: error.message };
  }
  if (!run || run.runId !== forRun.runId) return;
  const block = $('#run-breakdown-block');
  if (!result.ok || !result.data) {
    block.hidden = true;
    return;
  }
  block.hidden = false;
  renderMarkets(result.data);
  renderMovers(result.data);
}

function renderMarkets(breakdown) {
  const markets = breakdown.markets || [];
  if (markets.length === 0) {
    $('#run-markets').replaceChildren(el('p', { className: 'hint', text: 'No graded agents.' }));
    return;
  }
  const tiers = breakdown.tiers || [];
  const table = (rows, caption) => el('div', { className: 'table-wrap' }, el('table', { className: 'markets' },
    el('caption', { className: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Market' }), el('th', { scope: 'col', className: 'num', text: 'Agents' }),
      tiers.map((t) => el('th', { scope: 'col', className: 'num', text: t })), el('th', { scope: 'col', className: 'num', text: 'Incomplete' }))),
    el('tbody', {}, rows.map((m) => el('tr', { 'data-market': m.market },
      el('th', { scope: 'row', text: m.market ? describeMarket(m.market, state.places) : 'Roster' }),
      el('td', { className: 'num', text: formatCount(m.agents) }),
      tiers.map((t) => el('td', { className: 'num', text: formatCount((m.tiers && m.tiers[t]) || 0) })),
      el('td', { className: 'num', text: formatCount(m.incomplete) }))))));
  // The markets with most agents first; the rest folded away (a run may cover hundreds of ZIPs).
  const shown = markets.slice(0, MARKETS_SHOWN);
  const rest = markets.slice(MARKETS_SHOWN);
  $('#run-markets').replaceChildren(
    table(shown, 'Graded agents per market and tier, most agents first'),
    ...(rest.length ? [el('details', { className: 'more-markets' },
      el('summary', { text: `${plural(rest.length, 'more market')}` }), table(rest, 'The other markets'))] : []));
}

function renderMovers(breakdown) {
  const list = (title, rows, kind) => el('div', { className: 'movers', 'data-movers': kind },
    el('h3', { text: title }),
    rows.length === 0 ? el('p', { className: 'hint', text: 'None.' }) : el('ol', {}, rows.map((row) => el('li', {},
      el('button', { type: 'button', className: 'link', 'data-explain': row.advertiserId, onclick: (event) => openExplain(run, row, event.currentTarget), text: row.name || row.advertiserId }),
      ` now ${row.tier} · ${formatMoney(Math.round(row.soldVolume))}`))));
  const up = breakdown.movedUp || [];
  const down = breakdown.movedDown || [];
  const none = up.length === 0 && down.length === 0;
  $('#run-movers').replaceChildren(...(none
    ? [el('p', { className: 'hint', text: 'No agent moved: there is no comparable previous run, or no agent changed tier.' })]
    : [list(`Moved up (${plural(up.length, 'agent')})`, up, 'up'), list(`Moved down (${plural(down.length, 'agent')})`, down, 'down')]));
}
