// Requests: the list, the new-request page (free text with a live preview of the parsed lines, or a
// structured form), and the request page with its quote and the run's live, terminal-style log.
import { h } from './dom.js';
import { t, formatDate, formatMoney } from './i18n.js';
import { api } from './api.js';
import { onFeed } from './feed.js';
import { requestOrdersPanel } from './orders.js';

const enc = encodeURIComponent;
const DASH = '—';
const UNITS = ['EA', 'RM', 'BX', 'PK', 'CS', 'CT', 'DZN', 'PR', 'SET', 'RO', 'BG'];
const STATUSES = ['in_progress', 'needs_clarification', 'awaiting_approval', 'approved', 'rejected', 'quoted', 'failed', 'cancelled'];
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
let ui = null;

/** The views app.js routes to: `#/requests`, `#/requests/new`, `#/requests/<id>`. */
export function requestViews(shell) {
  ui = shell;
  return { requests: requestsView };
}

function requestsView(main) {
  const segments = location.hash.replace(/^#\/?/, '').split('?')[0].split('/').filter(Boolean);
  const [, page, ...rest] = segments;
  if (rest.length) return notFound(main);
  if (!page) return listPage(main);
  if (page === 'new') return newPage(main);
  return requestPage(main, decodeURIComponent(page));
}

function notFound(main) {
  main.append(ui.pageHeader(t('notfound.title')),
    h('section', { class: 'panel' }, ui.emptyState(t('notfound.title'), t('notfound.body'),
      h('a', { class: 'btn btn-primary', href: '#/requests' }, t('requests.back')))));
}

const money = (amount, currency) => (amount == null ? DASH : formatMoney(String(amount), currency || ''));
const statusText = (status) => {
  const text = t(`requests.status.${status}`);
  return text === `requests.status.${status}` ? String(status ?? '') : text;
};
const badge = (status, testid) => h('span', { class: 'status-badge', 'data-status': status ?? '', 'data-testid': testid }, statusText(status));

// ---------- list ----------

function listPage(main) {
  const header = ui.pageHeader(t('requests.title'), t('requests.subtitle'));
  header.append(h('div', { class: 'page-actions' },
    h('a', { class: 'btn btn-primary', href: '#/requests/new', 'data-testid': 'requests-new' }, t('requests.new'))));
  const filter = h('select', { id: 'requests-status', 'data-testid': 'requests-status' },
    h('option', { value: '' }, t('requests.all')), STATUSES.map((s) => h('option', { value: s }, statusText(s))));
  const body = h('div', { 'data-testid': 'requests-list' }, h('p', { class: 'muted' }, t('app.loading')));
  let generation = 0;
  async function load() {
    const mine = ++generation;
    try {
      const query = filter.value ? `?status=${enc(filter.value)}` : '';
      const page = await api('GET', `/requests${query}`);
      if (mine !== generation) return;
      if (!page.items.length) {
        body.replaceChildren(ui.emptyState(t('requests.empty.title'), t('requests.empty.body'),
          h('a', { class: 'btn btn-primary', href: '#/requests/new' }, t('requests.new'))));
        return;
      }
      body.replaceChildren(h('table', { class: 'table', 'data-testid': 'requests-table' },
        h('caption', { class: 'visually-hidden' }, t('requests.title')),
        h('thead', {}, h('tr', {}, ['requests.col.title', 'requests.col.status', 'requests.col.total', 'requests.col.created']
          .map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, page.items.map((item) => h('tr', { 'data-testid': 'request-row' },
          h('td', {}, h('a', { href: `#/requests/${enc(item.id)}` }, item.title)),
          h('td', {}, badge(item.status)),
          h('td', { class: 'num' }, item.quote ? money(item.quote.total, item.quote.currency) : DASH),
          h('td', {}, formatDate(item.created_at)))))));
    } catch (err) {
      if (mine === generation) body.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
    }
  }
  filter.addEventListener('change', load);
  main.append(header, h('section', { class: 'panel' },
    h('div', { class: 'field field-inline' }, h('label', { for: 'requests-status' }, t('requests.filter')), filter), body));
  load();
  const stop = onFeed((feed) => { if (feed.events[0]?.type === 'run.finished' || feed.events[0]?.type === 'run.waiting') load(); });
  return () => { generation = -1; stop(); };
}

// ---------- new request ----------

function newPage(main) {
  let mode = 'text';
  let timer = null;
  let previewGeneration = 0;
  const text = h('textarea', {
    id: 'request-text', rows: 8, 'data-testid': 'request-text', placeholder: t('requests.text_placeholder'), maxlength: 1000000,
  });
  const preview = h('div', { class: 'preview', 'aria-live': 'polite', 'data-testid': 'request-preview' },
    h('p', { class: 'muted' }, t('requests.preview_empty')));
  const lines = h('div', { class: 'line-rows', 'data-testid': 'request-lines' });
  const needBy = h('input', { id: 'request-need-by', type: 'date', 'data-testid': 'request-need-by' });
  const budget = h('input', { id: 'request-budget', inputmode: 'decimal', 'data-testid': 'request-budget', autocomplete: 'off' });
  const deliverTo = h('input', { id: 'request-deliver-to', 'data-testid': 'request-deliver-to', autocomplete: 'off' });
  const errors = h('div', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'request-errors' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'request-submit' }, t('requests.submit'));

  function addLine(values = {}) {
    const row = h('div', { class: 'line-row', 'data-testid': 'line-row' },
      h('input', { 'aria-label': t('requests.col.item'), name: 'description', value: values.description ?? '', 'data-testid': 'line-description' }),
      h('input', { 'aria-label': t('requests.col.quantity'), name: 'quantity', type: 'number', min: 1, value: values.quantity ?? 1, 'data-testid': 'line-quantity' }),
      h('select', { 'aria-label': t('requests.col.unit'), name: 'unit', 'data-testid': 'line-unit' },
        UNITS.map((u) => h('option', { value: u, selected: u === (values.unit ?? 'EA') }, u))),
      h('button', { type: 'button', class: 'btn', onclick: () => row.remove() }, t('requests.remove_line')));
    lines.append(row);
  }

  function showPreview(requisition) {
    const rows = requisition.lines ?? [];
    const parts = [];
    if (!rows.length) parts.push(h('p', { class: 'muted' }, t('requests.preview_none')));
    else {
      parts.push(h('table', { class: 'table compact', 'data-testid': 'preview-table' },
        h('thead', {}, h('tr', {}, ['requests.col.quantity', 'requests.col.unit', 'requests.col.item', 'requests.col.details']
          .map((key) => h('th', { scope: 'col' }, t(key))))),
        h('tbody', {}, rows.map((line) => h('tr', { 'data-testid': 'preview-line' },
          h('td', { class: 'num' }, String(line.quantity)),
          h('td', {}, line.pack_size ? `${line.unit} × ${line.pack_size}` : line.unit),
          h('td', {}, line.description),
          h('td', {}, [...(line.attributes ?? []), line.max_unit_price != null ? t('requests.max_each', { price: line.max_unit_price }) : null]
            .filter(Boolean).join(', ')))))));
    }
    if (requisition.budget) parts.push(h('p', {}, t('requests.budget_is', { amount: money(requisition.budget.amount, requisition.budget.currency) })));
    if (requisition.need_by) parts.push(h('p', {}, t('requests.need_by_is', { date: requisition.need_by })));
    for (const q of requisition.questions ?? []) parts.push(h('p', { class: 'question', 'data-testid': 'preview-question' }, q.question));
    for (const w of requisition.warnings ?? []) parts.push(h('p', { class: 'muted' }, w));
    preview.replaceChildren(...parts);
  }

  text.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const value = text.value.trim();
      const mine = ++previewGeneration;
      if (!value) return preview.replaceChildren(h('p', { class: 'muted' }, t('requests.preview_empty')));
      try {
        const parsed = await api('POST', '/requests/parse', { text: value });
        if (mine === previewGeneration) showPreview(parsed);
      } catch (err) {
        if (mine === previewGeneration) preview.replaceChildren(h('p', { class: 'error' }, ui.errorMessage(err)));
      }
    }, 250);
  });

  const textPanel = h('div', { 'data-testid': 'mode-text-panel' },
    h('div', { class: 'field' }, h('label', { for: 'request-text' }, t('requests.text_label')), text),
    h('h2', {}, t('requests.preview')), preview);
  const formPanel = h('div', { hidden: true, 'data-testid': 'mode-lines-panel' }, lines,
    h('button', { type: 'button', class: 'btn', 'data-testid': 'line-add', onclick: () => addLine() }, t('requests.add_line')));
  addLine();
  const tabs = ['text', 'lines'].map((name) => h('button', {
    type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(name === mode), 'data-testid': `mode-${name}`,
    onclick: () => {
      mode = name;
      tabs.forEach((tab, i) => tab.setAttribute('aria-selected', String(['text', 'lines'][i] === mode)));
      textPanel.hidden = mode !== 'text';
      formPanel.hidden = mode !== 'lines';
    },
  }, t(`requests.mode.${name}`)));

  const form = h('form', { class: 'panel form', novalidate: true, 'data-testid': 'request-form' },
    h('div', { class: 'tabs', role: 'tablist' }, tabs), textPanel, formPanel,
    h('div', { class: 'form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'request-need-by' }, t('requests.need_by')), needBy),
      h('div', { class: 'field' }, h('label', { for: 'request-budget' }, t('requests.budget')), budget),
      h('div', { class: 'field' }, h('label', { for: 'request-deliver-to' }, t('requests.deliver_to')), deliverTo)),
    errors, h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.hidden = true;
    const body = {};
    if (mode === 'text') body.text = text.value;
    else {
      body.lines = [...lines.querySelectorAll('.line-row')].map((row) => ({
        description: row.querySelector('[name=description]').value,
        quantity: Number(row.querySelector('[name=quantity]').value),
        unit: row.querySelector('[name=unit]').value,
      }));
    }
    if (needBy.value) body.need_by = needBy.value;
    if (budget.value.trim()) body.budget = Number(budget.value.trim());
    if (deliverTo.value.trim()) body.deliver_to = deliverTo.value.trim();
    submit.disabled = true;
    try {
      const created = await api('POST', '/requests', body);
      location.hash = `#/requests/${enc(created.id)}`;
    } catch (err) {
      const fields = err.fieldErrors ?? [];
      errors.replaceChildren(h('p', {}, ui.errorMessage(err)),
        fields.length ? h('ul', {}, fields.map((f) => h('li', {}, `${f.field}: ${f.message}`))) : null);
      errors.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
  main.append(ui.pageHeader(t('requests.new_title'), t('requests.new_subtitle')), form);
  return () => clearTimeout(timer);
}

// ---------- the quote: vendors side by side ----------

// Sums of decimal amounts (JSON numbers) in ten-thousandths, so adding line totals does not drift.
const units = (amount) => Math.round(Number(amount) * 10000);
const fromUnits = (value) => (value / 10000).toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1');

/** Rows are the quote's lines; columns the vendors of the chosen offers and their alternatives. */
function quoteMatrix(q) {
  const vendors = new Map(); // id -> name, chosen vendors first
  for (const line of q.lines) vendors.set(line.vendor_id, line.vendor_name);
  for (const line of q.lines) for (const alt of line.alternatives ?? []) if (!vendors.has(alt.vendor_id)) vendors.set(alt.vendor_id, alt.vendor_name);
  const shipping = new Map((q.shipping ?? []).map((s) => [s.vendor_id, s]));
  const columns = [...vendors];

  function cell(line, [vendorID, vendorName]) {
    if (line.vendor_id === vendorID) {
      const others = (line.alternatives ?? []).filter((a) => a.vendor_id === vendorID).length;
      return h('td', { class: 'num quote-cell is-chosen', 'data-testid': 'quote-cell', 'data-chosen': 'true', 'data-vendor': vendorID },
        h('span', { class: 'badge badge-good chosen-mark' }, h('span', { 'aria-hidden': 'true' }, '✓ '), t('requests.chosen')),
        h('strong', { class: 'cell-total' }, money(line.line_total, q.currency)),
        h('span', { class: 'cell-unit muted' }, t('requests.each', { quantity: `${line.quantity} ${line.unit}`, price: money(line.unit_price, q.currency) })),
        others ? h('span', { class: 'muted cell-more' }, t('requests.other_offers', { count: others })) : null);
    }
    const offers = (line.alternatives ?? []).filter((a) => a.vendor_id === vendorID)
      .sort((a, b) => units(a.line_total) - units(b.line_total));
    if (!offers.length) {
      return h('td', { class: 'num quote-cell', 'data-testid': 'quote-cell', 'data-vendor': vendorID },
        h('span', { 'aria-hidden': 'true' }, DASH), h('span', { class: 'visually-hidden' }, t('requests.no_offer', { vendor: vendorName })));
    }
    const best = offers[0];
    const diff = units(best.line_total) - units(line.line_total);
    return h('td', { class: 'num quote-cell', 'data-testid': 'quote-cell', 'data-vendor': vendorID, title: best.title },
      h('span', { class: 'cell-total' }, money(best.line_total, q.currency)),
      h('span', { class: 'cell-unit muted' }, t('requests.each', { quantity: `${best.quantity}`, price: money(best.unit_price, q.currency) })),
      best.quantity === line.quantity ? h('span', { class: diff < 0 ? 'cell-diff cheaper' : 'cell-diff muted' },
        t(diff < 0 ? 'requests.diff_less' : 'requests.diff_more', { amount: money(fromUnits(Math.abs(diff)), q.currency) })) : null,
      best.title !== line.title ? h('span', { class: 'cell-title muted' }, best.title) : null,
      offers.length > 1 ? h('span', { class: 'muted cell-more' }, t('requests.other_offers', { count: offers.length - 1 })) : null);
  }

  const footRow = (key, value) => h('tr', {},
    h('th', { scope: 'row', colspan: 2 }, t(key)),
    columns.map(([vendorID]) => {
      const entry = shipping.get(vendorID);
      return h('td', { class: 'num', 'data-testid': `quote-${key.split('.').pop()}` }, entry ? value(entry) : DASH);
    }),
  );
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table quote-matrix', 'data-testid': 'quote-table' },
      h('caption', { class: 'visually-hidden' }, t('requests.matrix_caption')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('requests.col.item')),
        h('th', { scope: 'col', class: 'num' }, t('requests.col.quantity')),
        columns.map(([vendorID, name]) => h('th', { scope: 'col', class: 'num', 'data-vendor': vendorID }, name)))),
      q.lines.map((line) => h('tbody', { class: 'quote-group' },
        h('tr', { 'data-testid': 'quote-line', 'data-line': line.line },
          h('th', { scope: 'row', id: `quote-line-${line.line}` },
            line.product_id ? h('a', { href: `#/catalog/products/${enc(line.product_id)}` }, line.title) : line.title,
            h('div', { class: 'muted' }, line.description)),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
          columns.map((column) => cell(line, column))),
        (line.reasons ?? []).length ? h('tr', { class: 'quote-why-row' },
          h('td', { colspan: columns.length + 2, class: 'quote-why' },
            h('span', { class: 'quote-why-label' }, t('requests.col.why'), ': '),
            h('span', { 'data-testid': 'quote-reasons' }, line.reasons.join(' · ')))) : null)),
      h('tfoot', {},
        footRow('requests.vendor_subtotal', (entry) => money(entry.subtotal, q.currency)),
        footRow('requests.vendor_shipping', (entry) => (Number(entry.fee) === 0 ? t('requests.free') : money(entry.fee, q.currency))))));
}

