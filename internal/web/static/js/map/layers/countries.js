// Country outlines of the offline basemap (Natural Earth), labelled in the
// chosen language.
export default {
  id: 'countries',
  title: 'layer.countries',
  defaultOn: true,
  legend: [{ shape: '', color: '#5b6b7b', fill: '#f3f0e6', label: 'legend.country' }],
  async create({ api, lang }) {
    const L = window.L;
    const gj = await api('/api/v1/basemap/countries');
    const layer = L.geoJSON(gj, {
      style: (f) => ({
        color: '#5b6b7b', weight: f.properties.iso_a2 === 'SY' ? 2 : 1,
        fillColor: f.properties.iso_a2 === 'SY' ? '#fbf8ef' : '#ece8dc', fillOpacity: 1,
      }),
      interactive: false,
    });
    layer.eachLayer((l) => {
      const p = l.feature.properties;
      const name = (lang === 'ar' && p.name_ar) || (lang === 'ru' && p.name_ru) || p.name;
      if (name) l.bindTooltip(name, { permanent: false, direction: 'center', className: 'place-label' });
    });
    return { layer };
  },
};
