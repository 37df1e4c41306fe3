package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// The read cache keeps what the API's read paths ask for again and again:
// full incidents (listing row, report, current assessments, zones) by id,
// and the checked entries of a subject (its history) by subject. It
// follows the log as the incident index does (incidents_index_sync.go):
// before answering, a read takes the log's head (one primary-key lookup);
// if entries were committed since the cache last looked, it drops what
// they name — the history of each entry's subject, the incident an
// incident:… subject names, and every incident, the parties and the
// zones' releasabilities when a zone.… or party.… entry (which can
// re-attribute incidents to zones) is among them. So the cache
// MUST NOT and cannot show a state older than the last commit before the
// read began, whichever process committed it.
//
// A value read from SQL is kept only if no catch-up ran between the head
// the read started from and the moment it is stored: a change committed
// meanwhile is then either dropped by a later catch-up or seen by the
// check. Reads inside a write transaction never use the cache.
//
// What the cache does not do: releasability. It holds records as stored;
// the services decide what each caller may see on every read, cached or
// not. Cached entries were checked against their commitment and the tree
// when they were read from SQL; they are not checked again on each read
// (the node's background integrity check still reads every row).
//
// Both maps are bounded (readCacheMax each); when one is full an arbitrary
// tenth of it is dropped.

// readCacheMax is the most incidents, and the most histories, kept.
const readCacheMax = 50_000

// readCacheReset is the most entries a catch-up reads; beyond it the cache
// is emptied instead.
const readCacheReset = 20_000

// readCache is the cache of one DB. Its zero value is empty and starts
// following the log at the first read.
type readCache struct {
	catchUp sync.Mutex // held while catching up, so that one query does it
	heads   headShare  // the log head queries of concurrent reads

	mu      sync.Mutex // guards the fields below
	started bool
	head    int64 // the log's size when the maps were last brought up to date
	// mirrored counts the chunks of peers' entries applied by this
	// process's mirrors (forgetMirrored): they change the projections
	// without an own log entry, so a read's generation includes it.
	mirrored  int64
	incidents map[string]*incidents.Incident
	histories map[string][]*ledger.Entry
	// lists are small tables read whole (the parties, the zones'
	// releasabilities), by name; every zone or party entry drops them.
	lists map[string]any
}

