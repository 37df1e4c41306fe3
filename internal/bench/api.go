package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// APIReads measures GET requests/s and latency against a node at base with
// conc concurrent keep-alive clients for d, each request reading path(i),
// as the bearer of token (the public when token is empty).
func APIReads(ctx context.Context, base, token string, conc int, d time.Duration, path func(r *rand.Rand) string) (rate float64, p50, p99 time.Duration, err error) {
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()
	deadline := time.Now().Add(d)
	var mu sync.Mutex
	var lat []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	start := time.Now()
	for w := range conc {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				req, _ := http.NewRequestWithContext(ctx, "GET", base+path(r), nil)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						err = fmt.Errorf("GET %s: %s", req.URL.Path, resp.Status)
					}
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if firstErr != nil {
		return 0, 0, 0, firstErr
	}
	return float64(len(lat)) / time.Since(start).Seconds(), Percentile(lat, 50), Percentile(lat, 99), nil
}
