package api

import (
	"context"
	"encoding/base64"
	"net/http"
	"slices"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// MirroredHistory is what a party node's Federation also implements when
// the history of a record includes the entries about it in the logs the
// node mirrors (GET /api/v1/log/entries?subject=…); a Federation without
// it, or none, lists the node's own entries only.
type MirroredHistory interface {
	// MirroredAbout returns the mirrored entries about subject whose
	// content the node holds and whose index is within their origin's
	// accepted checkpoint, each decoded from its canonical bytes (which the
	// mirror checked against its commitment), whatever their
	// releasability: the caller MUST filter them by its viewer.
	MirroredAbout(ctx context.Context, subject string) ([]MirroredAbout, error)
}

// MirroredAbout is one entry of another origin's log about a subject.
type MirroredAbout struct {
	Origin     string
	Commitment tlog.Hash
	Entry      *ledger.Entry
}

// subjectHistory returns the entries about subject the caller may see:
// this node's own of index below size (the tree it shows), then those of
// the logs it mirrors, each with its origin, all ordered by entry time
// (each log's own order kept among equal times). Each is verifiable: an
// own entry against this node's checkpoint, a mirrored one against its
// origin's accepted checkpoint (GET /api/v1/federation/entries/{seq}).
func (s *Server) subjectHistory(r *http.Request, subject string, size int64) ([]ListedEntry, error) {
	ses, err := s.deps.DB.EntriesBySubject(r.Context(), subject)
	if err != nil {
		return nil, err
	}
	items := []ListedEntry{}
	for _, se := range ses {
		if se.Seq >= size {
			continue
		}
		if it, ok, err := s.listed(r, &se); err != nil {
			return nil, err
		} else if ok {
			items = append(items, it)
		}
	}
	src, ok := s.deps.Federation.(MirroredHistory)
	if !ok {
		return items, nil
	}
	ms, err := src.MirroredAbout(r.Context(), subject)
	if err != nil {
		return nil, err
	}
	p := principal(r)
	for _, m := range ms {
		if p.CanSee(m.Entry.Release) {
			items = append(items, ListedEntry{Seq: m.Entry.Seq, Commitment: base64.StdEncoding.EncodeToString(m.Commitment[:]),
				Entry: m.Entry, Origin: m.Origin})
		}
	}
	slices.SortStableFunc(items, func(a, b ListedEntry) int { return a.Entry.TimeValue().Compare(b.Entry.TimeValue()) })
	return items, nil
}
