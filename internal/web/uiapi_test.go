package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// token returns a bearer token of the user named name.
func (n *e2eNode) token(t testing.TB, name string) string {
	t.Helper()
	ctx := context.Background()
	u, err := n.app.Accounts.Store().UserByName(ctx, nil, name)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Secret
}

// getJSON fetches path with an optional bearer token, decoding into out.
func (n *e2eNode) getJSON(t *testing.T, path, token string, out any) int {
	t.Helper()
	req, _ := http.NewRequest("GET", n.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == 200 && out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return resp.StatusCode
}

type listed struct {
	Items []struct {
		Seq   int64        `json:"seq"`
		Entry ledger.Entry `json:"entry"`
	} `json:"items"`
	Next string `json:"next"`
}

// TestUIEndpoints covers the read-only endpoints the UI uses: settings,
// basemap, gazetteer and the entry list with its releasability.
func TestUIEndpoints(t *testing.T) {
	t.Parallel()
	n := startNode(t)
	for i := range 3 {
		n.appendEntry(t, ledger.Draft{Party: "un", Author: "un-admin", Kind: "e2e.notice", Subject: "notice:h",
			Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]int{"n": i}})
	}
	us, ru := n.token(t, "us-liaison"), n.token(t, "ru-liaison")

	t.Run("ui config", func(t *testing.T) {
		var c struct {
			TileURL            string     `json:"tile_url"`
			BasemapAttribution string     `json:"basemap_attribution"`
			PlacesAttribution  string     `json:"places_attribution"`
			Center             [2]float64 `json:"center"`
			IncidentCategories []string   `json:"incident_categories"`
		}
		if st := n.getJSON(t, "/api/v1/ui/config", "", &c); st != 200 || c.TileURL != "" || c.Center != [2]float64{35, 38.5} ||
			c.BasemapAttribution == "" || c.PlacesAttribution == "" {
			t.Fatalf("status %d, config %+v", st, c)
		}
		// The UI lists the categories the API accepts, from this one list.
		if len(c.IncidentCategories) != len(incidents.Categories) {
			t.Fatalf("incident categories %q, want %q", c.IncidentCategories, incidents.Categories)
		}
		for i, cat := range incidents.Categories {
			if c.IncidentCategories[i] != string(cat) {
				t.Errorf("incident category %d = %q, want %q", i, c.IncidentCategories[i], cat)
			}
		}
	})

	t.Run("basemap", func(t *testing.T) {
		for _, p := range []string{"/api/v1/basemap/countries", "/api/v1/basemap/admin1"} {
			var fc struct {
				Type     string
				Features []json.RawMessage
			}
			if st := n.getJSON(t, p, "", &fc); st != 200 || fc.Type != "FeatureCollection" || len(fc.Features) < 8 {
				t.Errorf("%s: status %d, %s with %d features", p, st, fc.Type, len(fc.Features))
			}
		}
	})

	t.Run("places", func(t *testing.T) {
		var r struct {
			Items []struct {
				Name         string
				Population   int
				FeatureClass string `json:"feature_class"`
			}
		}
		if st := n.getJSON(t, "/api/v1/places?q=Halab&limit=3", "", &r); st != 200 || len(r.Items) == 0 || r.Items[0].Name != "Aleppo" {
			t.Fatalf("search: status %d, %+v", st, r.Items)
		}
		r.Items = nil
		n.getJSON(t, "/api/v1/places", "", &r)
		if len(r.Items) < 20 || len(r.Items) > 300 {
			t.Fatalf("%d major places", len(r.Items))
		}
		for i, p := range r.Items {
			if p.Population < 100000 || p.FeatureClass != "P" || (i > 0 && p.Population > r.Items[i-1].Population) {
				t.Fatalf("place %d: %+v (not a populated place ≥ 100,000 in descending order)", i, p)
			}
		}
		for _, q := range []string{"?min_population=-1", "?min_population=x"} {
			if st := n.getJSON(t, "/api/v1/places"+q, "", nil); st != 400 {
				t.Errorf("%s: status %d, want 400", q, st)
			}
		}
	})

	t.Run("entries honour releasability", func(t *testing.T) {
		seen := func(token string) map[string]bool {
			var r listed
			if st := n.getJSON(t, "/api/v1/log/entries?limit=200", token, &r); st != 200 {
				t.Fatalf("status %d", st)
			}
			kinds := map[string]bool{}
			for i, it := range r.Items {
				if i > 0 && it.Seq >= r.Items[i-1].Seq {
					t.Fatalf("not newest first: %d after %d", it.Seq, r.Items[i-1].Seq)
				}
				kinds[string(it.Entry.Release.TLP)+" "+it.Entry.Party] = true
			}
			return kinds
		}
		public := seen("")
		if len(public) != 1 || !public["CLEAR un"] {
			t.Errorf("the public sees %v", public)
		}
		usSees, ruSees := seen(us), seen(ru)
		if !usSees["AMBER us"] || usSees["AMBER ru"] || !usSees["GREEN us"] || !usSees["CLEAR un"] {
			t.Errorf("us sees %v", usSees)
		}
		if !ruSees["AMBER ru"] || ruSees["AMBER us"] {
			t.Errorf("ru sees %v", ruSees)
		}
	})

	t.Run("pagination and history", func(t *testing.T) {
		var all, page listed
		n.getJSON(t, "/api/v1/log/entries?limit=200", us, &all)
		n.getJSON(t, "/api/v1/log/entries?limit=2", us, &page)
		if len(page.Items) != 2 || page.Next == "" || page.Items[1].Seq != all.Items[1].Seq {
			t.Fatalf("first page %+v", page)
		}
		var rest listed
		n.getJSON(t, page.Next+"&limit=200", us, &rest)
		if len(rest.Items) != len(all.Items)-2 || rest.Items[0].Seq != all.Items[2].Seq {
			t.Fatalf("second page has %d items from %d; want %d from %d", len(rest.Items), rest.Items[0].Seq, len(all.Items)-2, all.Items[2].Seq)
		}
		var h listed
		n.getJSON(t, "/api/v1/log/entries?subject=notice:h", "", &h)
		var seqs []int64
		for _, it := range h.Items {
			seqs = append(seqs, it.Seq)
		}
		if len(seqs) != 3 || !slices.IsSorted(seqs) {
			t.Fatalf("history %v, want 3 entries oldest first", seqs)
		}
		if st := n.getJSON(t, "/api/v1/log/entries?before=x", "", nil); st != 400 {
			t.Errorf("before=x: status %d", st)
		}
	})

	t.Run("sensitive reads are audited", func(t *testing.T) {
		var r struct {
			Items []struct{ Reader, Subject string } `json:"items"`
		}
		n.getJSON(t, "/api/v1/audit/reads", us, &r)
		found := false
		for _, a := range r.Items {
			found = found || a.Reader == "us-liaison"
		}
		if !found {
			t.Errorf("listing us's AMBER entries left no audit record: %+v", r.Items)
		}
	})

	t.Run("a bad token is refused", func(t *testing.T) {
		if st := n.getJSON(t, "/api/v1/log/entries", "nope", nil); st != 401 {
			t.Errorf("status %d, want 401", st)
		}
	})
}

