package incidents

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// ZoneVisibility returns the ids of the zones a caller may see (the zones
// service's VisibleIDs).
type ZoneVisibility func(ctx context.Context, by access.Principal) (map[string]bool, error)

// Deps are what the incidents service is built from. Store and Log are
// required; the others may be nil.
type Deps struct {
	Store    Store
	Log      Appender
	Evidence *EvidenceStore
	Places   Places
	Zones    ZoneVisibility
	// Known reports whether a party exists.
	Known  func(ctx context.Context, party string) bool
	Now    func() time.Time
	Logger *slog.Logger
	// Origin is this node's log origin: the origin label of its own
	// incidents (mirrored ones carry their origin's).
	Origin string
}

// Service reports, verifies and finds incidents.
type Service struct {
	deps  Deps // fixed by NewService; never change
	store Store
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{deps: d, store: d.Store}
}

// EvidenceStore returns the store of evidence files the service was built
// with, or nil if it has none (uploads are then refused).
func (s *Service) EvidenceStore() *EvidenceStore { return s.deps.Evidence }

// subjectPrefix begins the log subject of every incident.
const subjectPrefix = "incident:"

// Subject returns the log subject of incident id.
func Subject(id string) string { return subjectPrefix + id }

// ParseSubject returns the incident id of a log subject made by Subject,
// and false for any other subject (another domain's, or one with no id).
func ParseSubject(subject string) (id string, ok bool) {
	id, ok = strings.CutPrefix(subject, subjectPrefix)
	if !ok || id == "" {
		return "", false
	}
	return id, true
}

func (s *Service) checker(ctx context.Context) *checker {
	c := &checker{places: s.deps.Places, now: s.deps.Now}
	if s.deps.Evidence != nil {
		c.evidence = s.deps.Evidence.Stat
	}
	if s.deps.Known != nil {
		c.known = func(p string) bool { return s.deps.Known(ctx, p) }
	}
	return c
}

func (s *Service) zoneIDs(ctx context.Context, by access.Principal) (map[string]bool, error) {
	if s.deps.Zones == nil {
		return map[string]bool{}, nil
	}
	return s.deps.Zones(ctx, by)
}

// present prepares an incident for a caller: only zones it may see.
func (s *Service) present(i *Incident, visibleZones map[string]bool) {
	zs := []string{}
	for _, z := range i.Zones {
		if visibleZones[z] {
			zs = append(zs, z)
		}
	}
	i.Zones = zs
	if i.Origin == "" {
		i.Origin = s.deps.Origin
	}
	if i.Assessments == nil {
		i.Assessments = []Assessment{}
	}
}

// Prepared is a validated report ready to be appended.
type Prepared struct {
	Report  *Report
	Release access.Releasability
}

// Prepare validates n as a report by by and returns it with its id and
// idempotency key. It returns fault.ErrForbidden (or ErrUnauthenticated)
// unless by may report, and *fault.InvalidError for bad input.
func (s *Service) Prepare(ctx context.Context, by access.Principal, n *NewIncident) (*Prepared, error) {
	if err := MayReport(by); err != nil {
		return nil, err
	}
	r, _, rel, err := s.checker(ctx).validate(n, by.Party)
	if err != nil {
		return nil, err
	}
	r.Key = Key(by.Party, r)
	r.ID = access.NewID("inc")
	return &Prepared{Report: r, Release: rel}, nil
}

func reportChange(by access.Principal, p *Prepared) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindReported,
		Subject: Subject(p.Report.ID), Release: p.Release, Payload: Reported{Incident: *p.Report}}}
}

// ReportChange returns the entry that records p, reported by by, for a
// caller that appends it in one write with entries of its own (a draft's
// acceptance). Its Check refuses, with fault.ErrConflict naming the
// incident, a report whose idempotency key is already recorded: such a
// caller must not log its own entry about a report it did not make.
func (s *Service) ReportChange(by access.Principal, p *Prepared) ledger.Change {
	ch := reportChange(by, p)
	key := p.Report.Key
	ch.Check = func(ctx context.Context, q ledger.Querier) error {
		m, err := s.store.ExistingKeys(ctx, q, []string{key})
		if err != nil {
			return err
		}
		if id, ok := m[key]; ok {
			return fault.Conflictf("the same report is already recorded as incident %s; merge into it instead", id)
		}
		return nil
	}
	return ch
}

