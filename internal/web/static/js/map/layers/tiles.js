// Online tiles from the XYZ server the node is configured with
// (GET /api/v1/ui/config tile_url); absent when none is configured, which
// is the default: the UI works offline.
export default {
  id: 'tiles',
  title: 'layer.tiles',
  defaultOn: true,
  available: (ctx) => Boolean(ctx.config.tile_url),
  legend: [],
  async create({ config }) {
    const layer = window.L.tileLayer(config.tile_url, { attribution: config.tile_attribution || '', maxZoom: 18 });
    layer.setZIndex(0);
    return { layer };
  },
};
