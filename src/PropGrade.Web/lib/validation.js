// The server's rules (contracts/runs-api.md; Core's RunRequestValidator), checked before a request is sent, with the
// same field paths ("tiers[1].minVolume", "markets[3]"). Every number comes from the server's limits (limits.js).
// Pure.

import { addYears, todayUtc } from './dates.js';
import { describeRange } from './limits.js';

/**
 * Every problem of a request, by field: the input errors of buildRequest first (not a number, no file), then the
 * rules. `options.today` is the fallback "today" when the server sent none (the browser's UTC date).
 * @param {object} request a RunRequest as buildRequest made it
 * @param {{field: string, message: string}[]} inputErrors
 * @param {import('./limits.js').Limits} limits
 */
export function validateRequest(request, inputErrors, limits, options = {}) {
  const errors = inputErrors.slice();
  const has = (field) => errors.some((e) => e.field === field || e.field.startsWith(field + '.') || e.field.startsWith(field + '['));
  validateTiers(request.tiers, limits, errors, has);
  validateWindow(request, limits, options.today || todayUtc(), errors);
  if (request.selectedTiers.length === 0) errors.push({ field: 'selectedTiers', message: 'select at least one tier.' });
  if (Number.isInteger(request.maxPages) && limits.maxPages && (request.maxPages < limits.maxPages.min || request.maxPages > limits.maxPages.max)) {
    errors.push({ field: 'maxPages', message: `must be ${describeRange(limits.maxPages)}.` });
  }
  if (request.markets) {
    if (request.markets.length === 0) errors.push({ field: 'markets', message: 'at least one market is required.' });
    request.markets.forEach((zip, i) => {
      if (!isZip(zip, limits)) errors.push({ field: `markets[${i}]`, message: `'${zip}' is not a ${limits.zipLength}-digit ZIP code.` });
    });
  }
  if (Array.isArray(request.roster) && request.roster.length === 0 && !has('roster')) {
    errors.push({ field: 'roster', message: 'a roster needs at least one advertiser id.' });
  }
  return errors;
}

/** A ZIP of the served length (any text passes when the server sent no length: it checks it itself). */
export function isZip(text, limits) {
  return !limits.zipLength || new RegExp(`^[0-9]{${limits.zipLength}}$`).test(text);
}

/**
 * A higher tier must be harder to meet on at least one criterion it names: a higher minimum than the lower tier's,
 * or a criterion the lower tier does not name.
 */
export function isHarder(higher, lower) {
  if (higher.minVolume === undefined && higher.minSides === undefined) return true; // reported on its own
  const onVolume = higher.minVolume !== undefined && (lower.minVolume === undefined || higher.minVolume > lower.minVolume);
  const onSides = higher.minSides !== undefined && (lower.minSides === undefined || higher.minSides > lower.minSides);
  return onVolume || onSides;
}

/** Where an error is shown: its own field, then each parent ("tiers[1].minVolume" → "tiers[1]" → "tiers"), then "$" (the form). */
export function fieldChain(field) {
  const chain = [];
  let current = field || '$';
  while (current) {
    chain.push(current);
    const parent = current.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === current) break;
    current = parent;
  }
  if (chain[chain.length - 1] !== '$') chain.push('$');
  return chain;
}

function validateTiers(tiers, limits, errors, has) {
  if (tiers.length === 0) errors.push({ field: 'tiers', message: 'at least one tier is required.' });
  if (limits.maxTiers && tiers.length > limits.maxTiers) errors.push({ field: 'tiers', message: `at most ${limits.maxTiers} tiers.` });
  const names = new Set();
  const reserved = limits.reservedTierNames.map((n) => n.toLowerCase());
  tiers.forEach((tier, i) => {
    const path = `tiers[${i}]`;
    const nameProblem = tierNameProblem(tier.name, names, limits, reserved);
    if (nameProblem) errors.push({ field: path + '.name', message: nameProblem });
    else names.add(tier.name);
    if (tier.minVolume === undefined && tier.minSides === undefined && !has(path + '.minVolume') && !has(path + '.minSides')) {
      errors.push({ field: path, message: 'needs a minimum volume and/or minimum sides.' });
    }
    if (tier.minVolume < 0) errors.push({ field: path + '.minVolume', message: 'must not be negative.' });
    if (tier.minSides < 0) errors.push({ field: path + '.minSides', message: 'must not be negative.' });
    if (i > 0 && !isHarder(tiers[i - 1], tier)) {
      errors.push({ field: path, message: `tiers must be strictly descending: '${tiers[i - 1].name}' is no harder to meet than '${tier.name}' on any criterion it names.` });
    }
  });
}

function tierNameProblem(name, earlier, limits, reserved) {
  if (!name) return 'must not be empty.';
  if (earlier.has(name)) return `'${name}' is used by an earlier tier; names must be unique.`;
  if (limits.tierNameMaxLength && [...name].length > limits.tierNameMaxLength) return `must be at most ${limits.tierNameMaxLength} characters.`;
  const forbidden = [...limits.tierNameForbidden].filter((c) => name.includes(c));
  if (forbidden.length > 0) return `must not contain ${forbidden.map((c) => `'${c}'`).join(' ')}.`;
  if (reserved.includes(name.toLowerCase())) return `'${name}' is reserved.`;
  return null;
}

function validateWindow(request, limits, fallbackToday, errors) {
  const { soldSince, asOf } = request;
  const rollingMax = limits.maxWindowYears ? limits.maxWindowYears * 12 : null;
  if (request.rollingMonths !== undefined && request.rollingMonths !== null
      && (request.rollingMonths < 1 || (rollingMax && request.rollingMonths > rollingMax))) {
    errors.push({ field: 'rollingMonths', message: rollingMax ? `must be from 1 to ${rollingMax} months.` : 'must be at least 1 month.' });
  }
  if (soldSince && asOf) {
    if (soldSince > asOf) {
      errors.push({ field: 'soldSince', message: `must not be after the as-of date (${asOf}).` });
    } else if (limits.maxWindowYears && soldSince < addYears(asOf, -limits.maxWindowYears)) {
      errors.push({ field: 'soldSince', message: `the window may span at most ${limits.maxWindowYears} years.` });
    }
  }
  const today = limits.today || fallbackToday;
  if (asOf && asOf > today) errors.push({ field: 'asOf', message: `must not be in the future (today is ${today}).` });
  if (asOf && limits.minAsOf && asOf < limits.minAsOf) errors.push({ field: 'asOf', message: `must not be before ${limits.minAsOf}.` });
}