// Report records a new incident reported by by. If an incident with the
// same idempotency key (external id, or the same content from the same
// party) exists, it creates nothing and returns that incident with created
// false. Errors are those of Prepare.
func (s *Service) Report(ctx context.Context, by access.Principal, n *NewIncident) (inc *Incident, created bool, err error) {
	p, err := s.Prepare(ctx, by, n)
	if err != nil {
		return nil, false, err
	}
	key := p.Report.Key
	existing := ""
	ch := reportChange(by, p)
	ch.Check = func(ctx context.Context, q ledger.Querier) error {
		m, err := s.store.ExistingKeys(ctx, q, []string{key})
		if err != nil {
			return err
		}
		if id, ok := m[key]; ok {
			existing = id
			return errExists
		}
		return nil
	}
	_, err = s.deps.Log.Append(ctx, ch)
	switch {
	case errors.Is(err, errExists):
		inc, err := s.Get(ctx, by, existing)
		return inc, false, err
	case err != nil:
		return nil, false, fmt.Errorf("incidents: report: %w", err)
	}
	inc, err = s.Get(ctx, by, p.Report.ID)
	return inc, true, err
}

var errExists = errors.New("incidents: already reported")

// visible loads incident id if by may see it, else fault.ErrNotFound.
func (s *Service) visible(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Incident, error) {
	i, err := s.store.Incident(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !by.CanSee(i.Release) {
		return nil, fmt.Errorf("incident %s: %w", id, fault.ErrNotFound)
	}
	return i, nil
}

// Get returns incident id, or fault.ErrNotFound if there is none or by may
// not see it.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Incident, error) {
	i, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	vz, err := s.zoneIDs(ctx, by)
	if err != nil {
		return nil, err
	}
	s.present(i, vz)
	if i.Attached, err = s.attached(ctx, by, id); err != nil {
		return nil, err
	}
	return i, nil
}

// attached returns the attachments of incident id that by may see (each
// released as the draft it came from).
func (s *Service) attached(ctx context.Context, by access.Principal, id string) ([]Attachment, error) {
	as, err := s.store.Attachments(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("incidents: attachments of %s: %w", id, err)
	}
	return access.Visible(by, as, func(a *Attachment) access.Releasability { return a.Release }), nil
}

// stateChange appends one or more entries about incident id if its Seq is
// still ifMatch inside the write transaction; otherwise it returns
// fault.ErrPrecondition and changes nothing.
func (s *Service) stateChange(ctx context.Context, id string, ifMatch int64, changes ...ledger.Change) error {
	guard := func(ctx context.Context, q ledger.Querier) error {
		i, err := s.store.Incident(ctx, q, id)
		if err != nil {
			return err
		}
		if i.Seq != ifMatch {
			return fmt.Errorf("incident %s is at %d, not %d: %w", id, i.Seq, ifMatch, fault.ErrPrecondition)
		}
		return nil
	}
	changes[0].Check = guard
	_, err := s.deps.Log.Append(ctx, changes...)
	return err
}

// load reads incident id for a state change by by: fault.ErrNotFound if
// by may not see it, fault.ErrPrecondition if its ETag is not ifMatch.
func (s *Service) load(ctx context.Context, by access.Principal, id string, ifMatch int64) (*Incident, error) {
	i, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	if i.Seq != ifMatch {
		return nil, fmt.Errorf("incident %s is at %d, not %d: %w", id, i.Seq, ifMatch, fault.ErrPrecondition)
	}
	return i, nil
}