function budgetBox(q) {
  const b = q.budget;
  if (!b) {
    return q.budget_remaining != null ? h('p', { 'data-testid': 'quote-budget' }, t('requests.budget_remaining'), ': ', money(q.budget_remaining, q.currency)) : null;
  }
  return h('div', { class: 'quote-budget', 'data-testid': 'quote-budget' },
    h('h3', {}, t('requests.budget_title', { cost_centre: b.cost_centre, period: b.period })),
    h('dl', { class: 'totals' },
      h('dt', {}, t('requests.budget_amount')), h('dd', {}, money(b.amount, b.currency)),
      h('dt', {}, t('requests.budget_before')), h('dd', {}, money(b.available_before, b.currency)),
      h('dt', {}, t('requests.budget_remaining')), h('dd', { 'data-testid': 'quote-budget-remaining' }, money(b.remaining, b.currency))),
    b.over_by != null ? h('p', { class: 'error', 'data-testid': 'quote-over-budget' }, t('requests.over_budget', { amount: money(b.over_by, b.currency) })) : null);
}

/** The server's savings notes, and an honest comparison with the cheapest offer of each line taken alone. */
function savingsBox(q) {
  const lines = q.lines ?? [];
  const parts = (q.notes ?? []).map((note) => h('li', { 'data-testid': 'quote-note' }, note));
  if (lines.some((line) => (line.alternatives ?? []).some((a) => a.quantity === line.quantity))) {
    const chosen = lines.reduce((sum, line) => sum + units(line.line_total), 0);
    // Only offers for the same quantity count: an alternative in another pack size, or one the basket
    // could not use (stock, minimum order), is listed but is not a like-for-like price.
    const cheapest = lines.reduce((sum, line) => sum + Math.min(units(line.line_total),
      ...(line.alternatives ?? []).filter((a) => a.quantity === line.quantity).map((a) => units(a.line_total))), 0);
    const gap = chosen - cheapest;
    parts.push(h('li', { 'data-testid': 'quote-cheapest' }, gap === 0
      ? t('requests.cheapest_same')
      : t('requests.cheapest_gap', { cheapest: money(fromUnits(cheapest), q.currency), amount: money(fromUnits(gap), q.currency) })));
  }
  return parts.length ? h('div', { class: 'quote-savings', 'data-testid': 'quote-savings' }, h('h3', {}, t('requests.savings')), h('ul', {}, parts)) : null;
}

