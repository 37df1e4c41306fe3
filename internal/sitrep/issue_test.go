package sitrep_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/sitrep"
)

// TestIssueAgreeAndVerify: a co-chair's liaison issues the public report of
// the demo day (stored as evidence, its hash logged); each co-chair signs it
// off, after which it reads agreed; others may not issue or sign off. The
// stored report verifies against its entry's inclusion in the tree; a
// tampered copy, or a proof for another tree, does not.
func TestIssueAgreeAndVerify(t *testing.T) {
	ctx := context.Background()
	iss := issuer()
	us, ru := user(t, "us-liaison"), user(t, "ru-liaison")
	for _, who := range []access.Principal{user(t, "un-liaison"), user(t, "us-observer"), access.Public} {
		if _, err := iss.Issue(ctx, who, demoDay, "en"); !errors.Is(err, fault.ErrForbidden) && !errors.Is(err, fault.ErrUnauthenticated) {
			t.Errorf("%q issued: %v", who.Party+"/"+string(who.Role), err)
		}
	}
	size := node.Hashes.Size()
	rep, err := iss.Issue(ctx, us, demoDay, "ru")
	if err != nil {
		t.Fatal(err)
	}
	again, err := iss.Issue(ctx, us, demoDay, "ru")
	if err != nil || again.Seq != rep.Seq {
		t.Errorf("issuing the same report again: %+v %v, want the first, %d", again, err, rep.Seq)
	}
	if rep.Agreed || !slices.Equal(rep.Pending, []string{"ru", "us"}) && !slices.Equal(rep.Pending, []string{"us", "ru"}) {
		t.Errorf("fresh report: %+v", rep)
	}
	if _, err := iss.Agree(ctx, user(t, "un-liaison"), demoDay, rep.SHA256); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("un signed off: %v", err)
	}
	other := "00" + rep.SHA256[2:]
	if other == rep.SHA256 { // one report in 256 has a hash starting with 00
		other = "ff" + rep.SHA256[2:]
	}
	if _, err := iss.Agree(ctx, us, demoDay, other); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("sign-off of no report: %v", err)
	}
	if _, err := iss.Agree(ctx, us, demoDay, rep.SHA256); err != nil {
		t.Fatal(err)
	}
	done, err := iss.Agree(ctx, ru, demoDay, rep.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if !done.Agreed || len(done.AgreedBy) != 2 || len(done.AgreedSeqs) != 2 {
		t.Errorf("signed off by both co-chairs: %+v", done)
	}
	if got := node.Hashes.Size() - size; got < 3 {
		t.Errorf("issue and two sign-offs appended %d entries", got)
	}

	body, err := iss.Body(ctx, demoDay, rep.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	se, err := node.DB.Entry(ctx, rep.Seq)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := node.Hashes.Tree()
	if err != nil {
		t.Fatal(err)
	}
	proof, err := tlog.ProveRecord(tree.N, rep.Seq, node.Hashes)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sitrep.VerifyIssued(body, se.Canonical, rep.Seq, proof, tree); err != nil {
		t.Fatalf("the stored report does not verify: %v", err)
	}
	tampered := bytes.Replace(body, []byte(`"value":`), []byte(`"value":1`), 1)
	otherTree := tlog.Tree{N: tree.N, Hash: tlog.Hash{1}}
	for name, c := range map[string]struct {
		body []byte
		tree tlog.Tree
	}{"tampered report": {tampered, tree}, "another tree": {body, otherTree}} {
		if _, err := sitrep.VerifyIssued(c.body, se.Canonical, rep.Seq, proof, c.tree); err == nil {
			t.Errorf("%s verified", name)
		}
	}
}

// issuer returns an Issuer over the demo node.
func issuer() *sitrep.Issuer {
	return sitrep.NewIssuer(sitrep.IssueDeps{Builder: builder(), Log: node.Sequencer, Entries: node.DB.EntriesBySubject,
		Content: sitrep.EvidenceContent{Store: node.Incidents.EvidenceStore()}, CoChairs: sitrep.CoChairsFrom(node.Accounts.Store().Parties)})
}
