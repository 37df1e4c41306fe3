// Names of major places (GeoNames, through GET /api/v1/places), in the
// chosen language where GeoNames has it; more appear as the user zooms in.
export default {
  id: 'places',
  title: 'layer.places',
  defaultOn: true,
  legend: [{ shape: 'dot', color: '#1b2632', fill: '#ffffff', label: 'legend.place' }],
  async create({ api, lang, map }) {
    const L = window.L;
    const r = await api('/api/v1/places?min_population=50000&limit=400');
    const layer = L.layerGroup();
    // The API lists places most populous first; drop a place within about
    // 8 km of a more populous one (a district of a city, say), so labels do
    // not pile up.
    const kept = [];
    for (const p of r.items) {
      if (!kept.some((k) => Math.abs(k.lat - p.lat) < 0.075 && Math.abs(k.lon - p.lon) < 0.09)) kept.push(p);
    }
    const marks = kept.map((p) => {
      const name = (lang === 'ar' && p.name_ar) || (lang === 'ru' && p.name_ru) || p.name;
      const m = L.circleMarker([p.lat, p.lon], { radius: p.population >= 1000000 ? 4.5 : 3, color: '#1b2632', weight: 1.5, fillColor: '#fff', fillOpacity: 1 });
      m.bindTooltip(name, { permanent: true, direction: 'right', offset: [4, 0], className: 'place-label' });
      return { m, pop: p.population };
    });
    function update() {
      const z = map.getZoom();
      const min = z < 6.5 ? 1000000 : z < 7.5 ? 300000 : z < 8.5 ? 100000 : 0;
      for (const { m, pop } of marks) {
        if (pop >= min) { if (!layer.hasLayer(m)) layer.addLayer(m); } else if (layer.hasLayer(m)) layer.removeLayer(m);
      }
    }
    update();
    map.on('zoomend', update);
    return { layer, destroy() { map.off('zoomend', update); } };
  },
};
