package cap

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/cap/captest"
	"truce/internal/notify"
)

// sampleFeed is ru's feed: a site as first notified, a site updated, a
// movement with a reported position and a withdrawn site.
func sampleFeed() *notify.Feed {
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "un", "us"}}
	site := func(id string, version int, seq, first int64, name string) notify.Notice {
		return notify.Notice{ID: id, Type: notify.TypeSite, Party: "un", Version: version, Status: notify.StatusActive,
			Release: rel, Notified: "2016-09-19T08:00:00Z", Updated: "2016-09-19T09:30:00.5Z", ValidUntil: "2016-12-18T08:00:00Z",
			Seq: seq, FirstSeq: first, Site: &notify.Site{Kind: "hospital", Names: map[string]string{"en": name, "ar": "مستشفى"},
				Location: json.RawMessage(`{"type":"Point","coordinates":[37.1573,36.2021]}`), BufferM: 300}}
	}
	first := site("site_first", 1, 10, 10, "M10 hospital <east> & co")
	first.Updated = first.Notified
	updated := site("site_updated", 2, 31, 12, "Al-Quds hospital")
	withdrawn := site("site_gone", 2, 40, 14, "Old school")
	withdrawn.Status, withdrawn.Cancelled, withdrawn.CancelReason = notify.StatusCancelled, "2016-09-20T10:00:00Z", "closed"
	mov := notify.Notice{ID: "mov_1", Type: notify.TypeMovement, Party: "un", Version: 1, Status: notify.StatusActive,
		Release: rel, Notified: "2016-09-19T08:00:00Z", Updated: "2016-09-19T08:00:00Z", ValidUntil: "2016-09-21T18:00:00Z",
		Seq: 20, FirstSeq: 20, Movement: &notify.Movement{Route: json.RawMessage(`{"type":"LineString","coordinates":[[37.0,36.0],[37.1,36.1],[37.1,36.1],[37.2,36.05]]}`),
			CorridorM: 1000, Window: notify.Window{Start: "2016-09-21T06:00:00Z", End: "2016-09-21T18:00:00Z"}, Vehicles: 31,
			Cargo: "food", Origin: "Bab al-Hawa", Destination: "Aleppo"}}
	return &notify.Feed{Party: "ru", Version: 55, Notices: []notify.Notice{first, updated, mov}, Withdrawn: []notify.Notice{withdrawn},
		Positions: map[string]notify.Position{"mov_1": {Movement: "mov_1", Time: "2016-09-21T07:15:00Z", Lat: 36.05, Lon: 37.05, Seq: 52}}}
}

// TestEncodeFeedIsValidCAP checks that every alert of a feed is valid CAP
// 1.2 (xmllint against the OASIS schema), that each notice has the
// message type its history gives it and that the feed matches its golden
// file.
func TestEncodeFeedIsValidCAP(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is missing: apt-get install libxml2-utils (scripts/test installs it)")
	}
	out, err := EncodeFeed(sampleFeed(), Options{Sender: "demo.truce.invalid/centre", Web: "https://centre.example"})
	if err != nil {
		t.Fatal(err)
	}
	alerts, err := captest.SplitFeed(out)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ msgType, identifier, references string }{
		{"Alert", "demo.truce.invalid/centre/notify/site_first/1-10", ""},
		{"Update", "demo.truce.invalid/centre/notify/site_updated/2-31", "demo.truce.invalid/centre,demo.truce.invalid/centre/notify/site_updated/1-12,2016-09-19T08:00:00+00:00"},
		{"Update", "demo.truce.invalid/centre/notify/mov_1/1-52", "demo.truce.invalid/centre,demo.truce.invalid/centre/notify/mov_1/1-20,2016-09-19T08:00:00+00:00"},
		{"Cancel", "demo.truce.invalid/centre/notify/site_gone/2-40", "demo.truce.invalid/centre,demo.truce.invalid/centre/notify/site_gone/1-14,2016-09-19T08:00:00+00:00"},
	}
	if len(alerts) != len(want) {
		t.Fatalf("%d alerts, want %d:\n%s", len(alerts), len(want), out)
	}
	for i, a := range alerts {
		captest.Validate(t, a)
		var d struct {
			MsgType    string `xml:"msgType"`
			Identifier string `xml:"identifier"`
			References string `xml:"references"`
		}
		if err := xml.Unmarshal(a, &d); err != nil {
			t.Fatal(err)
		}
		if d.MsgType != want[i].msgType || d.Identifier != want[i].identifier || d.References != want[i].references {
			t.Errorf("alert %d: %+v, want %+v", i, d, want[i])
		}
	}
	if !bytes.Contains(alerts[2], []byte("latest reported position")) || !bytes.Contains(alerts[2], []byte("36.050000,37.050000")) {
		t.Errorf("the movement's alert lacks its position:\n%s", alerts[2])
	}
	if !bytes.Contains(alerts[3], []byte("<responseType>None</responseType>")) || bytes.Contains(alerts[3], []byte("AllClear")) {
		t.Errorf("a withdrawal must not read as all clear:\n%s", alerts[3])
	}
	golden := filepath.Join("testdata", "feed_ru.golden.xml")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if g, err := os.ReadFile(golden); err != nil || !bytes.Equal(g, out) {
		t.Fatalf("feed differs from %s (%v; run go test -update):\n%s", golden, err, out)
	}
}

// TestEncodeFeedIsStable checks that an unchanged feed encodes to the same
// bytes (its ETag and signature depend on it), and an empty one encodes.
func TestEncodeFeedIsStable(t *testing.T) {
	a, _ := EncodeFeed(sampleFeed(), Options{Sender: "s"})
	b, _ := EncodeFeed(sampleFeed(), Options{Sender: "s"})
	if !bytes.Equal(a, b) {
		t.Fatal("two encodings of one feed differ")
	}
	empty, err := EncodeFeed(&notify.Feed{Party: "xx"}, Options{Sender: "s"})
	if err != nil || !strings.Contains(string(empty), ">xx</party>") {
		t.Fatalf("empty feed: %v\n%s", err, empty)
	}
	if as, err := captest.SplitFeed(empty); err != nil || len(as) != 0 {
		t.Fatalf("empty feed split into %d alerts: %v", len(as), err)
	}
}

func TestEncodeFeedRejectsBadNotices(t *testing.T) {
	for name, spoil := range map[string]func(f *notify.Feed){
		"time":     func(f *notify.Feed) { f.Notices[0].Updated = "yesterday" },
		"location": func(f *notify.Feed) { f.Notices[0].Site.Location = json.RawMessage(`"here"`) },
		"window":   func(f *notify.Feed) { f.Notices[2].Movement.Window.Start = "soon" },
		"empty":    func(f *notify.Feed) { f.Notices[0].Site = nil },
	} {
		f := sampleFeed()
		spoil(f)
		if _, err := EncodeFeed(f, Options{}); err == nil {
			t.Errorf("%s: a malformed notice was encoded", name)
		}
	}
}
