package cases

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Author is the author recorded on the entries that open cases by the
// rule.
const Author = "truce-cases"

// Key returns the key of the case of incident at what (site, movement or
// known site) id: one case per incident and place.
func Key(what, id, incident string) string { return what + ":" + id + ":" + incident }

// tlpRank orders labels from most to least releasable.
func tlpRank(t access.TLP) int { return slices.Index(access.Labels, t) }

// combine returns the releasability of a record about a (the notice or
// known site) and b (the incident): the stricter label, and as audience
// those of a's audience who may also see b (a's own audience when b is
// open to every member, b's when a is).
func combine(a, b access.Releasability) access.Releasability {
	tlp := a.TLP
	if tlpRank(b.TLP) > tlpRank(tlp) {
		tlp = b.TLP
	}
	open := func(r access.Releasability) bool { return r.TLP == access.TLPClear || r.TLP == access.TLPGreen }
	var aud []string
	switch {
	case open(a) && open(b):
	case open(a):
		aud = slices.Clone(b.Audience)
	default:
		for _, p := range a.Audience {
			if b.VisibleTo(p) {
				aud = append(aud, p)
			}
		}
	}
	return access.Releasability{TLP: tlp, Audience: aud}.Normalize("")
}

// requests returns a request, due within d of now, to each party of
// parties that may see rel, is an active member and is not the notifier;
// in party order, each once.
func requests(parties []string, notifier string, rel access.Releasability, cen centre, now time.Time, d time.Duration) []RequestSent {
	ps := slices.Clone(parties)
	slices.Sort(ps)
	ps = slices.Compact(ps)
	out := []RequestSent{}
	due := now.Add(d).UTC().Format(time.RFC3339)
	for _, p := range ps {
		if p == "" || p == notifier || !rel.VisibleTo(p) || !cen.active(p) {
			continue
		}
		out = append(out, RequestSent{Party: p, Deadline: due})
	}
	return out
}

// openChange returns the change that logs o under party, refused with
// fault.ErrConflict if a case with o's key exists when it is sequenced.
func (s *Service) openChange(o *Opened, party string, rel access.Releasability) *ledger.Change {
	return &ledger.Change{
		Draft: ledger.Draft{Party: party, Author: Author, Kind: KindOpened, Subject: Subject(o.ID), Release: rel, Payload: o},
		Check: func(ctx context.Context, q ledger.Querier) error {
			_, err := s.deps.Store.CaseByKey(ctx, q, o.Key)
			if err == nil {
				return fmt.Errorf("cases: %s is open already: %w", o.Key, fault.ErrConflict)
			}
			if errors.Is(err, fault.ErrNotFound) {
				return nil
			}
			return err
		},
	}
}

// FollowChange implements alerts.FollowUp: the change that opens the case
// of a, citing alert alertID, logged under party (the alert's), or nil if
// the case exists. The case is released like the notice (never wider than
// the incident); a request goes to each party the notice was addressed to
// and to the party the incident's report alleges responsible, each of
// those that may see the case and is still a member.
func (s *Service) FollowChange(ctx context.Context, a *alerts.Affected, alertID, party string) (*ledger.Change, error) {
	key := Key(a.Type, a.NoticeID, a.Incident.ID)
	if _, err := s.deps.Store.CaseByKey(ctx, nil, key); err == nil {
		return nil, nil
	} else if !errors.Is(err, fault.ErrNotFound) {
		return nil, fmt.Errorf("cases: %s: %w", key, err)
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	rel := combine(a.Release, a.Incident.Release)
	if !rel.VisibleTo(a.Notifier) {
		return nil, nil // nobody who notified may see the incident: the alert says what may be said
	}
	o := &Opened{ID: access.NewID("cas"), Key: key, AlertID: alertID, Alleged: a.Incident.Perpetrator,
		Concern:  Concern{Type: a.Type, ID: a.NoticeID, Version: a.Version, Seq: a.NoticeSeq, Notifier: a.Notifier, Notified: a.Notified, Name: a.Name},
		Incident: Ref{ID: a.Incident.ID, Seq: a.Incident.Seq},
		Requests: requests(append(slices.Clone(a.Notified), a.Incident.Perpetrator), a.Notifier, rel, cen, s.deps.Now(), s.deps.Config.RequestWithin)}
	if o.Concern.Notified == nil {
		o.Concern.Notified = []string{}
	}
	return s.openChange(o, party, rel), nil
}
