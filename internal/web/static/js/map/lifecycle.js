// The end of a Leaflet map's life. Leaflet 1.9.4 finishes an animated zoom
// 250 ms after it starts by moving the map's panes; if the map was removed
// meanwhile (the user left the page), the panes are gone and it throws
// "Cannot read properties of undefined (reading '_leaflet_pos')". The same
// holds for a size check queued before the removal.

// removeMap removes map now, or, if a zoom animation is running, once it
// has ended (Leaflet fires zoomend at its end).
export function removeMap(map) {
  if (map._animatingZoom) {
    map.once('zoomend', () => map.remove());
    return;
  }
  map.remove();
}

// settleSize has map measure its container again once the layout has
// settled (after the current task), unless removed() says it is gone.
export function settleSize(map, removed) {
  setTimeout(() => { if (!removed()) map.invalidateSize(); }, 0);
}

// keepFitted fits map to bounds ([[south, west], [north, east]]) now and
// again whenever its container changes size (the layout settling after
// render, the window resized, a phone turned) for as long as the user has
// not moved it from that view; once moved, a resize only has Leaflet
// measure its container again. Without bounds it only measures. Returns a
// function that stops watching; it MUST run before the map is removed.
export function keepFitted(map, bounds) {
  let fitted = null; // [centre, zoom] of the last fit
  const fit = () => {
    map.fitBounds(bounds, { animate: false });
    fitted = [map.getCenter(), map.getZoom()];
  };
  if (bounds) fit();
  const ro = new ResizeObserver(() => {
    map.invalidateSize({ animate: false });
    if (fitted && map.getZoom() === fitted[1] && map.getCenter().equals(fitted[0], 1e-6)) fit();
  });
  ro.observe(map.getContainer());
  return () => ro.disconnect();
}
