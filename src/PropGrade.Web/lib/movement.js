// Tier movement of a finished run: the `movement` column of graded.csv counted, and the per-tier count change against
// the newest earlier finished run over the same markets or roster. Pure.

import { parseCsv } from './csv.js';

export const MOVEMENTS = ['up', 'down', 'same', 'new'];
const FINISHED_OK = new Set(['SUCCEEDED', 'PARTIAL']);

/**
 * Counts the `movement` column of a graded.csv: {up, down, same, new, none, total}. `none` counts rows without a
 * known movement (no previous run, or no such column); blank lines are ignored.
 */
export function countMovement(csvText) {
  const rows = parseCsv(csvText);
  const counts = { up: 0, down: 0, same: 0, new: 0, none: 0, total: 0 };
  if (rows.length === 0) return counts;
  const column = rows[0].indexOf('movement');
  for (const row of rows.slice(1)) {
    if (row.length === 1 && row[0] === '') continue;
    counts.total++;
    const value = column >= 0 ? (row[column] || '') : '';
    if (MOVEMENTS.includes(value)) counts[value]++;
    else counts.none++;
  }
  return counts;
}

/** What a run graded: its roster (sorted ids) or its markets (sorted ZIPs), as one comparable string. */
export function scopeKey(request) {
  return Array.isArray(request.roster)
    ? 'r:' + request.roster.map(String).sort().join(',')
    : 'm:' + (request.markets || []).slice().sort().join(',');
}

/** The newest finished (SUCCEEDED or PARTIAL) run created before `run` over the same scope; `runs` is newest first. */
export function findPrevious(run, runs) {
  const key = scopeKey(run.request);
  return runs.find((r) => r.runId !== run.runId && r.createdAt < run.createdAt
    && FINISHED_OK.has(r.status) && scopeKey(r.request) === key) || null;
}

/** The run's tier names in request order, then any other tier that has a count (e.g. Unranked). */
export function tierOrder(run) {
  const names = run.request.tiers.map((t) => t.name);
  for (const key of Object.keys(run.tierCounts || {})) if (!names.includes(key)) names.push(key);
  return names;
}

/** Per tier: this run's count, the previous run's and the change, for every tier either run counted. */
export function tierDeltas(run, previous) {
  const now = run.tierCounts || {};
  const before = previous.tierCounts || {};
  const order = tierOrder(run);
  return order
    .concat(Object.keys(before).filter((n) => !order.includes(n)))
    .filter((n) => n in now || n in before)
    .map((tier) => {
      const a = now[tier] || 0;
      const b = before[tier] || 0;
      return { tier, now: a, before: b, change: a - b };
    });
}

/** "+3", "-2", "0". */
export function signed(n) {
  return (n > 0 ? '+' : '') + n;
}