// Assess records by's party's verdict on incident id in the current round
// (replacing its earlier verdict of the round) and moves the status as
// Decide says. ifMatch must be the incident's Seq. Errors:
// fault.ErrForbidden unless by is an analyst of a co-chair party,
// fault.ErrNotFound, fault.ErrPrecondition for a stale ifMatch,
// fault.ErrConflict if the incident is closed, *fault.InvalidError for a
// bad verdict or missing reasoning.
func (s *Service) Assess(ctx context.Context, by access.Principal, id string, ifMatch int64, verdict Verdict, reasoning string) (*Incident, error) {
	if err := MayAssess(by); err != nil {
		return nil, err
	}
	if !verdict.Valid() {
		return nil, fault.Invalid("verdict", "%q is not confirmed, rejected or needs_information", verdict)
	}
	if err := text("reasoning", reasoning, MaxNarrativeBytes, true); err != nil {
		return nil, err
	}
	i, err := s.load(ctx, by, id, ifMatch)
	if err != nil {
		return nil, fmt.Errorf("incidents: assess %s: %w", id, err)
	}
	if err := CanAssess(i.Status); err != nil {
		return nil, fmt.Errorf("incidents: assess %s: %w", id, err)
	}
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	verdicts := map[string]Verdict{}
	for _, a := range i.Assessments {
		verdicts[a.Party] = a.Verdict
	}
	verdicts[by.Party] = verdict
	status := Decide(coChairs, verdicts)
	err = s.stateChange(ctx, id, ifMatch, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
		Kind: KindAssessed, Subject: Subject(id), Release: i.Release,
		Payload: Assessed{IncidentID: id, Round: i.Round, Party: by.Party, Verdict: verdict, Reasoning: reasoning, Status: status}}})
	if err != nil {
		return nil, fmt.Errorf("incidents: assess %s: %w", id, err)
	}
	return s.Get(ctx, by, id)
}

// Reopen starts a new round of verification of a closed incident: its
// status returns to under_review and earlier verdicts no longer count.
// Errors: fault.ErrForbidden unless by is an analyst or liaison of a
// co-chair party, fault.ErrNotFound, fault.ErrPrecondition,
// fault.ErrConflict unless the incident is closed, *fault.InvalidError
// without a reason.
func (s *Service) Reopen(ctx context.Context, by access.Principal, id string, ifMatch int64, reason string) (*Incident, error) {
	if err := MayReview(by); err != nil {
		return nil, err
	}
	if err := text("reason", reason, MaxNarrativeBytes, true); err != nil {
		return nil, err
	}
	i, err := s.load(ctx, by, id, ifMatch)
	if err != nil {
		return nil, fmt.Errorf("incidents: reopen %s: %w", id, err)
	}
	if err := CanReopen(i.Status); err != nil {
		return nil, fmt.Errorf("incidents: reopen %s: %w", id, err)
	}
	err = s.stateChange(ctx, id, ifMatch, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
		Kind: KindReopened, Subject: Subject(id), Release: i.Release,
		Payload: Reopened{IncidentID: id, Round: i.Round + 1, Reason: reason, Status: StatusUnderReview}}})
	if err != nil {
		return nil, fmt.Errorf("incidents: reopen %s: %w", id, err)
	}
	return s.Get(ctx, by, id)
}

// MarkDuplicate records that incident id reports the same event as
// original. Both keep their histories; the link is written to both (with
// the duplicate's releasability). Errors: fault.ErrForbidden unless by is
// an analyst or liaison of a co-chair party, fault.ErrNotFound if either
// is not visible, fault.ErrPrecondition, fault.ErrConflict if id is
// already a duplicate or the link would make a cycle, *fault.InvalidError
// for id == original.
func (s *Service) MarkDuplicate(ctx context.Context, by access.Principal, id string, ifMatch int64, original string) (*Incident, error) {
	if err := MayReview(by); err != nil {
		return nil, err
	}
	if id == original {
		return nil, fault.Invalid("duplicate_of", "an incident cannot duplicate itself")
	}
	i, err := s.load(ctx, by, id, ifMatch)
	if err != nil {
		return nil, fmt.Errorf("incidents: mark %s duplicate: %w", id, err)
	}
	if i.DuplicateOf != "" {
		return nil, fault.Conflictf("incidents: %s is already a duplicate of %s", id, i.DuplicateOf)
	}
	o, err := s.visible(ctx, nil, by, original)
	if err != nil {
		return nil, fmt.Errorf("incidents: mark %s duplicate of %s: %w", id, original, err)
	}
	for seen, cur := 0, o; cur.DuplicateOf != "" && seen < 100; seen++ {
		if cur.DuplicateOf == id {
			return nil, fault.Conflictf("incidents: %s is a duplicate of %s already", original, id)
		}
		if cur, err = s.store.Incident(ctx, nil, cur.DuplicateOf); err != nil {
			break
		}
	}
	err = s.stateChange(ctx, id, ifMatch,
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindDuplicateMarked, Subject: Subject(id),
			Release: i.Release, Payload: DuplicateMarked{IncidentID: id, DuplicateOf: original}}},
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindDuplicateLinked, Subject: Subject(original),
			Release: i.Release, Payload: DuplicateLinked{IncidentID: original, Duplicate: id}}})
	if err != nil {
		return nil, fmt.Errorf("incidents: mark %s duplicate: %w", id, err)
	}
	return s.Get(ctx, by, id)
}

