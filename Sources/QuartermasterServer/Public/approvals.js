// Approvals: the inbox (what waits for me, and the organisation's history), one approval with its
// lines, levels and decisions (approve, reject the whole request or some lines), and the settings
// that decide approvals: cost centres, budgets and their ledger, approval rules, the purchasing
// policy, spending limits and delegations.
import { h, hashSegments as segments } from './dom.js';
import { t, formatDate, formatMoney, intlLocale } from './i18n.js';
import { api } from './api.js';
import { onFeed } from './feed.js';

const enc = encodeURIComponent;
const DASH = '—';
const HISTORY_ROLES = ['admin', 'approver', 'finance'];
const SETTINGS_ROLES = ['admin', 'finance'];
const APPROVAL_STATUSES = ['all', 'pending', 'approved', 'rejected', 'expired', 'cancelled'];
const LEVEL_ROLES = ['approver', 'admin', 'finance', 'buyer'];
const BUDGET_ACTIONS = ['stop', 'warn', 'ignore'];
const SETTINGS = ['cost-centres', 'budgets', 'rules', 'policy', 'limits', 'delegations'];

// From app.js: {session(), pageHeader(title, subtitle), emptyState(title, body, ...extra), errorMessage(err)}.
let ui = null;

/** The views app.js routes to: `#/approvals`, `#/approvals/<id>`, `#/approvals/settings[/<section>[/<id>]]`. */
export function approvalViews(shell) {
  ui = shell;
  return { approvals: approvalsView };
}

const roles = () => ui.session()?.roles ?? [];
const hasRole = (...wanted) => roles().some((role) => wanted.includes(role));
export const managesApprovals = () => hasRole(...SETTINGS_ROLES);

function approvalsView(main) {
  const [, page, section, id, ...rest] = segments();
  if (!page) return inboxPage(main);
  if (page === 'settings') {
    if (rest.length) return notFound(main);
    return settingsPage(main, section ?? 'cost-centres', id);
  }
  if (section) return notFound(main);
  return approvalPage(main, page);
}

function notFound(main) {
  main.append(ui.pageHeader(t('notfound.title')),
    h('section', { class: 'panel' }, ui.emptyState(t('notfound.title'), t('notfound.body'),
      h('a', { class: 'btn btn-primary', href: '#/approvals' }, t('approvals.back')))));
}

// ---------- formatting ----------

const money = (amount, currency) => (amount == null || amount === '' ? DASH : formatMoney(String(amount), currency || ''));
const label = (key, value) => {
  const text = t(`${key}.${value}`);
  return text === `${key}.${value}` ? String(value ?? '') : text;
};
const badge = (status, testid) => h('span', { class: 'status-badge', 'data-status': status ?? '', 'data-testid': testid },
  label('approvals.status', status));
const roleName = (role) => label('role', role);

/** "3 hours ago", in the chosen language. */
function age(iso) {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return DASH;
  const seconds = Math.round((then - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' });
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(0, 'minute');
}

/** Members by id: the whole list for admins (GET /users is theirs), otherwise just the signed-in user. */
async function loadUsers() {
  const me = ui.session()?.user;
  const byId = new Map(me ? [[me.id, me]] : []);
  if (!hasRole('admin')) return byId;
  let cursor = null;
  for (let page = 0; page < 20; page += 1) {
    const result = await api('GET', `/users${cursor ? `?cursor=${enc(cursor)}` : ''}`);
    for (const user of result?.items ?? []) byId.set(user.id, user);
    cursor = result?.next_cursor ?? null;
    if (!cursor) break;
  }
  return byId;
}
const userName = (users, id) => {
  if (!id) return DASH;
  const user = users.get(id);
  return user ? (user.id === ui.session()?.user?.id ? t('approvals.you', { name: user.name }) : user.name) : id;
};

export function table(testid, caption, columns, rows) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table', 'data-testid': testid },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((column) => (typeof column === 'string'
        ? h('th', { scope: 'col' }, column) : column)))),
      h('tbody', {}, rows)));
}
export const numTh = (text) => h('th', { scope: 'col', class: 'num' }, text);

/** The problem in a box with role=alert: its detail, then each field's message. */
function showProblem(box, err) {
  const fields = err?.fieldErrors ?? [];
  box.replaceChildren(h('p', {}, ui.errorMessage(err)),
    fields.length ? h('ul', {}, fields.map((f) => h('li', {}, `${f.field}: ${f.message}`))) : null);
  box.hidden = false;
}
export const alertBox = (testid) => h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true, 'data-testid': testid });
export const statusLine = (testid) => h('p', { class: 'form-info', role: 'status', 'data-testid': testid });

export function field(id, text, control, hint) {
  control.id = id;
  if (!control.dataset.testid) control.dataset.testid = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: id }, text), control,
    hint ? h('p', { id: `${id}-hint`, class: 'field-hint muted' }, hint) : null);
}
export const input = (attrs = {}) => h('input', { autocomplete: 'off', ...attrs });
export const select = (options, selected) => h('select', {}, options.map(([value, text]) => h('option', { value, selected: value === selected }, text)));
const list = (text) => String(text ?? '').split(',').map((part) => part.trim()).filter(Boolean);

/** '' → undefined; "12,5" (French) → 12.5; otherwise the text as typed so the server explains what is wrong. */
export function decimal(text) {
  const value = String(text ?? '').trim().replace(/\s/g, '').replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!value) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
