package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/cap"
	"truce/internal/fault"
	"truce/internal/notify"
)

// FeedSignatureHeader carries the node's detached signature of a party's
// notification feed: the standard base64 of a C2SP signed note, signed by
// the node's log key (GET /log/key), whose text is FeedNoteText.
const FeedSignatureHeader = "Truce-Feed-Signature"

// FeedNoteText returns the text of the signed note that vouches for a feed
// body: four lines naming what it is, the party, the feed's version and
// the SHA-256 of the exact body bytes. A party's system checks the note's
// signature with the node's verifier key and then that every line matches
// what it was served.
func FeedNoteText(party string, version int64, body []byte) string {
	sum := sha256.Sum256(body)
	return fmt.Sprintf("truce notify feed v1\n%s\n%d\nsha256:%s\n", party, version, hex.EncodeToString(sum[:]))
}

// feedDoc is the feed as a GeoJSON FeatureCollection (RFC 7946) with
// foreign members naming its party and version.
type feedDoc struct {
	Type     string        `json:"type"`
	Party    string        `json:"party"`
	Version  int64         `json:"version"`
	Features []feedFeature `json:"features"`
}

type feedFeature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties feedProps       `json:"properties"`
}

// feedProps are what a party's systems need to spare a site or movement;
// the receipts of other parties and the read audit are not in the feed.
type feedProps struct {
	Type       notify.Type       `json:"type"`
	Notifier   string            `json:"notifier"`
	Version    int               `json:"version"`
	Seq        int64             `json:"seq"`
	ValidUntil string            `json:"valid_until,omitempty"`
	Kind       notify.SiteKind   `json:"kind,omitempty"`
	Names      map[string]string `json:"names,omitempty"`
	BufferM    float64           `json:"buffer_m,omitempty"`
	Window     *notify.Window    `json:"window,omitempty"`
	CorridorM  float64           `json:"corridor_m,omitempty"`
	Vehicles   int               `json:"vehicles,omitempty"`
	// Position is a movement's latest reported position, if any.
	Position *notify.Position `json:"position,omitempty"`
}

func feedFeatureOf(n notify.Notice, positions map[string]notify.Position) feedFeature {
	f := feedFeature{Type: "Feature", ID: n.ID, Properties: feedProps{
		Type: n.Type, Notifier: n.Party, Version: n.Version, Seq: n.Seq, ValidUntil: n.ValidUntil,
	}}
	if s := n.Site; s != nil {
		f.Geometry = s.Location
		f.Properties.Kind, f.Properties.Names, f.Properties.BufferM = s.Kind, s.Names, s.BufferM
	}
	if m := n.Movement; m != nil {
		w := m.Window
		f.Geometry = m.Route
		f.Properties.Window, f.Properties.CorridorM, f.Properties.Vehicles = &w, m.CorridorM, m.Vehicles
		if p, ok := positions[n.ID]; ok {
			f.Properties.Position = &p
		}
	}
	return f
}

// feedFormat returns the form of the feed r asks for: "cap" for
// ?format=cap or an Accept naming application/cap+xml or
// application/atom+xml, "geojson" for ?format=geojson or anything else.
// An unknown format is a 400 problem.
func feedFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "cap", "geojson":
		return f, nil
	case "":
	default:
		return "", &fault.BadRequestError{Msg: fmt.Sprintf("format %q is not one of geojson, cap", f), Field: "format",
			Reason: "use geojson or cap"}
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && (mt == cap.ContentType || mt == cap.FeedContentType) {
			return "cap", nil
		}
	}
	return "geojson", nil
}

// feedBody encodes feed in format: the GeoJSON FeatureCollection or the
// Atom feed of CAP alerts; it returns the body and its media type.
func (s *Server) feedBody(feed *notify.Feed, format string) ([]byte, string, error) {
	if format == "cap" {
		body, err := cap.EncodeFeed(feed, cap.Options{Sender: s.deps.CAPSender})
		if err != nil {
			return nil, "", fmt.Errorf("api: feed of %s as CAP: %w", feed.Party, err)
		}
		return body, cap.FeedContentType, nil
	}
	doc := feedDoc{Type: "FeatureCollection", Party: feed.Party, Version: feed.Version, Features: []feedFeature{}}
	for _, n := range feed.Notices {
		doc.Features = append(doc.Features, feedFeatureOf(n, feed.Positions))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, "", fmt.Errorf("api: encode feed of %s: %w", feed.Party, err)
	}
	return buf.Bytes(), "application/geo+json", nil
}

// notifyFeed serves GET /api/v1/notify/feed: the caller's own party's
// feed as GeoJSON or, asked for (feedFormat), as an Atom feed of CAP 1.2
// alerts; either form signed the same way (FeedSignatureHeader), with a
// strong ETag of its body; a matching If-None-Match gets 304 with the same
// ETag and signature. Every pull is recorded (notify.Service.Feed), and
// every notice served in the read audit.
func (s *Server) notifyFeed(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	format, err := feedFormat(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	feed, err := s.deps.Notify.Feed(r.Context(), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	body, contentType, err := s.feedBody(feed, format)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	signed, err := note.Sign(&note.Note{Text: FeedNoteText(feed.Party, feed.Version, body)}, s.deps.FeedSigner)
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api: sign feed of %s: %w", feed.Party, err))
		return
	}
	sum := sha256.Sum256(body)
	setDigestETag(w, hex.EncodeToString(sum[:]))
	w.Header().Set(FeedSignatureHeader, base64.StdEncoding.EncodeToString(signed))
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Header().Set("Vary", "Accept")
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, w.Header().Get("ETag")) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for _, n := range feed.Notices {
		s.deps.Auditor.Record(p, n.Party, n.Release, string(n.Type), n.ID, "feed")
	}
	if format == "cap" {
		for _, n := range feed.Withdrawn {
			s.deps.Auditor.Record(p, n.Party, n.Release, string(n.Type), n.ID, "feed")
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		s.log.DebugContext(r.Context(), "notify feed: write", "party", feed.Party, "err", err)
	}
}
