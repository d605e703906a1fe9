// Logistics (#/logistics/…): pack a load and look at the layout in 3D (pack), the fleet with its
// availability calendar and a form to add vehicles (fleet), transport bookings by day with their next
// statuses (bookings), and pricing and booking a transport (book).
import { h, hashSegments as segments } from './dom.js';
import { t, formatDate } from './i18n.js';
import { api, ApiError, tokens, refreshTokens } from './api.js';
import { alertBox, decimal, field, input, integer, numTh, select, statusLine, table } from './approvals.js';
import { clearProblem, formatDay, label, money, showProblem } from './orders.js';
import { createViewer, percent } from './viewer.js';

const enc = encodeURIComponent;
const DASH = '—';
const PAGES = ['pack', 'fleet', 'bookings', 'book'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const VEHICLE_TYPES = ['van', 'box_truck', 'cargo_bike', 'flatbed', 'refrigerated_truck', 'articulated_lorry'];
const ITEM_FIELDS = ['id', 'length', 'width', 'height', 'weight', 'quantity'];
const SAMPLE_CONTAINER = { length: 240, width: 150, height: 120, max_weight: 1000 };
const SAMPLE_ITEMS = [
  { id: 'copy-paper-carton', length: 43, width: 30, height: 25, weight: 12.5, quantity: 16, orientations: 'upright' },
  { id: 'toner-box', length: 40, width: 20, height: 15, weight: 2.2, quantity: 12, orientations: 'any' },
  { id: 'office-chair', length: 70, width: 65, height: 100, weight: 16, quantity: 2, orientations: 'upright' },
  { id: 'monitor', length: 62, width: 20, height: 45, weight: 6.5, quantity: 4, orientations: 'upright' },
];

// From app.js: {session(), pageHeader(title, subtitle), emptyState(title, body, ...extra), errorMessage(err)}.
let ui = null;

/** The views app.js routes to: `#/logistics` and its pages. */
export function logisticsViews(shell) {
  ui = shell;
  return { logistics: logisticsView };
}

const roles = () => ui?.session()?.roles ?? [];
const isAdmin = () => roles().includes('admin');
const canBook = () => roles().some((role) => role === 'admin' || role === 'buyer');

const queryParam = (name) => new URLSearchParams(location.hash.split('?')[1] ?? '').get(name);

function logisticsView(main) {
  const [, page = 'pack', ...rest] = segments();
  if (rest.length || !PAGES.includes(page)) {
    main.append(ui.pageHeader(t('notfound.title')),
      h('section', { class: 'panel' }, ui.emptyState(t('notfound.title'), t('notfound.body'),
        h('a', { class: 'btn btn-primary', href: '#/logistics' }, t('logistics.back')))));
    return null;
  }
  main.append(ui.pageHeader(t('logistics.title'), t(`logistics.${page}.subtitle`)),
    h('nav', { class: 'subnav', 'aria-label': t('logistics.pages') },
      h('ul', {}, PAGES.map((name) => h('li', {}, h('a', {
        href: `#/logistics/${name}`, 'data-testid': `logistics-tab-${name}`, 'aria-current': name === page ? 'page' : null,
      }, t(`logistics.${name}.tab`)))))));
  const pages = { pack: packPage, fleet: fleetPage, bookings: bookingsPage, book: bookPage };
  return pages[page](main);
}

// ---------- shared pieces ----------

const num = (value, digits = 2) => (value == null || value === '' || !Number.isFinite(Number(value)) ? DASH
  : new Intl.NumberFormat(document.documentElement.lang || 'en', { maximumFractionDigits: digits }).format(Number(value)));

/** Today (or `date` + `days`) as YYYY-MM-DD in local time. */
function isoDay(date = new Date(), days = 0) {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text ?? ''));
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** A random UUID (v4), also where crypto.randomUUID is missing. */
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** POST with extra headers (api() sends none): the same token refresh and problem handling. */
async function postWithHeaders(path, body, extra) {
  const send = () => fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: {
      Accept: 'application/json, application/problem+json', 'Content-Type': 'application/json',
      Authorization: `Bearer ${tokens.access}`, ...extra,
    },
    body: JSON.stringify(body),
  }).catch(() => { throw new ApiError(0, {}); });
  let res = await send();
  if (res.status === 401 && tokens.refresh) {
    await refreshTokens();
    res = await send();
  }
  const data = /json/i.test(res.headers.get('Content-Type') || '') ? await res.json().catch(() => null) : null;
  if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? data : { title: res.statusText });
  return { status: res.status, data };
}

const panel = (id, title, ...children) => h('section', { class: 'panel', 'aria-labelledby': `${id}-title`, 'data-testid': id },
  h('div', { class: 'panel-head' }, h('h2', { id: `${id}-title` }, title)), ...children);