// fresh brings c up to the log's head and returns the head the caller's
// reads start from (the generation to pass to the put methods).
func (c *readCache) fresh(ctx context.Context, d *DB) (int64, error) {
	head, err := c.heads.get(ctx, func(ctx context.Context) (int64, error) { return d.incidentIdx.logHead(ctx, d) })
	if err != nil {
		return 0, fmt.Errorf("store: read cache: %w", err)
	}
	c.mu.Lock()
	if !c.started {
		c.started, c.head = true, head
		c.incidents, c.histories, c.lists = map[string]*incidents.Incident{}, map[string][]*ledger.Entry{}, map[string]any{}
	}
	have := c.head
	gen := c.generation()
	c.mu.Unlock()
	if head <= have {
		return gen, nil
	}
	c.catchUp.Lock()
	defer c.catchUp.Unlock()
	c.mu.Lock()
	have = c.head
	gen = c.generation()
	c.mu.Unlock()
	if head <= have {
		return gen, nil
	}
	var subjects []string
	all := head-have > readCacheReset
	if !all {
		if subjects, all, err = changedSubjects(ctx, d, have, head); err != nil {
			return 0, err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if all {
		clear(c.incidents)
		clear(c.histories)
		clear(c.lists)
	}
	for _, s := range subjects {
		delete(c.histories, s)
		if id, ok := incidents.ParseSubject(s); ok {
			delete(c.incidents, id)
		}
	}
	c.head = head
	return c.generation(), nil
}

// generation is the value the put methods compare: the log head the maps
// are up to date with and the mirrored chunks applied since start, so that
// a value read before either moved is not kept. c.mu must be held.
func (c *readCache) generation() int64 { return c.head + c.mirrored<<51 }

// forgetMirrored drops what entries a mirror applied to the projections
// name, after their commit: the histories of their subjects, the
// incidents they name, and everything when one is a zone or party entry.
// A mirror applies peers' entries without an own log entry, which is what
// fresh follows; only this process's mirrors are seen this way (a party
// node runs its mirrors in one process).
func (c *readCache) forgetMirrored(entries []*ledger.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started {
		return
	}
	c.mirrored++
	for _, e := range entries {
		if strings.HasPrefix(e.Kind, "zone.") || strings.HasPrefix(e.Kind, "party.") {
			clear(c.incidents)
			clear(c.histories)
			clear(c.lists)
			return
		}
		delete(c.histories, e.Subject)
		if id, ok := incidents.ParseSubject(e.Subject); ok {
			delete(c.incidents, id)
		}
	}
}

// changedSubjects returns the subjects of the entries in [from, upTo), and
// whether one of them is a zone or party entry (which may re-attribute any
// incident to zones: a zone agreed, or a co-chair's departure completing a
// version's agreement).
func changedSubjects(ctx context.Context, d *DB, from, upTo int64) (subjects []string, zones bool, err error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT DISTINCT subject, kind FROM log_entries WHERE seq >= $1 AND seq < $2`, from, upTo)
	if err != nil {
		return nil, false, fmt.Errorf("store: read cache: changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var subject, kind string
		if err := rows.Scan(&subject, &kind); err != nil {
			return nil, false, fmt.Errorf("store: read cache: changes: %w", err)
		}
		subjects = append(subjects, subject)
		zones = zones || strings.HasPrefix(kind, "zone.") || strings.HasPrefix(kind, "party.")
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: read cache: changes: %w", err)
	}
	return subjects, zones, nil
}

// incident returns a copy of the cached incident id (its slices shared and
// never written), or nil.
func (c *readCache) incident(id string) *incidents.Incident {
	c.mu.Lock()
	in := c.incidents[id]
	c.mu.Unlock()
	if in == nil {
		return nil
	}
	cp := *in
	return &cp
}

// putIncidents keeps copies of ins if the cache is still at gen.
func (c *readCache) putIncidents(gen int64, ins ...*incidents.Incident) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started || c.generation() != gen {
		return
	}
	if len(c.incidents)+len(ins) > readCacheMax {
		dropTenth(c.incidents)
	}
	for _, in := range ins {
		cp := *in
		c.incidents[in.ID] = &cp
	}
}

// history returns the cached entries of subject (a fresh slice of shared,
// never written entries), or false.
func (c *readCache) history(subject string) ([]*ledger.Entry, bool) {
	c.mu.Lock()
	es, ok := c.histories[subject]
	c.mu.Unlock()
	if !ok {
		return nil, false
	}
	out := make([]*ledger.Entry, len(es))
	copy(out, es)
	return out, true
}

// putHistory keeps a copy of the slice es as subject's history if the cache
// is still at gen.
func (c *readCache) putHistory(gen int64, subject string, es []*ledger.Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.started || c.generation() != gen {
		return
	}
	if len(c.histories) >= readCacheMax {
		dropTenth(c.histories)
	}
	c.histories[subject] = append([]*ledger.Entry(nil), es...)
}

// cachedList returns the value fill reads (a small table read whole, that
// only zone and party entries change), from the cache when it can. The
// value is shared between callers: they MUST NOT modify it.
func cachedList[T any](ctx context.Context, d *DB, name string, fill func(context.Context) (T, error)) (T, error) {
	var zero T
	gen, err := d.reads.fresh(ctx, d)
	if err != nil {
		return zero, err
	}
	c := &d.reads
	c.mu.Lock()
	v, ok := c.lists[name].(T)
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	if v, err = fill(ctx); err != nil {
		return zero, err
	}
	c.mu.Lock()
	if c.generation() == gen {
		c.lists[name] = v
	}
	c.mu.Unlock()
	return v, nil
}

// dropTenth deletes about a tenth of m's keys, whichever map iteration
// yields first.
func dropTenth[V any](m map[string]V) {
	n := len(m)/10 + 1
	for k := range m {
		if n == 0 {
			return
		}
		delete(m, k)
		n--
	}
}
