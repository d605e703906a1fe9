// Quartermaster web UI shell: hash routing, sign-up / login, application frame, live event feed.
import { h } from './dom.js';
import { LANGUAGES, t, detectLanguage, getLanguage, setLanguage, onLanguageChange, formatDate } from './i18n.js';
import { api, auth, tokens, onTokens } from './api.js';
import { MAX_EVENTS, feed, onFeed, openFeed, resetFeed } from './feed.js';
import { CATALOG_MANAGERS, catalogViews } from './catalog.js';
import { requestViews } from './requests.js';
import { approvalViews, managesApprovals } from './approvals.js';
import { orderViews } from './orders.js';
import { isVendorUser, portalViews } from './portal.js';
import { logisticsViews } from './logistics.js';

const root = document.getElementById('app');
const SECTIONS = ['requests', 'catalog', 'orders', 'approvals', 'logistics', 'deals'];
const VIEWS = {
  dashboard: dashboardView,
  admin: adminView,
  ...catalogViews({ session: () => session, pageHeader, emptyState, errorMessage }), // catalog (#/catalog/…), vendors
  ...requestViews({ session: () => session, pageHeader, emptyState, errorMessage }), // #/requests/…
  ...approvalViews({ session: () => session, pageHeader, emptyState, errorMessage }), // #/approvals/… (inbox, settings)
  ...orderViews({ session: () => session, pageHeader, emptyState, errorMessage }), // #/orders/… (list, order, purchasing profile)
  ...portalViews({ session: () => session, pageHeader, emptyState, errorMessage }), // #/portal/… (vendor users only)
  ...logisticsViews({ session: () => session, pageHeader, emptyState, errorMessage }), // #/logistics/… (pack, fleet, bookings, book)
};
// Nav entries whose address is not #/<name>; `imports` lives under #/catalog.
const PLACE_HREFS = { dashboard: '#/', imports: '#/catalog/imports' };
// A vendor's user sees the supplier portal and nothing else (the server refuses them everything else, the feed included).
const VENDOR_HOME = 'portal';

let session = null; // GET /me: {user, organization, roles, vendor (for a vendor's user)}
let loadingSession = null;
let cleanup = null; // teardown of the view on screen
let routeGeneration = 0;
let moveFocus = false; // after in-app navigation, focus the new page's heading
let booted = false; // the first page after loading keeps the browser's natural focus
let notice = ''; // one-off message for the login page

// ---------- routing ----------

const currentPath = () => location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];

async function route() {
  const generation = ++routeGeneration;
  cleanup?.();
  cleanup = null;
  const path = currentPath();

  if (!tokens.access) {
    if (path !== 'login' && path !== 'signup') return location.replace('#/login');
    return show(authPage(path));
  }
  if (path === 'login' || path === 'signup') return location.replace('#/');

  if (!session) {
    show(statusPage(t('app.loading')), { loading: true });
    try {
      loadingSession ??= api('GET', '/me').finally(() => { loadingSession = null; });
      session = await loadingSession;
    } catch (err) {
      if (generation === routeGeneration && tokens.access) show(statusPage(errorMessage(err), true));
      return; // without tokens, the token listener has already routed to the login page
    }
    if (generation !== routeGeneration) return;
    if (!isVendorUser(session)) openFeed();
  }
  if (isVendorUser(session) && path !== VENDOR_HOME) return location.replace(`#/${VENDOR_HOME}`);
  show(shellPage(path || 'dashboard'));
}

function show(page, { loading = false } = {}) {
  root.replaceChildren(page);
  if (loading) root.setAttribute('aria-busy', 'true');
  else root.removeAttribute('aria-busy');
  if (loading) return;
  if (moveFocus) (page.querySelector('h1') ?? page.querySelector('main'))?.focus();
  moveFocus = false;
  booted = true;
}

window.addEventListener('hashchange', () => { moveFocus = booted; route(); });

onTokens((reason) => {
  if (reason === 'refreshed') {
    if (session && !isVendorUser(session)) openFeed(); // the stream carries the token in its URL
  } else if (reason === 'signed-in') {
    session = null; // whatever was loaded before belongs to someone else
    loadingSession = null;
  } else if (reason === 'logout' || reason === 'expired' || reason === 'other-tab') {
    notice = reason === 'expired' ? t('login.expired') : '';
    session = null;
    loadingSession = null;
    resetFeed();
    route();
  }
});

