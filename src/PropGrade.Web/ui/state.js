// What the page holds between views, and its one poll timer (a view change stops the previous view's polling).

import { NO_LIMITS } from '../lib/limits.js';

export const ACTIVE = new Set(['QUEUED', 'RUNNING']);

export const state = {
  view: '',
  defaults: null,       // the /config/defaults answer (a RunRequest plus limits and marketPlaces)
  defaultsAt: 0,        // when it was fetched (Date.now())
  limits: NO_LIMITS,    // lib/limits.js readLimits(defaults)
  places: new Map(),    // ZIP → {city, state}, lib/markets.js readPlaces(defaults)
  prefill: null,        // {request, concurrency, from} to load into the form on its next showing
  roster: null,         // roster rows {advertiserId, nrdsId} read from the roster file (or a prefilled run)
  runId: null,
  currentRun: null,
  runExtras: null,      // {runId, exports, movement, previous} once a run has finished
};

let timer = 0;

export function stopPolling() {
  if (timer) clearTimeout(timer);
  timer = 0;
}

export function schedule(fn, ms) {
  stopPolling();
  timer = setTimeout(fn, ms);
}
