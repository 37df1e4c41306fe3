package sitrep_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/report/doc"
	"truce/internal/sitrep"
)

// correctedDay is the period the publication tests issue, correct and sign
// off (not demoDay, which the issue test signs off).
const correctedDay = "2016-07-09"

// TestPublishCorrectAndSupersede: an issued report is published (for the
// public page) only once every co-chair signed it off, and its document
// then says so, citing the sign-off entries. A correction supersedes it:
// both stay in the log and verify, the superseded one takes no sign-off,
// and the public page keeps the earlier agreed issue until the correction
// is agreed in turn. Bad requests are refused and log nothing.
func TestPublishCorrectAndSupersede(t *testing.T) {
	ctx := context.Background()
	iss := publisher()
	us, ru, un := user(t, "us-liaison"), user(t, "ru-liaison"), user(t, "un-liaison")
	first, err := iss.Issue(ctx, us, correctedDay, "en")
	if err != nil {
		t.Fatal(err)
	}
	notPublished := func(when string) {
		t.Helper()
		if _, err := iss.Published(ctx, correctedDay, "en"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("%s: published: %v", when, err)
		}
	}
	notPublished("issued")
	mustAgree(t, iss, us, first.SHA256)
	notPublished("signed off by us only")
	mustAgree(t, iss, ru, first.SHA256)
	pub, d, err := iss.PublishedDocument(ctx, correctedDay, "en")
	if err != nil || pub.SHA256 != first.SHA256 {
		t.Fatalf("published after both sign-offs: %+v %v", pub, err)
	}
	checkAgreement(t, d, pub, "Agreed by us and ru.")

	size := node.Hashes.Size()
	refused := []struct {
		name string
		call func() error
		want error
	}{
		{"no reason", func() error { _, err := iss.Correct(ctx, us, correctedDay, first.SHA256, "  "); return err }, nil},
		{"long reason", func() error {
			_, err := iss.Correct(ctx, us, correctedDay, first.SHA256, strings.Repeat("x", 2001))
			return err
		}, nil},
		{"unknown issue", func() error { _, err := iss.Correct(ctx, us, correctedDay, "00"+first.SHA256[2:], "typo"); return err }, fault.ErrNotFound},
		{"not a co-chair", func() error { _, err := iss.Correct(ctx, un, correctedDay, first.SHA256, "typo"); return err }, fault.ErrForbidden},
		{"the public", func() error {
			_, err := iss.Correct(ctx, access.Public, correctedDay, first.SHA256, "typo")
			return err
		}, fault.ErrUnauthenticated},
		{"bad date", func() error { _, err := iss.Correct(ctx, us, "2016-13-01", first.SHA256, "typo"); return err }, nil},
	}
	for _, c := range refused {
		err := c.call()
		var inv *fault.InvalidError
		if c.want == nil && !errors.As(err, &inv) || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if got := node.Hashes.Size(); got != size {
		t.Errorf("refused corrections appended %d entries", got-size)
	}

	fix, err := iss.Correct(ctx, ru, correctedDay, first.SHA256, "the hotline figure omitted a call")
	if err != nil {
		t.Fatal(err)
	}
	if fix.Supersedes != first.SHA256 || fix.Reason != "the hotline figure omitted a call" || fix.Agreed || fix.SHA256 == first.SHA256 {
		t.Errorf("correction: %+v", fix)
	}
	old, err := iss.Get(ctx, correctedDay, first.SHA256)
	if err != nil || old.SupersededBy != fix.SHA256 || old.SupersededSeq != fix.Seq || !old.Agreed {
		t.Errorf("superseded issue: %+v %v", old, err)
	}
	size = node.Hashes.Size()
	if _, err := iss.Agree(ctx, us, correctedDay, first.SHA256); !errors.Is(err, fault.ErrConflict) {
		t.Errorf("sign-off of a superseded issue: %v", err)
	}
	if _, err := iss.Correct(ctx, us, correctedDay, first.SHA256, "again"); !errors.Is(err, fault.ErrConflict) {
		t.Errorf("correction of a superseded issue: %v", err)
	}
	if got := node.Hashes.Size(); got != size {
		t.Errorf("refused requests appended %d entries", got-size)
	}
	if again, err := iss.Issue(ctx, us, correctedDay, "en"); err != nil || again.SHA256 != fix.SHA256 {
		t.Errorf("issuing again answers the newest issue: %+v %v", again, err)
	}

	if pub, err := iss.Published(ctx, correctedDay, "en"); err != nil || pub.SHA256 != first.SHA256 {
		t.Errorf("before the correction is agreed the public page keeps the first: %+v %v", pub, err)
	}
	mustAgree(t, iss, ru, fix.SHA256)
	mustAgree(t, iss, us, fix.SHA256)
	pub, d, err = iss.PublishedDocument(ctx, correctedDay, "en")
	if err != nil || pub.SHA256 != fix.SHA256 {
		t.Fatalf("published after the correction is agreed: %+v %v", pub, err)
	}
	checkAgreement(t, d, pub, "Agreed by ru and us.", "This issue corrects the report "+first.SHA256+": the hotline figure omitted a call")
	all, err := iss.PublishedAll(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(r sitrep.IssuedReport) bool { return r.Date == correctedDay })
	if i < 0 || all[i].SHA256 != fix.SHA256 {
		t.Errorf("published list: %+v", all)
	}
	if _, err := iss.PublishedAll(ctx, "fr"); err == nil {
		t.Error("a list in fr")
	}

	// Either copy verifies against its own entry.
	tree, err := node.Hashes.Tree()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*sitrep.IssuedReport{first, fix} {
		body, err := iss.Body(ctx, correctedDay, r.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		se, err := node.DB.Entry(ctx, r.Seq)
		if err != nil {
			t.Fatal(err)
		}
		proof, err := tlog.ProveRecord(tree.N, r.Seq, node.Hashes)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sitrep.VerifyIssued(body, se.Canonical, r.Seq, proof, tree); err != nil {
			t.Errorf("issue %d does not verify: %v", r.Seq, err)
		}
	}
}

// TestAgreementInEveryLanguage: the agreement section names the co-chairs
// in the report's own language.
func TestAgreementInEveryLanguage(t *testing.T) {
	ctx := context.Background()
	iss := publisher()
	us, ru := user(t, "us-liaison"), user(t, "ru-liaison")
	for lang, want := range map[string]string{"ru": "Согласовано: us и ru.", "ar": "تمت الموافقة عليه من قبل us وru."} {
		rep, err := iss.Issue(ctx, us, correctedDay, lang)
		if err != nil {
			t.Fatal(err)
		}
		mustAgree(t, iss, us, rep.SHA256)
		mustAgree(t, iss, ru, rep.SHA256)
		pub, d, err := iss.PublishedDocument(ctx, correctedDay, lang)
		if err != nil {
			t.Fatal(err)
		}
		checkAgreement(t, d, pub, want)
	}
}

// checkAgreement checks that d ends with the agreement section of rep:
// the paragraphs want, and a table citing each sign-off entry.
func checkAgreement(t *testing.T, d doc.Document, rep *sitrep.IssuedReport, want ...string) {
	t.Helper()
	last := d.Sections[len(d.Sections)-1]
	if last.ID != "agreement" {
		t.Fatalf("last section %q, want the agreement", last.ID)
	}
	var texts []string
	var cited []int64
	for _, b := range last.Blocks {
		switch b := b.(type) {
		case doc.Paragraph:
			texts = append(texts, b.Text)
		case doc.Table:
			for _, row := range b.Rows {
				for _, r := range row[1].Refs {
					if r.Origin != node.Keys.Origin() {
						t.Errorf("sign-off cited in %s", r.Origin)
					}
					cited = append(cited, int64(r.Index))
				}
			}
		}
	}
	for _, w := range want {
		if !slices.Contains(texts, w) {
			t.Errorf("agreement says %q, want %q", texts, w)
		}
	}
	if !slices.Equal(cited, rep.AgreedSeqs) || len(cited) != 2 {
		t.Errorf("sign-offs cited %v, want %v", cited, rep.AgreedSeqs)
	}
}

// mustAgree signs off the report sha of correctedDay as by.
func mustAgree(t *testing.T, iss *sitrep.Issuer, by access.Principal, sha string) {
	t.Helper()
	if _, err := iss.Agree(context.Background(), by, correctedDay, sha); err != nil {
		t.Fatal(err)
	}
}

// publisher returns an Issuer over the demo node that lists published
// reports (IssueDeps.OfKind).
func publisher() *sitrep.Issuer {
	return sitrep.NewIssuer(sitrep.IssueDeps{Builder: builder(), Log: node.Sequencer, Entries: node.DB.EntriesBySubject,
		Content: sitrep.EvidenceContent{Store: node.Incidents.EvidenceStore()}, CoChairs: sitrep.CoChairsFrom(node.Accounts.Store().Parties),
		OfKind: node.DB.EntriesOfKind})
}
