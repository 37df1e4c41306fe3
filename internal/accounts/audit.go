package accounts

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/access"
	"truce/internal/listing"
)

// Auditor records reads of sensitive content. Record never blocks a read
// for long: records are buffered and written in batches every 200 ms (or
// every 512 records); Flush and Close write what is pending.
//
// Durability: a record MUST NOT be dropped while the node runs. A batch
// whose write fails is kept and written again with the next batch (the
// failure is logged); once auditMaxPending records wait, Record blocks, so
// that reads wait for the audit rather than go unaudited. Close writes
// every record made before it; a Record after Close is written at once by
// the caller. A crash (the process killed, the machine lost) loses the
// records not yet written: at most the last 200 ms of reads, or more while
// the database refuses writes.
type Auditor struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	ch      chan ReadAudit
	flushes chan chan struct{}
	done    chan struct{}

	closing sync.RWMutex // Record holds it to read, Close to close ch
	closed  bool
	held    atomic.Int64 // records taken from ch and not yet written
}

// auditMaxPending is the most records kept while their writes fail.
const auditMaxPending = 1 << 16

// AuditorDeps are what an Auditor is built from. Store is required; Now
// defaults to time.Now and Logger to slog.Default.
type AuditorDeps struct {
	// Store keeps the read audit (RecordReads).
	Store  Store
	Now    func() time.Time
	Logger *slog.Logger
}

// NewAuditor starts an auditor built from d, writing to d.Store; Close
// stops it.
func NewAuditor(d AuditorDeps) *Auditor {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	a := &Auditor{store: d.Store, now: d.Now, log: d.Logger, ch: make(chan ReadAudit, 4096),
		flushes: make(chan chan struct{}), done: make(chan struct{})}
	go a.run()
	return a
}

// Record notes that p read a record of owner's with releasability r through
// path, if r is sensitive. It blocks only when the buffer is full. A nil
// Auditor (a server built without one, in tests) records nothing.
func (a *Auditor) Record(p access.Principal, owner string, r access.Releasability, kind, subject, path string) {
	if a == nil || !r.Sensitive() {
		return
	}
	rec := ReadAudit{Time: a.now().UTC().Format(time.RFC3339Nano), Reader: p.Username, ReaderParty: p.Party,
		OwnerParty: owner, Kind: kind, Subject: subject, TLP: r.TLP, Path: path}
	a.closing.RLock()
	if !a.closed {
		a.ch <- rec
		a.closing.RUnlock()
		return
	}
	a.closing.RUnlock()
	if err := a.store.RecordReads(context.Background(), []ReadAudit{rec}); err != nil {
		a.log.Error("read audit not stored after close", "err", err)
	}
}

// Backlog returns how many records wait to be written: those queued and
// those whose write failed and is to be tried again. A nil Auditor has none.
func (a *Auditor) Backlog() int {
	if a == nil {
		return 0
	}
	return len(a.ch) + int(a.held.Load())
}

// Flush returns once every record made before it has been written (or its
// write has failed and it is kept for the next one).
func (a *Auditor) Flush() {
	reply := make(chan struct{})
	a.flushes <- reply
	<-reply
}

// Close writes the remaining records and stops the auditor. Records made
// after it are written by their callers.
func (a *Auditor) Close() {
	a.closing.Lock()
	a.closed = true
	close(a.ch)
	a.closing.Unlock()
	<-a.done
}

func (a *Auditor) run() {
	defer close(a.done)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	var buf []ReadAudit
	write := func() {
		if len(buf) == 0 {
			return
		}
		if err := a.store.RecordReads(context.Background(), buf); err != nil {
			a.log.Error("read audit not stored yet; kept for the next write", "records", len(buf), "err", err)
			a.held.Store(int64(len(buf)))
			return
		}
		buf = buf[:0]
		a.held.Store(0)
	}
	for {
		in := a.ch
		if len(buf) >= auditMaxPending {
			in = nil // Record blocks until a write succeeds
		}
		select {
		case r, ok := <-in:
			if !ok {
				write()
				if len(buf) > 0 {
					a.log.Error("read audit lost at close", "records", len(buf))
				}
				return
			}
			buf = append(buf, r)
			a.held.Store(int64(len(buf)))
			if len(buf)%512 == 0 {
				write()
			}
		case reply := <-a.flushes:
		drain:
			for len(buf) < auditMaxPending {
				select {
				case r, ok := <-a.ch:
					if !ok {
						break drain
					}
					buf = append(buf, r)
					a.held.Store(int64(len(buf)))
				default:
					break drain
				}
			}
			write()
			close(reply)
		case <-t.C:
			write()
		}
	}
}

// ReadsListing is the listing of the reads of a party's records (package
// listing): newest first, by id.
var ReadsListing = listing.Listing{Tag: "ar1.", Default: 100, Max: 1000}

// SubjectReadsListing is the listing of the reads of one of a party's
// records (a notification's read audit): newest first, by id.
var SubjectReadsListing = listing.Listing{Tag: "sr1.", Default: 100, Max: 1000}

// SubjectReadsPage returns a page of SubjectReadsListing: the recorded
// reads of owner's record named id or subject (its two spellings in the
// audit), with the guarantee of package listing, as ReadsPage.
func (a *Auditor) SubjectReadsPage(ctx context.Context, owner, id, subject string, limit int, after *listing.Cursor) (*listing.Page[ReadAudit], error) {
	p, err := listing.Fill(ctx, SubjectReadsListing, limit, after,
		func(ctx context.Context, cur *listing.Cursor, n int) ([]ReadAudit, error) {
			return a.store.ReadsOf(ctx, owner, id, subject, cursorSeq(cur), n)
		}, readCursor, keepRead)
	if err != nil {
		return nil, fmt.Errorf("accounts: reads of %s's %s: %w", owner, subject, err)
	}
	return p, nil
}

// cursorSeq is the read audit id a cursor names; 0 (the newest) for nil.
func cursorSeq(cur *listing.Cursor) int64 {
	if cur == nil {
		return 0
	}
	return cur.Seq
}

// readCursor is the listing position of a read audit record: its id.
func readCursor(r *ReadAudit) listing.Cursor {
	return listing.Cursor{Seq: r.ID, ID: strconv.FormatInt(r.ID, 10)}
}

// keepRead keeps every record: a party's reads are all its own to see.
func keepRead(r *ReadAudit) (ReadAudit, bool) { return *r, true }

// ReadsPage returns a page of ReadsListing: the recorded reads of owner's
// sensitive records, up to limit of them, starting after the position
// after (nil for the first page), with the guarantee of package listing.
// Every read of owner's records is owner's to see; callers decide who
// owner is (the caller's own party).
func (a *Auditor) ReadsPage(ctx context.Context, owner string, limit int, after *listing.Cursor) (*listing.Page[ReadAudit], error) {
	p, err := listing.Fill(ctx, ReadsListing, limit, after,
		func(ctx context.Context, cur *listing.Cursor, n int) ([]ReadAudit, error) {
			return a.store.Reads(ctx, owner, cursorSeq(cur), n)
		}, readCursor, keepRead)
	if err != nil {
		return nil, fmt.Errorf("accounts: reads of %s: %w", owner, err)
	}
	return p, nil
}
