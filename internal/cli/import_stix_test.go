package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportSTIXAndZonesCommands(t *testing.T) {
	type seen struct{ path, ctype, auth, body string }
	var got []seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, seen{r.URL.Path + "?" + r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), string(b)})
		switch {
		case strings.Contains(string(b), "bad"):
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(422)
			io.WriteString(w, `{"detail":"1 of 1 features are invalid; nothing was written","errors":[{"field":"feature 1 (X): geometry/coordinates/0/2","reason":"ring 0 crosses itself at vertex 2"}]}`)
		case r.URL.Path == "/api/v1/stix/bundles":
			io.WriteString(w, `{"rows":2,"created":2,"existing":0}`)
		default:
			io.WriteString(w, `{"features":1,"created":1,"existing":0,"ids":["zone_abc"]}`)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		args  []string
		code  int
		out   string
		path  string
		ctype string
	}{
		{[]string{"import-stix", "--node", srv.URL, "--token", "t1", write("b.json", `{"type":"bundle"}`)}, 0, "2 incidents: 2 created", "/api/v1/stix/bundles?dry_run=false", "application/stix+json"},
		{[]string{"import-zones", "--node", srv.URL, "--token", "t1", "--kind", "ceasefire_area", write("z.kml", `<kml/>`)}, 0, "zone_abc", "/api/v1/zones:import?dry_run=false&kind=ceasefire_area&mapping=", "application/vnd.google-earth.kml+xml"},
		{[]string{"import-zones", "--node", srv.URL, "--token", "t1", write("bad.geojson", `bad`)}, 1, "feature 1 (X): geometry/coordinates/0/2: ring 0 crosses itself", "/api/v1/zones:import?dry_run=false&mapping=", "application/geo+json"},
		{[]string{"import-zones", "--node", srv.URL, "--token", "t1", write("z.txt", `x`)}, 2, "", "", ""},
		{[]string{"import-zones", "--node", srv.URL, "--token", "t1", "--map", "colour=c", write("z2.kml", `x`)}, 2, "", "", ""},
		{[]string{"import-stix", "--node", srv.URL, write("c.json", `{}`)}, 2, "", "", ""},
	}
	for _, c := range cases {
		got = nil
		var out, errOut bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		code := Main(context.Background(), env, c.args)
		if code != c.code || !strings.Contains(out.String(), c.out) {
			t.Errorf("%v: exit %d, out %q, err %q; want exit %d and %q", c.args[:1], code, out.String(), errOut.String(), c.code, c.out)
		}
		if c.path == "" {
			if len(got) != 0 {
				t.Errorf("%v: a usage error sent a request", c.args)
			}
			continue
		}
		if len(got) != 1 || got[0].path != c.path || got[0].ctype != c.ctype || got[0].auth != "Bearer t1" {
			t.Errorf("%v: requests %+v; want one to %s as %s", c.args[:1], got, c.path, c.ctype)
		}
	}
}
