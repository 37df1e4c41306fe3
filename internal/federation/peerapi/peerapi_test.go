package peerapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/federation/peerapi"
	"truce/internal/ledger"
)

// partyHeader carries the calling party in these tests only, standing in
// for the pinned client certificate of the mutual-TLS listener.
const partyHeader = "X-Test-Party"

func headerPeer(r *http.Request) (string, bool) {
	p := r.Header.Get(partyHeader)
	return p, p != ""
}

// serve returns the peer API over l.
func serve(t *testing.T, l *fedtest.Log) http.Handler {
	t.Helper()
	ws := fedtest.Cosigners(t, "ru.truce.example/witness")
	h, err := peerapi.New(peerapi.Config{
		Checkpoint: func(context.Context) ([]byte, error) {
			return l.Sign(t, l.Tree(t, l.Hashes.Size()), ws...), nil
		},
		Tree: l.Hashes, Entries: l.DB, Gossip: l.DB.Mirrors(), Evidence: l.DB.Mirrors(),
		AddCheckpoint: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) }),
		Peer:          headerPeer,
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(h http.Handler, party, target string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if party != "" {
		r.Header.Set(partyHeader, party)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestBadRequestsGetProblems(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 1500)
	h := serve(t, l)
	cases := []struct {
		name, party, target string
		status              int
	}{
		{"no member", "", "/federation/v1/checkpoint", http.StatusForbidden},
		{"no start", "ru", "/federation/v1/entries?end=5", http.StatusBadRequest},
		{"start twice", "ru", "/federation/v1/entries?start=0&start=1&end=5", http.StatusBadRequest},
		{"negative", "ru", "/federation/v1/commitments?start=-1&end=5", http.StatusBadRequest},
		{"not a number", "ru", "/federation/v1/commitments?start=a&end=5", http.StatusBadRequest},
		{"leading zero", "ru", "/federation/v1/commitments?start=01&end=5", http.StatusBadRequest},
		{"plus sign", "ru", "/federation/v1/commitments?start=%2B1&end=5", http.StatusBadRequest},
		{"end before start", "ru", "/federation/v1/entries?start=9&end=5", http.StatusBadRequest},
		{"over 1000", "ru", "/federation/v1/entries?start=0&end=1001", http.StatusBadRequest},
		{"beyond the tree", "ru", "/federation/v1/commitments?start=1400&end=1501", http.StatusBadRequest},
		{"overflow", "ru", "/federation/v1/entries?start=0&end=99999999999999999999", http.StatusBadRequest},
		{"unknown resource", "ru", "/federation/v1/tiles", http.StatusNotFound},
		{"unknown evidence", "ru", "/federation/v1/evidence/ev_0", http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := get(h, tc.party, tc.target)
			if w.Code != tc.status || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("status %d (%s), want %d problem: %s", w.Code, w.Header().Get("Content-Type"), tc.status, w.Body)
			}
			var p struct {
				Status int    `json:"status"`
				Detail string `json:"detail"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != tc.status || p.Detail == "" {
				t.Fatalf("problem %s: %v", w.Body, err)
			}
		})
	}
	if w := get(h, "ru", "/federation/v1/commitments?start=500&end=1500"); w.Code != http.StatusOK || w.Body.Len() != 1000*32 {
		t.Fatalf("a full range: %d, %d bytes", w.Code, w.Body.Len())
	}
	r := httptest.NewRequest(http.MethodPost, "/federation/v1/add-checkpoint", strings.NewReader("x"))
	r.Header.Set(partyHeader, "ru")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusTeapot {
		t.Fatalf("add-checkpoint did not reach the witness hook: %d", w.Code)
	}
}

// TestEntriesReleasableToCaller checks that each party is served exactly
// the entries releasable to it, and that what a party that may see nothing
// receives does not depend on the entries it may not see: two logs whose
// hidden entries differ in number of each kind, audience and size give it
// byte-identical responses.
func TestEntriesReleasableToCaller(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 40)
	h := serve(t, l)
	for _, party := range []string{"ru", "un", "ngo", "us"} {
		w := get(h, party, "/federation/v1/entries?start=0&end=40")
		body, _ := io.ReadAll(w.Body)
		lines, err := mirror.DecodeEntries(body)
		if w.Code != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %v", party, w.Code, err)
		}
		var want int
		for i := range 40 {
			if fedtest.Releases[i%len(fedtest.Releases)].Normalize("us").ReleasableToParty(party) {
				want++
			}
		}
		if len(lines) != want {
			t.Fatalf("%s received %d entries, want %d", party, len(lines), want)
		}
	}

	hidden := func(seq int64) access.Releasability {
		return access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru"}}
	}
	a := fedtest.NewLog(t, "us", "us.truce.example/log")
	a.AppendWith(t, 30, hidden)
	b := fedtest.NewLog(t, "us", "us.truce.example/log")
	b.AppendWith(t, 30, func(seq int64) access.Releasability {
		if seq%2 == 0 {
			return access.Releasability{TLP: access.TLPRed, Audience: []string{"un", "ru"}}
		}
		return access.Releasability{TLP: access.TLPAmberStrict}
	})
	wa := get(serve(t, a), "ngo", "/federation/v1/entries?start=0&end=30")
	wb := get(serve(t, b), "ngo", "/federation/v1/entries?start=0&end=30")
	if wa.Code != http.StatusOK || wa.Body.Len() != 0 {
		t.Fatalf("ngo received %d: %q", wa.Code, wa.Body)
	}
	if wa.Code != wb.Code || !bytes.Equal(wa.Body.Bytes(), wb.Body.Bytes()) || fmt.Sprint(wa.Header()) != fmt.Sprint(wb.Header()) {
		t.Fatalf("responses differ: %d %v %q and %d %v %q", wa.Code, wa.Header(), wa.Body, wb.Code, wb.Header(), wb.Body)
	}
}

func TestCheckpointAndGossip(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	l.Append(t, 3)
	h := serve(t, l)
	w := get(h, "un", "/federation/v1/checkpoint")
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "us.truce.example/log\n3\n") {
		t.Fatalf("checkpoint: %d %q", w.Code, w.Body)
	}
	w = get(h, "un", "/federation/v1/checkpoints")
	var g peerapi.GossipList
	if err := json.Unmarshal(w.Body.Bytes(), &g); err != nil || len(g.Checkpoints) != 1 || !strings.HasPrefix(g.Checkpoints[0], "us.truce.example/log\n3\n") {
		t.Fatalf("gossip: %d %q %v", w.Code, w.Body, err)
	}
}

// TestEvidenceContentOnlyToItsSender checks that the bytes kept as bad
// content go back only to the party that sent them.
func TestEvidenceContentOnlyToItsSender(t *testing.T) {
	l := fedtest.NewLog(t, "us", "us.truce.example/log")
	ev := &mirror.Evidence{ID: "ev_1", Origin: "ru.truce.example/log", Party: "ru", Kind: mirror.KindBadContent, Content: []byte(`{"secret":1}`)}
	if err := l.DB.Mirrors().SaveEvidence(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	h := serve(t, l)
	for party, want := range map[string]bool{"ru": true, "un": false} {
		w := get(h, party, "/federation/v1/evidence/ev_1")
		var got mirror.Evidence
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.ID != "ev_1" || (got.Content != nil) != want {
			t.Fatalf("%s: %d %s %v", party, w.Code, w.Body, err)
		}
	}
}

type latest struct{ sc *ledger.SignedCheckpoint }

func (l latest) Latest() *ledger.SignedCheckpoint { return l.sc }

func TestLatestNote(t *testing.T) {
	if n, err := peerapi.LatestNote(latest{})(context.Background()); n != nil || err != nil {
		t.Fatalf("before the first checkpoint: %q, %v", n, err)
	}
	sc := &ledger.SignedCheckpoint{Signed: []byte("body\n\n— key sig\n"), Cosignatures: [][]byte{[]byte("— w cosig\n")}}
	if n, _ := peerapi.LatestNote(latest{sc})(context.Background()); string(n) != "body\n\n— key sig\n— w cosig\n" {
		t.Fatalf("note %q", n)
	}
}
