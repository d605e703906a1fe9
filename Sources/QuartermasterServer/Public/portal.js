// The supplier portal: what a vendor user sees, and all they see. `#/portal` lists their vendor's orders,
// `#/portal/orders/<id>` shows one order (parties, lines and their progress, documents) with the vendor's
// four actions: acknowledging it (per line, or the whole order), shipping with a notice, invoicing it
// ("flipping" the order into an invoice), and the message thread with the buyer.
// Vendor users get no event feed (the server refuses /events to them), so the page refreshes after each
// action, on demand, and polls the message thread.
import { h, hashSegments as segments } from './dom.js';
import { t, formatDate } from './i18n.js';
import { api } from './api.js';
import { alertBox, field, input, integer, numTh, select, statusLine, table } from './approvals.js';
import {
  acknowledgementOf, documentFetcher, formatDay, label, money, orderBadge, orderProgress, partyCard, priceParts, shipmentsTable,
  submitting,
} from './orders.js';
import { messageThread } from './messages.js';

const enc = encodeURIComponent;
const DASH = '—';
const FORMATS = [['pdf', 'PDF'], ['cxml', 'cXML'], ['ubl', 'UBL']];
const PARTIES = ['buyer', 'bill_to', 'ship_to'];
const ACK_STATUSES = ['accepted', 'rejected', 'backordered', 'changed'];
/** Where the vendor may still acknowledge, ship, invoice (the server has the last word and explains a refusal). */
const ACKNOWLEDGEABLE = new Set(['issued', 'acknowledged', 'partially_shipped']);
const NOT_SHIPPABLE = new Set(['draft', 'cancelled', 'closed', 'matched', 'invoiced', 'shipped', 'received']);
const NOT_INVOICEABLE = new Set(['draft', 'cancelled', 'closed', 'matched']);
const MESSAGE_POLL_MS = 20000;

// From app.js: {session(), pageHeader(title, subtitle), emptyState(title, body, ...extra), errorMessage(err)}.
let ui = null;

/** The views app.js routes to: `#/portal`, `#/portal/orders/<id>`. */
export function portalViews(shell) {
  ui = shell;
  return { portal: portalView };
}

/** Whether the signed-in user (GET /me) is a vendor's user: they see the portal and nothing else. */
export const isVendorUser = (session) => Boolean(session?.roles?.includes('vendor'));

function portalView(main) {
  if (!isVendorUser(ui.session())) {
    main.append(ui.pageHeader(t('portal.title')),
      h('section', { class: 'panel' }, ui.emptyState(t('portal.not_vendor.title'), t('portal.not_vendor.body'),
        h('a', { class: 'btn btn-primary', href: '#/' }, t('notfound.home')))));
    return null;
  }
  const [, page, id, ...rest] = segments();
  if (!page) return listPage(main);
  if (page === 'orders' && id && !rest.length) return orderPage(main, id);
  main.append(ui.pageHeader(t('notfound.title')),
    h('section', { class: 'panel' }, ui.emptyState(t('notfound.title'), t('notfound.body'),
      h('a', { class: 'btn btn-primary', href: '#/portal' }, t('portal.back')))));
  return null;
}

/** Typed money: '' → undefined; "12,5" (French) → "12.5"; otherwise the text as typed, so the server explains. */
function amount(text) {
  const value = String(text ?? '').trim().replace(/\s/g, '').replace(/^(-?\d+),(\d+)$/, '$1.$2');
  return value || undefined;
}

const countOf = (value) => (typeof value === 'number' ? value : 0);
/** A wide table in the compact style. */
function compact(wrap) {
  wrap.querySelector('table')?.classList.add('table-compact');
  return wrap;
}

// ---------- the list ----------

