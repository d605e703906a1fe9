// Catalog pages: product search with facets, product detail (offers, price history), the product form
// (one product and its offer at one vendor), vendors, and catalog imports with their validation reports.
import { h, hashSegments } from './dom.js';
import { t, formatDate, formatMoney, intlLocale } from './i18n.js';
import { api, tokens, refreshTokens, ApiError } from './api.js';

/** Roles that manage vendors, products and imports; every member of the organisation may search. */
export const CATALOG_MANAGERS = ['admin', 'buyer'];
export const UNITS = ['EA', 'RM', 'BX', 'PK', 'CS', 'CT', 'DZN', 'PR', 'SET', 'RO', 'BG'];
const SORTS = ['relevance', 'price_asc', 'price_desc', 'title'];
const FACETS = ['category', 'brand', 'vendor'];
const PAGE_SIZE = 20;
const POLL_MS = 500;
const FINISHED = new Set(['succeeded', 'failed']);
const IMPORT_TYPES = { jsonl: 'application/x-ndjson', ndjson: 'application/x-ndjson', csv: 'text/csv' };
const DASH = '—';

// From app.js: {session(), pageHeader(title, subtitle), emptyState(title, body, ...extra), errorMessage(err)}.
let ui = null;

/** The views app.js routes to: `#/catalog…` (search, products, the form, imports) and `#/vendors`. */
export function catalogViews(shell) {
  ui = shell;
  return { catalog: catalogView, vendors: vendorsView };
}

const enc = encodeURIComponent;
const canManage = () => Boolean(ui.session()?.roles?.some((role) => CATALOG_MANAGERS.includes(role)));
const productHref = (id) => `#/catalog/products/${enc(id)}`;

function hashRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const cut = raw.indexOf('?');
  return { segments: hashSegments(), params: new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1)) };
}

function catalogView(main) {
  const { segments, params } = hashRoute();
  const [, page, id, action, ...rest] = segments;
  if (rest.length) return notFound(main);
  if (!page) return searchPage(main, params);
  if (page === 'new' && !id) return managersOnly(main, t('product_form.new_title'), () => productFormPage(main, null, params));
  if (page === 'imports' && !id) return managersOnly(main, t('imports.title'), () => importsPage(main, params));
  if (page === 'products' && id && !action) return productPage(main, id);
  if (page === 'products' && id && action === 'edit') {
    return managersOnly(main, t('product_form.edit_title'), () => productFormPage(main, id, params));
  }
  return notFound(main);
}

function vendorsView(main) {
  return managersOnly(main, t('vendors.title'), () => vendorsPage(main));
}

function managersOnly(main, title, render) {
  if (canManage()) return render();
  main.append(ui.pageHeader(title),
    h('section', { class: 'panel', 'data-testid': 'catalog-forbidden' },
      ui.emptyState(t('catalog.forbidden.title'), t('catalog.forbidden.body'),
        h('a', { class: 'btn btn-primary', href: '#/catalog' }, t('catalog.back_to_search')))));
  return undefined;
}

function notFound(main) {
  main.append(ui.pageHeader(t('notfound.title')),
    h('section', { class: 'panel' },
      ui.emptyState(t('notfound.title'), t('notfound.body'),
        h('a', { class: 'btn btn-primary', href: '#/catalog' }, t('catalog.back_to_search')))));
}

// ---------- formatting ----------

function number(value) {
  if (value == null || value === '') return DASH;
  const n = Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(intlLocale()).format(n) : String(value);
}

function money(amount, currency) {
  return amount == null || amount === '' ? DASH : formatMoney(String(amount), currency || '');
}

/** t() with the plural form Intl chooses for `count`: keys `key.one`, `key.other` (and `key.many` …). */
function plural(key, count, params = {}) {
  const form = new Intl.PluralRules(intlLocale()).select(Number(count) || 0);
  const values = { count: number(count), ...params };
  const text = t(`${key}.${form}`, values);
  return text === `${key}.${form}` ? t(`${key}.other`, values) : text;
}

/** A message whose {placeholders} are DOM nodes (a button inside a sentence). */
function sentence(key, nodes) {
  return t(key).split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return name && name in nodes ? nodes[name] : part;
  });
}

const vendorName = (offer, vendorsById) => {
  const vendor = offer?.vendor;
  if (vendor && typeof vendor === 'object') return vendor.name ?? vendor.id ?? '';
  return vendor || vendorsById?.get(offer?.vendor_id)?.name || offer?.vendor_id || '';
};
const categoryText = (category) => (Array.isArray(category) ? category.join(' › ') : String(category ?? ''));
const stockText = (stock) => (stock == null ? t('offer.stock_unknown') : Number(stock) <= 0 ? t('offer.out_of_stock') : number(stock));
const leadText = (days) => (days == null ? DASH : plural('offer.days', days));

function unitText(offer) {
  const unit = offer?.unit || 'EA';
  const pack = Number(offer?.pack_size ?? 1);
  return pack > 1 ? t('offer.pack', { unit, count: number(pack) }) : unit;
}

function breaksText(offer) {
  const breaks = offer?.price_breaks ?? [];
  if (!breaks.length) return DASH;
  return breaks.map((b) => t('offer.break', { qty: number(b.min_qty), price: money(b.price, offer.currency) })).join(' · ');
}

function specText(value) {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value ?? '');
}

function statusLabel(status) {
  const label = t(`imports.status.${status}`);
  return label === `imports.status.${status}` ? String(status ?? '') : label;
}

function statusBadge(status) {
  return h('span', { class: 'status-badge', 'data-status': status ?? '' }, statusLabel(status));
}

function table(testid, caption, columns, rows, { compact = false } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: compact ? 'table table-compact' : 'table', 'data-testid': testid },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((column) => h('th', { scope: 'col' }, column)))),
      h('tbody', {}, rows)));
}

function addActions(header, ...actions) {
  header.classList.add('has-actions');
  header.append(h('div', { class: 'page-actions' }, ...actions));
}

/** Every vendor of the organisation, following `next_cursor` if the list is paginated. */
async function listVendors() {
  const items = [];
  let cursor = null;
  for (let page = 0; page < 50; page += 1) {
    const result = await api('GET', `/vendors${cursor ? `?cursor=${enc(cursor)}` : ''}`);
    items.push(...(result?.items ?? []));
    cursor = result?.next_cursor ?? null;
    if (!cursor) break;
  }
  return items;
}

function vendorOptions(vendors, selected) {
  return [h('option', { value: '' }, t('catalog.choose_vendor')),
    ...vendors.map((vendor) => h('option', { value: vendor.id, selected: vendor.id === selected }, vendor.name))];
}

// ---------- forms: values, fields, errors ----------

/** '' → undefined (left out); a decimal ("12.5", or "12,5" as typed in French) → a JSON number; anything else
 *  is sent as typed so the server can say what is wrong with it. */
function decimalValue(text) {
  const value = String(text ?? '').trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!value) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

function integerValue(text) {
  const value = String(text ?? '').trim();
  if (!value) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Spec values: numbers and true/false become JSON numbers and booleans; `[…]` a JSON array; the rest text. */
function specValue(text) {
  const value = String(text ?? '').trim();
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) && Number.isFinite(Number(value))) return Number(value);
  if (/^\[[\s\S]*\]$/.test(value)) {
    try {
      const list = JSON.parse(value);
      if (Array.isArray(list)) return list;
    } catch { /* text */ }
  }
  return value;
}

function specInput(value) {
  if (Array.isArray(value) || (value && typeof value === 'object')) return JSON.stringify(value);
  return String(value ?? '');
}

const textInput = (attrs = {}) => h('input', { type: 'text', autocomplete: 'off', ...attrs });
const decimalInput = (attrs = {}) => textInput({ inputmode: 'decimal', ...attrs });
const integerInput = (attrs = {}) => textInput({ inputmode: 'numeric', ...attrs });

/** A labelled control with its hint and error line; testids `<prefix>-field-<key>` and `<prefix>-error-<key>`. */
function formField(prefix, key, control, { label, hint, required = false, wide = false } = {}) {
  const id = `${prefix}-${key}`;
  control.id = id;
  if (!control.name) control.name = key;
  control.dataset.testid = `${prefix}-field-${key}`;
  if (required) control.required = true;
  const hintLine = hint ? h('p', { id: `${id}-hint`, class: 'field-hint' }, hint) : null;
  const error = h('p', { id: `${id}-error`, class: 'field-error', 'data-testid': `${prefix}-error-${key}` });
  control.setAttribute('aria-describedby', [hintLine?.id, error.id].filter(Boolean).join(' '));
  const wrap = h('div', { class: wide ? 'field field-wide' : 'field', 'data-field': key },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control, hintLine, error);
  return { wrap, control, error };
}

