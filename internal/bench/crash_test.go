package bench

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCrashCheckFindsLostWrites checks the campaign's oracle: a record the
// node no longer has, or an acknowledgement missing from its notice, is
// reported as lost; a node that fails to answer is an error, not a loss.
func TestCrashCheckFindsLostWrites(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/incidents/inc_here":
			w.Write([]byte(`{"id":"inc_here"}`))
		case "/api/v1/sites/site_1":
			w.Write([]byte(`{"id":"site_1","acknowledgements":[{"party":"us","status":"acknowledged"},{"party":"ru","status":"pending"}]}`))
		case "/api/v1/broken":
			http.Error(w, "boom", 500)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := &loadClient{base: srv.URL, tokens: map[string]string{}, http: srv.Client()}
	for _, tc := range []struct {
		w          Write
		lost, fail bool
	}{
		{Write{Kind: "incident", Path: "/api/v1/incidents/inc_here"}, false, false},
		{Write{Kind: "incident", Path: "/api/v1/incidents/inc_gone"}, true, false},
		{Write{Kind: "acknowledgement", Path: "/api/v1/sites/site_1", Party: "us"}, false, false},
		{Write{Kind: "acknowledgement", Path: "/api/v1/sites/site_1", Party: "ru"}, true, false},
		{Write{Kind: "message", Path: "/api/v1/broken"}, false, true},
	} {
		err := c.check(context.Background(), tc.w)
		if lost := errors.Is(err, ErrLost); lost != tc.lost || (err != nil && !lost) != tc.fail {
			t.Errorf("check %+v: %v; want lost %v, failure %v", tc.w, err, tc.lost, tc.fail)
		}
	}
}