export function integer(text) {
  const value = String(text ?? '').trim();
  if (!value) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Runs `action` with the button disabled; problems land in `box`. Returns whether it succeeded. */
async function submitting(button, box, action) {
  box.hidden = true;
  box.replaceChildren();
  button.disabled = true;
  try {
    await action();
    return true;
  } catch (err) {
    showProblem(box, err);
    return false;
  } finally {
    button.disabled = false;
  }
}

// ---------- inbox ----------

function inboxPage(main) {
  const canSeeHistory = hasRole(...HISTORY_ROLES);
  const header = ui.pageHeader(t('approvals.title'), t('approvals.subtitle'));
  if (managesApprovals()) {
    header.classList.add('has-actions');
    header.append(h('div', { class: 'page-actions' },
      h('a', { class: 'btn', href: '#/approvals/settings', 'data-testid': 'approvals-settings-link' }, t('approvals.settings.title'))));
  }
  let view = new URLSearchParams(location.hash.split('?')[1] ?? '').get('view') === 'history' && canSeeHistory ? 'history' : 'inbox';
  const statusFilter = select(APPROVAL_STATUSES.map((s) => [s, label('approvals.status', s)]), 'all');
  const filterField = h('div', { class: 'field field-inline', hidden: view !== 'history' },
    h('label', { for: 'approvals-status' }, t('approvals.filter')), statusFilter);
  statusFilter.id = 'approvals-status';
  statusFilter.dataset.testid = 'approvals-status';
  const body = h('div', { 'data-testid': 'approvals-list', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('app.loading')));
  const tabs = canSeeHistory ? ['inbox', 'history'].map((name) => h('button', {
    type: 'button', role: 'tab', class: 'tab', 'aria-selected': String(name === view), 'data-testid': `approvals-tab-${name}`,
    onclick: () => {
      view = name;
      tabs.forEach((tab) => tab.setAttribute('aria-selected', String(tab.dataset.testid === `approvals-tab-${view}`)));
      filterField.hidden = view !== 'history';
      load();
    },
  }, t(`approvals.tab.${name}`))) : [];

  let generation = 0;
  let users = new Map();
  async function load() {
    const mine = ++generation;
    try {
      const query = view === 'history' ? `?status=${enc(statusFilter.value)}` : '';
      const [page, known] = await Promise.all([api('GET', `/approvals${query}`), users.size > 1 ? users : loadUsers().catch(() => users)]);
      if (mine !== generation) return;
      users = known;
      const items = page?.items ?? [];
      if (!items.length) {
        body.replaceChildren(ui.emptyState(t(`approvals.empty.${view}.title`), t(`approvals.empty.${view}.body`)));
        return;
      }
      body.replaceChildren(table('approvals-table', t(`approvals.tab.${view}`),
        [t('approvals.col.request'), t('approvals.col.requester'), numTh(t('approvals.col.amount')), numTh(t('approvals.col.lines')),
          t('approvals.col.age'), t('approvals.col.status')],
        items.map((item) => h('tr', { 'data-testid': 'approval-row', 'data-approval-id': item.id, 'data-status': item.status },
          h('th', { scope: 'row' }, h('a', { href: `#/approvals/${enc(item.id)}`, 'data-testid': 'approval-link' },
            item.request?.title ?? item.request_id)),
          h('td', {}, userName(users, item.request?.created_by)),
          h('td', { class: 'num' }, money(item.amount, item.currency)),
          h('td', { class: 'num' }, String(item.lines?.length ?? 0)),
          h('td', {}, h('time', { datetime: item.created_at, title: formatDate(item.created_at) }, age(item.created_at))),
          h('td', {}, badge(item.status))))));
    } catch (err) {
      if (mine === generation) body.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
    }
  }
  statusFilter.addEventListener('change', load);
  main.append(header, h('section', { class: 'panel' },
    tabs.length ? h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('approvals.title') }, tabs) : null,
    filterField, body));
  load();
  const stop = onFeed((feed) => { if (feed.events[0]?.type?.startsWith('approval.')) load(); });
  return () => { generation = -1; stop(); };
}

// ---------- one approval ----------

