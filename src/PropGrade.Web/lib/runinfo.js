// How a run is named and summed up in the runs list and on its page: its name (or when it was created), its window,
// its tier counts. Pure.

import { formatCount, formatTime, plural } from './format.js';

/** The run's name when it has one, else when it was created. */
export function runTitle(run) {
  const name = run.name || (run.request && run.request.name);
  return name ? String(name) : formatTime(run.createdAt);
}

/** "2025-11-23 – 2026-11-23", with "last 12 months: " in front for a rolling window. */
export function windowText(request) {
  if (!request) return '';
  const range = request.soldSince && request.asOf ? `${request.soldSince} – ${request.asOf}` : '';
  if (!request.rollingMonths) return range;
  const rolling = `last ${plural(request.rollingMonths, 'month')}`;
  return range ? `${rolling}: ${range}` : rolling;
}

/** "A 12 · B 40 · C 100 · Unranked 300": the request's tiers in order, then any other counted tier. */
export function tierCountsText(run) {
  const counts = run.tierCounts || {};
  const names = (run.request ? run.request.tiers.map((t) => t.name) : []).filter((n) => n in counts);
  for (const key of Object.keys(counts)) if (!names.includes(key)) names.push(key);
  return names.map((n) => `${n} ${formatCount(counts[n])}`).join(' · ');
}
