package taxii_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"truce/internal/stix"
	"truce/internal/stix/stixtest"
)

// TestDiscoveryRootAndCollection walks from discovery to the collection as
// a TAXII client does, and the collection says who may write.
func TestDiscoveryRootAndCollection(t *testing.T) {
	n := newNode(t)
	var d struct {
		Default  string
		APIRoots []string `json:"api_roots"`
	}
	n.get("/taxii2/", "", &d)
	if len(d.APIRoots) != 1 || d.APIRoots[0] != n.srv.URL+"/taxii2/truce/" || d.Default != d.APIRoots[0] {
		t.Fatalf("discovery: %+v", d)
	}
	var root struct {
		Versions         []string
		MaxContentLength int64 `json:"max_content_length"`
	}
	n.get("/taxii2/truce/", "", &root)
	if len(root.Versions) != 1 || root.Versions[0] != "application/taxii+json;version=2.1" || root.MaxContentLength <= 0 {
		t.Fatalf("api root: %+v", root)
	}
	path := n.collectionPath()
	for _, tc := range []struct {
		user     string
		canWrite bool
	}{{"", false}, {"ru-observer", false}, {"ru-reporter", true}} {
		var c struct {
			CanRead    bool     `json:"can_read"`
			CanWrite   bool     `json:"can_write"`
			MediaTypes []string `json:"media_types"`
		}
		n.get(path, tc.user, &c)
		if !c.CanRead || c.CanWrite != tc.canWrite || len(c.MediaTypes) != 1 {
			t.Errorf("collection as %q: %+v", tc.user, c)
		}
	}
}

// page is an envelope or a manifest as read back.
type page struct {
	More    bool              `json:"more"`
	Next    string            `json:"next"`
	Objects []json.RawMessage `json:"objects"`
}

// pollAll reads every page of what (objects/ or manifest/) with limit and
// extra parameters, checking the paging headers, and returns the objects.
func pollAll(n *node, what, user string, limit int, extra url.Values) []json.RawMessage {
	n.t.Helper()
	var all []json.RawMessage
	next := ""
	for pages := 0; ; pages++ {
		if pages > 200 {
			n.t.Fatal("paging does not end")
		}
		v := url.Values{"limit": {strings.TrimSpace(strings.Repeat(" ", 0) + itoa(limit))}}
		for k, x := range extra {
			v[k] = x
		}
		if next != "" {
			v.Set("next", next)
		}
		var p page
		h := n.get(n.collectionPath()+what+"?"+v.Encode(), user, &p)
		if len(p.Objects) > limit {
			n.t.Fatalf("%s: %d objects on a page of %d", what, len(p.Objects), limit)
		}
		if len(p.Objects) > 0 && (h.Get("X-TAXII-Date-Added-First") == "" || h.Get("X-TAXII-Date-Added-Last") == "") {
			n.t.Fatalf("%s: no X-TAXII-Date-Added headers", what)
		}
		if p.More && (p.Next == "" || len(p.Objects) != limit) {
			n.t.Fatalf("%s: more with next %q after %d of %d objects", what, p.Next, len(p.Objects), limit)
		}
		all = append(all, p.Objects...)
		if !p.More {
			return all
		}
		next = p.Next
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

type head struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
}

func heads(t *testing.T, raw []json.RawMessage) []head {
	t.Helper()
	out := make([]head, len(raw))
	for i, r := range raw {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestPollHonoursReleasability polls objects and the manifest page by page
// as three callers: each gets exactly the incidents it may see, every
// object conforms to the OASIS STIX 2.1 schemas, and a caller never gets a
// hidden incident's object, manifest record or a "more" that only the
// hidden incident (added last) would explain.
func TestPollHonoursReleasability(t *testing.T) {
	n := newNode(t)
	var public []string
	for i := range 7 {
		public = append(public, n.report("un-reporter", "poll-"+itoa(i), "CLEAR"))
	}
	amber := n.report("ru-reporter", "poll-amber", "AMBER", "ru")
	red := n.report("us-reporter", "poll-red", "RED", "us") // last: a leak would show as more=true
	stixID := func(id string) string { return stix.ID("incident", id) }
	want := map[string]map[string]bool{"": {}, "ru-observer": {stixID(amber): true}, "us-observer": {stixID(red): true}}
	for _, id := range public {
		for _, m := range want {
			m[stixID(id)] = true
		}
	}
	for user, visible := range want {
		for _, limit := range []int{1, 4, 1000} {
			objs := pollAll(n, "objects/", user, limit, nil)
			got := map[string]bool{}
			ids := map[string]bool{}
			for _, raw := range objs {
				if err := stixtest.Object(raw); err != nil {
					t.Errorf("as %q: %v", user, err)
				}
				if strings.Contains(string(raw), "poll-red") && !visible[stixID(red)] || strings.Contains(string(raw), "poll-amber") && !visible[stixID(amber)] {
					t.Errorf("as %q: an object names a hidden incident: %s", user, raw)
				}
			}
			for _, h := range heads(t, objs) {
				ids[h.ID] = true
				if h.Type == "incident" && strings.Contains(string(mustFind(objs, h.ID)), "poll-") {
					got[h.ID] = true
				}
			}
			for id := range visible {
				if !got[id] {
					t.Errorf("as %q, limit %d: incident %s missing", user, limit, id)
				}
			}
			for id := range got {
				if !visible[id] {
					t.Errorf("as %q, limit %d: incident %s served", user, limit, id)
				}
			}
			man := heads(t, pollAll(n, "manifest/", user, limit, nil))
			if len(man) != len(objs) {
				t.Errorf("as %q, limit %d: %d manifest records, %d objects", user, limit, len(man), len(objs))
			}
			for i, m := range man {
				if !ids[m.ID] || m.Version == "" || m.DateAdded == "" {
					t.Errorf("as %q: manifest record %+v", user, m)
				}
				if i > 0 && m.DateAdded < man[i-1].DateAdded {
					t.Errorf("as %q: date_added goes back at %d: %s < %s", user, i, m.DateAdded, man[i-1].DateAdded)
				}
			}
		}
	}
	// The hidden incident by id: 404 for a party that may not see it.
	for _, tc := range []struct {
		user string
		code int
	}{{"ru-observer", 404}, {"", 404}, {"us-observer", 200}} {
		if code, out, _ := n.do("GET", n.collectionPath()+"objects/"+stixID(red)+"/", tc.user, nil); code != tc.code {
			t.Errorf("object %s as %q: %d, want %d: %s", stixID(red), tc.user, code, tc.code, out)
		}
	}
}

func mustFind(objs []json.RawMessage, id string) json.RawMessage {
	for _, o := range objs {
		if strings.Contains(string(o), `"id":"`+id+`"`) {
			return o
		}
	}
	return nil
}
