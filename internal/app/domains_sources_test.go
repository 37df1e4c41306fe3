package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
)

// addUser creates user party-role on n (if absent) and keeps a token for
// it under that name.
func (n *testNode) addUser(party string, role access.Role) string {
	n.t.Helper()
	ctx := context.Background()
	name := party + "-" + string(role)
	u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: role, Password: "password-" + name}, true)
	if err != nil {
		n.t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		n.t.Fatal(err)
	}
	n.tokens[name] = tok.Secret
	return name
}

// corpus reads an article of the extraction corpus.
func corpus(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../sources/extract/testdata/corpus/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decodeInto decodes b into v or fails the test with the body.
func decodeInto(t *testing.T, status int, b []byte, want int, v any) {
	t.Helper()
	if status != want {
		t.Fatalf("status %d, want %d: %s", status, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
	}
}

type apiDraft struct {
	ID         string `json:"id"`
	SourceID   string `json:"source_id"`
	Status     string `json:"status"`
	IncidentID string `json:"incident_id"`
	Proposal   struct {
		Category string `json:"category"`
		Spans    []struct{ Start, End int }
	} `json:"proposal"`
	Duplicates []struct {
		ID       string   `json:"id"`
		Score    float64  `json:"score"`
		Reasons  []string `json:"reasons"`
		Decision string   `json:"decision"`
	} `json:"duplicates"`
}

type apiSource struct {
	ID         string     `json:"id"`
	Text       string     `json:"text"`
	Published  string     `json:"published"`
	TextSHA256 string     `json:"text_sha256"`
	Drafts     []apiDraft `json:"drafts"`
}

// TestSourcesReviewEndToEnd ingests an article of the corpus through the
// API, and reviews its drafts: one accepted (an incident of the analyst's
// party with the source attached), one discarded with a reason, one
// linked to a suggested duplicate and merged into it. Each decision is
// logged, and a draft decided once cannot be decided again.
func TestSourcesReviewEndToEnd(t *testing.T) {
	n := newTestNode(t)
	analyst := n.addUser("us", access.RoleAnalyst)
	st, b, hdr := n.do("POST", "/api/v1/sources", analyst, map[string]any{"text": corpus(t, "en02.txt"), "publisher": "Levant Wire",
		"url": "https://wire.example/levant/2026-03-20"})
	var src apiSource
	decodeInto(t, st, b, 201, &src)
	if hdr.Get("Location") != "/api/v1/sources/"+src.ID || src.Published != "2026-03-20T00:00:00Z" || len(src.Drafts) != 3 {
		t.Fatalf("source %s (Location %q): published %s, %d drafts, want the dateline's date and 3", src.ID, hdr.Get("Location"), src.Published, len(src.Drafts))
	}
	for _, d := range src.Drafts {
		if d.Status != "pending" || len(d.Proposal.Spans) == 0 || d.Proposal.Spans[0].End > len(src.Text) {
			t.Fatalf("draft %+v: want pending with spans into the text", d)
		}
	}
	// Submitting it again (same URL) creates nothing.
	st, b, _ = n.do("POST", "/api/v1/sources", analyst, map[string]any{"text": corpus(t, "en02.txt"), "url": "https://wire.example/levant/2026-03-20"})
	var again apiSource
	decodeInto(t, st, b, 200, &again)
	if again.ID != src.ID {
		t.Fatalf("a second submission made source %s, want %s", again.ID, src.ID)
	}

	var queue struct {
		Items []apiDraft `json:"items"`
		Next  string     `json:"next"`
	}
	st, b, _ = n.do("GET", "/api/v1/drafts?limit=2", analyst, nil)
	decodeInto(t, st, b, 200, &queue)
	if len(queue.Items) != 2 || queue.Next == "" {
		t.Fatalf("first page of the queue: %d drafts, next %q; want 2 and a cursor", len(queue.Items), queue.Next)
	}
	st, b, _ = n.do("GET", "/api/v1/drafts?limit=2&cursor="+queue.Next, analyst, nil)
	var rest struct {
		Items []apiDraft `json:"items"`
		Next  string     `json:"next"`
	}
	decodeInto(t, st, b, 200, &rest)
	if len(rest.Items) != 1 || rest.Next != "" {
		t.Fatalf("second page: %d drafts, next %q; want the last one and no cursor", len(rest.Items), rest.Next)
	}
	byCat := map[string]string{}
	for _, d := range append(queue.Items, rest.Items...) {
		byCat[d.Proposal.Category] = d.ID
	}
	clash, strike, aid := byCat["armed_clash"], byCat["air_strike"], byCat["obstruction_of_humanitarian_access"]
	if clash == "" || strike == "" || aid == "" {
		t.Fatalf("drafts by category %v: want an armed clash, an air strike and an obstruction of aid", byCat)
	}

	// Accept the air strike, edited: the narrative is the analyst's.
	draft := func(id string) string { return "/api/v1/drafts/" + id }
	st, b, _ = n.do2("POST", draft(strike)+"/accept", analyst, withIfMatch(map[string]any{"reliability": "B", "credibility": 2,
		"incident": map[string]any{"narrative": "Drone strike on a vehicle near Al Bab (edited)."}}, n.etagOf(draft(strike), analyst)))
	var accepted apiDraft
	decodeInto(t, st, b, 200, &accepted)
	if accepted.Status != "accepted" || accepted.IncidentID == "" {
		t.Fatalf("accepted draft %+v", accepted)
	}
	st, b, _ = n.do("GET", "/api/v1/incidents/"+accepted.IncidentID, analyst, nil)
	var inc struct {
		Party     string `json:"party"`
		Category  string `json:"category"`
		Narrative string `json:"narrative"`
		Sources   []struct {
			Name, Reliability, URL string
			Credibility            int
		} `json:"sources"`
		Evidence []struct {
			SHA256 string `json:"sha256"`
		} `json:"evidence"`
	}
	decodeInto(t, st, b, 200, &inc)
	if inc.Party != "us" || inc.Category != "air_strike" || !strings.Contains(inc.Narrative, "(edited)") ||
		len(inc.Sources) != 1 || inc.Sources[0].Name != "Levant Wire" || inc.Sources[0].Reliability != "B" || inc.Sources[0].Credibility != 2 ||
		inc.Sources[0].URL != "https://wire.example/levant/2026-03-20" || len(inc.Evidence) != 1 || inc.Evidence[0].SHA256 != src.TextSHA256 {
		t.Fatalf("incident of the accepted draft: %s", b)
	}
	st, b, _ = n.do2("POST", draft(strike)+"/discard", analyst, withIfMatch(map[string]any{"reason": "again"}, n.etagOf(draft(strike), analyst)))
	if st != 409 {
		t.Fatalf("discarding an accepted draft: %d %s, want 409", st, b)
	}

	// Discard the aid obstruction, with a reason; a decision needs the
	// draft's ETag.
	if st, b, _ = n.do("POST", draft(aid)+"/discard", analyst, map[string]any{"reason": "no If-Match"}); st != 428 {
		t.Fatalf("discard without If-Match: %d %s, want 428", st, b)
	}
	st, b, _ = n.do2("POST", draft(aid)+"/discard", analyst, withIfMatch(map[string]any{"reason": "reported already by the UN"}, n.etagOf(draft(aid), analyst)))
	var discarded apiDraft
	decodeInto(t, st, b, 200, &discarded)
	if discarded.Status != "discarded" {
		t.Fatalf("discarded draft %+v", discarded)
	}

	// A clash reported near Manbij on the same day is suggested as a
	// duplicate of the clash draft; link it, then merge the draft into it.
	st, b, _ = n.do("POST", "/api/v1/incidents", "us-liaison", map[string]any{"category": "armed_clash",
		"time": map[string]any{"start": "2026-03-18T10:00:00Z", "precision": "hour"}, "place_name": "Manbij",
		"perpetrator": map[string]any{"kind": "unknown"}, "narrative": "Clashes reported near Manbij.", "releasability": map[string]any{"tlp": "GREEN"}})
	var existing struct {
		ID string `json:"id"`
	}
	decodeInto(t, st, b, 201, &existing)
	st, b, hdr = n.do("GET", draft(clash), analyst, nil)
	before := hdr.Get("ETag")
	var withDups apiDraft
	decodeInto(t, st, b, 200, &withDups)
	if len(withDups.Duplicates) == 0 || withDups.Duplicates[0].ID != existing.ID || withDups.Duplicates[0].Score <= 0 || len(withDups.Duplicates[0].Reasons) == 0 {
		t.Fatalf("duplicates of the clash draft: %s; want incident %s with a score and reasons", b, existing.ID)
	}
	st, b, _ = n.do("POST", "/api/v1/drafts/"+clash+"/duplicates", analyst, map[string]any{"incident_id": existing.ID, "decision": "linked"})
	decodeInto(t, st, b, 200, &withDups)
	if withDups.Duplicates[0].Decision != "linked" {
		t.Fatalf("after linking: %s", b)
	}
	// Linking changed the draft: a merge sent with the ETag read before is
	// refused and changes nothing.
	if st, b, _ = n.do2("POST", draft(clash)+"/merge", analyst, withIfMatch(map[string]any{"incident_id": existing.ID, "reliability": "D", "credibility": 4}, before)); st != 412 || !strings.Contains(string(b), "changed since") {
		t.Fatalf("merge with a stale If-Match: %d %s, want 412", st, b)
	}
	if st, b, _ = n.do("GET", draft(clash), analyst, nil); !strings.Contains(string(b), `"status":"pending"`) {
		t.Fatalf("after a stale merge: %d %s, want the draft pending", st, b)
	}
	st, b, _ = n.do2("POST", draft(clash)+"/merge", analyst, withIfMatch(map[string]any{"incident_id": existing.ID, "reliability": "D", "credibility": 4},
		n.etagOf(draft(clash), analyst)))
	var merged apiDraft
	decodeInto(t, st, b, 200, &merged)
	if merged.Status != "merged" || merged.IncidentID != existing.ID {
		t.Fatalf("merged draft %+v", merged)
	}
	// The merge attached the source, rated D4, its text as evidence; ru
	// sees the incident (GREEN) but not the source (AMBER to us).
	var attached struct {
		Attached []struct {
			DraftID string `json:"draft_id"`
			Source  struct {
				Name, Reliability, URL string
				Credibility            int
			} `json:"source"`
			Evidence struct {
				SHA256 string `json:"sha256"`
			} `json:"evidence"`
		} `json:"attached_sources"`
	}
	st, b, _ = n.do("GET", "/api/v1/incidents/"+existing.ID, analyst, nil)
	decodeInto(t, st, b, 200, &attached)
	if len(attached.Attached) != 1 || attached.Attached[0].DraftID != clash || attached.Attached[0].Source.Name != "Levant Wire" ||
		attached.Attached[0].Source.Reliability != "D" || attached.Attached[0].Source.Credibility != 4 || attached.Attached[0].Evidence.SHA256 != src.TextSHA256 {
		t.Fatalf("incident merged into: %s; want the source attached, rated D4", b)
	}
	evidence := "/api/v1/incidents/" + existing.ID + "/evidence/" + src.TextSHA256
	if st, b, _ = n.do("GET", evidence, analyst, nil); st != 200 || !strings.Contains(string(b), "Manbij") {
		t.Fatalf("the attached source's text as evidence: %d %.200s", st, b)
	}
	st, b, _ = n.do("GET", "/api/v1/incidents/"+existing.ID, "ru-liaison", nil)
	if st != 200 || strings.Contains(string(b), "attached_sources") || strings.Contains(string(b), "Levant Wire") {
		t.Fatalf("the incident as ru: %d %s; want it without the source released to us only", st, b)
	}
	if st, b, _ = n.do("GET", evidence, "ru-liaison", nil); st != 404 {
		t.Fatalf("the attached source's text as ru: %d %.200s, want 404", st, b)
	}

	// The queue is empty now; each decision is an entry of the log.
	st, b, _ = n.do("GET", "/api/v1/drafts", analyst, nil)
	decodeInto(t, st, b, 200, &queue)
	if len(queue.Items) != 0 {
		t.Fatalf("pending drafts after review: %s", b)
	}
	kinds := map[string]int{}
	for seq := int64(0); seq < n.app.Hashes.Size(); seq++ {
		st, b, _ := n.do("GET", fmt.Sprintf("/api/v1/log/entries/%d", seq), analyst, nil)
		if st == 404 { // an entry the analyst may not see
			continue
		}
		var e struct {
			Entry struct {
				Kind string `json:"kind"`
			} `json:"entry"`
		}
		decodeInto(t, st, b, 200, &e)
		kinds[e.Entry.Kind]++
	}
	for _, k := range []string{"source.submitted", "draft.accepted", "draft.discarded", "draft.duplicate_linked", "draft.merged"} {
		if kinds[k] != 1 {
			t.Errorf("the log holds %d %s entries, want 1 (kinds %v)", kinds[k], k, kinds)
		}
	}
}