/** Runs `action` with `button` disabled and busy; a problem lands in `box` (which takes the focus). */
async function busy(button, box, action) {
  if (box) clearProblem(box);
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } catch (err) {
    if (box) { showProblem(box, err); box.focus(); }
    return undefined;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** The rows of a load: id, length, width, height, weight, quantity, orientations; add and remove rows. */
function itemsEditor(prefix, items) {
  const body = h('tbody', { 'data-testid': `${prefix}-items` });
  let made = 0;
  const columns = ITEM_FIELDS.map((name) => t(`logistics.item.${name}`));
  function addRow(item = {}) {
    made += 1;
    const n = made;
    const cells = ITEM_FIELDS.map((name, i) => {
      const control = input({
        id: `${prefix}-item-${n}-${name}`, name, value: item[name] ?? '', 'data-testid': `${prefix}-item-${name}`,
        inputmode: name === 'id' ? null : 'decimal', class: name === 'id' ? null : 'input-short',
      });
      control.setAttribute('aria-label', columns[i]);
      return h('td', {}, control);
    });
    const turn = select([['any', t('logistics.orientation.any')], ['upright', t('logistics.orientation.upright')]], item.orientations ?? 'any');
    turn.name = 'orientations';
    turn.dataset.testid = `${prefix}-item-orientations`;
    turn.setAttribute('aria-label', t('logistics.item.orientations'));
    const row = h('tr', { 'data-testid': `${prefix}-item-row` }, ...cells, h('td', {}, turn),
      h('td', {}, h('button', {
        type: 'button', class: 'btn btn-small btn-danger', 'data-testid': `${prefix}-item-remove`,
        onclick: () => { row.remove(); renumber(); },
      }, t('logistics.item.remove'))));
    body.append(row);
    renumber();
    return row;
  }
  /** Each remove button names its row ("Remove item 2"), also after rows were removed. */
  function renumber() {
    [...body.children].forEach((row, i) => row.querySelector('[data-testid$="-item-remove"]')
      ?.setAttribute('aria-label', t('logistics.item.remove_named', { n: i + 1 })));
  }
  (items ?? []).forEach((item) => addRow(item));
  const element = h('div', { class: 'stack-tight' },
    h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-compact items-table' },
        h('caption', { class: 'visually-hidden' }, t('logistics.items')),
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)),
          h('th', { scope: 'col' }, t('logistics.item.orientations')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('logistics.item.actions'))))),
        body)),
    h('div', {}, h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': `${prefix}-item-add`,
      onclick: () => addRow({ quantity: 1 }).querySelector('input')?.focus(),
    }, t('logistics.item.add'))));
  return {
    element,
    read() {
      return [...body.children].map((row) => {
        const value = (name) => row.querySelector(`[name="${name}"]`).value;
        const item = { id: value('id').trim() };
        for (const name of ['length', 'width', 'height', 'weight']) {
          const v = decimal(value(name));
          if (v !== undefined) item[name] = v;
        }
        const quantity = integer(value('quantity'));
        if (quantity !== undefined) item.quantity = quantity;
        item.orientations = value('orientations');
        return item;
      }).filter((item) => item.id || item.length !== undefined);
    },
  };
}

/** A small grid of labelled number inputs: [[name, label key, value]]. */
function numberFields(prefix, fields) {
  return h('div', { class: 'form-grid' }, fields.map(([name, key, value]) => field(`${prefix}-${name}`, t(key),
    input({ name, value: value ?? '', inputmode: 'decimal' }))));
}

// ---------- pack ----------

function packPage(main) {
  const error = alertBox('pack-error');
  const items = itemsEditor('pack', SAMPLE_ITEMS);
  const limit = input({ name: 'time_limit_seconds', value: '2', inputmode: 'decimal' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'pack-submit' }, t('logistics.pack.submit'));
  const sent = h('pre', { class: 'json-preview', 'data-testid': 'pack-request' });
  const form = h('form', { class: 'form entity-form panel-body', novalidate: true, 'data-testid': 'pack-form' },
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.container')),
      numberFields('pack-container', [['length', 'logistics.container.length', SAMPLE_CONTAINER.length],
        ['width', 'logistics.container.width', SAMPLE_CONTAINER.width], ['height', 'logistics.container.height', SAMPLE_CONTAINER.height],
        ['max_weight', 'logistics.container.max_weight', SAMPLE_CONTAINER.max_weight]])),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.items')), items.element),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.pack.options')),
      h('div', { class: 'form-grid' }, field('pack-time-limit', t('logistics.pack.time_limit'), limit))),
    error,
    h('div', { class: 'form-actions' }, submit),
    h('details', { class: 'json-details' }, h('summary', {}, t('logistics.pack.request_json')), sent));

  const viewer = createViewer({ testid: 'pack-viewer' });
  const overall = h('p', { class: 'form-info', role: 'status', 'data-testid': 'pack-overall' });
  const unpacked = h('div', { 'data-testid': 'pack-unpacked' });
  const result = panel('pack-result', t('logistics.pack.result'), h('div', { class: 'panel-body stack' }, overall, viewer.element, unpacked));
  result.hidden = true;

  function body() {
    const container = {};
    for (const name of ['length', 'width', 'height', 'max_weight']) {
      const v = decimal(form.querySelector(`#pack-container-${name}`).value);
      if (v !== undefined) container[name] = v;
    }
    const request = { container, items: items.read() };
    const seconds = decimal(limit.value);
    if (seconds !== undefined) request.time_limit_seconds = seconds;
    return request;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const request = body();
    sent.textContent = JSON.stringify(request, null, 2);
    const output = await busy(submit, error, () => api('POST', '/logistics/pack', request));
    if (!output) return;
    result.hidden = false;
    const containers = output.containers ?? [];
    const packed = containers.reduce((sum, c) => sum + (c.boxes?.length ?? 0), 0);
    const missing = (output.unpacked ?? []).reduce((sum, u) => sum + (Number(u.quantity) || 1), 0);
    overall.dataset.boxes = String(packed);
    overall.dataset.unpacked = String(missing);
    overall.textContent = t('logistics.pack.overall', {
      packed, total: packed + missing, utilization: percent(output.utilization), weight: num(output.weight),
      weight_utilization: output.weight_utilization != null ? percent(output.weight_utilization) : DASH,
      seconds: num(output.seconds, 3),
    });
    viewer.show(containers);
    unpacked.replaceChildren(...unpackedList(output.unpacked ?? []));
  });

  main.append(h('div', { class: 'stack' }, panel('pack-load', t('logistics.pack.load'), form), result));
  return () => viewer.destroy();
}

