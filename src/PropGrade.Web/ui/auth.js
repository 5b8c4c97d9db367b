// Who the page is to the API. Locally: the bearer token `propgrade serve` printed, either carried once by the address
// it printed (http://127.0.0.1:PORT/#token=…, taken out of the address bar at once) or pasted; kept in this tab's
// sessionStorage. On AWS the deployment puts /auth-config.json next to the page ({region, userPoolId, clientId,
// signInUrl, redirectUri}); its presence switches to Cognito's hosted sign-in (authorization code + PKCE, S256) and
// the ID token is sent as the raw Authorization header (what API Gateway's Cognito authorizer expects).

import { tokenFromFragment } from '../lib/routes.js';

const TOKEN_KEY = 'propgrade.token';
const PKCE_KEY = 'propgrade.pkce';

/** `mode`: 'token' (local) or 'cognito' (AWS, with the auth-config.json settings in `cognito`). */
export const authConfig = { mode: 'token', cognito: null };

export function getToken() { return sessionStorage.getItem(TOKEN_KEY); }
export function setToken(token) { sessionStorage.setItem(TOKEN_KEY, token); }
export function clearToken() { sessionStorage.removeItem(TOKEN_KEY); }

/** The Authorization header value for a token: `Bearer <token>` locally, the raw ID token for API Gateway. */
export function authorizationHeader(token) {
  return authConfig.mode === 'cognito' ? token : 'Bearer ' + token;
}

/**
 * Takes a `#token=…` fragment out of the address bar (history.replaceState: it stays neither in the history nor in
 * a copied link) and returns the token, or null. Run first thing: the fragment never reaches the server.
 */
export function takeTokenFromAddress() {
  const hash = location.hash;
  const token = tokenFromFragment(hash);
  if (token !== null || /^#(.*&)?token=/.test(hash)) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

/** AWS: /auth-config.json exists (the deployment writes it) → Cognito sign-in. Locally it does not (401) → token. */
export async function loadAuthConfig() {
  try {
    const response = await fetch('auth-config.json', { cache: 'no-store' });
    if (!response.ok) return;
    const cognito = await response.json();
    if (cognito && cognito.clientId && cognito.signInUrl) {
      authConfig.mode = 'cognito';
      authConfig.cognito = cognito;
    }
  } catch {
    // Not there: local token mode.
  }
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

function redirectUri() {
  return authConfig.cognito.redirectUri || location.origin + location.pathname;
}

function hostedUi(path) {
  return authConfig.cognito.signInUrl.replace(/\/$/, '') + path;
}

/** Cognito hosted UI, authorization code + PKCE (S256); the verifier and state wait in sessionStorage. */
export async function startCognitoSignIn() {
  const c = authConfig.cognito;
  const verifier = randomString(48);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const nonce = randomString(16);
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state: nonce }));
  const query = new URLSearchParams({
    response_type: 'code', client_id: c.clientId, redirect_uri: redirectUri(), scope: 'openid email',
    state: nonce, code_challenge_method: 'S256', code_challenge: challenge,
  });
  location.assign(hostedUi('/oauth2/authorize?') + query.toString());
}

/**
 * Back from the hosted UI with ?code=…&state=…: exchanges the code for tokens and keeps the ID token. Returns null
 * when signed in or there was nothing to complete, else the message to show.
 */
export async function completeCognitoSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (authConfig.mode !== 'cognito' || !code) return null;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || 'null');
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', location.pathname + '#/');
  if (!saved || saved.state !== params.get('state')) {
    return 'The sign-in answer did not match this browser session; sign in again.';
  }
  const c = authConfig.cognito;
  const response = await fetch(hostedUi('/oauth2/token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: c.clientId, code, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  const tokens = response.ok ? await response.json() : null;
  if (!tokens || !tokens.id_token) return 'Sign-in failed (HTTP ' + response.status + '); try again.';
  setToken(tokens.id_token);
  return null;
}
