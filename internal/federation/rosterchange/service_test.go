package rosterchange

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// fakeNode is one node's log (origin) plus the entries it holds mirrored.
type fakeNode struct {
	origin   string
	own      []Entry
	mirrored []Entry
}

func (n *fakeNode) Append(_ context.Context, changes ...ledger.Change) ([]*ledger.Entry, error) {
	var out []*ledger.Entry
	for _, c := range changes {
		d := c.Draft
		e := &ledger.Entry{Version: ledger.EntryVersion, Seq: int64(len(n.own)), Time: time.Now().UTC().Format(time.RFC3339Nano),
			Party: d.Party, Author: d.Author, Kind: d.Kind, Subject: d.Subject, Release: d.Release.Normalize(d.Party), Salt: make([]byte, 32)}
		raw, err := canonicalPayload(d.Payload)
		if err != nil {
			return nil, err
		}
		e.Payload = raw
		canon, err := e.Canonical()
		if err != nil {
			return nil, err
		}
		n.own = append(n.own, FromLedger(n.origin, e, ledger.Commitment(canon)))
		out = append(out, e)
	}
	return out, nil
}

func (n *fakeNode) RosterEntries(context.Context) ([]Entry, error) {
	return append(append([]Entry{}, n.own...), n.mirrored...), nil
}

// errInvalid stands for any *fault.InvalidError in a table.
var errInvalid = errors.New("invalid")

func canonicalPayload(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return ledger.Canonicalize(raw)
}

func TestServiceProposeAndAgree(t *testing.T) {
	f := newFixture(t)
	inForce := func() *roster.Roster { return f.v1 }
	nodes := map[string]*fakeNode{}
	svc := map[string]*Service{}
	for _, p := range []string{"us", "ru", "un"} {
		nodes[p] = &fakeNode{origin: f.origin(p)}
		s, err := NewService(Deps{Origin: f.origin(p), Log: nodes[p], Source: nodes[p], InForce: inForce})
		if err != nil {
			t.Fatal(err)
		}
		svc[p] = s
	}
	liaison := func(p string) access.Principal {
		return access.Principal{UserID: p + "-l", Username: p + "-l", Party: p, Role: access.RoleLiaison}
	}
	ctx := context.Background()

	// Refusals of a proposal, each writing nothing.
	refusals := []struct {
		name string
		by   access.Principal
		req  ProposeRequest
		want error
	}{
		{"observer", access.Principal{UserID: "o", Party: "us", Role: access.RoleObserver}, ProposeRequest{Roster: f.addFR(2, f.v1)}, fault.ErrForbidden},
		{"liaison of a non-co-chair", liaison("un"), ProposeRequest{Roster: f.addFR(2, f.v1)}, fault.ErrForbidden},
		{"stale version", liaison("us"), ProposeRequest{Roster: f.addFR(1, f.v1)}, fault.ErrConflict},
		{"version skip", liaison("us"), ProposeRequest{Roster: f.addFR(3, f.v1)}, errInvalid},
		{"previous not in force", liaison("us"), ProposeRequest{Roster: f.addFR(2, f.v1), Previous: "00"}, fault.ErrConflict},
		{"no change", liaison("us"), ProposeRequest{Roster: with(f.v1, 2, nil)}, errInvalid},
		{"invalid roster", liaison("us"), ProposeRequest{Roster: with(f.v1, 2, func(r *roster.Roster) { r.Quorum = 0 })}, errInvalid},
		{"another member's keys", liaison("us"), ProposeRequest{Roster: f.rotate(t, "ru", 2, f.v1)}, errInvalid},
	}
	for _, tc := range refusals {
		_, err := svc["us"].Propose(ctx, tc.by, tc.req)
		var inv *fault.InvalidError
		if tc.want == errInvalid && errors.As(err, &inv) {
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	if len(nodes["us"].own) != 0 {
		t.Fatalf("refused proposals wrote %d entries", len(nodes["us"].own))
	}
	// The same rotation proposed on ru's own node is logged.
	own, err := svc["ru"].Propose(ctx, liaison("ru"), ProposeRequest{Roster: f.rotate(t, "ru", 2, f.v1)})
	if err != nil || own.Status != StatusPending {
		t.Fatalf("ru proposes its own rotation: %+v, %v", own, err)
	}
	nodes["ru"].own = nil // the rest of the test starts from an empty log again

	p, err := svc["un"].Propose(ctx, access.Principal{UserID: "a", Username: "un-admin", Party: "un", Role: access.RoleAdmin}, ProposeRequest{Roster: f.addFR(2, f.v1)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != StatusPending || len(p.Missing) != 2 {
		t.Fatalf("proposal %+v, want pending with us and ru missing", p)
	}
	// us has not mirrored un's proposal yet: it may not cite it.
	if _, err := svc["us"].Agree(ctx, liaison("us"), p.ID); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("agree to an unmirrored proposal: %v, want not found", err)
	}
	for _, n := range []string{"us", "ru"} {
		nodes[n].mirrored = append(nodes[n].mirrored, nodes["un"].own...)
	}
	wrongLeaf := p.ID
	wrongLeaf.LeafHash = p.Hash
	if _, err := svc["us"].Agree(ctx, liaison("us"), wrongLeaf); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("agree citing another leaf hash: %v, want conflict", err)
	}
	if _, err := svc["un"].Agree(ctx, liaison("un"), p.ID); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("a non-co-chair agrees: %v, want forbidden", err)
	}
	if _, err := svc["us"].Agree(ctx, liaison("us"), cite.Citation{Origin: p.ID.Origin, Index: p.ID.Index}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc["us"].Agree(ctx, liaison("us"), p.ID); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("agreeing twice: %v, want conflict", err)
	}
	got, err := svc["ru"].Agree(ctx, liaison("ru"), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	// ru holds its own agreement but not us's yet.
	if got.Status != StatusPending || len(got.Missing) != 1 || got.Missing[0] != "us" {
		t.Fatalf("on ru's node before it mirrors us's agreement: %+v", got)
	}
	nodes["ru"].mirrored = append(nodes["ru"].mirrored, nodes["us"].own...)
	v, err := svc["ru"].Compute(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.Roster.Version != 2 || len(v.Applied) != 1 || v.Applied[0].ID != p.ID {
		t.Fatalf("once ru holds both agreements: version %d, applied %+v", v.Roster.Version, v.Applied)
	}
	if _, err := svc["ru"].View(ctx, access.Public); !errors.Is(err, fault.ErrUnauthenticated) {
		t.Fatalf("the public reads the roster changes: %v", err)
	}
}
