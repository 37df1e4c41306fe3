package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// TestEngineAgreements projects an agreement and a passage on every engine
// (each record folded from its entries), reads them back, and checks that
// a replay rebuilds the same table.
func TestEngineAgreements(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}
		put := func(party, kind, subject string, payload any) {
			t.Helper()
			if _, err := seq.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison", Kind: kind,
				Subject: subject, Release: rel, Payload: payload}}); err != nil {
				t.Fatal(err)
			}
		}
		spec := agreements.Spec{AgreementID: "agr_1", Version: 1, Title: "Cessation", Parties: []string{"ru", "us"},
			EffectiveFrom: "2016-02-27T00:00:00Z", Obligations: []agreements.ObligationSpec{}}
		put("us", agreements.KindProposed, agreements.Subject("agr_1"), agreements.Proposed{Version: spec, Release: rel})
		put("us", agreements.KindAgreed, agreements.Subject("agr_1"), agreements.Agreed{AgreementID: "agr_1", Version: 1, Party: "us"})
		put("ru", agreements.KindAgreed, agreements.Subject("agr_1"), agreements.Agreed{AgreementID: "agr_1", Version: 1, Party: "ru", Complete: true})
		put("un", agreements.KindPassageProposed, agreements.PassageSubject("psg_1"), agreements.PassageProposed{Release: rel,
			Version: agreements.PassageSpec{ID: "psg_1", Version: 1, Kind: agreements.KindSafePassage, Name: "A", Parties: []string{"ru", "us"}}})
		put("ru", agreements.KindPassageGuaranteed, agreements.PassageSubject("psg_1"), agreements.PassageGuaranteed{PassageID: "psg_1", Version: 1, Party: "ru"})

		st := db.Agreements()
		a, err := st.Agreement(ctx, nil, "agr_1")
		if err != nil || a.Seq != 2 || !a.Versions[0].Agreed() || strings.Join(a.Versions[0].AgreedBy, ",") != "ru,us" || a.Release.TLP != access.TLPAmber {
			t.Fatalf("agreement: %+v (%v)", a, err)
		}
		p, err := st.Passage(ctx, nil, "psg_1")
		if err != nil || p.Seq != 4 || p.Status != agreements.PassagePlanned || len(p.Guarantees) != 1 || p.Party != "un" {
			t.Fatalf("passage: %+v (%v)", p, err)
		}
		if as, err := st.Agreements(ctx); err != nil || len(as) != 1 {
			t.Errorf("agreements: %d (%v)", len(as), err)
		}
		if ps, err := st.Passages(ctx); err != nil || len(ps) != 1 {
			t.Errorf("passages: %d (%v)", len(ps), err)
		}
		if _, err := st.Agreement(ctx, nil, "psg_1"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("a passage read as an agreement: %v", err)
		}
		if es, err := st.History(ctx, agreements.PassageSubject("psg_1")); err != nil || len(es) != 2 {
			t.Errorf("passage history: %d entries (%v)", len(es), err)
		}

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		x, err := db.DumpTable(ctx, "agreement_records")
		if err != nil {
			t.Fatal(err)
		}
		y, err := replay.DumpTable(ctx, "agreement_records")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(x, "\n") != strings.Join(y, "\n") || len(x) != 2 {
			t.Fatalf("agreement_records differs after replay:\n%q\n%q", x, y)
		}
	})
}
