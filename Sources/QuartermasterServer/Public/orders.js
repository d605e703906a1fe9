// Purchasing: the list of purchase orders, one order (parties, lines, totals, terms, its documents,
// issuing and cancelling, receiving goods and entering the vendor's invoice), the orders panel of a
// request page, and the organisation's purchasing profile (#/orders/settings).
import { h, hashSegments as segments } from './dom.js';
import { t, formatDate, formatMoney } from './i18n.js';
import { api, download } from './api.js';
import { onFeed } from './feed.js';
import { messageThread } from './messages.js';
import { alertBox, decimal, field, input, integer, numTh, select, statusLine, table } from './approvals.js';

const enc = encodeURIComponent;
const DASH = '—';
export const ORDER_STATUSES = ['draft', 'issued', 'acknowledged', 'partially_shipped', 'shipped', 'partially_received', 'received',
  'invoiced', 'matched', 'closed', 'cancelled'];
const RECEIVABLE = new Set(['issued', 'acknowledged', 'partially_shipped', 'shipped', 'partially_received']);
const CANCELLABLE = new Set(['draft', 'issued', 'acknowledged']);
const INVOICE_CLOSED = new Set(['cancelled', 'closed', 'matched']);
/** Where a change order (new quantities) may still be sent to the vendor. */
const CHANGEABLE = new Set(['issued', 'acknowledged', 'partially_shipped']);
/** The milestones an order moves through, and where each status stands among them. */
const STAGES = ['draft', 'issued', 'received', 'invoiced', 'matched'];
const STAGE_OF = {
  draft: 0, issued: 1, acknowledged: 1, partially_shipped: 1, shipped: 1, partially_received: 1,
  received: 2, invoiced: 3, matched: 4, closed: 4,
};
const FORMATS = [['pdf', 'PDF'], ['cxml', 'cXML'], ['ubl', 'UBL']];
const PARTIES = ['buyer', 'bill_to', 'ship_to', 'supplier'];
const INCOTERMS = ['EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF'];

// From app.js: {session(), pageHeader(title, subtitle), emptyState(title, body, ...extra), errorMessage(err)}.
let ui = null;

/** The views app.js routes to: `#/orders`, `#/orders/<id>`, `#/orders/settings`. */
export function orderViews(shell) {
  ui = shell;
  return { orders: ordersView };
}

const roles = () => ui?.session()?.roles ?? [];
const hasRole = (...wanted) => roles().some((role) => wanted.includes(role));
const canManage = () => hasRole('admin', 'buyer'); // issue, cancel
const canReceive = () => hasRole('admin', 'buyer', 'requester');
const canInvoice = () => hasRole('admin', 'finance', 'buyer');

function ordersView(main) {
  const [, page, ...rest] = segments();
  if (rest.length) return notFound(main);
  if (!page) return listPage(main);
  if (page === 'settings') return profilePage(main);
  return orderPage(main, page);
}

function notFound(main) {
  main.append(ui.pageHeader(t('notfound.title')),
    h('section', { class: 'panel' }, ui.emptyState(t('notfound.title'), t('notfound.body'),
      h('a', { class: 'btn btn-primary', href: '#/orders' }, t('orders.back')))));
}

// ---------- formatting ----------

export const money = (amount, currency) => (amount == null || amount === '' ? DASH : formatMoney(String(amount), currency || ''));
export const label = (key, value) => {
  const text = t(`${key}.${value}`);
  return text === `${key}.${value}` ? String(value ?? '') : text;
};
export const orderBadge = (status, testid) => h('span', { class: 'status-badge', 'data-status': status ?? '', 'data-testid': testid },
  label('orders.status', status));

/** Draft → issued → received → invoiced → matched, the current milestone marked (a cancelled order says so instead). */
export function orderProgress(status) {
  if (status === 'cancelled') return h('p', { class: 'po-progress-cancelled', 'data-testid': 'order-progress' }, label('orders.status', status));
  const current = STAGE_OF[status] ?? 0;
  return h('ol', { class: 'po-progress', 'aria-label': t('orders.progress'), 'data-testid': 'order-progress', 'data-stage': STAGES[current] },
    STAGES.map((stage, index) => h('li', {
      'data-state': index < current ? 'done' : index === current ? 'current' : 'todo',
      'aria-current': index === current ? 'step' : null,
    }, h('span', { class: 'visually-hidden' }, index < current ? `${t('orders.stage_done')} ` : ''), t(`orders.stage.${stage}`))));
}

function addressLines(party) {
  const address = party?.address ?? {};
  const cityLine = [address.postal_code, address.city, address.region].filter(Boolean).join(' ');
  return [...(address.street ?? address.lines ?? []), cityLine, address.country_name || address.country_code].filter(Boolean);
}

export function partyCard(key, party) {
  const lines = addressLines(party);
  const contact = party?.contact;
  return h('div', { class: 'party', 'data-testid': `order-party-${key}` },
    h('h3', {}, t(`orders.party.${key}`)),
    h('address', {},
      h('strong', {}, party?.name ?? DASH),
      lines.length ? lines.map((line) => [h('br'), line]) : [h('br'), h('span', { class: 'error' }, t('orders.no_address'))],
      contact ? [h('br'), h('span', { class: 'muted' }, [contact.name, contact.email, contact.phone].filter(Boolean).join(' · '))] : null));
}

/** A date-only value ("2026-12-01") in the reader's format, read as a calendar day (not midnight UTC). */
export function formatDay(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
  if (!match) return value ? formatDate(value, { dateStyle: 'medium' }) : DASH;
  return formatDate(new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])), { dateStyle: 'medium' });
}

/** Whether the order carries the vendor's progress (acknowledgements, shipments, receipts per line). */
export const hasProgress = (order) => (order?.lines ?? []).some((line) => 'shipped' in line || 'acknowledgement' in line) || Array.isArray(order?.shipments);

/** A price the server sends as an amount (5.25, "5.25") or as money ({amount, currency}): [amount, currency]. */
export function priceParts(value, currency) {
  if (value && typeof value === 'object') return [value.amount, value.currency || currency];
  return [value, currency];
}

