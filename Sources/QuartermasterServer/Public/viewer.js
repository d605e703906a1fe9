// A 3D layout viewer for packed containers, drawn on a plain 2D canvas (no WebGL, no library, so it
// also works where there is no GPU): our own perspective projection, faces painted back to front.
//
// Coordinates are the packer's: (x, y, z) a box's lowest corner, (dx, dy, dz) its placed extents, z up.
// Boxes of a layout never overlap, so for any two of them there is an axis-aligned plane between them;
// the one on the camera's side of that plane can never be hidden by the other, which gives the order
// in which to paint them (a topological sort; the distance of their centres breaks any cycle).
//
// Orbit: drag (or the arrow keys). Zoom: the wheel, the +/− buttons (or the + and − keys). Pick: click
// a box (or N / P to step through them); the panel beside the canvas says which item it is, where it is
// and how big. Colours are per item, listed in the legend. window.__qmViewer exposes the viewer on
// screen to tests: count(), pick(index), selected(), pointFor(index) (a client point where that box is
// in front), pickAt(clientX, clientY).
import { h } from './dom.js';
import { t, intlLocale } from './i18n.js';

const DEG = Math.PI / 180;
const DEFAULT_VIEW = { yaw: -58 * DEG, pitch: 26 * DEG, zoom: 1 };
const MIN_ZOOM = 0.35;
const MAX_ZOOM = 8;
const SORT_LIMIT = 600; // beyond this many boxes, paint by centre distance only (fast, rarely wrong)

const num = (value, digits = 1) => (Number.isFinite(Number(value))
  ? new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits }).format(Number(value)) : '—');
export const percent = (ratio) => (Number.isFinite(Number(ratio))
  ? new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(ratio)) : '—');

/** A distinct colour per item, by its rank among the layout's items (golden-angle hues). */
function palette(items) {
  const colours = new Map();
  items.forEach((item, index) => colours.set(item, { hue: (index * 137.508 + 200) % 360, sat: index % 2 ? 58 : 68 }));
  return colours;
}
const hsl = (c, light, alpha = 1) => `hsl(${c.hue.toFixed(1)} ${c.sat}% ${light}% / ${alpha})`;
/** A colour chip; the colour is set through the CSSOM (the page's CSP refuses style attributes). */
function swatch(colour) {
  const chip = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  if (colour) chip.style.backgroundColor = hsl(colour, 58);
  return chip;
}

/** Everything the server may call a box's item or size, as numbers. */
function normalBox(box, index) {
  const n = (v) => (Number.isFinite(Number(v)) ? Number(v) : 0);
  return {
    index, item: String(box.item ?? ''), x: n(box.x), y: n(box.y), z: n(box.z), dx: n(box.dx), dy: n(box.dy), dz: n(box.dz),
    weight: box.weight, orientation: box.orientation,
  };
}

/**
 * createViewer({testid}) → {element, show(containers), destroy()}. `containers` as the pack output gives
 * them: [{length, width, height, boxes: [...], max_weight?, utilization?, weight?, center_of_gravity?}].
 * `labels` (optional) names each container (a vehicle's name).
 */
