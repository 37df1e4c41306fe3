package stix

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"truce/internal/strictjson"
)

// Limits bound what ReadBundle accepts.
type Limits struct {
	// MaxBytes is the largest bundle, in bytes.
	MaxBytes int64
	// MaxObjects is the most objects a bundle may hold.
	MaxObjects int
}

// DefaultLimits are the limits of the API and the CLI.
var DefaultLimits = Limits{MaxBytes: 32 << 20, MaxObjects: 200_000}

// maxReported is the most object errors a BundleError lists.
const maxReported = 100

// ObjectError names a bad object of a bundle (by id, or by index when it
// has no usable id), the property at fault and what is wrong.
type ObjectError struct {
	Object string `json:"object"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// String formats the error as "<object> <field>: <reason>".
func (e ObjectError) String() string {
	if e.Field == "" {
		return e.Object + ": " + e.Reason
	}
	return e.Object + " " + e.Field + ": " + e.Reason
}

// BundleError is a bundle that is not acceptable: its Errors name each bad
// object (at most 100; Truncated says some were left out).
type BundleError struct {
	Errors    []ObjectError
	Truncated bool
}

// Error lists the first three bad objects.
func (e *BundleError) Error() string {
	parts := make([]string, 0, 3)
	for i, o := range e.Errors {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Errors)-3))
			break
		}
		parts = append(parts, o.String())
	}
	return "stix: bad bundle: " + strings.Join(parts, "; ")
}

func (e *BundleError) add(object, field, format string, args ...any) {
	if len(e.Errors) >= maxReported {
		e.Truncated = true
		return
	}
	e.Errors = append(e.Errors, ObjectError{Object: object, Field: field, Reason: fmt.Sprintf(format, args...)})
}

// TooLargeError is a bundle over Limits.MaxBytes.
type TooLargeError struct{ Limit int64 }

// Error says the limit and what to do.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("stix: bundle is larger than %d bytes; split it", e.Limit)
}

// Object is one object of a bundle read by ReadBundle: its common
// properties and its full JSON.
type Object struct {
	rawObject
	JSON json.RawMessage
}

// Bundle is a parsed STIX bundle. Objects keep the bundle's order; when an
// id occurs more than once, only its latest version (by modified) is kept.
type Bundle struct {
	ID      string
	Objects []*Object
	byID    map[string]*Object
}

// Get returns the object with id, if the bundle holds it.
func (b *Bundle) Get(id string) (*Object, bool) {
	o, ok := b.byID[id]
	return o, ok
}

// ReadBundle reads a STIX 2.1 bundle from r. It returns a *TooLargeError
// over lim.MaxBytes, and a *BundleError that names every object without a
// valid type, id (matching its type) or spec_version "2.1" (SCOs may omit
// it); anything that is not a bundle at all is a *BundleError on the
// bundle itself. It does not interpret the objects.
func ReadBundle(r io.Reader, lim Limits) (*Bundle, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("stix: read bundle: %w", err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, &TooLargeError{Limit: lim.MaxBytes}
	}
	var top struct {
		Type    *string           `json:"type"`
		ID      string            `json:"id"`
		Objects []json.RawMessage `json:"objects"`
	}
	be := &BundleError{}
	if err := strictjson.Unmarshal(data, &top); err != nil {
		be.add("bundle", jsonField(err), "is not a STIX bundle: %s", jsonProblem(err))
		return nil, be
	}
	switch {
	case top.Type == nil || *top.Type != "bundle":
		be.add("bundle", "type", `must be "bundle"`)
	case !ValidID(top.ID, "bundle"):
		be.add("bundle", "id", "%q is not a bundle id (bundle--<uuid>)", top.ID)
	case len(top.Objects) > lim.MaxObjects:
		be.add("bundle", "objects", "holds %d objects; at most %d are accepted, split the bundle", len(top.Objects), lim.MaxObjects)
	}
	if len(be.Errors) > 0 {
		return nil, be
	}
	b := &Bundle{ID: top.ID, byID: map[string]*Object{}}
	for i, raw := range top.Objects {
		o := &Object{JSON: raw}
		name := fmt.Sprintf("objects[%d]", i)
		if err := strictjson.UnmarshalOpen(raw, &o.rawObject); err != nil {
			be.add(name, jsonField(err), "is not a STIX object: %s", jsonProblem(err))
			continue
		}
		if !ValidID(o.ID, "") {
			be.add(name, "id", "%q is not a STIX id (<type>--<uuid>)", o.ID)
			continue
		}
		if !strings.HasPrefix(o.ID, o.Type+"--") {
			be.add(o.ID, "type", "%q does not match the id's type", o.Type)
			continue
		}
		if o.SpecVersion != SpecVersion && (o.SpecVersion != "" || !isSCO(o.Type)) {
			be.add(o.ID, "spec_version", "%q is not 2.1", o.SpecVersion)
			continue
		}
		if prev, ok := b.byID[o.ID]; ok {
			if o.Modified > prev.Modified {
				*prev = *o
			}
			continue
		}
		b.byID[o.ID] = o
		b.Objects = append(b.Objects, o)
	}
	if len(be.Errors) > 0 {
		return nil, be
	}
	return b, nil
}

// isSCO reports whether typ is a cyber-observable type, for which
// spec_version is optional. truce reads none of them; it only tolerates
// them.
func isSCO(typ string) bool {
	switch typ {
	case "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
		"ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
		"user-account", "windows-registry-key", "x509-certificate":
		return true
	}
	return false
}

// jsonProblem describes a strictjson error without Go type names.
func jsonProblem(err error) string {
	if e, ok := strictjson.AsError(err); ok {
		return e.Reason
	}
	return "unreadable JSON"
}

// jsonField is the JSON pointer (without its leading slash) of the member
// a strictjson error is about, or "".
func jsonField(err error) string {
	if e, ok := strictjson.AsError(err); ok {
		return strings.TrimPrefix(e.Pointer, "/")
	}
	return ""
}