// Re-render in the new language, keeping what was typed and where the focus was.
async function rerender() {
  const typed = [...root.querySelectorAll('input[id]')].map((input) => [input.id, input.value]);
  const focused = document.activeElement?.id;
  await route();
  for (const [id, value] of typed) {
    const input = document.getElementById(id);
    if (input) input.value = value;
  }
  if (focused) document.getElementById(focused)?.focus();
}

// ---------- shared pieces ----------

function errorMessage(err) {
  if (err?.status === 0) return t('error.network');
  return err?.problem?.detail || err?.problem?.title || t('error.generic');
}

function skipLink() {
  return h('a', {
    class: 'skip-link', href: '#main', 'data-testid': 'skip-link',
    onclick: (e) => { e.preventDefault(); document.getElementById('main')?.focus(); }, // keep the hash route
  }, t('app.skip'));
}

function brand() {
  return [h('img', { src: '/favicon.svg', alt: '', width: 28, height: 28 }), h('span', {}, t('app.name'))];
}

function languageSelect() {
  return h('div', { class: 'lang' },
    h('label', { for: 'lang-select', class: 'visually-hidden' }, t('lang.label')),
    h('select', { id: 'lang-select', 'data-testid': 'lang-select', onchange: (e) => setLanguage(e.target.value) },
      LANGUAGES.map((code) => h('option', { value: code, lang: code, selected: code === getLanguage() }, t(`lang.${code}`)))));
}

function roleBadges(roles = [], testid) {
  return h('ul', { class: 'roles', 'data-testid': testid, 'aria-label': t('header.roles') },
    roles.map((role) => h('li', { class: 'badge', 'data-role': role }, t(`role.${role}`) === `role.${role}` ? role : t(`role.${role}`))));
}

function statusPage(message, withRetry = false) {
  return h('main', { id: 'main', class: 'status-page', tabindex: '-1' },
    h('p', { role: withRetry ? 'alert' : 'status', 'data-testid': 'status-message' }, message),
    withRetry && h('button', { type: 'button', class: 'btn btn-primary', onclick: () => route() }, t('error.retry')));
}

function emptyState(title, body, ...extra) {
  return h('div', { class: 'empty-state', 'data-testid': 'empty-state' },
    h('div', { class: 'empty-icon', 'aria-hidden': 'true' }), h('h2', {}, title), h('p', {}, body), ...extra);
}

function pageHeader(title, subtitle) {
  document.title = `${title} · ${t('app.name')}`;
  return h('div', { class: 'page-header' },
    h('h1', { tabindex: '-1', 'data-testid': 'page-title' }, title),
    subtitle && h('p', { class: 'muted' }, subtitle));
}

// ---------- sign-up and login ----------

const FORMS = {
  login: {
    fields: [['email', 'email', 'email'], ['password', 'password', 'current-password']],
    submit: (values) => auth.login(values),
  },
  signup: {
    fields: [['organization', 'text', 'organization'], ['name', 'text', 'name'],
      ['email', 'email', 'email'], ['password', 'password', 'new-password']],
    submit: (values) => auth.signup(values),
  },
};

function authPage(kind) {
  document.title = `${t(`${kind}.title`)} · ${t('app.name')}`;
  const other = kind === 'login' ? 'signup' : 'login';
  const prompt = kind === 'login' ? ['login.no_account', 'login.to_signup'] : ['signup.have_account', 'signup.to_login'];
  return h('div', { class: 'auth' },
    skipLink(),
    h('header', { class: 'auth-top' }, h('span', { class: 'brand' }, brand()), languageSelect()),
    h('main', { id: 'main', class: 'auth-main', tabindex: '-1' },
      h('section', { class: 'card auth-card', 'aria-labelledby': 'auth-title' },
        h('h1', { id: 'auth-title', tabindex: '-1' }, t(`${kind}.title`)),
        h('p', { class: 'muted' }, t(`${kind}.subtitle`)),
        authForm(kind),
        h('p', { class: 'auth-switch' }, t(prompt[0]), ' ',
          h('a', { href: `#/${other}`, 'data-testid': `goto-${other}` }, t(prompt[1]))))),
    h('footer', { class: 'auth-foot muted' }, t('app.tagline')));
}

