// The "New run" view: the configuration form. Values go through lib/request.js (form values ↔ RunRequest) and
// lib/validation.js (the server's rules, with the server's limits) before anything is sent; server field errors are
// shown the same way, next to the matching control.

import { addMonths, todayUtc } from '../lib/dates.js';
import { capitalize, formatMoneyInput, parseMoney, plural } from '../lib/format.js';
import { NO_LIMITS, readLimits } from '../lib/limits.js';
import { describePlaces, readPlaces, splitMarkets } from '../lib/markets.js';
import { buildRequest, formValuesFromRequest, SCALAR_FIELDS } from '../lib/request.js';
import { describeRosterRead, parseRoster } from '../lib/roster.js';
import { runHash } from '../lib/routes.js';
import { fieldChain, validateRequest } from '../lib/validation.js';
import { apiJson, AuthError } from './api.js';
import { $, $$, banner, el, setText, showView } from './dom.js';
import { scheduleEstimate } from './estimate.js';
import { pollRuns } from './runs.js';
import { state } from './state.js';

const DEFAULTS_MAX_AGE_MS = 60_000;

export function initForm() {
  $('#run-form').addEventListener('submit', onLaunch);
  $('#add-tier').addEventListener('click', addTier);
  $('#preset-window').addEventListener('click', presetWindow);
  $('#reset-defaults').addEventListener('click', resetToDefaults);
  $('#scope-markets').addEventListener('change', syncScope);
  $('#scope-roster').addEventListener('change', syncScope);
  $('#roster').addEventListener('change', onRosterChosen);
  $('#markets').addEventListener('input', showPlaces);
  $('#rollingMonths').addEventListener('input', syncWindow);
  // The estimate follows the form (debounced in ui/estimate.js).
  $('#run-form').addEventListener('input', requestEstimate);
  $('#run-form').addEventListener('change', requestEstimate);
  const tierList = $('#tier-list');
  tierList.addEventListener('input', (event) => {
    const item = event.target.closest('li');
    const node = item?.querySelector('.tier-error');
    if (node) node.textContent = '';
    if (item && event.target.classList.contains('tier-name-input')) labelTierButtons(item);
  });
  // Money shows its thousands separators once typed (not while typing: the caret would jump).
  tierList.addEventListener('change', (event) => {
    if (event.target.classList.contains('tier-volume-input')) {
      const value = parseMoney(event.target.value);
      if (Number.isFinite(value)) event.target.value = formatMoneyInput(value);
    }
  });
}

/** GET /config/defaults: the default request, the limits the page checks, the places of the markets. */
export async function loadDefaults() {
  const result = await apiJson('GET', '/config/defaults');
  if (!result.ok || !result.data) throw new Error('defaults: HTTP ' + result.status);
  state.defaults = result.data;
  state.defaultsAt = Date.now();
  state.limits = readLimits(result.data);
  state.places = readPlaces(result.data);
  applyLimits();
  showPlaces();
  return state.defaults;
}

export async function showNewRun() {
  state.view = 'new';
  showView('new');
  try {
    // Refreshed when a minute old: "today" (the latest as-of date) moves on while a tab stays open.
    if (!state.defaults || Date.now() - state.defaultsAt > DEFAULTS_MAX_AGE_MS) await loadDefaults();
  } catch (error) {
    if (error instanceof AuthError) return;
    banner('Could not load the defaults: ' + error.message);
  }
  if (state.prefill) {
    fillForm(state.prefill.request, state.prefill.concurrency);
    setText($('#form-status'), 'Settings loaded from run ' + state.prefill.from + '.');
    state.prefill = null;
  } else if (!$('#run-form').dataset.filled) {
    fillForm(state.defaults || { tiers: [{ name: '' }] }, null);
  }
  pollRuns($('#recent-runs'), 10);
}

