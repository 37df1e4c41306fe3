package store

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// MirroredAbout is one mirrored entry about a subject: the origin of the
// log that holds it and the entry as stored there.
type MirroredAbout struct {
	Origin string
	MirroredEntry
}

// MirroredBySubject returns the mirrored entries about subject whose
// content this node holds and whose index is within their origin's
// accepted checkpoint (so each can be proved included in it), by origin
// then seq. Entries beyond the accepted checkpoint (a catch-up under way)
// are left out. Every entry is returned whatever its releasability: the
// caller MUST filter by its viewer.
func (d *DB) MirroredBySubject(ctx context.Context, subject string) ([]MirroredAbout, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT m.origin, m.seq, m.commitment, m.content FROM local_mirror_subjects s
		JOIN local_mirror_entries m ON m.origin = s.origin AND m.seq = s.seq
		JOIN local_mirror_checkpoints c ON c.origin = m.origin AND c.note IS NOT NULL AND m.seq < c.size
		WHERE s.subject = $1 AND m.content IS NOT NULL ORDER BY m.origin, m.seq`, subject)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entries about %s: %w", subject, err)
	}
	defer rows.Close()
	var out []MirroredAbout
	for rows.Next() {
		var e MirroredAbout
		if err := rows.Scan(&e.Origin, &e.Seq, &e.Commitment, &e.Content); err != nil {
			return nil, fmt.Errorf("store: mirrored entries about %s: %w", subject, err)
		}
		if len(e.Commitment) != tlog.HashSize {
			return nil, fmt.Errorf("store: mirrored entries about %s: %s#%d: commitment of %d bytes", subject, e.Origin, e.Seq, len(e.Commitment))
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mirrored entries about %s: %w", subject, err)
	}
	return out, nil
}
