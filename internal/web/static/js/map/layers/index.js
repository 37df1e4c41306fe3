// The map's layers, in drawing order. Adding one is a small thing: write a
// module in this directory (see README.md) and add one import and one
// entry below. common.js holds helpers, not a layer.
import tiles from './tiles.js';
import basemaptiles from './basemaptiles.js';
import countries from './countries.js';
import admin1 from './admin1.js';
import zones from './zones.js';
import movements from './movements.js';
import passages from './passages.js';
import sites from './sites.js';
import incidents from './incidents.js';
import places from './places.js';
import flights from './flights.js';
import positions from './positions.js';

export const layers = [tiles, countries, basemaptiles, admin1, zones, passages, movements, sites, incidents, flights, positions, places];
