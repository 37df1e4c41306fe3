package stix

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadBundle checks that any input is either read and mapped, or
// refused with a *BundleError or *TooLargeError; never a panic, and a
// mapped bundle yields one external id per row.
func FuzzReadBundle(f *testing.F) {
	f.Add([]byte(`{"type":"bundle","id":"bundle--0a7c1e52-36a9-4b7c-9f4e-1f1f3c1b2a00","objects":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBundle(bytes.NewReader(data), Limits{MaxBytes: 1 << 20, MaxObjects: 1000})
		var be *BundleError
		var big *TooLargeError
		if err != nil {
			if !errors.As(err, &be) && !errors.As(err, &big) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		im, err := Incidents(b)
		if err != nil {
			if !errors.As(err, &be) || len(be.Errors) == 0 {
				t.Fatalf("Incidents: %v", err)
			}
			return
		}
		for k, r := range im.Rows {
			if r.Row != k+1 || r.Incident.ExternalID != im.Objects[k] {
				t.Fatalf("row %d: %+v", k+1, r)
			}
		}
	})
}
