package store

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/testseed"
)

var replaySeed = flag.Uint64("replay.seed", 1, "seed of TestRebuildMatchesProjections (0: from the clock)")

// accountsMix appends a random mix of party, user and token entries, some of
// which their projections refuse (unknown party, duplicate username, unknown
// token), through the sequencer.
type accountsMix struct {
	r                      *rand.Rand
	parties, users, tokens []string
	nParty, nUser, nToken  int
	accepted, refused      int
}

func (m *accountsMix) change() ledger.Change {
	draft := func(kind, subject string, payload any) ledger.Change {
		tlp := access.Labels[m.r.IntN(len(access.Labels))]
		var aud []string
		if m.r.IntN(2) == 0 && len(m.parties) > 0 {
			aud = []string{m.parties[m.r.IntN(len(m.parties))]}
		}
		return ledger.Change{Draft: ledger.Draft{Party: "un", Author: "admin", Kind: kind, Subject: subject,
			Release: access.Releasability{TLP: tlp, Audience: aud}, Payload: payload}}
	}
	pick := func(ids []string, unknown string) string {
		if len(ids) == 0 || m.r.IntN(10) == 0 {
			return unknown
		}
		return ids[m.r.IntN(len(ids))]
	}
	switch k := m.r.IntN(10); {
	case k < 2 || len(m.parties) == 0:
		m.nParty++
		id := fmt.Sprintf("p%d", m.nParty)
		if m.r.IntN(8) == 0 && len(m.parties) > 0 {
			id = m.parties[0] // duplicate: refused
		}
		return draft(accounts.KindPartyCreated, "party:"+id, accounts.PartyCreated{Party: accounts.Party{
			ID: id, Name: "Party " + id + " \u2028 é", Kind: accounts.PartyKinds[m.r.IntN(len(accounts.PartyKinds))], CoChair: m.r.IntN(2) == 0}})
	case k < 5:
		m.nUser++
		id := fmt.Sprintf("u%d", m.nUser)
		name := fmt.Sprintf("user%d", m.r.IntN(m.nUser+5)) // sometimes a duplicate username
		return draft(accounts.KindUserCreated, "user:"+id, accounts.UserCreated{User: accounts.User{
			ID: id, Username: name, Party: pick(m.parties, "nowhere"), Role: access.RoleObserver, DisplayName: "User " + id}})
	case k < 6:
		id := pick(m.users, "u-unknown")
		return draft(accounts.KindUserDisabled, "user:"+id, accounts.UserDisabled{UserID: id})
	case k < 9:
		m.nToken++
		id := fmt.Sprintf("t%d", m.nToken)
		expires := ""
		if m.r.IntN(2) == 0 {
			expires = time.Date(2026, 1, 1+m.r.IntN(300), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
		}
		return draft(accounts.KindTokenIssued, "token:"+id, accounts.TokenIssued{Token: accounts.Token{
			ID: id, UserID: pick(m.users, "u-unknown"), Name: "token " + id, Expires: expires}})
	default:
		id := pick(m.tokens, "t-unknown")
		return draft(accounts.KindTokenRevoked, "token:"+id, accounts.TokenRevoked{TokenID: id})
	}
}

// record notes the records that committed entries created.
func (m *accountsMix) record(es []*ledger.Entry) {
	for _, e := range es {
		switch e.Kind {
		case accounts.KindPartyCreated:
			m.parties = append(m.parties, e.Subject[len("party:"):])
		case accounts.KindUserCreated:
			m.users = append(m.users, e.Subject[len("user:"):])
		case accounts.KindTokenIssued:
			m.tokens = append(m.tokens, e.Subject[len("token:"):])
		}
	}
}

// TestRebuildMatchesProjections appends a random mix of access entries and
// checks that replaying the log into a fresh database rebuilds every
// projection table identically.
func TestRebuildMatchesProjections(t *testing.T) {
	seed := *replaySeed
	if seed == 0 {
		seed = testseed.Seed(t)
	}
	t.Logf("seed %d (rerun with -replay.seed=%d)", seed, seed)
	ctx := context.Background()
	src, _, seq := openTestLog(t)
	m := &accountsMix{r: rand.New(rand.NewPCG(seed, 0))}
	for range 300 {
		changes := []ledger.Change{m.change()}
		if m.r.IntN(4) == 0 {
			changes = append(changes, m.change(), testEvent("comment"))
		}
		es, err := seq.Append(ctx, changes...)
		if err != nil {
			m.refused++
			continue
		}
		m.accepted++
		m.record(es)
	}
	if m.accepted < 100 || m.refused == 0 {
		t.Fatalf("%d appends accepted, %d refused: the mix is not exercised", m.accepted, m.refused)
	}

	dst, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "rebuilt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var calls []int64
	if err := Rebuild(ctx, src, dst, func(done, total int64) { calls = append(calls, done, total) }); err != nil {
		t.Fatal(err)
	}
	var total int64
	if err := src.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 2 || calls[len(calls)-2] != total || calls[len(calls)-1] != total {
		t.Errorf("progress calls %v, want the last to be (%d, %d)", calls, total, total)
	}

	tables := ProjectionTables()
	for _, want := range []string{"parties", "users", "tokens"} {
		if !slices.Contains(tables, want) {
			t.Fatalf("ProjectionTables() = %v, missing %s", tables, want)
		}
	}
	for _, table := range tables {
		a, err := src.DumpTable(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.DumpTable(ctx, table)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s differs after rebuild:\n live    %d rows\n rebuilt %d rows\n first live    %v\n first rebuilt %v", table, len(a), len(b), head(a), head(b))
		}
	}
	n := map[string]int{}
	for _, table := range []string{"parties", "users", "tokens"} {
		rows, _ := src.DumpTable(ctx, table)
		n[table] = len(rows)
	}
	if n["parties"] == 0 || n["users"] == 0 || n["tokens"] == 0 {
		t.Fatalf("projection rows: %v", n)
	}
	t.Logf("%d appends accepted, %d refused; %d entries; rows %v", m.accepted, m.refused, total, n)

	// DumpTable refuses tables that are not projections.
	for _, table := range []string{"log_entries", "local_passwords", "parties; DROP TABLE users"} {
		if _, err := src.DumpTable(ctx, table); err == nil {
			t.Errorf("DumpTable(%q) allowed", table)
		}
	}
}

func head(rows []string) string {
	if len(rows) == 0 {
		return "(none)"
	}
	return rows[0]
}

// TestRebuildRefusesTamperedEntry checks that a replay stops at an entry
// whose stored bytes are not canonical.
func TestRebuildRefusesTamperedEntry(t *testing.T) {
	ctx := context.Background()
	src, _, seq := openTestLog(t)
	if _, err := seq.Append(ctx, testEvent("a")); err != nil {
		t.Fatal(err)
	}
	// Bypass the triggers the way an attacker with the file would.
	if _, err := src.SQL.ExecContext(ctx, `DROP TRIGGER log_entries_no_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := src.SQL.ExecContext(ctx, `UPDATE log_entries SET canonical = CAST(' ' || CAST(canonical AS TEXT) AS BLOB)`); err != nil {
		t.Fatal(err)
	}
	dst, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "rebuilt.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := Rebuild(ctx, src, dst, nil); err == nil {
		t.Fatal("rebuild accepted a tampered entry")
	}
}
