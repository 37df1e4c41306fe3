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
	"strings"

	"truce/internal/zones"
)

// runImportSTIX sends a STIX 2.1 bundle to a node's POST
// /api/v1/stix/bundles and prints the report.
func runImportSTIX(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import-stix", "--node URL --token TOKEN [--dry-run] BUNDLE.json", `
Imports the incident objects of a STIX 2.1 bundle into a running node as
incident reports of the token's party: locations (located-at), notes as
sources, TLP 2.0 markings as releasability. Every object is checked before
anything is written; an incident without a TLP marking is refused. Importing
the same bundle again creates nothing new.`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	token := fs.String("token", "", "API `token` of a reporter, analyst or liaison")
	dryRun := fs.Bool("dry-run", false, "validate and report without writing")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *token == "" {
		return usagef("give --token and one BUNDLE file")
	}
	q := url.Values{"dry_run": {fmt.Sprint(*dryRun)}}
	out, status, err := postFile(ctx, env, *node+"/api/v1/stix/bundles?"+q.Encode(), *token, "application/stix+json", fs.Arg(0))
	if err != nil {
		return err
	}
	var rep struct {
		Detail  string                           `json:"detail"`
		Errors  []struct{ Field, Reason string } `json:"errors"`
		Rows    int                              `json:"rows"`
		Created int                              `json:"created"`
		Exist   int                              `json:"existing"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		return fmt.Errorf("node answered %d: %s", status, out)
	}
	for _, e := range rep.Errors {
		fmt.Fprintf(env.Stdout, "%s: %s\n", e.Field, e.Reason)
	}
	if status >= 300 {
		return fmt.Errorf("import refused (%d): %s", status, rep.Detail)
	}
	fmt.Fprintf(env.Stdout, "%d incidents: %d created, %d already imported\n", rep.Rows, rep.Created, rep.Exist)
	return nil
}

// runImportZones sends a KML or GeoJSON file to a node's POST
// /api/v1/zones:import and prints the report.
func runImportZones(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "import-zones", "--node URL --token TOKEN [flags] FILE.kml|FILE.geojson", `
Proposes zones from a KML 2.2 file (Placemarks with a Polygon or a
MultiGeometry of Polygons) or a GeoJSON file (FeatureCollection, Feature,
Polygon, MultiPolygon), as a liaison of a co-chair party. Properties come from
KML ExtendedData or GeoJSON properties named name, kind, name_ru, name_ar,
effective_from, effective_until, note, external_id (or mapped with --map).
Every zone is validated first (errors name the feature, ring and vertex);
all-or-nothing; importing the same file again creates nothing new.`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	token := fs.String("token", "", "API `token` of a co-chair liaison")
	mapping := fs.String("map", "", "property `mapping` field=property,…")
	format := fs.String("format", "", "kml or geojson (default: from the file name)")
	kind := fs.String("kind", "", "`kind` of zones whose feature names none")
	from := fs.String("effective-from", "", "effective `time` (RFC 3339) of zones whose feature names none")
	dryRun := fs.Bool("dry-run", false, "validate and report without writing")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *token == "" {
		return usagef("give --token and one FILE")
	}
	if _, err := zones.ParseMapping(*mapping); err != nil {
		return usagef("%v", err)
	}
	if *format == "" {
		*format = zones.ImportFormat(filepath.Ext(fs.Arg(0)))
	}
	ctype := map[string]string{"kml": "application/vnd.google-earth.kml+xml", "geojson": "application/geo+json"}[*format]
	if ctype == "" {
		return usagef("say --format kml or --format geojson")
	}
	q := url.Values{"mapping": {*mapping}, "dry_run": {fmt.Sprint(*dryRun)}}
	if *kind != "" {
		q.Set("kind", *kind)
	}
	if *from != "" {
		q.Set("effective_from", *from)
	}
	out, status, err := postFile(ctx, env, *node+"/api/v1/zones:import?"+q.Encode(), *token, ctype, fs.Arg(0))
	if err != nil {
		return err
	}
	var body struct {
		Detail string                           `json:"detail"`
		Errors []struct{ Field, Reason string } `json:"errors"`
		zones.ImportReport
	}
	if err := json.Unmarshal(out, &body); err != nil {
		return fmt.Errorf("node answered %d: %s", status, out)
	}
	if status >= 300 {
		for _, e := range body.Errors {
			fmt.Fprintf(env.Stdout, "%s: %s\n", e.Field, e.Reason)
		}
		return fmt.Errorf("import refused (%d): %s", status, body.Detail)
	}
	fmt.Fprintf(env.Stdout, "%d features: %d zones created, %d already imported\n", body.Features, body.Created, body.Existing)
	for _, id := range body.IDs {
		fmt.Fprintln(env.Stdout, id)
	}
	return nil
}

// postFile POSTs a file with token and returns the answer's body and status.
func postFile(ctx context.Context, env *Env, target, token, ctype, path string) ([]byte, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		return nil, 0, usagef("--node must be an http:// or https:// URL")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, &progressReader{r: f, total: st.Size(), w: env.Stderr})
	if err != nil {
		return nil, 0, err
	}
	req.ContentLength = st.Size()
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", ctype)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	return out, resp.StatusCode, err
}
