// The map's layers, in drawing order. Adding one is a small thing: write a
// module in this directory (see README.md) and add one import and one
// entry below.
import tiles from './tiles.js';
import countries from './countries.js';
import admin1 from './admin1.js';
import places from './places.js';

export const layers = [tiles, countries, admin1, places];
