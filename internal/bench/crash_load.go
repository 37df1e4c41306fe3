package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Write is one write a node acknowledged (answered 2xx) during a crash
// campaign, with how to find it again: as User, GET Path must answer 200,
// and for an acknowledgement the notice there must list Party as
// acknowledged.
type Write struct {
	Kind  string // incident, message, flightplan, site, acknowledgement
	Path  string // where it is read back
	User  string // who reads it back
	Party string // for an acknowledgement: the party that acknowledged
}

// loadClient writes to and reads from one node over HTTP as the campaign's
// users.
type loadClient struct {
	base   string
	tokens map[string]string // user name -> API token
	http   *http.Client
}

// do sends method path as user with body as JSON and returns the status and
// the body read in full. A transport error (the node was killed) is an
// error: such a write was never acknowledged.
func (c *loadClient) do(ctx context.Context, method, path, user string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.tokens[user])
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err // cut off mid-answer: not acknowledged
	}
	return resp.StatusCode, out, nil
}

// create posts body and returns the new record's id once the node has
// acknowledged it with 201; any other answer is a *statusError.
func (c *loadClient) create(ctx context.Context, path, user string, body any) (string, error) {
	code, out, err := c.do(ctx, "POST", path, user, body)
	if err != nil {
		return "", err
	}
	if code != http.StatusCreated {
		return "", &statusError{code, fmt.Sprintf("POST %s as %s: %d %s", path, user, code, out)}
	}
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.ID == "" {
		return "", &statusError{code, fmt.Sprintf("POST %s as %s: no id in %s", path, user, out)}
	}
	return v.ID, nil
}

// check reports whether w is on the node: nil if it is, ErrLost wrapped if
// the node answers that it is not, another error if the node could not be
// asked.
func (c *loadClient) check(ctx context.Context, w Write) error {
	code, out, err := c.do(ctx, "GET", w.Path, w.User, nil)
	if err != nil {
		return err
	}
	if code == http.StatusNotFound {
		return fmt.Errorf("%s %s: %w", w.Kind, w.Path, ErrLost)
	}
	if code != http.StatusOK {
		return fmt.Errorf("GET %s as %s: %d %s", w.Path, w.User, code, out)
	}
	if w.Kind != "acknowledgement" {
		return nil
	}
	var n struct {
		Acks []struct{ Party, Status string } `json:"acknowledgements"`
	}
	if err := json.Unmarshal(out, &n); err != nil {
		return fmt.Errorf("GET %s: %w", w.Path, err)
	}
	for _, a := range n.Acks {
		if a.Party == w.Party && a.Status == "acknowledged" {
			return nil
		}
	}
	return fmt.Errorf("acknowledgement by %s of %s: %w", w.Party, w.Path, ErrLost)
}

// LoadOptions shape a mixed write load ([MixedLoad]).
type LoadOptions struct {
	Writers int // concurrent writing clients
	Tag     int // distinguishes the records of one load from another's
	// Outage makes the load ride out a database outage: a write refused
	// with a 5xx problem, or whose connection failed, is counted in
	// LoadResult.Refused and the writer goes on after a pause. Without
	// it, a 5xx answer is an error and a failed connection (the node was
	// killed) ends the writer.
	Outage bool
	// OnAck, if set, is called with each acknowledged write, from the
	// writing goroutines.
	OnAck func(Write)
}

// LoadResult is what a load achieved.
type LoadResult struct {
	Acked   []Write // writes the node acknowledged
	Refused int     // writes refused during an outage (LoadOptions.Outage)
	// RefusedStatus counts the refused writes by HTTP status, 0 for a
	// failed connection.
	RefusedStatus map[int]int
}

// MixedLoad writes to the node at base as the users of tokens (see
// [SetupNode]) until ctx ends: o.Writers goroutines of incidents, hotline
// messages, flight plans, protected sites and their acknowledgements by
// both co-chairs. It returns every write the node acknowledged. An answer
// the load does not expect (a 4xx: the load is valid input) is an error.
func MixedLoad(ctx context.Context, base string, tokens map[string]string, o LoadOptions) (LoadResult, error) {
	return mixedLoad(ctx, &loadClient{base: base, tokens: tokens, http: &http.Client{Timeout: 30 * time.Second}}, o)
}

