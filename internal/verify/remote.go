package verify

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
	"truce/internal/ledger"
	"truce/internal/witness"
)

// RemoteOptions say what to check of a node from outside. Trust comes out
// of band: the node's key, the witnesses' keys and the quorum.
type RemoteOptions struct {
	URL    string        // the node's base URL
	LogKey note.Verifier // the node's verifier key
	// RetiredLogKeys are keys the node signed with before LogKey (a
	// roster's retired_log_keys): Saved may be signed with one of them;
	// the checkpoint fetched now must be signed with LogKey.
	RetiredLogKeys []note.Verifier
	WitnessKeys    []note.Verifier
	Quorum         int
	// Saved is a checkpoint note saved from an earlier run (may be nil):
	// the node's current tree must be consistent with it.
	Saved []byte
	// Entries to check for inclusion (and, with Token, content).
	Entries []int64
	// Token, if set, is sent to read entry content, and with every request
	// for the checkpoint and tiles: a member is shown the log as it grows,
	// the public (no token) only in delayed batches.
	Token  string
	Client *http.Client
	// Progress, if set, is told each step.
	Progress func(string)
}

// RemoteResult is what a remote check established.
type RemoteResult struct {
	Checkpoint   ledger.Checkpoint
	Note         []byte   // the verified checkpoint note, to save for next time
	Cosigners    []string // witnesses whose cosignatures verified
	Consistent   bool     // consistency with Saved was proven
	EntryReports []string
	// Hashes reads hashes of the verified tree through the node's tiles,
	// each tile checked against the checkpoint before it is used.
	Hashes tlog.HashReader
	// NewestCosignature is the latest timestamp of the cosignatures that
	// verified (zero if none).
	NewestCosignature time.Time
}

// Remote checks a node through its public endpoints with code that does not
// trust it: the checkpoint's signature and cosignature quorum, consistency
// with a saved checkpoint (via tiles, verified by x/mod/sumdb/tlog), and the
// inclusion (and, with access, content) of entries. Any failure is an error
// that says what did not verify.
func Remote(ctx context.Context, o RemoteOptions) (*RemoteResult, error) {
	say := func(format string, args ...any) {
		if o.Progress != nil {
			o.Progress(fmt.Sprintf(format, args...))
		}
	}
	if o.Client == nil {
		o.Client = http.DefaultClient
	}
	base := strings.TrimSuffix(o.URL, "/")
	say("fetching %s/log/checkpoint", base)
	msg, err := get(ctx, o.Client, base+"/log/checkpoint", o.Token)
	if err != nil {
		return nil, err
	}
	wcp, cosigs, err := witness.VerifyCosigned(msg, o.LogKey, o.WitnessKeys, o.Quorum)
	var qe *witness.QuorumError
	if errors.As(err, &qe) {
		return nil, fmt.Errorf("checkpoint: %w", &CheckpointError{Kind: mirror.KindNoQuorum, Checkpoints: [][]byte{msg}, Err: err})
	}
	if err != nil {
		return nil, fmt.Errorf("checkpoint: %w", err)
	}
	cp, err := ledger.ParseCheckpoint(wcp.Body())
	if err != nil {
		return nil, err
	}
	if cp.Origin != o.LogKey.Name() {
		return nil, fmt.Errorf("checkpoint is for log %q, not %q", cp.Origin, o.LogKey.Name())
	}
	res := &RemoteResult{Checkpoint: cp, Note: msg}
	for _, c := range cosigs {
		res.Cosigners = append(res.Cosigners, c.Signature.Name)
		if c.Time.After(res.NewestCosignature) {
			res.NewestCosignature = c.Time
		}
	}
	say("checkpoint of %d entries verified, cosigned by %d witness(es)", cp.N, len(cosigs))

	tiles := o.Client
	if o.Token != "" {
		tiles = &http.Client{Transport: bearer{token: o.Token, next: o.Client.Transport}, Timeout: o.Client.Timeout}
	}
	fetcher, err := torchwood.NewTileFetcher(base+"/log/", torchwood.WithHTTPClient(tiles))
	if err != nil {
		return nil, err
	}
	hr := torchwood.TileHashReaderWithContext(ctx, cp.Tree, fetcher)
	res.Hashes = hr
	if o.Saved != nil {
		old, err := openSaved(o.Saved, o.LogKey, o.RetiredLogKeys)
		if err != nil {
			return nil, fmt.Errorf("saved checkpoint: %w", err)
		}
		both := [][]byte{o.Saved, msg}
		if old.N > cp.N {
			return nil, &CheckpointError{Kind: mirror.KindRollback, Checkpoints: both,
				Err: fmt.Errorf("the log shrank: saved checkpoint has %d entries, the node now shows %d", old.N, cp.N)}
		}
		proof, err := tlog.ProveTree(cp.N, old.N, hr)
		if err != nil {
			return nil, &CheckpointError{Kind: mirror.KindFork, Checkpoints: both,
				Err: fmt.Errorf("FORK or withheld tiles: no consistency proof from %d to %d entries: %w", old.N, cp.N, err)}
		}
		if err := tlog.CheckTree(proof, cp.N, cp.Hash, old.N, old.Hash); err != nil {
			ce := &CheckpointError{Kind: mirror.KindFork, Checkpoints: both,
				Err: fmt.Errorf("FORK: the node's tree of %d entries is not an extension of the saved tree of %d: %w", cp.N, old.N, err)}
			if old.N != cp.N {
				// The leaves of the larger tree show that the smaller is not its prefix.
				say("reading the %d commitments of the node's tree for the evidence", cp.N)
				ce.Leaves, ce.LeavesErr = readLeaves(ctx, fetcher, cp.Tree)
			}
			return nil, ce
		}
		res.Consistent = true
		say("consistent with the saved checkpoint of %d entries", old.N)
	}
	for _, seq := range o.Entries {
		r, err := checkEntry(ctx, o, base, fetcher, hr, cp, seq)
		if err != nil {
			return nil, fmt.Errorf("entry %d: %w", seq, err)
		}
		res.EntryReports = append(res.EntryReports, r)
		say("%s", r)
	}
	return res, nil
}