function approvalPage(main, id) {
  let alive = true;
  let users = new Map();
  let shown = ''; // the approval on screen, so a refresh does not wipe what is being typed
  const header = ui.pageHeader(t('approvals.approval'));
  const summary = h('section', { class: 'panel', 'data-testid': 'approval-summary' }, h('p', { class: 'muted' }, t('app.loading')));
  const linesPanel = h('section', { class: 'panel', 'data-testid': 'approval-lines' });
  const decide = h('section', { class: 'panel', 'aria-labelledby': 'approval-decide-title', 'data-testid': 'approval-decide' });
  const history = h('section', { class: 'panel', 'data-testid': 'approval-history' });
  const error = alertBox('approval-error');
  const result = statusLine('approval-result');
  main.append(header, summary, linesPanel, decide, history);

  const comment = h('textarea', { rows: 3, maxlength: 2000 });
  const actionChoice = ['resource', 'drop'].map((value) => h('input', {
    type: 'radio', name: 'approval-line-action', value, id: `approval-action-${value}`, 'data-testid': `approval-action-${value}`,
    checked: value === 'resource',
  }));
  const approveButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'approval-approve' }, t('approvals.approve'));
  const rejectButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'approval-reject' }, t('approvals.reject'));
  const rejectLinesButton = h('button', { type: 'button', class: 'btn', disabled: true, 'data-testid': 'approval-reject-lines' },
    t('approvals.reject_lines'));
  let checkboxes = [];
  const selectedLines = () => checkboxes.filter((box) => box.checked).map((box) => Number(box.value));
  const updateButtons = () => { rejectLinesButton.disabled = !selectedLines().length; };

  async function send(button, path, body, done) {
    result.textContent = '';
    const ok = await submitting(button, error, async () => {
      const approval = await api('POST', `/approvals/${enc(id)}/${path}`, body);
      if (!alive) return;
      render(approval);
      result.textContent = t(done);
    });
    if (!ok) error.focus();
    else refreshSoon();
  }
  approveButton.addEventListener('click', () => send(approveButton, 'approve',
    comment.value.trim() ? { comment: comment.value.trim() } : {}, 'approvals.done.approved'));
  rejectButton.addEventListener('click', () => send(rejectButton, 'reject',
    comment.value.trim() ? { reason: comment.value.trim() } : {}, 'approvals.done.rejected'));
  rejectLinesButton.addEventListener('click', () => {
    const action = actionChoice.find((radio) => radio.checked)?.value ?? 'resource';
    send(rejectLinesButton, 'reject', { lines: selectedLines(), action, ...(comment.value.trim() ? { reason: comment.value.trim() } : {}) },
      action === 'drop' ? 'approvals.done.dropped' : 'approvals.done.resourcing');
  });

  function render(approval) {
    const signature = `${users.size} ${JSON.stringify(approval)}`;
    if (signature === shown) return; // nothing new: keep the page (and what is being typed or clicked) as it is
    const redraw = !shown || JSON.parse(shown.slice(shown.indexOf(' ') + 1)).status !== approval.status;
    const request = approval.request ?? {};
    header.querySelector('h1').textContent = request.title ?? t('approvals.approval');
    document.title = `${request.title ?? t('approvals.approval')} · ${t('app.name')}`;
    const fact = (key, ...value) => [h('dt', {}, t(key)), h('dd', {}, ...value)];
    const budget = approval.budget;
    summary.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', {}, t('approvals.summary')), badge(approval.status, 'approval-status')),
      h('dl', { class: 'facts' },
        fact('approvals.col.request', h('a', { href: `#/requests/${enc(approval.request_id)}`, 'data-testid': 'approval-request-link' },
          request.title ?? approval.request_id), ' ', request.status ? h('span', { class: 'muted' }, `(${label('requests.status', request.status)})`) : null),
        fact('approvals.col.requester', userName(users, request.created_by)),
        fact('approvals.col.amount', h('strong', { 'data-testid': 'approval-amount' }, money(approval.amount, approval.currency))),
        fact('approvals.reason', approval.reason),
        request.cost_centre ? fact('approvals.cost_centre', request.cost_centre) : null,
        budget ? fact('approvals.budget', t('approvals.budget_text', {
          cost_centre: budget.cost_centre, period: budget.period,
          before: money(budget.available_before, budget.currency), after: money(budget.remaining, budget.currency),
        }), budget.over_by != null ? h('strong', { class: 'error' }, ' ', t('approvals.over_by', { amount: money(budget.over_by, budget.currency) })) : null) : null,
        fact('approvals.created', formatDate(approval.created_at)),
        approval.status === 'pending' ? fact('approvals.expires', formatDate(approval.expires_at)) : null,
        approval.decided_at ? fact('approvals.decided', formatDate(approval.decided_at)) : null));

    shown = signature;
    if (!redraw && checkboxes.length === approval.lines.length) { renderHistory(approval); return; }
    const pending = approval.status === 'pending';
    checkboxes = approval.lines.map((line) => h('input', {
      type: 'checkbox', value: line.line, id: `approval-line-${line.line}`, 'data-testid': 'approval-line-check',
      onchange: updateButtons, disabled: !pending,
    }));
    linesPanel.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'approval-lines-title' }, t('approvals.lines'))),
      table('approval-lines-table', t('approvals.lines'),
        [h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('approvals.select'))), t('requests.col.item'), t('requests.col.vendor'),
          numTh(t('requests.col.quantity')), numTh(t('requests.col.unit_price')), numTh(t('requests.col.total'))],
        approval.lines.map((line, i) => h('tr', { 'data-testid': 'approval-line', 'data-line': line.line },
          h('td', {}, checkboxes[i],
            h('label', { for: `approval-line-${line.line}`, class: 'visually-hidden' }, t('approvals.select_line', { item: line.title }))),
          h('th', { scope: 'row' }, line.title, h('div', { class: 'muted' }, line.description)),
          h('td', {}, line.vendor_name),
          h('td', { class: 'num' }, `${line.quantity} ${line.unit}`),
          h('td', { class: 'num' }, money(line.unit_price, approval.currency)),
          h('td', { class: 'num' }, money(line.line_total, approval.currency))))),
      h('dl', { class: 'totals panel-body' },
        approval.shipping_total != null ? [h('dt', {}, t('requests.shipping_total')), h('dd', {}, money(approval.shipping_total, approval.currency))] : null,
        h('dt', {}, t('requests.total')), h('dd', {}, money(approval.amount, approval.currency))));
    updateButtons();

    if (pending) {
      decide.hidden = false;
      decide.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'approval-decide-title' }, t('approvals.decide'))),
        h('div', { class: 'form panel-body' },
          field('approval-comment', t('approvals.comment'), comment, t('approvals.comment_hint')),
          h('fieldset', { class: 'form-section' }, h('legend', {}, t('approvals.line_action')),
            actionChoice.map((radio) => h('div', { class: 'check' }, radio,
              h('label', { for: radio.id }, t(`approvals.action.${radio.value}`))))),
          error, result,
          h('div', { class: 'form-actions' }, approveButton, rejectButton, rejectLinesButton)));
    } else {
      decide.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'approval-decide-title' }, t('approvals.decide'))),
        h('div', { class: 'panel-body' },
          h('p', { class: 'muted', 'data-testid': 'approval-closed' }, t('approvals.closed', { status: label('approvals.status', approval.status) })),
          error, result));
    }

    renderHistory(approval);
  }

  function renderHistory(approval) {
    history.replaceChildren(h('div', { class: 'panel-head' }, h('h2', {}, t('approvals.levels'))), h('div', { class: 'panel-body' },
      h('ol', { class: 'levels', 'data-testid': 'approval-levels' }, approval.levels.map((level) => h('li', {
        'data-testid': 'approval-level', 'aria-current': level.index === approval.current_level ? 'step' : null,
      }, levelText(level, users), level.index === approval.current_level ? h('span', { class: 'badge' }, t('approvals.current')) : null,
      level.escalated ? h('span', { class: 'badge' }, t('approvals.escalated')) : null))),
      h('h3', {}, t('approvals.decisions')),
      approval.decisions.length ? h('ol', { class: 'decisions', 'data-testid': 'approval-decisions' }, approval.decisions.map((d) => h('li', {
        'data-testid': 'approval-decision', 'data-verdict': d.verdict,
      },
      h('strong', {}, t(`approvals.verdict.${d.verdict}`)), ' ',
      t('approvals.by', { name: userName(users, d.user_id), level: d.level + 1 }),
      d.on_behalf_of ? ` ${t('approvals.on_behalf_of', { name: userName(users, d.on_behalf_of) })}` : '',
      d.lines?.length ? ` · ${t('approvals.lines_rejected', { lines: d.lines.map((n) => n + 1).join(', '), action: t(`approvals.action.${d.line_action ?? 'resource'}`) })}` : '',
      ' · ', h('time', { datetime: d.at }, formatDate(d.at)),
      d.comment ? h('blockquote', { class: 'muted' }, d.comment) : null))) : h('p', { class: 'muted' }, t('approvals.no_decisions'))));
  }

  let timer = null;
  function refreshSoon() { clearTimeout(timer); timer = setTimeout(refresh, 1000); }
  async function refresh() {
    try {
      const [approval, known] = await Promise.all([api('GET', `/approvals/${enc(id)}`), users.size > 1 ? users : loadUsers().catch(() => users)]);
      if (!alive) return;
      users = known;
      render(approval);
    } catch (err) {
      if (alive && !shown) summary.replaceChildren(h('p', { class: 'error', role: 'alert', 'data-testid': 'approval-load-error' }, ui.errorMessage(err)));
    }
  }
  refresh();
  const stop = onFeed((feed) => {
    const event = feed.events[0];
    if (event?.type?.startsWith('approval.') || (event?.type?.startsWith('run.') && shown)) refreshSoon();
  });
  return () => { alive = false; stop(); clearTimeout(timer); };
}

