// How the operations map answers the keyboard and keeps its popups in
// sight. Leaflet pans with the arrow keys only while the map's container
// itself has focus; once a marker or a zone inside it has focus (Tab), the
// keys went to the page, which scrolled instead. And Leaflet pans an
// opened popup clear of the map's edges but not of its own zoom control,
// which then covered the popup's title.

// Pan steps in pixels per arrow key (three times that with Shift), as
// Leaflet's own keyboard handler.
const STEP = 80;
const KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

// panWithKeys makes the arrow keys pan map, and + and - zoom it, whenever
// focus is anywhere inside its container (a focused marker or zone too),
// and never scroll the page meanwhile. Keys with Alt, Ctrl or Meta, and
// keys typed into a popup's form fields, are left alone. Returns a
// function that removes the listener.
export function panWithKeys(map) {
  const el = map.getContainer();
  function onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    if (e.target === el) return; // Leaflet's keyboard handler has it
    if (e.target.closest && e.target.closest('input, textarea, select')) return;
    const d = KEYS[e.key];
    if (d) {
      const k = e.shiftKey ? 3 * STEP : STEP;
      map.panBy([d[0] * k, d[1] * k]);
    } else if (e.key === '+' || e.key === '=') map.zoomIn();
    else if (e.key === '-') map.zoomOut();
    else return;
    e.preventDefault();
  }
  el.addEventListener('keydown', onKey);
  return () => el.removeEventListener('keydown', onKey);
}

// clearOfControls has every popup opened on map pan itself clear of the
// map's top-left controls (the zoom buttons): Leaflet's autoPan then keeps
// the popup right of and below them, with a margin. Controls in other
// corners are small and left to the default padding.
export function clearOfControls(map) {
  function onOpen(e) {
    const ctl = map.zoomControl && map.zoomControl.getContainer();
    if (!ctl) return;
    const m = map.getContainer().getBoundingClientRect();
    const c = ctl.getBoundingClientRect();
    const pad = window.L.point(Math.ceil(c.right - m.left) + 8, Math.ceil(c.bottom - m.top) + 8);
    const p = e.popup;
    if (p.options.autoPanPaddingTopLeft && pad.equals(window.L.point(p.options.autoPanPaddingTopLeft))) return;
    p.options.autoPanPaddingTopLeft = pad;
    p.update(); // lays the popup out again and pans it with the new padding
  }
  map.on('popupopen', onOpen);
  return () => map.off('popupopen', onOpen);
}
