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
		return "", &statusError{fmt.Sprintf("POST %s as %s: %d %s", path, user, code, out)}
	}
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.ID == "" {
		return "", &statusError{fmt.Sprintf("POST %s as %s: no id in %s", path, user, out)}
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

// mixedLoad runs writers goroutines of mixed writes (incidents, hotline
// messages, flight plans, protected sites and their acknowledgements by
// both co-chairs) against c until ctx ends or the node stops answering, and
// returns every write the node acknowledged. Any answer but a success or a
// dropped connection is an error: the load is valid input.
func mixedLoad(ctx context.Context, c *loadClient, writers int, cycle int) ([]Write, error) {
	var mu sync.Mutex
	var acked []Write
	var firstErr atomic.Value
	add := func(w Write) {
		mu.Lock()
		acked = append(acked, w)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				err := oneWrite(ctx, c, cycle, g, i, add)
				if err == nil {
					continue
				}
				if se := (*statusError)(nil); errors.As(err, &se) && ctx.Err() == nil {
					firstErr.CompareAndSwap(nil, err)
				}
				return // the node is gone (killed) or refused valid input
			}
		})
	}
	wg.Wait()
	if err, _ := firstErr.Load().(error); err != nil {
		return acked, err
	}
	return acked, nil
}

// statusError is a write the node answered with an unexpected status.
type statusError struct{ msg string }

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
				return &statusError{fmt.Sprintf("acknowledge %s as %s: %d %s", path, party, code, out)}
			}
			add(Write{Kind: "acknowledgement", Path: path, User: "un-liaison", Party: party})
		}
		return nil
	}
}
