package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/deconflict"
)

// TrackNode is a node serving on a loopback port for the track ingestion
// figure, with a liaison token for each of the parties us, ru and un.
type TrackNode struct {
	App    *app.App
	Base   string
	Tokens map[string]string
	srv    *http.Server
}

// Close stops the node.
func (n *TrackNode) Close() {
	n.srv.Close()
	n.App.Close()
}

// StartTrackNode creates a node in dir (a new directory) whose airspace
// region has the given radius, with a rate limit high enough for the
// figure, and serves it on 127.0.0.1.
func StartTrackNode(ctx context.Context, dir string, radius float64) (*TrackNode, error) {
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "bench.truce.invalid/tracks",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "bench password 1"}); err != nil {
		return nil, err
	}
	cfg := &config.Server{Data: dir, CheckpointInterval: time.Second, RateLimit: 0, MaxBody: 8 << 20,
		Airspace: config.Airspace{CentreLat: trafficLat, CentreLon: trafficLon, RadiusKm: radius / 1e3}}
	a, err := app.Open(ctx, cfg, app.Options{})
	if err != nil {
		return nil, err
	}
	n := &TrackNode{App: a, Tokens: map[string]string{}}
	fail := func(err error) (*TrackNode, error) { a.Close(); return nil, err }
	for _, p := range []accounts.NewParty{{ID: "us", Name: "US", Kind: "military", CoChair: true}, {ID: "ru", Name: "RU", Kind: "military", CoChair: true}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			return fail(err)
		}
	}
	for _, party := range []string{"us", "ru", "un"} {
		u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: party + "-liaison", Party: party, Role: access.RoleLiaison,
			Password: "bench password " + party}, true)
		if err != nil {
			return fail(err)
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "bench", 0, true)
		if err != nil {
			return fail(err)
		}
		n.Tokens[party] = tok.Secret
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	n.srv = &http.Server{Handler: a.Handler()}
	go n.srv.Serve(ln)
	n.Base = "http://" + ln.Addr().String()
	return n, nil
}

// reportPrefixes returns, per report, its JSON up to the time value.
func reportPrefixes(reps []deconflict.TrackReport) [][]byte {
	out := make([][]byte, len(reps))
	for i, r := range reps {
		var b []byte
		b = append(b, `{"id":"`...)
		b = append(b, r.ID...)
		b = append(b, `","lat":`...)
		b = strconv.AppendFloat(b, r.Lat, 'f', 6, 64)
		b = append(b, `,"lon":`...)
		b = strconv.AppendFloat(b, r.Lon, 'f', 6, 64)
		b = append(b, `,"alt_ft":`...)
		b = strconv.AppendFloat(b, r.AltFt, 'f', 0, 64)
		b = append(b, `,"ground_speed_mps":`...)
		b = strconv.AppendFloat(b, r.GroundSpeedMS, 'f', 1, 64)
		b = append(b, `,"track_deg":`...)
		b = strconv.AppendFloat(b, r.TrackDeg, 'f', 1, 64)
		b = append(b, `,"time":"`...)
		out[i] = b
	}
	return out
}

// APITrackUpdates posts the reports of reps (each with its party's token)
// as batches of up to batch reports, from conc clients per party each
// owning a share of that party's tracks, stamped with the wall clock, for
// d (at least one request each). It returns the reports accepted per
// second and the requests sent.
func APITrackUpdates(ctx context.Context, n *TrackNode, reps []deconflict.TrackReport, batch, conc int, d time.Duration) (float64, int64, error) {
	byParty := map[string][]deconflict.TrackReport{}
	for _, r := range reps {
		byParty[r.Party] = append(byParty[r.Party], r)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var accepted, requests atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	deadline := time.Now().Add(d)
	start := time.Now()
	for party, prs := range byParty {
		for c := range conc {
			var mine []deconflict.TrackReport
			for i := c; i < len(prs); i += conc {
				mine = append(mine, prs[i])
			}
			pre := reportPrefixes(mine)
			token := n.Tokens[party]
			wg.Go(func() {
				var body bytes.Buffer
				for k := 0; k == 0 || time.Now().Before(deadline); { // at least one round
					body.Reset()
					body.WriteString(`{"reports":[`)
					ts := time.Now().UTC().Format(time.RFC3339Nano)
					for j := 0; j < batch && j < len(pre); j++ {
						if j > 0 {
							body.WriteByte(',')
						}
						body.Write(pre[k%len(pre)])
						body.WriteString(ts)
						body.WriteString(`"}`)
						k++
					}
					body.WriteString(`]}`)
					req, _ := http.NewRequestWithContext(ctx, "POST", n.Base+"/api/v1/tracks", bytes.NewReader(body.Bytes()))
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
					resp, err := client.Do(req)
					if err != nil {
						firstErr.CompareAndSwap(nil, err)
						return
					}
					var res struct{ Accepted int }
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						firstErr.CompareAndSwap(nil, fmt.Errorf("POST /api/v1/tracks: %s: %s", resp.Status, b))
						return
					}
					if _, err := fmt.Sscanf(string(b), `{"accepted":%d`, &res.Accepted); err != nil {
						firstErr.CompareAndSwap(nil, fmt.Errorf("answer %q: %w", b, err))
						return
					}
					accepted.Add(int64(res.Accepted))
					requests.Add(1)
				}
			})
		}
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return 0, 0, err
	}
	return float64(accepted.Load()) / time.Since(start).Seconds(), requests.Load(), nil
}
