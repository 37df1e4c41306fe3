package api

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// importMediaTypes are the media types a file of each import format may be
// sent as. A body sent as anything else (text/plain, a form) is refused
// with 415, even when format= names the format.
var importMediaTypes = map[string][]string{
	"geojson": {"application/geo+json", "application/json"},
	"kml":     {"application/vnd.google-earth.kml+xml", "application/xml", "text/xml"},
	"csv":     {"text/csv"},
	"stix":    {"application/stix+json", "application/json"},
}

// unsupportedMedia is a body of a media type the route does not take (415).
type unsupportedMedia struct{ got, want string }

func (e *unsupportedMedia) Error() string {
	return fmt.Sprintf("Content-Type %q is not accepted here; send %s", e.got, e.want)
}

// checkImportMediaType returns an *unsupportedMedia unless r has no
// Content-Type (then format= says what the body is) or one of format's
// media types (importMediaTypes).
func checkImportMediaType(r *http.Request, format string) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	want := importMediaTypes[format]
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || !slices.Contains(want, mt) {
		return &unsupportedMedia{got: ct, want: strings.Join(want, " or ")}
	}
	return nil
}
