package agreements

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/fault"
)

// Limits on agreement input.
const (
	MaxTitleBytes  = 200
	MaxTextBytes   = 100_000
	MaxNoteBytes   = 4000
	MaxObligations = 1000
	MaxClasses     = 50
)

var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Proposal is the input of Propose: a new version of an agreement.
type Proposal struct {
	Title          string   `json:"title"`
	Text           string   `json:"text,omitempty"`
	Parties        []string `json:"parties"`
	EffectiveFrom  string   `json:"effective_from"`
	EffectiveUntil string   `json:"effective_until,omitempty"`
	// DocumentSHA256 names the signed document, uploaded first to the
	// evidence store (POST /api/v1/evidence).
	DocumentSHA256 string           `json:"document_sha256,omitempty"`
	Obligations    []ObligationSpec `json:"obligations"`
	// Releasability is the agreement's, given with its first version
	// only; default GREEN.
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

func checkText(field, s string, limit int, required bool) error {
	if required && strings.TrimSpace(s) == "" {
		return fault.Invalid(field, "is required")
	}
	if len(s) > limit {
		return fault.Invalid(field, "is %d bytes; at most %d are allowed", len(s), limit)
	}
	if !utf8.ValidString(s) {
		return fault.Invalid(field, "is not valid UTF-8")
	}
	return nil
}

func parseTime(field, s string, required bool) (time.Time, error) {
	if s == "" && !required {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return time.Time{}, fault.Invalid(field, "%q is not an RFC 3339 time such as 2016-02-27T00:00:00Z", s)
	}
	return t.UTC(), nil
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// validate checks p as version version of agreement id for by, resolving
// zones and the document, and returns its Spec.
func (s *Service) validate(ctx context.Context, by access.Principal, id string, version int, p *Proposal) (Spec, error) {
	sp := Spec{AgreementID: id, Version: version, Title: p.Title, Text: p.Text, Obligations: []ObligationSpec{}}
	if err := checkText("title", p.Title, MaxTitleBytes, true); err != nil {
		return sp, err
	}
	if err := checkText("text", p.Text, MaxTextBytes, false); err != nil {
		return sp, err
	}
	parties, err := s.parties("parties", p.Parties, ctx)
	if err != nil {
		return sp, err
	}
	if len(parties) == 0 {
		return sp, fault.Invalid("parties", "must list at least one party bound by the agreement")
	}
	sp.Parties = parties
	from, err := parseTime("effective_from", p.EffectiveFrom, true)
	if err != nil {
		return sp, err
	}
	until, err := parseTime("effective_until", p.EffectiveUntil, false)
	if err != nil {
		return sp, err
	}
	if !until.IsZero() && !until.After(from) {
		return sp, fault.Invalid("effective_until", "must be after effective_from")
	}
	sp.EffectiveFrom, sp.EffectiveUntil = formatTime(from), formatTime(until)
	if p.DocumentSHA256 != "" {
		d, ok := Document{}, false
		if s.documents != nil {
			d, ok = s.documents.Stat(strings.ToLower(p.DocumentSHA256))
		}
		if !ok {
			return sp, fault.Invalid("document_sha256", "names no uploaded file; upload the signed document to /api/v1/evidence first")
		}
		sp.Document = &d
	}
	if len(p.Obligations) > MaxObligations {
		return sp, fault.Invalid("obligations", "has %d items; at most %d are allowed", len(p.Obligations), MaxObligations)
	}
	for i, o := range p.Obligations {
		at := fmt.Sprintf("obligations[%d]", i)
		if !keyPattern.MatchString(o.Key) {
			return sp, fault.Invalid(at+".key", "must be 1 to 40 lower-case letters, digits, - or _, starting with a letter or digit")
		}
		if slices.ContainsFunc(sp.Obligations, func(x ObligationSpec) bool { return x.Key == o.Key }) {
			return sp, fault.Invalid(at+".key", "%q is used twice", o.Key)
		}
		if err := checkText(at+".title", o.Title, MaxTitleBytes, true); err != nil {
			return sp, err
		}
		rs, err := s.validRule(ctx, by, at, o.Rule, parties)
		if err != nil {
			return sp, err
		}
		sp.Obligations = append(sp.Obligations, ObligationSpec{Key: o.Key, Title: o.Title, Rule: rs})
	}
	return sp, nil
}

// parties validates a list of party ids and returns it sorted, unique.
func (s *Service) parties(field string, in []string, ctx context.Context) ([]string, error) {
	out := []string{}
	for i, p := range in {
		if p == "" || (s.known != nil && !s.known(ctx, p)) {
			return nil, fault.Invalid(fmt.Sprintf("%s[%d]", field, i), "%q is not a party of the centre", p)
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// validRule checks an obligation's rule (field prefix at) and returns it
// normalised: its zone must be agreed and visible to by, its parties
// among the agreement's.
func (s *Service) validRule(ctx context.Context, by access.Principal, at string, r RuleSpec, parties []string) (RuleSpec, error) {
	out := RuleSpec{Kind: r.Kind, ZoneID: r.ZoneID, MinAltitudeFt: r.MinAltitudeFt, RadiusKm: r.RadiusKm}
	for i, p := range r.Parties {
		if !slices.Contains(parties, p) {
			return out, fault.Invalid(fmt.Sprintf("%s.rule.parties[%d]", at, i), "%q is not a party of the agreement", p)
		}
		out.Parties = append(out.Parties, p)
	}
	slices.Sort(out.Parties)
	out.Parties = slices.Compact(out.Parties)
	if len(r.Classes) > MaxClasses {
		return out, fault.Invalid(at+".rule.classes", "has %d items; at most %d are allowed", len(r.Classes), MaxClasses)
	}
	for i, c := range r.Classes {
		if err := checkText(fmt.Sprintf("%s.rule.classes[%d]", at, i), c, 80, true); err != nil {
			return out, err
		}
	}
	out.Classes = slices.Clone(r.Classes)
	from, err := parseTime(at+".rule.from", r.From, true)
	if err != nil {
		return out, err
	}
	until, err := parseTime(at+".rule.until", r.Until, false)
	if err != nil {
		return out, err
	}
	out.From, out.Until = formatTime(from), formatTime(until)
	rule := rules.Rule{Kind: r.Kind, From: from, Until: until, Classes: r.Classes, MinAltitudeFt: r.MinAltitudeFt, RadiusKm: r.RadiusKm}
	if r.Kind != rules.KindNoFireNearSites {
		if r.ZoneID == "" {
			return out, fault.Invalid(at+".rule.zone_id", "is required for a rule of kind %s", r.Kind)
		}
		seen, err := s.zones.Visible(ctx, by, r.ZoneID)
		if err != nil {
			return out, err
		}
		g, err := s.zones.AgreedGeometry(ctx, r.ZoneID)
		if errors.Is(err, fault.ErrNotFound) || !seen {
			return out, fault.Invalid(at+".rule.zone_id", "%q is no zone you may see with an agreed area; obligations bind agreed zones only", r.ZoneID)
		}
		if err != nil {
			return out, err
		}
		rule.Zone = g
	} else if r.ZoneID != "" {
		return out, fault.Invalid(at+".rule.zone_id", "must be empty for a rule of kind %s", r.Kind)
	}
	if err := rule.Validate(); err != nil {
		var fe *rules.FieldError
		if errors.As(err, &fe) {
			return out, fault.Invalid(at+"."+fe.Field, "%s", fe.Reason)
		}
		return out, err
	}
	return out, nil
}
