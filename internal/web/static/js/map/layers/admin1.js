// First-level divisions (governorates, provinces) of the offline basemap.
export default {
  id: 'admin1',
  title: 'layer.admin1',
  defaultOn: true,
  legend: [{ shape: 'line', color: '#8a97a5', label: 'legend.admin1' }],
  async create({ api }) {
    const gj = await api('/api/v1/basemap/admin1');
    const layer = window.L.geoJSON(gj, {
      style: () => ({ color: '#8a97a5', weight: 0.8, dashArray: '4 3', fill: false }),
      interactive: false,
    });
    return { layer };
  },
};