/** Controls whose hints and bounds come from the server's limits (nothing here is a copy of a server number). */
function applyLimits() {
  const limits = state.limits;
  const pages = $('#maxPages');
  setRange(pages, limits.maxPages);
  setText($('#maxPages-range'), limits.maxPages ? `(${limits.maxPages.min}–${limits.maxPages.max})` : '');
  setRange($('#concurrency'), limits.concurrency);
  setText($('#concurrency-range'), limits.concurrency ? `(${limits.concurrency.min}–${limits.concurrency.max}, blank = default)` : '(blank = default)');
  const preset = $('#preset-window');
  preset.hidden = !limits.defaultWindowMonths;
  setText(preset, limits.defaultWindowMonths ? `Last ${plural(limits.defaultWindowMonths, 'month')}` : '');
  for (const input of $$('.tier-name-input')) setMaxLength(input);
}

function setRange(input, range) {
  if (range) {
    input.min = String(range.min);
    input.max = String(range.max);
  } else {
    input.removeAttribute('min');
    input.removeAttribute('max');
  }
}

function setMaxLength(input) {
  if (state.limits.tierNameMaxLength) input.maxLength = state.limits.tierNameMaxLength;
  else input.removeAttribute('maxlength');
}

function resetToDefaults() {
  if (state.defaults) fillForm(state.defaults, null);
  else banner('The defaults are not loaded; reload the page.');
}

/** Shows a request in the form: the defaults, or a finished run's exact request ("run again"). */
export function fillForm(request, concurrency) {
  $('#run-form').dataset.filled = '1';
  writeValues(formValuesFromRequest(request, concurrency));
  clearErrors();
  requestEstimate();
}

/** The form as a request when it passes the page's checks, for the estimate; else how many problems it has. */
function requestEstimate() {
  const { request, errors: inputErrors } = buildRequest(readValues(), state.limits || NO_LIMITS);
  const errors = validateRequest(request, inputErrors, state.limits || NO_LIMITS);
  scheduleEstimate(errors.length ? null : request, plural(errors.length, 'problem') + ' to fix');
}

/** A rolling window replaces the fixed dates: they are greyed out (and not sent) while it is filled. */
function syncWindow() {
  const rolling = $('#rollingMonths').value.trim() !== '';
  for (const id of ['#soldSince', '#asOf', '#preset-window']) $(id).disabled = rolling;
  $('#fixed-window').classList.toggle('muted', rolling);
}

function writeValues(values) {
  renderTiers(values.tiers);
  for (const field of SCALAR_FIELDS) {
    const control = $('#' + field.key);
    if (field.kind === 'flag') control.checked = !!values[field.key];
    else control.value = values[field.key];
  }
  state.roster = values.roster;
  $('#roster').value = '';
  setText($('#roster-summary'), values.roster ? plural(values.roster.length, 'agent') + ' from the earlier run.' : '');
  $('#markets').value = values.markets;
  $('#scope-roster').checked = values.scope === 'roster';
  $('#scope-markets').checked = values.scope !== 'roster';
  syncScope();
  $('#concurrency').value = values.concurrency;
  syncWindow();
  showPlaces();
}

/** The form's values as plain data (lib/request.js FormValues). */
function readValues() {
  const values = {
    tiers: readTiers(),
    scope: $('#scope-roster').checked ? 'roster' : 'markets',
    markets: $('#markets').value,
    roster: state.roster,
    concurrency: $('#concurrency').value,
  };
  for (const field of SCALAR_FIELDS) {
    const control = $('#' + field.key);
    values[field.key] = field.kind === 'flag' ? control.checked : control.value;
  }
  return values;
}

function readTiers() {
  return $$('#tier-list > li').map((item) => ({
    name: $('.tier-name-input', item).value,
    minVolume: $('.tier-volume-input', item).value,
    minSides: $('.tier-sides-input', item).value,
    selected: $('.tier-selected-input', item).checked,
  }));
}

function renderTiers(tiers) {
  const list = $('#tier-list');
  list.replaceChildren(...tiers.map((tier, i) => tierRow(tier, i, tiers.length)));
  requestEstimate();
}

