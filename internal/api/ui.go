package api

import (
	"cmp"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"truce/internal/basemap"
	"truce/internal/gazetteer"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// This file holds the read-only endpoints the web UI needs and any other
// client may use as well: the UI's settings, the offline basemap, the
// gazetteer and a list of the log entries the caller may see. None of them
// bypasses releasability: basemap and gazetteer are public data, and the
// entry list shows only what [access.Principal.CanSee] allows.

// UIConfig is GET /api/v1/ui/config: settings of the web UI that come from
// the node's configuration, and the attributions the map must show.
type UIConfig struct {
	// TileURL is an online XYZ tile server URL template
	// (https://host/{z}/{x}/{y}.png), empty for the offline basemap only.
	TileURL string `json:"tile_url"`
	// TileAttribution is the credit line the tile server requires.
	TileAttribution string `json:"tile_attribution,omitempty"`
	// BasemapTiles describes the PMTiles basemap the node serves (absent
	// without one: the UI draws the embedded Natural Earth map).
	BasemapTiles *BasemapTiles `json:"basemap_tiles,omitempty"`
	// BasemapAttribution and PlacesAttribution credit the offline basemap
	// (Natural Earth) and the place names (GeoNames).
	BasemapAttribution string `json:"basemap_attribution"`
	PlacesAttribution  string `json:"places_attribution"`
	// Center ([lat, lon]) and Zoom are the map's initial view for clients
	// that cannot fit Bounds.
	Center [2]float64 `json:"center"`
	Zoom   int        `json:"zoom"`
	// Bounds ([[south, west], [north, east]], degrees) is the area the map
	// first shows, fitted to the window whatever its size: the area the
	// centre monitors.
	Bounds [2][2]float64 `json:"bounds"`
	// IncidentCategories are the incident categories the API accepts
	// (incidents.Categories), in the order the UI lists them; the UI reads
	// them here rather than keeping its own copy.
	IncidentCategories []incidents.Category `json:"incident_categories"`
	// EntryKinds are the log entry kinds the UI listens for or looks up,
	// per domain and grouped by what the UI does with them (see
	// uiEntryKinds); the UI keeps no kind of its own.
	EntryKinds map[string]KindGroups `json:"entry_kinds"`
	// Subjects are the log subject prefixes of the records the UI shows
	// the history of (record type → prefix; the subject of record id is
	// the prefix followed by id), from each domain's subject constructor.
	Subjects map[string]string `json:"subjects"`
}

// monitoredArea is the map's first view: Syria, where the demo scenario
// and the arrangements truce is modelled on take place.
var monitoredArea = [2][2]float64{{32.3, 35.6}, {37.4, 42.4}}

func (s *Server) getUIConfig(w http.ResponseWriter, r *http.Request) {
	c := UIConfig{BasemapAttribution: basemap.Attribution(), PlacesAttribution: gazetteer.Attribution(),
		Center: [2]float64{35.0, 38.5}, Zoom: 7, Bounds: monitoredArea, IncidentCategories: incidents.Categories,
		EntryKinds: uiEntryKinds(), Subjects: uiSubjects()}
	c.TileURL, c.TileAttribution = s.opts.TileURL, s.opts.TileAttribution
	c.BasemapTiles = s.basemapTiles()
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, c)
}

// getCountries serves the offline basemap's country outlines (GeoJSON).
func (s *Server) getCountries(w http.ResponseWriter, r *http.Request) {
	writeGeoJSON(w, basemap.Countries())
}

// getAdmin1 serves the offline basemap's first-level divisions (GeoJSON).
func (s *Server) getAdmin1(w http.ResponseWriter, r *http.Request) {
	writeGeoJSON(w, basemap.Admin1())
}

func writeGeoJSON(w http.ResponseWriter, b []byte) {
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(b)
}