func checkEntry(ctx context.Context, o RemoteOptions, base string, fetcher *torchwood.TileFetcher, hr tlog.HashReader, cp ledger.Checkpoint, seq int64) (string, error) {
	if seq < 0 || seq >= cp.N {
		return "", fmt.Errorf("not in the checkpoint's %d entries", cp.N)
	}
	// The commitment from the entry bundle, and its leaf hash from the
	// verified tree: they must agree.
	tile := tlog.TileForIndex(torchwood.TileHeight, tlog.StoredHashIndex(0, seq))
	tile.L = -1
	data, err := fetcher.ReadTiles(ctx, []tlog.Tile{tile})
	if err != nil {
		return "", fmt.Errorf("entry bundle: %w", err)
	}
	bundle := data[0]
	var commitment []byte
	for i := int64(0); i <= seq%torchwood.TileWidth; i++ {
		if commitment, bundle, err = torchwood.ReadTileEntry(bundle); err != nil {
			return "", fmt.Errorf("entry bundle: %w", err)
		}
	}
	leaves, err := hr.ReadHashes([]int64{tlog.StoredHashIndex(0, seq)})
	if err != nil {
		return "", fmt.Errorf("tree: %w", err)
	}
	if tlog.RecordHash(commitment) != leaves[0] {
		return "", fmt.Errorf("the entry bundle's commitment is not the tree's leaf")
	}
	if o.Token == "" {
		return fmt.Sprintf("entry %d: commitment %s is in the tree (content not checked: no --token)", seq, base64.StdEncoding.EncodeToString(commitment)), nil
	}
	body, err := get(ctx, o.Client, fmt.Sprintf("%s/api/v1/log/entries/%d", base, seq), o.Token)
	if err != nil {
		return "", err
	}
	var resp struct {
		Canonical string `json:"canonical"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return "", fmt.Errorf("entry response: %w", err)
	}
	canon, err := base64.StdEncoding.DecodeString(resp.Canonical)
	if err != nil {
		return "", fmt.Errorf("entry bytes: %w", err)
	}
	if sum := sha256.Sum256(canon); string(sum[:]) != string(commitment) {
		return "", fmt.Errorf("CONTENT MISMATCH: the entry served does not hash to its commitment in the log")
	}
	e, err := ledger.DecodeEntry(canon)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("entry %d: %s %s by %s/%s at %s, content matches its commitment in the tree", seq, e.Kind, e.Subject, e.Party, e.Author, e.Time), nil
}

func get(ctx context.Context, c *http.Client, url, token string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET %s: %s: %s", url, resp.Status, strings.TrimSpace(string(body[:min(len(body), 300)])))
	}
	return body, nil
}

// bearer sends every request through next (http.DefaultTransport if nil)
// with the token as its bearer credential.
type bearer struct {
	token string
	next  http.RoundTripper
}

// RoundTrip implements http.RoundTripper; it does not modify req.
func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	next := b.next
	if next == nil {
		next = http.DefaultTransport
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return next.RoundTrip(r)
}

// openSaved opens a checkpoint saved by an earlier run under the node's
// log key or, if it was saved before the node rotated its key, one of its
// retired keys (the error names the key in force).
func openSaved(saved []byte, logKey note.Verifier, retired []note.Verifier) (ledger.Checkpoint, error) {
	for _, k := range retired {
		if cp, _, err := ledger.OpenCheckpoint(saved, k); err == nil {
			return cp, nil
		}
	}
	cp, _, err := ledger.OpenCheckpoint(saved, logKey)
	return cp, err
}
