package split

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"truce/internal/federation/roster"
)

// Options describe one split.
type Options struct {
	// Hosted is the hosted node's data directory; DB its database URL when
	// it is not the SQLite file there.
	Hosted, DB string
	// Out is the directory the party nodes are created in, one
	// subdirectory per party. It MUST NOT exist.
	Out string
	// Origins gives each party that gets a node its new log's origin.
	// Every party with statements in the hosted log needs one.
	Origins map[string]string
	// URLs, if given for every party in Origins, are the https base URLs
	// of the nodes' federation listeners: the split then writes each
	// node's card and the roster (Federation, Quorum) and installs it.
	URLs       map[string]string
	Federation string
	Quorum     int
	// AdminPassword is the password of each new node's first admin,
	// PARTY-admin.
	AdminPassword string
	// Progress, if set, is told what is being done.
	Progress func(format string, args ...any)
}

// Summary is what a split did.
type Summary struct {
	HostedOrigin string
	HostedSize   int64
	// Kept counts the hosted entries left in the hosted history only
	// (node administration).
	Kept  int
	Nodes []Node
	// Roster and RosterHash are set when the split wrote the roster.
	Roster     *roster.Roster
	RosterHash string
}

// Node is one party node the split created.
type Node struct {
	Party, Origin, Dir string
	// Restated, Carried: the party's hosted statements written in its
	// new log, projected or carried (Carried counts those that were to be
	// restated but whose projection failed alone on the new node, too).
	Restated, Carried int
	// Archived counts the hosted entries whose content the node holds.
	Archived int
	Card     roster.Member
}

// Run splits the hosted node. Bad input (a directory that holds no hosted
// node, a running node, an existing Out, a party with statements and no
// origin) is refused before anything is written; a failure after Out was
// created removes Out, so that nothing is left half done. The hosted
// node's directory and database are only read.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if o.Progress == nil {
		o.Progress = func(string, ...any) {}
	}
	if o.Out == "" {
		return nil, errors.New("no output directory")
	}
	if _, err := os.Lstat(o.Out); err == nil {
		return nil, fmt.Errorf("%s exists: give a new output directory (the split creates it)", o.Out)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("output directory: %w", err)
	}
	h, unlock, err := readHosted(ctx, o.Hosted, o.DB)
	if err != nil {
		return nil, err
	}
	defer unlock()
	o.Progress("hosted log %s: %d entries, checkpoint signed at size %d, checked", h.Origin, len(h.Entries), len(h.Entries))
	plan := Classify(h.Entries)
	parties, err := o.nodeParties(h, plan)
	if err != nil {
		return nil, err
	}
	sum := &Summary{HostedOrigin: h.Origin, HostedSize: int64(len(h.Entries))}
	for _, d := range plan {
		if d == Keep {
			sum.Kept++
		}
	}
	if err := os.MkdirAll(o.Out, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", o.Out, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(o.Out)
		}
	}()
	if err := writeHostedFiles(o.Out, h); err != nil {
		return nil, err
	}
	for _, p := range parties {
		n, err := buildNode(ctx, o, h, plan, p)
		if err != nil {
			return nil, fmt.Errorf("node of %s: %w", p, err)
		}
		sum.Nodes = append(sum.Nodes, *n)
	}
	if len(o.URLs) > 0 {
		if err := found(o, sum); err != nil {
			return nil, err
		}
	}
	ok = true
	return sum, nil
}

// nodeParties checks o.Origins against the hosted log and returns the
// parties that get a node, sorted.
func (o *Options) nodeParties(h *Hosted, plan []Disposition) ([]string, error) {
	if len(o.Origins) == 0 {
		return nil, errors.New("give at least one --party PARTY=ORIGIN")
	}
	var missing []string
	for i, e := range h.Entries {
		if plan[i] != Keep && o.Origins[e.Party] == "" && !slices.Contains(missing, e.Party) {
			missing = append(missing, e.Party)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("parties %v have statements in the hosted log but no --party PARTY=ORIGIN: every party that spoke needs its own node", missing)
	}
	var parties []string
	seen := map[string]string{h.Origin: "the hosted log"}
	for p, origin := range o.Origins {
		if _, ok := h.party(p); !ok {
			return nil, fmt.Errorf("--party %s: the hosted node has no party %q", p, p)
		}
		if other, dup := seen[origin]; dup {
			return nil, fmt.Errorf("--party %s: origin %q is already %s's: every log needs its own origin", p, origin, other)
		}
		seen[origin] = p
		parties = append(parties, p)
	}
	sort.Strings(parties)
	if len(o.URLs) > 0 {
		for _, p := range parties {
			if o.URLs[p] == "" {
				return nil, fmt.Errorf("--url: give every node's URL or none (%s has none)", p)
			}
		}
		for p := range o.URLs {
			if o.Origins[p] == "" {
				return nil, fmt.Errorf("--url %s: %s gets no node (no --party %s=ORIGIN)", p, p, p)
			}
		}
	}
	return parties, nil
}

// HostedCheckpointFile and HostedKeyFile are written in the output
// directory beside the nodes: the hosted log's last signed checkpoint and
// its verifier key, for anyone to check the archive and the citations.
const (
	HostedCheckpointFile = "hosted-checkpoint"
	HostedKeyFile        = "hosted.vkey"
)

func writeHostedFiles(out string, h *Hosted) error {
	if err := os.WriteFile(filepath.Join(out, HostedCheckpointFile), h.Checkpoint, 0o644); err != nil {
		return fmt.Errorf("write the hosted checkpoint: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, HostedKeyFile), []byte(h.VerifierKey+"\n"), 0o644); err != nil {
		return fmt.Errorf("write the hosted key: %w", err)
	}
	return nil
}

// found writes each node's card and the roster in o.Out and installs the
// roster in every node.
func found(o Options, sum *Summary) error {
	r := &roster.Roster{Federation: o.Federation, Version: 1, Quorum: o.Quorum}
	for _, n := range sum.Nodes {
		r.Members = append(r.Members, n.Card)
		if err := writeJSON(filepath.Join(o.Out, n.Party+".card.json"), n.Card); err != nil {
			return err
		}
	}
	if err := r.Validate(); err != nil {
		return fmt.Errorf("the roster: %w", err)
	}
	hash, err := r.Hash()
	if err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(o.Out, "roster.json"), r); err != nil {
		return err
	}
	for _, n := range sum.Nodes {
		if err := roster.Install(n.Dir, r); err != nil {
			return fmt.Errorf("install the roster in %s: %w", n.Dir, err)
		}
	}
	sum.Roster, sum.RosterHash = r, hash
	return nil
}
