package split

import (
	"strings"

	"truce/internal/federation/hostedlog"
	"truce/internal/ledger"
)

// Disposition is what the split does with one hosted entry.
type Disposition int

// The dispositions of [Classify].
const (
	// Keep: node administration; it stays in the hosted history only.
	Keep Disposition = iota
	// Restate: the party's statement about its own record, written again
	// in its new log with its kind, subject, releasability and payload.
	Restate
	// Carry: the party's statement about another party's record, written
	// in its new log as a history.carried entry that is not projected.
	Carry
)

// String returns the disposition's name.
func (d Disposition) String() string {
	switch d {
	case Restate:
		return "restate"
	case Carry:
		return "carry"
	default:
		return "keep"
	}
}

// KindCarried is the kind of an entry that carries a hosted statement
// about another party's record into its party's new log.
const KindCarried = hostedlog.KindCarried

// KindSplit is the kind of the first entry of every new log: it names the
// hosted log's last signed checkpoint.
const KindSplit = hostedlog.KindSplit

// adminPrefixes are the kinds of node administration: each new node has
// its own parties, users, tokens and roster, so these stay in the hosted
// history.
var adminPrefixes = []string{"party.", "user.", "token.", "roster.", "membership."}

// Classify returns the disposition of each entry of a hosted log, given in
// log order (entries[i] has seq i). A record's holder is the party of the
// first entry about its subject; an entry without a subject is its own
// party's statement.
func Classify(entries []*ledger.Entry) []Disposition {
	first := map[string]string{}
	out := make([]Disposition, len(entries))
	for i, e := range entries {
		if isAdmin(e.Kind) {
			out[i] = Keep
			continue
		}
		if e.Subject == "" {
			out[i] = Restate
			continue
		}
		holder, ok := first[e.Subject]
		if !ok {
			first[e.Subject], holder = e.Party, e.Party
		}
		if holder == e.Party {
			out[i] = Restate
		} else {
			out[i] = Carry
		}
	}
	return out
}

func isAdmin(kind string) bool {
	for _, p := range adminPrefixes {
		if strings.HasPrefix(kind, p) {
			return true
		}
	}
	return false
}