/**
 * Shows a problem's field errors next to their fields. `locate(field)` answers {error, inputs, note?, testid?}
 * or null; errors nobody claims are listed in the summary under the message.
 */
function showProblems(form, summary, message, errors, locate) {
  for (const line of form.querySelectorAll('.field-error')) {
    line.textContent = '';
    if (line.dataset.baseTestid) line.dataset.testid = line.dataset.baseTestid;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  const leftover = [];
  for (const problem of errors) {
    const spot = locate(String(problem?.field ?? '').replace(/^record\./, ''));
    const text = String(problem?.message ?? '');
    if (!spot) { leftover.push(problem); continue; }
    const line = spot.note ? `${spot.note}: ${text}` : text;
    spot.error.textContent = spot.error.textContent ? `${spot.error.textContent}; ${line}` : line;
    if (spot.testid) spot.error.dataset.testid = spot.testid;
    for (const input of spot.inputs) input.setAttribute('aria-invalid', 'true');
  }
  summary.replaceChildren(...[
    message ? h('p', {}, message) : null,
    leftover.length ? h('ul', {}, leftover.map((p) => h('li', {}, p?.field ? `${p.field}: ${p.message}` : String(p?.message ?? '')))) : null,
  ].filter(Boolean));
  (form.querySelector('[aria-invalid="true"]') ?? (summary.childNodes.length ? summary : null))?.focus();
}

function setBusy(form, button, busy, idleText) {
  button.disabled = busy;
  button.textContent = busy ? t('form.working') : idleText;
  if (busy) form.setAttribute('aria-busy', 'true');
  else form.removeAttribute('aria-busy');
}

// ---------- search ----------

function readSearch(params) {
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    brand: params.get('brand') ?? '',
    vendor: params.get('vendor') ?? '',
    min_price: params.get('min_price') ?? '',
    max_price: params.get('max_price') ?? '',
    in_stock: params.get('in_stock') === 'true',
    sort: SORTS.includes(sort) ? sort : 'relevance',
    offset: Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0),
    specs: [...params].filter(([key]) => key.startsWith('spec.')),
  };
}

/** The query string of a search: for the API (every parameter) or for the address bar (only what is set). */
function searchQuery(state, forApi) {
  const params = new URLSearchParams();
  if (state.q || forApi) params.set('q', state.q);
  for (const key of ['category', 'brand', 'vendor', 'min_price', 'max_price']) if (state[key]) params.set(key, state[key]);
  if (state.in_stock) params.set('in_stock', 'true');
  if (forApi || state.sort !== 'relevance') params.set('sort', state.sort);
  for (const [key, value] of state.specs) params.append(key, value);
  if (forApi) params.set('limit', String(PAGE_SIZE));
  if (forApi || state.offset) params.set('offset', String(state.offset));
  return params.toString().replace(/\+/g, '%20'); // a literal + is already %2B
}

function correctedQuery(query, corrections) {
  let fixed = query;
  for (const [typo, fix] of corrections) {
    const escaped = typo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    fixed = fixed.replace(new RegExp(`(^|[\\s"'(])${escaped}(?=$|[\\s"'),.;:!?])`, 'giu'), (_, before) => `${before}${fix}`);
  }
  return fixed !== query ? fixed : corrections.map(([, fix]) => fix).join(' ');
}

