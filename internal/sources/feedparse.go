package sources

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Item is one item of an RSS 2.0 or Atom 1.0 feed.
type Item struct {
	Title     string
	Link      string
	Body      string // description, summary or content, possibly HTML
	Published time.Time
}

// rss and atom are the parts of RSS 2.0 and Atom 1.0 documents read.
type rss struct {
	Channel struct {
		Title string `xml:"title"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			PubDate     string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atom struct {
	Title   string `xml:"title"`
	Entries []struct {
		Title string `xml:"title"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Summary   string `xml:"summary"`
		Content   string `xml:"content"`
		Published string `xml:"published"`
		Updated   string `xml:"updated"`
	} `xml:"entry"`
}

// ParseFeed reads an RSS 2.0 or Atom 1.0 document and returns its title
// and items in document order. It returns an error for anything else.
func ParseFeed(b []byte) (title string, items []Item, err error) {
	var root struct{ XMLName xml.Name }
	if err := xml.Unmarshal(b, &root); err != nil {
		return "", nil, fmt.Errorf("not a well-formed XML feed: %w", err)
	}
	switch root.XMLName.Local {
	case "rss":
		var f rss
		if err := xml.Unmarshal(b, &f); err != nil {
			return "", nil, fmt.Errorf("RSS: %w", err)
		}
		for _, it := range f.Channel.Items {
			body := it.Content
			if body == "" {
				body = it.Description
			}
			items = append(items, Item{Title: strings.TrimSpace(it.Title), Link: strings.TrimSpace(it.Link), Body: body,
				Published: parseFeedTime(it.PubDate)})
		}
		return strings.TrimSpace(f.Channel.Title), items, nil
	case "feed":
		var f atom
		if err := xml.Unmarshal(b, &f); err != nil {
			return "", nil, fmt.Errorf("Atom: %w", err)
		}
		for _, e := range f.Entries {
			it := Item{Title: strings.TrimSpace(e.Title), Body: e.Content, Published: parseFeedTime(e.Published)}
			if it.Body == "" {
				it.Body = e.Summary
			}
			if it.Published.IsZero() {
				it.Published = parseFeedTime(e.Updated)
			}
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					it.Link = strings.TrimSpace(l.Href)
					break
				}
			}
			items = append(items, it)
		}
		return strings.TrimSpace(f.Title), items, nil
	}
	return "", nil, fmt.Errorf("the document is <%s>, neither an RSS <rss> nor an Atom <feed>", root.XMLName.Local)
}

// parseFeedTime reads the dates feeds use (RFC 1123 with or without a
// numeric zone, RFC 3339); zero if none matches.
func parseFeedTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC3339, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
