// JSON API client for /api/v1: bearer tokens in localStorage, one refresh-and-retry on 401,
// RFC 9457 problem details surfaced as ApiError.
const ACCESS_KEY = 'qm.access_token';
const REFRESH_KEY = 'qm.refresh_token';
const listeners = new Set();

/** Listeners get (reason) with reason one of 'signed-in', 'refreshed', 'logout', 'expired', 'other-tab'. */
export function onTokens(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
const notify = (reason) => listeners.forEach((fn) => fn(reason));

export const tokens = {
  get access() { return localStorage.getItem(ACCESS_KEY); },
  get refresh() { return localStorage.getItem(REFRESH_KEY); },
  set(pair, reason) {
    localStorage.setItem(ACCESS_KEY, pair.access_token);
    localStorage.setItem(REFRESH_KEY, pair.refresh_token);
    notify(reason);
  },
  clear(reason) {
    localStorage.removeItem(ACCESS_KEY);
    localStorage.removeItem(REFRESH_KEY);
    notify(reason);
  },
};

// Another tab signed out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key === ACCESS_KEY && event.newValue === null) notify('other-tab');
});

export class ApiError extends Error {
  /** status 0 means the server could not be reached. */
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

async function send(method, path, body, token, accept = 'application/json, application/problem+json') {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, {});
  }
}

async function parse(res) {
  if (res.status === 204) return null;
  const isJSON = /json/i.test(res.headers.get('Content-Type') || '');
  const data = isJSON ? await res.json().catch(() => null) : null;
  if (res.ok) return data;
  throw new ApiError(res.status, data && typeof data === 'object' ? data : { title: res.statusText });
}

let refreshing = null;

/** Rotates the token pair; concurrent callers share one request. Clears the session if the server refuses. */
export function refreshTokens() {
  refreshing ??= (async () => {
    const used = tokens.refresh;
    if (!used) throw new ApiError(401, {});
    try {
      const pair = await parse(await send('POST', '/auth/refresh', { refresh_token: used }));
      tokens.set(pair, 'refreshed');
      return pair.access_token;
    } catch (err) {
      if (tokens.refresh && tokens.refresh !== used) return tokens.access; // another tab rotated first
      if (err.status !== 0) tokens.clear('expired'); // a network failure keeps the session for later
      throw err;
    }
  })().finally(() => { refreshing = null; });
  return refreshing;
}

/** Authenticated call: on 401, refresh once and retry. */
export async function api(method, path, body) {
  let res = await send(method, path, body, tokens.access);
  if (res.status === 401 && tokens.refresh) {
    await refreshTokens();
    res = await send(method, path, body, tokens.access);
  }
  return parse(res);
}

/**
 * Authenticated GET of a file (a document, an export): {blob, type, filename}. Like api(), one refresh
 * and retry on 401, and problems thrown as ApiError.
 */
export async function download(path) {
  const accept = '*/*';
  let res = await send('GET', path, undefined, tokens.access, accept);
  if (res.status === 401 && tokens.refresh) {
    await refreshTokens();
    res = await send('GET', path, undefined, tokens.access, accept);
  }
  if (!res.ok) return parse(res); // throws the problem
  let blob;
  try { blob = await res.blob(); } catch { throw new ApiError(0, {}); }
  const disposition = res.headers.get('Content-Disposition') || '';
  const filename = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? '';
  return { blob, type: res.headers.get('Content-Type') || blob.type, filename: decodeURIComponent(filename) };
}

export const auth = {
  async signup({ organization, name, email, password }) {
    const result = await parse(await send('POST', '/auth/signup', { organization, name, email, password }));
    tokens.set(result, 'signed-in');
    return result;
  },
  async login({ email, password }) {
    const result = await parse(await send('POST', '/auth/login', { email, password }));
    tokens.set(result, 'signed-in');
    return result;
  },
  async logout() {
    const refresh = tokens.refresh;
    tokens.clear('logout');
    if (refresh) await send('POST', '/auth/logout', { refresh_token: refresh }).catch(() => {});
  },
};