function searchPage(main, params) {
  let state = readSearch(params);
  let alive = true;
  let generation = 0;
  const labels = new Map(); // facet value → label (vendors are filtered by id, shown by name)

  const header = ui.pageHeader(t('catalog.title'), t('catalog.subtitle'));
  if (canManage()) {
    addActions(header, h('a', { class: 'btn btn-primary', href: '#/catalog/new', 'data-testid': 'catalog-new' }, t('catalog.add_product')));
  }

  const q = h('input', {
    id: 'search-q', name: 'q', type: 'search', value: state.q, autocomplete: 'off', enterkeyhint: 'search',
    placeholder: t('search.placeholder'), 'data-testid': 'search-input',
  });
  const minPrice = decimalInput({ id: 'search-min-price', name: 'min_price', value: state.min_price, 'data-testid': 'search-min-price' });
  const maxPrice = decimalInput({ id: 'search-max-price', name: 'max_price', value: state.max_price, 'data-testid': 'search-max-price' });
  const inStock = h('input', { id: 'search-in-stock', name: 'in_stock', type: 'checkbox', checked: state.in_stock, 'data-testid': 'search-in-stock' });
  const sort = h('select', { id: 'search-sort', name: 'sort', 'data-testid': 'search-sort' },
    SORTS.map((value) => h('option', { value, selected: value === state.sort }, t(`search.sort.${value}`))));
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': t('search.label'), 'data-testid': 'search-form' },
    h('div', { class: 'search-bar' },
      h('label', { for: 'search-q', class: 'visually-hidden' }, t('search.label')),
      q,
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'search-submit' }, t('search.submit'))),
    h('div', { class: 'search-filters' },
      h('div', { class: 'field field-inline' }, h('label', { for: 'search-min-price' }, t('search.min_price')), minPrice),
      h('div', { class: 'field field-inline' }, h('label', { for: 'search-max-price' }, t('search.max_price')), maxPrice),
      h('div', { class: 'check' }, inStock, h('label', { for: 'search-in-stock' }, t('search.in_stock'))),
      h('div', { class: 'field field-inline' }, h('label', { for: 'search-sort' }, t('search.sort')), sort)));

  const total = h('p', { class: 'search-total', role: 'status', 'data-testid': 'search-total' });
  const corrections = h('p', { class: 'search-corrections', hidden: true, 'data-testid': 'search-corrections' });
  const notes = h('p', { class: 'search-notes muted', hidden: true, 'data-testid': 'search-notes' });
  const chips = h('ul', { class: 'chips', 'aria-label': t('search.active_filters'), 'data-testid': 'search-filters' });
  const facets = h('aside', { class: 'facets', 'aria-label': t('search.facets'), 'data-testid': 'search-facets' });
  const results = h('div', { class: 'results', 'data-testid': 'search-results' });
  const resultsTitle = h('h2', { id: 'results-title', class: 'visually-hidden', tabindex: '-1' }, t('search.results'));
  const prev = h('button', { type: 'button', class: 'btn', 'data-testid': 'search-prev' }, t('search.prev'));
  const next = h('button', { type: 'button', class: 'btn', 'data-testid': 'search-next' }, t('search.next'));
  const pageInfo = h('span', { class: 'muted', 'data-testid': 'search-page' });
  const pager = h('nav', { class: 'pager', 'aria-label': t('search.pagination'), hidden: true }, prev, pageInfo, next);

  function go(nextState, { focusResults = false } = {}) {
    state = nextState;
    const query = searchQuery(state, false);
    const hash = `#/catalog${query ? `?${query}` : ''}`;
    // pushState does not fire hashchange: the page stays, only the results change; Back re-routes.
    if (location.hash !== hash) history.pushState(null, '', hash);
    run(focusResults);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({
      ...state, q: q.value.trim(), min_price: minPrice.value.trim(), max_price: maxPrice.value.trim(),
      in_stock: inStock.checked, sort: sort.value, offset: 0,
    });
  });
  sort.addEventListener('change', () => form.requestSubmit());
  inStock.addEventListener('change', () => form.requestSubmit());
  prev.addEventListener('click', () => go({ ...state, offset: Math.max(0, state.offset - PAGE_SIZE) }, { focusResults: true }));
  next.addEventListener('click', () => go({ ...state, offset: state.offset + PAGE_SIZE }, { focusResults: true }));

  function toggle(kind, value) {
    go({ ...state, [kind]: state[kind] === value ? '' : value, offset: 0 });
  }

  function facetGroup(kind, items) {
    const list = [...items];
    const active = state[kind];
    if (active && !list.some((item) => String(item.value) === active)) list.unshift({ value: active, label: labels.get(`${kind}:${active}`), count: null });
    const titleId = `facet-${kind}-title`;
    return h('section', { class: 'facet', 'aria-labelledby': titleId, 'data-testid': `facet-${kind}` },
      h('h3', { id: titleId }, t(`search.facet.${kind}`)),
      list.length
        ? h('ul', {}, list.map((item) => {
          const value = String(item.value ?? '');
          const label = String(item.label ?? (kind === 'category' ? categoryText(item.value) : value));
          return h('li', {}, h('button', {
            type: 'button', class: 'facet-option', 'data-value': value, 'aria-pressed': String(value === active),
            onclick: () => toggle(kind, value),
          }, h('span', { class: 'facet-label' }, label), item.count == null ? null : h('span', { class: 'facet-count' }, number(item.count))));
        }))
        : h('p', { class: 'muted facet-empty' }, DASH));
  }

  function chip(param, label, value, drop) {
    const text = t('search.filter', { label, value });
    return h('li', {}, h('button', {
      type: 'button', class: 'chip', 'data-testid': 'filter-remove', 'data-param': param,
      'aria-label': t('search.remove_filter', { filter: text }), onclick: drop,
    }, text, h('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×')));
  }

  function renderChips() {
    chips.replaceChildren(
      ...FACETS.filter((kind) => state[kind]).map((kind) => chip(kind, t(`search.facet.${kind}`),
        labels.get(`${kind}:${state[kind]}`) ?? state[kind], () => toggle(kind, state[kind]))),
      ...state.specs.map(([key, value], index) => chip(key, key.slice(5), value,
        () => go({ ...state, specs: state.specs.filter((_, i) => i !== index), offset: 0 }))));
    chips.hidden = !chips.children.length;
  }

  function resultCard(result, index) {
    const id = String(result?.product_id ?? '');
    const titleId = `result-${index}`;
    const best = result?.best_offer ?? null;
    const offers = result?.offers?.length ? result.offers : best ? [best] : [];
    const isBest = (offer) => best && (offer.id != null ? offer.id === best.id : offer === best);
    return h('article', { class: 'result', 'aria-labelledby': titleId, 'data-testid': 'search-result', 'data-product-id': id },
      h('div', { class: 'result-head' },
        h('div', { class: 'result-name' },
          h('h3', { id: titleId }, h('a', { href: productHref(id), 'data-testid': 'search-result-link' }, result?.title || id)),
          h('p', { class: 'result-meta' },
            result?.brand ? h('span', { class: 'result-brand', 'data-testid': 'search-result-brand' }, result.brand) : null,
            result?.category?.length ? h('span', { class: 'muted' }, categoryText(result.category)) : null)),
        best ? h('p', { class: 'result-best' },
          h('span', { class: 'muted' }, t('search.best_price')),
          h('strong', { 'data-testid': 'search-result-price' }, money(best.unit_price, best.currency)),
          h('span', { class: 'muted' }, `${unitText(best)} · ${vendorName(best)}`)) : null),
      offers.length ? table('search-result-offers', t('search.offers_caption', { title: result?.title ?? '' }),
        ['vendor', 'sku', 'price', 'unit', 'stock', 'lead_time'].map((key) => t(`offer.col.${key}`)),
        offers.map((offer) => h('tr', { class: isBest(offer) ? 'is-best' : null, 'data-testid': 'search-offer', 'data-vendor-id': offer.vendor_id ?? '' },
          h('th', { scope: 'row' }, vendorName(offer), isBest(offer) ? h('span', { class: 'badge badge-good' }, t('search.best')) : null),
          h('td', {}, h('code', {}, offer.sku ?? '')),
          h('td', { class: 'num' }, money(offer.unit_price, offer.currency)),
          h('td', {}, unitText(offer)),
          h('td', { class: 'num' }, stockText(offer.stock)),
          h('td', {}, leadText(offer.lead_time_days)))), { compact: true }) : null);
  }

  function render(data) {
    const count = Number(data?.total ?? 0);
    for (const kind of FACETS) {
      for (const item of data?.facets?.[kind] ?? []) if (item.label) labels.set(`${kind}:${item.value}`, item.label);
    }
    total.dataset.total = String(count);
    total.textContent = plural('search.total', count) + (data?.took_ms != null ? ` · ${t('search.took', { ms: number(data.took_ms) })}` : '');

    const fixes = Object.entries(data?.corrections ?? {}).filter(([typo, fix]) => typo && fix);
    corrections.hidden = !fixes.length;
    corrections.replaceChildren();
    if (fixes.length) {
      const fixed = correctedQuery(state.q, fixes);
      corrections.append(...sentence('search.did_you_mean', {
        query: h('button', {
          type: 'button', class: 'link-button', 'data-testid': 'search-correction', 'data-value': fixed,
          onclick: () => { q.value = fixed; go({ ...state, q: fixed, offset: 0 }); },
        }, fixed),
      }));
    }

    const ignored = (data?.ignored ?? []).filter(Boolean);
    notes.replaceChildren(...[
      data?.relaxed ? h('span', { 'data-testid': 'search-relaxed' }, t('search.relaxed')) : null,
      ignored.length ? h('span', { 'data-testid': 'search-ignored' }, t('search.ignored', { pieces: ignored.join(' ') })) : null,
    ].filter(Boolean));
    notes.hidden = !notes.childNodes.length;

    facets.replaceChildren(h('h2', { class: 'visually-hidden' }, t('search.facets')),
      ...FACETS.map((kind) => facetGroup(kind, data?.facets?.[kind] ?? [])));
    renderChips();

    const list = data?.results ?? [];
    results.replaceChildren(...(list.length
      ? list.map(resultCard)
      : [h('div', { class: 'panel' }, state.q
        ? ui.emptyState(t('search.empty.title'), t('search.empty.body'))
        : ui.emptyState(t('search.start.title'), t('search.start.body')))]));

    const first = count ? state.offset + 1 : 0;
    const last = Math.min(count, state.offset + list.length);
    pager.hidden = count <= PAGE_SIZE && state.offset === 0;
    prev.disabled = state.offset === 0;
    next.disabled = state.offset + PAGE_SIZE >= count;
    pageInfo.textContent = t('search.range', { first: number(first), last: number(last), total: number(count) });
  }

  async function run(focusResults = false) {
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    try {
      const data = await api('GET', `/search?${searchQuery(state, true)}`);
      if (!alive || mine !== generation) return;
      render(data);
      if (focusResults) resultsTitle.focus();
    } catch (err) {
      if (!alive || mine !== generation) return;
      total.textContent = '';
      delete total.dataset.total;
      results.replaceChildren(h('p', { class: 'form-error', role: 'alert', 'data-testid': 'search-error' }, ui.errorMessage(err)));
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  }

  main.append(header, form,
    h('div', { class: 'catalog-search' },
      facets,
      h('section', { class: 'results-col', 'aria-labelledby': 'results-title' },
        resultsTitle, h('div', { class: 'results-head' }, total), corrections, notes, chips, results, pager)));
  renderChips();
  run();
  return () => { alive = false; };
}

// ---------- product detail ----------

function productPage(main, id) {
  let alive = true;
  const header = ui.pageHeader(t('product.title'));
  const title = header.querySelector('h1');
  const status = h('p', { class: 'page-status muted', role: 'status', 'data-testid': 'product-status' }, t('product.loading'));
  const body = h('div', { class: 'product', 'data-testid': 'product-page' });
  main.append(h('p', { class: 'crumbs' }, h('a', { href: '#/catalog', 'data-testid': 'back-to-search' }, t('catalog.back_to_search'))),
    header, status, body);

  (async () => {
    try {
      const [product, history] = await Promise.all([
        api('GET', `/products/${enc(id)}`),
        api('GET', `/products/${enc(id)}/price-history`).catch((err) => ({ failed: err })),
      ]);
      if (!alive) return;
      title.textContent = product?.title || id;
      document.title = `${title.textContent} · ${t('app.name')}`;
      status.textContent = '';
      if (canManage()) {
        const first = (product?.variants ?? []).flatMap((variant) => variant.offers ?? [])[0];
        const href = `${productHref(id)}/edit${first?.vendor_id ? `?vendor=${enc(first.vendor_id)}` : ''}`;
        addActions(header, h('a', { class: 'btn btn-primary', href, 'data-testid': 'product-edit' }, t('product.edit')));
      }
      body.append(...productSections(product, history));
    } catch (err) {
      if (!alive) return;
      status.setAttribute('role', 'alert');
      status.classList.add('form-error');
      status.textContent = ui.errorMessage(err);
    }
  })();
  return () => { alive = false; };
}