function unpackedList(list) {
  if (!list.length) return [h('p', { class: 'muted', 'data-testid': 'pack-unpacked-none' }, t('logistics.pack.all_packed'))];
  return [h('h3', { class: 'viewer-heading' }, t('logistics.pack.unpacked')),
    table('pack-unpacked-table', t('logistics.pack.unpacked'),
      [t('logistics.item.id'), numTh(t('logistics.item.quantity')), t('logistics.pack.reason')],
      list.map((entry) => h('tr', { 'data-testid': 'pack-unpacked-row', 'data-item': entry.item ?? '' },
        h('th', { scope: 'row' }, entry.item || DASH),
        h('td', { class: 'num' }, num(entry.quantity ?? 1, 0)),
        h('td', { class: 'wrap', 'data-testid': 'pack-unpacked-reason' }, entry.reason ?? DASH))))];
}

// ---------- fleet ----------

const vehicleName = (vehicles, id) => vehicles.find((v) => v.id === id)?.name ?? id;

function fleetPage(main) {
  let vehicles = [];
  let alive = true;
  const listBody = h('div', { 'data-testid': 'fleet-list', 'aria-live': 'polite' }, h('p', { class: 'muted panel-body' }, t('app.loading')));
  const calendar = fleetCalendar(() => vehicles);

  function renderList() {
    if (!vehicles.length) {
      listBody.replaceChildren(ui.emptyState(t('logistics.fleet.empty.title'), t(isAdmin() ? 'logistics.fleet.empty.admin' : 'logistics.fleet.empty.body')));
      return;
    }
    const list = table('fleet-table', t('logistics.fleet.vehicles'),
      [t('logistics.vehicle.name'), t('logistics.vehicle.type'), t('logistics.vehicle.cargo'), numTh(t('logistics.vehicle.payload')),
        t('logistics.vehicle.costs'), t('logistics.vehicle.capabilities'), t('logistics.vehicle.weekdays')],
      vehicles.map((v) => h('tr', { 'data-testid': 'vehicle-row', 'data-vehicle-id': v.id },
        h('th', { scope: 'row' }, v.name),
        h('td', {}, label('logistics.type', v.type)),
        h('td', {}, `${num(v.cargo_space?.length_cm, 1)} × ${num(v.cargo_space?.width_cm, 1)} × ${num(v.cargo_space?.height_cm, 1)} cm`),
        h('td', { class: 'num' }, `${num(v.max_payload_kg, 1)} kg`),
        h('td', { class: 'soft-wrap', 'data-testid': 'vehicle-costs' }, t('logistics.vehicle.cost_summary', {
          fixed: money(v.fixed_cost, v.currency), km: money(v.cost_per_km, v.currency), hour: money(v.cost_per_hour, v.currency),
        })),
        h('td', { class: 'soft-wrap' }, (v.capabilities ?? []).map((c) => label('logistics.capability', c)).join(', ') || DASH),
        h('td', { class: 'soft-wrap' }, workingDays(v.availability)))));
    list.querySelector('table').classList.add('table-compact');
    listBody.replaceChildren(list);
  }

  async function load() {
    try {
      const page = await api('GET', '/vehicles');
      if (!alive) return;
      vehicles = page?.items ?? [];
      renderList();
      calendar.load();
    } catch (err) {
      if (alive) listBody.replaceChildren(h('p', { class: 'error panel-body', role: 'alert' }, ui.errorMessage(err)));
    }
  }

  main.append(h('div', { class: 'stack' },
    panel('fleet-vehicles', t('logistics.fleet.vehicles'), listBody),
    calendar.element,
    isAdmin() ? vehicleForm((saved) => { vehicles = [...vehicles, saved]; renderList(); calendar.load(); }) : null));
  load();
  return () => { alive = false; calendar.stop(); };
}

