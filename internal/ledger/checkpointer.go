package ledger

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// SignedCheckpoint is a checkpoint signed by the node, with the witness
// cosignatures it has collected.
type SignedCheckpoint struct {
	Checkpoint
	// Signed is the note signed by the node alone.
	Signed []byte
	// Cosignatures are witness signature lines ("— name base64\n").
	Cosignatures [][]byte
}

// Note returns the checkpoint note with the node's signature and every
// cosignature: what GET /log/checkpoint serves.
func (c *SignedCheckpoint) Note() []byte { return AppendSignatures(c.Signed, c.Cosignatures) }

// Witness is one witness the node pushes its checkpoints to (C2SP
// tlog-witness). Cosign returns the witness's cosignature line for signed,
// after checking it verifies with the witness's key; prove returns a
// consistency proof from the size the witness last cosigned.
type Witness interface {
	Name() string
	Cosign(ctx context.Context, signed []byte, cp Checkpoint, prove func(ctx context.Context, oldSize int64) (tlog.TreeProof, error)) ([]byte, error)
}

// CheckpointStore persists checkpoints and cosignatures.
type CheckpointStore interface {
	// SaveCheckpoint stores a published checkpoint with its cosignatures.
	SaveCheckpoint(ctx context.Context, c *SignedCheckpoint) error
	// LatestCheckpoint returns the newest stored checkpoint, or nil if there
	// is none.
	LatestCheckpoint(ctx context.Context) (*SignedCheckpoint, error)
}

// Checkpointer signs checkpoints of the growing tree at most once per
// interval (and on demand), has them cosigned by the configured witnesses,
// and publishes a checkpoint once a quorum of witnesses has cosigned it.
// While the tree does not grow it has the same checkpoint cosigned again
// once its newest cosignature is CheckpointerOptions.Recosign old, so that
// those who require fresh cosignatures (federation mirrors) can tell an
// idle log from a frozen one.
//
// A published checkpoint MUST be consistent with every earlier one: the
// tree only grows, and witnesses refuse anything else.
type Checkpointer struct {
	origin    string
	signer    note.Signer
	hashes    *HashStore
	store     CheckpointStore
	witnesses []Witness
	quorum    int
	log       *slog.Logger
	recosign  time.Duration    // see CheckpointerOptions.Recosign; <= 0 never
	now       func() time.Time // see CheckpointerOptions.Now
	observe   CheckpointObserver

	mu          sync.Mutex // serialises signing; guards publishedAt
	publishedAt time.Time  // when latest was published, or the start (recosign.go)
	latest      atomic.Pointer[SignedCheckpoint]
}

// CheckpointerOptions configure a Checkpointer.
type CheckpointerOptions struct {
	Witnesses []Witness
	// Quorum is how many witness cosignatures a checkpoint needs before it
	// is published. 0 publishes at once.
	Quorum int
	// Recosign is how old the newest cosignature of the latest checkpoint
	// may grow while the tree does not before the same checkpoint is
	// pushed to the witnesses again for newer cosignatures (recosign.go):
	// 0 means DefaultRecosign, a negative value never. Without witnesses
	// nothing is signed again.
	Recosign time.Duration
	// Now is the clock Recosign is measured by (time.Now if nil).
	Now    func() time.Time
	Logger *slog.Logger
	// Observer, if not nil, is told of every publication, failure and
	// witness answer (the node's metrics).
	Observer CheckpointObserver
}

