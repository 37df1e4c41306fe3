package api

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"truce/internal/features"
	"truce/internal/features/gpkg"
)

// exportGeoPackage is GET /api/v1/exports/gpkg: every collection the API
// exports, as the caller may see it, in one OGC GeoPackage file (a layer per
// collection, the queryables as typed columns). A GeoPackage is an SQLite
// database, so it is built in a temporary file, sent, and removed; every
// AMBER/RED record in it is in the read audit (path export). It takes no
// parameters: filter with the per-collection exports or the OGC API.
func (s *Server) exportGeoPackage(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Query()) > 0 {
		s.writeError(w, r, badRequestf("the GeoPackage export takes no parameters; filter a collection with /api/v1/exports/{collection} or /ogc"))
		return
	}
	dir, err := os.MkdirTemp("", "truce-gpkg-")
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: gpkg export: %w", err))
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "truce.gpkg")
	ctx, by := r.Context(), principal(r)
	out, err := gpkg.Create(ctx, path)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: gpkg export: %w", err))
		return
	}
	reg := s.features
	for _, c := range reg.Collections() {
		info := c.Info()
		if err = out.AddLayer(ctx, info); err != nil {
			break
		}
		err = reg.Each(ctx, by, info.ID, &features.Query{}, func(f *features.Feature) error {
			s.deps.Auditor.Record(by, f.Owner, f.Release, info.ID, f.ID, "export")
			return out.Write(f)
		})
		if err != nil {
			break
		}
	}
	if cerr := out.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: gpkg export: %w", err))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: gpkg export: %w", err))
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", "application/geopackage+sqlite3")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="truce-%s.gpkg"`, time.Now().UTC().Format("20060102T150405Z")))
	h.Set("Cache-Control", "no-store")
	if st, err := f.Stat(); err == nil {
		h.Set("Content-Length", fmt.Sprint(st.Size()))
	}
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, f); err != nil {
		s.log.DebugContext(ctx, "gpkg export: write", "err", err)
	}
}
