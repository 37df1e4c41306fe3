package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// Recorded is what a node answered to one GET, kept to be served again by a
// Ceiling: the path asked, the content type and the bytes of the body.
type Recorded struct {
	Path        string
	ContentType string
	Body        []byte
}

// Record asks the node at base for each of paths with token (none when
// empty) and returns its answers. Every answer must be 200 OK; the first
// other status or transport error is returned.
func Record(ctx context.Context, base, token string, paths []string) ([]Recorded, error) {
	out := make([]Recorded, 0, len(paths))
	for _, p := range paths {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
		if err != nil {
			return nil, fmt.Errorf("bench: record %s: %w", p, err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("bench: record %s: %w", p, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("bench: record %s: %w", p, err)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("bench: record %s: %s: %.200s", p, resp.Status, body)
		}
		out = append(out, Recorded{Path: p, ContentType: resp.Header.Get("Content-Type"), Body: body})
	}
	return out, nil
}

// Ceiling is a plain net/http server on a loopback port that serves recorded
// answers from memory by request URI (404 for any other): the most a Go HTTP
// server can do on this machine for the same bytes, the baseline of the API
// read figures.
type Ceiling struct {
	// URL is the server's base, http://127.0.0.1:port.
	URL string
	srv *http.Server
	wg  sync.WaitGroup
}

// StartCeiling serves recs on a fresh loopback port until Close.
func StartCeiling(recs []Recorded) (*Ceiling, error) {
	byURI := make(map[string]Recorded, len(recs))
	for _, r := range recs {
		byURI[r.Path] = r
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: ceiling: %w", err)
	}
	c := &Ceiling{URL: "http://" + ln.Addr().String()}
	c.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec, ok := byURI[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", rec.ContentType)
		w.Write(rec.Body)
	}), ReadHeaderTimeout: 10 * time.Second}
	c.wg.Go(func() { c.srv.Serve(ln) })
	return c, nil
}

// Close stops the server and waits for it.
func (c *Ceiling) Close() {
	c.srv.Close()
	c.wg.Wait()
}

// PathsOf returns a path function for APIReads that picks one of recs'
// paths at random.
func PathsOf(recs []Recorded) func(*rand.Rand) string {
	return func(r *rand.Rand) string { return recs[r.IntN(len(recs))].Path }
}