/** One of the vendor's confirmations of a line: "12 accepted", "8 backordered, by 1 Dec 2026", "10 changed at $4.40 — comment". */
function confirmationText(confirmation, currency) {
  const parts = [t('orders.ack.confirmation', { quantity: confirmation.quantity ?? DASH, status: label('orders.ack', confirmation.status) })];
  const [price, priceCurrency] = priceParts(confirmation.unit_price, currency);
  if (price != null && price !== '') parts.push(t('orders.ack.at_price', { price: money(price, priceCurrency) }));
  if (confirmation.delivery_date) parts.push(t('orders.ack.by_date', { date: formatDay(confirmation.delivery_date) }));
  return parts.join(', ') + (confirmation.comment ? ` — ${confirmation.comment}` : '');
}

/** A line's acknowledgement by the vendor: its status, then each confirmation when there is more to say. */
export function acknowledgementOf(line, currency, testid = 'line-ack') {
  const status = line.acknowledgement ?? null;
  const confirmations = line.confirmations ?? [];
  return h('div', { class: 'ack', 'data-testid': testid, 'data-ack': status ?? 'none' },
    status ? h('span', { class: 'status-badge', 'data-status': status }, label('orders.ack', status)) : h('span', { class: 'muted' }, t('orders.ack.none')),
    confirmations.length ? h('ul', { class: 'plain confirmations' }, confirmations.map((confirmation) => h('li', {
      'data-testid': 'line-confirmation', 'data-status': confirmation.status ?? '',
    }, confirmationText(confirmation, currency)))) : null);
}

/** The vendor's shipments of an order: carrier, tracking number, dates and what each carried. */
export function shipmentsTable(order, testid) {
  const shipments = order?.shipments ?? [];
  if (!shipments.length) return h('p', { class: 'muted', 'data-testid': 'shipments-empty' }, t('orders.shipments.none'));
  const item = (n) => order.lines.find((line) => line.line_number === n)?.description ?? '';
  return table(testid, t('orders.shipments.title'),
    [t('orders.shipments.id'), t('orders.shipments.carrier'), t('orders.shipments.tracking'), t('orders.shipments.shipped_at'),
      t('orders.shipments.expected_delivery'), t('orders.shipments.lines')],
    shipments.map((shipment) => h('tr', { 'data-testid': 'shipment', 'data-shipment-id': shipment.id ?? '' },
      h('th', { scope: 'row', class: 'soft-wrap' }, h('code', {}, shipment.id ?? DASH)),
      h('td', { 'data-testid': 'shipment-carrier' }, shipment.carrier || DASH),
      h('td', { 'data-testid': 'shipment-tracking' }, shipment.tracking_number ? h('code', {}, shipment.tracking_number) : DASH),
      h('td', {}, shipment.shipped_at ? formatDay(shipment.shipped_at) : DASH),
      h('td', {}, shipment.expected_delivery ? formatDay(shipment.expected_delivery) : DASH),
      h('td', { class: 'wrap' }, h('ul', { class: 'plain' }, (shipment.lines ?? []).map((line) => h('li', { 'data-testid': 'shipment-line', 'data-line': line.line_number ?? line.line },
        t('orders.shipments.line', { line: line.line_number ?? line.line, quantity: line.quantity, item: item(line.line_number ?? line.line) }))))))));
}

/** "buyer.address.city" → "Buyer › address.city"; "lines[0].quantity" → "Line 1 › quantity" (the line as sent). */
function fieldName(name, sentLines = []) {
  const party = /^(buyer|bill_to|ship_to|supplier)\.(.+)$/.exec(name);
  if (party) return `${t(`orders.party.${party[1]}`)} › ${party[2]}`;
  const line = /^lines\[(\d+)\]\.?(.*)$/.exec(name);
  if (line) {
    const number = sentLines[Number(line[1])]?.line ?? Number(line[1]) + 1;
    return `${t('orders.line_n', { n: number })}${line[2] ? ` › ${line[2]}` : ''}`;
  }
  return name;
}

/** The problem in a role=alert box: its detail, then each field's message. */
export function showProblem(box, err, sentLines) {
  const fields = err?.fieldErrors ?? [];
  box.replaceChildren(h('p', { 'data-testid': 'problem-detail' }, ui.errorMessage(err)),
    fields.length ? h('ul', { 'data-testid': 'problem-fields' }, fields.map((f) => h('li', { 'data-field': f.field },
      h('strong', {}, fieldName(f.field, sentLines)), `: ${f.message}`))) : '');
  box.hidden = false;
}

export function clearProblem(box) {
  box.hidden = true;
  box.replaceChildren();
}

/** Runs `action` with the button disabled; a problem lands in `box` (which takes the focus). */
/**
 * Fetches one of an order's documents (PDF, cXML, UBL) with the bearer token and offers it as a
 * download: the file starts downloading and a link to it stays in `status` for a second try.
 * `order()` is the order shown (its `documents` links); `fallback(format)` the path without them.
 */
export function documentFetcher({ status, error, objectURLs, alive, order, fallback }) {
  const sizeText = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);
  return async function fetchDocument(format, button) {
    status.textContent = t('orders.documents.fetching');
    status.removeAttribute('data-type');
    clearProblem(error);
    button.disabled = true;
    try {
      const path = (order().documents?.[format] ?? fallback(format)).replace(/^\/api\/v1/, '');
      const file = await download(path);
      if (!alive()) return;
      const url = URL.createObjectURL(file.blob);
      objectURLs.push(url);
      const name = file.filename || `${order().number}.${format === 'pdf' ? 'pdf' : 'xml'}`;
      const link = h('a', { href: url, download: name, 'data-testid': `document-link-${format}`, 'data-type': file.type }, t('orders.documents.save', { name }));
      status.dataset.type = file.type;
      status.dataset.format = format;
      status.replaceChildren(t('orders.documents.ready', { name, type: file.type.split(';')[0], size: sizeText(file.blob.size) }), ' ', link);
      link.click(); // start the download; the link stays for a second try
    } catch (err) {
      status.textContent = '';
      showProblem(error, err);
    } finally {
      button.disabled = false;
    }
  };
}

