package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"truce/internal/fault"
	"truce/internal/tilearchive"
)

// BasemapTiles is GET /api/v1/ui/config's basemap_tiles: the tiles of the
// PMTiles or MBTiles archive the node was started with (--basemap),
// which the UI draws beneath its layers over the embedded Natural Earth
// map: raster tiles as images, vector tiles with its own renderer.
type BasemapTiles struct {
	// URL is the tile route's template ({z}/{x}/{y}).
	URL string `json:"url"`
	// Attribution is the archive's credit line (its metadata's).
	Attribution string `json:"attribution"`
	// Type is the tiles' media type; Raster tells whether a browser draws
	// them as they are (PNG, JPEG, WebP, AVIF) rather than vector tiles
	// (application/vnd.mapbox-vector-tile).
	Type   string `json:"type"`
	Raster bool   `json:"raster"`
	// MinZoom and MaxZoom are the zooms the archive holds.
	MinZoom int `json:"min_zoom"`
	MaxZoom int `json:"max_zoom"`
}

// basemapTilesPath is the route of one tile of the basemap archive.
const basemapTilesPath = "/api/v1/basemap/tiles/{z}/{x}/{y}"

// basemapTiles describes the node's basemap archive; nil without one.
func (s *Server) basemapTiles() *BasemapTiles {
	a := s.opts.Basemap
	if a == nil {
		return nil
	}
	i := a.Info()
	return &BasemapTiles{URL: basemapTilesPath, Attribution: i.Attribution, Type: i.ContentType, Raster: i.Raster,
		MinZoom: i.MinZoom, MaxZoom: i.MaxZoom}
}

// getBasemapTile serves tile z/x/y of the node's basemap archive, as
// stored (a gzip-compressed tile with Content-Encoding: gzip, which the
// browser undoes): public data (like the embedded basemap), read from the file
// the operator holds, with no network. A z, x or y that is not a tile
// of the grid is a 400; a tile the archive lacks, or a node without an
// archive, a 404.
func (s *Server) getBasemapTile(w http.ResponseWriter, r *http.Request) {
	a := s.opts.Basemap
	if a == nil {
		s.writeError(w, r, fmt.Errorf("basemap tiles: the node serves none (start it with --basemap): %w", fault.ErrNotFound))
		return
	}
	z, errZ := strconv.ParseUint(r.PathValue("z"), 10, 8)
	x, errX := strconv.ParseUint(r.PathValue("x"), 10, 32)
	y, errY := strconv.ParseUint(r.PathValue("y"), 10, 32)
	if errZ != nil || errX != nil || errY != nil || z > 31 || x >= 1<<z || y >= 1<<z {
		s.writeError(w, r, badRequestf("tile %q/%q/%q: z must be 0 to 31 and x and y 0 to 2^z-1", r.PathValue("z"), r.PathValue("x"), r.PathValue("y")))
		return
	}
	tile, err := a.Tile(r.Context(), uint8(z), uint32(x), uint32(y))
	if errors.Is(err, tilearchive.ErrNotFound) {
		s.writeError(w, r, fmt.Errorf("basemap tile %d/%d/%d: %w", z, x, y, fault.ErrNotFound))
		return
	}
	if err != nil {
		s.writeError(w, r, fmt.Errorf("basemap tile %d/%d/%d: %w", z, x, y, err))
		return
	}
	w.Header().Set("Content-Type", a.Info().ContentType)
	if tile.Gzip {
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(tile.Data)
}
