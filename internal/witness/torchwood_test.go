package witness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// TestTorchwoodRequests replays the add-checkpoint requests of torchwood's
// own litewitness test (formatted by torchwood's test generator, see
// testdata/torchwood_requests.txt) against our witness, checking that it
// accepts what torchwood's client-side formatting sends and answers each
// request as the current C2SP tlog-witness requires.
func TestTorchwoodRequests(t *testing.T) {
	pub, _ := hex.DecodeString("ffdc2d4d98e4124d3feaf788c0c2f9abfd796083d1f0495437f302ec79cf100f")
	origin := fmt.Sprintf("sigsum.org/v1/tree/%x", sha256.Sum256(pub))
	vkey, err := note.NewEd25519VerifierKey(origin, pub)
	if err != nil {
		t.Fatal(err)
	}
	logVerifier, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("testdata/torchwood_requests.txt")
	if err != nil {
		t.Fatal(err)
	}
	reqs := parseRequestFile(t, string(data))
	if len(reqs) != 9 {
		t.Fatalf("%d requests in testdata, want 9", len(reqs))
	}
	e := newTestEnv(t)
	e.close()
	e.cfg.Logs = []Log{{Origin: origin, Keys: []string{vkey}}}
	e.open()
	wv, err := ParseCosignatureVerifier(e.w.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range reqs {
		code, _, body := e.post([]byte(r.body))
		if code != r.code {
			t.Fatalf("request %d: status %d %q, want %d", i, code, body, r.code)
		}
		if code == 409 {
			if want := strconv.FormatInt(e.state(origin).Size, 10) + "\n"; body != want {
				t.Errorf("request %d: 409 body %q, want %q", i, body, want)
			}
		}
		if code == 200 {
			req, err := ParseAddCheckpoint([]byte(r.body))
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := VerifyCosigned(append(req.Checkpoint, body...), logVerifier, []note.Verifier{wv}, 1); err != nil {
				t.Errorf("request %d: %v", i, err)
			}
		}
	}
	if st := e.state(origin); st.Size != 5 || st.Root.String() != "QrtXrQZCCvpIgsSmOsah7HdICzMLLyDfxToMql9WTjY=" {
		t.Errorf("final state %d %s, want 5 QrtX…", st.Size, st.Root)
	}
}

type fileRequest struct {
	code int
	body string
}

var requestHeader = regexp.MustCompile(`(?m)^-- (\d{3}) --\n`)

// parseRequestFile splits a file of "-- <status> --" headed request bodies;
// each body runs to the next header and ends with a newline.
func parseRequestFile(t *testing.T, data string) []fileRequest {
	t.Helper()
	var out []fileRequest
	locs := requestHeader.FindAllStringSubmatchIndex(data, -1)
	for i, loc := range locs {
		end := len(data)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		code, _ := strconv.Atoi(data[loc[2]:loc[3]])
		body := data[loc[1]:end]
		if !strings.HasSuffix(body, "\n") {
			t.Fatalf("request %d does not end in a newline", i)
		}
		out = append(out, fileRequest{code: code, body: body})
	}
	return out
}