function authForm(kind) {
  const { fields, submit } = FORMS[kind];
  const summary = h('div', { class: 'form-error', role: 'alert', 'aria-live': 'assertive', 'data-testid': 'form-error' });
  const info = h('p', { class: 'form-info', role: 'status', 'data-testid': 'form-info' }, notice);
  notice = '';
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': `${kind}-submit` }, t(`${kind}.submit`));
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': `${kind}-form` },
    info, summary,
    fields.map(([name, type, autocomplete]) => {
      const id = `${kind}-${name}`;
      return h('div', { class: 'field' },
        h('label', { for: id }, t(`field.${name}`)),
        h('input', { id, name, type, autocomplete, required: true, 'aria-describedby': `${id}-error`, 'data-testid': id }),
        h('p', { id: `${id}-error`, class: 'field-error', 'data-testid': `${id}-error` }));
    }),
    button);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(fields.map(([name]) => {
      const raw = form.elements[name].value;
      return [name, name === 'password' ? raw : raw.trim()];
    }));
    const problems = fields.map(([name]) => name).flatMap((field) => {
      if (!values[field]) return [{ field, message: t('form.required') }];
      if (field === 'email' && !/^[^\s@]+@[^\s@]+$/.test(values.email)) return [{ field, message: t('form.invalid_email') }];
      return [];
    });
    showErrors(form, summary, problems.length ? t('form.check_fields') : '', problems);
    if (problems.length) return;

    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    button.textContent = t('form.working');
    try {
      await submit(values);
      moveFocus = true;
      location.hash = '#/';
    } catch (err) {
      showErrors(form, summary, errorMessage(err), err.fieldErrors ?? []);
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
      button.textContent = t(`${kind}.submit`);
    }
  });
  return form;
}

function showErrors(form, summary, message, fieldErrors) {
  summary.textContent = message;
  for (const input of form.querySelectorAll('input')) {
    const error = fieldErrors.find((e) => e.field === input.name);
    if (error) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    document.getElementById(`${input.id}-error`).textContent = error?.message ?? '';
  }
  if (fieldErrors.length) form.querySelector('[aria-invalid]')?.focus();
}

// ---------- application frame ----------

function shellPage(path) {
  const isAdmin = session.roles?.includes('admin');
  const shell = h('div', { class: 'shell', 'data-testid': 'app-shell' });
  const toggle = h('button', {
    type: 'button', class: 'nav-toggle btn btn-ghost', 'aria-expanded': 'false', 'aria-controls': 'primary-nav',
    'data-testid': 'nav-toggle', onclick: () => setNav(!shell.classList.contains('nav-open')),
  }, h('span', { class: 'burger', 'aria-hidden': 'true' }), h('span', { class: 'label' }, t('nav.menu')));
  function setNav(open) {
    shell.classList.toggle('nav-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  }
  shell.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && shell.classList.contains('nav-open')) { setNav(false); toggle.focus(); }
  });
  shell.addEventListener('click', (e) => { // a click beside the open drawer closes it
    if (shell.classList.contains('nav-open') && !nav.contains(e.target) && !toggle.contains(e.target)) setNav(false);
  });

  const vendorUser = isVendorUser(session);
  const managesCatalog = session.roles?.some((role) => CATALOG_MANAGERS.includes(role));
  const places = vendorUser ? [VENDOR_HOME] : ['dashboard',
    ...SECTIONS.flatMap((section) => (section === 'catalog' && managesCatalog ? [section, 'vendors', 'imports'] : [section])),
    ...(isAdmin ? ['admin'] : [])];
  const here = path === 'catalog' && /^#\/?catalog\/imports(?:[/?]|$)/.test(location.hash) ? 'imports' : path;
  const nav = h('nav', { id: 'primary-nav', class: 'nav', 'aria-label': t('nav.label') },
    h('ul', {}, places.map((place) => h('li', {},
      h('a', {
        href: PLACE_HREFS[place] ?? `#/${place}`, 'data-testid': `nav-${place}`,
        'aria-current': place === here ? 'page' : null, onclick: () => setNav(false),
      }, t(`nav.${place}`))))));

  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  const view = VIEWS[path] ?? (SECTIONS.includes(path) ? comingSoonView : notFoundView);
  cleanup = view(main, path) ?? null;

  shell.append(
    skipLink(),
    h('header', { class: 'topbar' },
      toggle,
      h('a', { class: 'brand', href: vendorUser ? `#/${VENDOR_HOME}` : '#/', 'data-testid': 'brand' }, brand()),
      h('div', { class: 'org' },
        h('span', { class: 'org-name', 'data-testid': 'org-name', title: vendorUser ? t('portal.org_title', { organization: session.organization?.name ?? '' }) : null },
          vendorUser ? t('portal.org', { vendor: session.vendor?.name ?? '', organization: session.organization?.name ?? '' }) : session.organization?.name ?? ''),
        roleBadges(session.roles, 'user-roles')),
      h('div', { class: 'topbar-actions' },
        languageSelect(),
        h('span', { class: 'user-name', 'data-testid': 'user-name', title: session.user?.email ?? '' }, session.user?.name ?? ''),
        h('button', { type: 'button', class: 'btn', 'data-testid': 'logout-button', onclick: () => auth.logout() }, t('header.logout')))),
    h('div', { class: 'frame' }, nav, main));
  return shell;
}

