package cap

import (
	"encoding/xml"
	"fmt"
	"math"
	"strings"

	"truce/internal/notify"
)

// FeedContentType is the media type of a party's notification feed in its
// CAP form: an Atom feed (RFC 4287) whose entries each carry one CAP 1.2
// alert inline.
const FeedContentType = "application/atom+xml"

// FeedNamespace is the namespace of the Atom extension elements that name
// the feed's party and version.
const FeedNamespace = "urn:truce:notify-feed:1"

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Party   atomExt     `xml:"urn:truce:notify-feed:1 party"`
	Version atomExt     `xml:"urn:truce:notify-feed:1 version"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomExt struct {
	Value string `xml:",chardata"`
}

type atomEntry struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Content atomContent `xml:"content"`
}

type atomContent struct {
	Type  string    `xml:"type,attr"`
	Alert *document `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
}

// EncodeFeed returns party feed f in its CAP form: an Atom feed
// (FeedContentType) with one entry per notice, each carrying that
// notice's CAP 1.2 alert (the sites in force and movements in their
// window as Alert or Update, the recently withdrawn as Cancel), in the
// feed's order. The feed's party and version are the extension elements
// party and version (FeedNamespace). The output depends only on f and
// opts, so that an unchanged feed encodes to the same bytes. It fails
// only on a notice with malformed times or geometry.
func EncodeFeed(f *notify.Feed, opts Options) ([]byte, error) {
	sender := clean(opts.Sender)
	if sender == "" {
		sender = "truce"
	}
	doc := atomFeed{
		ID:      fmt.Sprintf("urn:truce:notify-feed:%s:%s", sender, clean(f.Party)),
		Title:   fmt.Sprintf("truce notification feed of party %s", f.Party),
		Updated: "1970-01-01T00:00:00+00:00",
		Author:  atomAuthor{Name: sender},
		Party:   atomExt{f.Party},
		Version: atomExt{fmt.Sprint(f.Version)},
	}
	add := func(n *notify.Notice, withdrawn bool) error {
		var pos *notify.Position
		if p, ok := f.Positions[n.ID]; ok && !withdrawn {
			pos = &p
		}
		a, err := noticeAlert(n, pos, withdrawn, opts, sender)
		if err != nil {
			return err
		}
		doc.Entries = append(doc.Entries, atomEntry{ID: "urn:truce:cap:" + a.Identifier, Title: a.Info.Headline,
			Updated: a.Sent, Content: atomContent{Type: ContentType, Alert: a}})
		// CAP times share one offset (+00:00), so they compare as text.
		if a.Sent > doc.Updated {
			doc.Updated = a.Sent
		}
		return nil
	}
	for i := range f.Notices {
		if err := add(&f.Notices[i], false); err != nil {
			return nil, err
		}
	}
	for i := range f.Withdrawn {
		if err := add(&f.Withdrawn[i], true); err != nil {
			return nil, err
		}
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("cap: feed of %s: %w", f.Party, err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// metresPerDegree is the length of a degree of latitude (and of longitude
// at the equator) on the spherical Earth, close enough at corridor scale.
const metresPerDegree = 111_320.0

// corridor returns the CAP area of a route's corridor, halfWidthM either
// side: a polygon around each segment and a circle at each vertex, whose
// union is the corridor. Offsets are computed in a local equirectangular
// plane at each segment's mean latitude.
func corridor(route [][2]float64, halfWidthM float64) area {
	a := area{Desc: fmt.Sprintf("route of the movement and %.0f m either side", halfWidthM)}
	for i, v := range route {
		a.Circles = append(a.Circles, circle(v[1], v[0], halfWidthM))
		if i == 0 {
			continue
		}
		u := route[i-1]
		cosLat := math.Cos((u[1] + v[1]) / 2 * math.Pi / 180)
		dx, dy := (v[0]-u[0])*cosLat*metresPerDegree, (v[1]-u[1])*metresPerDegree
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue // a repeated vertex: its circle covers it
		}
		// The unit normal, scaled to the half width, back in degrees.
		nLon, nLat := -dy/l*halfWidthM/(cosLat*metresPerDegree), dx/l*halfWidthM/metresPerDegree
		ring := [][2]float64{{u[1] + nLat, u[0] + nLon}, {v[1] + nLat, v[0] + nLon}, {v[1] - nLat, v[0] - nLon},
			{u[1] - nLat, u[0] - nLon}, {u[1] + nLat, u[0] + nLon}}
		pairs := make([]string, len(ring))
		for j, p := range ring {
			pairs[j] = fmt.Sprintf("%.6f,%.6f", p[0], p[1])
		}
		a.Polygons = append(a.Polygons, strings.Join(pairs, " "))
	}
	return a
}
