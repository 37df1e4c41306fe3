package sitrep

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/report/doc"
)

// The public page lists and serves the agreed reports: for a period and a
// language, the newest issue that every co-chair signed off (a correction
// replaces its predecessor there once it is agreed in turn). Issued
// reports are computed for the public (CLEAR records only), and their
// entries are CLEAR, so publication shows nothing a reader may not see.

// Published returns the newest agreed issue of date in lang ("" for en),
// or fault.ErrNotFound (wrapped) if no issue of it is agreed yet.
func (s *Issuer) Published(ctx context.Context, date, lang string) (*IssuedReport, error) {
	if lang == "" {
		lang = Langs[0]
	}
	if err := CheckLang(lang); err != nil {
		return nil, err
	}
	rs, err := s.List(ctx, date)
	if err != nil {
		return nil, err
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Lang == lang && rs[i].Agreed {
			return &rs[i], nil
		}
	}
	return nil, fmt.Errorf("sitrep: no agreed report of %s in %s: %w", date, lang, fault.ErrNotFound)
}

// PublishedAll returns the published report (Published) of every period
// with a sign-off in the log, in lang, newest period first. It needs
// IssueDeps.OfKind.
func (s *Issuer) PublishedAll(ctx context.Context, lang string) ([]IssuedReport, error) {
	if lang == "" {
		lang = Langs[0]
	}
	if err := CheckLang(lang); err != nil {
		return nil, err
	}
	if s.d.OfKind == nil {
		return nil, fmt.Errorf("sitrep: published reports: this issuer reads no entries by kind")
	}
	var dates []string
	err := s.d.OfKind(ctx, KindAgreed, 0, func(e *ledger.Entry) error {
		var p Agreed
		if json.Unmarshal(e.Payload, &p) == nil && !slices.Contains(dates, p.Date) {
			dates = append(dates, p.Date)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitrep: published reports: %w", err)
	}
	slices.Sort(dates)
	slices.Reverse(dates)
	out := []IssuedReport{}
	for _, d := range dates {
		rep, err := s.Published(ctx, d, lang)
		if err != nil {
			var inv *fault.InvalidError
			if errors.Is(err, fault.ErrNotFound) || errors.As(err, &inv) {
				continue // not agreed in lang, or a date the period rules refuse
			}
			return nil, err
		}
		out = append(out, *rep)
	}
	return out, nil
}

// PublishedDocument returns the published report of date in lang with its
// document as issued (read back from the evidence store and checked
// against its hash) followed by a section that states the agreement: the
// co-chairs that signed it off, each sign-off's log entry cited, the
// issue's own entry, and what it corrects or what supersedes it.
func (s *Issuer) PublishedDocument(ctx context.Context, date, lang string) (*IssuedReport, doc.Document, error) {
	rep, err := s.Published(ctx, date, lang)
	if err != nil {
		return nil, doc.Document{}, err
	}
	body, err := s.Body(ctx, rep.Date, rep.SHA256)
	if err != nil {
		return nil, doc.Document{}, err
	}
	var d doc.Document
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, doc.Document{}, fmt.Errorf("sitrep: report %s: decode: %w", rep.SHA256, err)
	}
	d.Sections = append(d.Sections, agreementSection(translator(rep.Lang), s.d.Builder.deps.Origin, rep))
	return rep, d, nil
}

// agreementSection states rep's agreement in t's language, citing the
// entries of origin's log that record it.
func agreementSection(t tr, origin string, rep *IssuedReport) doc.Section {
	sec := doc.Section{ID: "agreement", Heading: pubText(t, "agreement")}
	sec.Blocks = append(sec.Blocks,
		doc.Paragraph{Text: pubFormat(t, "agreed.by", listParties(t, rep.AgreedBy))},
		doc.Paragraph{Text: pubFormat(t, "issued.entry", rep.Seq, rep.SHA256)})
	if rep.Supersedes != "" {
		sec.Blocks = append(sec.Blocks, doc.Paragraph{Text: pubFormat(t, "supersedes", rep.Supersedes, rep.Reason)})
	}
	if rep.SupersededBy != "" {
		sec.Blocks = append(sec.Blocks, doc.Paragraph{Text: pubFormat(t, "superseded", rep.SupersededBy, rep.SupersededSeq)})
	}
	tab := doc.Table{Caption: pubText(t, "agreed.table"), Columns: []string{pubText(t, "col.party"), pubText(t, "col.entry")}}
	for i, p := range rep.AgreedBy {
		seq := rep.AgreedSeqs[i]
		tab.Rows = append(tab.Rows, []doc.Cell{{Text: p},
			{Text: origin + "#" + strconv.FormatInt(seq, 10), Refs: []doc.Ref{{Origin: origin, Index: uint64(seq)}}}})
	}
	sec.Blocks = append(sec.Blocks, tab)
	return sec
}
