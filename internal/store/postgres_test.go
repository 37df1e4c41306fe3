package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"sync"
	"testing"
	"truce/internal/pgtest"
)

// withUser returns dsn connecting as user instead.
func withUser(t testing.TB, dsn, user string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(user)
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 5)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// TestOpenPostgresErrors checks that each reason a PostgreSQL database
// cannot be opened gives an error naming it, without the password.
func TestOpenPostgresErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("unreachable", func(t *testing.T) {
		_, err := OpenPostgres(ctx, "postgres://truce:s3cretpw@127.0.0.1:1/truce?sslmode=disable&connect_timeout=2")
		if !errors.Is(err, ErrServerUnreachable) {
			t.Fatalf("error %v, want ErrServerUnreachable", err)
		}
		if strings.Contains(err.Error(), "s3cretpw") {
			t.Fatalf("error shows the password: %v", err)
		}
	})
	t.Run("unknown engine", func(t *testing.T) {
		if _, err := Open(ctx, "mysql://x/y"); err == nil || !strings.Contains(err.Error(), "unknown engine") {
			t.Fatalf("error %v", err)
		}
	})
	dsn := pgtest.Need(t)
	t.Run("database missing", func(t *testing.T) {
		u, _ := url.Parse(dsn)
		u.Path = "/" + randomName("nodb_")
		_, err := OpenPostgres(ctx, u.String())
		if !errors.Is(err, ErrDatabaseMissing) || !strings.Contains(err.Error(), "createdb") {
			t.Fatalf("error %v, want ErrDatabaseMissing with a hint", err)
		}
	})
	t.Run("permission denied", func(t *testing.T) {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		role := randomName("noperm_")
		if _, err := admin.Exec(`CREATE ROLE ` + role + ` LOGIN`); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec(`DROP ROLE ` + role) })
		// A schema the role may use but not create in.
		schemaDSN := pgtest.Schema(t)
		schema := schemaDSN[strings.LastIndex(schemaDSN, "=")+1:]
		if _, err := admin.Exec(`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec(`REVOKE ALL ON SCHEMA ` + schema + ` FROM ` + role) })
		_, err = OpenPostgres(ctx, withUser(t, schemaDSN, role))
		if !errors.Is(err, ErrPermission) {
			t.Fatalf("error %v, want ErrPermission", err)
		}
	})
}

// TestPostgresConcurrentMigrations opens one fresh schema from several
// goroutines at once: the advisory lock applies each migration once.
func TestPostgresConcurrentMigrations(t *testing.T) {
	dsn := pgtest.Schema(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db, err := OpenPostgres(context.Background(), dsn)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// FuzzRedactDSN checks that RedactDSN never returns a DSN's password.
func FuzzRedactDSN(f *testing.F) {
	f.Add("postgres://u:pw@h:5432/db?sslmode=disable")
	f.Add("postgresql://user:p%40ss@127.0.0.1/db")
	f.Fuzz(func(t *testing.T, dsn string) {
		out := RedactDSN(dsn)
		u, err := url.Parse(dsn)
		if err != nil || u.User == nil {
			return
		}
		pw, ok := u.User.Password()
		if !ok || len(pw) < 4 || strings.Contains(u.User.Username(), pw) || strings.Contains(u.Host+u.Path+u.RawQuery+u.Fragment, pw) {
			return
		}
		if strings.Contains(out, pw) || strings.Contains(out, url.PathEscape(pw)) {
			t.Fatalf("RedactDSN(%q) = %q shows the password", dsn, out)
		}
	})
}
