// The offline basemap the operator gave the node: the tiles of a PMTiles
// or MBTiles file they hold (truce serve --basemap FILE), served by the
// node at /api/v1/basemap/tiles/{z}/{x}/{y} with no internet, drawn over
// the embedded Natural Earth outlines (which stay the map's basemap on a
// node without an archive, and show where the archive has no tile) and
// under every record, with the archive's attribution. Raster tiles are
// drawn as images; vector tiles (MVT) by our own renderer (../mvt), with
// names in the user's language.
import { vectorTileLayer } from '../mvt/gridlayer.js';

export default {
  id: 'basemaptiles',
  title: 'layer.basemap_tiles',
  defaultOn: true,
  available: (ctx) => Boolean(ctx.config.basemap_tiles),
  legend: [],
  async create({ config, map, lang }) {
    const L = window.L;
    const b = config.basemap_tiles;
    // Its own pane: above the outlines (overlay pane, 400), below the
    // records' areas (panes.js, 410).
    if (!map.getPane('basemap')) map.createPane('basemap').style.zIndex = 405;
    if (!b.raster) return { layer: vectorTileLayer(b, { lang, pane: 'basemap' }) };
    const layer = L.tileLayer(b.url, { pane: 'basemap', attribution: b.attribution || '', minZoom: 0, maxNativeZoom: b.max_zoom, maxZoom: 19, className: 'basemap-tiles' });
    return { layer };
  },
};