export function createViewer({ testid = 'viewer', labels = [] } = {}) {
  let containers = [];
  let names = labels;
  let current = 0;
  let boxes = [];
  let colours = new Map();
  let selected = -1;
  let highlight = null; // an item whose boxes stand out (from the legend)
  let view = { ...DEFAULT_VIEW };
  let projected = null; // the last frame: per box its visible faces in canvas pixels, and the paint order
  let frame = 0;

  const canvas = h('canvas', {
    class: 'viewer-canvas', tabindex: '0', role: 'img', 'data-testid': `${testid}-canvas`,
    'aria-describedby': `${testid}-help`,
  });
  const ctx = canvas.getContext('2d');
  const switcher = h('div', { class: 'viewer-switcher', role: 'group', 'aria-label': t('viewer.containers'), 'data-testid': `${testid}-containers`, hidden: true });
  const summary = h('dl', { class: 'viewer-summary', 'data-testid': `${testid}-summary` });
  const legend = h('ul', { class: 'viewer-legend plain', 'data-testid': `${testid}-legend`, 'aria-label': t('viewer.legend') });
  const selection = h('div', { class: 'viewer-selection', 'data-testid': `${testid}-selection`, 'aria-live': 'polite' });
  const button = (key, label, onclick, text) => h('button', {
    type: 'button', class: 'btn btn-small', 'data-testid': `${testid}-${key}`, 'aria-label': label, title: label, onclick,
  }, text ?? label);
  const controls = h('div', { class: 'viewer-controls' },
    button('zoom-in', t('viewer.zoom_in'), () => zoomBy(1.25), '+'),
    button('zoom-out', t('viewer.zoom_out'), () => zoomBy(1 / 1.25), '−'),
    button('reset', t('viewer.reset'), () => { view = { ...DEFAULT_VIEW }; draw(); }, t('viewer.reset')));
  const empty = h('p', { class: 'muted viewer-empty', 'data-testid': `${testid}-empty` }, t('viewer.empty'));
  const stage = h('div', { class: 'viewer-stage' }, canvas, controls);
  const element = h('section', { class: 'viewer', 'data-testid': testid, 'aria-label': t('viewer.title') },
    switcher,
    h('div', { class: 'viewer-body' },
      h('div', { class: 'viewer-main' }, stage,
        h('p', { id: `${testid}-help`, class: 'field-hint muted' }, t('viewer.help'))),
      h('div', { class: 'viewer-side' }, summary, selection,
        h('h3', { class: 'viewer-heading' }, t('viewer.legend')), legend)),
    empty);

  // ---------- projection ----------

  function camera() {
    const c = containers[current];
    const L = Number(c?.length) || 1; const W = Number(c?.width) || 1; const H = Number(c?.height) || 1;
    const centre = [L / 2, W / 2, H / 2];
    const radius = Math.hypot(L, W, H) / 2 || 1;
    const v = [Math.cos(view.pitch) * Math.cos(view.yaw), Math.cos(view.pitch) * Math.sin(view.yaw), Math.sin(view.pitch)];
    const f = [-v[0], -v[1], -v[2]];
    let r = [f[1], -f[0], 0]; // forward × up(0, 0, 1)
    const rl = Math.hypot(r[0], r[1]) || 1;
    r = [r[0] / rl, r[1] / rl, 0];
    const u = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]];
    const distance = radius * 3.2;
    const width = canvas.width; const height = canvas.height;
    const scale = (Math.min(width, height) * 0.44 / radius) * view.zoom;
    const eye = [centre[0] + v[0] * distance, centre[1] + v[1] * distance, centre[2] + v[2] * distance];
    return {
      eye, L, W, H,
      project([x, y, z]) {
        const d = [x - centre[0], y - centre[1], z - centre[2]];
        const depth = d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
        const s = distance / Math.max(distance - depth, radius * 0.05);
        return [width / 2 + scale * s * (d[0] * r[0] + d[1] * r[1] + d[2] * r[2]),
          height / 2 - scale * s * (d[0] * u[0] + d[1] * u[1] + d[2] * u[2])];
      },
    };
  }

  /** The faces of a box that look toward the eye: [{axis, points: [[sx, sy] ×4]}]. */
  function visibleFaces(box, cam) {
    const x0 = box.x; const x1 = box.x + box.dx; const y0 = box.y; const y1 = box.y + box.dy; const z0 = box.z; const z1 = box.z + box.dz;
    const faces = [];
    const [ex, ey, ez] = cam.eye;
    if (ex > x1) faces.push({ axis: 0, corners: [[x1, y0, z0], [x1, y1, z0], [x1, y1, z1], [x1, y0, z1]] });
    else if (ex < x0) faces.push({ axis: 0, corners: [[x0, y0, z0], [x0, y1, z0], [x0, y1, z1], [x0, y0, z1]] });
    if (ey > y1) faces.push({ axis: 1, corners: [[x0, y1, z0], [x1, y1, z0], [x1, y1, z1], [x0, y1, z1]] });
    else if (ey < y0) faces.push({ axis: 1, corners: [[x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]] });
    if (ez > z1) faces.push({ axis: 2, corners: [[x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]] });
    else if (ez < z0) faces.push({ axis: 2, corners: [[x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0]] });
    return faces.map((face) => ({ axis: face.axis, points: face.corners.map((p) => cam.project(p)) }));
  }

  /** -1 when a must be painted before b (a is behind), 1 after, 0 when either order is right. */
  function behind(a, b, eye) {
    const lo = (box, k) => [box.x, box.y, box.z][k];
    const hi = (box, k) => [box.x + box.dx, box.y + box.dy, box.z + box.dz][k];
    for (let k = 0; k < 3; k += 1) {
      if (hi(a, k) <= lo(b, k)) { // a on the low side of a plane, b on the high side
        if (eye[k] >= lo(b, k)) return -1;
        if (eye[k] <= hi(a, k)) return 1;
      } else if (hi(b, k) <= lo(a, k)) {
        if (eye[k] >= lo(a, k)) return 1;
        if (eye[k] <= hi(b, k)) return -1;
      }
    }
    return 0;
  }

  /** Box indexes in painting order, back to front. */
  function paintOrder(faces, cam) {
    const distance = boxes.map((box) => {
      const c = [box.x + box.dx / 2 - cam.eye[0], box.y + box.dy / 2 - cam.eye[1], box.z + box.dz / 2 - cam.eye[2]];
      return Math.hypot(...c);
    });
    const byDistance = boxes.map((_, i) => i).sort((a, b) => distance[b] - distance[a]);
    if (boxes.length > SORT_LIMIT) return byDistance;
    const bounds = faces.map((list) => {
      const xs = list.flatMap((f) => f.points.map((p) => p[0])); const ys = list.flatMap((f) => f.points.map((p) => p[1]));
      return xs.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] : null;
    });
    const before = boxes.map(() => []); // before[i]: boxes to paint before i
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = bounds[i]; const b = bounds[j];
        if (!a || !b || a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]) continue;
        const side = behind(boxes[i], boxes[j], cam.eye);
        if (side < 0) before[j].push(i);
        else if (side > 0) before[i].push(j);
      }
    }
    const order = [];
    const state = new Uint8Array(boxes.length); // 0 new, 1 on the stack, 2 done
    for (const start of byDistance) {
      if (state[start]) continue;
      const stack = [[start, 0]];
      state[start] = 1;
      while (stack.length) {
        const top = stack[stack.length - 1];
        const [node, next] = top;
        if (next < before[node].length) {
          top[1] += 1;
          const dep = before[node][next];
          if (!state[dep]) { state[dep] = 1; stack.push([dep, 0]); } // a cycle (state 1) is simply skipped
        } else {
          state[node] = 2;
          order.push(node);
          stack.pop();
        }
      }
    }
    return order;
  }

  // ---------- drawing ----------

  function fitCanvas() {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  }

  function polygon(points) {
    ctx.beginPath();
    points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
  }

  function draw() {
    cancelAnimationFrame(frame);
    frame = 0;
    if (!ctx) return;
    fitCanvas();
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (!containers.length) { projected = null; return; }
    const cam = camera();
    const ratio = window.devicePixelRatio || 1;
    const { L, W, H } = cam;
    const corner = (i) => [(i & 1) ? L : 0, (i & 2) ? W : 0, (i & 4) ? H : 0];
    const P = Array.from({ length: 8 }, (_, i) => cam.project(corner(i)));

    // The floor, then the walls' back edges.
    polygon([P[0], P[1], P[3], P[2]]);
    ctx.fillStyle = dark ? 'rgba(123,147,255,0.08)' : 'rgba(59,91,219,0.06)';
    ctx.fill();
    const edges = [[0, 1], [2, 3], [4, 5], [6, 7], [0, 2], [1, 3], [4, 6], [5, 7], [0, 4], [1, 5], [2, 6], [3, 7]];
    ctx.lineWidth = 1 * ratio;
    ctx.strokeStyle = dark ? 'rgba(229,232,237,0.35)' : 'rgba(26,33,48,0.3)';
    ctx.setLineDash([4 * ratio, 4 * ratio]);
    for (const [a, b] of edges) { ctx.beginPath(); ctx.moveTo(...P[a]); ctx.lineTo(...P[b]); ctx.stroke(); }
    ctx.setLineDash([]);

    const faces = boxes.map((box) => visibleFaces(box, cam));
    const order = paintOrder(faces, cam);
    const shade = [0, -9, 10]; // x faces, y faces, top and bottom
    for (const i of order) {
      const box = boxes[i];
      const colour = colours.get(box.item);
      const dim = highlight && highlight !== box.item;
      for (const face of faces[i]) {
        polygon(face.points);
        ctx.fillStyle = hsl(colour, (dark ? 46 : 58) + shade[face.axis], dim ? 0.18 : 0.95);
        ctx.fill();
        ctx.strokeStyle = dim ? 'rgba(90,99,114,0.25)' : hsl(colour, dark ? 20 : 28, 0.9);
        ctx.lineWidth = 1 * ratio;
        ctx.stroke();
      }
    }
    // The container's outline on top, then the picked box's outline (visible even when hidden).
    ctx.strokeStyle = dark ? 'rgba(229,232,237,0.75)' : 'rgba(26,33,48,0.7)';
    ctx.lineWidth = 1.5 * ratio;
    const eye = cam.eye;
    for (const [a, b] of edges) {
      const mid = corner(a).map((v, k) => (v + corner(b)[k]) / 2);
      // Front edges only: an edge is in front when the eye is outside the container on a side it bounds.
      const front = mid.some((v, k) => (v === 0 && eye[k] < 0) || (v === [L, W, H][k] && eye[k] > [L, W, H][k]));
      if (!front) continue;
      ctx.beginPath(); ctx.moveTo(...P[a]); ctx.lineTo(...P[b]); ctx.stroke();
    }
    if (selected >= 0 && boxes[selected]) {
      const box = boxes[selected];
      const q = Array.from({ length: 8 }, (_, i) => cam.project([
        box.x + ((i & 1) ? box.dx : 0), box.y + ((i & 2) ? box.dy : 0), box.z + ((i & 4) ? box.dz : 0)]));
      ctx.strokeStyle = dark ? '#ffd43b' : '#e8590c';
      ctx.lineWidth = 2.5 * ratio;
      for (const [a, b] of edges) { ctx.beginPath(); ctx.moveTo(...q[a]); ctx.lineTo(...q[b]); ctx.stroke(); }
    }
    projected = { faces, order };
  }

  const redraw = () => { if (!frame) frame = requestAnimationFrame(draw); };

  // ---------- picking ----------

  function inside([px, py], points) {
    let hit = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i, i += 1) {
      const [xi, yi] = points[i]; const [xj, yj] = points[j];
      if ((yi > py) !== (yj > py) && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit;
    }
    return hit;
  }

  /** The front-most box under a canvas pixel, or -1. */
  function boxAt(point) {
    if (!projected) draw();
    if (!projected) return -1;
    const { faces, order } = projected;
    for (let k = order.length - 1; k >= 0; k -= 1) {
      const i = order[k];
      if (faces[i].some((face) => inside(point, face.points))) return i;
    }
    return -1;
  }

  function toCanvas(clientX, clientY) {
    const rect = canvas.getBoundingClientRect();
    return [(clientX - rect.left) * (canvas.width / rect.width), (clientY - rect.top) * (canvas.height / rect.height)];
  }

  function select(index) {
    selected = index >= 0 && index < boxes.length ? index : -1;
    renderSelection();
    draw();
    return selected;
  }

  function renderSelection() {
    if (selected < 0) {
      selection.dataset.index = '';
      selection.dataset.item = '';
      selection.replaceChildren(h('p', { class: 'muted', 'data-testid': `${testid}-selection-none` }, t('viewer.pick_hint')));
      return;
    }
    const box = boxes[selected];
    selection.dataset.index = String(selected);
    selection.dataset.item = box.item;
    const fact = (key, value, id) => [h('dt', {}, t(`viewer.box.${key}`)), h('dd', { 'data-testid': id ? `${testid}-${id}` : null }, value)];
    selection.replaceChildren(
      h('h3', { class: 'viewer-heading' }, t('viewer.selected', { n: selected + 1, count: boxes.length })),
      h('dl', { class: 'viewer-facts' },
        fact('item', h('span', { class: 'viewer-item' }, swatch(colours.get(box.item)), box.item), 'selected-item'),
        fact('position', `x ${num(box.x)} · y ${num(box.y)} · z ${num(box.z)}`, 'selected-position'),
        fact('size', `${num(box.dx)} × ${num(box.dy)} × ${num(box.dz)}`, 'selected-size'),
        box.weight != null ? fact('weight', num(box.weight, 2)) : null,
        Array.isArray(box.orientation) ? fact('orientation', box.orientation.join(' · ')) : null));
  }

  // ---------- interaction ----------

  function zoomBy(factor) {
    view.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, view.zoom * factor));
    redraw();
  }

  let drag = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false, yaw: view.yaw, pitch: view.pitch };
    canvas.setPointerCapture?.(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag || drag.id !== event.pointerId) return;
    const dx = event.clientX - drag.x; const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    view.yaw = drag.yaw - dx * 0.008;
    view.pitch = Math.min(89 * DEG, Math.max(-12 * DEG, drag.pitch + dy * 0.008));
    canvas.classList.add('is-dragging');
    redraw();
  });
  const endDrag = (event) => {
    if (!drag || drag.id !== event.pointerId) return;
    const wasClick = !drag.moved && event.type === 'pointerup';
    drag = null;
    canvas.classList.remove('is-dragging');
    if (wasClick) select(boxAt(toCanvas(event.clientX, event.clientY)));
  };
  canvas.addEventListener('pointerup', endDrag);
  canvas.addEventListener('pointercancel', endDrag);
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoomBy(Math.exp(-Math.max(-200, Math.min(200, event.deltaY)) * 0.0015));
  }, { passive: false });
  canvas.addEventListener('keydown', (event) => {
    const step = 6 * DEG;
    const keys = {
      ArrowLeft: () => { view.yaw += step; }, ArrowRight: () => { view.yaw -= step; },
      ArrowUp: () => { view.pitch = Math.min(89 * DEG, view.pitch + step); },
      ArrowDown: () => { view.pitch = Math.max(-12 * DEG, view.pitch - step); },
      '+': () => zoomBy(1.25), '=': () => zoomBy(1.25), '-': () => zoomBy(1 / 1.25),
      n: () => select(boxes.length ? (selected + 1) % boxes.length : -1),
      p: () => select(boxes.length ? (selected - 1 + boxes.length) % boxes.length : -1),
      Escape: () => select(-1), 0: () => { view = { ...DEFAULT_VIEW }; },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
    redraw();
  });
  const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => redraw()) : null;
  resize?.observe(canvas);

  // ---------- content ----------

  function renderSwitcher() {
    switcher.hidden = containers.length < 2;
    switcher.replaceChildren(...containers.map((c, i) => h('button', {
      type: 'button', class: 'chip viewer-tab', 'aria-pressed': String(i === current), 'data-testid': `${testid}-container`,
      'data-index': i, onclick: () => showContainer(i),
    }, names[i] ? `${names[i]}` : t('viewer.container_n', { n: i + 1 }),
    h('span', { class: 'viewer-tab-util' }, ` · ${percent(c.utilization ?? utilisation(c))}`))));
  }

  function utilisation(c) {
    const volume = (Number(c.length) || 0) * (Number(c.width) || 0) * (Number(c.height) || 0);
    const used = (c.boxes ?? []).reduce((sum, b) => sum + (Number(b.dx) || 0) * (Number(b.dy) || 0) * (Number(b.dz) || 0), 0);
    return volume > 0 ? used / volume : null;
  }

  function renderSummary() {
    const c = containers[current];
    const weight = c.weight ?? boxes.reduce((sum, b) => sum + (Number(b.weight) || 0), 0);
    const fact = (key, value, id, data = {}) => h('div', { class: 'count' }, h('dt', {}, t(`viewer.summary.${key}`)),
      h('dd', { 'data-testid': `${testid}-${id}`, ...data }, value));
    summary.replaceChildren(
      fact('dimensions', `${num(c.length)} × ${num(c.width)} × ${num(c.height)}`, 'dimensions'),
      fact('boxes', num(boxes.length, 0), 'box-count', { 'data-count': boxes.length }),
      fact('volume', percent(c.utilization ?? utilisation(c)), 'utilization', { 'data-value': c.utilization ?? utilisation(c) ?? '' }),
      fact('weight', c.max_weight != null ? t('viewer.weight_of', { weight: num(weight, 2), max: num(c.max_weight, 2) }) : num(weight, 2), 'weight'),
      c.center_of_gravity ? fact('gravity', `x ${num(c.center_of_gravity.x)} · y ${num(c.center_of_gravity.y)} · z ${num(c.center_of_gravity.z)}`, 'gravity') : null);
    canvas.setAttribute('aria-label', t('viewer.canvas_label', {
      count: boxes.length, container: names[current] || t('viewer.container_n', { n: current + 1 }),
      utilization: percent(c.utilization ?? utilisation(c)),
    }));
  }

  function renderLegend() {
    const counts = new Map();
    for (const box of boxes) counts.set(box.item, (counts.get(box.item) ?? 0) + 1);
    legend.replaceChildren(...[...counts].map(([item, count]) => h('li', {},
      h('button', {
        type: 'button', class: 'viewer-legend-item', 'data-testid': `${testid}-legend-item`, 'data-item': item, 'data-count': count,
        'aria-pressed': String(highlight === item),
        onclick: () => {
          highlight = highlight === item ? null : item;
          for (const entry of legend.querySelectorAll('button')) entry.setAttribute('aria-pressed', String(entry.dataset.item === highlight));
          draw();
        },
      }, swatch(colours.get(item)),
      h('span', { class: 'viewer-legend-name' }, item), h('span', { class: 'muted' }, `× ${count}`)))));
  }

  function showContainer(index) {
    current = Math.max(0, Math.min(index, containers.length - 1));
    boxes = (containers[current]?.boxes ?? []).map(normalBox);
    const items = [...new Set(containers.flatMap((c) => (c.boxes ?? []).map((b) => String(b.item ?? ''))))];
    colours = palette(items);
    selected = -1;
    highlight = null;
    renderSwitcher();
    renderSummary();
    renderLegend();
    renderSelection();
    draw();
  }

  function show(list, newLabels = []) {
    containers = (Array.isArray(list) ? list : []).filter((c) => c && typeof c === 'object');
    names = newLabels;
    element.dataset.containers = String(containers.length);
    const hasContent = containers.length > 0;
    element.querySelector('.viewer-body').hidden = !hasContent;
    empty.hidden = hasContent;
    switcher.hidden = true;
    view = { ...DEFAULT_VIEW };
    if (!hasContent) { boxes = []; projected = null; return; }
    showContainer(0);
    window.__qmViewer = hook; // the viewer on screen, for tests
  }

  const hook = {
    testid,
    count: () => boxes.length,
    container: () => current,
    showContainer: (i) => showContainer(i),
    pick: (index) => select(index),
    box: (index) => (boxes[index] ? { ...boxes[index] } : null),
    selected: () => (selected >= 0 ? { index: selected, ...boxes[selected] } : null),
    pickAt: (clientX, clientY) => select(boxAt(toCanvas(clientX, clientY))),
    /** A client point where box `index` is in front (a visible face's centre), or null. */
    pointFor(index) {
      draw();
      if (!projected || !projected.faces[index]) return null;
      const rect = canvas.getBoundingClientRect();
      const area = (pts) => Math.abs(pts.reduce((sum, [x, y], i) => {
        const [nx, ny] = pts[(i + 1) % pts.length];
        return sum + x * ny - nx * y;
      }, 0)) / 2;
      const faces = [...projected.faces[index]].sort((a, b) => area(b.points) - area(a.points)); // the largest face first
      for (const face of faces) {
        const cx = face.points.reduce((s, p) => s + p[0], 0) / face.points.length;
        const cy = face.points.reduce((s, p) => s + p[1], 0) / face.points.length;
        if (boxAt([cx, cy]) === index && cx >= 0 && cy >= 0 && cx <= canvas.width && cy <= canvas.height) {
          return { x: rect.left + cx * (rect.width / canvas.width), y: rect.top + cy * (rect.height / canvas.height) };
        }
      }
      return null;
    },
  };

  show([]);
  return {
    element,
    show,
    destroy() {
      resize?.disconnect();
      cancelAnimationFrame(frame);
      if (window.__qmViewer === hook) delete window.__qmViewer;
    },
  };
}
