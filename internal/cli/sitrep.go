package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
)

func runSitrep(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "verify" {
		return runSitrepVerify(ctx, env, args[1:])
	}
	fs := newFlags(env, "sitrep", "[verify] --node URL [--token TOKEN] --date YYYY-MM-DD [--lang en|ru|ar] [--format html|json|pdf] [--zone ID] --out FILE", `
Fetches the daily situation report of a running node: the period of 24 hours
that ends at the node's cut-off (--sitrep-cutoff, in --sitrep-tz) on --date,
as the token's user may see it (without a token, the public's report, CLEAR
records only). Every figure and row cites its log entries, and the report
names the tree it was computed from. --out - writes to standard output.
'truce sitrep verify --help' checks an issued report against the log.`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	token := fs.String("token", "", "API `token` (none: the public's report)")
	date := fs.String("date", "", "the `day` whose cut-off ends the period, YYYY-MM-DD")
	lang := fs.String("lang", "en", "`language`: en, ru or ar")
	format := fs.String("format", "html", "`format`: html, json or pdf")
	zone := fs.String("zone", "", "limit the incidents to one zone `id`")
	out := fs.String("out", "", "write the report to `file` (- for standard output)")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *date == "" || *out == "" {
		return usagef("--date and --out are required")
	}
	q := url.Values{"date": {*date}, "lang": {*lang}, "format": {*format}}
	if *zone != "" {
		q.Set("zone", *zone)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(*node, "/")+"/api/v1/reports/sitrep?"+q.Encode(), nil)
	if err != nil {
		return err
	}
	if *token != "" {
		req.Header.Set("Authorization", "Bearer "+*token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("sitrep: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("sitrep: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var p struct{ Detail string }
		if json.Unmarshal(body, &p) == nil && p.Detail != "" {
			return fmt.Errorf("sitrep refused (%s): %s", resp.Status, p.Detail)
		}
		return fmt.Errorf("sitrep refused (%s)", resp.Status)
	}
	if *out == "-" {
		_, err = env.Stdout.Write(body)
		return err
	}
	if err := os.WriteFile(*out, body, 0o644); err != nil {
		return fmt.Errorf("sitrep: %w", err)
	}
	fmt.Fprintf(env.Stderr, "wrote %s (%d bytes)\n", *out, len(body))
	return nil
}
