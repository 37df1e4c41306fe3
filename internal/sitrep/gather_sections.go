package sitrep

import (
	"context"
	"errors"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/cases"
	"truce/internal/fault"
	"truce/internal/listing"
	"truce/internal/monitoring"
	"truce/internal/report/doc"
)

// SectionSources are the services of the report's later sections:
// restrictions of the monitors' movement and their coverage, cases opened
// when notified sites were hit, and compliance with the agreements'
// obligations. Each is read through the method its API read calls, with
// the reader's principal; a nil service leaves its section out.
type SectionSources struct {
	Monitoring *monitoring.Service
	Cases      *cases.Service
	Agreements *agreements.Service
}

// sectionFacts are the records the later sections state, as the reader
// may see them.
type sectionFacts struct {
	// monitored, casesRead and complianceRead say which services were
	// read: a section whose service is absent is left out.
	monitored, casesRead, complianceRead bool
	// restrictions happened in the previous period or this one.
	restrictions []monitoring.Restriction
	// coverage is the monitors' coverage map of the period (nil without
	// a monitoring service).
	coverage *monitoring.Map
	cases    []cases.Case
	// compliance is that of every agreement in force the reader may see.
	compliance []agreementCompliance
}

// agreementCompliance is one agreement's compliance as read.
type agreementCompliance struct {
	agreement agreements.Agreement
	of        *agreements.Compliance
}

// coverageCells are the cell sizes (degrees) a coverage map is asked in,
// finest first: a period whose patrols span too many fine cells gets
// coarser ones.
var coverageCells = []float64{0.01, 0.05, 0.25}

// gatherSections reads what the later sections need for period p (and
// the previous period prev), as by may see it.
func (s SectionSources) gatherSections(ctx context.Context, by access.Principal, p, prev Period) (sectionFacts, error) {
	var f sectionFacts
	var err error
	f.monitored, f.casesRead, f.complianceRead = s.Monitoring != nil, s.Cases != nil, s.Agreements != nil
	if s.Monitoring != nil {
		if f.restrictions, err = s.Monitoring.Restrictions(ctx, by, prev.From, p.To.Add(time.Second)); err != nil {
			return f, fmt.Errorf("sitrep: restrictions: %w", err)
		}
		for _, deg := range coverageCells {
			f.coverage, err = s.Monitoring.Map(ctx, by, p.From, p.To, deg)
			var bad *fault.InvalidError
			if !errors.As(err, &bad) {
				break
			}
		}
		if err != nil {
			return f, fmt.Errorf("sitrep: coverage: %w", err)
		}
	}
	if s.Cases != nil {
		if f.cases, err = readAll(ctx, cases.Listing, func(after *listing.Cursor) (*listing.Page[cases.Case], error) {
			return s.Cases.List(ctx, by, cases.Filter{}, cases.Listing.Max, after)
		}); err != nil {
			return f, fmt.Errorf("sitrep: cases: %w", err)
		}
	}
	if s.Agreements != nil {
		as, err := readAll(ctx, agreements.Listing, func(after *listing.Cursor) (*listing.Page[agreements.Agreement], error) {
			return s.Agreements.ListPage(ctx, by, "", agreements.Listing.Max, after)
		})
		if err != nil {
			return f, fmt.Errorf("sitrep: agreements: %w", err)
		}
		for _, a := range as {
			if a.Current == nil || !inForceDuring(a.Current, p) {
				continue
			}
			c, err := s.Agreements.Compliance(ctx, by, a.ID)
			if err != nil {
				return f, fmt.Errorf("sitrep: compliance of %s: %w", a.ID, err)
			}
			f.compliance = append(f.compliance, agreementCompliance{agreement: a, of: c})
		}
	}
	return f, nil
}

// inForceDuring reports whether agreed version v is effective at some time
// of p: effective before its end and not ended before it began. A version
// agreed after the period still counts: the terms state from when they
// bind, as the report is computed from the log as it is now.
func inForceDuring(v *agreements.Version, p Period) bool {
	return startsBefore(v.EffectiveFrom, p.To) && !endsBefore(v.EffectiveUntil, p.From)
}

// startsBefore reports whether the RFC 3339 time s is empty or before t.
func startsBefore(s string, t time.Time) bool {
	at, err := time.Parse(time.RFC3339Nano, s)
	return s == "" || err == nil && at.Before(t)
}

// endsBefore reports whether the RFC 3339 time s is set and at or before t.
func endsBefore(s string, t time.Time) bool {
	at, err := time.Parse(time.RFC3339Nano, s)
	return s != "" && err == nil && !at.After(t)
}

// laterSections are the sections on restrictions and coverage, cases, and
// compliance, each present when its service was read.
func (w *writer) laterSections() []doc.Section {
	var out []doc.Section
	for _, s := range []func() (doc.Section, bool){w.restrictions, w.casesSection, w.compliance} {
		if sec, ok := s(); ok {
			out = append(out, sec)
		}
	}
	return out
}
