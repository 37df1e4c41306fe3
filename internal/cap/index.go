package cap

import (
	"encoding/xml"
	"fmt"
	"time"

	"truce/internal/alerts"
)

// IndexEntry is one alert of an Atom index: the alert, when it last
// changed, and the URL of its CAP 1.2 document.
type IndexEntry struct {
	Alert   *alerts.Alert
	Updated time.Time
	CAPURL  string
}

// Index is an Atom index of CAP alerts, as CAP aggregators read alert
// sources: one entry per alert, each linking to its CAP document.
type Index struct {
	// ID is the feed's permanent IRI; Self and Next are its URL and that
	// of its next page ("" on the last page).
	ID, Self, Next string
	// Title names the feed (whose alerts, as which caller sees them).
	Title   string
	Entries []IndexEntry
}

type indexFeed struct {
	XMLName xml.Name     `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string       `xml:"id"`
	Title   string       `xml:"title"`
	Updated string       `xml:"updated"`
	Author  atomAuthor   `xml:"author"`
	Links   []atomLink   `xml:"link"`
	Entries []indexEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
}

type indexEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`
	Links      []atomLink     `xml:"link"`
}

// atomTime formats t as an Atom date (RFC 3339, UTC).
func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// EncodeIndex returns x as an Atom feed (RFC 4287, FeedContentType). Each
// entry's id is the CAP identifier of its alert (as Encode writes it with
// opts), its updated time the alert's last change, its alternate link the
// CAP document (type ContentType), and its categories the alert's CAP
// severity and TLP. The feed's updated time is its newest entry's (the
// Unix epoch for an empty feed), so an unchanged index encodes to the same
// bytes. It fails only on an alert whose raised time is malformed.
func EncodeIndex(x *Index, opts Options) ([]byte, error) {
	sender := clean(opts.Sender)
	if sender == "" {
		sender = "truce"
	}
	f := indexFeed{ID: x.ID, Title: x.Title, Author: atomAuthor{Name: sender}, Links: []atomLink{{Rel: "self", Type: FeedContentType, Href: x.Self}}}
	if x.Next != "" {
		f.Links = append(f.Links, atomLink{Rel: "next", Type: FeedContentType, Href: x.Next})
	}
	updated := time.Unix(0, 0)
	for _, e := range x.Entries {
		a := e.Alert
		raised, err := time.Parse(time.RFC3339Nano, a.Raised)
		if err != nil {
			return nil, fmt.Errorf("cap: index: alert %s: raised %q: %w", a.ID, a.Raised, err)
		}
		if e.Updated.After(updated) {
			updated = e.Updated
		}
		f.Entries = append(f.Entries, indexEntry{ID: "urn:truce:cap:" + clean(sender+"/alerts/"+a.ID), Title: truncate(a.Title, 160),
			Updated: atomTime(e.Updated), Published: atomTime(raised), Summary: a.Description,
			Categories: []atomCategory{{Term: severity(a.Severity), Scheme: "urn:oasis:names:tc:emergency:cap:1.2#severity"},
				{Term: "TLP:" + string(a.Release.TLP), Scheme: "https://www.first.org/tlp/"}},
			Links: []atomLink{{Rel: "alternate", Type: ContentType, Href: e.CAPURL}}})
	}
	f.Updated = atomTime(updated)
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, fmt.Errorf("cap: index: %w", err)
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
