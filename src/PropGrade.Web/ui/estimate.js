// The estimate before launch (POST /runs/estimate): asked again, debounced, whenever the form changes and passes the
// page's checks; the answer in words is lib/estimate.js's. An answer for an older form is dropped.

import { describeEstimate } from '../lib/estimate.js';
import { apiJson, AuthError } from './api.js';
import { $, el } from './dom.js';

const DELAY_MS = 400;

let timer = 0;
let seq = 0;
let lastBody = '';

/** Asks for an estimate of `request` after a pause (null: the form is not valid; the estimate waits for it). */
export function scheduleEstimate(request, problems) {
  clearTimeout(timer);
  if (!request) {
    seq++;
    lastBody = '';
    show([el('p', { className: 'hint', text: `The estimate appears once the form is valid (${problems}).` })], 'waiting');
    return;
  }
  const body = JSON.stringify(request);
  if (body === lastBody) return;
  timer = setTimeout(() => fetchEstimate(request, body), DELAY_MS);
}

async function fetchEstimate(request, body) {
  const mine = ++seq;
  lastBody = body;
  $('#estimate-body').setAttribute('aria-busy', 'true');
  let result;
  try {
    result = await apiJson('POST', '/runs/estimate', request);
  } catch (error) {
    if (error instanceof AuthError || mine !== seq) return;
    lastBody = '';
    show([el('p', { className: 'hint', text: 'No estimate: ' + error.message })], 'failed');
    return;
  } finally {
    if (mine === seq) $('#estimate-body').removeAttribute('aria-busy');
  }
  if (mine !== seq) return;
  if (result.status === 404 || result.status === 405) {
    show([el('p', { className: 'hint', text: 'This server gives no estimate.' })], 'unavailable');
    return;
  }
  if (!result.ok || !result.data) {
    lastBody = '';
    const message = result.data && result.data.errors ? result.data.errors.map((e) => `${e.field}: ${e.message}`).join(' ') : 'HTTP ' + result.status;
    show([el('p', { className: 'hint', text: 'No estimate: ' + message })], 'failed');
    return;
  }
  const d = describeEstimate(result.data);
  show([
    el('p', { className: 'estimate-headline', 'data-estimate': 'headline', text: d.headline }),
    el('p', { className: d.quotaShort ? 'error' : '', 'data-estimate': 'quota', text: d.quota }),
    d.cost ? el('p', { 'data-estimate': 'cost', text: d.cost }) : null,
    el('p', { className: 'hint', text: d.basis }),
    d.notes.length ? el('ul', { className: 'hint' }, d.notes.map((n) => el('li', { text: n }))) : null,
  ], 'ready');
}

function show(children, status) {
  const body = $('#estimate-body');
  body.dataset.state = status;
  body.replaceChildren(...children.filter(Boolean));
}