export async function submitting(button, box, action, sentLines) {
  clearProblem(box);
  button.disabled = true;
  try {
    await action();
    return true;
  } catch (err) {
    showProblem(box, err, typeof sentLines === 'function' ? sentLines() : sentLines);
    box.focus();
    return false;
  } finally {
    button.disabled = false;
  }
}

/** Numbers typed in a form field: '' → undefined, whole numbers as numbers, anything else as typed (the server explains). */
const count = (text) => integer(text);

// ---------- the list ----------

function listPage(main) {
  const header = ui.pageHeader(t('orders.title'), t('orders.subtitle'));
  if (hasRole('admin')) {
    header.classList.add('has-actions');
    header.append(h('div', { class: 'page-actions' },
      h('a', { class: 'btn', href: '#/orders/settings', 'data-testid': 'orders-settings-link' }, t('orders.profile.title'))));
  }
  const initial = new URLSearchParams(location.hash.split('?')[1] ?? '').get('status') ?? '';
  const filter = select([['', t('orders.all')], ...ORDER_STATUSES.map((s) => [s, label('orders.status', s)])],
    ORDER_STATUSES.includes(initial) ? initial : '');
  filter.id = 'orders-status';
  filter.dataset.testid = 'orders-status';
  const body = h('div', { 'data-testid': 'orders-list', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('app.loading')));
  let orders = null;
  let titles = new Map();
  let generation = 0;

  function render() {
    if (!orders) return;
    const shown = filter.value ? orders.filter((o) => o.status === filter.value) : orders;
    if (!shown.length) {
      body.replaceChildren(ui.emptyState(t(orders.length ? 'orders.empty_filtered.title' : 'orders.empty.title'),
        t(orders.length ? 'orders.empty_filtered.body' : 'orders.empty.body')));
      return;
    }
    body.replaceChildren(table('orders-table', t('orders.title'),
      [t('orders.col.number'), t('orders.col.vendor'), t('orders.col.status'), numTh(t('orders.col.total')), t('orders.col.request'),
        t('orders.col.created')],
      shown.map((order) => h('tr', { 'data-testid': 'order-row', 'data-order-id': order.id, 'data-status': order.status },
        h('th', { scope: 'row', class: 'nowrap' }, h('a', { href: `#/orders/${enc(order.id)}`, 'data-testid': 'order-link' }, order.number)),
        h('td', {}, order.vendor?.name ?? order.vendor_id),
        h('td', {}, orderBadge(order.status)),
        h('td', { class: 'num' }, money(order.total, order.currency)),
        h('td', {}, h('a', { href: `#/requests/${enc(order.request_id)}` }, titles.get(order.request_id) ?? order.request_id)),
        h('td', {}, formatDate(order.created_at))))));
  }

  async function load() {
    const mine = ++generation;
    try {
      const [page, requests] = await Promise.all([api('GET', '/purchase-orders?limit=500'),
        titles.size ? null : api('GET', '/requests').catch(() => null)]);
      if (mine !== generation) return;
      if (requests) titles = new Map((requests.items ?? []).map((r) => [r.id, r.title]));
      orders = page?.items ?? [];
      render();
    } catch (err) {
      if (mine === generation) body.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
    }
  }
  filter.addEventListener('change', () => {
    history.replaceState(null, '', filter.value ? `#/orders?status=${enc(filter.value)}` : '#/orders');
    render();
  });
  main.append(header, h('section', { class: 'panel' },
    h('div', { class: 'panel-body' }, h('div', { class: 'field field-inline' }, h('label', { for: 'orders-status' }, t('orders.filter')), filter)),
    body));
  load();
  const stop = onFeed((feed) => {
    const type = feed.events[0]?.type ?? '';
    if (type.startsWith('purchase_order.') || type.startsWith('invoice.')) load();
  });
  return () => { generation = -1; stop(); };
}

// ---------- the orders of a request (on the request page) ----------

/** A panel listing the request's orders and how far each has got; `refresh()` reloads it (quietly when nothing changed). */
export function requestOrdersPanel(requestID) {
  const body = h('div', { 'data-testid': 'request-orders-list' });
  const panel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'request-orders-title', 'data-testid': 'request-orders' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'request-orders-title' }, t('orders.request_panel'))), body);
  let shown = '';
  let ids = new Set();
  let loading = null;
  async function load() {
    const page = await api('GET', `/purchase-orders?request=${enc(requestID)}`);
    const items = page?.items ?? [];
    ids = new Set(items.map((o) => o.id));
    const signature = JSON.stringify(items.map((o) => [o.id, o.status, o.total, o.updated_at]));
    if (signature === shown) return;
    shown = signature;
    panel.hidden = !items.length;
    body.replaceChildren(table('request-orders-table', t('orders.request_panel'),
      [t('orders.col.number'), t('orders.col.vendor'), t('orders.col.status'), numTh(t('orders.col.total')), t('orders.progress')],
      items.map((order) => h('tr', { 'data-testid': 'request-order', 'data-order-id': order.id, 'data-status': order.status },
        h('th', { scope: 'row', class: 'nowrap' }, h('a', { href: `#/orders/${enc(order.id)}`, 'data-testid': 'request-order-link' }, order.number)),
        h('td', {}, order.vendor?.name ?? order.vendor_id),
        h('td', {}, orderBadge(order.status, 'request-order-status')),
        h('td', { class: 'num' }, money(order.total, order.currency)),
        h('td', {}, orderProgress(order.status))))));
  }
  function refresh() {
    loading ??= load().catch(() => { /* the request page reports its own problems; try again on the next refresh */ })
      .finally(() => { loading = null; });
    return loading;
  }
  /** Whether a feed event concerns these orders. */
  const concerns = (event) => {
    const type = event?.type ?? '';
    if (type.startsWith('purchase_order.')) return event.data?.request_id === requestID || ids.has(event.data?.purchase_order_id);
    if (type.startsWith('invoice.')) return ids.has(event.data?.purchase_order_id);
    return false;
  };
  return { element: panel, refresh, concerns };
}

// ---------- one order ----------