function workingDays(availability) {
  const days = availability?.weekdays ?? WEEKDAYS;
  const names = WEEKDAYS.filter((d) => days.includes(d)).map((d) => t(`logistics.weekday_short.${d}`));
  return names.length === 7 ? t('logistics.every_day') : names.join(', ') || DASH;
}

/** One week, Monday to Sunday: each vehicle free, off, blocked or booked, from GET /vehicles/available (7 calls). */
function fleetCalendar(vehicles) {
  const start = parseDay(queryParam('week')) ?? new Date();
  let monday = new Date(start.getFullYear(), start.getMonth(), start.getDate() - ((start.getDay() + 6) % 7));
  let generation = 0;
  const title = h('span', { class: 'calendar-week', 'data-testid': 'calendar-week' });
  const body = h('div', { 'data-testid': 'fleet-calendar-body', 'aria-live': 'polite' });
  const move = (days) => { monday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + days); load(); };
  const element = h('section', { class: 'panel', 'aria-labelledby': 'fleet-calendar-title', 'data-testid': 'fleet-calendar-panel' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'fleet-calendar-title' }, t('logistics.calendar.title')),
      h('div', { class: 'form-actions' },
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'calendar-prev', onclick: () => move(-7) }, t('logistics.calendar.previous')),
        title,
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'calendar-next', onclick: () => move(7) }, t('logistics.calendar.next')))),
    body);

  async function load() {
    const mine = ++generation;
    const days = Array.from({ length: 7 }, (_, i) => isoDay(monday, i));
    title.textContent = t('logistics.calendar.week', { from: formatDay(days[0]), to: formatDay(days[6]) });
    const list = vehicles();
    if (!list.length) { body.replaceChildren(h('p', { class: 'muted panel-body' }, t('logistics.calendar.no_vehicles'))); return; }
    body.setAttribute('aria-busy', 'true');
    let answers;
    try {
      answers = await Promise.all(days.map((day) => api('GET', `/vehicles/available?date=${day}`)));
    } catch (err) {
      if (mine === generation) body.replaceChildren(h('p', { class: 'error panel-body', role: 'alert' }, ui.errorMessage(err)));
      return;
    } finally {
      if (mine === generation) body.removeAttribute('aria-busy');
    }
    if (mine !== generation) return;
    const today = isoDay();
    const cell = (vehicle, day, answer) => {
      const free = (answer?.available ?? []).some((v) => v.id === vehicle.id);
      const reason = (answer?.unavailable ?? []).find((u) => u.vehicle_id === vehicle.id);
      const state = free ? 'available' : reason?.code ?? 'unknown';
      return h('td', {
        class: 'calendar-cell', 'data-testid': 'calendar-cell', 'data-vehicle-id': vehicle.id, 'data-date': day, 'data-state': state,
        title: reason?.message ?? null,
      }, h('span', { class: 'calendar-mark', 'aria-hidden': 'true' }), label('logistics.availability', state),
      reason?.message ? h('span', { class: 'visually-hidden' }, `: ${reason.message}`) : null);
    };
    body.replaceChildren(h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-compact fleet-calendar', 'data-testid': 'fleet-calendar' },
        h('caption', { class: 'visually-hidden' }, title.textContent),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('logistics.vehicle.name')),
          days.map((day) => h('th', { scope: 'col', 'aria-current': day === today ? 'date' : null },
            h('a', { href: `#/logistics/bookings?date=${day}`, 'data-testid': 'calendar-day' },
              formatDate(parseDay(day), { weekday: 'short', day: 'numeric', month: 'short' })))))),
        h('tbody', {}, list.map((vehicle) => h('tr', { 'data-vehicle-id': vehicle.id },
          h('th', { scope: 'row' }, vehicle.name), days.map((day, i) => cell(vehicle, day, answers[i]))))))));
  }
  return { element, load, stop: () => { generation = -1; } };
}

