package sitrep

import (
	"context"
	"strings"
	"unicode/utf8"

	"truce/internal/access"
	"truce/internal/fault"
)

// maxReason is the longest reason of a correction, in characters.
const maxReason = 2000

// Correct issues a correction of the report of date with hash sha: the
// public report computed again, in the same language, logged as a new
// sitrep.issued entry that names sha (Supersedes) and reason. Both issues
// stay in the log and either verifies; sign-offs are per issue, so the
// correction needs every co-chair's anew, and the superseded one takes no
// more. Only a co-chair's liaison may correct.
//
// It returns a *fault.InvalidError on "reason" for an empty or overlong
// reason, fault.ErrNotFound (wrapped) for no such report, and a conflict
// if sha is superseded already (correct the newest) or the report computed
// now is the same as one issued; nothing is logged then.
func (s *Issuer) Correct(ctx context.Context, by access.Principal, date, sha, reason string) (*IssuedReport, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, fault.Invalid("reason", "is missing; say what the correction changes")
	}
	if n := utf8.RuneCountInString(reason); n > maxReason || !utf8.ValidString(reason) {
		return nil, fault.Invalid("reason", "has %d characters; at most %d", n, maxReason)
	}
	rep, err := s.Get(ctx, date, sha)
	if err != nil {
		return nil, err
	}
	if rep.SupersededBy != "" {
		return nil, fault.Conflictf("the report %s of %s is superseded already by %s (entry %d): correct the newest", sha, date, rep.SupersededBy, rep.SupersededSeq)
	}
	next, logged, err := s.publish(ctx, by.Party, by.Username, rep.Date, rep.Lang, &Issued{SHA256: sha, Reason: reason})
	if err != nil {
		return nil, err
	}
	if !logged {
		return nil, fault.Conflictf("the report computed now is the one issued as entry %d (%s): there is nothing to correct", next.Seq, next.SHA256)
	}
	return next, nil
}

// newest returns the newest issue of lang in issued (log order), or nil.
func newest(issued []IssuedReport, lang string) *IssuedReport {
	for i := len(issued) - 1; i >= 0; i-- {
		if issued[i].Lang == lang {
			return &issued[i]
		}
	}
	return nil
}