function productSections(product, priceHistory) {
  const fact = (label, testid, ...value) => [h('dt', {}, label), h('dd', { 'data-testid': testid }, ...value)];
  const specs = Object.entries(product?.specs ?? {});
  const options = product?.options ?? [];
  const variants = product?.variants ?? [];
  const manyVariants = variants.length > 1 || options.length > 0;
  const productId = product?.id ?? '';

  const about = h('section', { class: 'panel', 'aria-labelledby': 'about-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'about-title' }, t('product.about'))),
    h('dl', { class: 'facts' },
      fact(t('product.brand'), 'product-brand', product?.brand || DASH),
      fact(t('product.category'), 'product-category', categoryText(product?.category) || DASH),
      product?.gtin ? fact(t('product.gtin'), 'product-gtin', h('code', {}, product.gtin)) : null,
      product?.mpn ? fact(t('product.mpn'), 'product-mpn', h('code', {}, product.mpn)) : null,
      product?.unspsc ? fact(t('product.unspsc'), 'product-unspsc', h('code', {}, product.unspsc)) : null,
      product?.attributes?.length ? fact(t('product.attributes'), 'product-attributes',
        h('ul', { class: 'tags' }, product.attributes.map((a) => h('li', { class: 'badge' }, a)))) : null,
      options.length ? fact(t('product.options'), 'product-options',
        h('ul', { class: 'plain' }, options.map((o) => h('li', {}, h('strong', {}, o.name), `: ${(o.values ?? []).join(', ')}`)))) : null),
    product?.description ? h('p', { class: 'prose', 'data-testid': 'product-description' }, product.description) : null,
    product?.bullet_points?.length ? h('ul', { class: 'prose bullets', 'data-testid': 'product-bullets' },
      product.bullet_points.map((b) => h('li', {}, b))) : null,
    product?.images?.length ? h('ul', { class: 'prose plain', 'aria-label': t('product.images') },
      product.images.map((url, i) => h('li', {}, h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, t('product.image', { n: i + 1 }))))) : null);

  const specPanel = h('section', { class: 'panel', 'aria-labelledby': 'specs-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'specs-title' }, t('product.specs'))),
    specs.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact specs', 'data-testid': 'product-specs' },
        h('caption', { class: 'visually-hidden' }, t('product.specs')),
        h('tbody', {}, specs.map(([key, value]) => h('tr', { 'data-testid': 'product-spec', 'data-key': key },
          h('th', { scope: 'row' }, h('code', {}, key)), h('td', {}, specText(value)))))))
      : h('p', { class: 'empty-note' }, t('product.no_specs')));

  const offerColumns = ['vendor', 'sku', 'price', 'breaks', 'stock', 'moq', 'order_multiple', 'unit', 'pack_size', 'base_unit_price', 'lead_time', 'updated'];
  const offersPanel = h('section', { class: 'panel', 'aria-labelledby': 'offers-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'offers-title' }, t('product.offers'))),
    variants.length ? variants.map((variant, index) => {
      const choices = Object.entries(variant.options ?? {}).map(([name, value]) => `${name}: ${value}`).join(', ');
      const heading = manyVariants ? h('h3', { class: 'variant-title', id: `variant-${index}` },
        t('product.variant', { sku: variant.sku ?? '' }), choices ? h('span', { class: 'muted' }, ` · ${choices}`) : null) : null;
      const offers = variant.offers ?? [];
      return h('div', { class: 'variant', 'data-testid': 'product-variant', 'data-variant-id': variant.id ?? '' },
        heading,
        offers.length ? table('product-offers', t('product.offers_caption', { sku: variant.sku ?? '' }),
          [...offerColumns.map((key) => t(`offer.col.${key}`)), ...(canManage() ? [h('span', { class: 'visually-hidden' }, t('product.actions'))] : [])],
          offers.map((offer) => h('tr', { 'data-testid': 'product-offer-row', 'data-vendor-id': offer.vendor_id ?? '' },
            h('th', { scope: 'row' }, vendorName(offer)),
            h('td', {}, h('code', {}, offer.sku ?? '')),
            h('td', { class: 'num' }, money(offer.unit_price, offer.currency)),
            h('td', {}, breaksText(offer)),
            h('td', { class: 'num' }, stockText(offer.stock)),
            h('td', { class: 'num' }, number(offer.moq)),
            h('td', { class: 'num' }, number(offer.order_multiple)),
            h('td', {}, offer.unit ?? DASH),
            h('td', { class: 'num' }, number(offer.pack_size)),
            h('td', { class: 'num' }, money(offer.base_unit_price, offer.currency)),
            h('td', {}, leadText(offer.lead_time_days)),
            h('td', {}, offer.updated_at ? h('time', { datetime: offer.updated_at }, formatDate(offer.updated_at, { dateStyle: 'medium' })) : DASH),
            canManage() ? h('td', {}, h('a', {
              href: `${productHref(productId)}/edit?vendor=${enc(offer.vendor_id ?? '')}`, 'data-testid': 'offer-edit',
              'aria-label': t('product.edit_offer', { vendor: vendorName(offer) }),
            }, t('product.edit'))) : null)), { compact: true })
          : h('p', { class: 'empty-note' }, t('product.no_offers')));
    }) : h('p', { class: 'empty-note' }, t('product.no_offers')));

  const items = priceHistory?.items ?? [];
  const historyPanel = h('section', { class: 'panel', 'aria-labelledby': 'history-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'history-title' }, t('product.history'))),
    priceHistory?.failed
      ? h('p', { class: 'table-status form-error', role: 'alert' }, ui.errorMessage(priceHistory.failed))
      : items.length
        ? table('price-history', t('product.history'), ['recorded_at', 'sku', 'price', 'stock', 'source'].map((key) => t(`product.history_col.${key}`)),
          items.map((item) => h('tr', { 'data-testid': 'price-history-row' },
            h('td', {}, h('time', { datetime: item.recorded_at ?? '' }, formatDate(item.recorded_at))),
            h('td', {}, item.sku ? h('code', {}, item.sku) : DASH),
            h('td', { class: 'num' }, money(item.price, item.currency)),
            h('td', { class: 'num' }, stockText(item.stock)),
            h('td', {}, item.source ?? DASH))), { compact: true })
        : h('p', { class: 'empty-note' }, t('product.no_history')));

  return [h('div', { class: 'product-top' }, about, specPanel), offersPanel, historyPanel];
}

// ---------- product form ----------

function findOffer(product, vendorId) {
  for (const [index, variant] of (product?.variants ?? []).entries()) {
    const offer = (variant.offers ?? []).find((o) => !vendorId || o.vendor_id === vendorId);
    if (offer) return { variant, index, offer };
  }
  return null;
}

function productFormPage(main, productId, params) {
  let alive = true;
  let product = null;
  let vendors = [];
  let currencyTouched = false;
  const editing = Boolean(productId);
  const header = ui.pageHeader(editing ? t('product_form.edit_title') : t('product_form.new_title'), t('product_form.subtitle'));
  const label = (key) => t(`product_form.field.${key}`);
  const hint = (key) => t(`product_form.hint.${key}`);

  const fields = {};
  const make = (key, control, options = {}) => {
    fields[key] = formField('product', key, control, { label: label(key), ...options });
    return fields[key].wrap;
  };
  const vendorSelect = h('select', {}, vendorOptions([], ''));
  const unitSelect = h('select', {}, UNITS.map((code) => h('option', { value: code }, t(`unit.${code}`))));
  const noVendors = h('p', { class: 'field-hint', hidden: true, 'data-testid': 'product-no-vendors' },
    t('product_form.no_vendors'), ' ', h('a', { href: '#/vendors' }, t('product_form.add_vendor')));
  const variantNote = h('p', { class: 'form-info', hidden: true, 'data-testid': 'product-variant-note' });

  // Dynamic rows: specs (key, value) and price breaks (min_qty, price).
  let rowCounter = 0;
  const specs = [];
  const breaks = [];
  let sentSpecs = [];
  let sentBreaks = [];
  const specRows = h('div', { class: 'rows', 'data-testid': 'spec-rows' });
  const breakRows = h('div', { class: 'rows', 'data-testid': 'break-rows' });
  const specsError = h('p', { id: 'product-specs-error', class: 'field-error', 'data-testid': 'product-error-specs' });
  const breaksError = h('p', { id: 'product-price_breaks-error', class: 'field-error', 'data-testid': 'product-error-price_breaks' });
  const specAdd = h('button', { type: 'button', class: 'btn', 'data-testid': 'spec-add' }, t('product_form.add_spec'));
  const breakAdd = h('button', { type: 'button', class: 'btn', 'data-testid': 'break-add' }, t('product_form.add_break'));

  /** One row of two inputs (`a`, `b`) with a remove button and an error line; testids `<kind>-row`, `<kind>-remove`, `<kind>-error`. */
  function row(list, container, addButton, kind, [first, second], removeLabel, values = ['', '']) {
    const n = ++rowCounter;
    const input = (part, column, v) => textInput({
      id: `${kind}-${part}-${n}`, value: v, 'aria-describedby': `${kind}-error-${n}`, 'data-testid': column.testid, ...column.attrs,
    });
    const a = input('a', first, values[0]);
    const b = input('b', second, values[1]);
    const error = h('p', { id: `${kind}-error-${n}`, class: 'field-error row-error', 'data-testid': `${kind}-error`, 'data-base-testid': `${kind}-error` });
    const entry = { a, b, error };
    const line = h('div', { class: 'row', 'data-testid': `${kind}-row` },
      h('div', { class: 'field' }, h('label', { for: a.id }, first.label), a),
      h('div', { class: 'field' }, h('label', { for: b.id }, second.label), b),
      h('button', {
        type: 'button', class: 'btn btn-ghost row-remove', 'data-testid': `${kind}-remove`, 'aria-label': removeLabel,
        onclick: () => { list.splice(list.indexOf(entry), 1); line.remove(); addButton.focus(); },
      }, t('product_form.remove')),
      error);
    entry.line = line;
    list.push(entry);
    container.append(line);
    return entry;
  }
  const addSpec = (key = '', v = '') => row(specs, specRows, specAdd, 'spec', [
    { label: t('product_form.spec_key'), testid: 'spec-key', attrs: { spellcheck: 'false' } },
    { label: t('product_form.spec_value'), testid: 'spec-value' },
  ], t('product_form.remove_spec'), [key, v]);
  const addBreak = (qty = '', price = '') => row(breaks, breakRows, breakAdd, 'break', [
    { label: t('product_form.break_min_qty'), testid: 'break-min-qty', attrs: { inputmode: 'numeric' } },
    { label: t('product_form.break_price'), testid: 'break-price', attrs: { inputmode: 'decimal' } },
  ], t('product_form.remove_break'), [qty, price]);
  specAdd.addEventListener('click', () => addSpec().a.focus());
  breakAdd.addEventListener('click', () => addBreak().a.focus());

  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', 'data-testid': 'product-form-error' });
  const status = h('p', { class: 'form-info', role: 'status', 'data-testid': 'product-form-status' }, t('product_form.loading'));
  const submitText = editing ? t('product_form.save') : t('product_form.create');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', disabled: true, 'data-testid': 'product-submit' }, submitText);
  const cancel = h('a', { class: 'btn', href: editing ? productHref(productId) : '#/catalog', 'data-testid': 'product-cancel' }, t('product_form.cancel'));

  const group = (legend, ...children) => h('fieldset', { class: 'form-section' }, h('legend', {}, legend), h('div', { class: 'form-grid' }, ...children));
  const form = h('form', { class: 'form entity-form', novalidate: true, 'data-testid': 'product-form' },
    status, summary, variantNote,
    group(t('product_form.section.vendor'),
      h('div', { class: 'field-stack' }, make('vendor_id', vendorSelect, { required: true }), noVendors),
      make('sku', textInput({ spellcheck: 'false' }), { required: true, hint: hint('sku') })),
    group(t('product_form.section.product'),
      make('title', textInput({ maxlength: 300 }), { required: true, wide: true }),
      make('brand', textInput({ maxlength: 120 })),
      make('category', textInput({ placeholder: 'Paper > Copy Paper' }), { hint: hint('category') }),
      make('description', h('textarea', { rows: 5 }), { wide: true }),
      make('bullet_points', h('textarea', { rows: 4 }), { hint: hint('bullet_points'), wide: true }),
      make('attributes', textInput(), { hint: hint('attributes'), wide: true }),
      make('gtin', textInput({ inputmode: 'numeric', spellcheck: 'false' }), { hint: hint('gtin') }),
      make('mpn', textInput({ spellcheck: 'false' }))),
    h('fieldset', { class: 'form-section', 'aria-describedby': 'product-specs-hint product-specs-error' },
      h('legend', {}, t('product_form.section.specs')),
      h('p', { id: 'product-specs-hint', class: 'field-hint' }, hint('specs')),
      specRows, specsError, h('div', {}, specAdd)),
    group(t('product_form.section.offer'),
      make('price', decimalInput(), { required: true, hint: hint('price') }),
      make('currency', textInput({ maxlength: 3, value: 'USD', autocapitalize: 'characters', spellcheck: 'false', class: 'input-short' }), { hint: hint('currency') }),
      make('stock', integerInput(), { hint: hint('stock') }),
      make('moq', integerInput({ placeholder: '1' })),
      make('order_multiple', integerInput({ placeholder: '1' })),
      make('lead_time_days', integerInput()),
      make('unit', unitSelect),
      make('pack_size', integerInput({ placeholder: '1' }), { hint: hint('pack_size') })),
    h('fieldset', { class: 'form-section', 'aria-describedby': 'product-breaks-hint product-price_breaks-error' },
      h('legend', {}, t('product_form.section.breaks')),
      h('p', { id: 'product-breaks-hint', class: 'field-hint' }, hint('price_breaks')),
      breakRows, breaksError, h('div', {}, breakAdd)),
    h('div', { class: 'form-actions' }, submit, cancel));

  const value = (key) => fields[key].control.value.trim();
  fields.currency.control.addEventListener('input', () => { currencyTouched = true; });

  function setUnit(unit) {
    const code = unit || 'EA';
    if (![...unitSelect.options].some((o) => o.value === code)) unitSelect.append(h('option', { value: code }, code));
    unitSelect.value = code;
  }

  // The first fill keeps what is already typed: after a language switch app.js restores the inputs before
  // this page's data arrives.
  const put = (key, text, initial) => {
    const { control } = fields[key];
    if (!initial || control.value === control.defaultValue) control.value = text;
  };

  function fillOffer(offer, initial = false) {
    put('sku', offer?.sku ?? '', initial);
    put('price', offer?.unit_price != null ? String(offer.unit_price) : '', initial);
    put('currency', offer?.currency ?? fields.currency.control.value, initial);
    for (const key of ['stock', 'moq', 'order_multiple', 'lead_time_days', 'pack_size']) {
      put(key, offer?.[key] != null ? String(offer[key]) : '', initial);
    }
    setUnit(offer?.unit);
    for (const entry of [...breaks]) entry.line.remove();
    breaks.length = 0;
    for (const b of offer?.price_breaks ?? []) addBreak(String(b.min_qty ?? ''), String(b.price ?? ''));
  }

  function fillProduct(found) {
    put('title', product.title ?? '', true);
    put('brand', product.brand ?? '', true);
    put('category', Array.isArray(product.category) ? product.category.join(' > ') : product.category ?? '', true);
    put('description', product.description ?? '', true);
    put('bullet_points', (product.bullet_points ?? []).join('\n'), true);
    put('attributes', (product.attributes ?? []).join(', '), true);
    put('gtin', product.gtin ?? '', true);
    put('mpn', product.mpn ?? '', true);
    for (const [key, spec] of Object.entries(product.specs ?? {})) addSpec(key, specInput(spec));
    if (found) fillOffer(found.offer, true);
  }

  function describeVariant() {
    const many = product && ((product.variants?.length ?? 0) > 1 || (product.options?.length ?? 0) > 0);
    variantNote.hidden = !many;
    if (!many) return;
    const found = findOffer(product, vendorSelect.value);
    const variant = found?.variant ?? product.variants?.[0];
    const choices = Object.entries(variant?.options ?? {}).map(([name, v]) => `${name}: ${v}`).join(', ');
    variantNote.textContent = t('product_form.variant_note', { count: number(product.variants.length), variant: choices || variant?.sku || '' });
  }

  vendorSelect.addEventListener('change', () => {
    const vendor = vendors.find((v) => v.id === vendorSelect.value);
    if (editing && product) {
      const found = findOffer(product, vendorSelect.value);
      if (found) fillOffer(found.offer);
      const hash = `${productHref(productId)}/edit${vendorSelect.value ? `?vendor=${enc(vendorSelect.value)}` : ''}`;
      history.replaceState(null, '', hash);
      describeVariant();
    }
    if (vendor?.currency && !currencyTouched && !(editing && findOffer(product, vendorSelect.value))) {
      fields.currency.control.value = vendor.currency;
    }
  });

  /** The JSON record, as an import row would carry it. Empty fields are left out. */
  function buildRecord() {
    const record = {};
    const put = (key, v) => {
      if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) return;
      record[key] = v;
    };
    put('sku', value('sku'));
    put('title', value('title'));
    put('brand', value('brand'));
    put('description', fields.description.control.value.trim());
    put('bullet_points', fields.bullet_points.control.value.split('\n').map((s) => s.trim()).filter(Boolean));
    put('category', value('category').split('>').map((s) => s.trim()).filter(Boolean));
    put('attributes', value('attributes').split(',').map((s) => s.trim()).filter(Boolean));
    sentSpecs = specs.filter((entry) => entry.a.value.trim() || entry.b.value.trim());
    if (sentSpecs.length) record.specs = Object.fromEntries(sentSpecs.map((entry) => [entry.a.value.trim(), specValue(entry.b.value)]));
    put('gtin', value('gtin'));
    put('mpn', value('mpn'));
    if (product?.unspsc) record.unspsc = product.unspsc;
    if (product?.images?.length) record.images = product.images;
    put('price', decimalValue(value('price')));
    put('currency', value('currency').toUpperCase());
    put('price_breaks', (sentBreaks = breaks.filter((entry) => entry.a.value.trim() || entry.b.value.trim()))
      .map((entry) => ({ min_qty: integerValue(entry.a.value), price: decimalValue(entry.b.value) })));
    put('stock', integerValue(value('stock')));
    put('moq', integerValue(value('moq')));
    put('order_multiple', integerValue(value('order_multiple')));
    put('lead_time_days', integerValue(value('lead_time_days')));
    put('unit', unitSelect.value);
    put('pack_size', integerValue(value('pack_size')));

    // A product with options or several variants: keep its variants. The edited one takes the form's offer
    // (product-level fields); the vendor's other variants keep their own terms.
    if (product && ((product.variants?.length ?? 0) > 1 || (product.options?.length ?? 0) > 0)) {
      const vendorId = vendorSelect.value;
      const edited = findOffer(product, vendorId)?.index ?? 0;
      const options = Object.fromEntries((product.options ?? []).map((o) => [o.name, o.values ?? []]));
      if (Object.keys(options).length) record.options = options;
      record.variants = (product.variants ?? []).flatMap((variant, index) => {
        if (index === edited) return [{ sku: record.sku, options: variant.options ?? {} }];
        const offer = (variant.offers ?? []).find((o) => o.vendor_id === vendorId);
        if (!offer) return [];
        return [{
          sku: offer.sku, options: variant.options ?? {}, price: offer.unit_price, currency: offer.currency,
          price_breaks: offer.price_breaks ?? [], stock: offer.stock ?? null, moq: offer.moq, order_multiple: offer.order_multiple,
          lead_time_days: offer.lead_time_days ?? null, unit: offer.unit, pack_size: offer.pack_size,
        }];
      });
    }
    return record;
  }

  function locate(path) {
    let field = path;
    const editedIndex = product ? findOffer(product, vendorSelect.value)?.index ?? 0 : 0;
    const variant = /^variants\[(\d+)\]\.(.+)$/.exec(field);
    if (variant && Number(variant[1]) === editedIndex) field = variant[2];

    let match = /^price_breaks\[(\d+)\](?:\.(\w+))?/.exec(field);
    if (match && sentBreaks[Number(match[1])]) {
      const entry = sentBreaks[Number(match[1])];
      const sub = match[2];
      return {
        error: entry.error, testid: `product-error-price_breaks[${match[1]}]`,
        inputs: sub === 'min_qty' ? [entry.a] : sub === 'price' ? [entry.b] : [entry.a, entry.b],
        note: sub === 'min_qty' ? t('product_form.break_min_qty') : sub === 'price' ? t('product_form.break_price') : '',
      };
    }
    match = /^specs\.(.*)$/.exec(field);
    if (match) {
      const entry = sentSpecs.find((e) => e.a.value.trim() === match[1]);
      if (entry) return { error: entry.error, inputs: [entry.a, entry.b], testid: `product-error-specs.${match[1]}` };
      return { error: specsError, inputs: [], note: match[1] };
    }
    const top = field.split(/[.[]/)[0];
    const key = top === 'vendor' ? 'vendor_id' : top;
    if (fields[key]) return { error: fields[key].error, inputs: [fields[key].control], note: field !== top ? field : '' };
    if (key === 'specs') return { error: specsError, inputs: [], note: field !== 'specs' ? field : '' };
    if (key === 'price_breaks') return { error: breaksError, inputs: [], note: field !== 'price_breaks' ? field : '' };
    return null;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const record = buildRecord();
    const missing = [];
    if (!vendorSelect.value) missing.push({ field: 'vendor_id', message: t('product_form.choose_vendor') });
    for (const key of ['sku', 'title', 'price']) if (!value(key)) missing.push({ field: key, message: t('form.required') });
    if (missing.length) {
      showProblems(form, summary, t('form.check_fields'), missing, locate);
      return;
    }
    showProblems(form, summary, '', [], locate);
    setBusy(form, submit, true, submitText);
    try {
      const saved = await api('POST', '/products', { vendor_id: vendorSelect.value, record });
      if (!alive) return;
      const savedId = saved?.id ?? saved?.product_id ?? saved?.product?.id ?? productId;
      location.hash = savedId ? productHref(savedId) : '#/catalog';
    } catch (err) {
      if (!alive) return;
      const list = err instanceof ApiError ? err.fieldErrors : [];
      showProblems(form, summary, list.length ? (err.problem?.detail || t('form.check_fields')) : ui.errorMessage(err), list, locate);
    } finally {
      if (alive) setBusy(form, submit, false, submitText);
    }
  });

  main.append(h('p', { class: 'crumbs' }, h('a', { href: editing ? productHref(productId) : '#/catalog' },
    editing ? t('product_form.back_to_product') : t('catalog.back_to_search'))), header,
  h('section', { class: 'panel panel-body' }, form));

  (async () => {
    try {
      const [loadedVendors, loadedProduct] = await Promise.all([
        listVendors(),
        editing ? api('GET', `/products/${enc(productId)}`) : Promise.resolve(null),
      ]);
      if (!alive) return;
      vendors = loadedVendors;
      product = loadedProduct;
      const wanted = params.get('vendor') || '';
      const found = product ? findOffer(product, wanted) : null; // no vendor asked: the first offer
      const chosen = wanted || found?.offer?.vendor_id || (vendors.length === 1 ? vendors[0].id : '');
      vendorSelect.replaceChildren(...vendorOptions(vendors, chosen));
      vendorSelect.value = chosen;
      noVendors.hidden = vendors.length > 0;
      if (product) {
        const title = t('product_form.edit_named', { title: product.title ?? '' });
        header.querySelector('h1').textContent = title;
        document.title = `${title} · ${t('app.name')}`;
        fillProduct(found);
      } else {
        const vendor = vendors.find((v) => v.id === chosen);
        if (vendor?.currency) put('currency', vendor.currency, true);
      }
      describeVariant();
      status.textContent = '';
      submit.disabled = false;
    } catch (err) {
      if (!alive) return;
      status.textContent = '';
      showProblems(form, summary, ui.errorMessage(err), [], () => null);
    }
  })();
  return () => { alive = false; };
}

