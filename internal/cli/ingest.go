package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/sources"
	"truce/internal/sources/extract"
)

// ingestTimeout bounds the fetch of one URL given to truce ingest.
const ingestTimeout = 30 * time.Second

// runIngest sends texts, web pages and URLs to a node's POST
// /api/v1/sources, one per argument, and prints for each its source and
// drafts or why it was refused.
func runIngest(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "ingest", "--node URL --token TOKEN [flags] FILE|URL...", `
Submits open sources (wire reports, ministry statements, news items) to a
running node, which stores each content-addressed, logs it and proposes the
incidents it describes as drafts for review (GET /api/v1/drafts). Each
argument is a file (plain text, or a web page if it ends in .html or .htm or
looks like HTML) or an http(s) URL, fetched here (at most 8 MiB, 30 s) and
sent with that URL. A source already submitted by your party (same URL or
same content) is reported as such and not stored again. The language (en,
ru, ar) and publication date are taken from the text when not given. Each
item's result is printed as it is done; the command fails if any item was
refused, after trying them all.`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	token := fs.String("token", "", "API `token` of an analyst or reporter")
	publisher := fs.String("publisher", "", "who published the texts (a wire service, a ministry)")
	lang := fs.String("lang", "", "language of the texts: en, ru or ar (default: detect)")
	published := fs.String("published", "", "publication `date` (RFC 3339 or YYYY-MM-DD; default: the text's dateline)")
	tlp := fs.String("tlp", "AMBER", "TLP 2.0 `label` of the sources: CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
	audience := fs.String("audience", "", "comma-separated `parties` besides yours that may see them")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("give at least one FILE or URL to ingest")
	}
	if *token == "" {
		return usagef("--token is required")
	}
	rel := &access.Releasability{TLP: access.TLP(*tlp)}
	if *audience != "" {
		rel.Audience = strings.Split(*audience, ",")
	}
	if err := rel.Validate(nil); err != nil {
		return usagef("%v", err)
	}
	failed := 0
	for i, arg := range fs.Args() {
		in := sources.NewSource{Publisher: *publisher, Lang: *lang, Published: *published, Releasability: rel}
		prefix := fmt.Sprintf("[%d/%d] %s", i+1, fs.NArg(), arg)
		err := readSource(ctx, arg, &in)
		if err == nil {
			err = postSource(ctx, env, *node, *token, prefix, in)
		}
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "%s: %v\n", prefix, err)
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d items not ingested", failed, fs.NArg())
	}
	return nil
}

// readSource fills in's text or page from arg, a file or an http(s) URL.
func readSource(ctx context.Context, arg string, in *sources.NewSource) error {
	var body []byte
	isHTML := false
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
		ctx, cancel := context.WithTimeout(ctx, ingestTimeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, arg, nil)
		if err != nil {
			return fmt.Errorf("bad URL: %w", err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("fetch: %s", resp.Status)
		}
		if body, err = io.ReadAll(io.LimitReader(resp.Body, extract.MaxHTMLBytes+1)); err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		in.URL = arg
		isHTML = strings.Contains(resp.Header.Get("Content-Type"), "html")
	} else {
		f, err := os.Open(arg)
		if err != nil {
			return err
		}
		defer f.Close()
		if body, err = io.ReadAll(io.LimitReader(f, extract.MaxHTMLBytes+1)); err != nil {
			return err
		}
		ext := strings.ToLower(filepath.Ext(arg))
		isHTML = ext == ".html" || ext == ".htm"
	}
	if len(body) > extract.MaxHTMLBytes {
		return fmt.Errorf("larger than %d bytes; not sent", extract.MaxHTMLBytes)
	}
	if isHTML || strings.HasPrefix(http.DetectContentType(body), "text/html") {
		in.HTML = string(body)
	} else {
		in.Text = string(body)
	}
	return nil
}

// postSource submits in and prints the source and its drafts on stdout.
func postSource(ctx context.Context, env *Env, node, token, prefix string, in sources.NewSource) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(node, "/")+"/api/v1/sources", bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		var p struct {
			Detail string `json:"detail"`
		}
		if json.Unmarshal(raw, &p) != nil || p.Detail == "" {
			return fmt.Errorf("refused (%s)", resp.Status)
		}
		return fmt.Errorf("refused (%s): %s", resp.Status, p.Detail)
	}
	var src sources.Source
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("node answered %s: %w", resp.Status, err)
	}
	state := "stored"
	if resp.StatusCode == http.StatusOK {
		state = "already submitted"
	}
	fmt.Fprintf(env.Stdout, "%s: source %s %s (%s, published %s), %d drafts\n", prefix, src.ID, state, src.Lang, src.Published, len(src.Drafts))
	for _, d := range src.Drafts {
		place := ""
		if len(d.Proposal.Locations) > 0 {
			place = " at " + d.Proposal.Locations[0].Text
		}
		fmt.Fprintf(env.Stdout, "  draft %s: %s%s, %s\n", d.ID, d.Proposal.Category, place, d.Proposal.Time.Start.Format(time.DateOnly))
	}
	return nil
}