function listPage(main) {
  let alive = true;
  const vendor = ui.session()?.vendor;
  const header = ui.pageHeader(t('portal.title'), t('portal.subtitle', { vendor: vendor?.name ?? '' }));
  const refreshButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'portal-refresh', onclick: () => load() }, t('portal.refresh'));
  header.classList.add('has-actions');
  header.append(h('div', { class: 'page-actions' }, refreshButton));
  const body = h('div', { 'data-testid': 'portal-orders', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('app.loading')));

  async function load() {
    refreshButton.disabled = true;
    try {
      const page = await api('GET', '/portal/purchase-orders');
      if (!alive) return;
      const orders = [...(page?.items ?? [])].sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')));
      if (!orders.length) {
        body.replaceChildren(ui.emptyState(t('portal.empty.title'), t('portal.empty.body')));
        return;
      }
      body.replaceChildren(table('portal-orders-table', t('portal.orders'),
        [t('orders.col.number'), t('orders.col.status'), t('portal.col.date'), numTh(t('orders.col.total')), t('portal.col.buyer')],
        orders.map((order) => h('tr', { 'data-testid': 'portal-order-row', 'data-order-id': order.id, 'data-status': order.status },
          h('th', { scope: 'row', class: 'nowrap' },
            h('a', { href: `#/portal/orders/${enc(order.id)}`, 'data-testid': 'portal-order-link' }, order.number)),
          h('td', {}, orderBadge(order.status, 'portal-order-row-status')),
          h('td', {}, h('time', { datetime: order.created_at ?? '' }, formatDate(order.created_at, { dateStyle: 'medium' }))),
          h('td', { class: 'num' }, money(order.total, order.currency)),
          h('td', {}, order.buyer?.name ?? DASH)))));
    } catch (err) {
      if (alive) body.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'portal-orders-error' }, ui.errorMessage(err)));
    } finally {
      refreshButton.disabled = false;
    }
  }
  main.append(header, h('section', { class: 'panel', 'aria-label': t('portal.orders') }, body));
  load();
  return () => { alive = false; };
}

// ---------- one order ----------

