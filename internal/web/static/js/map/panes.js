// Map panes shared by every map the UI draws: points (incidents, sites,
// aircraft, routes) always sit above areas (zones, buffers, reservations),
// whichever layer finished loading last, so a click on a point opens the
// point and not the area under it. Layers name the pane in their options
// ({ pane: 'areas' } or { pane: 'points' }); addPanes must run on a map
// before such a layer is added to it.
export function addPanes(map) {
  if (!map.getPane('areas')) map.createPane('areas').style.zIndex = 410;
  if (!map.getPane('points')) map.createPane('points').style.zIndex = 450;
}
