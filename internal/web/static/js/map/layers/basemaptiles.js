// The offline basemap the operator gave the node: the raster tiles of a
// PMTiles archive they hold (truce serve --basemap FILE), served by the
// node at /api/v1/basemap/tiles/{z}/{x}/{y} with no internet, drawn over
// the embedded Natural Earth outlines (which stay the map's basemap on a
// node without an archive) and under every record, with the archive's
// attribution. A vector-tile archive is not drawn (no vector renderer is
// vendored): the layer is then not offered.
export default {
  id: 'basemaptiles',
  title: 'layer.basemap_tiles',
  defaultOn: true,
  available: (ctx) => Boolean(ctx.config.basemap_tiles && ctx.config.basemap_tiles.raster),
  legend: [],
  async create({ config, map }) {
    const L = window.L;
    const b = config.basemap_tiles;
    // Its own pane: above the outlines (overlay pane, 400), below the
    // records' areas (panes.js, 410).
    if (!map.getPane('basemap')) map.createPane('basemap').style.zIndex = 405;
    const layer = L.tileLayer(b.url, { pane: 'basemap', attribution: b.attribution || '', minZoom: 0, maxNativeZoom: b.max_zoom, maxZoom: 19, className: 'basemap-tiles' });
    return { layer };
  },
};