// ---------- vendors ----------

const VENDOR_FIELDS = [
  ['name', () => textInput({ maxlength: 200, autocomplete: 'organization' }), { required: true }],
  ['kind', () => h('select', {}, ['external', 'hosted'].map((kind) => h('option', { value: kind }, t(`vendors.kind.${kind}`)))), {}],
  ['contact_name', () => textInput({ autocomplete: 'name' }), {}],
  ['contact_email', () => h('input', { type: 'email', autocomplete: 'email' }), {}],
  ['contact_phone', () => h('input', { type: 'tel', autocomplete: 'tel' }), {}],
  ['website', () => h('input', { type: 'url', autocomplete: 'url', placeholder: 'https://' }), {}],
  ['currency', () => textInput({ maxlength: 3, value: 'USD', autocapitalize: 'characters', spellcheck: 'false', class: 'input-short' }), {}],
  ['shipping_fee', () => decimalInput(), {}],
  ['free_shipping_over', () => decimalInput(), {}],
  ['min_order_value', () => decimalInput(), {}],
  ['lead_time_days', () => integerInput(), {}],
  ['reliability', () => decimalInput({ placeholder: '0.95' }), { hint: true }],
  // The vendor's postal address (printed on its purchase orders), sent as `address`.
  ['address_street', () => textInput({ autocomplete: 'street-address' }), {}],
  ['address_city', () => textInput({ autocomplete: 'address-level2' }), {}],
  ['address_region', () => textInput({ autocomplete: 'address-level1' }), {}],
  ['address_postal_code', () => textInput({ autocomplete: 'postal-code', class: 'input-short' }), {}],
  ['address_country_code', () => textInput({ maxlength: 2, autocomplete: 'country', autocapitalize: 'characters', class: 'input-short', placeholder: 'US' }), {}],
];
const VENDOR_DECIMALS = new Set(['shipping_fee', 'free_shipping_over', 'min_order_value', 'reliability']);

