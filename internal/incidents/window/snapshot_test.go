package window

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/testseed"
)

// snapshotGrid returns a grid of n random rows (points, some wide spans,
// releasabilities with none, an empty and a named audience, some rows
// replaced), with its order built and rows put since.
func snapshotGrid(rng *rand.Rand, n int) *Grid {
	rels := []access.Releasability{
		{TLP: access.TLPClear},
		{TLP: access.TLPAmber, Audience: []string{}},
		{TLP: access.TLPAmber, Audience: []string{"un", "us"}},
		{TLP: access.TLPRed, Audience: []string{"ru"}},
	}
	g := New(0)
	put := func(k int) {
		in, lon, lat := gridIncident(k, rels[rng.IntN(len(rels))])
		lon += rng.Float64() * 0.1
		maxLon := lon
		if rng.IntN(20) == 0 {
			maxLon += 3 // meets more than indexMaxSpan cells: wide
		}
		in.Perpetrator = []incidents.Perpetrator{{Kind: "unknown"}, {Kind: "party", Party: "ru"}, {Kind: "group", Group: "g1"}}[rng.IntN(3)]
		g.Put(in, lon, lat, maxLon, lat)
	}
	for k := range n {
		put(k)
	}
	g.BuildOrder()
	for range n / 10 {
		put(rng.IntN(n + n/10)) // replaced or added after the order was built
	}
	return g
}

// randomGridWindow returns a random window over the rows of gridIncident.
func randomGridWindow(rng *rand.Rand) *incidents.Filter {
	x := 36 + rng.Float64()*4
	from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(300*24)) * time.Hour)
	to := from.Add(time.Duration(1+rng.IntN(60)) * 24 * time.Hour)
	return &incidents.Filter{BBox: &orb.Bound{Min: orb.Point{x, 32.9}, Max: orb.Point{x + rng.Float64(), 33.2}},
		From: &from, To: &to, Brief: true, Limit: 1 + rng.IntN(300)}
}

// sameAnswers fails t unless a and b answer the same random windows and
// newest-first pages alike, for viewers inside and outside the audiences.
func sameAnswers(t *testing.T, rng *rand.Rand, a, b *Grid) {
	t.Helper()
	for k := range 300 {
		f := randomGridWindow(rng)
		viewer := []string{"us", "ru", "un", "sy"}[k%4]
		qa, oka := a.Compile(f, viewer)
		qb, okb := b.Compile(f, viewer)
		if oka != okb {
			t.Fatalf("window %d, %s: compiled %v and %v", k, viewer, oka, okb)
		}
		if !oka {
			continue
		}
		ra, _ := a.Search(qa)
		rb, _ := b.Search(qb)
		if !reflect.DeepEqual(ra, rb) {
			t.Fatalf("window %d, %s: %d and %d rows differ", k, viewer, len(ra), len(rb))
		}
		if viewer == "sy" && len(ra) > 0 {
			for _, in := range ra {
				if !in.Release.VisibleTo("sy") {
					t.Fatalf("window %d: %s listed to sy, outside its audience", k, in.ID)
				}
			}
		}
		na, _ := a.Newest(qa, 1<<30)
		nb, _ := b.Newest(qb, 1<<30)
		if !reflect.DeepEqual(na, nb) {
			t.Fatalf("window %d, %s: newest %d and %d rows differ", k, viewer, len(na), len(nb))
		}
	}
}

// TestGridEncodeDecode checks that a decoded grid answers as the grid
// encoded, and keeps doing so after the same puts on both.
func TestGridEncodeDecode(t *testing.T) {
	rng := rand.New(rand.NewPCG(testseed.Seed(t), 1))
	g := snapshotGrid(rng, 3000)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Decode(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != g.Len() || d.Cells() != g.Cells() || d.Wide() != g.Wide() || !d.OrderBuilt() {
		t.Fatalf("decoded %d rows, %d cells, %d wide; encoded %d, %d, %d", d.Len(), d.Cells(), d.Wide(), g.Len(), g.Cells(), g.Wide())
	}
	sameAnswers(t, rng, g, d)
	// The same puts on both (new rows, replaced rows, new values).
	for k := range 500 {
		in, lon, lat := gridIncident(rng.IntN(4000), access.Releasability{TLP: access.TLPRed, Audience: []string{"sy", fmt.Sprint(k % 3)}})
		in.Status = incidents.StatusConfirmed
		g.Put(in, lon, lat, lon, lat)
		d.Put(in, lon, lat, lon, lat)
	}
	sameAnswers(t, rng, g, d)
}

// TestGridDecodeRefusesDamage checks that a cut or changed encoding is
// refused with an error (never a panic, never a grid that a query could
// read out of range), and another layout with ErrEncoding.
func TestGridDecodeRefusesDamage(t *testing.T) {
	rng := rand.New(rand.NewPCG(testseed.Seed(t), 2))
	g := snapshotGrid(rng, 300)
	var buf bytes.Buffer
	if err := g.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	enc := buf.Bytes()
	for _, cut := range []int{0, 5, len(encodingMagic) + 3, len(enc) / 3, len(enc) / 2, len(enc) - 1} {
		if _, err := Decode(bytes.NewReader(enc[:cut]), int64(cut)); err == nil {
			t.Fatalf("cut at %d of %d: decoded", cut, len(enc))
		}
	}
	other := bytes.Clone(enc)
	other[len(encodingMagic)] ^= 0xff // the row size
	if _, err := Decode(bytes.NewReader(other), int64(len(other))); !errors.Is(err, ErrEncoding) {
		t.Fatalf("another row size: %v, want ErrEncoding", err)
	}
	// Damaged bytes anywhere: an error or a grid whose every reference
	// holds (the snapshot's checksum catches what this cannot).
	for range 200 {
		bad := bytes.Clone(enc)
		bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
		d, err := Decode(bytes.NewReader(bad), int64(len(bad)))
		if err != nil {
			continue
		}
		q, ok := d.Compile(everywhere(1000), "us")
		if ok {
			d.Search(q)
			d.Newest(q, 1<<30)
		}
	}
}