// TestEntriesPaging follows next through a log where a random few entries
// are CLEAR: the public must get every CLEAR entry exactly once, newest
// first, and nothing else.
func TestEntriesPaging(t *testing.T) {
	t.Parallel()
	s := *seed
	if s == 0 {
		s = mrand.Uint64()
	}
	t.Logf("seed %d (rerun with -seed=%d)", s, s)
	rng := mrand.New(mrand.NewPCG(s, 7))
	n := startNode(t)
	var changes []ledger.Change
	for i := range 3000 {
		rel := access.Releasability{TLP: access.TLPRed, Audience: []string{"ru"}}
		if rng.IntN(13) == 0 {
			rel = access.Releasability{TLP: access.TLPClear}
		}
		changes = append(changes, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "test", Kind: "test.entry",
			Subject: fmt.Sprintf("t:%d", i), Release: rel, Payload: i}})
	}
	if _, err := n.app.Sequencer.Append(context.Background(), changes...); err != nil {
		t.Fatal(err)
	}
	var want []int64
	for seq := n.app.Hashes.Size() - 1; seq >= 0; seq-- {
		se, err := n.app.DB.Entry(context.Background(), seq)
		if err != nil {
			t.Fatal(err)
		}
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil {
			t.Fatal(err)
		}
		if e.Release.TLP == access.TLPClear {
			want = append(want, seq)
		}
	}
	limit := 1 + rng.IntN(20)
	var got []int64
	next := fmt.Sprintf("/api/v1/log/entries?limit=%d", limit)
	for pages := 0; next != ""; pages++ {
		if pages > 1000 {
			t.Fatal("paging does not end")
		}
		var r listed
		if st := n.getJSON(t, next, "", &r); st != 200 {
			t.Fatalf("%s: status %d", next, st)
		}
		if len(r.Items) > limit {
			t.Fatalf("%s: %d items", next, len(r.Items))
		}
		for _, it := range r.Items {
			got = append(got, it.Seq)
		}
		next = r.Next
		if next != "" {
			next += fmt.Sprintf("&limit=%d", limit)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("limit %d: paged %d entries %v…, want %d %v…", limit, len(got), got[:min(5, len(got))], len(want), want[:min(5, len(want))])
	}
}
