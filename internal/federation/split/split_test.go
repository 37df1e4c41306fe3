package split_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/cli"
	"truce/internal/federation/cite"
	"truce/internal/federation/split"
	"truce/internal/federation/split/splittest"
	"truce/internal/ledger"
	"truce/internal/store"
)

// origins are the new logs' origins of the demo parties.
var origins = map[string]string{"us": "split.example/us", "ru": "split.example/ru", "un": "split.example/un", "ngo": "split.example/ngo"}

// logOf reads every entry of the log in a node's data directory.
func logOf(t *testing.T, dir string) []*ledger.Entry {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.EntryCount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*ledger.Entry
	if err := db.EntryRange(ctx, 0, n, func(e *ledger.Entry, _ []byte) error { out = append(out, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSplitTheDemo(t *testing.T) {
	ctx := context.Background()
	hosted, withheld := splittest.HostedDemo(t)
	before := logOf(t, hosted)
	out := filepath.Join(t.TempDir(), "nodes")
	sum, err := split.Run(ctx, split.Options{Hosted: hosted, Out: out, Origins: origins, AdminPassword: "split-admin-password", Progress: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Nodes) != len(origins) {
		t.Fatalf("%d nodes, want %d", len(sum.Nodes), len(origins))
	}
	plan := split.Classify(before)
	leaf := func(seq int64) string {
		db := before[seq]
		c, err := db.Canonical()
		if err != nil {
			t.Fatal(err)
		}
		h := ledger.LeafHash(ledger.Commitment(c))
		return hex.EncodeToString(h[:])
	}
	hostedOrigin := sum.HostedOrigin
	for _, n := range sum.Nodes {
		got := logOf(t, n.Dir)
		var want, cited []int64
		for i, e := range before {
			if plan[i] != split.Keep && e.Party == n.Party {
				want = append(want, int64(i))
			}
		}
		for _, e := range got {
			if e.Party != n.Party {
				t.Errorf("%s's log holds entry %d of party %s (%s)", n.Party, e.Seq, e.Party, e.Kind)
			}
			if strings.HasPrefix(e.Kind, "party.") || strings.HasPrefix(e.Kind, "user.") {
				continue // the new node's own administration
			}
			cs, err := cite.Extract(e.Kind, e.Payload)
			if err != nil || len(cs) != 1 || cs[0].Origin != hostedOrigin {
				t.Fatalf("%s's entry %d (%s) cites %v (%v), want one hosted entry", n.Party, e.Seq, e.Kind, cs, err)
			}
			c := cs[0]
			if c.LeafHash != leaf(c.Index) {
				t.Errorf("%s's entry %d cites %s, whose leaf hash is %s", n.Party, e.Seq, c, leaf(c.Index))
			}
			if e.Kind == split.KindSplit {
				if c.Index != int64(len(before)-1) {
					t.Errorf("%s's federation.split cites %d, want the last hosted entry", n.Party, c.Index)
				}
				continue
			}
			orig := before[c.Index]
			if orig.Party != n.Party || orig.Release.TLP != e.Release.TLP || strings.Join(orig.Release.Audience, ",") != strings.Join(e.Release.Audience, ",") {
				t.Errorf("%s's entry %d restates hosted %d of %s %v as %v", n.Party, e.Seq, c.Index, orig.Party, orig.Release, e.Release)
			}
			if e.Kind != orig.Kind && e.Kind != split.KindCarried {
				t.Errorf("%s's entry %d is a %s, its original a %s", n.Party, e.Seq, e.Kind, orig.Kind)
			}
			cited = append(cited, c.Index)
		}
		sort.Slice(cited, func(i, j int) bool { return cited[i] < cited[j] })
		if len(want) == 0 || !equal(cited, want) {
			t.Errorf("%s's log cites hosted entries %v, want exactly its statements %v", n.Party, cited, want)
		}
		if n.Restated == 0 {
			t.Errorf("%s: nothing restated", n.Party)
		}
		t.Logf("%s: %d restated, %d carried, %d archived", n.Party, n.Restated, n.Carried, n.Archived)
	}
	// The hosted log is unchanged and verifies.
	after := logOf(t, hosted)
	if len(after) != len(before) {
		t.Fatalf("hosted log has %d entries after the split, %d before", len(after), len(before))
	}
	for _, d := range []string{hosted, filepath.Join(out, "us"), filepath.Join(out, "ru")} {
		var stdout, stderr bytes.Buffer
		env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if code := cli.Main(ctx, env, []string{"verify", "--deep", "--data", d}); code != 0 {
			t.Errorf("truce verify --deep --data %s: exit %d\n%s%s", d, code, stdout.String(), stderr.String())
		}
	}
	checkRedStaysHome(t, before, out)
	checkWithheldFromRu(t, withheld, out)
}

// checkRedStaysHome checks that no RED record's subject or content is in
// any file of another party's new node.
func checkRedStaysHome(t *testing.T, hosted []*ledger.Entry, out string) {
	t.Helper()
	checked := 0
	for _, e := range hosted {
		if e.Release.TLP != access.TLPRed || e.Subject == "" {
			continue
		}
		for p := range origins {
			if p == e.Party || e.Release.VisibleTo(p) {
				continue
			}
			err := filepath.Walk(filepath.Join(out, p), func(path string, fi os.FileInfo, err error) error {
				if err != nil || fi.IsDir() {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				if bytes.Contains(b, []byte(e.Subject)) {
					t.Errorf("%s holds %s, a RED record of %s", path, e.Subject, e.Party)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("the demo has no RED record to look for")
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkWithheldFromRu checks that ru's new node holds no trace of the us
// incidents not released to ru but their commitments.
func checkWithheldFromRu(t *testing.T, ids []string, out string) {
	t.Helper()
	err := filepath.Walk(filepath.Join(out, "ru"), func(path string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if bytes.Contains(b, []byte(id)) {
				t.Errorf("%s holds us incident %s, not released to ru", path, id)
			}
		}
		if bytes.Contains(b, []byte("withheld from ru")) {
			t.Errorf("%s holds the narrative of a us incident not released to ru", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