/** Admins add vehicles: POST /vehicles; the server's field errors land next to the fields. */
function vehicleForm(onSaved) {
  const error = alertBox('vehicle-error');
  const done = statusLine('vehicle-done');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'vehicle-submit' }, t('logistics.vehicle.add'));
  const inputs = new Map(); // JSON path → control
  const fieldErrors = new Map();
  const control = (path, labelKey, el, hint) => {
    const id = `vehicle-${path.replace(/\./g, '-')}`;
    el.name = path;
    const message = h('p', { id: `${id}-error`, class: 'field-error', 'data-testid': `${id}-error` });
    inputs.set(path, el);
    fieldErrors.set(path, message);
    const wrap = field(id, t(labelKey), el, hint);
    el.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
    wrap.append(message);
    return wrap;
  };
  const text = (path, key, value = '', attrs = {}) => control(path, key, input({ value, ...attrs }));
  const type = select(VEHICLE_TYPES.map((v) => [v, label('logistics.type', v)]), 'van');
  const days = h('fieldset', { class: 'form-section weekdays', 'data-testid': 'vehicle-weekdays' },
    h('legend', {}, t('logistics.vehicle.weekdays')),
    h('div', { class: 'check-row' }, WEEKDAYS.map((day, i) => h('div', { class: 'check' },
      h('input', { type: 'checkbox', id: `vehicle-day-${day}`, value: day, checked: i < 5, 'data-testid': `vehicle-day-${day}` }),
      h('label', { for: `vehicle-day-${day}` }, t(`logistics.weekday.${day}`))))));
  const weekdaysError = h('p', { class: 'field-error', 'data-testid': 'vehicle-availability-error' });
  fieldErrors.set('availability', weekdaysError);
  const form = h('form', { class: 'form entity-form panel-body', novalidate: true, 'data-testid': 'vehicle-form' },
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.vehicle.identity')),
      h('div', { class: 'form-grid' },
        text('name', 'logistics.vehicle.name_field'),
        control('type', 'logistics.vehicle.type', type),
        text('capabilities', 'logistics.vehicle.capabilities', '', { placeholder: 'tail_lift, pallet_jack' }))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.vehicle.cargo_space')),
      h('div', { class: 'form-grid' },
        text('cargo_space.length_cm', 'logistics.vehicle.length_cm', '', { inputmode: 'decimal' }),
        text('cargo_space.width_cm', 'logistics.vehicle.width_cm', '', { inputmode: 'decimal' }),
        text('cargo_space.height_cm', 'logistics.vehicle.height_cm', '', { inputmode: 'decimal' }),
        text('max_payload_kg', 'logistics.vehicle.max_payload_kg', '', { inputmode: 'decimal' }))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.vehicle.costs')),
      h('div', { class: 'form-grid' },
        text('currency', 'logistics.vehicle.currency', 'USD', { maxlength: 3, class: 'input-short' }),
        text('fixed_cost', 'logistics.vehicle.fixed_cost', '', { inputmode: 'decimal' }),
        text('cost_per_km', 'logistics.vehicle.cost_per_km', '', { inputmode: 'decimal' }),
        text('cost_per_hour', 'logistics.vehicle.cost_per_hour', '', { inputmode: 'decimal' }),
        text('average_speed_kmh', 'logistics.vehicle.average_speed_kmh', '50', { inputmode: 'decimal' }))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.vehicle.depot')),
      h('div', { class: 'form-grid' },
        text('depot.latitude', 'logistics.vehicle.latitude', '', { inputmode: 'decimal' }),
        text('depot.longitude', 'logistics.vehicle.longitude', '', { inputmode: 'decimal' }))),
    days, weekdaysError,
    error, done,
    h('div', { class: 'form-actions' }, submit));

  function showFieldErrors(list) {
    for (const [path, message] of fieldErrors) {
      const mine = list.filter((e) => e.field === path || e.field.startsWith(`${path}.`) || e.field.startsWith(`${path}[`));
      message.textContent = mine.map((e) => e.message).join('; ');
      if (mine.length) inputs.get(path)?.setAttribute('aria-invalid', 'true');
      else inputs.get(path)?.removeAttribute('aria-invalid');
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    done.textContent = '';
    const value = (path) => inputs.get(path).value.trim();
    const number = (path) => decimal(value(path));
    const body = {
      name: value('name'),
      type: type.value,
      cargo_space: { length_cm: number('cargo_space.length_cm'), width_cm: number('cargo_space.width_cm'), height_cm: number('cargo_space.height_cm') },
      max_payload_kg: number('max_payload_kg'),
      currency: value('currency').toUpperCase(),
      fixed_cost: number('fixed_cost') ?? 0,
      cost_per_km: number('cost_per_km') ?? 0,
      cost_per_hour: number('cost_per_hour') ?? 0,
      average_speed_kmh: number('average_speed_kmh'),
      depot: { latitude: number('depot.latitude'), longitude: number('depot.longitude') },
      capabilities: value('capabilities').split(',').map((c) => c.trim()).filter(Boolean),
      availability: { weekdays: WEEKDAYS.filter((day) => form.querySelector(`#vehicle-day-${day}`).checked), extra_dates: [], blocked: [] },
    };
    showFieldErrors([]);
    const saved = await busy(submit, error, async () => {
      try {
        return await api('POST', '/vehicles', body);
      } catch (err) {
        showFieldErrors(err.fieldErrors ?? []);
        throw err;
      }
    });
    if (!saved) {
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    done.textContent = t('logistics.vehicle.added', { name: saved.name ?? body.name });
    for (const path of ['name', 'capabilities', 'cargo_space.length_cm', 'cargo_space.width_cm', 'cargo_space.height_cm', 'max_payload_kg']) inputs.get(path).value = '';
    onSaved(saved);
  });
  return panel('vehicle-new', t('logistics.vehicle.new'), form);
}

// ---------- bookings ----------

