// The form's values (plain data, strings as typed) to a RunRequest and back. Pure: the DOM side (ui/form.js) only
// copies values in and out of the controls.

import { formatMoneyInput, parseMoney } from './format.js';
import { describeRange } from './limits.js';
import { splitMarkets } from './markets.js';

/**
 * Request fields held by one form control each (the control's id is the key), in request order. Kinds:
 * `date` (yyyy-MM-dd, required), `flag` (a checkbox), `count` (a whole number; `range` names its limit), `choice` (a
 * select or radio value, sent as is), `text` (trimmed; not sent when blank). `optional`: not sent when blank. To add a field such as `undisclosedPrice`: a control with that id in
 * index.html and one row here; the form reads, fills and resets it from this table.
 */
export const SCALAR_FIELDS = Object.freeze([
  { key: 'name', kind: 'text', optional: true },
  { key: 'rollingMonths', kind: 'count', optional: true },
  { key: 'soldSince', kind: 'date' },
  { key: 'asOf', kind: 'date' },
  { key: 'includeActive', kind: 'flag' },
  { key: 'undisclosedPrice', kind: 'choice' },
  { key: 'maxPages', kind: 'count', range: 'maxPages' },
]);

/**
 * The revision-2 fields (runs contract) sent only when filled, so a server that does not know them yet is not sent
 * them: `name`, and `rollingMonths`, which replaces `soldSince`/`asOf` (a window of the N months before the API's
 * today when the run starts; "run again" then moves forward in time).
 */
export const OPTIONAL_FIELDS = Object.freeze(SCALAR_FIELDS.filter((f) => f.optional).map((f) => f.key));

/** The fields a rolling window replaces. */
export const FIXED_WINDOW_FIELDS = Object.freeze(['soldSince', 'asOf']);

/**
 * @typedef {{name: string, minVolume: string, minSides: string, selected: boolean}} TierValues
 * @typedef {{tiers: TierValues[], scope: 'markets'|'roster', markets: string, roster: {advertiserId: string, nrdsId: string}[]|null,
 *            concurrency: string, [key: string]: any}} FormValues
 */

/**
 * Reads form values into {request, concurrency, errors}: `errors` are input problems (not a number, no roster file),
 * by field path; the rules are validation.js's. `concurrency` is a launch option (a query parameter), not part of
 * the request; null = the server's default.
 * @param {FormValues} values
 * @param {import('./limits.js').Limits} limits
 */
export function buildRequest(values, limits) {
  const errors = [];
  const tiers = values.tiers.map((t, i) => {
    const tier = { name: String(t.name ?? '').trim() };
    const volume = parseMoney(t.minVolume);
    if (Number.isNaN(volume)) errors.push({ field: `tiers[${i}].minVolume`, message: 'must be a number (dollars, e.g. 16,000,000).' });
    else if (volume !== null) tier.minVolume = volume;
    const sidesText = String(t.minSides ?? '').trim();
    if (sidesText !== '') {
      const sides = Number(sidesText);
      if (Number.isFinite(sides)) tier.minSides = sides;
      else errors.push({ field: `tiers[${i}].minSides`, message: 'must be a number.' });
    }
    return tier;
  });
  const request = { tiers };
  const rolling = String(values.rollingMonths ?? '').trim() !== '';
  for (const field of SCALAR_FIELDS) {
    if (rolling && FIXED_WINDOW_FIELDS.includes(field.key)) continue;
    const value = readScalar(field, values[field.key], limits, errors);
    if (value !== undefined) request[field.key] = value;
  }
  request.selectedTiers = values.tiers.filter((t) => t.selected).map((t) => String(t.name ?? '').trim());
  if (values.scope === 'roster') {
    if (!values.roster) errors.push({ field: 'roster', message: 'choose a roster file.' });
    request.roster = values.roster ? values.roster.slice() : [];
  } else {
    request.markets = splitMarkets(values.markets);
  }
  return { request, concurrency: readConcurrency(values.concurrency, limits, errors), errors };
}

/**
 * The form values that show a request (a default one, or a finished run's for "run again"): money with separators,
 * markets one string, the roster's ids kept.
 * @returns {FormValues}
 */
export function formValuesFromRequest(request, concurrency = null) {
  const selected = request.selectedTiers || [];
  const values = {
    tiers: (request.tiers || []).map((t) => ({
      name: t.name ?? '',
      minVolume: formatMoneyInput(t.minVolume),
      minSides: t.minSides === undefined || t.minSides === null ? '' : String(t.minSides),
      selected: selected.includes(t.name),
    })),
    scope: Array.isArray(request.roster) ? 'roster' : 'markets',
    markets: (request.markets || []).join(', '),
    roster: Array.isArray(request.roster) ? request.roster.slice() : null,
    concurrency: concurrency === null || concurrency === undefined ? '' : String(concurrency),
  };
  for (const field of SCALAR_FIELDS) {
    const value = request[field.key];
    values[field.key] = field.kind === 'flag' ? !!value : (value === undefined || value === null ? '' : String(value));
  }
  return values;
}

function readScalar(field, raw, limits, errors) {
  switch (field.kind) {
    case 'flag':
      return !!raw;
    case 'date':
      if (!raw) errors.push({ field: field.key, message: 'enter a date (YYYY-MM-DD).' });
      return raw || '';
    case 'count': {
      const text = String(raw ?? '').trim();
      if (text === '' && field.optional) return undefined;
      if (/^\d+$/.test(text)) return Number(text);
      const range = field.range ? describeRange(limits[field.range]) : null;
      errors.push({ field: field.key, message: range ? `must be a whole number ${range}.` : 'must be a whole number.' });
      return null;
    }
    case 'text': {
      const text = String(raw ?? '').trim();
      return text === '' ? undefined : text;
    }
    default: {
      const text = String(raw ?? '');
      return text === '' ? undefined : text;
    }
  }
}

function readConcurrency(raw, limits, errors) {
  const text = String(raw ?? '').trim();
  if (text === '') return null;
  const range = limits.concurrency;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isInteger(n) && (!range || (n >= range.min && n <= range.max))) return n;
  errors.push({ field: 'concurrency', message: range ? `must be a whole number from ${range.min} to ${range.max}.` : 'must be a whole number.' });
  return null;
}
