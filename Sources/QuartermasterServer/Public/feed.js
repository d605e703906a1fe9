// Live event feed over Server-Sent Events. Keeps the newest events in memory for the session.
import { tokens, refreshTokens } from './api.js';

export const MAX_EVENTS = 100;
export const feed = { events: [], state: 'closed' }; // state: 'connecting' | 'open' | 'closed'
const listeners = new Set();
let source = null;
let retryTimer = null;
let retryDelay = 1000;
let counter = 0;

export function onFeed(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
const emit = () => listeners.forEach((fn) => fn(feed));
function setState(state) {
  feed.state = state;
  emit();
}

function receive(message) {
  let event;
  try { event = JSON.parse(message.data); } catch { return; }
  if (!event || typeof event !== 'object') return;
  const id = event.id ?? message.lastEventId ?? '';
  if (id && feed.events.some((e) => e.id === id)) return; // replayed after a reconnect
  feed.events.unshift({
    key: `e${++counter}`,
    id,
    type: String(event.type ?? message.type),
    subject: String(event.subject ?? ''),
    created_at: event.created_at,
    data: event.data,
  });
  if (feed.events.length > MAX_EVENTS) feed.events.length = MAX_EVENTS;
  emit();
}

/** (Re)opens the stream with the current access token. */
export function openFeed() {
  closeFeed();
  const token = tokens.access;
  if (!token) return;
  setState('connecting');
  const es = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(token)}`);
  source = es;
  es.onopen = () => { retryDelay = 1000; setState('open'); };
  es.onmessage = receive;
  es.onerror = () => {
    if (es !== source) return;
    if (es.readyState !== EventSource.CLOSED) return setState('connecting'); // native reconnect under way
    // The server refused the stream (most likely an expired access token): refresh, then reopen.
    source = null;
    setState('closed');
    retryTimer = setTimeout(async () => {
      try { await refreshTokens(); } catch { /* an expired session is ended by api.js */ }
      if (tokens.access && !source) openFeed(); // unless the app already reopened it on 'refreshed'
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  };
}

export function closeFeed() {
  clearTimeout(retryTimer);
  source?.close();
  source = null;
  if (feed.state !== 'closed') setState('closed');
}

export function resetFeed() {
  closeFeed();
  feed.events = [];
  retryDelay = 1000;
  emit();
}