function bookingsPage(main) {
  const initial = parseDay(queryParam('date')) ? queryParam('date') : isoDay();
  const date = input({ type: 'date', value: initial, id: 'bookings-date', 'data-testid': 'bookings-date', class: 'input-date' });
  const error = alertBox('bookings-error');
  const list = h('div', { 'data-testid': 'bookings-list', 'aria-live': 'polite' });
  const viewer = createViewer({ testid: 'booking-viewer' });
  const viewerTitle = h('h2', { id: 'booking-layout-title', tabindex: '-1' }, t('logistics.bookings.layout'));
  const layoutPanel = h('section', { class: 'panel', 'aria-labelledby': 'booking-layout-title', 'data-testid': 'booking-layout', hidden: true },
    h('div', { class: 'panel-head' }, viewerTitle,
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'booking-layout-close', onclick: () => { layoutPanel.hidden = true; } }, t('logistics.bookings.close_layout'))),
    h('div', { class: 'panel-body' }, viewer.element));
  let vehicles = [];
  let generation = 0;

  async function load() {
    const mine = ++generation;
    const day = date.value;
    if (!parseDay(day)) return;
    history.replaceState(null, '', `#/logistics/bookings?date=${day}`);
    list.setAttribute('aria-busy', 'true');
    try {
      const [page, fleet] = await Promise.all([api('GET', `/bookings?date=${enc(day)}`),
        vehicles.length ? null : api('GET', '/vehicles').catch(() => null)]);
      if (mine !== generation) return;
      if (fleet) vehicles = fleet.items ?? [];
      render(page?.items ?? []);
    } catch (err) {
      if (mine === generation) list.replaceChildren(h('p', { class: 'error panel-body', role: 'alert' }, ui.errorMessage(err)));
    } finally {
      if (mine === generation) list.removeAttribute('aria-busy');
    }
  }

  function render(bookings) {
    if (!bookings.length) {
      list.replaceChildren(ui.emptyState(t('logistics.bookings.empty.title'), t('logistics.bookings.empty.body', { date: formatDay(date.value) }),
        h('a', { class: 'btn btn-primary', href: '#/logistics/book' }, t('logistics.book.tab'))));
      return;
    }
    list.replaceChildren(table('bookings-table', t('logistics.bookings.caption', { date: formatDay(date.value) }),
      [t('logistics.bookings.id'), t('logistics.bookings.status'), t('logistics.bookings.vehicles'), t('logistics.bookings.trip'),
        numTh(t('logistics.bookings.total')), t('logistics.bookings.actions')],
      bookings.map(bookingRow)));
  }

  function bookingRow(booking) {
    const actions = h('div', { class: 'form-actions' });
    const cancelBox = h('div', { class: 'cancel-box', hidden: true });
    const row = h('tr', { 'data-testid': 'booking-row', 'data-booking-id': booking.id, 'data-status': booking.status },
      h('th', { scope: 'row', class: 'soft-wrap' }, h('code', {}, booking.id), h('br'),
        h('span', { class: 'muted' }, booking.state?.cancellation_reason ? `${t('logistics.bookings.reason')}: ${booking.state.cancellation_reason}` : '')),
      h('td', {}, h('span', { class: 'status-badge', 'data-status': booking.status, 'data-testid': 'booking-status' }, label('logistics.status', booking.status))),
      h('td', { class: 'soft-wrap', 'data-testid': 'booking-vehicles' }, (booking.vehicles ?? []).map((v) => vehicleName(vehicles, v.vehicle_id)).join(', ')),
      h('td', { class: 'soft-wrap' }, tripText(booking.trip)),
      h('td', { class: 'num', 'data-testid': 'booking-total' }, money(booking.total?.amount, booking.total?.currency)),
      h('td', { class: 'wrap' }, actions, cancelBox));
    if (canBook()) {
      for (const status of booking.next_statuses ?? []) {
        const button = h('button', {
          type: 'button', class: `btn btn-small${status === 'cancelled' ? ' btn-danger' : ''}`, 'data-testid': `booking-action-${status}`,
        }, t(`logistics.bookings.to.${status}`));
        button.addEventListener('click', () => {
          if (status === 'cancelled') { openCancel(booking, cancelBox); return; }
          move(booking, status, undefined, button);
        });
        actions.append(button);
      }
    }
    if ((booking.layouts ?? []).length) {
      actions.append(h('button', {
        type: 'button', class: 'btn btn-small', 'data-testid': 'booking-view-layout', onclick: () => showLayout(booking),
      }, t('logistics.bookings.view_layout')));
    }
    return row;
  }

  function openCancel(booking, box) {
    const reason = input({ id: `cancel-reason-${booking.id}`, 'data-testid': 'booking-cancel-reason', required: true });
    const confirm = h('button', { type: 'submit', class: 'btn btn-small btn-danger', 'data-testid': 'booking-cancel-confirm' }, t('logistics.bookings.confirm_cancel'));
    const form = h('form', { class: 'cancel-form', novalidate: true },
      field(`cancel-reason-${booking.id}`, t('logistics.bookings.cancel_reason'), reason),
      h('div', { class: 'form-actions' }, confirm,
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => { box.hidden = true; } }, t('logistics.bookings.keep'))));
    reason.dataset.testid = 'booking-cancel-reason';
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!reason.value.trim()) {
        reason.setAttribute('aria-invalid', 'true');
        reason.focus();
        return;
      }
      move(booking, 'cancelled', reason.value.trim(), confirm);
    });
    box.replaceChildren(form);
    box.hidden = false;
    reason.focus();
  }

  async function move(booking, status, reason, button) {
    const body = { status };
    if (reason) body.reason = reason;
    const updated = await busy(button, error, () => api('PATCH', `/bookings/${enc(booking.id)}/status`, body));
    if (updated) load();
  }

  function showLayout(booking) {
    const names = (booking.layouts ?? []).length === (booking.vehicles ?? []).length
      ? booking.vehicles.map((v) => vehicleName(vehicles, v.vehicle_id)) : [];
    layoutPanel.hidden = false;
    viewerTitle.textContent = t('logistics.bookings.layout_of', { id: booking.id });
    viewer.show(booking.layouts, names);
    layoutPanel.scrollIntoView?.({ block: 'start' });
    viewerTitle.focus();
  }

  date.addEventListener('change', load);
  main.append(h('div', { class: 'stack' },
    h('section', { class: 'panel', 'aria-labelledby': 'bookings-title', 'data-testid': 'bookings-panel' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'bookings-title' }, t('logistics.bookings.title')),
        h('div', { class: 'field-inline' }, h('label', { for: 'bookings-date' }, t('logistics.bookings.date')), date)),
      h('div', { class: 'panel-body-tight' }, error),
      list),
    layoutPanel));
  load();
  return () => { generation = -1; viewer.destroy(); };
}

