package ogc

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"truce/internal/fault"
	"truce/internal/features"
	"truce/internal/features/encode"
	"truce/internal/listing"
)

var itemsParams = []string{"f", "access_token", "limit", "bbox", "bbox-crs", "datetime", "filter", "filter-lang", "filter-crs", "cursor"}

func (h *Handler) items(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := checkParams(q, itemsParams...); err != nil {
		h.o.Error(w, r, err)
		return
	}
	f, err := format(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	reg := h.o.Collections()
	c, err := reg.Collection(r.PathValue("id"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	info := c.Info()
	limit, err := ParseLimit(q.Get("limit"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	query, err := ParseQuery(q, info)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	pages := itemsListing(info.ID)
	if c := q.Get("cursor"); c != "" {
		at, err := pages.Parse(c)
		if err != nil {
			h.o.Error(w, r, &ParamError{Param: "cursor", Msg: "is not a cursor of this collection's items; start again without a cursor"})
			return
		}
		query.After = at.ID
	}
	by := h.o.Principal(r)
	path := "/ogc/collections/" + info.ID + "/items"

	// Stream the page, reading one feature past it to know whether
	// there is a next page.
	var gw *encode.GeoJSONWriter
	var page []*features.Feature
	n, next := 0, ""
	if f != "html" {
		gw = encode.NewGeoJSON(w)
	}
	err = reg.Each(ctx(r), by, info.ID, query, func(ft *features.Feature) error {
		if n == limit {
			next = pages.Encode(listing.Cursor{ID: lastCursor(page)})
			return features.ErrStop
		}
		if n == 0 && gw != nil {
			w.Header().Set("Content-Type", "application/geo+json")
		}
		n++
		if h.o.Audit != nil {
			h.o.Audit(by, info.ID, ft)
		}
		if gw != nil {
			page = append(page[:0], ft) // keep only the last, for its cursor
			return gw.Write(ft)
		}
		page = append(page, ft)
		return nil
	})
	if err != nil && n == 0 {
		var inv *fault.InvalidError
		if errors.As(err, &inv) {
			err = &ParamError{Param: inv.Field, Msg: inv.Reason}
		}
		h.o.Error(w, r, err)
		return
	}
	if err != nil {
		return // the response has started; the client sees a truncated document
	}
	links := selfAndAlternate(r, path, f, "application/geo+json")
	for i := range links {
		links[i].Href = pageHref(r, path, links[i].Type, q.Get("cursor"))
	}
	links = append(links, Link{Href: href(r, "/ogc/collections/"+info.ID), Rel: "collection", Type: "application/json", Title: info.Title})
	if next != "" {
		typ := "application/geo+json"
		if f == "html" {
			typ = "text/html"
		}
		links = append(links, Link{Href: pageHref(r, path, typ, next), Rel: "next", Type: typ, Title: "next page"})
	}
	stamp := time.Now().UTC().Format(time.RFC3339)
	if f == "html" {
		h.html(w, r, "items", map[string]any{"title": info.Title, "id": info.ID, "features": page, "links": links, "count": n})
		return
	}
	if n == 0 {
		w.Header().Set("Content-Type", "application/geo+json")
	}
	gw.Members = []encode.Member{{Name: "timeStamp", Value: stamp}, {Name: "numberReturned", Value: n}, {Name: "links", Value: links}}
	_ = gw.Close()
}

// itemsListing is the listing of the items of collection id (package
// listing): its cursors are tagged with the collection, so that a cursor
// of one collection is a 400 on another, and carry the keyset position of
// the last feature served (features.Feature.Cursor).
func itemsListing(id string) listing.Listing {
	return listing.Listing{Tag: "o1." + id + ".", Default: DefaultLimit, Max: MaxLimit}
}

// lastCursor returns the cursor of the last feature of the page.
func lastCursor(page []*features.Feature) string {
	if len(page) == 0 {
		return ""
	}
	return page[len(page)-1].Cursor
}

// pageHref returns the URL of the items page at cursor in the format of
// typ, keeping r's query parameters but f and cursor, and never
// access_token (see href).
func pageHref(r *http.Request, path, typ, cursor string) string {
	q := r.URL.Query()
	q.Del("access_token")
	q.Del("cursor")
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	q.Set("f", "json")
	if typ == "text/html" {
		q.Set("f", "html")
	}
	return base(r) + path + "?" + q.Encode()
}

func (h *Handler) item(w http.ResponseWriter, r *http.Request) {
	f, err := h.formatAndParams(r)
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	c, err := h.o.Collections().Collection(r.PathValue("id"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	info := c.Info()
	by := h.o.Principal(r)
	ft, err := c.Get(ctx(r), by, r.PathValue("fid"))
	if err != nil {
		h.o.Error(w, r, err)
		return
	}
	if h.o.Audit != nil {
		h.o.Audit(by, info.ID, ft)
	}
	path := "/ogc/collections/" + info.ID + "/items/" + url.PathEscape(ft.ID)
	links := append(selfAndAlternate(r, path, f, "application/geo+json"),
		Link{Href: href(r, "/ogc/collections/"+info.ID), Rel: "collection", Type: "application/json", Title: info.Title})
	if f == "html" {
		h.html(w, r, "item", map[string]any{"title": info.Title, "id": info.ID, "feature": ft, "links": links})
		return
	}
	b := encode.AppendFeature(nil, ft)
	// Add the links member: the feature object ends with "}}".
	lj, _ := json.Marshal(links)
	b = append(b[:len(b)-1], `,"links":`...)
	b = append(b, lj...)
	b = append(b, '}', '\n')
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}