function levelText(level, users) {
  const parts = [];
  if (level.roles?.length) parts.push(t('approvals.level_roles', { roles: level.roles.map(roleName).join(` ${t('approvals.or')} `) }));
  if (level.users?.length) {
    const names = level.users.map((u) => userName(users, u)).join(', ');
    parts.push(level.mode === 'all' && level.users.length > 1 ? t('approvals.level_all', { users: names }) : t('approvals.level_any', { users: names }));
  }
  return `${t('approvals.level', { n: level.index + 1 })}: ${parts.join('; ') || level.summary}`;
}

// ---------- settings ----------

function settingsPage(main, section, id) {
  const header = ui.pageHeader(t('approvals.settings.title'), t('approvals.settings.subtitle'));
  if (!managesApprovals()) {
    main.append(header, h('section', { class: 'panel', 'data-testid': 'approvals-settings-forbidden' },
      ui.emptyState(t('approvals.settings.forbidden.title'), t('approvals.settings.forbidden.body'))));
    return undefined;
  }
  if (!SETTINGS.includes(section) || (id && section !== 'budgets')) return notFound(main);
  const nav = h('nav', { class: 'subnav', 'aria-label': t('approvals.settings.title') },
    h('ul', {}, SETTINGS.map((name) => h('li', {}, h('a', {
      href: `#/approvals/settings/${name}`, 'data-testid': `settings-${name}`, 'aria-current': name === section ? 'page' : null,
    }, t(`approvals.settings.${name}`))))));
  const crumbs = h('p', { class: 'crumbs' }, h('a', { href: '#/approvals' }, t('approvals.back')));
  main.append(crumbs, header, nav);
  const pages = { 'cost-centres': costCentresPage, budgets: id ? budgetPage : budgetsPage, rules: rulesPage, policy: policyPage, limits: limitsPage, delegations: delegationsPage };
  return pages[section](main, id);
}

/** A panel with a list that reloads, and (for those allowed) a form under it. */
function listPanel(main, { title, testid, load, render, form }) {
  let alive = true;
  const body = h('div', { 'data-testid': `${testid}-list` }, h('p', { class: 'muted' }, t('app.loading')));
  async function reload() {
    try {
      const data = await load();
      if (alive) body.replaceChildren(render(data, reload));
    } catch (err) {
      if (alive) body.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
    }
  }
  main.append(h('section', { class: 'panel', 'aria-labelledby': `${testid}-title` },
    h('div', { class: 'panel-head' }, h('h2', { id: `${testid}-title` }, title)), h('div', { class: 'panel-body' }, body)));
  if (form) main.append(form(reload));
  reload();
  return () => { alive = false; };
}

function formPanel(title, testid, controls, submitText, onSubmit) {
  const error = alertBox(`${testid}-error`);
  const done = statusLine(`${testid}-done`);
  const button = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': `${testid}-submit` }, submitText);
  const form = h('form', { class: 'panel', novalidate: true, 'data-testid': `${testid}-form`, 'aria-labelledby': `${testid}-form-title` },
    h('div', { class: 'panel-head' }, h('h2', { id: `${testid}-form-title` }, title)),
    h('div', { class: 'form entity-form panel-body' }, controls, error, done, h('div', { class: 'form-actions' }, button)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    done.textContent = '';
    const ok = await submitting(button, error, () => onSubmit(form));
    if (ok) done.textContent = t('approvals.saved');
  });
  return form;
}

function costCentresPage(main) {
  return listPanel(main, {
    title: t('approvals.settings.cost-centres'), testid: 'cost-centres',
    load: () => api('GET', '/cost-centres'),
    render: (page) => (page.items.length
      ? table('cost-centres-table', t('approvals.settings.cost-centres'), [t('approvals.col.code'), t('approvals.col.name'), t('approvals.created')],
        page.items.map((cc) => h('tr', { 'data-testid': 'cost-centre-row' },
          h('th', { scope: 'row' }, h('code', {}, cc.code)), h('td', {}, cc.name), h('td', {}, formatDate(cc.created_at, { dateStyle: 'medium' })))))
      : h('p', { class: 'muted', 'data-testid': 'empty-state' }, t('approvals.cost_centres.empty'))),
    form: (reload) => {
      const code = input({ maxlength: 40, required: true });
      const name = input({ maxlength: 200, required: true });
      return formPanel(t('approvals.cost_centres.new'), 'cost-centre', h('div', { class: 'form-grid' },
        field('cc-code', t('approvals.col.code'), code, t('approvals.cost_centres.code_hint')),
        field('cc-name', t('approvals.col.name'), name)), t('approvals.create'), async () => {
        await api('POST', '/cost-centres', { code: code.value.trim(), name: name.value.trim() });
        code.value = '';
        name.value = '';
        await reload();
      });
    },
  });
}