function tripText(trip) {
  if (!trip) return DASH;
  const parts = [];
  if (trip.distance_km != null) parts.push(t('logistics.trip.distance', { km: num(trip.distance_km, 1) }));
  else if (trip.pickup && trip.delivery) parts.push(t('logistics.trip.route'));
  const minutes = (Number(trip.loading_minutes) || 0) + (Number(trip.unloading_minutes) || 0);
  if (minutes) parts.push(t('logistics.trip.handling', { minutes }));
  return parts.join(' · ') || DASH;
}

// ---------- book transport ----------

function bookPage(main) {
  const error = alertBox('book-error');
  const done = h('div', { class: 'form-info', role: 'status', 'data-testid': 'book-done', hidden: true });
  const items = itemsEditor('book', SAMPLE_ITEMS.slice(0, 2).map((item) => ({ ...item, quantity: Math.min(item.quantity, 6) })));
  const calculate = h('button', { type: 'button', class: 'btn', 'data-testid': 'book-calculate' }, t('logistics.book.calculate'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'book-submit', hidden: !canBook() }, t('logistics.book.submit'));
  const date = input({ type: 'date', value: isoDay(new Date(), 1), class: 'input-date' });
  const form = h('form', { class: 'form entity-form panel-body', novalidate: true, 'data-testid': 'book-form' },
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.book.trip')),
      h('div', { class: 'form-grid' },
        field('book-date', t('logistics.book.date'), date),
        field('book-distance', t('logistics.book.distance_km'), input({ name: 'distance_km', inputmode: 'decimal', value: '35' }), t('logistics.book.distance_hint')),
        field('book-loading', t('logistics.book.loading_minutes'), input({ name: 'loading_minutes', inputmode: 'numeric', value: '20' })),
        field('book-unloading', t('logistics.book.unloading_minutes'), input({ name: 'unloading_minutes', inputmode: 'numeric', value: '20' })))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.book.coordinates')),
      h('div', { class: 'form-grid' },
        field('book-pickup-latitude', t('logistics.book.pickup_latitude'), input({ name: 'pickup_latitude', inputmode: 'decimal' })),
        field('book-pickup-longitude', t('logistics.book.pickup_longitude'), input({ name: 'pickup_longitude', inputmode: 'decimal' })),
        field('book-delivery-latitude', t('logistics.book.delivery_latitude'), input({ name: 'delivery_latitude', inputmode: 'decimal' })),
        field('book-delivery-longitude', t('logistics.book.delivery_longitude'), input({ name: 'delivery_longitude', inputmode: 'decimal' })))),
    h('fieldset', { class: 'form-section' }, h('legend', {}, t('logistics.book.load')),
      items.element,
      h('div', { class: 'form-grid' },
        field('book-capabilities', t('logistics.book.capabilities'), input({ name: 'required_capabilities', placeholder: 'tail_lift' }), t('logistics.book.capabilities_hint')))),
    error,
    h('div', { class: 'form-actions' }, calculate, submit),
    done);

  const viewer = createViewer({ testid: 'book-viewer' });
  const offerBody = h('div', { class: 'panel-body stack' });
  const offerPanel = panel('book-offer', t('logistics.book.offer'), offerBody);
  offerPanel.hidden = true;

  // One key per submission of the form as filled: a double click (or a retry after a lost answer) books once.
  let key = null;
  let booked = null; // {key, id}: the booking the current key made
  const forget = () => { key = null; };
  form.addEventListener('input', forget);
  form.addEventListener('change', forget);
  form.addEventListener('click', (event) => { if (event.target.closest('[data-testid="book-item-add"], [data-testid="book-item-remove"]')) forget(); });

  function body() {
    const value = (name) => form.elements[name].value;
    const trip = {};
    const distance = decimal(value('distance_km'));
    if (distance !== undefined) trip.distance_km = distance;
    const point = (prefix) => {
      const latitude = decimal(value(`${prefix}_latitude`)); const longitude = decimal(value(`${prefix}_longitude`));
      return latitude === undefined && longitude === undefined ? undefined : { latitude, longitude };
    };
    if (distance === undefined) {
      const pickup = point('pickup'); const delivery = point('delivery');
      if (pickup) trip.pickup = pickup;
      if (delivery) trip.delivery = delivery;
    }
    trip.loading_minutes = integer(value('loading_minutes')) ?? 0;
    trip.unloading_minutes = integer(value('unloading_minutes')) ?? 0;
    const capabilities = value('required_capabilities').split(',').map((c) => c.trim()).filter(Boolean);
    return { date: date.value, trip, load: { items: items.read(), required_capabilities: capabilities } };
  }

  function showOffer(offer) {
    offerPanel.hidden = false;
    const list = offer.vehicles ?? [];
    offerBody.replaceChildren(
      h('p', { class: 'offer-total' }, t('logistics.book.total'), ' ',
        h('strong', { 'data-testid': 'book-offer-total' }, money(offer.total?.amount, offer.total?.currency)),
        h('span', { class: 'muted' }, ` · ${formatDay(offer.date)} · ${t('logistics.book.vehicle_count', { count: list.length })}`)),
      ...list.map((vehicle) => h('div', { class: 'offer-vehicle', 'data-testid': 'book-offer-vehicle', 'data-vehicle-id': vehicle.vehicle_id },
        h('h3', { class: 'offer-vehicle-name' }, `${vehicle.name ?? vehicle.vehicle_id} · ${label('logistics.type', vehicle.type)}`),
        h('p', { class: 'muted' }, t('logistics.book.vehicle_load', { boxes: vehicle.box_count ?? DASH, weight: num(vehicle.weight_kg, 1) })),
        priceTable(vehicle.price))),
      viewer.element);
    const layouts = list.map((v) => v.layout).filter(Boolean);
    viewer.show(layouts, layouts.length === list.length ? list.map((v) => v.name ?? v.vehicle_id) : []);
  }

  calculate.addEventListener('click', async () => {
    done.hidden = true;
    const offer = await busy(calculate, error, () => api('POST', '/bookings/calculate-price', body()));
    if (offer) showOffer(offer);
    else offerPanel.hidden = true;
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    key ??= uuid();
    done.hidden = true;
    const answer = await busy(submit, error, () => postWithHeaders('/bookings', body(), { 'Idempotency-Key': key }));
    if (!answer) return;
    const booking = answer.data ?? {};
    const repeat = answer.status === 200 || (booked?.key === key && booked?.id === booking.id);
    booked = { key, id: booking.id };
    done.hidden = false;
    done.dataset.bookingId = booking.id ?? '';
    done.replaceChildren(
      h('span', {}, t(repeat ? 'logistics.book.already_booked' : 'logistics.book.booked', {
        id: booking.id ?? '', date: formatDay(booking.date), total: money(booking.total?.amount, booking.total?.currency),
      })), ' ',
      h('a', { href: `#/logistics/bookings?date=${booking.date ?? date.value}`, 'data-testid': 'book-booking-link' }, t('logistics.book.see_bookings')));
    if (Array.isArray(booking.layouts) && booking.layouts.length) {
      offerPanel.hidden = false;
      if (!offerBody.contains(viewer.element)) offerBody.append(viewer.element);
      viewer.show(booking.layouts, []);
    }
  });

  main.append(h('div', { class: 'stack' }, panel('book-panel', t('logistics.book.title'), form), offerPanel));
  return () => viewer.destroy();
}

