package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/witness"
)

// Files of a party node (truce init --federated) in its data directory,
// besides those every node has.
const (
	// PartyFile holds the id of the node's party, one line. Its presence
	// is what makes a node a party node.
	PartyFile = "party"
	// WitnessKeyFile holds the signer key of the node's embedded witness
	// (mode 0600), which cosigns the federation peers' checkpoints.
	WitnessKeyFile = "witness.key"
)

// partyNodeFiles are the party node's files that a backup carries when
// they exist: its party, its witness key, its TLS identity and its roster.
var partyNodeFiles = []string{PartyFile, WitnessKeyFile, peertls.KeyFile, peertls.CertFile, roster.FileName}

// ErrNotPartyNode is returned (wrapped) by LoadPartyNode for a hosted node.
var ErrNotPartyNode = errors.New("not a party node")

var partyIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// PartyNode is what a party node holds besides what every node holds: its
// party, the key of its embedded witness and its TLS identity for the
// federation's mutual TLS.
type PartyNode struct {
	Party   string
	Witness *witness.Cosigner
	TLS     *peertls.Identity
}

// LoadParty returns the party of the node in dir, or "" if dir holds a
// hosted node (no PartyFile). It returns an error if the file cannot be
// read or does not hold a party id.
func LoadParty(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, PartyFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("app: node party: %w", err)
	}
	party := strings.TrimSpace(string(b))
	if !partyIDPattern.MatchString(party) {
		return "", fmt.Errorf("app: %s does not hold a party id (%q)", filepath.Join(dir, PartyFile), party)
	}
	return party, nil
}

// LoadPartyNode reads the party node files in dir. It returns an error
// wrapping ErrNotPartyNode if dir holds a hosted node, and an error if a
// party node's witness key or TLS identity is missing or damaged.
func LoadPartyNode(dir string) (*PartyNode, error) {
	party, err := LoadParty(dir)
	if err != nil {
		return nil, err
	}
	if party == "" {
		return nil, fmt.Errorf("app: %s: %w: it was created without --federated (a hosted node cannot join a federation)", dir, ErrNotPartyNode)
	}
	wb, err := os.ReadFile(filepath.Join(dir, WitnessKeyFile))
	if err != nil {
		return nil, fmt.Errorf("app: party node witness key: %w", err)
	}
	w, err := witness.NewCosigner(strings.TrimSpace(string(wb)))
	if err != nil {
		return nil, fmt.Errorf("app: %s: %w", WitnessKeyFile, err)
	}
	id, err := peertls.Load(dir)
	if err != nil {
		return nil, err
	}
	return &PartyNode{Party: party, Witness: w, TLS: id}, nil
}

// createPartyNode makes the node in dir (whose keys exist) a party node of
// party: it writes PartyFile exclusively, creates the embedded witness's
// key (named after the origin) and the node's TLS identity.
func createPartyNode(dir, origin, party string) error {
	if !partyIDPattern.MatchString(party) {
		return fmt.Errorf("--party %q: want 2-32 lower-case letters, digits or '-', starting with a letter", party)
	}
	if err := writeNew(filepath.Join(dir, PartyFile), party+"\n", 0o644); err != nil {
		return err
	}
	if _, _, err := witness.LoadOrCreateKey(filepath.Join(dir, WitnessKeyFile), origin+"/witness"); err != nil {
		return fmt.Errorf("app: party node witness key: %w", err)
	}
	if _, err := peertls.Create(dir, origin); err != nil {
		return err
	}
	return nil
}

// writeNew creates path with data and mode, refusing an existing file.
func writeNew(path, data string, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("app: create %s: %w", path, err)
	}
	if _, err := f.WriteString(data); err != nil {
		f.Close()
		return fmt.Errorf("app: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("app: sync %s: %w", path, err)
	}
	return f.Close()
}