function orderPage(main, id) {
  let alive = true;
  let order = null;
  let shown = '';
  const objectURLs = [];
  const base = `/portal/purchase-orders/${enc(id)}`;

  const header = ui.pageHeader(t('orders.order'));
  const actions = h('div', { class: 'page-actions' });
  header.classList.add('has-actions');
  header.append(actions);
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/portal', 'data-testid': 'portal-back' }, t('portal.back')));
  const summary = h('section', { class: 'panel', 'aria-labelledby': 'portal-summary-title', 'data-testid': 'portal-order-summary' },
    h('p', { class: 'muted panel-body' }, t('app.loading')));
  const panel = (name) => h('section', { class: 'panel', hidden: true, 'aria-labelledby': `portal-${name}-title`, 'data-testid': `portal-${name}` });
  const partiesPanel = panel('parties');
  const linesPanel = panel('lines');
  const ackPanel = panel('acknowledge');
  const shipPanel = panel('ship');
  const invoicePanel = panel('invoice');
  const thread = messageThread({ path: `${base}/messages`, side: 'vendor', errorMessage: ui.errorMessage });
  thread.element.hidden = true;
  main.append(crumbs, header, summary, partiesPanel, linesPanel, ackPanel, shipPanel, invoicePanel, thread.element);

  // Messages that outlive a redraw of the panels.
  const documentStatus = h('p', { class: 'form-info', role: 'status', 'data-testid': 'document-status' });
  const documentError = alertBox('document-error');
  const refreshError = alertBox('portal-refresh-error');
  const ackError = alertBox('ack-error');
  const ackDone = statusLine('ack-result');
  const shipError = alertBox('ship-error');
  const shipDone = statusLine('ship-result');
  const invoiceError = alertBox('portal-invoice-error');
  const invoiceDone = statusLine('portal-invoice-result');

  // ----- documents -----
  const fetchDocument = documentFetcher({
    status: documentStatus, error: documentError, objectURLs, alive: () => alive, order: () => order,
    fallback: (format) => `/api/v1${base}/document?format=${format}`,
  });

  function renderActions() {
    actions.replaceChildren(
      ...FORMATS.map(([format, name]) => h('button', {
        type: 'button', class: 'btn', 'data-testid': `document-${format}`,
        onclick: (event) => fetchDocument(format, event.currentTarget),
      }, t('orders.documents.download', { format: name }))),
      h('button', {
        type: 'button', class: 'btn', 'data-testid': 'portal-order-refresh',
        onclick: async (event) => {
          const button = event.currentTarget;
          await submitting(button, refreshError, async () => { await load(); thread.refresh(); });
        },
      }, t('portal.refresh')));
  }

  // ----- summary, parties, lines -----
  function renderSummary() {
    const fact = (key, ...value) => h('div', {}, h('dt', {}, t(key)), h('dd', {}, ...value));
    summary.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', { id: 'portal-summary-title' }, t('orders.summary')), orderBadge(order.status, 'portal-order-status')),
      h('div', { class: 'panel-body' }, orderProgress(order.status)),
      h('dl', { class: 'facts facts-grid' },
        fact('portal.col.buyer', order.buyer?.name ?? DASH),
        fact('orders.col.total', h('strong', { 'data-testid': 'portal-order-total' }, money(order.total, order.currency))),
        fact('orders.version', h('span', { 'data-testid': 'portal-order-version' }, String(order.version ?? DASH))),
        fact('portal.acknowledged', h('span', { 'data-testid': 'portal-order-acknowledged', 'data-acknowledged': String(Boolean(order.acknowledged)) },
          t(order.acknowledged ? 'portal.yes' : 'portal.no'))),
        fact('orders.payment_terms', typeof order.payment_terms === 'string' && order.payment_terms ? order.payment_terms : DASH),
        fact('orders.incoterms', typeof order.incoterms === 'string' && order.incoterms ? order.incoterms : DASH),
        fact('orders.col.created', formatDate(order.created_at)),
        fact('orders.updated', formatDate(order.updated_at))),
      h('div', { class: 'panel-body form' }, refreshError, documentError, documentStatus));
  }

  function renderParties() {
    partiesPanel.hidden = false;
    partiesPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'portal-parties-title' }, t('orders.parties'))),
      h('div', { class: 'parties panel-body' }, PARTIES.map((key) => partyCard(key, order[key]))));
  }

  function renderLines() {
    linesPanel.hidden = false;
    linesPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'portal-lines-title' }, t('orders.lines'))),
      compact(table('portal-lines-table', t('orders.lines'),
        [numTh('#'), t('orders.col.item'), numTh(t('orders.col.quantity')), numTh(t('orders.col.unit_price')),
          numTh(t('orders.col.line_total')), t('orders.col.delivery'), t('orders.col.acknowledgement'), numTh(t('orders.col.expected')),
          numTh(t('orders.col.shipped')), numTh(t('orders.col.received'))],
        order.lines.map((line) => h('tr', { 'data-testid': 'portal-line', 'data-line': line.line_number },
          h('td', { class: 'num' }, String(line.line_number)),
          h('th', { scope: 'row', class: 'soft-wrap' }, line.description,
            h('div', { class: 'muted line-parts' }, h('code', { 'data-testid': 'portal-line-part' }, line.supplier_part_id ?? ''),
              line.buyer_part_id && line.buyer_part_id !== line.supplier_part_id
                ? [' · ', t('portal.buyer_part', { part: line.buyer_part_id })] : null)),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit ?? ''}`.trim()),
          h('td', { class: 'num' }, money(line.unit_price, order.currency)),
          h('td', { class: 'num' }, money(line.line_total, order.currency)),
          h('td', {}, line.requested_delivery_date ? formatDay(line.requested_delivery_date) : DASH),
          h('td', { class: 'soft-wrap' }, acknowledgementOf(line, order.currency, 'portal-line-ack')),
          h('td', { class: 'num', 'data-testid': 'portal-line-expected' }, String(line.expected ?? line.quantity)),
          h('td', { class: 'num', 'data-testid': 'portal-line-shipped' }, String(line.shipped ?? 0)),
          h('td', { class: 'num', 'data-testid': 'portal-line-received' }, String(line.received ?? 0)))))),
      h('div', { class: 'quote-summary panel-body' },
        h('dl', { class: 'totals', 'data-testid': 'portal-order-totals' },
          h('dt', {}, t('orders.subtotal')), h('dd', {}, money(order.subtotal, order.currency)),
          h('dt', {}, t('orders.shipping')), h('dd', {}, money(order.shipping, order.currency)),
          h('dt', {}, t('orders.tax')), h('dd', {}, money(order.tax, order.currency)),
          h('dt', {}, h('strong', {}, t('orders.col.total'))), h('dd', {}, h('strong', {}, money(order.total, order.currency))))));
  }

  // ----- acknowledging -----
  let sentAck = [];
  function renderAcknowledge() {
    const open = ACKNOWLEDGEABLE.has(order.status);
    const head = h('div', { class: 'panel-head' }, h('h2', { id: 'portal-acknowledge-title' }, t('portal.ack.title')));
    ackPanel.hidden = false;
    if (!open) {
      ackPanel.replaceChildren(head, h('div', { class: 'panel-body' },
        h('p', { class: 'muted', 'data-testid': 'ack-closed' }, t('portal.ack.closed', { status: label('orders.status', order.status) })),
        ackError, ackDone));
      return;
    }

    /** One answer about a line (a line may get two: some accepted, the rest backordered). */
    function entry(line, k, initial = {}) {
      const n = line.line_number;
      const key = k === 1 ? `${n}` : `${n}-${k}`;
      const item = line.description;
      const status = select(ACK_STATUSES.map((s) => [s, label('orders.ack', s)]), initial.status ?? 'accepted');
      Object.assign(status, { id: `ack-status-${key}` });
      status.dataset.testid = `ack-status-${key}`;
      status.setAttribute('aria-label', t('portal.ack.status_line', { item }));
      const quantity = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', value: initial.quantity ?? line.quantity, class: 'input-short',
        id: `ack-quantity-${key}`, 'data-testid': `ack-quantity-${key}`, 'aria-label': t('portal.ack.quantity_line', { item }) });
      const price = input({ inputmode: 'decimal', value: String(initial.unit_price ?? line.unit_price ?? ''), class: 'input-short',
        id: `ack-price-${key}`, 'data-testid': `ack-price-${key}`, 'aria-label': t('portal.ack.price_line', { item }) });
      const date = input({ type: 'date', value: initial.delivery_date ?? '', id: `ack-date-${key}`, 'data-testid': `ack-date-${key}`,
        'aria-label': t('portal.ack.date_line', { item }) });
      const comment = input({ maxlength: 500, value: initial.comment ?? '', class: 'input-comment', id: `ack-comment-${key}`, 'data-testid': `ack-comment-${key}`,
        'aria-label': t('portal.ack.comment_line', { item }) });
      const sync = () => {
        price.disabled = status.value !== 'changed'; // a new price only with "changed"
        date.disabled = status.value !== 'changed' && status.value !== 'backordered'; // a date for a change or a backorder
      };
      status.addEventListener('change', sync);
      sync();
      const row = h('tr', { 'data-testid': 'ack-line', 'data-line': n, 'data-entry': key },
        h('th', { scope: 'row', class: 'soft-wrap' }, k === 1 ? line.description : h('span', { class: 'muted' }, t('portal.ack.split_part', { n }))),
        h('td', { class: 'num' }, k === 1 ? `${line.quantity} ${line.unit ?? ''}`.trim() : ''),
        h('td', {}, status), h('td', {}, quantity), h('td', {}, price), h('td', {}, date), h('td', {}, comment));
      row.focusable = status;
      row.read = () => {
        const value = { line: n, status: status.value, quantity: integer(quantity.value) ?? 0 };
        if (!price.disabled && amount(price.value) !== undefined) value.unit_price = amount(price.value);
        if (!date.disabled && date.value) value.delivery_date = date.value;
        if (comment.value.trim()) value.comment = comment.value.trim();
        return value;
      };
      return row;
    }

    const body = h('tbody');
    const groups = order.lines.map((line) => {
      const confirmations = (line.confirmations ?? []).length ? line.confirmations : [{}];
      const group = { line, entries: [], next: 1 };
      for (const confirmation of confirmations) {
        group.entries.push(entry(line, group.next++, confirmation.status ? {
          status: confirmation.status, quantity: confirmation.quantity, unit_price: priceParts(confirmation.unit_price)[0] ?? undefined,
          delivery_date: confirmation.delivery_date ?? undefined, comment: confirmation.comment ?? undefined,
        } : {}));
      }
      return group;
    });
    function draw() {
      body.replaceChildren(...groups.flatMap((group) => group.entries.map((row, index) => {
        const n = group.line.line_number;
        const cell = index === 0
          ? h('button', {
            type: 'button', class: 'btn btn-small', 'data-testid': `ack-split-${n}`,
            'aria-label': t('portal.ack.split_line', { item: group.line.description }),
            onclick: () => {
              const added = entry(group.line, Math.max(group.next++, 2), { status: 'backordered', quantity: 0 });
              group.entries.push(added);
              draw();
              added.focusable.focus();
            },
          }, t('portal.ack.split'))
          : h('button', {
            type: 'button', class: 'btn btn-small btn-danger', 'data-testid': `ack-remove-${row.dataset.entry}`,
            'aria-label': t('portal.ack.remove_line', { item: group.line.description }),
            onclick: () => {
              group.entries = group.entries.filter((other) => other !== row);
              draw();
              group.entries[0].focusable.focus();
            },
          }, t('portal.ack.remove'));
        row.querySelector('td.split-cell')?.remove();
        row.append(h('td', { class: 'split-cell' }, cell));
        return row;
      })));
    }
    draw();

    const comment = input({ maxlength: 2000 });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'ack-submit' }, t('portal.ack.submit'));
    const acceptAll = h('button', { type: 'button', class: 'btn', 'data-testid': 'ack-accept-all' }, t('portal.ack.accept_all'));
    const rejectAll = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'ack-reject-all' }, t('portal.ack.reject_all'));
    const form = h('form', { class: 'form panel-body', novalidate: true, 'data-testid': 'ack-form', 'aria-labelledby': 'portal-acknowledge-title' },
      h('p', { class: 'muted' }, t('portal.ack.hint')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact', 'data-testid': 'ack-table' },
        h('caption', { class: 'visually-hidden' }, t('portal.ack.title')),
        h('thead', {}, h('tr', {}, [t('orders.col.item'), numTh(t('orders.col.ordered')), t('portal.ack.status'), t('portal.ack.quantity'),
          t('portal.ack.unit_price'), t('portal.ack.delivery_date'), t('portal.ack.comment'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('portal.ack.split')))]
          .map((column) => (typeof column === 'string' ? h('th', { scope: 'col' }, column) : column)))),
        body)),
      field('ack-comment', t('portal.ack.order_comment'), comment),
      ackError, ackDone,
      h('div', { class: 'form-actions' }, submit, acceptAll, rejectAll));

    async function send(button, payload, lines) {
      ackDone.textContent = '';
      sentAck = lines;
      const request = { version: order.version, ...payload };
      if (comment.value.trim()) request.comment = comment.value.trim();
      await submitting(button, ackError, async () => {
        const updated = await api('POST', `${base}/acknowledgement`, request);
        if (!alive) return;
        order = updated ?? order;
        render();
        ackDone.textContent = t('portal.ack.done', { number: order.number, status: label('orders.status', order.status) });
      }, () => sentAck);
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const lines = groups.flatMap((group) => group.entries.map((row) => row.read()));
      send(submit, { lines }, lines);
    });
    acceptAll.addEventListener('click', () => send(acceptAll, { status: 'accepted' }, []));
    rejectAll.addEventListener('click', () => send(rejectAll, { status: 'rejected' }, []));
    ackPanel.replaceChildren(head, form);
  }

  // ----- shipping -----
  let sentShipment = [];
  function renderShip() {
    shipPanel.hidden = false;
    const remaining = (line) => Math.max(countOf(line.expected ?? line.quantity) - countOf(line.shipped), 0);
    const open = !NOT_SHIPPABLE.has(order.status) && order.lines.some((line) => countOf(line.quantity) - countOf(line.shipped) > 0);
    const parts = [h('div', { class: 'panel-head' }, h('h2', { id: 'portal-ship-title' }, t('portal.ship.title')))];
    if (open) {
      const carrier = input({ maxlength: 100, autocomplete: 'off' });
      const tracking = input({ maxlength: 200 });
      const shippedAt = input({ type: 'date' });
      const expectedDelivery = input({ type: 'date' });
      const rows = order.lines.map((line) => {
        const n = line.line_number;
        const quantity = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', value: remaining(line), class: 'input-short',
          id: `ship-quantity-${n}`, 'data-testid': `ship-quantity-${n}`, 'aria-label': t('portal.ship.quantity_line', { item: line.description }) });
        const row = h('tr', { 'data-testid': 'ship-line', 'data-line': n },
          h('th', { scope: 'row', class: 'soft-wrap' }, line.description),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit ?? ''}`.trim()),
          h('td', { class: 'num' }, String(line.expected ?? line.quantity)),
          h('td', { class: 'num' }, String(line.shipped ?? 0)),
          h('td', {}, quantity));
        row.read = () => {
          const value = integer(quantity.value);
          return value === undefined || value === 0 ? null : { line: n, quantity: value };
        };
        return row;
      });
      const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'ship-submit' }, t('portal.ship.submit'));
      const form = h('form', { class: 'form panel-body', novalidate: true, 'data-testid': 'ship-form', 'aria-labelledby': 'portal-ship-title' },
        h('p', { class: 'muted' }, t('portal.ship.hint')),
        h('div', { class: 'form-grid' },
          field('ship-carrier', t('portal.ship.carrier'), carrier),
          field('ship-tracking', t('portal.ship.tracking'), tracking),
          field('ship-shipped-at', t('portal.ship.shipped_at'), shippedAt),
          field('ship-expected-delivery', t('portal.ship.expected_delivery'), expectedDelivery)),
        table('ship-table', t('portal.ship.title'),
          [t('orders.col.item'), numTh(t('orders.col.ordered')), numTh(t('orders.col.expected')), numTh(t('orders.col.shipped')),
            t('portal.ship.quantity')], rows),
        shipError, shipDone, h('div', { class: 'form-actions' }, button));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        shipDone.textContent = '';
        sentShipment = rows.map((row) => row.read()).filter(Boolean);
        const body = { carrier: carrier.value.trim(), tracking_number: tracking.value.trim(), lines: sentShipment };
        if (shippedAt.value) body.shipped_at = shippedAt.value;
        if (expectedDelivery.value) body.expected_delivery = expectedDelivery.value;
        await submitting(button, shipError, async () => {
          const updated = await api('POST', `${base}/shipments`, body);
          if (!alive) return;
          order = updated ?? order;
          render();
          shipDone.textContent = t('portal.ship.done', { tracking: body.tracking_number || DASH, status: label('orders.status', order.status) });
        }, () => sentShipment);
      });
      parts.push(form);
    } else {
      parts.push(h('div', { class: 'panel-body' },
        h('p', { class: 'muted', 'data-testid': 'ship-closed' }, t('portal.ship.closed', { status: label('orders.status', order.status) })),
        shipError, shipDone));
    }
    parts.push(h('div', { class: 'panel-body' }, h('h3', {}, t('orders.shipments.title'))), shipmentsTable(order, 'portal-shipments-table'));
    shipPanel.replaceChildren(...parts);
  }

  // ----- invoicing ("flipping" the order) -----
  let sentInvoice = [];
  function renderInvoice() {
    invoicePanel.hidden = false;
    const invoices = order.invoices ?? [];
    const parts = [h('div', { class: 'panel-head' }, h('h2', { id: 'portal-invoice-title' }, t('portal.invoice.title')))];
    parts.push(h('div', { class: 'panel-body' }, invoices.length
      ? table('portal-invoices-table', t('portal.invoice.title'),
        [t('orders.invoices.number'), t('orders.col.status'), numTh(t('orders.invoices.total')), t('orders.invoices.reasons')],
        invoices.map((invoice) => h('tr', { 'data-testid': 'portal-invoice-row', 'data-invoice-id': invoice.id ?? '', 'data-status': invoice.status ?? '' },
          h('th', { scope: 'row' }, invoice.number ?? DASH),
          h('td', {}, h('span', { class: 'status-badge', 'data-status': invoice.status ?? '', 'data-testid': 'portal-invoice-status' },
            label('orders.invoice_status', invoice.status))),
          h('td', { class: 'num' }, money(invoice.total, invoice.currency ?? order.currency)),
          h('td', { class: 'soft-wrap' }, (invoice.reasons ?? []).length
            ? h('ul', { class: 'plain' }, invoice.reasons.map((reason) => h('li', {}, reason))) : DASH))))
      : h('p', { class: 'muted', 'data-testid': 'portal-invoices-empty' }, t('orders.invoices.none'))));
    if (NOT_INVOICEABLE.has(order.status)) {
      parts.push(h('div', { class: 'panel-body' },
        h('p', { class: 'muted', 'data-testid': 'portal-invoice-closed' }, t('portal.invoice.closed', { status: label('orders.status', order.status) })),
        invoiceError, invoiceDone));
      invoicePanel.replaceChildren(...parts);
      return;
    }
    const number = input({ maxlength: 100, required: true });
    const rows = order.lines.map((line) => {
      const n = line.line_number;
      const prefill = countOf(line.shipped) > 0 ? line.shipped : line.quantity;
      const quantity = input({ type: 'number', min: 0, step: 1, inputmode: 'numeric', value: prefill, class: 'input-short',
        id: `portal-invoice-quantity-${n}`, 'data-testid': `portal-invoice-quantity-${n}`,
        'aria-label': t('orders.invoices.quantity_line', { item: line.description }) });
      const price = input({ inputmode: 'decimal', value: String(line.unit_price ?? ''), class: 'input-short', id: `portal-invoice-price-${n}`,
        'data-testid': `portal-invoice-price-${n}`, 'aria-label': t('orders.invoices.price_line', { item: line.description }) });
      const row = h('tr', { 'data-testid': 'portal-invoice-line', 'data-line': n },
        h('th', { scope: 'row', class: 'soft-wrap' }, line.description),
        h('td', { class: 'num' }, `${line.quantity} ${line.unit ?? ''}`.trim()),
        h('td', { class: 'num' }, String(line.shipped ?? 0)),
        h('td', {}, quantity), h('td', {}, price));
      row.read = () => {
        const value = integer(quantity.value);
        return value === undefined || value === 0 ? null : { line: n, quantity: value, unit_price: amount(price.value) ?? '0' };
      };
      return row;
    });
    const shipping = input({ inputmode: 'decimal', value: String(order.shipping ?? 0), class: 'input-short' });
    const tax = input({ inputmode: 'decimal', value: String(order.tax ?? 0), class: 'input-short' });
    const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'portal-invoice-submit' }, t('portal.invoice.submit'));
    const form = h('form', { class: 'form panel-body', novalidate: true, 'data-testid': 'portal-invoice-form', 'aria-labelledby': 'portal-invoice-form-title' },
      h('h3', { id: 'portal-invoice-form-title' }, t('portal.invoice.flip')),
      h('p', { class: 'muted' }, t('portal.invoice.hint')),
      h('div', { class: 'form-grid' }, field('portal-invoice-number', t('orders.invoices.number'), number)),
      table('portal-invoice-lines-table', t('portal.invoice.flip'),
        [t('orders.col.item'), numTh(t('orders.col.ordered')), numTh(t('orders.col.shipped')), t('orders.invoices.quantity'),
          t('orders.invoices.unit_price')], rows),
      h('div', { class: 'form-grid' },
        field('portal-invoice-shipping', t('orders.shipping'), shipping),
        field('portal-invoice-tax', t('orders.tax'), tax)),
      invoiceError, invoiceDone, h('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      invoiceDone.textContent = '';
      invoiceDone.removeAttribute('data-status');
      sentInvoice = rows.map((row) => row.read()).filter(Boolean);
      const body = { number: number.value.trim(), lines: sentInvoice, shipping: amount(shipping.value) ?? '0', tax: amount(tax.value) ?? '0' };
      await submitting(button, invoiceError, async () => {
        const invoice = await api('POST', `${base}/invoices`, body);
        if (!alive) return;
        try { await load(); } catch { /* the invoice is recorded; the order is refreshed on the next try */ }
        const reasons = invoice?.reasons ?? [];
        invoiceDone.replaceChildren(
          h('span', { class: 'status-badge', 'data-status': invoice?.status ?? '', 'data-testid': 'portal-invoice-result-status' },
            label('orders.invoice_status', invoice?.status)), ' ',
          t(invoice?.status === 'matched' ? 'portal.invoice.done_matched' : 'portal.invoice.done_held',
            { number: invoice?.number ?? body.number, total: money(invoice?.total, invoice?.currency ?? order.currency) }),
          reasons.length ? h('ul', { 'data-testid': 'portal-invoice-reasons' }, reasons.map((reason) => h('li', {}, reason))) : '');
        invoiceDone.dataset.status = invoice?.status ?? '';
      }, () => sentInvoice);
    });
    parts.push(form);
    invoicePanel.replaceChildren(...parts);
  }

  function render() {
    const signature = JSON.stringify(order);
    if (signature === shown) return; // nothing new: keep what is being typed
    shown = signature;
    header.querySelector('h1').textContent = t('orders.order_title', { number: order.number });
    document.title = `${order.number} · ${t('app.name')}`;
    renderActions();
    renderSummary();
    renderParties();
    renderLines();
    renderAcknowledge();
    renderShip();
    renderInvoice();
    thread.element.hidden = false;
  }

  async function load() {
    const fresh = await api('GET', base);
    if (!alive) return;
    order = fresh;
    render();
  }

  load().then(() => thread.refresh()).catch((err) => {
    if (!alive) return;
    summary.replaceChildren(h('div', { class: 'panel-body' },
      h('p', { class: 'error', role: 'alert', 'data-testid': 'portal-order-error' }, ui.errorMessage(err)),
      h('a', { class: 'btn', href: '#/portal' }, t('portal.back'))));
  });
  // No live feed for vendors: the thread is polled while the page is on screen.
  const poll = setInterval(() => { if (order && !document.hidden) thread.refresh(); }, MESSAGE_POLL_MS);
  return () => {
    alive = false;
    clearInterval(poll);
    thread.stop();
    objectURLs.forEach((url) => URL.revokeObjectURL(url));
  };
}
