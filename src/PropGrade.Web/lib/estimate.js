// The estimate shown before launch (POST /runs/estimate) in words. Pure: the debounced request is ui/estimate.js.

import { formatCount, formatMoney, plural } from './format.js';

/** 45 → "45 s", 480 → "8 min", 7500 → "2 h 5 min", under a second → "under a second". */
export function formatSeconds(seconds) {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s < 0) return '';
  if (s < 1) return 'under a second';
  if (s < 120) return Math.round(s) + ' s';
  const minutes = Math.round(s / 60);
  if (minutes < 120) return minutes + ' min';
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "5 req/s", "0.5 req/s", "10,000 req/s". */
export function formatRate(rate) {
  const n = Number(rate);
  return Number.isFinite(n) ? `${n >= 10 ? formatCount(Math.round(n)) : Math.round(n * 100) / 100} req/s` : '';
}

/**
 * The estimate's lines: {headline, quota, cost, basis, notes, quotaShort}. `quota` says "unknown" when no response reported it;
 * `cost` is null where runs are not priced (locally).
 */
export function describeEstimate(estimate) {
  const headline = `About ${plural(estimate.agents, 'agent')} and ${plural(estimate.apiCalls, 'API call')} `
    + `(${formatCount(estimate.discoveryCalls)} for discovery): at least ${formatSeconds(estimate.durationSeconds)} at ${formatRate(estimate.requestsPerSecond)}`
    + (estimate.previousDurationSeconds !== null && estimate.previousDurationSeconds !== undefined ? `; the comparable run took ${formatSeconds(estimate.previousDurationSeconds)}.` : '.');
  let quota;
  if (estimate.quotaRemaining === null || estimate.quotaRemaining === undefined) {
    quota = 'Quota left: unknown (no response from the listing API has reported it yet).';
  } else {
    const after = estimate.quotaAfter;
    const limit = estimate.quotaLimit !== null && estimate.quotaLimit !== undefined ? ` of ${formatCount(estimate.quotaLimit)}` : '';
    quota = `Quota left: ${formatCount(estimate.quotaRemaining)}${limit}; ${after < 0 ? `short by ${formatCount(-after)} for this run` : `${formatCount(after)} after this run`}.`;
  }
  const cost = estimate.cost ? `AWS cost: about ${formatMoney(Math.round(estimate.cost.totalUsd * 100) / 100)} per run.` : null;
  return { headline, quota, cost, basis: 'Based on ' + estimate.basisText + '.', notes: estimate.notes || [], quotaShort: typeof estimate.quotaAfter === 'number' && estimate.quotaAfter < 0 };
}
