// The message thread of a purchase order between the buyer and the vendor: the same panel on the buyer's
// order page (/purchase-orders/{id}/messages) and in the supplier portal (/portal/purchase-orders/{id}/messages).
import { h } from './dom.js';
import { t, formatDate } from './i18n.js';
import { api } from './api.js';

const MAX_LENGTH = 4000;
const DASH_OR = (text) => (text ? String(text) : '—');

/**
 * A panel with the thread (oldest first) and a box to post. `path` is the API path of the messages,
 * `side` the side of whoever is signed in ("buyer" | "vendor"), `errorMessage(err)` the shell's wording of a problem.
 * Returns {element, refresh()}: refresh reloads the thread without touching what is being typed.
 */
export function messageThread({ path, side, errorMessage }) {
  let alive = true;
  let shown = '';
  const list = h('ol', { class: 'messages', 'data-testid': 'messages', 'aria-live': 'polite', 'aria-relevant': 'additions' });
  const empty = h('p', { class: 'muted', 'data-testid': 'messages-empty', hidden: true }, t('messages.none'));
  const loadError = h('p', { class: 'error', role: 'alert', 'data-testid': 'messages-load-error', hidden: true });
  const body = h('textarea', {
    id: 'message-body', name: 'body', rows: 3, maxlength: MAX_LENGTH, required: true,
    'data-testid': 'message-body', 'aria-describedby': 'message-body-hint',
  });
  const error = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true, 'data-testid': 'message-error' });
  const done = h('p', { class: 'form-info', role: 'status', 'data-testid': 'message-result' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'message-submit' }, t('messages.send'));
  const form = h('form', { class: 'form message-form', novalidate: true, 'data-testid': 'message-form' },
    h('div', { class: 'field' },
      h('label', { for: 'message-body' }, t(side === 'vendor' ? 'messages.to_buyer' : 'messages.to_vendor')),
      body,
      h('p', { id: 'message-body-hint', class: 'field-hint muted' }, t('messages.hint', { max: MAX_LENGTH }))),
    error, done, h('div', { class: 'form-actions' }, button));
  const element = h('section', { class: 'panel', 'aria-labelledby': 'messages-title', 'data-testid': 'order-messages' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'messages-title' }, t('messages.title'))),
    h('div', { class: 'panel-body' }, loadError, list, empty, form));

  function item(message) {
    const mine = message.side === side;
    return h('li', { class: 'message', 'data-side': message.side ?? '', 'data-mine': String(mine), 'data-testid': 'message', 'data-message-id': message.id ?? '' },
      h('p', { class: 'message-meta' },
        h('strong', { 'data-testid': 'message-author' }, message.author?.name ?? DASH_OR(message.side)),
        ' ', h('span', { class: 'badge', 'data-testid': 'message-side' }, t(`messages.side.${message.side}`) === `messages.side.${message.side}`
          ? String(message.side ?? '') : t(`messages.side.${message.side}`)),
        ' ', h('time', { class: 'muted', datetime: message.created_at ?? '' }, formatDate(message.created_at))),
      h('p', { class: 'message-body', 'data-testid': 'message-text' }, message.body ?? ''));
  }

  let loading = null;
  async function load() {
    const page = await api('GET', path);
    if (!alive) return;
    const items = page?.items ?? [];
    loadError.hidden = true;
    const signature = JSON.stringify(items.map((m) => [m.id, m.body]));
    if (signature === shown) return;
    shown = signature;
    list.replaceChildren(...items.map(item));
    empty.hidden = items.length > 0;
  }
  function refresh() {
    loading ??= load().catch((err) => {
      if (!alive) return;
      loadError.textContent = errorMessage(err);
      loadError.hidden = false;
    }).finally(() => { loading = null; });
    return loading;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    done.textContent = '';
    error.hidden = true;
    error.replaceChildren();
    const text = body.value.trim();
    if (!text) {
      body.setAttribute('aria-invalid', 'true');
      error.replaceChildren(h('p', { 'data-testid': 'problem-detail' }, t('messages.empty_body')));
      error.hidden = false;
      body.focus();
      return;
    }
    body.removeAttribute('aria-invalid');
    button.disabled = true;
    try {
      await api('POST', path, { body: text });
      if (!alive) return;
      body.value = '';
      done.textContent = t('messages.sent');
      await refresh();
    } catch (err) {
      if (!alive) return;
      const fields = err?.fieldErrors ?? [];
      if (fields.some((f) => f.field === 'body')) body.setAttribute('aria-invalid', 'true');
      error.replaceChildren(h('p', { 'data-testid': 'problem-detail' }, errorMessage(err)),
        fields.length ? h('ul', {}, fields.map((f) => h('li', { 'data-field': f.field }, h('strong', {}, f.field), `: ${f.message}`))) : '');
      error.hidden = false;
      error.focus();
    } finally {
      button.disabled = false;
    }
  });

  return { element, refresh, stop: () => { alive = false; } };
}