function budgetsPage(main) {
  const costCentre = h('select', {});
  return listPanel(main, {
    title: t('approvals.settings.budgets'), testid: 'budgets',
    load: async () => {
      const [budgets, centres] = await Promise.all([api('GET', '/budgets'), api('GET', '/cost-centres')]);
      const chosen = costCentre.value;
      costCentre.replaceChildren(h('option', { value: '' }, t('approvals.budgets.choose_cost_centre')),
        ...centres.items.map((cc) => h('option', { value: cc.code, selected: cc.code === chosen }, `${cc.code} — ${cc.name}`)));
      return budgets;
    },
    render: (page) => (page.items.length
      ? table('budgets-table', t('approvals.settings.budgets'),
        [t('approvals.cost_centre'), t('approvals.budgets.period'), ...['amount', 'requested', 'committed', 'spent', 'available'].map((k) => numTh(t(`approvals.budgets.${k}`)))],
        page.items.map((b) => h('tr', { 'data-testid': 'budget-row', 'data-budget-id': b.id },
          h('th', { scope: 'row' }, h('a', { href: `#/approvals/settings/budgets/${enc(b.id)}` }, b.cost_centre)),
          h('td', {}, b.label),
          ...['amount', 'requested', 'committed', 'spent'].map((k) => h('td', { class: 'num' }, money(b[k], b.currency))),
          h('td', { class: Number(b.available) < 0 ? 'num error' : 'num', 'data-testid': 'budget-available' }, money(b.available, b.currency)))))
      : h('p', { class: 'muted', 'data-testid': 'empty-state' }, t('approvals.budgets.empty'))),
    form: (reload) => {
      const period = select(['month', 'quarter', 'year'].map((p) => [p, t(`approvals.period.${p}`)]), 'month');
      const start = input({ type: 'date' });
      const amount = input({ inputmode: 'decimal' });
      const currency = input({ maxlength: 3, placeholder: 'USD', class: 'input-short' });
      const actions = ['requested', 'committed', 'spent'].map((stage) => [stage,
        select(BUDGET_ACTIONS.map((a) => [a, t(`approvals.budget_action.${a}`)]), stage === 'spent' ? 'warn' : 'stop')]);
      return formPanel(t('approvals.budgets.new'), 'budget', [
        h('div', { class: 'form-grid' },
          field('budget-cost-centre', t('approvals.cost_centre'), costCentre),
          field('budget-period', t('approvals.budgets.period'), period),
          field('budget-start', t('approvals.budgets.start'), start, t('approvals.budgets.start_hint')),
          field('budget-amount', t('approvals.budgets.amount'), amount),
          field('budget-currency', t('approvals.budgets.currency'), currency, t('approvals.budgets.currency_hint'))),
        h('fieldset', { class: 'form-section' }, h('legend', {}, t('approvals.budgets.actions')),
          h('p', { class: 'muted' }, t('approvals.budgets.actions_hint')),
          h('div', { class: 'form-grid' }, actions.map(([stage, control]) => field(`budget-action-${stage}`, t(`approvals.budgets.when_${stage}`), control)))),
      ], t('approvals.create'), async () => {
        const body = { cost_centre: costCentre.value, period: period.value, amount: decimal(amount.value),
          actions: Object.fromEntries(actions.map(([stage, control]) => [stage, control.value])) };
        if (start.value) body.start = start.value;
        if (currency.value.trim()) body.currency = currency.value.trim().toUpperCase();
        await api('POST', '/budgets', body);
        amount.value = '';
        await reload();
      });
    },
  });
}

function budgetPage(main, id) {
  let alive = true;
  const body = h('section', { class: 'panel', 'data-testid': 'budget-detail' }, h('p', { class: 'muted' }, t('app.loading')));
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/approvals/settings/budgets' }, t('approvals.budgets.back'))), body);
  api('GET', `/budgets/${enc(id)}`).then((b) => {
    if (!alive) return;
    const fact = (key, value) => [h('dt', {}, t(key)), h('dd', { 'data-testid': `budget-${key.split('.').pop()}` }, value)];
    const ledger = b.ledger ?? [];
    body.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', {}, `${b.cost_centre} · ${b.label}`)),
      h('dl', { class: 'facts' },
        fact('approvals.budgets.period', `${formatDate(b.start, { dateStyle: 'medium' })} – ${formatDate(b.end, { dateStyle: 'medium' })}`),
        ...['amount', 'requested', 'committed', 'spent', 'available'].map((k) => fact(`approvals.budgets.${k}`, money(b[k], b.currency))),
        fact('approvals.budgets.actions', ['requested', 'committed', 'spent']
          .map((stage) => `${t(`approvals.budgets.when_${stage}`)}: ${t(`approvals.budget_action.${b.actions?.[stage]}`)}`).join(' · '))),
      h('h3', {}, t('approvals.budgets.ledger')),
      ledger.length ? table('ledger-table', t('approvals.budgets.ledger'),
        [t('approvals.created'), t('approvals.budgets.stage'), numTh(t('approvals.budgets.amount')), t('approvals.col.request'), t('approvals.budgets.note')],
        ledger.map((entry) => h('tr', { 'data-testid': 'ledger-row' },
          h('td', {}, formatDate(entry.created_at)),
          h('td', {}, t(`approvals.budgets.${entry.stage}`)),
          h('td', { class: 'num' }, money(entry.amount, b.currency)),
          h('td', {}, h('a', { href: `#/requests/${enc(entry.request_id)}` }, entry.request_id)),
          h('td', {}, entry.note ?? ''))))
        : h('p', { class: 'muted', 'data-testid': 'ledger-empty' }, t('approvals.budgets.ledger_empty')));
  }).catch((err) => {
    if (alive) body.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err)));
  });
  return () => { alive = false; };
}