function vendorRow(vendor) {
  const fee = Number(vendor.shipping_fee ?? 0);
  const shipping = fee > 0
    ? [money(vendor.shipping_fee, vendor.currency),
      vendor.free_shipping_over != null ? t('vendors.free_over', { amount: money(vendor.free_shipping_over, vendor.currency) }) : null]
      .filter(Boolean).join(' · ')
    : t('vendors.free_shipping');
  const reliability = vendor.reliability == null ? DASH
    : new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(vendor.reliability));
  return h('tr', { 'data-testid': 'vendor-row', 'data-vendor-id': vendor.id ?? '' },
    h('th', { scope: 'row' }, vendor.name ?? ''),
    h('td', {}, vendor.kind ? t(`vendors.kind.${vendor.kind}`) : DASH),
    h('td', { class: 'soft-wrap' }, vendor.contact_email ? h('a', { href: `mailto:${vendor.contact_email}` }, vendor.contact_email) : vendor.contact_name || DASH),
    h('td', {}, vendor.currency ?? DASH),
    h('td', { class: 'soft-wrap' }, shipping),
    h('td', { class: 'num' }, money(vendor.min_order_value, vendor.currency)),
    h('td', {}, leadText(vendor.lead_time_days)),
    h('td', { class: 'num' }, reliability),
    h('td', {}, h('span', { class: 'row-links' },
      h('a', { href: `#/catalog/new?vendor=${enc(vendor.id ?? '')}`, 'data-testid': 'vendor-add-product', 'aria-label': t('vendors.add_product_to', { name: vendor.name ?? '' }) }, t('vendors.add_product')),
      h('a', { href: `#/catalog/imports?vendor=${enc(vendor.id ?? '')}`, 'data-testid': 'vendor-import', 'aria-label': t('vendors.import_to', { name: vendor.name ?? '' }) }, t('vendors.import')))));
}

