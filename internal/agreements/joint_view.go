package agreements

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/cochair"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
)

// jointEntries returns the entries of subject by may see across the logs
// the node holds, in the joint order, and the logs read.
func (s *Service) jointEntries(ctx context.Context, by access.Principal, subject string) ([]*ledger.Entry, []joint.Log, error) {
	all, from, err := s.joint.History(ctx, subject)
	if err != nil {
		return nil, nil, fmt.Errorf("joint state of %s: %w", subject, err)
	}
	return access.Visible(by, all, func(e **ledger.Entry) access.Releasability { return (*e).Release }), from, nil
}

// jointAgreement replaces a's versions, links and breaches by those
// computed from the entries about a that by may see in every log the node
// holds (JointAgreement), sets a.ComputedFrom, and returns the co-chairs it
// counted (those in force, joint.Source.CoChairs, when set). a keeps its
// Seq (its ETag) and Origin.
func (s *Service) jointAgreement(ctx context.Context, by access.Principal, a *Agreement, chairs []string, gone []cochair.Departure) ([]string, error) {
	if s.joint.CoChairs != nil {
		cs, err := s.joint.CoChairs(ctx)
		if err != nil {
			return nil, fmt.Errorf("co-chairs in force: %w", err)
		}
		chairs = slices.Sorted(slices.Values(cs))
	}
	es, from, err := s.jointEntries(ctx, by, Subject(a.ID))
	if err != nil {
		return nil, err
	}
	a.ComputedFrom = from
	j := JointAgreement(a.ID, es, chairs, gone)
	if j == nil {
		a.Versions, a.Latest, a.Links = []Version{}, 0, []Link{}
		return chairs, nil
	}
	a.Versions, a.Latest, a.Links = j.Versions, j.Latest, j.Links
	return chairs, nil
}

// jointPassage replaces p's versions, guarantees, status, history and
// hazards by those computed from the entries about p that by may see in
// every log the node holds (JointPassage), and sets p.ComputedFrom. p keeps
// its Seq (its ETag) and Origin.
func (s *Service) jointPassage(ctx context.Context, by access.Principal, p *Passage) error {
	es, from, err := s.jointEntries(ctx, by, PassageSubject(p.ID))
	if err != nil {
		return err
	}
	p.ComputedFrom = from
	j := JointPassage(p.ID, es)
	if j == nil {
		return nil
	}
	p.Versions, p.Latest, p.Guarantees, p.History, p.Hazards, p.Status = j.Versions, j.Latest, j.Guarantees, j.History, j.Hazards, j.Status
	return nil
}
