package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"truce/internal/api"
)

// streamLine is one status line of a track stream's response.
type streamLine struct {
	Type     string `json:"type"`
	Lines    int    `json:"lines"`
	Accepted int    `json:"accepted"`
	Stale    int    `json:"stale"`
	Rejected int    `json:"rejected"`
	Errors   []struct {
		Line   int    `json:"line"`
		Status int    `json:"status"`
		Field  string `json:"field"`
		Detail string `json:"detail"`
	} `json:"errors"`
	Status int    `json:"status"`
	Reason string `json:"reason"`
}

// trackStream is an open POST /api/v1/tracks/stream: the test writes lines
// to w and reads status lines from status (closed at the response's end).
type trackStream struct {
	w      *io.PipeWriter
	status chan streamLine
	code   int
	body   string
}

// streamServer restarts n with short stream limits and serves its handler
// with a 300 ms read timeout (shorter than the streams the tests send).
func streamServer(t *testing.T, n *testNode) *httptest.Server {
	t.Helper()
	n.opts.TrackStream = api.TrackStreamLimits{Idle: 700 * time.Millisecond, AckEvery: 50 * time.Millisecond}
	n.restart()
	srv := httptest.NewUnstartedServer(n.app.Handler())
	srv.Config.ReadTimeout = 300 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func openTrackStream(t *testing.T, srv *httptest.Server, token string) *trackStream {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/tracks/stream", pr)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ts := &trackStream{w: pw, status: make(chan streamLine, 1000), code: resp.StatusCode}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		pw.Close()
		ts.body = string(b)
		close(ts.status)
		return ts
	}
	go func() {
		defer close(ts.status)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var l streamLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Errorf("status line %q: %v", sc.Text(), err)
				return
			}
			ts.status <- l
		}
	}()
	t.Cleanup(func() { pw.Close() })
	return ts
}

// end reads status lines until the end line and returns it with the acks.
func (ts *trackStream) end(t *testing.T) (streamLine, []streamLine) {
	t.Helper()
	var acks []streamLine
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-ts.status:
			if !ok {
				t.Fatalf("response ended without an end line after %d acks", len(acks))
			}
			if l.Type == "end" {
				return l, acks
			}
			acks = append(acks, l)
		case <-timeout:
			t.Fatal("no end line within 20 s")
		}
	}
}

func reportLine(id string, lon float64, at time.Time) []byte {
	b, _ := json.Marshal(report(id, 35.0, lon, 10000, at, 100, 45))
	return append(b, '\n')
}

