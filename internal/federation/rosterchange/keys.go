package rosterchange

import (
	"fmt"

	"truce/internal/federation/roster"
)

// foreignKeyChange says which member's key material (log key, retired log
// keys, witness key, TLS pin) next changes although the proposal was not
// logged by that member's own node (origin is the node that logged it),
// or "" if it changes none: a party cannot rotate another party's keys.
// A member's keys change only by a proposal logged on its own node (what
// 'truce federation rotate' does), so that the new key is announced in a
// checkpoint signed under the old one. Members added, removed or hosted
// (which have no keys of their own) are not rotations.
func foreignKeyChange(cur, next *roster.Roster, origin string) (party, reason string) {
	for _, m := range next.Members {
		old, ok := cur.ByParty(m.Party)
		if !ok || old.Hosted() || m.Hosted() || old.SameKeys(m) || old.Origin == origin {
			continue
		}
		return m.Party, fmt.Sprintf("it changes the keys of %q (log_key, retired_log_keys, witness_key or tls_pin), "+
			"which only %s, that member's own node, may propose ('truce federation rotate' on it)", m.Party, old.Origin)
	}
	return "", ""
}