function tierRow(tier, i, count) {
  const label = tier.name ? 'tier ' + tier.name : 'tier ' + (i + 1);
  const name = el('input', {
    id: 'tier-name-' + i, className: 'tier-name-input', 'data-field': `tiers[${i}].name`, type: 'text', value: tier.name ?? '',
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `tier-name-${i}-error`,
  });
  setMaxLength(name);
  return el('li', { className: 'tier', 'data-index': i },
    el('div', { className: 'field tier-name' },
      el('label', { for: 'tier-name-' + i, text: 'Name' }),
      name,
      el('p', { className: 'error', id: `tier-name-${i}-error`, 'data-error-for': `tiers[${i}].name` })),
    el('div', { className: 'field' },
      el('label', { for: 'tier-volume-' + i, text: 'Min volume ($)' }),
      el('input', {
        id: 'tier-volume-' + i, className: 'tier-volume-input money', 'data-field': `tiers[${i}].minVolume`, type: 'text',
        inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', value: tier.minVolume ?? '',
        'aria-describedby': `volume-help tier-volume-${i}-error`,
      }),
      el('p', { className: 'error', id: `tier-volume-${i}-error`, 'data-error-for': `tiers[${i}].minVolume` })),
    el('div', { className: 'field' },
      el('label', { for: 'tier-sides-' + i, text: 'Min sides' }),
      el('input', {
        id: 'tier-sides-' + i, className: 'tier-sides-input', 'data-field': `tiers[${i}].minSides`, type: 'number', min: 0, step: 'any',
        inputmode: 'decimal', value: tier.minSides ?? '', 'aria-describedby': `sides-help tier-sides-${i}-error`,
      }),
      el('p', { className: 'error', id: `tier-sides-${i}-error`, 'data-error-for': `tiers[${i}].minSides` })),
    el('div', { className: 'check tier-select' },
      el('input', {
        id: 'tier-selected-' + i, className: 'tier-selected-input', 'data-field': `selectedTiers[${i}]`, type: 'checkbox',
        checked: !!tier.selected, 'aria-describedby': 'export-help',
      }),
      el('label', { for: 'tier-selected-' + i, text: 'Export' })),
    el('div', { className: 'tier-buttons' },
      el('button', { type: 'button', className: 'icon', 'aria-label': 'Move ' + label + ' up', title: 'Move up', disabled: i === 0, onclick: () => moveTier(i, -1), text: '↑' }),
      el('button', { type: 'button', className: 'icon', 'aria-label': 'Move ' + label + ' down', title: 'Move down', disabled: i === count - 1, onclick: () => moveTier(i, 1), text: '↓' }),
      el('button', { type: 'button', className: 'icon danger', 'aria-label': 'Remove ' + label, title: 'Remove', onclick: () => removeTier(i), text: '✕' })),
    el('p', { className: 'error tier-error', 'data-error-for': `tiers[${i}]`, 'aria-live': 'polite' }));
}

/** The row's buttons say which tier they act on ("Move tier B up"), following the name as it is typed. */
function labelTierButtons(item) {
  const index = Number(item.dataset.index);
  const name = $('.tier-name-input', item).value.trim();
  const label = name ? 'tier ' + name : 'tier ' + (index + 1);
  const [up, down, remove] = $$('.tier-buttons button', item);
  up.setAttribute('aria-label', 'Move ' + label + ' up');
  down.setAttribute('aria-label', 'Move ' + label + ' down');
  remove.setAttribute('aria-label', 'Remove ' + label);
}

function moveTier(index, delta) {
  const tiers = readTiers();
  const target = index + delta;
  if (target < 0 || target >= tiers.length) return;
  [tiers[index], tiers[target]] = [tiers[target], tiers[index]];
  renderTiers(tiers);
  clearErrors();
  $(`#tier-list > li:nth-child(${target + 1}) button[aria-label^="Move"]:not([disabled])`)?.focus();
}

