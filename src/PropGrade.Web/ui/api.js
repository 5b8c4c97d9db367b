// The runs API on the same origin (contracts/runs-api.md), with the tab's credentials. A 401 forgets the token and
// hands over to the sign-in view (registered by app.js) before the caller sees an AuthError.

import { authorizationHeader, clearToken, getToken } from './auth.js';

export class AuthError extends Error {}

let unauthorized = () => {};

/** What to do when the API answers 401 (app.js: show the sign-in view with the message). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = authorizationHeader(token);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'same-origin',
  });
  if (response.status === 401) {
    clearToken();
    unauthorized('The access token was not accepted. Sign in again.');
    throw new AuthError('unauthorized');
  }
  return response;
}

/** {status, ok, data}: data is the parsed JSON body, or null. */
export async function apiJson(method, path, body) {
  const response = await api(method, path, body);
  const data = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, data };
}