// NewCheckpointer returns a checkpointer for the log named origin (which
// must be the signer's name), publishing prev (may be nil) as the latest
// checkpoint until a newer one is signed.
func NewCheckpointer(origin string, signer note.Signer, hashes *HashStore, store CheckpointStore, prev *SignedCheckpoint, opts CheckpointerOptions) (*Checkpointer, error) {
	if signer.Name() != origin {
		return nil, fmt.Errorf("ledger: signer key is for %q, not the log %q", signer.Name(), origin)
	}
	if opts.Quorum > len(opts.Witnesses) {
		return nil, fmt.Errorf("ledger: quorum %d needs at least that many witnesses, have %d", opts.Quorum, len(opts.Witnesses))
	}
	c := &Checkpointer{origin: origin, signer: signer, hashes: hashes, store: store, witnesses: opts.Witnesses,
		quorum: opts.Quorum, log: opts.Logger, recosign: opts.Recosign, now: opts.Now, observe: opts.Observer}
	if c.observe == nil {
		c.observe = nopObserver{}
	}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.recosign == 0 {
		c.recosign = DefaultRecosign
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.publishedAt = c.now()
	if prev != nil {
		c.latest.Store(prev)
	}
	return c, nil
}

// SetWitnesses replaces the witnesses and the quorum from the next
// signing on (a federation's roster changed: members' witnesses added or
// removed). A signing under way finishes with the old ones. It returns an
// error, changing nothing, if quorum is more than len(witnesses). The
// latest checkpoint stays published; if it lacks the new quorum, the next
// SignNow has it cosigned again.
func (c *Checkpointer) SetWitnesses(witnesses []Witness, quorum int) error {
	if quorum > len(witnesses) {
		return fmt.Errorf("ledger: quorum %d needs at least that many witnesses, have %d", quorum, len(witnesses))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.witnesses, c.quorum = witnesses, quorum
	return nil
}

// Latest returns the latest published checkpoint, or nil before the first.
func (c *Checkpointer) Latest() *SignedCheckpoint { return c.latest.Load() }

// Run signs a checkpoint whenever the tree has grown, or its cosignatures
// are due to be renewed (see CheckpointerOptions.Recosign), at most once
// per interval, until ctx ends.
func (c *Checkpointer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := c.SignNow(ctx); err != nil && ctx.Err() == nil {
			c.log.ErrorContext(ctx, "checkpoint not published", "err", err)
		}
	}
}

// ErrNoQuorum is returned by SignNow when too few witnesses cosigned.
var ErrNoQuorum = errors.New("ledger: too few witness cosignatures")

// SignNow signs, cosigns and publishes a checkpoint of the current tree if
// it is larger than the latest one (or the latest lacks the quorum of
// cosignatures, or its newest cosignature is Recosign old), and returns
// the latest published checkpoint. It returns ErrNoQuorum (wrapped, with the witnesses' errors)
// if the quorum was not reached; the previous checkpoint stays published.
func (c *Checkpointer) SignNow(ctx context.Context) (*SignedCheckpoint, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sc, err := c.signLocked(ctx)
	if err != nil {
		c.observe.CheckpointFailed()
	}
	return sc, err
}

// signLocked is SignNow with c.mu held.
func (c *Checkpointer) signLocked(ctx context.Context) (*SignedCheckpoint, error) {
	prev := c.latest.Load()
	hr, size := c.hashes.Snapshot()
	if prev != nil && prev.N >= size && len(prev.Cosignatures) >= c.quorum && !c.recosignDue(prev, size, c.now()) {
		return prev, nil // nothing new; a checkpoint short of the quorum (witnesses added since) is signed again
	}
	root, err := tlog.TreeHash(size, hr)
	if err != nil {
		return prev, fmt.Errorf("ledger: tree hash at %d: %w", size, err)
	}
	cp := Checkpoint{Origin: c.origin, Tree: tlog.Tree{N: size, Hash: root}}
	signed, err := SignCheckpoint(cp, c.signer)
	if err != nil {
		return prev, err
	}
	sc := &SignedCheckpoint{Checkpoint: cp, Signed: signed}
	sc.Cosignatures, err = c.cosign(ctx, sc, hr)
	if err != nil {
		return prev, err
	}
	if err := c.store.SaveCheckpoint(ctx, sc); err != nil {
		return prev, fmt.Errorf("ledger: save checkpoint %d: %w", size, err)
	}
	c.latest.Store(sc)
	c.publishedAt = c.now()
	c.observe.CheckpointPublished(size, len(sc.Cosignatures), c.quorum)
	c.log.DebugContext(ctx, "checkpoint published", "size", size, "cosignatures", len(sc.Cosignatures))
	return sc, nil
}

func (c *Checkpointer) cosign(ctx context.Context, sc *SignedCheckpoint, hr tlog.HashReader) ([][]byte, error) {
	if len(c.witnesses) == 0 {
		c.observe.QuorumChecked(0, c.quorum)
		return nil, nil
	}
	prove := func(ctx context.Context, old int64) (tlog.TreeProof, error) {
		if old < 0 || old > sc.N {
			return nil, fmt.Errorf("ledger: witness asked for a proof from size %d, tree has %d", old, sc.N)
		}
		if old == 0 || old == sc.N {
			return tlog.TreeProof{}, nil
		}
		return tlog.ProveTree(sc.N, old, hr)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	type result struct {
		line []byte
		err  error
	}
	results := make([]result, len(c.witnesses))
	var wg sync.WaitGroup
	for i, w := range c.witnesses {
		wg.Go(func() {
			start := time.Now()
			line, err := w.Cosign(ctx, sc.Signed, sc.Checkpoint, prove)
			c.observe.WitnessAnswered(w.Name(), time.Since(start), err)
			if err != nil {
				err = fmt.Errorf("witness %s: %w", w.Name(), err)
			}
			results[i] = result{line, err}
		})
	}
	wg.Wait()
	var lines [][]byte
	var errs []error
	for _, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			c.log.WarnContext(ctx, "witness did not cosign", "size", sc.N, "err", r.err)
			continue
		}
		lines = append(lines, r.line)
	}
	c.observe.QuorumChecked(len(lines), c.quorum)
	if len(lines) < c.quorum {
		return nil, fmt.Errorf("%w: checkpoint %d has %d of %d needed: %w", ErrNoQuorum, sc.N, len(lines), c.quorum, errors.Join(errs...))
	}
	return lines, nil
}
