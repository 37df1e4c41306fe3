package notify

import (
	"context"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Parties looks up member parties (accounts.Store satisfies it).
type Parties interface {
	// Party returns the party id; fault.ErrNotFound (wrapped) if none.
	Party(ctx context.Context, q ledger.Querier, id string) (*accounts.Party, error)
	// Parties returns every party.
	Parties(ctx context.Context) ([]accounts.Party, error)
}

// Filter selects notices. Zero fields select everything.
type Filter struct {
	Type   Type
	Status string // active or cancelled
	// Notified keeps notices that notified this party.
	Notified string
	// Party keeps notices of this notifier.
	Party string
	// PendingFor keeps notices on which this party's acknowledgement of the
	// current version (of a withdrawal, too) is pending.
	PendingFor string
	Limit      int
}

// Store is what the service needs from storage. Stores decide no
// visibility: they may pre-filter by the viewer's party, but the service
// checks every notice it returns with package access.
type Store interface {
	// Notice returns the notice id with its acknowledgements;
	// fault.ErrNotFound (wrapped) if there is none.
	Notice(ctx context.Context, q ledger.Querier, id string) (*Notice, error)
	// Notices returns notices matching f that viewer's party may see
	// (pre-filter), newest first.
	Notices(ctx context.Context, f Filter, viewer string) ([]Notice, error)
	// NoticesBefore returns up to limit notices matching f (f.Limit
	// ignored) that viewer's party may see (pre-filter), newest first by
	// FirstSeq then ID (both descending), strictly after the position
	// after (nil for the start).
	NoticesBefore(ctx context.Context, f Filter, viewer string, after *Cursor, limit int) ([]Notice, error)
	// Overdue returns every pending acknowledgement of an active notice,
	// or of a notice's withdrawal, whose deadline is before t.
	Overdue(ctx context.Context, t time.Time) ([]OverdueAck, error)
	// PendingAcksByParty returns, per owing party and releasability of
	// the notice, the pending acknowledgements that Overdue would return
	// once due, and how many of them are due before t. It decides no
	// visibility.
	PendingAcksByParty(ctx context.Context, t time.Time) ([]access.PendingBucket, error)
	// Active returns every active notice of type t (for the alert rules).
	Active(ctx context.Context, t Type) ([]Notice, error)
	// RecordFeedPull records p as its party's last pull of its feed,
	// replacing the one before (node-local: no log entry).
	RecordFeedPull(ctx context.Context, p FeedPull) error
	// FeedPulls returns every party's last pull, by party.
	FeedPulls(ctx context.Context) (map[string]FeedPull, error)
	// MovementPositions returns up to n positions of movement id, newest
	// report first (Seq, then Index, both descending), strictly after the
	// position after (Cursor{Seq, ID: Index}; nil for the start).
	MovementPositions(ctx context.Context, id string, after *Cursor, n int) ([]Position, error)
	// LatestPositions returns up to n positions: for every active
	// movement that has one, its latest by Time (ties: the later report),
	// with Until set to the movement's valid_until; newest report first
	// (Seq, then movement id, both descending), strictly after the
	// position after (Cursor{Seq, ID: movement}; nil for the start).
	LatestPositions(ctx context.Context, after *Cursor, n int) ([]Position, error)
}

// OverdueAck is one pending acknowledgement past its deadline.
type OverdueAck struct {
	NoticeID string `json:"notice_id"`
	Type     Type   `json:"type"`
	Party    string `json:"party"` // the party that has not acknowledged
	Version  int    `json:"version"`
	Deadline string `json:"deadline"`
	Notifier string `json:"notifier"`
	// Seq is the entry that notified this version.
	Seq int64 `json:"seq"`
}
