// The UI's only door to the node: the public HTTP API. Sessions use the
// HttpOnly cookie set by POST /api/v1/session; unsafe requests carry the
// session's CSRF token in X-CSRF-Token.

const CSRF_KEY = 'truce.csrf';
let csrf = localStorage.getItem(CSRF_KEY) || '';

// ApiError is a failed request: status and the RFC 9457 problem (if any).
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

// api sends a request and returns the decoded JSON (or text with
// {text: true}; null for 204). public: true sends no cookie, to see exactly
// what the public sees; headers adds request headers (e.g. If-Match). It
// throws ApiError for any non-2xx answer.
export async function api(path, { method = 'GET', body, text = false, public: anon = false, headers: extra = {} } = {}) {
  const headers = { Accept: text ? 'text/plain' : 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf && !anon) headers['X-CSRF-Token'] = csrf;
  const resp = await fetch(path, {
    method, headers, credentials: anon ? 'omit' : 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!resp.ok) {
    let problem = null;
    try { problem = await resp.json(); } catch { /* not JSON */ }
    throw new ApiError(resp.status, problem);
  }
  if (resp.status === 204) return null;
  return text ? resp.text() : resp.json();
}

// listAll reads every page of a listing — following `next`, the API's
// opaque cursor — with get (api, or the api a map layer is given), and
// returns the items of all pages; at most maxPages pages are read.
export async function listAll(get, path, maxPages = 100) {
  const sep = path.includes('?') ? '&' : '?';
  const out = [];
  let q = path;
  for (let page = 0; page < maxPages; page++) {
    const r = await get(q);
    out.push(...((r && r.items) || []));
    if (!r || !r.next) break;
    q = `${path}${sep}cursor=${encodeURIComponent(r.next)}`;
  }
  return out;
}

// login opens a session and keeps its CSRF token.
export async function login(username, password) {
  const s = await api('/api/v1/session', { method: 'POST', body: { username, password } });
  csrf = s.csrf_token;
  localStorage.setItem(CSRF_KEY, csrf);
  return s.principal;
}

// logout ends the session (even if the server call fails, locally).
export async function logout() {
  try {
    await api('/api/v1/session', { method: 'DELETE' });
  } finally {
    csrf = '';
    localStorage.removeItem(CSRF_KEY);
  }
}

// whoami returns the logged-in principal, or null for the public.
export async function whoami() {
  try {
    const m = await api('/api/v1/me');
    return m && m.principal && m.principal.user_id ? m.principal : null;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

// csrfToken returns the session's CSRF token ('' when signed out), for
// requests not sent through api() (uploads with progress).
export function csrfToken() { return csrf; }