function orderPage(main, id) {
  let alive = true;
  let order = null;
  let receipts = [];
  let invoices = [];
  let shown = '';
  const objectURLs = [];
  const header = ui.pageHeader(t('orders.order'));
  const actions = h('div', { class: 'page-actions' });
  header.classList.add('has-actions');
  header.append(actions);
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/orders' }, t('orders.back')));
  const summary = h('section', { class: 'panel', 'data-testid': 'order-summary' }, h('p', { class: 'muted panel-body' }, t('app.loading')));
  const partiesPanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-parties-title', 'data-testid': 'order-parties' });
  const linesPanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-lines-title', 'data-testid': 'order-lines' });
  const receivePanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-receive-title', 'data-testid': 'order-receive' });
  const invoicePanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-invoices-title', 'data-testid': 'order-invoices' });
  const shipmentsPanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-shipments-title', 'data-testid': 'order-shipments' });
  const changePanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'order-change-title', 'data-testid': 'order-change' });
  // The thread with the vendor is drawn once (what is being typed survives the order's redraws) and refreshed.
  const thread = messageThread({ path: `/purchase-orders/${enc(id)}/messages`, side: 'buyer', errorMessage: ui.errorMessage });
  thread.element.hidden = true;
  main.append(crumbs, header, summary, partiesPanel, linesPanel, shipmentsPanel, changePanel, receivePanel, invoicePanel, thread.element);

  // Messages that outlive a redraw of the panels.
  const actionError = alertBox('order-error');
  const actionDone = statusLine('order-result');
  const documentStatus = h('p', { class: 'form-info', role: 'status', 'data-testid': 'document-status' });
  const documentError = alertBox('document-error');
  const receiveError = alertBox('receive-error');
  const receiveDone = statusLine('receive-result');
  const invoiceError = alertBox('invoice-error');
  const invoiceDone = statusLine('invoice-result');
  const changeError = alertBox('change-error');
  const changeDone = statusLine('change-result');

  // ----- documents -----
  const fetchDocument = documentFetcher({
    status: documentStatus, error: documentError, objectURLs, alive: () => alive, order: () => order,
    fallback: (format) => `/api/v1/purchase-orders/${enc(id)}/document?format=${format}`,
  });

  // ----- issue and cancel -----
  const cancelReason = input({ maxlength: 2000 });
  async function act(button, path, body, done) {
    actionDone.textContent = '';
    const ok = await submitting(button, actionError, async () => {
      const updated = await api('POST', `/purchase-orders/${enc(id)}/${path}`, body);
      if (!alive) return;
      order = updated;
      await refresh(true);
    });
    if (ok) actionDone.textContent = t(done, { number: order.number });
  }

  function renderActions() {
    const buttons = FORMATS.map(([format, name]) => h('button', {
      type: 'button', class: 'btn', 'data-testid': `document-${format}`,
      onclick: (event) => fetchDocument(format, event.currentTarget),
    }, t('orders.documents.download', { format: name })));
    if (canManage() && order.status === 'draft') {
      buttons.unshift(h('button', {
        type: 'button', class: 'btn btn-primary', 'data-testid': 'order-issue',
        onclick: (event) => act(event.currentTarget, 'issue', {}, 'orders.done.issued'),
      }, t('orders.issue')));
    }
    actions.replaceChildren(...buttons);
  }

  function renderSummary() {
    const fact = (key, ...value) => h('div', {}, h('dt', {}, t(key)), h('dd', {}, ...value));
    const cancel = canManage() && CANCELLABLE.has(order.status)
      ? h('form', { class: 'form inline-form', 'data-testid': 'cancel-form', novalidate: true, onsubmit: (event) => {
        event.preventDefault();
        act(event.currentTarget.querySelector('button'), 'cancel', { reason: cancelReason.value.trim() }, 'orders.done.cancelled');
      } },
      field('order-cancel-reason', t('orders.cancel_reason'), cancelReason, t('orders.cancel_hint')),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-danger', 'data-testid': 'order-cancel' }, t('orders.cancel'))))
      : null;
    summary.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', {}, t('orders.summary')), orderBadge(order.status, 'order-status')),
      h('div', { class: 'panel-body' }, orderProgress(order.status)),
      h('dl', { class: 'facts facts-grid' },
        fact('orders.col.vendor', order.vendor?.name ?? order.vendor_id),
        fact('orders.col.request', h('a', { href: `#/requests/${enc(order.request_id)}`, 'data-testid': 'order-request-link' }, t('orders.view_request'))),
        fact('orders.col.total', h('strong', { 'data-testid': 'order-total' }, money(order.total, order.currency))),
        fact('orders.version', String(order.version)),
        fact('orders.col.created', formatDate(order.created_at)),
        fact('orders.updated', formatDate(order.updated_at))),
      h('div', { class: 'panel-body form' }, actionError, actionDone, documentError, documentStatus, cancel));
  }

  function renderParties() {
    partiesPanel.hidden = false;
    partiesPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'order-parties-title' }, t('orders.parties'))),
      h('div', { class: 'parties panel-body' }, PARTIES.map((key) => partyCard(key, order[key]))));
  }

  function renderLines() {
    linesPanel.hidden = false;
    const accepted = acceptedByLine();
    const progress = hasProgress(order);
    const linesTable = table('order-lines-table', t('orders.lines'),
        [numTh('#'), t('orders.col.item'), t('orders.col.part'), numTh(t('orders.col.quantity')), numTh(t('orders.col.unit_price')),
          numTh(t('orders.col.line_total')), numTh(t('orders.col.accepted')), t('orders.col.delivery'),
          ...(progress ? [t('orders.col.acknowledgement'), numTh(t('orders.col.expected')), numTh(t('orders.col.shipped')), numTh(t('orders.col.received'))] : [])],
        order.lines.map((line) => h('tr', { 'data-testid': 'order-line', 'data-line': line.line_number },
          h('td', { class: 'num' }, String(line.line_number)),
          h('th', { scope: 'row' }, line.description, line.cost_centre ? h('div', { class: 'muted' }, line.cost_centre) : null),
          h('td', {}, h('code', {}, line.supplier_part_id)),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
          h('td', { class: 'num' }, money(line.unit_price, order.currency)),
          h('td', { class: 'num' }, money(line.line_total, order.currency)),
          h('td', { class: 'num', 'data-testid': 'order-line-accepted' }, `${accepted.get(line.line_number) ?? 0} / ${line.quantity}`),
          h('td', {}, line.requested_delivery_date ?? DASH),
          progress ? [
            h('td', { class: 'soft-wrap' }, acknowledgementOf(line, order.currency, 'order-line-ack')),
            h('td', { class: 'num', 'data-testid': 'order-line-expected' }, String(line.expected ?? DASH)),
            h('td', { class: 'num', 'data-testid': 'order-line-shipped' }, String(line.shipped ?? 0)),
            h('td', { class: 'num', 'data-testid': 'order-line-received' }, String(line.received ?? 0)),
          ] : null)));
    if (progress) linesTable.querySelector('table').classList.add('table-compact'); // four more columns
    linesPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'order-lines-title' }, t('orders.lines'))),
      linesTable,
      h('div', { class: 'quote-summary panel-body' },
        h('dl', { class: 'totals', 'data-testid': 'order-totals' },
          h('dt', {}, t('orders.subtotal')), h('dd', {}, money(order.subtotal, order.currency)),
          h('dt', {}, t('orders.shipping')), h('dd', {}, money(order.shipping, order.currency)),
          h('dt', {}, t('orders.tax')), h('dd', {}, money(order.tax, order.currency)),
          h('dt', {}, h('strong', {}, t('orders.col.total'))), h('dd', {}, h('strong', {}, money(order.total, order.currency)))),
        h('dl', { class: 'facts terms', 'data-testid': 'order-terms' },
          h('dt', {}, t('orders.payment_terms')), h('dd', {}, order.payment_terms || DASH),
          h('dt', {}, t('orders.incoterms')), h('dd', {}, order.incoterms || DASH),
          h('dt', {}, t('orders.terms')), h('dd', {}, (order.terms ?? []).length
            ? h('ul', { class: 'plain' }, order.terms.map((term) => h('li', {}, term))) : DASH))));
  }

  function acceptedByLine() {
    const totals = new Map();
    for (const receipt of receipts) for (const line of receipt.lines ?? []) totals.set(line.line, (totals.get(line.line) ?? 0) + line.accepted);
    return totals;
  }

  // ----- the vendor's shipments -----
  function renderShipments() {
    shipmentsPanel.hidden = !hasProgress(order);
    if (shipmentsPanel.hidden) return;
    shipmentsPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'order-shipments-title' }, t('orders.shipments.title'))),
      h('div', { class: 'panel-body' },
        h('p', { class: 'muted', 'data-testid': 'order-acknowledged', 'data-acknowledged': String(Boolean(order.acknowledged)) },
          t(order.acknowledged ? 'orders.ack.order_acknowledged' : 'orders.ack.order_not_acknowledged'))),
      shipmentsTable(order, 'order-shipments-table'));
  }

  // ----- change order -----
  let sentChange = [];
  function renderChange() {
    changePanel.hidden = !(canManage() && CHANGEABLE.has(order.status));
    if (changePanel.hidden) return;
    const rows = order.lines.map((line) => {
      const n = line.line_number;
      const quantity = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', value: line.quantity, class: 'input-short',
        id: `change-quantity-${n}`, 'data-testid': `change-quantity-${n}`, 'aria-label': t('orders.change.quantity_line', { item: line.description }) });
      const row = h('tr', { 'data-testid': 'change-line', 'data-line': n },
        h('th', { scope: 'row' }, line.description),
        h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
        h('td', { class: 'num' }, String(line.shipped ?? 0)),
        h('td', {}, quantity));
      row.read = () => {
        const value = count(quantity.value);
        return value === undefined || value === line.quantity ? null : { line: n, quantity: value };
      };
      return row;
    });
    const reason = input({ maxlength: 2000, required: true });
    const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'change-submit' }, t('orders.change.submit'));
    const form = h('form', { class: 'form panel-body', novalidate: true, 'data-testid': 'change-form', 'aria-labelledby': 'order-change-title' },
      h('p', { class: 'muted' }, t('orders.change.hint')),
      table('change-table', t('orders.change.title'),
        [t('orders.col.item'), numTh(t('orders.col.ordered')), numTh(t('orders.col.shipped')), t('orders.change.new_quantity')], rows),
      field('change-reason', t('orders.change.reason'), reason, t('orders.change.reason_hint')),
      changeError, changeDone, h('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      changeDone.textContent = '';
      sentChange = rows.map((row) => row.read()).filter(Boolean);
      if (!sentChange.length) {
        showProblem(changeError, { problem: { detail: t('orders.change.nothing') } });
        changeError.focus();
        return;
      }
      const body = { lines: sentChange, reason: reason.value.trim() };
      await submitting(button, changeError, async () => {
        const updated = await api('POST', `/purchase-orders/${enc(id)}/change`, body);
        if (!alive) return;
        order = updated;
        await refresh(true);
        changeDone.textContent = t('orders.change.done', { number: order.number, version: order.version });
      }, () => sentChange);
    });
    changePanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'order-change-title' }, t('orders.change.title'))), form);
  }

  // ----- receiving -----
  let sentReceipt = [];
  function renderReceive() {
    receivePanel.hidden = false;
    const accepted = acceptedByLine();
    const open = canReceive() && RECEIVABLE.has(order.status);
    const parts = [h('div', { class: 'panel-head' }, h('h2', { id: 'order-receive-title' }, t('orders.receive.title')))];
    if (open) {
      const rows = order.lines.map((line) => {
        const n = line.line_number;
        const received = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', id: `receive-quantity-${n}`, 'data-testid': `receive-quantity-${n}`,
          class: 'input-short', 'aria-label': t('orders.receive.received_line', { item: line.description }) });
        const rejected = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', id: `receive-rejected-${n}`, 'data-testid': `receive-rejected-${n}`,
          class: 'input-short', 'aria-label': t('orders.receive.rejected_line', { item: line.description }) });
        const reason = input({ maxlength: 500, id: `receive-reason-${n}`, 'data-testid': `receive-reason-${n}`,
          'aria-label': t('orders.receive.reason_line', { item: line.description }) });
        const row = h('tr', { 'data-testid': 'receive-line', 'data-line': n },
          h('th', { scope: 'row' }, line.description),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
          h('td', { class: 'num' }, String(accepted.get(n) ?? 0)),
          h('td', {}, received), h('td', {}, rejected), h('td', {}, reason));
        row.read = () => {
          if (!received.value.trim() && !rejected.value.trim() && !reason.value.trim()) return null;
          const entry = { line: n, quantity: count(received.value) ?? 0, rejected: count(rejected.value) ?? 0 };
          if (reason.value.trim()) entry.reason = reason.value.trim();
          return entry;
        };
        return row;
      });
      const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'receive-submit' }, t('orders.receive.submit'));
      const form = h('form', { class: 'form panel-body', novalidate: true, 'data-testid': 'receive-form' },
        h('p', { class: 'muted', id: 'receive-hint' }, t('orders.receive.hint')),
        table('receive-table', t('orders.receive.title'),
          [t('orders.col.item'), numTh(t('orders.col.ordered')), numTh(t('orders.col.accepted')), t('orders.receive.received'),
            t('orders.receive.rejected'), t('orders.receive.reason')], rows),
        receiveError, receiveDone, h('div', { class: 'form-actions' }, button));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        receiveDone.textContent = '';
        sentReceipt = rows.map((row) => row.read()).filter(Boolean);
        await submitting(button, receiveError, async () => {
          const receipt = await api('POST', `/purchase-orders/${enc(id)}/receipts`, { lines: sentReceipt });
          if (!alive) return;
          await refresh(true);
          receiveDone.textContent = t('orders.receive.done', { status: label('orders.status', receipt.purchase_order_status) });
        }, () => sentReceipt);
      });
      parts.push(form);
    } else {
      const why = order.status === 'draft' ? 'orders.receive.not_issued' : RECEIVABLE.has(order.status) ? 'orders.receive.not_allowed' : 'orders.receive.closed';
      parts.push(h('div', { class: 'panel-body' }, h('p', { class: 'muted', 'data-testid': 'receive-closed' }, t(why, { status: label('orders.status', order.status) })),
        receiveError, receiveDone));
    }
    parts.push(h('div', { class: 'panel-body' }, h('h3', {}, t('orders.receive.history')), receipts.length
      ? h('ol', { class: 'receipts', 'data-testid': 'receipts' }, receipts.map((receipt) => h('li', { 'data-testid': 'receipt', 'data-receipt-id': receipt.id },
        h('time', { datetime: receipt.created_at }, formatDate(receipt.created_at)),
        h('ul', {}, receipt.lines.map((line) => h('li', { 'data-testid': 'receipt-line', 'data-line': line.line },
          t('orders.receive.line_text', { line: line.line, item: order.lines.find((l) => l.line_number === line.line)?.description ?? '',
            received: line.quantity, accepted: line.accepted, rejected: line.rejected }),
          line.reason ? h('span', { class: 'muted' }, ` — ${line.reason}`) : null))))))
      : h('p', { class: 'muted', 'data-testid': 'receipts-empty' }, t('orders.receive.none'))));
    receivePanel.replaceChildren(...parts);
  }

  // ----- invoices -----
  let sentInvoice = [];
  function renderInvoices() {
    if (!canInvoice()) { invoicePanel.hidden = true; return; }
    invoicePanel.hidden = false;
    const parts = [h('div', { class: 'panel-head' }, h('h2', { id: 'order-invoices-title' }, t('orders.invoices.title')))];
    parts.push(h('div', { class: 'panel-body' }, invoices.length
      ? table('invoices-table', t('orders.invoices.title'),
        [t('orders.invoices.number'), t('orders.col.status'), numTh(t('orders.invoices.total')), numTh(t('orders.invoices.expected')),
          t('orders.invoices.reasons'), t('orders.col.created')],
        invoices.map((invoice) => h('tr', { 'data-testid': 'invoice-row', 'data-invoice-id': invoice.id, 'data-status': invoice.status },
          h('th', { scope: 'row' }, invoice.number),
          h('td', {}, h('span', { class: 'status-badge', 'data-status': invoice.status, 'data-testid': 'invoice-status' }, label('orders.invoice_status', invoice.status))),
          h('td', { class: 'num' }, money(invoice.total, invoice.currency)),
          h('td', { class: 'num' }, money(invoice.expected, invoice.currency)),
          h('td', {}, (invoice.reasons ?? []).length
            ? h('ul', { class: 'plain', 'data-testid': 'invoice-reasons' }, invoice.reasons.map((reason) => h('li', {}, reason))) : DASH),
          h('td', {}, formatDate(invoice.created_at)))))
      : h('p', { class: 'muted', 'data-testid': 'invoices-empty' }, t('orders.invoices.none'))));
    if (!INVOICE_CLOSED.has(order.status)) {
      const number = input({ maxlength: 100, required: true });
      const rows = order.lines.map((line) => {
        const n = line.line_number;
        const quantity = input({ type: 'number', min: 0, step: 1, value: line.quantity, class: 'input-short', id: `invoice-quantity-${n}`,
          'data-testid': `invoice-quantity-${n}`, 'aria-label': t('orders.invoices.quantity_line', { item: line.description }) });
        const price = input({ inputmode: 'decimal', value: String(line.unit_price), class: 'input-short', id: `invoice-price-${n}`,
          'data-testid': `invoice-price-${n}`, 'aria-label': t('orders.invoices.price_line', { item: line.description }) });
        const row = h('tr', { 'data-testid': 'invoice-line', 'data-line': n },
          h('th', { scope: 'row' }, line.description),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
          h('td', {}, quantity), h('td', {}, price));
        row.read = () => (quantity.value.trim() && Number(quantity.value) !== 0
          ? { line: n, quantity: count(quantity.value), unit_price: decimal(price.value) ?? 0 } : null);
        return row;
      });
      const shipping = input({ inputmode: 'decimal', value: String(order.shipping ?? 0), class: 'input-short' });
      const tax = input({ inputmode: 'decimal', value: String(order.tax ?? 0), class: 'input-short' });
      const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'invoice-submit' }, t('orders.invoices.submit'));
      const form = h('form', { class: 'form panel-body', novalidate: true, 'aria-labelledby': 'invoice-form-title', 'data-testid': 'invoice-form' },
        h('h3', { id: 'invoice-form-title' }, t('orders.invoices.enter')),
        h('p', { class: 'muted' }, t('orders.invoices.hint')),
        h('div', { class: 'form-grid' }, field('invoice-number', t('orders.invoices.number'), number)),
        table('invoice-lines-table', t('orders.invoices.enter'),
          [t('orders.col.item'), numTh(t('orders.col.ordered')), t('orders.invoices.quantity'), t('orders.invoices.unit_price')], rows),
        h('div', { class: 'form-grid' },
          field('invoice-shipping', t('orders.shipping'), shipping),
          field('invoice-tax', t('orders.tax'), tax)),
        invoiceError, invoiceDone, h('div', { class: 'form-actions' }, button));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        invoiceDone.textContent = '';
        sentInvoice = rows.map((row) => row.read()).filter(Boolean);
        const body = { purchase_order: order.id, number: number.value.trim(), lines: sentInvoice };
        if (shipping.value.trim()) body.shipping = decimal(shipping.value);
        if (tax.value.trim()) body.tax = decimal(tax.value);
        await submitting(button, invoiceError, async () => {
          const invoice = await api('POST', '/invoices', body);
          if (!alive) return;
          await refresh(true);
          invoiceDone.replaceChildren(t(invoice.status === 'matched' ? 'orders.invoices.done_matched' : 'orders.invoices.done_held',
            { number: invoice.number, status: label('orders.status', invoice.purchase_order_status) }),
          (invoice.reasons ?? []).length ? h('ul', {}, invoice.reasons.map((reason) => h('li', {}, reason))) : '');
          invoiceDone.dataset.status = invoice.status;
        }, () => sentInvoice);
      });
      parts.push(form);
    } else {
      parts.push(h('div', { class: 'panel-body' }, invoiceError, invoiceDone));
    }
    invoicePanel.replaceChildren(...parts);
  }

  function render() {
    const signature = JSON.stringify([order, receipts, invoices]);
    if (signature === shown) return; // nothing new: keep what is being typed
    shown = signature;
    header.querySelector('h1').textContent = t('orders.order_title', { number: order.number });
    document.title = `${order.number} · ${t('app.name')}`;
    renderActions();
    renderSummary();
    renderParties();
    renderLines();
    renderShipments();
    renderChange();
    renderReceive();
    renderInvoices();
    thread.element.hidden = false;
  }

  let loading = null;
  async function load() {
    const [fresh, receiptPage, invoicePage] = await Promise.all([
      api('GET', `/purchase-orders/${enc(id)}`),
      api('GET', `/purchase-orders/${enc(id)}/receipts`),
      canInvoice() ? api('GET', `/invoices?purchase_order=${enc(id)}`) : { items: [] },
    ]);
    if (!alive) return;
    order = fresh;
    receipts = receiptPage?.items ?? [];
    invoices = invoicePage?.items ?? [];
    render();
    thread.refresh();
  }
  /** Reloads the order; `force` waits for a load that starts after now (after an action of ours). */
  async function refresh(force = false) {
    if (loading && force) await loading.catch(() => {});
    loading ??= load().finally(() => { loading = null; });
    try {
      await loading;
    } catch (err) {
      if (!alive) return;
      if (!order) summary.replaceChildren(h('p', { class: 'error panel-body', role: 'alert', 'data-testid': 'order-load-error' }, ui.errorMessage(err)));
    }
  }
  refresh();
  const stop = onFeed((feed) => {
    const event = feed.events[0];
    // Anything about this order (its status, an invoice, the vendor's acknowledgement, a shipment, a message).
    if (event?.data?.purchase_order_id === id || (event?.type?.startsWith('purchase_order.') && event.data?.id === id)) refresh();
  });
  return () => {
    alive = false;
    thread.stop();
    stop();
    objectURLs.forEach((url) => URL.revokeObjectURL(url));
  };
}

