// Map panes shared by every map the UI draws, bottom to top: areas (zones,
// buffers, reservations), lines (flight routes, movement routes) and
// points (incidents, sites, aircraft, conflicts). Each sits above the one
// before whichever layer finished loading last, so a click on a point
// opens the point, and a click on a line running under a zone opens the
// line, not the area around it. Layers name the pane in their options
// ({ pane: 'areas' }, { pane: 'lines' } or { pane: 'points' }); addPanes
// must run on a map before such a layer is added to it.
export const PANES = [['areas', 410], ['lines', 430], ['points', 450]];

export function addPanes(map) {
  for (const [name, z] of PANES) if (!map.getPane(name)) map.createPane(name).style.zIndex = z;
}
