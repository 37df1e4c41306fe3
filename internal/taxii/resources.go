package taxii

import (
	"encoding/json"
	"time"
)

// MediaType is the media type of every TAXII 2.1 resource truce serves
// and of the envelopes it accepts.
const MediaType = "application/taxii+json;version=2.1"

// STIXMediaType is the media type of the collection's objects.
const STIXMediaType = "application/stix+json;version=2.1"

// timestampLayout formats TAXII timestamps: RFC 3339 in UTC with
// microseconds, as the specification recommends for date_added.
const timestampLayout = "2006-01-02T15:04:05.000000Z"

// Timestamp formats t as a TAXII timestamp.
func Timestamp(t time.Time) string { return t.UTC().Format(timestampLayout) }

// Discovery is the discovery resource (TAXII 2.1 section 4.1.1).
type Discovery struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Default     string   `json:"default,omitempty"`
	APIRoots    []string `json:"api_roots"`
}

// APIRoot is the API root resource (section 4.2.1).
type APIRoot struct {
	Title            string   `json:"title"`
	Description      string   `json:"description,omitempty"`
	Versions         []string `json:"versions"`
	MaxContentLength int64    `json:"max_content_length"`
}

// Collection is the collection resource (section 5.2.1). CanWrite is
// computed for the caller.
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types"`
}

// Collections is the collections resource (section 5.1.1).
type Collections struct {
	Collections []Collection `json:"collections"`
}

// Envelope is the envelope resource (section 3.7): a page of objects.
// More is true exactly when another page holds objects the caller may
// see; Next is then the cursor to send as ?next=.
type Envelope struct {
	More    bool              `json:"more"`
	Next    string            `json:"next,omitempty"`
	Objects []json.RawMessage `json:"objects"`
}

// ManifestRecord describes one object of a collection (section 5.3.1).
type ManifestRecord struct {
	ID        string `json:"id"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
	MediaType string `json:"media_type"`
}

// Manifest is the manifest resource (section 5.3.1), paged as Envelope.
type Manifest struct {
	More    bool             `json:"more"`
	Next    string           `json:"next,omitempty"`
	Objects []ManifestRecord `json:"objects"`
}

// Versions is the versions resource (section 5.7.1).
type Versions struct {
	More     bool     `json:"more"`
	Next     string   `json:"next,omitempty"`
	Versions []string `json:"versions"`
}

// StatusDetail names one object of a POST (section 4.3.1).
type StatusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// Status is the status resource of a POST of objects (section 4.3.1).
// truce imports an envelope before it answers, so its status is always
// "complete".
type Status struct {
	ID               string         `json:"id"`
	Status           string         `json:"status"`
	RequestTimestamp string         `json:"request_timestamp"`
	TotalCount       int            `json:"total_count"`
	SuccessCount     int            `json:"success_count"`
	Successes        []StatusDetail `json:"successes"`
	FailureCount     int            `json:"failure_count"`
	Failures         []StatusDetail `json:"failures"`
	PendingCount     int            `json:"pending_count"`
	Pendings         []StatusDetail `json:"pendings"`
}

// Error is the TAXII error message (section 3.6.1) with the members of an
// RFC 9457 problem beside it (status and detail), so that a TAXII client
// and a client of truce's API both read it.
type Error struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status"`
	Status      int    `json:"status"`
	Detail      string `json:"detail,omitempty"`
	Details     any    `json:"details,omitempty"`
}
