// The page's addresses: views live in the fragment (#/, #/runs, #/runs/{id}); `propgrade serve` prints the page's
// address with the access token in the fragment (#token=…), which browsers never send to the server. Pure.

/** The view a fragment names: {view: 'run', runId} | {view: 'runs'} | {view: 'new'} (anything else). */
export function parseRoute(hash) {
  const h = hash || '#/';
  const run = /^#\/runs\/([A-Za-z0-9._-]+)$/.exec(h);
  if (run) return { view: 'run', runId: decodeURIComponent(run[1]) };
  if (h === '#/runs') return { view: 'runs' };
  return { view: 'new' };
}

export function runHash(runId) {
  return '#/runs/' + encodeURIComponent(runId);
}

/** The token of a `#token=…` fragment (URL-decoded), or null when the fragment carries none. */
export function tokenFromFragment(hash) {
  if (!hash || !hash.startsWith('#') || hash.startsWith('#/')) return null;
  const token = new URLSearchParams(hash.slice(1)).get('token');
  return token && token.trim() ? token.trim() : null;
}