// Comment adds a comment to incident id, released like the incident.
// Comments are not state changes: they do not change the ETag. Errors:
// fault.ErrForbidden unless by may report, fault.ErrNotFound,
// *fault.InvalidError for empty or oversize text.
func (s *Service) Comment(ctx context.Context, by access.Principal, id, body string) (*Comment, error) {
	ch, err := s.CommentChange(ctx, by, id, body)
	if err != nil {
		return nil, err
	}
	es, err := s.deps.Log.Append(ctx, ch)
	if err != nil {
		return nil, fmt.Errorf("incidents: comment on %s: %w", id, err)
	}
	e := es[0]
	return &Comment{Seq: e.Seq, Party: e.Party, Author: e.Author, Time: e.Time, Text: body}, nil
}

// CommentChange validates body as by's comment on incident id and returns
// its entry, released as the incident, for Comment or for a caller that
// appends it with entries of its own (a draft merged into the incident).
// Errors: fault.ErrForbidden unless by may report, *fault.InvalidError for
// a bad text, fault.ErrNotFound if by may not see the incident.
func (s *Service) CommentChange(ctx context.Context, by access.Principal, id, body string) (ledger.Change, error) {
	if err := MayReport(by); err != nil {
		return ledger.Change{}, err
	}
	if err := text("text", body, MaxNarrativeBytes, true); err != nil {
		return ledger.Change{}, err
	}
	i, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return ledger.Change{}, fmt.Errorf("incidents: comment on %s: %w", id, err)
	}
	return ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindCommented,
		Subject: Subject(id), Release: i.Release, Payload: Commented{IncidentID: id, Text: body}},
		Check: func(ctx context.Context, q ledger.Querier) error {
			_, err := s.store.Incident(ctx, q, id)
			return err
		}}, nil
}

// Comments returns the comments on incident id that by may see.
func (s *Service) Comments(ctx context.Context, by access.Principal, id string) ([]Comment, error) {
	if _, err := s.visible(ctx, nil, by, id); err != nil {
		return nil, err
	}
	cs, err := s.store.Comments(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("incidents: comments of %s: %w", id, err)
	}
	if cs == nil {
		cs = []Comment{}
	}
	return cs, nil
}

// History returns the log entries of incident id that by may see, in log
// order, or fault.ErrNotFound if by may not see the incident.
func (s *Service) History(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, error) {
	if _, err := s.visible(ctx, nil, by, id); err != nil {
		return nil, err
	}
	es, err := s.store.History(ctx, Subject(id))
	if err != nil {
		return nil, fmt.Errorf("incidents: history of %s: %w", id, err)
	}
	out := []*ledger.Entry{}
	for _, e := range es {
		if by.CanSee(e.Release) {
			out = append(out, e)
		}
	}
	return out, nil
}

// Evidence returns evidence file sha of incident id if by may see the
// incident and the incident cites the file; fault.ErrNotFound otherwise.
func (s *Service) EvidenceFile(ctx context.Context, by access.Principal, id, sha string) (*Evidence, []byte, error) {
	i, err := s.visible(ctx, nil, by, id)
	if err != nil {
		return nil, nil, err
	}
	evidence := i.Evidence
	as, err := s.attached(ctx, by, id)
	if err != nil {
		return nil, nil, err
	}
	for _, a := range as {
		// An attached source's evidence is its text.
		evidence = append(evidence, Evidence{SHA256: a.Evidence.SHA256, Name: a.Evidence.Name, MediaType: "text/plain; charset=utf-8"})
	}
	for _, ev := range evidence {
		if ev.SHA256 == sha && s.deps.Evidence != nil {
			b, err := s.deps.Evidence.Open(sha)
			if err != nil {
				return nil, nil, err
			}
			ev.Size = int64(len(b))
			return &ev, b, nil
		}
	}
	return nil, nil, fmt.Errorf("evidence %s of %s: %w", sha, id, fault.ErrNotFound)
}