function vendorsPage(main) {
  let alive = true;
  const body = h('tbody');
  const status = h('p', { class: 'table-status muted', role: 'status', 'data-testid': 'vendors-status' }, t('vendors.loading'));
  const columns = ['name', 'kind', 'contact', 'currency', 'shipping', 'min_order', 'lead_time', 'reliability'];

  const fields = {};
  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', 'data-testid': 'vendor-form-error' });
  const info = h('p', { class: 'form-info', role: 'status', 'data-testid': 'vendor-form-info' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'vendor-submit' }, t('vendors.create'));
  const form = h('form', { class: 'form entity-form', novalidate: true, 'data-testid': 'vendor-form' },
    info, summary,
    h('div', { class: 'form-grid' }, VENDOR_FIELDS.map(([key, control, options]) => {
      fields[key] = formField('vendor', key, control(), {
        label: t(`vendors.field.${key}`), required: options.required, hint: options.hint ? t(`vendors.hint.${key}`) : undefined,
      });
      return fields[key].wrap;
    })),
    h('div', { class: 'form-actions' }, submit));

  function locate(path) {
    const parts = path.split(/[.[]/);
    const key = parts[0] === 'address' && parts[1] ? `address_${parts[1]}` : parts[0];
    return fields[key] ? { error: fields[key].error, inputs: [fields[key].control], note: path !== key ? path : '' } : null;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    info.textContent = '';
    const v = (key) => fields[key].control.value.trim();
    const addressKeys = ['street', 'city', 'region', 'postal_code', 'country_code'];
    if (!v('name')) {
      showProblems(form, summary, t('form.check_fields'), [{ field: 'name', message: t('form.required') }], locate);
      return;
    }
    const vendor = {};
    if (addressKeys.some((part) => v(`address_${part}`))) {
      vendor.address = {
        street: v('address_street') ? [v('address_street')] : [], city: v('address_city'), postal_code: v('address_postal_code'),
        country_code: v('address_country_code').toUpperCase(),
      };
      if (v('address_region')) vendor.address.region = v('address_region');
    }
    for (const [key] of VENDOR_FIELDS) {
      if (key.startsWith('address_')) continue;
      const raw = v(key);
      const parsed = VENDOR_DECIMALS.has(key) ? decimalValue(raw) : key === 'lead_time_days' ? integerValue(raw) : key === 'currency' ? raw.toUpperCase() : raw;
      if (parsed !== undefined && parsed !== '') vendor[key] = parsed;
    }
    showProblems(form, summary, '', [], locate);
    setBusy(form, submit, true, t('vendors.create'));
    try {
      const created = await api('POST', '/vendors', vendor);
      if (!alive) return;
      body.prepend(vendorRow(created ?? vendor));
      status.textContent = '';
      form.reset();
      info.textContent = t('vendors.created', { name: created?.name ?? vendor.name });
      fields.name.control.focus();
    } catch (err) {
      if (!alive) return;
      const list = err instanceof ApiError ? err.fieldErrors : [];
      showProblems(form, summary, list.length ? (err.problem?.detail || t('form.check_fields')) : ui.errorMessage(err), list, locate);
    } finally {
      if (alive) setBusy(form, submit, false, t('vendors.create'));
    }
  });

  main.append(ui.pageHeader(t('vendors.title'), t('vendors.subtitle')),
    h('div', { class: 'stack' },
      h('section', { class: 'panel', 'aria-labelledby': 'vendors-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'vendors-title' }, t('vendors.list'))),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'table table-compact', 'data-testid': 'vendors-table' },
            h('caption', { class: 'visually-hidden' }, t('vendors.list')),
            h('thead', {}, h('tr', {}, columns.map((key) => h('th', { scope: 'col' }, t(`vendors.col.${key}`))),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('product.actions'))))),
            body)),
        status),
      h('section', { class: 'panel', 'aria-labelledby': 'vendor-form-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'vendor-form-title' }, t('vendors.new'))),
        h('div', { class: 'panel-body' }, form))));

  (async () => {
    try {
      const list = await listVendors();
      if (!alive) return;
      body.append(...list.map(vendorRow));
      status.textContent = body.children.length ? '' : t('vendors.empty');
    } catch (err) {
      if (alive) status.textContent = ui.errorMessage(err);
    }
  })();
  return () => { alive = false; };
}

// ---------- imports ----------

async function readResponse(res) {
  if (res.status === 204) return null;
  const isJSON = /json/i.test(res.headers.get('Content-Type') || '');
  const data = isJSON ? await res.json().catch(() => null) : null;
  if (res.ok) return data;
  throw new ApiError(res.status, data && typeof data === 'object' ? data : { title: res.statusText });
}

/** POSTs a file as the raw body (api.js sends JSON only), with the same one refresh-and-retry on 401. */
async function upload(path, file, contentType) {
  const send = async () => {
    const headers = { Accept: 'application/json, application/problem+json', 'Content-Type': contentType };
    if (tokens.access) headers.Authorization = `Bearer ${tokens.access}`;
    try {
      return await fetch(`/api/v1${path}`, { method: 'POST', headers, body: file });
    } catch {
      throw new ApiError(0, {});
    }
  };
  let res = await send();
  if (res.status === 401 && tokens.refresh) {
    await refreshTokens();
    res = await send();
  }
  return readResponse(res);
}