function dashboardView(main) {
  const { user = {}, organization = {}, roles = [] } = session;
  const list = h('ol', { class: 'feed', 'data-testid': 'event-feed', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': 'feed-title' });
  const empty = h('p', { class: 'empty-note', 'data-testid': 'feed-empty' }, t('feed.empty'));
  const status = h('span', { class: 'live-status', role: 'status', 'data-testid': 'feed-status' });
  const shown = new Set();

  function update() {
    status.dataset.state = feed.state;
    status.textContent = t(`feed.status.${feed.state}`);
    const fresh = [];
    for (const event of feed.events) {
      if (shown.has(event.key)) break;
      fresh.push(event);
    }
    for (const event of fresh.reverse()) { shown.add(event.key); list.prepend(eventItem(event)); }
    while (list.children.length > MAX_EVENTS) { shown.delete(list.lastElementChild.dataset.key); list.lastElementChild.remove(); }
    if (!feed.events.length) { list.replaceChildren(); shown.clear(); }
    empty.hidden = feed.events.length > 0;
  }
  update();

  const fact = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)];
  main.append(
    pageHeader(t('dashboard.title', { name: user.name ?? '' }), t('dashboard.subtitle', { organization: organization.name ?? '' })),
    h('div', { class: 'dashboard' },
      h('section', { class: 'panel', 'aria-labelledby': 'feed-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'feed-title' }, t('feed.title')), status),
        list, empty),
      h('section', { class: 'panel', 'aria-labelledby': 'account-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'account-title' }, t('account.title'))),
        h('dl', { class: 'facts' },
          fact(t('account.organization'), organization.name ?? ''),
          fact(t('account.slug'), h('code', {}, organization.slug ?? '')),
          fact(t('account.email'), user.email ?? ''),
          fact(t('account.roles'), roleBadges(roles, 'account-roles')),
          user.created_at && fact(t('account.member_since'), formatDate(user.created_at, { dateStyle: 'long' }))))));
  return onFeed(update);
}

function eventItem(event) {
  const when = new Date(event.created_at);
  const today = !Number.isNaN(when.getTime()) && when.toDateString() === new Date().toDateString();
  const tone = /fail|error|reject|cancel/.test(event.type) ? 'bad' : /creat|complet|approv|succe/.test(event.type) ? 'good' : 'neutral';
  return h('li', { class: 'event', 'data-testid': 'event-item', 'data-event-type': event.type, 'data-key': event.key },
    h('time', { datetime: event.created_at ?? '', title: formatDate(event.created_at, { dateStyle: 'full', timeStyle: 'medium' }) },
      formatDate(event.created_at, today ? { timeStyle: 'medium' } : { dateStyle: 'short', timeStyle: 'short' })),
    h('span', { class: 'event-type', 'data-tone': tone, 'data-testid': 'event-type' }, event.type),
    h('span', { class: 'event-subject', 'data-testid': 'event-subject' }, event.subject));
}

function comingSoonView(main, section) {
  main.append(pageHeader(t(`nav.${section}`)),
    h('section', { class: 'panel', 'data-testid': `section-${section}` },
      emptyState(t('section.coming_soon'), t(`section.${section}.description`))));
}

function notFoundView(main) {
  main.append(pageHeader(t('notfound.title')),
    h('section', { class: 'panel' },
      emptyState(t('notfound.title'), t('notfound.body'), h('a', { class: 'btn btn-primary', href: '#/' }, t('notfound.home')))));
}

function adminView(main) {
  if (!session.roles?.includes('admin')) {
    main.append(pageHeader(t('admin.title')),
      h('section', { class: 'panel' }, emptyState(t('admin.forbidden.title'), t('admin.forbidden.body'))));
    return;
  }
  const body = h('tbody');
  const status = h('p', { class: 'table-status muted', role: 'status', 'data-testid': 'users-status' }, t('admin.loading'));
  const more = h('button', { type: 'button', class: 'btn', hidden: true, 'data-testid': 'users-more' }, t('admin.load_more'));
  const column = (key) => h('th', { scope: 'col' }, t(`admin.col.${key}`));
  let cursor = null;
  let alive = true;

  async function load() {
    more.disabled = true;
    try {
      const page = await api('GET', `/users${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (!alive) return;
      body.append(...(page?.items ?? []).map((user) => h('tr', { 'data-testid': 'user-row' },
        h('th', { scope: 'row' }, user.name),
        h('td', {}, user.email),
        h('td', {}, roleBadges(user.roles)),
        h('td', {}, h('time', { datetime: user.created_at }, formatDate(user.created_at, { dateStyle: 'medium' }))))));
      cursor = page?.next_cursor ?? null;
      more.hidden = !cursor;
      status.textContent = body.children.length ? '' : t('admin.empty');
    } catch (err) {
      if (alive) status.textContent = errorMessage(err);
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);

  main.append(pageHeader(t('admin.title')),
    ...(managesApprovals() ? [h('section', { class: 'panel', 'aria-labelledby': 'admin-approvals-title', 'data-testid': 'admin-approvals' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'admin-approvals-title' }, t('approvals.settings.title'))),
      h('p', { class: 'panel-body' }, t('admin.approvals_body')),
      h('ul', { class: 'row-links panel-body' }, ['cost-centres', 'budgets', 'rules', 'policy', 'limits', 'delegations'].map((name) => h('li', {},
        h('a', { href: `#/approvals/settings/${name}`, 'data-testid': `admin-settings-${name}` }, t(`approvals.settings.${name}`))))))] : []),
    h('section', { class: 'panel', 'aria-labelledby': 'admin-purchasing-title', 'data-testid': 'admin-purchasing' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'admin-purchasing-title' }, t('orders.profile.title'))),
      h('p', { class: 'panel-body' }, t('admin.purchasing_body')),
      h('ul', { class: 'row-links panel-body' }, h('li', {},
        h('a', { href: '#/orders/settings', 'data-testid': 'admin-purchasing-profile' }, t('orders.profile.edit'))))),
    h('section', { class: 'panel', 'aria-labelledby': 'users-title' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'users-title' }, t('admin.users'))),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'table', 'data-testid': 'users-table' },
          h('caption', { class: 'visually-hidden' }, t('admin.users_caption', { organization: session.organization?.name ?? '' })),
          h('thead', {}, h('tr', {}, ['name', 'email', 'roles', 'created'].map(column))),
          body)),
      status,
      h('div', { class: 'table-foot' }, more)));
  load();
  return () => { alive = false; };
}

// ---------- start ----------

async function start() {
  try {
    await setLanguage(detectLanguage(), { remember: false });
  } catch (err) {
    root.removeAttribute('aria-busy');
    root.replaceChildren(h('main', { id: 'main', class: 'status-page' },
      h('p', { role: 'alert' }, `Quartermaster could not start: ${err.message}`)));
    return;
  }
  onLanguageChange(rerender);
  route();
}

start();