// CheckWrites asks the node at base for each of ws and returns those it
// does not have; an error if it could not be asked.
func CheckWrites(ctx context.Context, base string, tokens map[string]string, ws []Write) ([]Write, error) {
	c := &loadClient{base: base, tokens: tokens, http: &http.Client{Timeout: 30 * time.Second}}
	var lost []Write
	for _, w := range ws {
		err := c.check(ctx, w)
		switch {
		case errors.Is(err, ErrLost):
			lost = append(lost, w)
		case err != nil:
			return lost, err
		}
	}
	return lost, nil
}

func mixedLoad(ctx context.Context, c *loadClient, o LoadOptions) (LoadResult, error) {
	var mu sync.Mutex
	res := LoadResult{RefusedStatus: map[int]int{}}
	var firstErr atomic.Value
	add := func(w Write) {
		mu.Lock()
		res.Acked = append(res.Acked, w)
		mu.Unlock()
		if o.OnAck != nil {
			o.OnAck(w)
		}
	}
	var wg sync.WaitGroup
	for g := range o.Writers {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				err := oneWrite(ctx, c, o.Tag, g, i, add)
				if err == nil || ctx.Err() != nil {
					continue
				}
				se := (*statusError)(nil)
				isStatus := errors.As(err, &se)
				if o.Outage && (!isStatus || se.code >= 500) {
					mu.Lock()
					res.Refused++
					if isStatus {
						res.RefusedStatus[se.code]++
					} else {
						res.RefusedStatus[0]++
					}
					mu.Unlock()
					select { // back off while the database is away
					case <-ctx.Done():
					case <-time.After(50 * time.Millisecond):
					}
					continue
				}
				if isStatus {
					firstErr.CompareAndSwap(nil, err)
				}
				return // the node is gone (killed) or refused valid input
			}
		})
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return res, err
	}
	return res, nil
}

// statusError is a write the node answered with an unexpected status.
type statusError struct {
	code int
	msg  string
}

func (e *statusError) Error() string { return e.msg }

// oneWrite makes write i of goroutine g, of a kind chosen by i and g so that
// every kind is written in every cycle.
func oneWrite(ctx context.Context, c *loadClient, cycle, g, i int, add func(Write)) error {
	tag := fmt.Sprintf("c%d-g%d-%d", cycle, g, i)
	lon, lat := 36.0+float64((cycle*7+g*3+i)%200)/100, 35.0+float64((cycle*5+g+i*3)%200)/100
	created := func(kind, coll, user string, body any) (string, error) {
		id, err := c.create(ctx, "/api/v1/"+coll, user, body)
		if err != nil {
			return "", err
		}
		add(Write{Kind: kind, Path: "/api/v1/" + coll + "/" + id, User: user})
		return id, nil
	}
	switch (g + i) % 4 {
	case 0:
		_, err := created("incident", "incidents", "us-reporter", map[string]any{"external_id": tag, "category": "shelling_missile",
			"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "location_precision": "1km",
			"narrative": "Crash campaign incident " + tag, "releasability": map[string]any{"tlp": "GREEN"},
			"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}})
		return err
	case 1:
		_, err := created("message", "messages", "us-liaison", map[string]any{"to": "ru", "subject": "Crash campaign " + tag})
		return err
	case 2:
		t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour + time.Duration(i%50)*time.Minute)
		user := []string{"us-liaison", "ru-liaison"}[g%2]
		_, err := created("flightplan", "flightplans", user, map[string]any{"callsign": "CR" + fmt.Sprint(g*1000+i%1000), "category": "fixed_wing",
			"waypoints": []map[string]any{
				{"lat": lat, "lon": lon, "alt_ft": 20000 + 1000*(i%10), "time": t0.Format(time.RFC3339)},
				{"lat": lat + 0.5, "lon": lon + 0.5, "alt_ft": 20000 + 1000*(i%10), "time": t0.Add(20 * time.Minute).Format(time.RFC3339)}}})
		return err
	default:
		id, err := created("site", "sites", "un-liaison", map[string]any{"kind": "hospital", "names": map[string]string{"en": "Hospital " + tag},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "buffer_m": 300,
			"parties": []string{"ru", "us"}, "releasability": map[string]any{"tlp": "AMBER"}})
		if err != nil {
			return err
		}
		for _, party := range []string{"us", "ru"} {
			path := "/api/v1/sites/" + id
			code, out, err := c.do(ctx, "POST", path+"/acknowledge", party+"-liaison", map[string]any{"version": 1})
			if err != nil {
				return err
			}
			if code != http.StatusOK {
				return &statusError{code, fmt.Sprintf("acknowledge %s as %s: %d %s", path, party, code, out)}
			}
			add(Write{Kind: "acknowledgement", Path: path, User: "un-liaison", Party: party})
		}
		return nil
	}
}
