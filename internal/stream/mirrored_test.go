package stream_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/stream"
	"truce/internal/testnode"
	"truce/internal/testwait"
)

// TestMirroredEntriesReachTheirAudience checks that entries a mirror
// applied reach this node's stream subscribers who may see them, labelled
// with their origin and without an SSE id (the client's Last-Event-ID
// stays the own log's), even when their index in the origin's log is
// below the client's last own id; and that a subscriber outside an entry's
// audience never receives it.
func TestMirroredEntriesReachTheirAudience(t *testing.T) {
	env := testnode.New(t)
	hub := stream.NewHub(stream.HubDeps{})
	t.Cleanup(hub.Close)
	env.OnCommit(hub.Publish)
	srv := sseServer(t, env, hub)
	appendMix(t, env, 3)
	last := env.Hashes.Size() - 1 // the clients have seen every own entry

	clients := map[string]chan []event{"ru": make(chan []event, 1), "un": make(chan []event, 1)}
	for party, ch := range clients {
		go func() {
			ch <- readFn(t, srv.URL, party, last, func(evs []event) bool { return evs[len(evs)-1].kind == "test.event" })
		}()
	}
	testwait.For(t, 10*time.Second, "both clients subscribed", func() bool { return hub.Stats().Subscribers == 2 })

	const origin = "us.example/log"
	mirrored := []*ledger.Entry{
		{Seq: 0, Party: "us", Author: "us-reporter", Kind: "incident.reported", Subject: "incident:inc_us",
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}, Payload: []byte(`{"n":0}`)},
		{Seq: 1, Party: "us", Author: "us-reporter", Kind: "incident.reported", Subject: "incident:inc_us2",
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}, Payload: []byte(`{"n":1}`)},
	}
	hub.PublishMirrored(origin, mirrored)
	// An own GREEN entry afterwards ends both reads.
	if _, err := env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "un", Author: "t", Kind: "test.event",
		Subject: "end", Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]int{"i": 0}}}); err != nil {
		t.Fatal(err)
	}
	ru, un := <-clients["ru"], <-clients["un"]
	if len(ru) != 2 || ru[0].kind != "incident.reported" || ru[0].id != 0 ||
		!strings.Contains(ru[0].data, `"origin":"us.example/log"`) || !strings.Contains(ru[0].data, `"subject":"incident:inc_us"`) {
		t.Fatalf("ru received %+v, want us's entry released to it (origin, no id), then the own entry", ru)
	}
	if ru[1].id != last+1 {
		t.Fatalf("the own entry after it has id %d, want %d", ru[1].id, last+1)
	}
	if len(un) != 1 || un[0].kind != "test.event" {
		t.Fatalf("un received %+v, want only the own GREEN entry", un)
	}
}
