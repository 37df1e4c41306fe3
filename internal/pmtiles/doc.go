// Package pmtiles reads tiles from a PMTiles version 3 archive, the
// single-file tile format of the Protomaps specification
// (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md): a
// 127-byte header, a root directory, JSON metadata, leaf directories and
// the tile data, tiles addressed by their Hilbert-curve tile id. It reads
// with ReadAt only, so an archive of any size is served with constant
// memory, and needs no network. Directories may be uncompressed or gzip
// compressed; tiles are returned as stored (Archive.TileCompression says
// how).
package pmtiles
