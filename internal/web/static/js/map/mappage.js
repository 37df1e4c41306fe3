// The common operating picture: a Leaflet map centred on Syria over the
// offline basemap (or an online tile server if the node configures one),
// with layer toggles, a legend built from the enabled layers, and a time
// slider whose moment every layer is told about.
import { removeMap, keepFitted } from './lifecycle.js';
import { h, fill } from '../dom.js';
import { t, currentLang } from '../i18n.js';
import { api } from '../api.js';
import { layers } from './layers/index.js';
import { timeSlider } from './timeslider.js';
import { addPanes } from './panes.js';
import { panWithKeys, clearOfControls } from './interaction.js';
import * as live from '../live.js';

export async function render(main, ctx) {
  main.classList.add('full');
  const mapEl = h('div', { id: 'map', role: 'region', 'aria-label': t('map.label'), tabindex: '0' });
  const toggles = h('fieldset', { id: 'layer-toggles' }, h('legend', {}, t('map.layers')));
  const legend = h('div', { id: 'legend' });
  const slider = timeSlider();
  const tools = h('aside', { class: 'maptools', 'aria-label': t('map.tools') },
    h('h1', { class: 'visually-hidden' }, t('nav.map')),
    toggles,
    // The legend before the time controls: it stays on screen however
    // many layers and however long the words of the language.
    h('h2', {}, t('map.legend')), legend,
    h('h2', {}, t('map.time')), slider.el,
    h('p', { class: 'map-disclaimer' }, t('map.disclaimer')));
  fill(main, h('div', { class: 'mapwrap' }, mapEl, tools));

  const cfg = await api('/api/v1/ui/config');
  const L = window.L;
  const map = L.map(mapEl, { zoomSnap: 0.5, minZoom: 4, maxZoom: 14, worldCopyJump: false });
  // The first view is the monitored area, fitted to the window (and
  // fitted again as the layout settles, until the user moves the map).
  if (!cfg.bounds) map.setView(cfg.center, cfg.zoom);
  const stopFitting = keepFitted(map, cfg.bounds);
  addPanes(map);
  const offKeys = panWithKeys(map);
  const offPopups = clearOfControls(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="Leaflet">Leaflet</a>');
  map.attributionControl.addAttribution(cfg.basemap_attribution);
  map.attributionControl.addAttribution(cfg.places_attribution);

  const lctx = { map, api, t, live, lang: currentLang(), me: ctx.me, partyName: ctx.partyName || ((p) => p), config: cfg, time: null, window: null };
  const active = new Map(); // id → instance

  function drawLegend() {
    const rows = [];
    for (const def of layers) {
      if (!active.has(def.id)) continue;
      for (const item of def.legend || []) {
        // A glyph (an SVG element) is cloned: the legend is redrawn.
        rows.push(h('div', { class: 'legend-row' }, item.glyph ? h('span', { class: 'swatch glyph' }, item.glyph.cloneNode(true))
          : h('span', { class: `swatch ${item.shape || ''}`, style: `background:${item.fill || 'transparent'};border-color:${item.color}` }),
          t(item.label)));
      }
    }
    fill(legend, ...(rows.length ? rows : [h('p', { class: 'map-disclaimer' }, t('map.legend_empty'))]));
  }

  let closed = false; // the page was left: layers still loading are destroyed as they arrive
  async function enable(def) {
    if (active.has(def.id)) return;
    active.set(def.id, null);
    try {
      const inst = await def.create(lctx);
      if (closed || !active.has(def.id)) { // switched off, or the page left, while it loaded
        inst.layer.remove();
        if (inst.destroy) inst.destroy();
        return;
      }
      active.set(def.id, inst);
      inst.layer.addTo(map);
      if (inst.setTime) inst.setTime(lctx.time, lctx.window);
    } catch (e) {
      active.delete(def.id);
      console.error(`layer ${def.id}:`, e);
    }
    drawLegend();
  }

  function disable(def) {
    const inst = active.get(def.id);
    active.delete(def.id);
    if (inst) { inst.layer.remove(); if (inst.destroy) inst.destroy(); }
    drawLegend();
  }

  // available may be a promise (a layer asking the API whether its
  // service exists on this node).
  const shown = await Promise.all(layers.map(async (d) => { try { return !d.available || await d.available(lctx); } catch { return false; } }));
  const available = layers.filter((d, i) => shown[i]);
  for (const def of available) {
    const box = h('input', { type: 'checkbox', id: `layer-${def.id}`, checked: def.defaultOn });
    box.addEventListener('change', () => (box.checked ? enable(def) : disable(def)));
    toggles.append(h('label', { for: `layer-${def.id}` }, box, t(def.title)));
  }
  drawLegend();
  // Listening before the layers load: a moment chosen meanwhile reaches
  // each layer as it is added (enable passes lctx.time on).
  slider.onChange((time, win) => {
    lctx.time = time;
    lctx.window = win;
    for (const inst of active.values()) if (inst && inst.setTime) inst.setTime(time, win);
  });
  await Promise.all(available.filter((d) => d.defaultOn).map(enable));

  // The slider reaches back to the earliest incident (the first day of
  // the aggregates, which come ordered by day).
  api('/api/v1/incidents/aggregates').then((r) => {
    const first = (r.items || [])[0];
    if (first && first.day) slider.setStart(new Date(`${first.day}T00:00:00Z`));
  }).catch((e) => console.warn('time slider range', e));
  return () => {
    closed = true;
    for (const inst of active.values()) if (inst && inst.destroy) inst.destroy();
    slider.destroy();
    offKeys();
    offPopups();
    stopFitting();
    removeMap(map);
  };
}
