package cli

import (
	"fmt"
	"os"

	"truce/internal/federation/mirror"
)

// verifyEvidenceFile checks a federation evidence record offline against
// the peer's keys given by trust and prints what it proves.
func verifyEvidenceFile(env *Env, path string, trust *trustFlags) error {
	logKey, wkeys, quorum, err := trust.parse()
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read evidence: %w", err)
	}
	ev, err := mirror.ParseEvidence(b)
	if err != nil {
		return usagef("%s is not a federation evidence record: %v", path, err)
	}
	peer := mirror.Peer{Party: ev.Party, Origin: logKey.Name(), LogKey: logKey, Witnesses: wkeys, Quorum: quorum}
	proves, err := mirror.VerifyEvidence(ev, peer)
	if err != nil {
		return fmt.Errorf("NOT PROVEN: %w", err)
	}
	fmt.Fprintf(env.Stdout, "PROVEN (%s, evidence %s, recorded %s by %s's node): %s\n", ev.Kind, ev.ID, ev.Time.Format("2006-01-02T15:04:05Z"), ev.Receiver, proves)
	return nil
}
