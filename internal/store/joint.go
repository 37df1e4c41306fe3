package store

import (
	"context"
	"encoding/hex"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/federation/joint"
	"truce/internal/ledger"
)

// JointHistory returns every entry about subject that d holds verified,
// unordered (joint.Order orders them): its own log's entries of index
// below ownSize, under the origin CiteAs set, and the mirrored entries
// with content whose index is within their origin's accepted checkpoint,
// each with its leaf hash and citations. It also returns the mirrored
// logs read: each origin with an accepted checkpoint, its size and root
// (the caller adds its own tree). Every entry is returned whatever its
// releasability: the caller MUST filter by its viewer.
func (d *DB) JointHistory(ctx context.Context, subject string, ownSize int64) ([]joint.Entry, []joint.Log, error) {
	// No transaction (on SQLite one takes the write lock): the checkpoints
	// are read first, and only entries within them are kept, so that what
	// is returned is what those trees held whatever arrives meanwhile.
	tx := d.SQL
	var logs []joint.Log
	rows, err := tx.QueryContext(ctx, `SELECT origin, size, root FROM local_mirror_checkpoints WHERE note IS NOT NULL AND size > 0 ORDER BY origin`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: joint history of %s: checkpoints: %w", subject, err)
	}
	accepted := map[string]int64{}
	for rows.Next() {
		var l joint.Log
		var root []byte
		if err := rows.Scan(&l.Origin, &l.TreeSize, &root); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: joint history of %s: checkpoints: %w", subject, err)
		}
		l.RootHash = hex.EncodeToString(root)
		accepted[l.Origin] = l.TreeSize
		logs = append(logs, l)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("store: joint history of %s: checkpoints: %w", subject, err)
	}
	var out []joint.Entry
	self := d.ownOrigin()
	err = d.scanEntries(ctx, tx, `SELECT `+entryColumns+` FROM log_entries WHERE subject = $1 AND seq < $2 ORDER BY seq`, []any{subject, ownSize},
		func(se ledger.StoredEntry) error {
			je, err := jointEntry(self, se.Entry, se.Commitment)
			out = append(out, je)
			return err
		})
	if err != nil {
		return nil, nil, fmt.Errorf("store: joint history of %s: %w", subject, err)
	}
	rows, err = tx.QueryContext(ctx, `SELECT m.origin, m.seq, m.commitment, m.content FROM local_mirror_subjects s
		JOIN local_mirror_entries m ON m.origin = s.origin AND m.seq = s.seq
		WHERE s.subject = $1 ORDER BY s.origin, s.seq`, subject)
	if err != nil {
		return nil, nil, fmt.Errorf("store: joint history of %s: mirrored: %w", subject, err)
	}
	defer rows.Close()
	for rows.Next() {
		var origin string
		var seq int64
		var c, content []byte
		if err := rows.Scan(&origin, &seq, &c, &content); err != nil {
			return nil, nil, fmt.Errorf("store: joint history of %s: mirrored: %w", subject, err)
		}
		if seq >= accepted[origin] || len(c) != tlog.HashSize || content == nil {
			continue // beyond the accepted checkpoint (a catch-up under way)
		}
		e, err := ledger.DecodeEntry(content)
		if err != nil {
			return nil, nil, fmt.Errorf("store: joint history of %s: %s#%d: %w", subject, origin, seq, err)
		}
		je, err := jointEntry(origin, e, tlog.Hash(c))
		if err != nil {
			return nil, nil, err
		}
		out = append(out, je)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: joint history of %s: mirrored: %w", subject, err)
	}
	return out, logs, nil
}

// jointEntry returns e, entry e.Seq of origin with commitment c, with its
// leaf hash and citations. Citations that do not decode are left out: the
// mirror refused such entries of peers, and the store such own ones.
func jointEntry(origin string, e *ledger.Entry, c tlog.Hash) (joint.Entry, error) {
	cs, _ := cite.Extract(e.Kind, e.Payload)
	return joint.Entry{Origin: origin, LeafHash: cite.Of(origin, e.Seq, c).LeafHash, Entry: e, Cites: cs}, nil
}