function conditionsText(c = {}) {
  const parts = [];
  if (c.amount_min != null || c.amount_max != null) {
    parts.push(t('approvals.rules.band', { min: c.amount_min ?? 0, max: c.amount_max ?? '∞' }));
  }
  if (c.categories?.length) parts.push(`${t('approvals.rules.categories')}: ${c.categories.join(', ')}`);
  if (c.cost_centres?.length) parts.push(`${t('approvals.rules.cost_centres')}: ${c.cost_centres.join(', ')}`);
  if (c.vendors?.length) parts.push(`${t('approvals.rules.vendors')}: ${c.vendors.join(', ')}`);
  if (c.requester_roles?.length) parts.push(`${t('approvals.rules.requester_roles')}: ${c.requester_roles.map(roleName).join(', ')}`);
  if (c.requesters?.length) parts.push(`${t('approvals.rules.requesters')}: ${c.requesters.join(', ')}`);
  return parts.join(' · ') || t('approvals.rules.always');
}

function rulesPage(main) {
  let users = new Map();
  let ready = null; // the form's first level waits for the member list
  const isAdmin = hasRole('admin');
  return listPanel(main, {
    title: t('approvals.settings.rules'), testid: 'rules',
    load: async () => {
      const [rules, known] = await Promise.all([api('GET', '/approval-rules'), loadUsers().catch(() => users)]);
      users = known;
      ready?.();
      ready = null;
      return rules;
    },
    render: (page, reload) => (page.items.length
      ? table('rules-table', t('approvals.settings.rules'),
        [numTh(t('approvals.rules.priority')), t('approvals.col.name'), t('approvals.rules.when'), t('approvals.rules.outcome'), t('approvals.rules.enabled'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('approvals.actions')))],
        [...page.items].sort((a, b) => a.priority - b.priority).map((rule) => {
          const problem = h('span', { class: 'error', role: 'alert' });
          return h('tr', { 'data-testid': 'rule-row', 'data-rule-id': rule.id },
            h('td', { class: 'num' }, String(rule.priority)),
            h('th', { scope: 'row' }, rule.name),
            h('td', {}, conditionsText(rule.conditions)),
            h('td', {}, rule.outcome?.type === 'auto_approve' ? t('approvals.rules.auto_approve')
              : h('ol', { class: 'plain' }, (rule.outcome?.levels ?? []).map((level, index) => h('li', {}, levelText({ ...level, index }, users))))),
            h('td', {}, rule.enabled ? t('common.yes') : t('common.no')),
            h('td', {}, isAdmin ? h('button', {
              type: 'button', class: 'btn btn-small', 'data-testid': 'rule-delete', 'aria-label': t('approvals.rules.delete_named', { name: rule.name }),
              onclick: async (event) => {
                event.target.disabled = true;
                try { await api('DELETE', `/approval-rules/${enc(rule.id)}`); await reload(); } catch (err) { problem.textContent = ui.errorMessage(err); event.target.disabled = false; }
              },
            }, t('approvals.delete')) : null, problem));
        }))
      : h('p', { class: 'muted', 'data-testid': 'empty-state' }, t('approvals.rules.empty'))),
    form: isAdmin ? (reload) => ruleForm(reload, () => users, (fn) => { ready = fn; }) : null,
  });
}