// ---------- the purchasing profile ----------

function partyFields(key, party) {
  const address = party?.address ?? {};
  const contact = party?.contact ?? {};
  const id = (name) => `profile-${key}-${name}`;
  const controls = {
    name: input({ value: party?.name ?? '', maxlength: 200, autocomplete: 'organization' }),
    street: h('textarea', { rows: 2, maxlength: 500 }, (address.street ?? []).join('\n')),
    city: input({ value: address.city ?? '' }),
    region: input({ value: address.region ?? '' }),
    postal_code: input({ value: address.postal_code ?? '', class: 'input-short' }),
    country_code: input({ value: address.country_code ?? '', maxlength: 60, class: 'input-short', placeholder: 'US', autocomplete: 'country' }),
    contact_name: input({ value: contact.name ?? '' }),
    contact_email: input({ type: 'email', value: contact.email ?? '' }),
    contact_phone: input({ type: 'tel', value: contact.phone ?? '' }),
  };
  const element = h('fieldset', { class: 'form-section', 'data-testid': `profile-${key}` },
    h('legend', {}, t(`orders.party.${key}`)),
    key === 'buyer' ? null : h('p', { class: 'muted field-hint' }, t('orders.profile.same_as_buyer')),
    h('div', { class: 'form-grid' },
      field(id('name'), t('orders.profile.name'), controls.name),
      field(id('street'), t('orders.profile.street'), controls.street, t('orders.profile.street_hint')),
      field(id('city'), t('orders.profile.city'), controls.city),
      field(id('region'), t('orders.profile.region'), controls.region),
      field(id('postal_code'), t('orders.profile.postal_code'), controls.postal_code),
      field(id('country_code'), t('orders.profile.country_code'), controls.country_code, t('orders.profile.country_hint')),
      field(id('contact-name'), t('orders.profile.contact_name'), controls.contact_name),
      field(id('contact-email'), t('orders.profile.contact_email'), controls.contact_email),
      field(id('contact-phone'), t('orders.profile.contact_phone'), controls.contact_phone)));
  function read() {
    const value = (name) => controls[name].value.trim();
    if (Object.keys(controls).every((name) => !value(name))) return undefined;
    const code = value('country_code').toUpperCase();
    controls.country_code.value = code;
    const result = { ...(party?.id ? { id: party.id } : {}), name: value('name'), address: {
      street: value('street').split('\n').map((line) => line.trim()).filter(Boolean), city: value('city'), country_code: code,
    } };
    if (value('region')) result.address.region = value('region');
    if (value('postal_code')) result.address.postal_code = value('postal_code');
    if (address.country_name && address.country_code === code) result.address.country_name = address.country_name;
    if (value('contact_name') || value('contact_email') || value('contact_phone')) {
      result.contact = { name: value('contact_name') };
      if (value('contact_email')) result.contact.email = value('contact_email');
      if (value('contact_phone')) result.contact.phone = value('contact_phone');
    }
    return result;
  }
  return { element, read };
}