function importsPage(main, params) {
  let alive = true;
  let timer = null;
  let watching = 0;
  let vendorsById = new Map();

  const vendorSelect = h('select', {}, vendorOptions([], ''));
  // No id on the file input: app.js restores `input[id]` values on a language switch, which a file input refuses.
  const fileInput = h('input', {
    type: 'file', name: 'file', accept: '.jsonl,.ndjson,.csv,application/x-ndjson,text/csv', required: true,
    'aria-describedby': 'import-file-hint import-file-error', 'data-testid': 'import-file',
  });
  const strict = h('input', { id: 'import-strict', name: 'strict', type: 'checkbox', 'data-testid': 'import-strict', 'aria-describedby': 'import-strict-hint' });
  const vendorField = formField('import', 'vendor', vendorSelect, { label: t('imports.vendor'), required: true });
  const fileField = {
    error: h('p', { id: 'import-file-error', class: 'field-error', 'data-testid': 'import-error-file' }),
  };
  fileField.wrap = h('div', { class: 'field', 'data-field': 'file' },
    h('label', { class: 'file-label' }, h('span', {}, t('imports.file'), h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')), fileInput),
    h('p', { id: 'import-file-hint', class: 'field-hint' }, t('imports.file_hint')), fileField.error);
  vendorSelect.dataset.testid = 'import-vendor';
  const summary = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', 'data-testid': 'import-form-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'import-submit' }, t('imports.submit'));
  const form = h('form', { class: 'form entity-form', novalidate: true, 'data-testid': 'import-form' },
    summary,
    h('div', { class: 'form-grid' }, vendorField.wrap, fileField.wrap),
    h('div', { class: 'check' }, strict, h('label', { for: 'import-strict' }, t('imports.strict'))),
    h('p', { id: 'import-strict-hint', class: 'field-hint' }, t('imports.strict_hint')),
    h('div', { class: 'form-actions' }, submit));

  // The import on show: status, counts, report.
  // Built once and updated in place while polling, so the live region only speaks when something changes.
  const resultTitle = h('h2', { id: 'import-result-title', tabindex: '-1' }, t('imports.result'));
  const badge = h('span', { class: 'status-badge', 'data-testid': 'import-status' });
  const statusSlot = h('div', { role: 'status', class: 'import-status-slot' }, badge);
  const countCells = {};
  const counts = h('dl', { class: 'counts' }, [['imported', 'import-imported'], ['rejected', 'import-rejected'],
    ['warnings', 'import-warnings'], ['rows', 'import-rows']].map(([key, testid]) => {
    countCells[key] = h('dd', { 'data-testid': testid }, DASH);
    return h('div', { class: 'count', 'data-count': key }, h('dt', {}, t(`imports.count.${key}`)), countCells[key]);
  }));
  let shownReport = '';
  const failure = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'import-error' });
  const report = h('div', { class: 'import-report' });
  const resultPanel = h('section', { class: 'panel', hidden: true, 'aria-labelledby': 'import-result-title', 'data-testid': 'import-result' },
    h('div', { class: 'panel-head' }, resultTitle, statusSlot),
    counts, h('div', { class: 'panel-body panel-body-tight' }, failure), report);

  const recentBody = h('tbody');
  const recentStatus = h('p', { class: 'table-status muted', role: 'status', 'data-testid': 'imports-status' }, t('imports.loading'));

  function renderImport(job) {
    resultPanel.hidden = false;
    resultPanel.dataset.importId = job?.id ?? '';
    resultTitle.textContent = t('imports.result_for', { vendor: vendorsById.get(job?.vendor_id)?.name ?? '', id: job?.id ?? '' });
    const status = String(job?.status ?? '');
    if (badge.dataset.status !== status) {
      badge.dataset.status = status;
      badge.textContent = statusLabel(status);
    }
    for (const [key, cell] of Object.entries(countCells)) {
      const text = job?.[key] == null ? DASH : String(job[key]);
      if (cell.textContent !== text) cell.textContent = text;
    }
    const error = job?.error ? String(job.error) : '';
    if (failure.textContent !== error) failure.textContent = error;
    const issues = job?.report ?? [];
    const shown = `${job?.id}|${FINISHED.has(status)}|${issues.length}`;
    if (shown === shownReport) return;
    shownReport = shown;
    report.replaceChildren(issues.length
      ? table('import-report', t('imports.report'), ['row', 'sku', 'field', 'problem', 'severity'].map((key) => t(`imports.col.${key}`)),
        issues.map((issue) => h('tr', { 'data-testid': 'import-report-row', 'data-severity': issue.severity ?? '', 'data-row': issue.row ?? '' },
          h('td', { class: 'num' }, number(issue.row)),
          h('td', {}, issue.sku ? h('code', {}, issue.sku) : DASH),
          h('td', {}, issue.field ? h('code', {}, issue.field) : DASH),
          h('td', { class: 'wrap' }, issue.problem ?? ''),
          h('td', {}, h('span', { class: 'severity', 'data-severity': issue.severity ?? '' },
            t(`imports.severity.${issue.severity}`) === `imports.severity.${issue.severity}` ? issue.severity ?? '' : t(`imports.severity.${issue.severity}`))))), { compact: true })
      : h('p', { class: 'empty-note', 'data-testid': 'import-report-empty' },
        FINISHED.has(job?.status) ? t('imports.report_empty') : t('imports.working')));
  }

  function watch(id) {
    clearTimeout(timer);
    const mine = ++watching;
    const tick = async () => {
      try {
        const job = await api('GET', `/catalog/imports/${enc(id)}`);
        if (!alive || mine !== watching) return;
        renderImport(job);
        if (FINISHED.has(job?.status)) loadRecent();
        else timer = setTimeout(tick, POLL_MS);
      } catch (err) {
        if (!alive || mine !== watching) return;
        failure.textContent = ui.errorMessage(err);
        if (err.status === 0 || err.status >= 500 || err.status === 429) timer = setTimeout(tick, POLL_MS * 4); // keep trying
      }
    };
    tick();
  }

  async function loadRecent() {
    try {
      const page = await api('GET', '/catalog/imports');
      if (!alive) return;
      const items = page?.items ?? [];
      recentBody.replaceChildren(...items.map((job) => h('tr', { 'data-testid': 'import-row', 'data-import-id': job.id ?? '' },
        h('td', {}, h('time', { datetime: job.created_at ?? '' }, formatDate(job.created_at))),
        h('td', {}, vendorsById.get(job.vendor_id)?.name ?? job.vendor_id ?? DASH),
        h('td', {}, job.format ?? DASH, job.strict ? h('span', { class: 'badge' }, t('imports.strict_badge')) : null),
        h('td', {}, statusBadge(job.status)),
        h('td', { class: 'num' }, number(job.imported)),
        h('td', { class: 'num' }, number(job.rejected)),
        h('td', {}, h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': 'import-view',
          'aria-label': t('imports.view_import', { date: formatDate(job.created_at) }),
          onclick: () => { renderImport(job); watch(job.id); resultTitle.focus(); },
        }, t('imports.view'))))));
      recentStatus.textContent = items.length ? '' : t('imports.empty');
    } catch (err) {
      if (alive) recentStatus.textContent = ui.errorMessage(err);
    }
  }

  function locate(path) {
    const key = path.split(/[.[]/)[0];
    if (key === 'vendor' || key === 'vendor_id') return { error: vendorField.error, inputs: [vendorSelect] };
    if (key === 'file' || key === 'body' || key === 'format') return { error: fileField.error, inputs: [fileInput] };
    return null;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const file = fileInput.files?.[0];
    const extension = /\.([a-z0-9]+)$/i.exec(file?.name ?? '')?.[1]?.toLowerCase() ?? '';
    const problems = [];
    if (!vendorSelect.value) problems.push({ field: 'vendor', message: t('imports.choose_vendor') });
    if (!file) problems.push({ field: 'file', message: t('imports.choose_file') });
    else if (!IMPORT_TYPES[extension]) problems.push({ field: 'file', message: t('imports.bad_type') });
    if (problems.length) {
      showProblems(form, summary, t('form.check_fields'), problems, locate);
      return;
    }
    showProblems(form, summary, '', [], locate);
    setBusy(form, submit, true, t('imports.submit'));
    try {
      const job = await upload(`/catalog/imports?vendor=${enc(vendorSelect.value)}&strict=${strict.checked}`, file, IMPORT_TYPES[extension]);
      if (!alive) return;
      renderImport({ vendor_id: vendorSelect.value, strict: strict.checked, ...job });
      fileInput.value = ''; // uploaded: a second click should not import the same file again
      if (job?.id) watch(job.id);
      loadRecent();
    } catch (err) {
      if (!alive) return;
      const list = err instanceof ApiError ? err.fieldErrors : [];
      showProblems(form, summary, list.length ? (err.problem?.detail || t('form.check_fields')) : ui.errorMessage(err), list, locate);
    } finally {
      if (alive) setBusy(form, submit, false, t('imports.submit'));
    }
  });

  main.append(ui.pageHeader(t('imports.title'), t('imports.subtitle')),
    h('div', { class: 'stack' },
      h('section', { class: 'panel', 'aria-labelledby': 'import-form-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'import-form-title' }, t('imports.new'))),
        h('div', { class: 'panel-body' }, form)),
      resultPanel,
      h('section', { class: 'panel', 'aria-labelledby': 'imports-recent-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'imports-recent-title' }, t('imports.recent'))),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'table table-compact', 'data-testid': 'imports-table' },
            h('caption', { class: 'visually-hidden' }, t('imports.recent')),
            h('thead', {}, h('tr', {}, ['created', 'vendor', 'format', 'status', 'imported', 'rejected'].map((key) => h('th', { scope: 'col' }, t(`imports.col.${key}`))),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('product.actions'))))),
            recentBody)),
        recentStatus)));

  (async () => {
    try {
      const vendors = await listVendors();
      if (!alive) return;
      vendorsById = new Map(vendors.map((v) => [v.id, v]));
      const wanted = params.get('vendor') ?? '';
      const chosen = vendorsById.has(wanted) ? wanted : vendors.length === 1 ? vendors[0].id : '';
      vendorSelect.replaceChildren(...vendorOptions(vendors, chosen));
      vendorSelect.value = chosen;
      if (!vendors.length) {
        vendorField.error.replaceChildren(t('product_form.no_vendors'), ' ', h('a', { href: '#/vendors' }, t('product_form.add_vendor')));
      }
    } catch (err) {
      if (alive) showProblems(form, summary, ui.errorMessage(err), [], () => null);
    }
    loadRecent();
  })();
  return () => { alive = false; clearTimeout(timer); };
}