function ruleForm(reload, users, whenUsersLoaded) {
  const name = input({ maxlength: 200 });
  const priority = input({ type: 'number', min: 0, max: 10000, value: 100, class: 'input-short' });
  const enabled = h('input', { type: 'checkbox', id: 'rule-enabled', 'data-testid': 'rule-enabled', checked: true });
  const min = input({ inputmode: 'decimal' });
  const max = input({ inputmode: 'decimal' });
  const categories = input({ placeholder: 'Furniture, Paper > Copy Paper' });
  const costCentres = input();
  const vendors = input();
  const outcome = ['require', 'auto_approve'].map((value) => h('input', {
    type: 'radio', name: 'rule-outcome', value, id: `rule-outcome-${value}`, 'data-testid': `rule-outcome-${value}`, checked: value === 'require',
  }));
  const levels = h('ol', { class: 'rows', 'data-testid': 'rule-levels' });
  let counter = 0;
  function addLevel() {
    const n = ++counter;
    const roleBoxes = LEVEL_ROLES.map((role) => h('input', { type: 'checkbox', value: role, id: `rule-level-${n}-role-${role}`,
      'data-testid': `rule-level-role-${role}`, checked: role === 'approver' && levels.children.length === 0 }));
    const known = [...users().values()];
    const people = known.length > 1
      ? h('select', { multiple: true, size: Math.min(4, known.length) }, known.map((u) => h('option', { value: u.id }, `${u.name} <${u.email}>`)))
      : input({ placeholder: 'usr_…' });
    const mode = select([['any', t('approvals.rules.mode_any')], ['all', t('approvals.rules.mode_all')]], 'any');
    const hours = input({ type: 'number', min: 1, class: 'input-short' });
    const escalateTo = select([['', DASH], ...LEVEL_ROLES.map((role) => [role, roleName(role)])], '');
    const row = h('li', { class: 'form-section', 'data-testid': 'rule-level' },
      h('fieldset', {}, h('legend', {}, t('approvals.rules.roles')),
        h('div', { class: 'tags' }, roleBoxes.map((box) => h('span', { class: 'check' }, box, h('label', { for: box.id }, roleName(box.value)))))),
      h('div', { class: 'form-grid' },
        field(`rule-level-${n}-users`, t('approvals.rules.users'), people, known.length > 1 ? t('approvals.rules.users_hint') : t('approvals.rules.user_ids_hint')),
        field(`rule-level-${n}-mode`, t('approvals.rules.mode'), mode),
        field(`rule-level-${n}-hours`, t('approvals.rules.escalate_after'), hours),
        field(`rule-level-${n}-escalate`, t('approvals.rules.escalate_to'), escalateTo)),
      h('div', {}, h('button', { type: 'button', class: 'btn btn-small', onclick: () => row.remove() }, t('approvals.rules.remove_level'))));
    row.read = () => {
      const level = {
        roles: roleBoxes.filter((box) => box.checked).map((box) => box.value),
        users: people.tagName === 'SELECT' ? [...people.selectedOptions].map((o) => o.value) : list(people.value),
        mode: mode.value,
      };
      if (hours.value.trim()) level.escalate_after_hours = integer(hours.value);
      if (escalateTo.value) level.escalate_to = { role: escalateTo.value };
      return level;
    };
    levels.append(row);
  }
  whenUsersLoaded(() => { if (!levels.children.length) addLevel(); });
  const levelsBox = h('div', { 'data-testid': 'rule-levels-box' }, h('h3', {}, t('approvals.rules.levels')), levels,
    h('button', { type: 'button', class: 'btn', 'data-testid': 'rule-add-level', onclick: addLevel }, t('approvals.rules.add_level')));
  outcome.forEach((radio) => radio.addEventListener('change', () => { levelsBox.hidden = outcome[1].checked; }));

  return formPanel(t('approvals.rules.new'), 'rule', [
    h('div', { class: 'form-grid' },
      field('rule-name', t('approvals.col.name'), name),
      field('rule-priority', t('approvals.rules.priority'), priority, t('approvals.rules.priority_hint')),
      h('div', { class: 'check' }, enabled, h('label', { for: 'rule-enabled' }, t('approvals.rules.enabled')))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('approvals.rules.when')),
      h('div', { class: 'form-grid' },
        field('rule-amount-min', t('approvals.rules.amount_min'), min),
        field('rule-amount-max', t('approvals.rules.amount_max'), max, t('approvals.rules.amount_max_hint')),
        field('rule-categories', t('approvals.rules.categories'), categories, t('approvals.rules.list_hint')),
        field('rule-cost-centres', t('approvals.rules.cost_centres'), costCentres, t('approvals.rules.list_hint')),
        field('rule-vendors', t('approvals.rules.vendors'), vendors, t('approvals.rules.list_hint')))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('approvals.rules.outcome')),
      outcome.map((radio) => h('div', { class: 'check' }, radio, h('label', { for: radio.id }, t(`approvals.rules.${radio.value}`)))),
      levelsBox),
  ], t('approvals.create'), async () => {
    const conditions = {};
    if (min.value.trim()) conditions.amount_min = decimal(min.value);
    if (max.value.trim()) conditions.amount_max = decimal(max.value);
    for (const [key, control] of [['categories', categories], ['cost_centres', costCentres], ['vendors', vendors]]) {
      if (list(control.value).length) conditions[key] = list(control.value);
    }
    const body = {
      name: name.value.trim(), priority: integer(priority.value) ?? 100, enabled: enabled.checked, conditions,
      outcome: outcome[1].checked ? { type: 'auto_approve' } : { type: 'require', levels: [...levels.children].map((row) => row.read()) },
    };
    await api('POST', '/approval-rules', body);
    name.value = '';
    await reload();
  });
}

function policyPage(main) {
  let alive = true;
  const isAdmin = hasRole('admin');
  const box = h('div', { 'data-testid': 'policy-box' }, h('p', { class: 'muted' }, t('app.loading')));
  main.append(box);
  api('GET', '/purchasing-policy').then((policy) => {
    if (!alive) return;
    const text = (values) => input({ value: (values ?? []).join(', ') });
    const preferred = text(policy.preferred_vendors);
    const bonus = input({ type: 'number', min: 0, max: 50, value: policy.preferred_vendor_bonus_percent ?? 0, class: 'input-short' });
    const blocked = text(policy.blocked_vendors);
    const allowedBrands = text(policy.allowed_brands);
    const blockedBrands = text(policy.blocked_brands);
    const eco = h('input', { type: 'checkbox', id: 'policy-eco', 'data-testid': 'policy-eco', checked: Boolean(policy.eco_label_required) });
    const hold = input({ type: 'number', min: 1, max: 2160, value: policy.price_hold_hours ?? 72, class: 'input-short' });
    const caps = h('div', { class: 'rows', 'data-testid': 'policy-caps' });
    const addCap = (category = '', amount = '') => {
      const row = h('div', { class: 'row', 'data-testid': 'policy-cap' },
        h('div', { class: 'field' }, h('label', {}, t('approvals.policy.category'), input({ value: category, name: 'category' }))),
        h('div', { class: 'field' }, h('label', {}, t('approvals.policy.max_price'), input({ value: amount, name: 'amount', inputmode: 'decimal' }))),
        h('button', { type: 'button', class: 'btn btn-small row-remove', onclick: () => row.remove() }, t('approvals.rules.remove_level')));
      caps.append(row);
    };
    for (const [category, amount] of Object.entries(policy.max_unit_price ?? {})) addCap(category, String(amount));
    const controls = [
      h('div', { class: 'form-grid' },
        field('policy-preferred', t('approvals.policy.preferred_vendors'), preferred, t('approvals.rules.list_hint')),
        field('policy-bonus', t('approvals.policy.bonus'), bonus, t('approvals.policy.bonus_hint')),
        field('policy-blocked', t('approvals.policy.blocked_vendors'), blocked, t('approvals.rules.list_hint')),
        field('policy-allowed-brands', t('approvals.policy.allowed_brands'), allowedBrands, t('approvals.policy.allowed_brands_hint')),
        field('policy-blocked-brands', t('approvals.policy.blocked_brands'), blockedBrands, t('approvals.rules.list_hint')),
        field('policy-hold', t('approvals.policy.hold'), hold, t('approvals.policy.hold_hint')),
        h('div', { class: 'check' }, eco, h('label', { for: 'policy-eco' }, t('approvals.policy.eco')))),
      h('fieldset', { class: 'form-section' }, h('legend', {}, t('approvals.policy.caps')), caps,
        h('button', { type: 'button', class: 'btn', 'data-testid': 'policy-add-cap', onclick: () => addCap() }, t('approvals.policy.add_cap'))),
    ];
    if (!isAdmin) {
      controls.forEach((node) => node.querySelectorAll('input, button, select').forEach((el) => { el.disabled = true; }));
      box.replaceChildren(h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', {}, t('approvals.settings.policy'))),
        h('div', { class: 'form entity-form panel-body' }, h('p', { class: 'muted' }, t('approvals.admin_only')), controls)));
      return;
    }
    box.replaceChildren(formPanel(t('approvals.settings.policy'), 'policy', controls, t('approvals.save'), async () => {
      const maxUnitPrice = {};
      for (const row of caps.children) {
        const category = row.querySelector('[name=category]').value.trim();
        const amount = row.querySelector('[name=amount]').value;
        if (category || amount.trim()) maxUnitPrice[category] = decimal(amount);
      }
      await api('PUT', '/purchasing-policy', {
        preferred_vendors: list(preferred.value), preferred_vendor_bonus_percent: integer(bonus.value) ?? 0,
        blocked_vendors: list(blocked.value), allowed_brands: list(allowedBrands.value), blocked_brands: list(blockedBrands.value),
        eco_label_required: eco.checked, max_unit_price: maxUnitPrice, price_hold_hours: integer(hold.value) ?? 72,
      });
    }));
  }).catch((err) => { if (alive) box.replaceChildren(h('p', { class: 'error', role: 'alert' }, ui.errorMessage(err))); });
  return () => { alive = false; };
}

