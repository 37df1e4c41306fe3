// The basemap style: how the layers of the two common vector-tile schemas
// are drawn, OpenMapTiles (water, waterway, landcover, landuse, park,
// boundary, transportation, building, place, water_name) and the
// Protomaps basemap (earth, water, landcover, landuse, natural, roads,
// boundaries, buildings, places). Colours are muted, so that the records
// drawn over the basemap stay what the eye finds first.

// COLORS are the basemap's colours (the browser test checks water and
// roads by them).
export const COLORS = {
  land: '#f2efe9',
  water: '#a9d3de',
  green: '#d3e6c3',
  landuse: '#e9e3da',
  building: '#d8cfc6',
  boundary: '#9e7fae',
  motorway: '#e0909d',
  primary: '#f6cf95',
  road: '#ffffff',
  casing: '#c7bfb6',
  rail: '#a39e99',
  label: '#2e2a26',
  halo: '#ffffff',
};

// kindOf is a feature's class in either schema.
const kindOf = (p) => String(p.class || p.kind || p.pmap_kind || '');

const GREEN = new Set(['grass', 'wood', 'forest', 'park', 'farmland', 'meadow', 'scrub', 'wetland', 'nature_reserve', 'national_park', 'garden', 'cemetery', 'grassland']);

// roadRank is 3 for motorways and trunks, 2 for primary and secondary
// roads, 1 for the rest, 0 for railways and paths (thin lines).
export function roadRank(p) {
  const k = kindOf(p);
  if (['motorway', 'trunk', 'highway'].includes(k)) return 3;
  if (['primary', 'secondary', 'major_road', 'medium_road'].includes(k)) return 2;
  if (['rail', 'transit', 'path', 'track', 'ferry', 'aerialway'].includes(k)) return 0;
  return 1;
}

// rules are drawn in this order, each over the tile's features of its
// layers that its test accepts: fills, then lines, then labels.
export const rules = [
  { layers: ['earth'], kind: 'fill', color: () => COLORS.land },
  { layers: ['landcover', 'natural'], kind: 'fill', color: (p) => (GREEN.has(kindOf(p)) ? COLORS.green : COLORS.landuse) },
  { layers: ['landuse', 'park'], kind: 'fill', color: (p, layer) => (layer === 'park' || GREEN.has(kindOf(p)) ? COLORS.green : COLORS.landuse) },
  { layers: ['water'], kind: 'fill', color: () => COLORS.water },
  { layers: ['waterway', 'water'], kind: 'line', color: () => COLORS.water, width: (p, z) => (kindOf(p) === 'river' ? 2 : 1) * Math.max(0.6, (z - 8) / 3) },
  { layers: ['building', 'buildings'], kind: 'fill', color: () => COLORS.building, minZoom: 13 },
  { layers: ['boundary', 'boundaries'], kind: 'line', color: () => COLORS.boundary, dash: [6, 3],
    width: (p) => (Number(p.admin_level || p.kind_detail) <= 2 || kindOf(p) === 'country' ? 1.6 : 0.8) },
  // Road casings under every road, then the roads by rank.
  { layers: ['transportation', 'roads'], kind: 'line', test: (p) => roadRank(p) > 0, color: () => COLORS.casing, width: (p, z) => roadWidth(p, z) + 1.5 },
  { layers: ['transportation', 'roads'], kind: 'line', test: (p) => roadRank(p) === 0, color: () => COLORS.rail, dash: [4, 3], width: () => 1 },
  { layers: ['transportation', 'roads'], kind: 'line', test: (p) => roadRank(p) === 1, color: () => COLORS.road, width: roadWidth },
  { layers: ['transportation', 'roads'], kind: 'line', test: (p) => roadRank(p) === 2, color: () => COLORS.primary, width: roadWidth },
  { layers: ['transportation', 'roads'], kind: 'line', test: (p) => roadRank(p) === 3, color: () => COLORS.motorway, width: roadWidth },
  { layers: ['water_name'], kind: 'label', size: () => 11, italic: true },
  { layers: ['place', 'places'], kind: 'label', size: placeSize, bold: (p) => ['country', 'state', 'region', 'city'].includes(kindOf(p)) },
];

// roadWidth is a road's width in CSS pixels at zoom z.
export function roadWidth(p, z) {
  const base = [0.8, 1, 2, 3][roadRank(p)];
  return base * Math.min(3, Math.max(0.5, (z - 6) / 4));
}

function placeSize(p) {
  const k = kindOf(p);
  if (k === 'country') return 14;
  if (k === 'city' || k === 'region' || k === 'state') return 13;
  if (k === 'town' || k === 'locality') return 12;
  return 11;
}

// labelOf is a feature's name in the user's language: name:<lang>, then
// name, then the schemas' English names; '' for an unnamed feature.
export function labelOf(p, lang) {
  return String(p[`name:${lang}`] || p.name || p['name:en'] || p.name_en || '');
}
