// The sign-in view: the token `propgrade serve` printed (pasted), or Cognito's hosted sign-in on AWS.

import { AuthError } from './api.js';
import { authConfig, clearToken, setToken, startCognitoSignIn } from './auth.js';
import { $, setText, showView } from './dom.js';
import { state, stopPolling } from './state.js';

let afterSignIn = async () => {};

/** `onSignedIn`: what a pasted token leads to (app.js: load the defaults, which checks the token, then route). */
export function initSignIn(onSignedIn) {
  afterSignIn = onSignedIn;
  $('#token-form').addEventListener('submit', onTokenSubmit);
  $('#cognito-button').addEventListener('click', startCognitoSignIn);
  $('#sign-out').addEventListener('click', signOut);
}

export function showSignIn(message) {
  stopPolling();
  state.view = 'signin';
  showView('signin');
  $('#sign-out').hidden = true;
  const cognito = authConfig.mode === 'cognito';
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
  setToken(token);
  $('#token').value = '';
  try {
    await afterSignIn();
    setText($('#token-error'), '');
  } catch (error) {
    if (!(error instanceof AuthError)) setText($('#token-error'), 'Could not reach the server: ' + error.message);
  }
}

function signOut() {
  clearToken();
  showSignIn('Signed out.');
}