function userSelect(users, placeholder) {
  return h('select', {}, h('option', { value: '' }, placeholder),
    [...users.values()].map((u) => h('option', { value: u.id }, `${u.name} <${u.email}>`)));
}

function limitsPage(main) {
  let users = new Map();
  const isAdmin = hasRole('admin');
  const who = h('select', {});
  return listPanel(main, {
    title: t('approvals.settings.limits'), testid: 'limits',
    load: async () => {
      const [limits, known] = await Promise.all([api('GET', '/spending-limits'), loadUsers().catch(() => users)]);
      users = known;
      who.replaceChildren(...userSelect(users, t('approvals.limits.choose_user')).children);
      return limits;
    },
    render: (page) => (page.items.length
      ? table('limits-table', t('approvals.settings.limits'), [t('approvals.limits.user'), numTh(t('approvals.limits.request')), numTh(t('approvals.limits.approval'))],
        page.items.map((limit) => h('tr', { 'data-testid': 'limit-row' },
          h('th', { scope: 'row' }, userName(users, limit.user_id)),
          h('td', { class: 'num' }, limit.request_limit == null ? t('approvals.limits.none') : money(limit.request_limit, '')),
          h('td', { class: 'num' }, limit.approval_limit == null ? t('approvals.limits.none') : money(limit.approval_limit, '')))))
      : h('p', { class: 'muted', 'data-testid': 'empty-state' }, t('approvals.limits.empty'))),
    form: isAdmin ? (reload) => {
      const request = input({ inputmode: 'decimal' });
      const approval = input({ inputmode: 'decimal' });
      return formPanel(t('approvals.limits.new'), 'limit', h('div', { class: 'form-grid' },
        field('limit-user', t('approvals.limits.user'), who),
        field('limit-request', t('approvals.limits.request'), request, t('approvals.limits.request_hint')),
        field('limit-approval', t('approvals.limits.approval'), approval, t('approvals.limits.approval_hint'))), t('approvals.save'), async () => {
        const body = { user_id: who.value };
        if (request.value.trim()) body.request_limit = decimal(request.value);
        if (approval.value.trim()) body.approval_limit = decimal(approval.value);
        await api('POST', '/spending-limits', body);
        await reload();
      });
    } : null,
  });
}

function delegationsPage(main) {
  let users = new Map();
  const isAdmin = hasRole('admin');
  const from = h('select', {});
  const to = h('select', {});
  return listPanel(main, {
    title: t('approvals.settings.delegations'), testid: 'delegations',
    load: async () => {
      const [delegations, known] = await Promise.all([api('GET', '/delegations'), loadUsers().catch(() => users)]);
      users = known;
      from.replaceChildren(...userSelect(users, t('approvals.delegations.me')).children);
      to.replaceChildren(...userSelect(users, t('approvals.limits.choose_user')).children);
      return delegations;
    },
    render: (page) => (page.items.length
      ? table('delegations-table', t('approvals.settings.delegations'),
        [t('approvals.delegations.from'), t('approvals.delegations.to'), t('approvals.delegations.starts'), t('approvals.delegations.ends')],
        page.items.map((d) => h('tr', { 'data-testid': 'delegation-row' },
          h('th', { scope: 'row' }, userName(users, d.from_user)), h('td', {}, userName(users, d.to_user)),
          h('td', {}, formatDate(d.starts_at)), h('td', {}, formatDate(d.ends_at)))))
      : h('p', { class: 'muted', 'data-testid': 'empty-state' }, t('approvals.delegations.empty'))),
    form: isAdmin ? (reload) => {
      const starts = input({ type: 'datetime-local' });
      const ends = input({ type: 'datetime-local' });
      const iso = (value) => { const date = new Date(value); return Number.isNaN(date.getTime()) ? value : date.toISOString(); };
      return formPanel(t('approvals.delegations.new'), 'delegation', h('div', { class: 'form-grid' },
        field('delegation-from', t('approvals.delegations.from'), from),
        field('delegation-to', t('approvals.delegations.to'), to),
        field('delegation-starts', t('approvals.delegations.starts'), starts, t('approvals.delegations.starts_hint')),
        field('delegation-ends', t('approvals.delegations.ends'), ends)), t('approvals.create'), async () => {
        const body = { to_user: to.value };
        if (from.value) body.from_user = from.value;
        if (starts.value) body.starts_at = iso(starts.value);
        if (ends.value) body.ends_at = iso(ends.value);
        await api('POST', '/delegations', body);
        await reload();
      });
    } : null,
  });
}