// ---------- one request and its run ----------

function requestPage(main, id) {
  let alive = true;
  let lastEvent = 0;
  let loading = false;
  let again = false;
  const header = ui.pageHeader(t('requests.request'));
  const status = h('div', { 'data-testid': 'request-status' });
  const questions = h('section', { class: 'panel', hidden: true, 'data-testid': 'request-questions' });
  const quote = h('section', { class: 'panel', hidden: true, 'data-testid': 'request-quote' });
  const approvalBox = h('div', { class: 'approval-note', 'data-testid': 'request-approval' });
  const steps = h('ol', { class: 'steps', 'data-testid': 'run-steps' });
  const log = h('ol', { class: 'terminal', 'aria-live': 'polite', 'aria-label': t('requests.log'), 'data-testid': 'run-log' });
  const actions = h('div', { class: 'page-actions' });
  const orders = requestOrdersPanel(id);
  header.append(actions);
  main.append(header, status, approvalBox, orders.element, questions, quote,
    h('section', { class: 'panel' }, h('h2', {}, t('requests.run')), steps, h('h3', {}, t('requests.log')), log));

  function logLine(event) {
    const data = event.data ?? {};
    const kind = event.type.replace(/^run\./, '');
    const ms = data.duration_ms != null ? ` (${Number(data.duration_ms).toFixed(1)} ms)` : '';
    const text = data.text ?? (kind === 'finished' ? statusText(event.step) : kind === 'waiting' ? t('requests.waiting_for', { what: event.step }) : data.error ?? '');
    return h('li', { class: `log-${kind}`, 'data-testid': 'log-line', 'data-kind': kind },
      h('span', { class: 'log-step' }, data.step ?? event.step ?? ''), ' ',
      h('span', { class: 'log-kind' }, kind), ' ',
      data.tool ? h('span', { class: 'log-tool' }, `[${data.tool}] `) : null,
      h('span', {}, text + ms));
  }

  function renderQuote(q) {
    if (!q) { quote.hidden = true; return; }
    quote.hidden = false;
    quote.replaceChildren(...[h('h2', {}, t('requests.quote')), quoteMatrix(q),
      (q.unfilled ?? []).length ? h('ul', { class: 'unfilled', 'data-testid': 'quote-unfilled' },
        q.unfilled.map((u) => h('li', {}, t('requests.unfilled', { item: u.description, reason: u.reason })))) : null,
      h('div', { class: 'quote-summary' },
        h('dl', { class: 'totals', 'data-testid': 'quote-totals' },
          h('dt', {}, t('requests.items_total')), h('dd', {}, money(q.items_total, q.currency)),
          h('dt', {}, t('requests.shipping_total')), h('dd', {}, money(q.shipping_total, q.currency)),
          h('dt', {}, t('requests.total')), h('dd', { 'data-testid': 'quote-total' }, money(q.total, q.currency))),
        budgetBox(q), savingsBox(q)),
      h('p', { class: 'muted' }, t('requests.method', { method: q.method }))].filter(Boolean));
  }

  let asked = ''; // the questions on screen, so a refresh does not wipe an answer being typed
  function renderQuestions(request) {
    const open = request.requisition?.questions ?? [];
    if (request.status !== 'needs_clarification' || !open.length) { questions.hidden = true; asked = ''; return; }
    questions.hidden = false;
    const signature = JSON.stringify(open);
    if (signature === asked) return;
    asked = signature;
    const inputs = open.map((q) => h('input', { id: `answer-${q.id}`, name: q.id, 'data-testid': `answer-${q.id}`, autocomplete: 'off' }));
    const problem = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'answer-error' });
    const form = h('form', { class: 'form', 'data-testid': 'answer-form' },
      open.map((q, i) => h('div', { class: 'field' }, h('label', { for: `answer-${q.id}` }, q.question), inputs[i])),
      problem, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'answer-submit' }, t('requests.answer')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answers = Object.fromEntries(inputs.filter((i) => i.value.trim()).map((i) => [i.name, i.value.trim()]));
      try {
        await api('POST', `/runs/${enc(request.run_id)}/answers`, { answers });
        refresh();
      } catch (err) {
        problem.textContent = [ui.errorMessage(err), ...(err.fieldErrors ?? []).map((f) => f.message)].join(' ');
        problem.hidden = false;
      }
    });
    questions.replaceChildren(h('h2', {}, t('requests.questions')), form);
  }

  function renderActions(request) {
    const run = request.run ?? {};
    const buttons = [];
    if (run.status === 'running' || run.status === 'waiting') {
      buttons.push(h('button', { type: 'button', class: 'btn', 'data-testid': 'run-cancel', onclick: () => command('cancel') }, t('requests.cancel')));
    }
    if (run.status === 'failed') {
      buttons.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'run-retry', onclick: () => command('retry') }, t('requests.retry')));
    }
    actions.replaceChildren(...buttons);
    async function command(name) {
      try { await api('POST', `/runs/${enc(run.id)}/${name}`); } catch (err) { status.append(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err))); }
      refresh();
    }
  }

  let runID = null;
  let lastStatus = null; // the orders are looked up again when the request moves on
  let approvalID = null; // from the run's approval.requested event
  function renderApproval(request) {
    if (!approvalID || !['awaiting_approval', 'approved', 'rejected'].includes(request.status) && request.run?.step !== 'approval') {
      approvalBox.replaceChildren();
      return;
    }
    const waiting = request.status === 'awaiting_approval';
    approvalBox.replaceChildren(h('p', {}, waiting ? t('requests.approval_waiting') : '', waiting ? ' ' : '',
      h('a', { href: `#/approvals/${enc(approvalID)}`, class: waiting ? 'btn btn-primary' : '', 'data-testid': 'request-approval-link' },
        t(waiting ? 'requests.approval_open' : 'requests.approval_view'))));
  }
  async function refresh() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      // The run's new events are read before the request, so the page never shows a log line
      // (say "finished") ahead of the steps and quote the same transaction wrote.
      if (!runID) runID = (await api('GET', `/requests/${enc(id)}`)).run_id;
      const fresh = [];
      let cursor = lastEvent;
      for (;;) {
        const page = await api('GET', `/runs/${enc(runID)}/events?after=${cursor}`);
        fresh.push(...page.items);
        if (page.items.length) cursor = page.items[page.items.length - 1].id;
        if (!page.next_cursor) break;
      }
      const request = await api('GET', `/requests/${enc(id)}`);
      if (!alive) return;
      header.querySelector('h1').textContent = request.title;
      status.replaceChildren(h('p', {}, badge(request.status, 'request-status-badge'), ' ',
        h('span', { class: 'muted' }, formatDate(request.created_at))));
      renderQuestions(request);
      renderQuote(request.quote);
      renderActions(request);
      steps.replaceChildren(...(request.run?.steps ?? []).map((step) => h('li', { 'data-status': step.status, 'data-testid': `step-${step.name}` },
        h('span', {}, t(`requests.step.${step.name}`)), ' ', h('span', { class: 'muted' }, statusText(step.status)),
        step.duration_ms != null && step.status === 'completed' ? h('span', { class: 'muted' }, ` ${step.duration_ms} ms`) : null)));
      for (const event of fresh) {
        lastEvent = event.id;
        if (event.type === 'approval.requested' && event.data?.approval_id) approvalID = event.data.approval_id;
        log.append(logLine(event));
      }
      renderApproval(request);
      const progress = `${request.status} ${request.run?.status} ${request.run?.step}`;
      if (progress !== lastStatus) { lastStatus = progress; orders.refresh(); }
    } catch (err) {
      if (alive) status.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
    } finally {
      loading = false;
      if (again && alive) { again = false; refresh(); }
    }
  }
  refresh();
  const stop = onFeed((feed) => {
    const event = feed.events[0];
    if (event && event.type.startsWith('run.') && event.data?.run_id === runID) refresh();
    else if (event && event.type.startsWith('approval.') && event.data?.request_id === id) refresh();
    else if (orders.concerns(event)) orders.refresh();
  });
  const timer = setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, 3000);
  return () => { alive = false; stop(); clearInterval(timer); };
}
