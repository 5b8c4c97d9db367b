// PropGrade config page: ES modules, no build step, no inline script (the CSP allows only this origin's files).
// Talks to the runs API on the same origin (contracts/runs-api.md). lib/ holds the pure modules (validation,
// formatting, movement, request building, routes: unit-tested with `node --test`), ui/ the DOM side (views, API
// client, sign-in). This file wires them: start-up, sign-in state and routing.

import { parseRoute } from './lib/routes.js';
import { AuthError, onUnauthorized } from './ui/api.js';
import { authConfig, completeCognitoSignIn, getToken, loadAuthConfig, setToken, takeTokenFromAddress } from './ui/auth.js';
import { $, banner, showView } from './ui/dom.js';
import { initExplain } from './ui/explain.js';
import { initForm, loadDefaults, showNewRun } from './ui/form.js';
import { initResults } from './ui/results.js';
import { pollRuns } from './ui/runs.js';
import { initRun, showRun } from './ui/run.js';
import { initSignIn, showSignIn } from './ui/signin.js';
import { state, stopPolling } from './ui/state.js';

// First of all, before anything can be awaited: a token carried by the address `propgrade serve` printed leaves the
// address bar (and the history entry) at once.
const tokenFromAddress = takeTokenFromAddress();

function route() {
  stopPolling();
  document.title = 'PropGrade';
  if (!getToken()) {
    showSignIn();
    return;
  }
  $('#sign-out').hidden = false;
  const target = parseRoute(location.hash);
  if (target.view === 'run') {
    showRun(target.runId);
  } else if (target.view === 'runs') {
    state.view = 'runs';
    showView('runs');
    pollRuns($('#all-runs'), 100);
  } else {
    showNewRun();
  }
}

/** Signed in (a token kept): the defaults first (they also check the token: a 401 shows the sign-in), then the view. */
async function enter() {
  try {
    await loadDefaults();
  } catch (error) {
    if (error instanceof AuthError) return;
    banner('Could not load the defaults: ' + error.message);
  }
  route();
}

/** A `#token=` address opened in a tab that already shows the page only changes the fragment. */
function onHashChange() {
  const token = takeTokenFromAddress();
  if (token && authConfig.mode === 'token') {
    setToken(token);
    enter();
  } else {
    route();
  }
}

async function start() {
  onUnauthorized(showSignIn);
  initSignIn(async () => {
    await loadDefaults();
    route();
  });
  initForm();
  initRun();
  initResults();
  initExplain();
  window.addEventListener('hashchange', onHashChange);
  await loadAuthConfig();
  if (tokenFromAddress && authConfig.mode === 'token') setToken(tokenFromAddress);
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
  await enter();
}

start().catch((error) => {
  if (!(error instanceof AuthError)) banner('The page failed to start: ' + error.message);
});
