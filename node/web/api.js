// api.js: the page's only way to the node's public read API. Every
// request has a time limit; failures become an Error with the problem's
// detail (RFC 9457) when the node sent one.

const TIMEOUT_MS = 12000;

// Whether the node serving the page answers: set by every request. A
// request that gets no answer (refused, reset, timed out) tells the
// listeners at once; the next one that does tells them it is back.
let nodeDown = false;
const downListeners = new Set();
export function onNodeState(fn) {
  downListeners.add(fn);
  return () => downListeners.delete(fn);
}
export function isNodeDown() {
  return nodeDown;
}
function setNodeDown(v) {
  if (v === nodeDown) return;
  nodeDown = v;
  for (const fn of downListeners) fn(v);
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// ApiError.status 0 with message 'network' or 'timeout': the node gave
// no answer (the page says so in its language).
export async function get(path, params, timeoutMs = TIMEOUT_MS) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(path + query(params), {
      signal: ctl.signal, headers: { Accept: 'application/json' },
    });
  } catch (e) {
    setNodeDown(true);
    throw new ApiError(e.name === 'AbortError' ? 'timeout' : 'network', 0);
  } finally {
    clearTimeout(timer);
  }
  setNodeDown(false);
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    // a node may allow smaller pages than asked for: ask again
    if (res.status === 400 && body && body.field === 'limit' && params && params.limit > 10) {
      return get(path, { ...params, limit: 10 });
    }
    throw new ApiError((body && (body.detail || body.title)) || res.statusText, res.status);
  }
  return body;
}

// The overview (networks, counts, upcoming meetings, node states) per
// language, kept for a short while so that moving between views does
// not ask again.
const overviews = new Map();
export let lastNode = null;   // the overview's node: {country, ...}
export function overview(lang, fresh = false, timeoutMs = TIMEOUT_MS) {
  const hit = overviews.get(lang);
  if (!fresh && hit && Date.now() - hit.at < 30000) return hit.promise;
  const promise = get('/api/v1/overview', { lang }, timeoutMs);
  promise.then((ov) => { lastNode = ov.node; }, () => {});
  overviews.set(lang, { at: Date.now(), promise });
  promise.catch(() => overviews.delete(lang));
  return promise;
}

let mapPromise = null;
export function mapData() {
  if (!mapPromise) {
    mapPromise = get('/static/nordic-map.json');
    mapPromise.catch(() => { mapPromise = null; });
  }
  return mapPromise;
}

// The record schema (record types, fields, vocabularies): the page's lists
// of classifications, focus areas and countries come from here.
let schemaPromise = null;
export function schema() {
  if (!schemaPromise) {
    schemaPromise = get('/api/v1/schema');
    schemaPromise.catch(() => { schemaPromise = null; });
  }
  return schemaPromise;
}
