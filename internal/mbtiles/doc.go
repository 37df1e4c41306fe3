// Package mbtiles reads tiles from an MBTiles file, the SQLite tile
// container of the MBTiles 1.3 specification
// (https://github.com/mapbox/mbtiles-spec/blob/master/1.3/spec.md): a
// metadata table of name/value pairs (format, minzoom, maxzoom,
// attribution) and a tiles table (or view) addressed by zoom_level,
// tile_column and tile_row, rows counted from the south as in TMS, so that
// row = 2^z - 1 - y for the XYZ y of a web map. The file is opened read
// only and needs no network. Vector tiles (format "pbf") are returned as
// stored, commonly gzip compressed; Tile says whether they are.
package mbtiles
