// The validation limits the server sends with GET /config/defaults (field `limits`), normalised. The page keeps no
// copy of any limit: a rule whose limit the server does not send is simply not checked here (the server checks every
// rule in any case and its field errors are shown the same way). Pure.

import { isIsoDate } from './dates.js';

/**
 * @typedef {{min: number, max: number}} Range
 * @typedef {{
 *   today: string|null, defaultWindowMonths: number|null, maxWindowYears: number|null, minAsOf: string|null,
 *   maxPages: Range|null, concurrency: Range|null, zipLength: number|null, maxTiers: number|null,
 *   tierNameMaxLength: number|null, tierNameForbidden: string, reservedTierNames: string[],
 *   agentsPageSize: Range|null, agentsDefaultPageSize: number|null
 * }} Limits
 */

/**
 * Reads `body.limits` (the /config/defaults answer). Served today: today, defaultWindowMonths, maxWindowYears,
 * maxPages {min,max}, concurrency {min,max}, zipLength, agentsPageSize {min,max} and agentsDefaultPageSize (the
 * results table's page sizes). Also honoured when a server sends them (rules of
 * contracts/runs-api.md the server does not enforce yet): maxTiers, tierNameMaxLength, tierNameForbidden (a string
 * of characters), reservedTierNames (compared ignoring case), minAsOf.
 * @returns {Limits}
 */
export function readLimits(body) {
  const raw = body && typeof body === 'object' && body.limits && typeof body.limits === 'object' ? body.limits : {};
  return Object.freeze({
    today: isIsoDate(raw.today) ? raw.today : null,
    defaultWindowMonths: positiveInt(raw.defaultWindowMonths),
    maxWindowYears: positiveInt(raw.maxWindowYears),
    minAsOf: isIsoDate(raw.minAsOf) ? raw.minAsOf : null,
    maxPages: range(raw.maxPages),
    concurrency: range(raw.concurrency),
    zipLength: positiveInt(raw.zipLength),
    maxTiers: positiveInt(raw.maxTiers),
    tierNameMaxLength: positiveInt(raw.tierNameMaxLength),
    tierNameForbidden: typeof raw.tierNameForbidden === 'string' ? raw.tierNameForbidden : '',
    reservedTierNames: Array.isArray(raw.reservedTierNames) ? raw.reservedTierNames.filter((n) => typeof n === 'string') : [],
    agentsPageSize: range(raw.agentsPageSize),
    agentsDefaultPageSize: positiveInt(raw.agentsDefaultPageSize),
  });
}

/** No limits known (before /config/defaults answered): only the structural rules are checked. */
export const NO_LIMITS = readLimits(null);

/** "between 1 and 20" for a range, or null. */
export function describeRange(r) {
  return r ? `between ${r.min} and ${r.max}` : null;
}

function positiveInt(value) {
  return Number.isInteger(value) && value > 0 ? value : null;
}

function range(value) {
  if (!value || typeof value !== 'object') return null;
  const { min, max } = value;
  return Number.isInteger(min) && Number.isInteger(max) && min <= max ? Object.freeze({ min, max }) : null;
}
