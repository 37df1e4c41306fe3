package ogc_test

import (
	"encoding/json"
	"testing"
)

// TestExtentPerCaller checks that a collection's extent is that of the
// features the caller may see: a RED incident far from the others, and
// later, widens the spatial and temporal extent for its audience only,
// both in /ogc/collections and in /ogc/collections/{id}; a caller who
// sees nothing of a collection gets no extent.
func TestExtentPerCaller(t *testing.T) {
	n := emptyNode(t)
	n.must(201, "POST", "/api/v1/incidents", "un-reporter", incident("ext-clear", 36.0, 36.0, "CLEAR"))
	far := incident("ext-red", 40.0, 38.0, "RED", "us")
	far["time"] = map[string]any{"start": "2017-03-01T10:00:00Z", "precision": "hour"}
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", far)
	type extent struct {
		Spatial *struct {
			BBox [][]float64 `json:"bbox"`
		} `json:"spatial"`
		Temporal *struct {
			Interval [][]*string `json:"interval"`
		} `json:"temporal"`
	}
	read := func(user string) (one, listed *extent) {
		var c struct {
			Extent *extent `json:"extent"`
		}
		_, body, _ := n.do("GET", "/ogc/collections/incidents", user, nil)
		if err := json.Unmarshal(body, &c); err != nil {
			t.Fatalf("collection as %q: %v %s", user, err, body)
		}
		var cs struct {
			Collections []struct {
				ID     string  `json:"id"`
				Extent *extent `json:"extent"`
			} `json:"collections"`
		}
		_, body, _ = n.do("GET", "/ogc/collections", user, nil)
		if err := json.Unmarshal(body, &cs); err != nil {
			t.Fatalf("collections as %q: %v %s", user, err, body)
		}
		for _, x := range cs.Collections {
			if x.ID == "incidents" {
				listed = x.Extent
			}
		}
		return c.Extent, listed
	}
	for _, tc := range []struct {
		user   string
		bbox   []float64
		lastTo string
	}{
		{"", []float64{36, 36, 36, 36}, "2016-07-10T08:59:59Z"},
		{"ru-liaison", []float64{36, 36, 36, 36}, "2016-07-10T08:59:59Z"},
		{"us-liaison", []float64{36, 36, 40, 38}, "2017-03-01T10:59:59Z"},
	} {
		one, listed := read(tc.user)
		for _, e := range []*extent{one, listed} {
			if e == nil || e.Spatial == nil || e.Temporal == nil || len(e.Spatial.BBox) != 1 || len(e.Temporal.Interval) != 1 {
				t.Fatalf("extent as %q: %+v", tc.user, e)
			}
			b := e.Spatial.BBox[0]
			if len(b) != 4 || b[0] != tc.bbox[0] || b[1] != tc.bbox[1] || b[2] != tc.bbox[2] || b[3] != tc.bbox[3] {
				t.Errorf("bbox as %q: %v, want %v", tc.user, b, tc.bbox)
			}
			iv := e.Temporal.Interval[0]
			if len(iv) != 2 || iv[0] == nil || *iv[0] != "2016-07-10T08:00:00Z" || iv[1] == nil || *iv[1] != tc.lastTo {
				t.Errorf("interval as %q: %v, want 2016-07-10T08:00:00Z/%s", tc.user, fmtInterval(iv), tc.lastTo)
			}
		}
	}
	// Nobody but us's party sees a flight plan here, and none exists: no
	// extent rather than the world's.
	var c map[string]any
	_, body, _ := n.do("GET", "/ogc/collections/flights", "ru-liaison", nil)
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	if _, ok := c["extent"]; ok {
		t.Errorf("an empty collection has an extent: %s", body)
	}
}

func fmtInterval(iv []*string) []string {
	var out []string
	for _, s := range iv {
		if s == nil {
			out = append(out, "..")
		} else {
			out = append(out, *s)
		}
	}
	return out
}
