package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/deconflict"
)

// APITrackStream sends the reports of reps over one NDJSON stream per
// party (POST /api/v1/tracks/stream), stamped with the wall clock, for d,
// and returns the reports accepted per second as the streams' end lines
// count them. It fails if any stream ends other than at its body's end or
// rejects a line.
func APITrackStream(ctx context.Context, n *TrackNode, reps []deconflict.TrackReport, d time.Duration) (float64, error) {
	byParty := map[string][]deconflict.TrackReport{}
	for _, r := range reps {
		byParty[r.Party] = append(byParty[r.Party], r)
	}
	var accepted atomic.Int64
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for party, prs := range byParty {
		pre := reportPrefixes(prs)
		token := n.Tokens[party]
		wg.Go(func() {
			pr, pw := io.Pipe()
			go func() { // the sender: rounds of every track, then the end of the body
				var buf bytes.Buffer
				for k := 0; time.Now().Before(deadline); {
					buf.Reset()
					ts := time.Now().UTC().Format(time.RFC3339Nano)
					for range 2000 {
						buf.Write(pre[k%len(pre)])
						buf.WriteString(ts)
						buf.WriteString("\"}\n")
						k++
					}
					if _, err := pw.Write(buf.Bytes()); err != nil {
						return
					}
				}
				pw.Close()
			}()
			req, _ := http.NewRequestWithContext(ctx, "POST", n.Base+"/api/v1/tracks/stream", pr)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/x-ndjson")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				pr.CloseWithError(err)
				fail(err)
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				var st struct {
					Type     string
					Accepted int64
					Rejected int64
					Status   int
					Reason   string
				}
				if err := json.Unmarshal(sc.Bytes(), &st); err != nil {
					fail(fmt.Errorf("status line %q: %w", sc.Bytes(), err))
					return
				}
				if st.Type == "end" {
					if st.Status != 200 || st.Rejected != 0 {
						fail(fmt.Errorf("stream of %s ended: %s", party, sc.Bytes()))
					}
					accepted.Add(st.Accepted)
					return
				}
			}
			fail(fmt.Errorf("stream of %s: no end line (%v)", party, sc.Err()))
		})
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(accepted.Load()) / time.Since(start).Seconds(), nil
}
