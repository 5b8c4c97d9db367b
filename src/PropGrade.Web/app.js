// PropGrade config page: one static file, no build step, no inline script (the CSP forbids it).
// Talks to the runs API on the same origin (contracts/runs-api.md). Locally the API wants the bearer token that
// `propgrade serve` printed. On AWS the deployment puts /auth-config.json next to this file
// ({region, userPoolId, clientId, signInUrl, redirectUri}); its presence switches the page to Cognito's hosted
// sign-in (authorization code + PKCE) and the ID token is sent as the Authorization header.
'use strict';

(() => {
  const TOKEN_KEY = 'propgrade.token';
  const PKCE_KEY = 'propgrade.pkce';
  const ACTIVE = new Set(['QUEUED', 'RUNNING']);
  const MAX_PAGES = 20;
  const MAX_WINDOW_YEARS = 10;
  const MAX_CONCURRENCY = 64;
  const FALLBACK_TIERS = [
    { name: 'A', minVolume: 40000000 },
    { name: 'B', minVolume: 16000000, minSides: 40 },
    { name: 'C', minVolume: 5000000, minSides: 12 },
  ];

  const state = {
    config: { auth: 'token', cognito: null },
    defaults: null,
    prefill: null,        // {request, concurrency, from} to load into the form on the next render
    roster: null,         // advertiser ids read from the roster file (or a prefilled run)
    pollTimer: 0,
    view: '',
    runId: null,
    runExtras: null,      // {runId, exports, movement} fetched once a run has finished
  };

  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs = {}) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    return node;
  }

  // ---------------------------------------------------------------- API

  class AuthError extends Error {}

  function getToken() { return sessionStorage.getItem(TOKEN_KEY); }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    // The local server wants a bearer token; API Gateway's Cognito authorizer wants the raw ID token.
    if (token) headers.Authorization = state.config.auth === 'cognito' ? token : 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn('The access token was not accepted. Sign in again.');
      throw new AuthError('unauthorized');
    }
    return response;
  }

  async function apiJson(method, path, body) {
    const response = await api(method, path, body);
    const data = await response.json().catch(() => null);
    return { status: response.status, ok: response.ok, data };
  }

  // ---------------------------------------------------------------- sign-in

  function showSignIn(message) {
    stopPolling();
    showView('signin');
    $('#sign-out').hidden = true;
    const cognito = state.config.auth === 'cognito';
    $('#token-form').hidden = cognito;
    $('#cognito-signin').hidden = !cognito;
    setText($('#token-error'), cognito ? '' : message || '');
    setText($('#cognito-error'), cognito ? message || '' : '');
    if (!cognito) $('#token').focus();
  }

  async function onTokenSubmit(event) {
    event.preventDefault();
    const token = $('#token').value.trim();
    if (!token) {
      setText($('#token-error'), 'Enter the access token.');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#token').value = '';
    try {
      await loadDefaults();
      setText($('#token-error'), '');
      route();
    } catch (error) {
      if (!(error instanceof AuthError)) setText($('#token-error'), 'Could not reach the server: ' + error.message);
    }
  }

  function base64Url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString(byteCount) {
    return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
  }

  function redirectUri() {
    return state.config.cognito.redirectUri || location.origin + location.pathname;
  }

  /** Cognito hosted UI, authorization code + PKCE (S256); the verifier and state wait in sessionStorage. */
  async function startCognitoSignIn() {
    const c = state.config.cognito;
    const verifier = randomString(48);
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const nonce = randomString(16);
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state: nonce }));
    const query = new URLSearchParams({
      response_type: 'code', client_id: c.clientId, redirect_uri: redirectUri(), scope: 'openid email',
      state: nonce, code_challenge_method: 'S256', code_challenge: challenge,
    });
    location.assign(c.signInUrl.replace(/\/$/, '') + '/oauth2/authorize?' + query.toString());
  }

  /** Back from the hosted UI with ?code=…&state=…: exchange the code for tokens and keep the ID token. */
  async function completeCognitoSignIn() {
    const params = new URLSearchParams(location.search);
    const code = params.get('code');
    if (state.config.auth !== 'cognito' || !code) return null;
    const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, '', location.pathname + '#/');
    if (!saved || saved.state !== params.get('state')) {
      return 'The sign-in answer did not match this browser session; sign in again.';
    }
    const c = state.config.cognito;
    const response = await fetch(c.signInUrl.replace(/\/$/, '') + '/oauth2/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: c.clientId, code, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
    });
    const tokens = response.ok ? await response.json() : null;
    if (!tokens || !tokens.id_token) return 'Sign-in failed (HTTP ' + response.status + '); try again.';
    sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
    return null;
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn('Signed out.');
  }

  // ---------------------------------------------------------------- views and routing

  function showView(name) {
    state.view = name;
    for (const section of $$('main > section')) section.hidden = section.id !== 'view-' + name;
  }

  function route() {
    stopPolling();
    if (!getToken()) {
      showSignIn();
      return;
    }
    $('#sign-out').hidden = false;
    const hash = location.hash || '#/';
    const runMatch = /^#\/runs\/([A-Za-z0-9._-]+)$/.exec(hash);
    if (runMatch) {
      showRun(decodeURIComponent(runMatch[1]));
    } else if (hash === '#/runs') {
      showView('runs');
      pollRuns($('#all-runs'), 100);
    } else {
      showNewRun();
    }
  }

  function stopPolling() {
    if (state.pollTimer) clearTimeout(state.pollTimer);
    state.pollTimer = 0;
  }

  function schedule(fn, ms) {
    stopPolling();
    state.pollTimer = setTimeout(fn, ms);
  }

  function setText(node, text) {
    if (node) node.textContent = text;
  }

  function banner(message) {
    const node = $('#global-message');
    node.textContent = message || '';
    node.hidden = !message;
  }

  // ---------------------------------------------------------------- the form

  async function loadDefaults() {
    const result = await apiJson('GET', '/config/defaults');
    if (!result.ok) throw new Error('defaults: HTTP ' + result.status);
    state.defaults = result.data;
    return state.defaults;
  }

  async function showNewRun() {
    showView('new');
    if (!state.defaults) {
      try { await loadDefaults(); } catch (error) { if (error instanceof AuthError) return; banner('Could not load the defaults: ' + error.message); }
    }
    if (state.prefill) {
      fillForm(state.prefill.request, state.prefill.concurrency);
      setText($('#form-status'), 'Settings loaded from run ' + state.prefill.from + '.');
      state.prefill = null;
    } else if (!$('#run-form').dataset.filled) {
      fillForm(state.defaults || fallbackRequest(), null);
    }
    pollRuns($('#recent-runs'), 10);
  }

  function fallbackRequest() {
    const asOf = todayUtc();
    return { tiers: FALLBACK_TIERS, soldSince: addMonths(asOf, -12), asOf, includeActive: false, selectedTiers: ['A', 'B', 'C'], markets: [], roster: null, maxPages: 19 };
  }

  function fillForm(request, concurrency) {
    const form = $('#run-form');
    form.dataset.filled = '1';
    const tiers = (request.tiers || []).map((t) => ({
      name: t.name ?? '',
      minVolume: t.minVolume ?? '',
      minSides: t.minSides ?? '',
      selected: (request.selectedTiers || []).includes(t.name),
    }));
    renderTiers(tiers);
    $('#soldSince').value = request.soldSince || '';
    $('#asOf').value = request.asOf || '';
    $('#includeActive').checked = !!request.includeActive;
    const useRoster = Array.isArray(request.roster);
    state.roster = useRoster ? request.roster.slice() : null;
    $('#roster').value = '';
    setText($('#roster-summary'), useRoster ? request.roster.length + ' advertiser ids from the earlier run.' : '');
    $('#markets').value = (request.markets || []).join(', ');
    $('#scope-roster').checked = useRoster;
    $('#scope-markets').checked = !useRoster;
    syncScope();
    $('#maxPages').value = request.maxPages ?? '';
    $('#concurrency').value = concurrency ?? '';
    clearErrors();
  }

  function renderTiers(tiers) {
    const list = $('#tier-list');
    list.replaceChildren();
    tiers.forEach((tier, i) => {
      const label = tier.name ? 'tier ' + tier.name : 'tier ' + (i + 1);
      const item = el('li', { className: 'tier', 'data-index': i },
        el('div', { className: 'field tier-name' },
          el('label', { for: 'tier-name-' + i, text: 'Name' }),
          el('input', { id: 'tier-name-' + i, className: 'tier-name-input', 'data-field': `tiers[${i}].name`, type: 'text', maxlength: 40, value: tier.name, 'aria-describedby': `tier-name-${i}-error` }),
          el('p', { className: 'error', id: `tier-name-${i}-error`, 'data-error-for': `tiers[${i}].name` })),
        el('div', { className: 'field' },
          el('label', { for: 'tier-volume-' + i, text: 'Min volume ($)' }),
          el('input', { id: 'tier-volume-' + i, className: 'tier-volume-input', 'data-field': `tiers[${i}].minVolume`, type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: tier.minVolume, 'aria-describedby': `tier-volume-${i}-error` }),
          el('p', { className: 'error', id: `tier-volume-${i}-error`, 'data-error-for': `tiers[${i}].minVolume` })),
        el('div', { className: 'field' },
          el('label', { for: 'tier-sides-' + i, text: 'Min sides' }),
          el('input', { id: 'tier-sides-' + i, className: 'tier-sides-input', 'data-field': `tiers[${i}].minSides`, type: 'number', min: 0, step: 'any', inputmode: 'decimal', value: tier.minSides, 'aria-describedby': `tier-sides-${i}-error` }),
          el('p', { className: 'error', id: `tier-sides-${i}-error`, 'data-error-for': `tiers[${i}].minSides` })),
        el('div', { className: 'check tier-select' },
          el('input', { id: 'tier-selected-' + i, className: 'tier-selected-input', 'data-field': `selectedTiers[${i}]`, type: 'checkbox', checked: tier.selected }),
          el('label', { for: 'tier-selected-' + i, text: 'Grade' })),
        el('div', { className: 'tier-buttons' },
          el('button', { type: 'button', className: 'icon', 'aria-label': 'Move ' + label + ' up', title: 'Move up', disabled: i === 0, onclick: () => moveTier(i, -1), text: '↑' }),
          el('button', { type: 'button', className: 'icon', 'aria-label': 'Move ' + label + ' down', title: 'Move down', disabled: i === tiers.length - 1, onclick: () => moveTier(i, 1), text: '↓' }),
          el('button', { type: 'button', className: 'icon danger', 'aria-label': 'Remove ' + label, title: 'Remove', onclick: () => removeTier(i), text: '✕' })),
        el('p', { className: 'error tier-error', 'data-error-for': `tiers[${i}]`, 'aria-live': 'polite' }));
      list.append(item);
    });
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

  function readTiers() {
    return $$('#tier-list > li').map((item) => ({
      name: $('.tier-name-input', item).value,
      minVolume: $('.tier-volume-input', item).value,
      minSides: $('.tier-sides-input', item).value,
      selected: $('.tier-selected-input', item).checked,
    }));
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

  async function onRosterChosen() {
    const file = $('#roster').files[0];
    state.roster = null;
    setText($('#roster-summary'), '');
    if (!file) return;
    const text = await file.text();
    const ids = [];
    const bad = [];
    text.split(/\r?\n/).forEach((line, i) => {
      const first = line.split(/[,;\t]/)[0].trim().replace(/^"|"$/g, '');
      if (!first) return;
      if (/^\d+$/.test(first)) ids.push(Number(first));
      else if (i > 0) bad.push(i + 1);   // a non-numeric first line is a header
    });
    state.roster = ids;
    setText($('#roster-summary'), ids.length + ' advertiser ids read from ' + file.name
      + (bad.length ? ' (' + bad.length + ' lines skipped: not an id)' : '') + '.');
  }

  function presetLast12Months() {
    const asOf = todayUtc();
    $('#asOf').value = asOf;
    $('#soldSince').value = addMonths(asOf, -12);
  }

  /** Reads the form into {request, concurrency, errors}: errors are input problems (not a number, no file). */
  function readForm() {
    const errors = [];
    const tiers = readTiers();
    const request = {
      tiers: tiers.map((t, i) => {
        const tier = { name: t.name.trim() };
        for (const [key, raw] of [['minVolume', t.minVolume], ['minSides', t.minSides]]) {
          if (String(raw).trim() === '') continue;
          const value = Number(raw);
          if (!Number.isFinite(value)) errors.push({ field: `tiers[${i}].${key}`, message: 'must be a number.' });
          else tier[key] = value;
        }
        return tier;
      }),
      soldSince: $('#soldSince').value,
      asOf: $('#asOf').value,
      includeActive: $('#includeActive').checked,
      selectedTiers: tiers.filter((t) => t.selected).map((t) => t.name.trim()),
      maxPages: null,
    };
    if (!request.soldSince) errors.push({ field: 'soldSince', message: 'enter a date (YYYY-MM-DD).' });
    if (!request.asOf) errors.push({ field: 'asOf', message: 'enter a date (YYYY-MM-DD).' });
    if ($('#scope-roster').checked) {
      if (!state.roster) errors.push({ field: 'roster', message: 'choose a roster file.' });
      request.roster = state.roster || [];
    } else {
      request.markets = $('#markets').value.split(/[\s,;]+/).filter(Boolean);
    }
    const maxPagesRaw = $('#maxPages').value.trim();
    if (!/^\d+$/.test(maxPagesRaw)) errors.push({ field: 'maxPages', message: `must be a whole number between 1 and ${MAX_PAGES}.` });
    else request.maxPages = Number(maxPagesRaw);
    let concurrency = null;
    const concurrencyRaw = $('#concurrency').value.trim();
    if (concurrencyRaw !== '') {
      if (!/^\d+$/.test(concurrencyRaw) || Number(concurrencyRaw) < 1 || Number(concurrencyRaw) > MAX_CONCURRENCY) {
        errors.push({ field: 'concurrency', message: `must be a whole number from 1 to ${MAX_CONCURRENCY}.` });
      } else {
        concurrency = Number(concurrencyRaw);
      }
    }
    return { request, concurrency, errors };
  }

  /** The server's rules (contracts/runs-api.md, Core RunRequestValidator), by the same field paths. */
  function validate(request, inputErrors) {
    const errors = inputErrors.slice();
    const has = (field) => errors.some((e) => e.field === field || e.field.startsWith(field + '.') || e.field.startsWith(field + '['));
    const tiers = request.tiers;
    if (tiers.length === 0) errors.push({ field: 'tiers', message: 'at least one tier is required.' });
    const names = new Set();
    tiers.forEach((tier, i) => {
      const path = `tiers[${i}]`;
      if (!tier.name) errors.push({ field: path + '.name', message: 'must not be empty.' });
      else if (names.has(tier.name)) errors.push({ field: path + '.name', message: `'${tier.name}' is used by an earlier tier; names must be unique.` });
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
    if (request.soldSince && request.asOf) {
      if (request.soldSince > request.asOf) errors.push({ field: 'soldSince', message: `must not be after the as-of date (${request.asOf}).` });
      else if (request.soldSince < addYears(request.asOf, -MAX_WINDOW_YEARS)) errors.push({ field: 'soldSince', message: `the window may span at most ${MAX_WINDOW_YEARS} years.` });
    }
    const today = todayUtc();
    if (request.asOf && request.asOf > today) errors.push({ field: 'asOf', message: `must not be in the future (today is ${today}).` });
    if (request.selectedTiers.length === 0) errors.push({ field: 'selectedTiers', message: 'select at least one tier.' });
    if (request.maxPages !== null && (request.maxPages < 1 || request.maxPages > MAX_PAGES)) errors.push({ field: 'maxPages', message: `must be between 1 and ${MAX_PAGES}.` });
    if (request.markets) {
      if (request.markets.length === 0) errors.push({ field: 'markets', message: 'at least one market is required.' });
      request.markets.forEach((zip, i) => {
        if (!/^\d{5}$/.test(zip)) errors.push({ field: `markets[${i}]`, message: `'${zip}' is not a 5-digit ZIP code.` });
      });
    }
    if (request.roster && state.roster && request.roster.length === 0) errors.push({ field: 'roster', message: 'a roster needs at least one advertiser id.' });
    return errors;
  }

  function isHarder(higher, lower) {
    if (higher.minVolume === undefined && higher.minSides === undefined) return true;
    const onVolume = higher.minVolume !== undefined && (lower.minVolume === undefined || higher.minVolume > lower.minVolume);
    const onSides = higher.minSides !== undefined && (lower.minSides === undefined || higher.minSides > lower.minSides);
    return onVolume || onSides;
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
      let field = error.field || '$';
      let target = null;
      while (field) {
        target = $(`#run-form [data-error-for="${CSS.escape(field)}"]`);
        if (target) break;
        const parent = field.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
        if (parent === field) break;
        field = parent;
      }
      if (!target) target = $('#run-form [data-error-for="$"]');
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
    const { request, concurrency, errors: inputErrors } = readForm();
    const errors = validate(request, inputErrors);
    if (errors.length > 0) {
      showErrors(errors);
      setText($('#form-status'), `Not launched: ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix.`);
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
        location.hash = '#/runs/' + encodeURIComponent(result.data.runId);
      } else if (result.data && Array.isArray(result.data.errors)) {
        showErrors(result.data.errors);
        setText($('#form-status'), `Not launched: the server found ${result.data.errors.length} problem${result.data.errors.length === 1 ? '' : 's'}.`);
      } else {
        setText($('#form-status'), 'Not launched: HTTP ' + result.status + '.');
      }
    } catch (error) {
      if (!(error instanceof AuthError)) setText($('#form-status'), 'Not launched: ' + error.message);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- runs list

  async function pollRuns(container, limit) {
    let runs = [];
    try {
      const result = await apiJson('GET', '/runs?limit=' + limit);
      if (!result.ok) throw new Error('HTTP ' + result.status);
      runs = result.data.runs;
      renderRuns(container, runs);
    } catch (error) {
      if (error instanceof AuthError) return;
      setText(container, 'Could not load the runs: ' + error.message);
    }
    const view = state.view;
    if (view === 'new' || view === 'runs') {
      schedule(() => { if (state.view === view) pollRuns(container, limit); }, runs.some((r) => ACTIVE.has(r.status)) ? 1500 : 8000);
    }
  }

  function renderRuns(container, runs) {
    if (runs.length === 0) {
      container.replaceChildren(el('p', { className: 'hint', text: 'No runs yet.' }));
      return;
    }
    const rows = runs.map((run) => el('tr', { 'data-run-id': run.runId },
      el('td', {}, el('a', { href: '#/runs/' + encodeURIComponent(run.runId), text: formatTime(run.createdAt) })),
      el('td', {}, statusBadge(run.status)),
      el('td', { text: scopeText(run.request) }),
      el('td', { className: 'num', text: `${run.agentsDone} / ${run.agentsDiscovered}` }),
      el('td', { className: 'num', text: run.apiCalls.toLocaleString('en-US') })));
    container.replaceChildren(el('div', { className: 'table-wrap' }, el('table', { className: 'runs' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: 'Created' }), el('th', { scope: 'col', text: 'Status' }),
        el('th', { scope: 'col', text: 'Agents from' }), el('th', { scope: 'col', className: 'num', text: 'Agents graded' }),
        el('th', { scope: 'col', className: 'num', text: 'API calls' }))),
      el('tbody', {}, rows))));
  }

  function statusBadge(status) {
    return el('span', { className: 'status status-' + String(status).toLowerCase(), text: status });
  }

  function scopeText(request) {
    if (Array.isArray(request.roster)) return 'roster of ' + request.roster.length;
    const markets = request.markets || [];
    return markets.length <= 3 ? markets.join(', ') : `${markets.slice(0, 3).join(', ')} +${markets.length - 3}`;
  }

  // ---------------------------------------------------------------- one run

  async function showRun(runId) {
    showView('run');
    if (state.runId !== runId) {
      state.runId = runId;
      state.runExtras = null;
      setText($('#run-id'), runId);
      for (const id of ['#run-stages', '#run-figures', '#run-chart', '#run-movement', '#run-exports', '#run-settings']) $(id).replaceChildren();
      setText($('#run-status'), 'Loading…');
    }
    await refreshRun(runId);
  }

  async function refreshRun(runId) {
    if (state.view !== 'run' || state.runId !== runId) return;
    let run;
    try {
      const result = await apiJson('GET', '/runs/' + encodeURIComponent(runId));
      if (result.status === 404) {
        $('#run-status').replaceChildren(statusBadge('NOT FOUND'));
        setText($('#run-times'), 'No run with this id.');
        return;
      }
      if (!result.ok) throw new Error('HTTP ' + result.status);
      run = result.data;
    } catch (error) {
      if (error instanceof AuthError) return;
      setText($('#run-times'), 'Could not load the run: ' + error.message + ' (retrying)');
      schedule(() => refreshRun(runId), 3000);
      return;
    }
    renderRun(run);
    if (ACTIVE.has(run.status)) {
      schedule(() => refreshRun(runId), 1000);
    } else if (!state.runExtras || state.runExtras.runId !== runId) {
      state.runExtras = { runId, loading: true };
      await loadRunExtras(run);
    }
  }

  function renderRun(run) {
    state.currentRun = run;
    $('#run-status').replaceChildren(statusBadge(run.status));
    $('#run-status').dataset.status = run.status;
    const times = ['created ' + formatTime(run.createdAt)];
    if (run.startedAt) times.push('started ' + formatTime(run.startedAt));
    if (run.finishedAt) times.push('finished ' + formatTime(run.finishedAt) + ' (' + duration(run.startedAt || run.createdAt, run.finishedAt) + ')');
    times.push('trigger: ' + run.trigger);
    setText($('#run-times'), times.join(' · '));
    const errorNode = $('#run-error');
    errorNode.hidden = !run.error;
    setText(errorNode, run.error ? 'Error: ' + run.error : '');

    const finished = !ACTIVE.has(run.status);
    const discovered = run.agentsDiscovered;
    const graded = run.agentsDone;   // every agent with a result; incomplete and skipped ones included
    const stages = [
      ['Discovery', discovered > 0 || finished ? 1 : null, 1, discovered > 0 || finished ? discovered + ' agents found' : 'finding agents…'],
      ['Stage 1: profiles', Math.min(run.agentsProfiled, discovered), discovered, `${run.agentsProfiled} / ${discovered}`],
      ['Stages 2–3: listings and grading', Math.min(graded, discovered), discovered, `${graded} / ${discovered}`],
      ['Exports', run.exports.length > 0 ? 1 : 0, 1, run.exports.length > 0 ? run.exports.length + ' files' : (finished ? 'none' : 'waiting')],
    ];
    $('#run-stages').replaceChildren(...stages.map(([label, value, max, text], i) => {
      const id = 'stage-' + i;
      const bar = el('progress', { id, max: Math.max(max, 1) });
      if (value !== null) bar.value = value;
      return el('div', { className: 'stage' }, el('label', { for: id, text: label }), bar, el('span', { className: 'hint', text }));
    }));

    const figures = [
      ['Agents discovered', discovered], ['Agents done', run.agentsDone], ['of which incomplete', run.agentsIncomplete],
      ['of which skipped (out of reach)', run.agentsSkipped], ['API calls', run.apiCalls], ['Throttled', run.throttled], ['Retries', run.retries],
    ];
    $('#run-figures').replaceChildren(...figures.flatMap(([name, value]) => [
      el('dt', { text: name }), el('dd', { 'data-figure': name, text: Number(value).toLocaleString('en-US') })]));

    renderChart(run);
    renderSettings(run.request);
    if (finished && state.runExtras && !state.runExtras.loading) renderExtras(run);
    if (!finished) {
      $('#run-exports').replaceChildren(el('li', { className: 'hint', text: 'Available when the run finishes.' }));
      $('#run-movement').replaceChildren(el('p', { className: 'hint', text: 'Available when the run finishes.' }));
    }
  }

  function tierOrder(run) {
    const names = run.request.tiers.map((t) => t.name);
    for (const key of Object.keys(run.tierCounts || {})) if (!names.includes(key)) names.push(key);
    return names;
  }

  function renderChart(run) {
    const container = $('#run-chart');
    const counts = run.tierCounts || {};
    const names = tierOrder(run).filter((n) => n in counts);
    if (names.length === 0) {
      container.replaceChildren(el('p', { className: 'hint', text: ACTIVE.has(run.status) ? 'Available when the run finishes.' : 'No grades.' }));
      return;
    }
    const max = Math.max(1, ...names.map((n) => counts[n]));
    const rowHeight = 28;
    const width = 360;
    const labelWidth = 80;
    const chart = svg('svg', {
      viewBox: `0 0 ${width} ${names.length * rowHeight}`, role: 'img', class: 'chart',
      'aria-label': 'Agents per tier: ' + names.map((n) => `${n} ${counts[n]}`).join(', '),
    });
    names.forEach((name, i) => {
      const y = i * rowHeight;
      const barWidth = Math.round(((width - labelWidth - 60) * counts[name]) / max);
      const label = svg('text', { x: 0, y: y + 19, class: 'chart-label' });
      label.textContent = name;
      const graded = run.request.selectedTiers.includes(name);
      const bar = svg('rect', { x: labelWidth, y: y + 5, width: Math.max(barWidth, 1), height: rowHeight - 10, rx: 3, class: 'chart-bar' + (graded ? '' : ' chart-bar-muted') });
      const value = svg('text', { x: labelWidth + Math.max(barWidth, 1) + 6, y: y + 19, class: 'chart-value', 'data-tier': name });
      value.textContent = String(counts[name]);
      chart.append(label, bar, value);
    });
    const note = names.some((n) => !run.request.selectedTiers.includes(n))
      ? el('p', { className: 'hint', text: 'Grey: not in the graded tiers (not exported).' }) : null;
    container.replaceChildren(chart, ...(note ? [note] : []));
  }

  function renderSettings(request) {
    const tiers = request.tiers.map((t) => {
      const parts = [];
      if (t.minVolume !== undefined && t.minVolume !== null) parts.push('$' + Number(t.minVolume).toLocaleString('en-US'));
      if (t.minSides !== undefined && t.minSides !== null) parts.push(t.minSides + ' sides');
      return `${t.name}: ${parts.join(' or ')}`;
    }).join('; ');
    const rows = [
      ['Tiers', tiers], ['Graded tiers', request.selectedTiers.join(', ')], ['Sold window', `${request.soldSince} to ${request.asOf}`],
      ['Active listings', request.includeActive ? 'included' : 'excluded'],
      ['Agents from', Array.isArray(request.roster) ? `roster (${request.roster.length} ids)` : (request.markets || []).join(', ')],
      ['Max pages', request.maxPages],
    ];
    $('#run-settings').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: String(v) })]));
  }

  async function loadRunExtras(run) {
    const extras = { runId: run.runId, exports: [], movement: null, previous: null };
    try {
      const result = await apiJson('GET', `/runs/${encodeURIComponent(run.runId)}/exports`);
      if (result.ok) extras.exports = result.data.exports;
      const csv = extras.exports.find((e) => e.name === 'graded.csv');
      if (csv && csv.url.startsWith('/')) {
        const response = await api('GET', csv.url);
        if (response.ok) extras.movement = countMovement(await response.text());
      }
      const list = await apiJson('GET', '/runs?limit=100');
      if (list.ok) extras.previous = findPrevious(run, list.data.runs);
    } catch (error) {
      if (error instanceof AuthError) return;
      extras.failure = error.message;
    }
    if (state.runId !== run.runId) return;
    state.runExtras = extras;
    renderExtras(state.currentRun || run);
  }

  function renderExtras(run) {
    const extras = state.runExtras;
    const list = $('#run-exports');
    if (extras.exports.length === 0) {
      list.replaceChildren(el('li', { className: 'hint', text: extras.failure ? 'Could not list the exports: ' + extras.failure : 'No export files.' }));
    } else {
      list.replaceChildren(...extras.exports.map((link) => el('li', {},
        link.url.startsWith('/')
          ? el('button', { type: 'button', className: 'link', 'data-export': link.name, onclick: () => download(link), text: 'Download ' + link.name })
          : el('a', { href: link.url, download: link.name, 'data-export': link.name, rel: 'noreferrer', text: 'Download ' + link.name }),
        el('span', { className: 'hint', text: ' ' + formatBytes(link.sizeBytes) + (link.expiresAt ? ', link expires ' + formatTime(link.expiresAt) : '') }))));
    }
    renderMovement(run, extras);
  }

  function renderMovement(run, extras) {
    const container = $('#run-movement');
    const parts = [];
    if (extras.movement) {
      const m = extras.movement;
      if (m.total === m.none) {
        parts.push(el('p', { className: 'hint', text: 'No previous run over the same markets: every agent is new to the grades.' }));
      } else {
        parts.push(el('ul', { className: 'movement' },
          ['up', 'down', 'same', 'new'].map((k) => el('li', { 'data-movement': k }, el('strong', { text: String(m[k] || 0) }), ' ' + k))));
      }
    }
    if (extras.previous) {
      const prev = extras.previous;
      const names = tierOrder(run).filter((n) => n in run.tierCounts || n in prev.tierCounts);
      parts.push(el('p', {}, 'Compared with ', el('a', { href: '#/runs/' + encodeURIComponent(prev.runId), text: 'the previous run (' + formatTime(prev.createdAt) + ')' }), ':'));
      parts.push(el('div', { className: 'table-wrap' }, el('table', { className: 'delta' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Tier' }), el('th', { scope: 'col', className: 'num', text: 'This run' }),
          el('th', { scope: 'col', className: 'num', text: 'Previous' }), el('th', { scope: 'col', className: 'num', text: 'Change' }))),
        el('tbody', {}, names.map((n) => {
          const now = run.tierCounts[n] || 0;
          const before = prev.tierCounts[n] || 0;
          const change = now - before;
          return el('tr', {}, el('th', { scope: 'row', text: n }), el('td', { className: 'num', text: String(now) }),
            el('td', { className: 'num', text: String(before) }), el('td', { className: 'num', text: (change > 0 ? '+' : '') + change }));
        })))));
    } else if (!extras.movement) {
      parts.push(el('p', { className: 'hint', text: 'No previous run over the same markets.' }));
    }
    container.replaceChildren(...parts);
  }

  function findPrevious(run, runs) {
    const key = scopeKey(run.request);
    return runs.find((r) => r.runId !== run.runId && r.createdAt < run.createdAt
      && (r.status === 'SUCCEEDED' || r.status === 'PARTIAL') && scopeKey(r.request) === key) || null;
  }

  function scopeKey(request) {
    return Array.isArray(request.roster) ? 'r:' + request.roster.slice().sort().join(',') : 'm:' + (request.markets || []).slice().sort().join(',');
  }

  function countMovement(csvText) {
    const rows = parseCsv(csvText);
    const counts = { up: 0, down: 0, same: 0, new: 0, none: 0, total: 0 };
    if (rows.length === 0) return counts;
    const column = rows[0].indexOf('movement');
    for (const row of rows.slice(1)) {
      if (row.length === 1 && row[0] === '') continue;
      counts.total++;
      const value = column >= 0 ? (row[column] || '') : '';
      if (value in counts && value !== 'none' && value !== 'total') counts[value]++;
      else counts.none++;
    }
    return counts;
  }

  /** RFC 4180: quoted fields, doubled quotes, CRLF or LF. */
  function parseCsv(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        row.push(field); rows.push(row); row = []; field = '';
      } else field += c;
    }
    if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
    return rows;
  }

  async function download(link) {
    try {
      const response = await api('GET', link.url);
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const anchor = el('a', { href: url, download: link.name, hidden: true });
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (error) {
      if (!(error instanceof AuthError)) banner('Download failed: ' + error.message);
    }
  }

  function runAgain() {
    const run = state.currentRun;
    if (!run) return;
    state.prefill = { request: run.request, concurrency: null, from: run.runId };
    location.hash = '#/';
  }

  // ---------------------------------------------------------------- formatting and dates

  function capitalize(text) { return text ? text[0].toUpperCase() + text.slice(1) : ''; }

  function formatTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
  }

  function duration(from, to) {
    const seconds = Math.max(0, Math.round((new Date(to) - new Date(from)) / 1000));
    return seconds < 120 ? seconds + ' s' : Math.round(seconds / 60) + ' min';
  }

  function formatBytes(n) {
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }

  function todayUtc() { return new Date().toISOString().slice(0, 10); }

  /** DateOnly.AddMonths: the same day of the month, clamped to the month's last day. */
  function addMonths(isoDate, months) {
    const [y, m, d] = isoDate.split('-').map(Number);
    const total = y * 12 + (m - 1) + months;
    const year = Math.floor(total / 12);
    const month = total % 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  }

  function addYears(isoDate, years) { return addMonths(isoDate, years * 12); }

  // ---------------------------------------------------------------- start

  /** AWS: /auth-config.json exists (the deployment writes it) → Cognito sign-in. Locally it does not → token. */
  async function loadConfig() {
    try {
      const response = await fetch('auth-config.json', { cache: 'no-store' });
      if (!response.ok) return;
      const cognito = await response.json();
      if (cognito && cognito.clientId && cognito.signInUrl) {
        state.config = { auth: 'cognito', cognito };
      }
    } catch {
      // Not there: local token mode.
    }
  }

  async function start() {
    $('#token-form').addEventListener('submit', onTokenSubmit);
    $('#cognito-button').addEventListener('click', startCognitoSignIn);
    $('#sign-out').addEventListener('click', signOut);
    $('#run-form').addEventListener('submit', onLaunch);
    $('#add-tier').addEventListener('click', addTier);
    $('#preset-12m').addEventListener('click', presetLast12Months);
    $('#reset-defaults').addEventListener('click', () => fillForm(state.defaults || fallbackRequest(), null));
    $('#scope-markets').addEventListener('change', syncScope);
    $('#scope-roster').addEventListener('change', syncScope);
    $('#roster').addEventListener('change', onRosterChosen);
    $('#run-again').addEventListener('click', runAgain);
    $('#tier-list').addEventListener('input', (event) => {
      const item = event.target.closest('li');
      const node = item?.querySelector('.tier-error');
      if (node) node.textContent = '';
      if (item && event.target.classList.contains('tier-name-input')) labelTierButtons(item);
    });
    window.addEventListener('hashchange', route);
    await loadConfig();
    let signInError = null;
    try {
      signInError = await completeCognitoSignIn();
    } catch (error) {
      signInError = 'Sign-in failed: ' + error.message;
    }
    if (!getToken()) {
      showSignIn(signInError);
      return;
    }
    try {
      await loadDefaults();
    } catch (error) {
      if (error instanceof AuthError) return;
      banner('Could not load the defaults: ' + error.message);
    }
    route();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