function removeTier(index) {
  const tiers = readTiers();
  tiers.splice(index, 1);
  renderTiers(tiers);
  clearErrors();
}

function addTier() {
  const tiers = readTiers();
  tiers.push({ name: '', minVolume: '', minSides: '', selected: true });
  renderTiers(tiers);
  $(`#tier-name-${tiers.length - 1}`).focus();
}

function syncScope() {
  const roster = $('#scope-roster').checked;
  $('#roster-field').hidden = !roster;
  $('#markets-field').hidden = roster;
}

/** The city and state of the ZIPs typed, when the source knows them. */
function showPlaces() {
  setText($('#markets-places'), describePlaces(splitMarkets($('#markets').value), state.places) || '');
}

async function onRosterChosen() {
  const file = $('#roster').files[0];
  state.roster = null;
  setText($('#roster-summary'), '');
  if (!file) return;
  const read = parseRoster(await file.text());
  state.roster = read.rows;
  setText($('#roster-summary'), describeRosterRead(read, file.name));
  requestEstimate();
}

/** "Last N months": the server's default window, ending the server's today. */
function presetWindow() {
  const limits = state.limits;
  if (!limits.defaultWindowMonths) return;
  const asOf = limits.today || todayUtc();
  $('#asOf').value = asOf;
  $('#soldSince').value = addMonths(asOf, -limits.defaultWindowMonths);
  requestEstimate();
}

function clearErrors() {
  for (const node of $$('#run-form .error')) node.textContent = '';
  for (const node of $$('#run-form [aria-invalid]')) node.removeAttribute('aria-invalid');
}

/** Shows each error next to its field: the exact path, else its parent (tiers[1].x → tiers[1] → tiers), else the form. */
function showErrors(errors) {
  clearErrors();
  let firstInvalid = null;
  for (const error of errors) {
    const chain = fieldChain(error.field);
    const field = chain.find((f) => $(`#run-form [data-error-for="${CSS.escape(f)}"]`));
    const target = $(`#run-form [data-error-for="${CSS.escape(field)}"]`);
    const message = capitalize(error.message);
    target.textContent = target.textContent ? target.textContent + ' ' + message : message;
    const input = $(`#run-form [data-field="${CSS.escape(error.field)}"]`) || $(`#run-form [name="${CSS.escape(field)}"]`)
      || $(`#run-form [data-field^="${CSS.escape(field)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      if (!firstInvalid) firstInvalid = input;
    }
  }
  if ($('#advanced [aria-invalid]')) $('#advanced').open = true;
  if (firstInvalid) firstInvalid.focus();
}

async function onLaunch(event) {
  event.preventDefault();
  const limits = state.limits || NO_LIMITS;
  const { request, concurrency, errors: inputErrors } = buildRequest(readValues(), limits);
  const errors = validateRequest(request, inputErrors, limits);
  if (errors.length > 0) {
    showErrors(errors);
    setText($('#form-status'), `Not launched: ${plural(errors.length, 'problem')} to fix.`);
    return;
  }
  clearErrors();
  const button = $('#launch');
  button.disabled = true;
  setText($('#form-status'), 'Launching…');
  try {
    const query = concurrency ? '?concurrency=' + concurrency : '';
    const result = await apiJson('POST', '/runs' + query, request);
    if (result.status === 202) {
      setText($('#form-status'), 'Launched run ' + result.data.runId + '.');
      location.hash = runHash(result.data.runId);
    } else if (result.data && Array.isArray(result.data.errors)) {
      showErrors(result.data.errors);
      setText($('#form-status'), `Not launched: the server found ${plural(result.data.errors.length, 'problem')}.`);
    } else {
      setText($('#form-status'), 'Not launched: HTTP ' + result.status + '.');
    }
  } catch (error) {
    if (!(error instanceof AuthError)) setText($('#form-status'), 'Not launched: ' + error.message);
  } finally {
    button.disabled = false;
  }
}
