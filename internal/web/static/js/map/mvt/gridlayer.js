// vectorTileLayer is a Leaflet GridLayer that draws the node's vector
// tiles (Mapbox Vector Tiles from the operator's PMTiles or MBTiles file)
// on canvases in the page: fetched from the node's tile route (no other
// origin, nothing downloaded at run time), decompressed if still gzip
// compressed (the node sends stored gzip with Content-Encoding, which the
// browser undoes; DecompressionStream covers a tile that arrives
// compressed anyway), decoded and drawn with the basemap style. A tile
// the archive lacks is left transparent, so the Natural Earth outlines
// show through; beyond the archive's zooms its deepest tiles are scaled.
// Each canvas carries data-tile ("z/x/y") and, once drawn, data-drawn
// and data-labels (the names written, JSON), which the tests read.
import { decodeTile } from './decode.js';
import { drawTile } from './render.js';

async function tileBytes(res) {
  const buf = new Uint8Array(await res.arrayBuffer());
  if (buf[0] !== 0x1f || buf[1] !== 0x8b) return buf;
  const stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function vectorTileLayer(b, { lang, pane }) {
  const L = window.L;
  const aborts = new Map(); // tile key → AbortController
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const canvas = document.createElement('canvas');
      const ratio = Math.min(2, window.devicePixelRatio || 1);
      const size = this.getTileSize().x * ratio;
      canvas.width = size;
      canvas.height = size;
      canvas.dataset.tile = `${coords.z}/${coords.x}/${coords.y}`;
      const key = this._tileCoordsToKey(coords);
      const ctl = new AbortController();
      aborts.set(key, ctl);
      const url = b.url.replace('{z}', coords.z).replace('{x}', coords.x).replace('{y}', coords.y);
      // The zoom the tile is drawn for is the map's, for widths and
      // which layers show; the tile's own z may be shallower (scaled).
      const zoom = this._map ? this._map.getZoom() : coords.z;
      fetch(url, { signal: ctl.signal, credentials: 'same-origin' })
        .then(async (res) => {
          if (res.status === 404) return [];
          if (!res.ok) throw new Error(`basemap tile ${canvas.dataset.tile}: ${res.status}`);
          const tile = decodeTile(await tileBytes(res));
          return drawTile(canvas.getContext('2d'), tile, { size, ratio, zoom: Math.max(zoom, coords.z), lang });
        })
        .then((labels) => {
          canvas.dataset.labels = JSON.stringify(labels);
          canvas.dataset.drawn = 'true';
          done(null, canvas);
        })
        .catch((e) => { if (e.name !== 'AbortError') done(e, canvas); })
        .finally(() => { if (aborts.get(key) === ctl) aborts.delete(key); });
      return canvas;
    },
  });
  const layer = new Layer({ pane, attribution: b.attribution || '', minZoom: 0, maxZoom: 19,
    minNativeZoom: b.min_zoom, maxNativeZoom: b.max_zoom, className: 'basemap-tiles basemap-vector' });
  // A tile scrolled away or a layer removed stops its request.
  layer.on('tileunload', (e) => {
    const key = layer._tileCoordsToKey(e.coords);
    const ctl = aborts.get(key);
    if (ctl) ctl.abort();
    aborts.delete(key);
  });
  layer.on('remove', () => { for (const ctl of aborts.values()) ctl.abort(); aborts.clear(); });
  return layer;
}