// TestTrackStreamOutlastsMaxBodyAndReadTimeout sends a stream longer than
// --max-body (1 MiB) over longer than the server's read timeout, and checks
// that acknowledgements arrive while it goes on.
func TestTrackStreamOutlastsMaxBodyAndReadTimeout(t *testing.T) {
	n := newTestNode(t)
	srv := streamServer(t, n)
	ts := openTrackStream(t, srv, n.tokens["us-liaison"])
	if ts.code != 200 {
		t.Fatalf("open: %d %s", ts.code, ts.body)
	}
	now := time.Now().UTC()
	const rounds, perRound = 8, 1500
	sent := 0
	for round := range rounds {
		var buf bytes.Buffer
		for i := range perRound {
			buf.Write(reportLine(fmt.Sprintf("us-%d", i%50), 37.0+float64(i%50)*0.01, now.Add(time.Duration(round*perRound+i)*time.Millisecond)))
		}
		sent += buf.Len()
		if _, err := ts.w.Write(buf.Bytes()); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if round == 0 { // an acknowledgement arrives while the stream is open
			select {
			case l := <-ts.status:
				if l.Type != "ack" || l.Accepted == 0 {
					t.Fatalf("first status line: %+v", l)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no acknowledgement while streaming")
			}
		}
		time.Sleep(150 * time.Millisecond) // 8 × 150 ms outlasts the 300 ms read timeout
	}
	if sent <= 1<<20 {
		t.Fatalf("sent %d bytes, not more than --max-body", sent)
	}
	ts.w.Close()
	end, acks := ts.end(t)
	if end.Status != 200 || end.Lines != rounds*perRound || end.Accepted != rounds*perRound || end.Rejected != 0 {
		t.Fatalf("end: %+v", end)
	}
	if len(acks) == 0 {
		t.Fatal("no acknowledgements after the first")
	}
	if got := len(n.app.Flights.Tracks(n.principal("us-liaison"))); got != 50 {
		t.Fatalf("%d live tracks, want 50", got)
	}
}

// TestTrackStreamRejectsBadLinesAndGoesOn checks the per-line contract:
// malformed, invalid and other parties' lines are reported by number and
// change nothing; the lines around them land.
func TestTrackStreamRejectsBadLinesAndGoesOn(t *testing.T) {
	n := newTestNode(t)
	srv := streamServer(t, n)
	now := time.Now().UTC()
	ts := openTrackStream(t, srv, n.tokens["us-liaison"])
	body := string(reportLine("good-1", 37.0, now)) +
		"{\"id\":\n" +
		`{"id":"ru-x","party":"ru","lat":35,"lon":37,"alt_ft":1000,"time":"` + now.Format(time.RFC3339) + `"}` + "\n" +
		`{"id":"bad-lat","lat":135,"lon":37,"alt_ft":1000,"time":"` + now.Format(time.RFC3339) + `"}` + "\n" +
		"\n" +
		string(reportLine("good-2", 37.1, now))
	if _, err := io.WriteString(ts.w, body); err != nil {
		t.Fatal(err)
	}
	ts.w.Close()
	end, acks := ts.end(t)
	if end.Status != 200 || end.Lines != 6 || end.Accepted != 2 || end.Rejected != 3 {
		t.Fatalf("end: %+v", end)
	}
	var errs []string
	for _, l := range append(acks, end) {
		for _, e := range l.Errors {
			errs = append(errs, fmt.Sprintf("%d:%d:%s", e.Line, e.Status, e.Field))
		}
	}
	if got := strings.Join(errs, " "); got != "2:400: 3:403:party 4:422:lat" {
		t.Fatalf("rejected lines %q", got)
	}
	var ids []string
	for _, tr := range n.app.Flights.Tracks(n.principal("us-liaison")) {
		ids = append(ids, tr.ID)
	}
	if strings.Join(ids, ",") != "good-1,good-2" {
		t.Fatalf("live tracks %v", ids)
	}
}

// TestTrackStreamEnds covers the ways a stream ends other than its body's
// end, and who may open one.
func TestTrackStreamEnds(t *testing.T) {
	n := newTestNode(t)
	srv := streamServer(t, n)
	now := time.Now().UTC()

	t.Run("overlong line", func(t *testing.T) {
		ts := openTrackStream(t, srv, n.tokens["us-liaison"])
		huge := `{"id":"h","lat":35,"lon":37,"alt_ft":1000,"time":"` + now.Format(time.RFC3339) + `","x":"` + strings.Repeat("x", 5000) + `"}` + "\n"
		go func() {
			_, _ = io.WriteString(ts.w, string(reportLine("before", 37.0, now))+huge+string(reportLine("after", 37.0, now)))
		}()
		end, _ := ts.end(t)
		if end.Status != 413 || !strings.Contains(end.Reason, "line 2 is longer than 4096 bytes") || end.Accepted != 1 {
			t.Fatalf("end: %+v", end)
		}
	})
	t.Run("streams one after another after a clean end", func(t *testing.T) {
		// Each stream closes its connection when it ends (reusing it raced
		// net/http's background read), so the client opens a new one each time.
		for i := range 3 {
			ts := openTrackStream(t, srv, n.tokens["us-liaison"])
			if _, err := ts.w.Write(reportLine(fmt.Sprintf("keep-%d", i), 37.0, now)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond) // let the server reach the body's end before the next stream
			ts.w.Close()
			if end, _ := ts.end(t); end.Status != 200 || end.Accepted != 1 {
				t.Fatalf("stream %d: end %+v", i, end)
			}
		}
	})
	t.Run("idle", func(t *testing.T) {
		ts := openTrackStream(t, srv, n.tokens["us-liaison"])
		if _, err := ts.w.Write(reportLine("idle-1", 37.0, now)); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		end, _ := ts.end(t) // the pipe stays open: nothing more is sent
		if end.Status != 408 || end.Accepted != 1 || !strings.Contains(end.Reason, "no line for 700ms") {
			t.Fatalf("end: %+v", end)
		}
		if d := time.Since(start); d < 500*time.Millisecond {
			t.Fatalf("closed after %v, before the idle timeout", d)
		}
	})
	for _, tc := range []struct {
		name, token string
		code        int
	}{{"anonymous", "", 401}, {"observer", n.tokens["us-observer"], 403}} {
		t.Run(tc.name, func(t *testing.T) {
			ts := openTrackStream(t, srv, tc.token)
			if ts.code != tc.code || !strings.Contains(ts.body, `"status":`) {
				t.Fatalf("%d %s", ts.code, ts.body)
			}
		})
	}
	t.Run("content type", func(t *testing.T) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/tracks/stream", strings.NewReader("x\n"))
		req.Header.Set("Authorization", "Bearer "+n.tokens["us-liaison"])
		req.Header.Set("Content-Type", "text/csv")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("text/csv: %d", resp.StatusCode)
		}
	})
}
