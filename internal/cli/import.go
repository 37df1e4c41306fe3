package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"truce/internal/incidents"
)

// runImport sends a CSV or GeoJSON file of incidents to a node's
// POST /api/v1/incidents:import and prints the report.
func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import", "--node URL --token TOKEN [flags] FILE", `
Imports incidents from a CSV file (with a header row) or a GeoJSON
FeatureCollection into a running node. Every row is validated before
anything is written; by default the import is all-or-nothing, and the report
names each bad row, column and reason. Importing the same file again creates
nothing new (rows are matched by external_id, or by their content).
Columns or properties are named as the fields (external_id, category,
time_start, time_end, time_precision, lon, lat, location, location_precision,
place_name, perpetrator, narrative, killed_min, killed_max, injured_min,
injured_max, casualty_group, casualty_source, source_name,
source_reliability, source_credibility, tlp, audience) or mapped with
--map field=column,…`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	token := fs.String("token", "", "API `token` of a reporter, analyst or liaison")
	mapping := fs.String("map", "", "column `mapping` field=column,…")
	format := fs.String("format", "", "csv or geojson (default: from the file name)")
	partial := fs.Bool("partial", false, "write the valid rows even if some are bad")
	dryRun := fs.Bool("dry-run", false, "validate and report without writing")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one FILE to import")
	}
	if *token == "" {
		return usagef("--token is required")
	}
	if _, err := incidents.ParseMapping(*mapping); err != nil {
		return usagef("%v", err)
	}
	path := fs.Arg(0)
	if *format == "" {
		*format = incidents.Format(filepath.Ext(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	q := url.Values{"format": {*format}, "mapping": {*mapping}, "partial": {fmt.Sprint(*partial)}, "dry_run": {fmt.Sprint(*dryRun)}}
	body := &progressReader{r: f, total: st.Size(), w: env.Stderr}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(*node, "/")+"/api/v1/incidents:import?"+q.Encode(), body)
	if err != nil {
		return err
	}
	req.ContentLength = st.Size()
	req.Header.Set("Authorization", "Bearer "+*token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if body.lastShown > 0 {
		fmt.Fprintln(env.Stderr)
	}
	var out struct {
		Detail string                  `json:"detail"`
		Report *incidents.ImportReport `json:"report"`
		incidents.ImportReport
	}
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("node answered %s: %s", resp.Status, raw)
	}
	if resp.StatusCode >= 300 && out.Report == nil { // refused before any row was read
		return fmt.Errorf("import refused (%s): %s", resp.Status, out.Detail)
	}
	rep := &out.ImportReport
	if out.Report != nil {
		rep = out.Report
	}
	slices.SortStableFunc(rep.Errors, func(a, b incidents.RowError) int { return a.Row - b.Row })
	for _, e := range rep.Errors {
		fmt.Fprintf(env.Stdout, "row %d, column %s: %s\n", e.Row, e.Column, e.Reason)
	}
	fmt.Fprintf(env.Stdout, "%d rows: %d created, %d already imported, %d invalid; written: %v\n",
		rep.Rows, rep.Created, rep.Existing, rep.Invalid, rep.Written)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("import refused (%s): %s", resp.Status, out.Detail)
	}
	return nil
}

// progressMinBytes is the size from which an upload's progress is shown.
const progressMinBytes = 1 << 20

// progressReader shows on w the progress of uploading a file of total
// bytes, when it is at least progressMinBytes: every 5%, then, once the
// whole file is sent, that the node is now validating and writing it.
type progressReader struct {
	r         io.Reader
	total     int64
	done      int64
	lastShown int64
	w         io.Writer
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	if p.total >= progressMinBytes && p.done > p.lastShown && (p.done-p.lastShown >= p.total/20 || p.done >= p.total) {
		p.lastShown = p.done
		fmt.Fprintf(p.w, "\rsent %d of %d bytes (%d%%)", p.done, p.total, p.done*100/p.total)
		if p.done >= p.total {
			fmt.Fprint(p.w, "; the node is validating and writing the rows")
		}
	}
	return n, err
}
