package cli

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"truce/internal/app"
	"truce/internal/federation/roster"
	"truce/internal/verify"
)

// federationFlags are the flags of 'truce verify --federation'.
type federationFlags struct {
	roster  string
	members map[string]string
	state   string
	dbURL   string
	maxAge  time.Duration
}

func addFederationFlags(fs *flag.FlagSet) *federationFlags {
	f := &federationFlags{members: map[string]string{}}
	fs.StringVar(&f.roster, "federation", "", "roster `file` of the federation whose members to check (as 'truce federation init' wrote it)")
	fs.Func("member", "`PARTY=URL`: the base URL of a member's node's public API (where it serves /log/checkpoint); repeatable, one per member with a node", func(s string) error {
		party, u, ok := strings.Cut(s, "=")
		if !ok || party == "" {
			return fmt.Errorf("%q: want PARTY=URL, e.g. ru=https://truce.ru.example", s)
		}
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
			return fmt.Errorf("%q: %q is not an http(s) URL", s, u)
		}
		if _, dup := f.members[party]; dup {
			return fmt.Errorf("%q: a URL for %s was already given", s, party)
		}
		f.members[party] = u
		return nil
	})
	fs.StringVar(&f.state, "state", "", "`directory` of the checkpoints saved by earlier runs and of the evidence written (default: truce/verify-federation in the user's config directory)")
	fs.DurationVar(&f.maxAge, "max-age", time.Hour, "a member whose checkpoint's newest cosignature is older than this `age` fails as stale, as its peers' mirrors judge it (0: never)")
	fs.StringVar(&f.dbURL, "db", "", "database `URL` of this party's node if it is not truce.db in --data (with --federation)")
	return f
}

// verifyFederation runs 'truce verify --federation': one line per member,
// and an error (exit 1) if any fails.
func verifyFederation(ctx context.Context, env *Env, f *federationFlags, data string) error {
	r, err := roster.Load(f.roster)
	if err != nil {
		return usagef("--federation: %v", err)
	}
	for party := range f.members {
		if m, ok := r.ByParty(party); !ok || m.Hosted() {
			return usagef("--member %s: not a member with a node of its own in the roster %s", party, f.roster)
		}
	}
	state := f.state
	if state == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return usagef("no user config directory (%v): give --state DIR", err)
		}
		state = filepath.Join(dir, "truce", "verify-federation")
	}
	o := verify.FederationOptions{Roster: r, Nodes: f.members, StateDir: state, MaxAge: f.maxAge,
		Client:   &http.Client{Timeout: time.Minute},
		Progress: func(s string) { fmt.Fprintln(env.Stderr, s) }}
	if data != "" || f.dbURL != "" {
		db, err := openNodeStore(ctx, data, f.dbURL)
		if err != nil {
			return fmt.Errorf("--data: %w", err)
		}
		defer db.Close()
		o.Data = db
		if data != "" {
			keys, err := app.LoadNodeKeys(data)
			if err != nil {
				return fmt.Errorf("--data: %w", err)
			}
			o.DataOrigin = keys.Verifier.Name()
		}
	}
	fmt.Fprintf(env.Stderr, "checking the %d members of %q (roster version %d, quorum %d); state in %s\n", len(r.Members), r.Federation, r.Version, r.Quorum, state)
	verdicts, err := verify.Federation(ctx, o)
	if err != nil {
		return err
	}
	failed := 0
	for _, v := range verdicts {
		word := "PASS"
		if !v.OK {
			word, failed = "FAIL", failed+1
		}
		fmt.Fprintf(env.Stdout, "%s %s: %s\n", word, v.Party, v.Reason)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d members failed verification (see the FAIL lines: each says what was wrong and what to do)", failed, len(verdicts))
	}
	return nil
}
