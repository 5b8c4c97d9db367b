// The results table of a finished run (GET /runs/{id}/agents): what the table asks for (filters, search, sort,
// page), the query string it sends, the sort a header click gives, the pager's figures, and the columns with their
// cell text. Pure: the DOM side is ui/results.js.

import { formatCount, formatMoney } from './format.js';

export const DEFAULT_SORT = 'rank';
export const MOVEMENT_FILTERS = Object.freeze(['up', 'down', 'same', 'new', 'none']);

/**
 * What the table shows, before any choice: every agent in the export order, first page. `pageSize` is the server's
 * default (limits.agentsDefaultPageSize) when known.
 * @returns {{q: string, tier: string, market: string, movement: string, incomplete: string, sort: string,
 *            descending: boolean, page: number, pageSize: number|null}}
 */
export function initialTable(pageSize = null) {
  return { q: '', tier: '', market: '', movement: '', incomplete: '', sort: DEFAULT_SORT, descending: false, page: 1, pageSize };
}

/** The query string of GET /runs/{id}/agents for a table state: empty filters and defaults left out. */
export function agentsQuery(table) {
  const params = new URLSearchParams();
  const q = String(table.q || '').trim();
  if (q) params.set('q', q);
  for (const key of ['tier', 'market', 'movement', 'incomplete']) if (table[key]) params.set(key, table[key]);
  if (table.sort && (table.sort !== DEFAULT_SORT || table.descending)) params.set('sort', (table.descending ? '-' : '') + table.sort);
  if (table.page > 1) params.set('page', String(table.page));
  if (table.pageSize) params.set('pageSize', String(table.pageSize));
  return params.toString();
}

/** A filter or the search changed: the new state, back on page 1. */
export function withFilter(table, name, value) {
  return { ...table, [name]: value, page: 1 };
}

/** Another page (never below 1; the server answers an empty page past the end). */
export function withPage(table, page) {
  return { ...table, page: Math.max(1, Math.trunc(Number(page)) || 1) };
}

/** The "rows per page" choices: 25, 50, 100, 200 within the served range, plus the served default; [] when unknown. */
export function pageSizeChoices(range, defaultSize) {
  if (!range) return [];
  const sizes = new Set([25, 50, 100, 200].filter((n) => n >= range.min && n <= range.max));
  if (defaultSize) sizes.add(defaultSize);
  return [...sizes].sort((a, b) => a - b);
}

/**
 * A header was clicked: the same column flips its direction; another column sorts by it, numbers and tiers from
 * the top (highest volume first), text from A. Back on page 1.
 */
export function toggleSort(table, key) {
  if (table.sort === key) return { ...table, descending: !table.descending, page: 1 };
  const column = COLUMNS.find((c) => c.sort === key);
  return { ...table, sort: key, descending: !!(column && column.numeric), page: 1 };
}

/** The header's aria-sort for a column key. */
export function ariaSort(table, key) {
  if (table.sort !== key) return 'none';
  return table.descending ? 'descending' : 'ascending';
}

/** The pager: {from, to, pages, hasPrevious, hasNext, text} ("Agents 51–100 of 1,234"; "No agent matches."). */
export function pageSummary(total, page, pageSize) {
  const size = Math.max(1, pageSize || 1);
  const pages = Math.max(1, Math.ceil(total / size));
  if (total === 0) return { from: 0, to: 0, pages, hasPrevious: page > 1, hasNext: false, text: 'No agent matches.' };
  const first = (page - 1) * size + 1;
  if (first > total) {
    return { from: 0, to: 0, pages, hasPrevious: page > 1, hasNext: false, text: `Page ${formatCount(page)} is past the end (${formatCount(total)} agents).` };
  }
  const to = Math.min(total, page * size);
  return { from: first, to, pages, hasPrevious: page > 1, hasNext: to < total, text: `Agents ${formatCount(first)}–${formatCount(to)} of ${formatCount(total)}` };
}

/** "Complete", or the stop reason of an incomplete agent ("Incomplete: depth_cap"). */
export function statusText(row) {
  return row.complete ? 'Complete' : 'Incomplete: ' + row.stopReason;
}

/** "↑ up", "↓ down", "= same", "new", "—" (no comparison). */
export function movementText(movement) {
  switch (movement) {
    case 'up': return '↑ up';
    case 'down': return '↓ down';
    case 'same': return '= same';
    case 'new': return 'new';
    default: return '—';
  }
}

/**
 * The table's columns: header, the sort key sent (the row's JSON field; `city` is contact.city), whether it is a
 * number (right-aligned; sorted from the top first), and the cell text. `activeOnly` columns show only when the run
 * counted active listings.
 */
export const COLUMNS = Object.freeze([
  { key: 'name', label: 'Agent', sort: 'name', text: (r) => r.name || r.advertiserId },
  { key: 'office', label: 'Office', sort: 'office', text: (r) => r.office || '' },
  { key: 'city', label: 'City', sort: 'city', text: (r) => (r.contact && r.contact.city) || '' },
  { key: 'market', label: 'Market', sort: 'market', text: (r) => r.market || '' },
  { key: 'tier', label: 'Tier', sort: 'tier', text: (r) => r.tier },
  { key: 'soldVolume', label: 'Closed volume', sort: 'soldVolume', numeric: true, text: (r) => formatMoney(Math.round(r.soldVolume)) + (r.volumeEstimated ? '*' : '') },
  { key: 'soldSides', label: 'Sides', sort: 'soldSides', numeric: true, text: (r) => formatSides(r.soldSides) },
  { key: 'activeVolume', label: 'Active volume', sort: 'activeVolume', numeric: true, activeOnly: true, text: (r) => formatMoney(Math.round(r.activeVolume)) },
  { key: 'movement', label: 'Movement', sort: 'movement', text: (r) => movementText(r.movement) },
  { key: 'complete', label: 'Status', sort: 'complete', text: statusText },
]);

/** The columns a run shows (active volume only when active listings counted). */
export function columnsFor(includeActive) {
  return COLUMNS.filter((c) => !c.activeOnly || includeActive);
}

/** Sides with at most one decimal: 12, 12.5. */
export function formatSides(value) {
  const n = Number(value);
  return Number.isFinite(n) ? String(Math.round(n * 10) / 10) : String(value);
}

/** "A 12 · B 40 · C 100 · Unranked 300" in the breakdown's tier order (zeros included). */
export function tierCountsLine(tiers, counts) {
  return tiers.map((t) => `${t} ${formatCount((counts && counts[t]) || 0)}`).join(' · ');
}