function priceTable(price) {
  if (!price) return null;
  const currency = price.total?.currency ?? price.currency;
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-compact', 'data-testid': 'book-price-lines' },
      h('caption', { class: 'visually-hidden' }, t('logistics.book.price_lines')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('logistics.price.description')), numTh(t('logistics.price.quantity')),
        numTh(t('logistics.price.unit_price')), numTh(t('logistics.price.amount')))),
      h('tbody', {}, (price.lines ?? []).map((line) => h('tr', { 'data-testid': 'book-price-line', 'data-kind': line.kind ?? '' },
        h('th', { scope: 'row', class: 'soft-wrap' }, line.description || label('logistics.price.kind', line.kind)),
        h('td', { class: 'num' }, `${num(line.quantity, 4)} ${line.unit ?? ''}`),
        h('td', { class: 'num' }, money(line.unit_price, currency)),
        h('td', { class: 'num' }, money(line.amount, currency))))),
      h('tfoot', {},
        h('tr', {}, h('th', { scope: 'row', colspan: 3 }, t('logistics.price.subtotal')), h('td', { class: 'num' }, money(price.subtotal, currency))),
        h('tr', {}, h('th', { scope: 'row', colspan: 3 }, t('logistics.price.total')),
          h('td', { class: 'num', 'data-testid': 'book-price-total' }, h('strong', {}, money(price.total?.amount, currency)))))));
}
