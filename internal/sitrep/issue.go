package sitrep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
)

// Entry kinds of issued reports. The subject of each is Subject(date).
const (
	// KindIssued logs that the public report of a date, in one language,
	// was stored as evidence: its SHA-256 and the tree it was computed from.
	KindIssued = "sitrep.issued"
	// KindAgreed logs a co-chair's sign-off of an issued report (by hash).
	KindAgreed = "sitrep.agreed"
)

// EntryKinds returns every entry kind this package appends, in a new slice.
func EntryKinds() []string { return []string{KindIssued, KindAgreed} }

// Subject returns the log subject of the reports of date.
func Subject(date string) string { return "sitrep:" + date }

// Issued is the payload of KindIssued.
type Issued struct {
	Date     string `json:"date"`
	Lang     string `json:"lang"`
	SHA256   string `json:"sha256"`
	Size     int    `json:"size"`
	TreeSize int64  `json:"tree_size"`
	Root     string `json:"root"`
	// ComputedFrom names every log the report was computed from, this
	// node's own first, then each party's log mirrored here within the
	// checkpoint it had accepted (absent on a node with one log).
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
	// Supersedes, on a correction, is the SHA-256 of the report of the
	// same period and language that this one replaces, and Reason why.
	Supersedes string `json:"supersedes,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// Agreed is the payload of KindAgreed.
type Agreed struct {
	Date   string `json:"date"`
	SHA256 string `json:"sha256"`
}

// IssuedReport is one issued report folded from its entries.
type IssuedReport struct {
	Issued
	// Seq is the index of its sitrep.issued entry.
	Seq      int64  `json:"seq"`
	IssuedBy string `json:"issued_by"`
	// AgreedBy are the co-chairs that signed it off, Pending those that
	// have not; it is agreed when Pending is empty.
	AgreedBy []string `json:"agreed_by"`
	Pending  []string `json:"pending"`
	Agreed   bool     `json:"agreed"`
	// AgreedSeqs are the indexes of the sitrep.agreed entries.
	AgreedSeqs []int64 `json:"agreed_seqs"`
	// SupersededBy is the SHA-256 of the correction that replaces it,
	// SupersededSeq the index of that correction's sitrep.issued entry
	// (absent while it is the newest issue).
	SupersededBy  string `json:"superseded_by,omitempty"`
	SupersededSeq int64  `json:"superseded_seq,omitempty"`
}

// Content stores report bytes by their SHA-256 (the node's evidence store).
type Content interface {
	// Put stores b and returns its SHA-256 in hex.
	Put(b []byte) (string, error)
	// Get returns the bytes stored under sha, or an error wrapping
	// fault.ErrNotFound.
	Get(sha string) ([]byte, error)
}

// IssueDeps are what issuing and signing off reports needs.
type IssueDeps struct {
	Builder *Builder
	Log     interface {
		Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
	}
	// Entries returns the entries of a subject, in log order.
	Entries  func(ctx context.Context, subject string) ([]ledger.StoredEntry, error)
	Content  Content
	CoChairs func(ctx context.Context) ([]string, error)
	// OfKind, optional, calls fn with every entry of kind from index from
	// on, in log order: the listing of published reports needs it.
	OfKind func(ctx context.Context, kind string, from int64, fn func(*ledger.Entry) error) error
}

// Issuer issues the public report of a date as evidence and records the
// co-chairs' sign-offs.
type Issuer struct{ d IssueDeps }

// NewIssuer returns an Issuer of d.
func NewIssuer(d IssueDeps) *Issuer { return &Issuer{d: d} }

// Canonical returns the canonical bytes of a report document: its JSON
// form, canonicalised (RFC 8785) as log entries are.
func Canonical(r *Report) ([]byte, error) {
	raw, err := json.Marshal(r.Document)
	if err != nil {
		return nil, fmt.Errorf("sitrep: encode: %w", err)
	}
	c, err := ledger.Canonicalize(raw)
	if err != nil {
		return nil, fmt.Errorf("sitrep: canonicalise: %w", err)
	}
	return c, nil
}

// requireCoChairLiaison refuses anyone but a liaison of a co-chair party.
func requireCoChairLiaison(by access.Principal) error {
	if err := by.Require(access.RoleLiaison); err != nil {
		return err
	}
	if !by.CoChair {
		return fmt.Errorf("sitrep: only a liaison of a co-chair may issue or sign off a report: %w", fault.ErrForbidden)
	}
	return nil
}

// Issue computes the public report of date in lang (CLEAR records only, so
// that every party may read and sign off the same document), stores its
// canonical JSON as evidence and logs a CLEAR sitrep.issued entry naming
// its hash. A period has one first issue per language (later ones are
// corrections, see Correct): if one was issued already, Issue returns the
// newest issue of that language and logs nothing (the report names the tree it
// was computed from, so a later computation is never the same bytes). Only
// a co-chair's liaison may issue; the issuer's sign-off is not implied.
func (s *Issuer) Issue(ctx context.Context, by access.Principal, date, lang string) (*IssuedReport, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	rep, _, err := s.issue(ctx, by.Party, by.Username, date, lang)
	return rep, err
}

// issue issues the public report of date in lang in party's name, by
// author, and reports whether it logged a new one (see Issue).
func (s *Issuer) issue(ctx context.Context, party, author, date, lang string) (*IssuedReport, bool, error) {
	if lang == "" {
		lang = Langs[0]
	}
	issued, err := s.List(ctx, date) // before computing: a tick of an issued period costs one read
	if err != nil {
		return nil, false, err
	}
	if rep := newest(issued, lang); rep != nil {
		return rep, false, nil // one first issue per period and language
	}
	return s.publish(ctx, party, author, date, lang, nil)
}

// publish computes the public report of date in lang, stores it and logs
// its sitrep.issued entry in party's name, by author; a non-nil replaces
// is the issue it corrects (named with reason). It reports whether it
// logged a new issue: it logs nothing, and returns the issue, if the
// computation is the same bytes as one issued already.
func (s *Issuer) publish(ctx context.Context, party, author, date, lang string, replaces *Issued) (*IssuedReport, bool, error) {
	r, err := s.d.Builder.Build(ctx, Request{Date: date, Lang: lang, By: access.Public})
	if err != nil {
		return nil, false, err
	}
	body, err := Canonical(r)
	if err != nil {
		return nil, false, err
	}
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	if rep, err := s.Get(ctx, r.Period.Date, sha); err == nil {
		return rep, false, nil
	}
	if _, err := s.d.Content.Put(body); err != nil {
		return nil, false, fmt.Errorf("sitrep: store report: %w", err)
	}
	p := Issued{Date: r.Period.Date, Lang: r.Document.Lang, SHA256: sha, Size: len(body), TreeSize: r.Tree.N, Root: r.Tree.Hash.String(),
		ComputedFrom: r.ComputedFrom}
	if replaces != nil {
		p.Supersedes, p.Reason = replaces.SHA256, replaces.Reason
	}
	if _, err := s.d.Log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: party, Author: author, Kind: KindIssued,
		Subject: Subject(p.Date), Release: access.Releasability{TLP: access.TLPClear}, Payload: p}}); err != nil {
		return nil, false, fmt.Errorf("sitrep: issue %s: %w", date, err)
	}
	rep, err := s.Get(ctx, p.Date, sha)
	return rep, err == nil, err
}

// Agree records by's co-chair's sign-off of the report of date with hash
// sha. It returns fault.ErrNotFound (wrapped) for no such report, a
// conflict for a report superseded by a correction (sign-offs are per
// issue: sign off the correction), and the report unchanged if the party
// signed it off already.
func (s *Issuer) Agree(ctx context.Context, by access.Principal, date, sha string) (*IssuedReport, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	rep, err := s.Get(ctx, date, sha)
	if err != nil {
		return nil, err
	}
	if rep.SupersededBy != "" {
		return nil, fault.Conflictf("the report %s of %s is superseded by %s (entry %d): sign off the correction", sha, date, rep.SupersededBy, rep.SupersededSeq)
	}
	if slices.Contains(rep.AgreedBy, by.Party) {
		return rep, nil
	}
	if _, err := s.d.Log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed,
		Subject: Subject(date), Release: access.Releasability{TLP: access.TLPClear}, Payload: Agreed{Date: date, SHA256: sha}}}); err != nil {
		return nil, fmt.Errorf("sitrep: agree %s: %w", date, err)
	}
	return s.Get(ctx, date, sha)
}

// List returns the reports issued for date, in the order issued.
func (s *Issuer) List(ctx context.Context, date string) ([]IssuedReport, error) {
	if _, err := s.d.Builder.Config().PeriodOf(date); err != nil {
		return nil, err
	}
	es, err := s.d.Entries(ctx, Subject(date))
	if err != nil {
		return nil, fmt.Errorf("sitrep: reports of %s: %w", date, err)
	}
	chairs, err := s.d.CoChairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("sitrep: co-chairs: %w", err)
	}
	return fold(es, chairs), nil
}

// Get returns the report of date with hash sha, or fault.ErrNotFound
// (wrapped).
func (s *Issuer) Get(ctx context.Context, date, sha string) (*IssuedReport, error) {
	rs, err := s.List(ctx, date)
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].SHA256 == sha {
			return &rs[i], nil
		}
	}
	return nil, fmt.Errorf("sitrep: report %s of %s: %w", sha, date, fault.ErrNotFound)
}

// Body returns the stored bytes of an issued report, checked against the
// hash its entry logs: it returns an error wrapping fault.ErrIntegrity if
// they differ.
func (s *Issuer) Body(ctx context.Context, date, sha string) ([]byte, error) {
	if _, err := s.Get(ctx, date, sha); err != nil {
		return nil, err
	}
	b, err := s.d.Content.Get(sha)
	if err != nil {
		return nil, fmt.Errorf("sitrep: report %s: %w", sha, err)
	}
	if err := CheckHash(b, sha); err != nil {
		return nil, err
	}
	return b, nil
}

// CheckHash returns nil if b hashes to sha (hex SHA-256), and an error
// wrapping fault.ErrIntegrity otherwise.
func CheckHash(b []byte, sha string) error {
	sum := sha256.Sum256(b)
	if !bytes.Equal([]byte(hex.EncodeToString(sum[:])), []byte(sha)) {
		return fmt.Errorf("sitrep: the report's bytes do not hash to %s: %w", sha, fault.ErrIntegrity)
	}
	return nil
}

// fold returns the issued reports of a date's entries, with their
// sign-offs by the co-chairs of chairs (others' are ignored).
func fold(es []ledger.StoredEntry, chairs []string) []IssuedReport {
	var out []IssuedReport
	index := map[string]int{}
	for _, se := range es {
		e := se.Entry
		switch e.Kind {
		case KindIssued:
			var p Issued
			if json.Unmarshal(e.Payload, &p) != nil {
				continue
			}
			if _, ok := index[p.SHA256]; ok {
				continue
			}
			if j, ok := index[p.Supersedes]; ok && p.Supersedes != "" && out[j].SupersededBy == "" {
				out[j].SupersededBy, out[j].SupersededSeq = p.SHA256, se.Seq
			}
			index[p.SHA256] = len(out)
			out = append(out, IssuedReport{Issued: p, Seq: se.Seq, IssuedBy: e.Party, AgreedBy: []string{}})
		case KindAgreed:
			var p Agreed
			if json.Unmarshal(e.Payload, &p) != nil {
				continue
			}
			i, ok := index[p.SHA256]
			if !ok || !slices.Contains(chairs, e.Party) || slices.Contains(out[i].AgreedBy, e.Party) {
				continue
			}
			out[i].AgreedBy = append(out[i].AgreedBy, e.Party)
			out[i].AgreedSeqs = append(out[i].AgreedSeqs, se.Seq)
		}
	}
	for i := range out {
		out[i].Pending = []string{}
		for _, c := range chairs {
			if !slices.Contains(out[i].AgreedBy, c) {
				out[i].Pending = append(out[i].Pending, c)
			}
		}
		out[i].Agreed = len(chairs) > 0 && len(out[i].Pending) == 0
	}
	return out
}
