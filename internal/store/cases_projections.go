package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"truce/internal/cases"
	"truce/internal/ledger"
)

// casesKinds are the rules of the cases domain: every case entry is
// folded into its case's row by cases.Apply; an import adds its sites.
func casesKinds() []kindRule {
	out := []kindRule{{kind: cases.KindKnownSitesImported, apply: projectKnownSitesImported}}
	for _, k := range cases.EntryKinds() {
		if k != cases.KindKnownSitesImported {
			out = append(out, kindRule{kind: k, apply: projectCase})
		}
	}
	return out
}

// projectCase folds a case entry into the cases table: case.opened adds
// the row, every other kind rewrites it with cases.Apply.
func projectCase(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	id, ok := cases.ParseSubject(e.Subject)
	if !ok {
		return fmt.Errorf("subject %q is not a case", e.Subject)
	}
	var cur *cases.Case
	if e.Kind != cases.KindOpened {
		c, err := casesStore{}.caseIn(ctx, q, id)
		if err != nil {
			return err
		}
		cur = c
	}
	c, err := cases.Apply(cur, e)
	if err != nil {
		return err
	}
	doc, err := json.Marshal(c)
	if err != nil {
		return err
	}
	parties := make([]string, len(c.Requests))
	for i, r := range c.Requests {
		parties[i] = r.Party
	}
	list := ""
	if len(parties) > 0 {
		list = "," + strings.Join(parties, ",") + ","
	}
	if cur == nil {
		_, err = q.ExecContext(ctx, `INSERT INTO cases (id, case_key, status, tlp, audience, parties, doc, first_seq, seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, c.Key, c.Status, string(c.Release.TLP), audienceColumn(c.Release),
			list, string(doc), c.FirstSeq, c.Seq)
		return err
	}
	return execOne(ctx, q, `UPDATE cases SET status = $1, parties = $2, doc = $3, seq = $4 WHERE id = $5`,
		c.Status, list, string(doc), c.Seq, c.ID)
}

// projectKnownSitesImported adds the sites of a known-site import.
func projectKnownSitesImported(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, err := decode[cases.KnownSitesImported](e)
	if err != nil {
		return err
	}
	rel, _ := json.Marshal(e.Release)
	for _, s := range p.Sites {
		doc, _ := json.Marshal(s)
		if _, err := q.ExecContext(ctx, `INSERT INTO known_sites (id, import_id, party, author, tlp, audience, release_json, imported, doc, seq)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, s.ID, p.ID, e.Party, e.Author, string(e.Release.TLP),
			audienceColumn(e.Release), string(rel), e.Time, string(doc), e.Seq); err != nil {
			return err
		}
	}
	return nil
}