function profilePage(main) {
  let alive = true;
  const isAdmin = hasRole('admin');
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/orders' }, t('orders.back'))),
    ui.pageHeader(t('orders.profile.title'), t('orders.profile.subtitle')));
  const box = h('div', { 'data-testid': 'profile-box' }, h('p', { class: 'muted' }, t('app.loading')));
  main.append(box);
  api('GET', '/purchasing-profile').then((profile) => {
    if (!alive) return;
    const parties = ['buyer', 'bill_to', 'ship_to'].map((key) => [key, partyFields(key, profile[key])]);
    const terms = profile.payment_terms ?? {};
    const netDays = input({ type: 'number', min: 0, value: terms.net_days ?? 30, class: 'input-short' });
    const discountPercent = input({ inputmode: 'decimal', value: terms.discount_percent ?? '', class: 'input-short' });
    const discountDays = input({ type: 'number', min: 0, value: terms.discount_days ?? '', class: 'input-short' });
    const rule = select([['', t('orders.profile.incoterms_none')], ...INCOTERMS.map((code) => [code, `${code} — ${t(`orders.incoterm.${code}`)}`])],
      profile.incoterms?.rule ?? '');
    const place = input({ value: profile.incoterms?.place ?? '' });
    const printed = h('textarea', { rows: 3, maxlength: 4000 }, (profile.terms ?? []).join('\n'));
    const tolerance = profile.tolerances ?? {};
    const overReceipt = input({ type: 'number', min: 0, value: tolerance.over_receipt_percent ?? 0, class: 'input-short' });
    const quantityPercent = input({ type: 'number', min: 0, value: tolerance.quantity_percent ?? 0, class: 'input-short' });
    const pricePercent = input({ type: 'number', min: 0, value: tolerance.price_percent ?? 2, class: 'input-short' });
    const amount = input({ inputmode: 'decimal', value: tolerance.amount ?? 5, class: 'input-short' });
    const error = alertBox('profile-error');
    const done = statusLine('profile-done');
    const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'profile-submit' }, t('orders.profile.save'));
    const form = h('form', { class: 'panel', novalidate: true, 'data-testid': 'profile-form', 'aria-labelledby': 'profile-form-title' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'profile-form-title' }, t('orders.profile.title'))),
      h('div', { class: 'form entity-form panel-body' },
        isAdmin ? null : h('p', { class: 'muted' }, t('orders.profile.admin_only')),
        parties.map(([, party]) => party.element),
        h('fieldset', { class: 'form-section' }, h('legend', {}, t('orders.payment_terms')),
          h('div', { class: 'form-grid' },
            field('profile-payment_terms-net_days', t('orders.profile.net_days'), netDays, t('orders.profile.net_days_hint')),
            field('profile-payment_terms-discount_percent', t('orders.profile.discount_percent'), discountPercent),
            field('profile-payment_terms-discount_days', t('orders.profile.discount_days'), discountDays))),
        h('fieldset', { class: 'form-section' }, h('legend', {}, t('orders.incoterms')),
          h('div', { class: 'form-grid' },
            field('profile-incoterms-rule', t('orders.profile.incoterms_rule'), rule),
            field('profile-incoterms-place', t('orders.profile.incoterms_place'), place, t('orders.profile.incoterms_place_hint')))),
        h('fieldset', { class: 'form-section' }, h('legend', {}, t('orders.terms')),
          field('profile-terms', t('orders.profile.terms'), printed, t('orders.profile.terms_hint'))),
        h('fieldset', { class: 'form-section' }, h('legend', {}, t('orders.profile.tolerances')),
          h('p', { class: 'muted field-hint' }, t('orders.profile.tolerances_hint')),
          h('div', { class: 'form-grid' },
            field('profile-tolerances-over_receipt_percent', t('orders.profile.over_receipt_percent'), overReceipt),
            field('profile-tolerances-quantity_percent', t('orders.profile.quantity_percent'), quantityPercent),
            field('profile-tolerances-price_percent', t('orders.profile.price_percent'), pricePercent),
            field('profile-tolerances-amount', t('orders.profile.amount'), amount))),
        error, done, isAdmin ? h('div', { class: 'form-actions' }, button) : null));
    if (!isAdmin) form.querySelectorAll('input, select, textarea, button').forEach((el) => { el.disabled = true; });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!isAdmin) return;
      done.textContent = '';
      form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
      const body = { payment_terms: { net_days: integer(netDays.value) ?? 30 }, terms: printed.value.split('\n').map((s) => s.trim()).filter(Boolean),
        tolerances: { over_receipt_percent: integer(overReceipt.value) ?? 0, quantity_percent: integer(quantityPercent.value) ?? 0,
          price_percent: integer(pricePercent.value) ?? 0, amount: decimal(amount.value) ?? 0 } };
      for (const [key, party] of parties) {
        const value = party.read();
        if (value) body[key] = value;
      }
      if (discountPercent.value.trim()) body.payment_terms.discount_percent = decimal(discountPercent.value);
      if (discountDays.value.trim()) body.payment_terms.discount_days = integer(discountDays.value);
      if (rule.value) body.incoterms = { rule: rule.value, place: place.value.trim() };
      const ok = await submitting(button, error, async () => {
        try {
          await api('PUT', '/purchasing-profile', body);
        } catch (err) {
          for (const f of err.fieldErrors ?? []) {
            const target = document.getElementById(`profile-${f.field.replace('.address.', '.').replace(/\./g, '-')}`);
            target?.setAttribute('aria-invalid', 'true');
          }
          throw err;
        }
      });
      if (ok) done.textContent = t('orders.profile.saved');
    });
    box.replaceChildren(form);
  }).catch((err) => { if (alive) box.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err))); });
  return () => { alive = false; };
}