// getPlaces searches the gazetteer (q, limit ≤ 100, default 10) or, without
// q, lists the populated places of at least min_population inhabitants
// (default 100,000), most populous first (limit ≤ 1000, default 300), for
// map labels. Every answer carries the credit GeoNames' CC BY 4.0 licence
// requires: the fields attribution and license beside items, and a Link
// header with rel="license".
func (s *Server) getPlaces(w http.ResponseWriter, r *http.Request) {
	g := s.deps.Places
	if g == nil {
		s.writeError(w, r, errors.New("api: no gazetteer configured"))
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var items []gazetteer.Place
	if q != "" {
		if len(q) > 200 {
			s.writeError(w, r, badRequestf("q is longer than 200 bytes"))
			return
		}
		items = g.Search(q, parseLimit(r, 10, 100))
	} else {
		minPop := 100000
		if v := r.URL.Query().Get("min_population"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.writeError(w, r, badRequestf("min_population %q is not a non-negative integer", v))
				return
			}
			minPop = n
		}
		for _, p := range g.Places() {
			if p.FeatureClass == "P" && p.Population >= minPop {
				items = append(items, p)
			}
		}
		slices.SortStableFunc(items, func(a, b gazetteer.Place) int {
			return cmp.Or(cmp.Compare(b.Population, a.Population), cmp.Compare(a.ID, b.ID))
		})
		items = items[:min(len(items), parseLimit(r, 300, 1000))]
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("Link", "<"+gazetteer.LicenseURL+`>; rel="license"`)
	writeJSON(w, http.StatusOK, map[string]any{"items": nonNil(items),
		"attribution": gazetteer.Attribution(), "license": gazetteer.LicenseURL})
}

// ListedEntry is one item of GET /api/v1/log/entries: an entry the caller
// may see, with its commitment (base64). Its proof is at
// /api/v1/log/entries/{seq} for an entry of this node's log (Origin
// empty), and at /api/v1/federation/entries/{seq}?origin=Origin for an
// entry of another party node's log that this node mirrored.
type ListedEntry struct {
	Seq        int64         `json:"seq"`
	Commitment string        `json:"commitment"`
	Entry      *ledger.Entry `json:"entry"`
	Origin     string        `json:"origin,omitempty"`
}

// entryScanWindow bounds the entries one list request reads, so that a
// caller who may see few entries cannot make the node scan the whole log.
const entryScanWindow = 2000

// listEntries lists the log entries the caller may see, newest first: with
// subject, every entry about that subject (its history, oldest first) in
// every log the node holds: its own and, on a party node, its mirrors of
// its peers' logs (subjectHistory);
// otherwise up to limit (≤ 200, default 50) entries below before (default:
// the tree size), reading at most entryScanWindow entries. next, when
// present, continues below what was read; a page may hold fewer than limit
// items even when next is present.
func (s *Server) listEntries(w http.ResponseWriter, r *http.Request) {
	size, err := s.shownSize(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if subject := r.URL.Query().Get("subject"); subject != "" {
		items, err := s.subjectHistory(r, subject, size)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.audit(r, items)
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
		return
	}
	before := size
	if v := r.URL.Query().Get("before"); v != "" {
		b, err := strconv.ParseInt(v, 10, 64)
		if err != nil || b < 0 {
			s.writeError(w, r, badRequestf("before %q is not a non-negative integer", v))
			return
		}
		before = min(b, size)
	}
	limit := parseLimit(r, 50, 200)
	// Read windows below before, newest first, doubling from twice the
	// limit, until limit entries are found or entryScanWindow are read.
	floor := max(0, before-entryScanWindow)
	var visible []ListedEntry // newest first
	top, chunk := before, int64(2*limit)
	for top > floor && len(visible) < limit {
		from := max(floor, top-chunk)
		var found []ListedEntry
		err := s.deps.DB.ScanEntries(r.Context(), from, func(se ledger.StoredEntry) error {
			if se.Seq >= top {
				return errStopScan
			}
			it, ok, err := s.listed(r, &se)
			if ok {
				found = append(found, it)
			}
			return err
		})
		if err != nil && !errors.Is(err, errStopScan) {
			s.writeError(w, r, err)
			return
		}
		slices.Reverse(found)
		visible = append(visible, found...)
		top, chunk = from, 2*chunk
	}
	from := top
	resp := map[string]any{}
	if len(visible) > limit {
		visible = visible[:limit]
		resp["next"] = "/api/v1/log/entries?before=" + strconv.FormatInt(visible[limit-1].Seq, 10)
	} else if from > 0 {
		resp["next"] = "/api/v1/log/entries?before=" + strconv.FormatInt(from, 10)
	}
	s.audit(r, visible)
	resp["items"] = nonNil(visible)
	writeJSON(w, http.StatusOK, resp)
}

// errStopScan ends a scan of the log early.
var errStopScan = errors.New("stop scan")

// listed reports whether the caller may see a stored entry, deciding on
// the entry the store decoded and checked against its commitment.
// The caller records the reads of what it returns (audit).
func (s *Server) listed(r *http.Request, se *ledger.StoredEntry) (ListedEntry, bool, error) {
	if !principal(r).CanSee(se.Entry.Release) {
		return ListedEntry{}, false, nil
	}
	return ListedEntry{Seq: se.Seq, Commitment: base64.StdEncoding.EncodeToString(se.Commitment[:]), Entry: se.Entry}, true, nil
}

// audit records the caller's reads of the sensitive entries among items.
func (s *Server) audit(r *http.Request, items []ListedEntry) {
	p := principal(r)
	for _, it := range items {
		e := it.Entry
		s.deps.Auditor.Record(p, e.Party, e.Release, e.Kind, e.Subject, "api")
	}
}
