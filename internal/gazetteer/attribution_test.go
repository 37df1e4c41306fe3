package gazetteer

import (
	"strings"
	"testing"
)

func TestAttributionCreditsGeoNamesWithItsLicence(t *testing.T) {
	a := Attribution()
	for _, want := range []string{"GeoNames", "geonames.org", "CC BY 4.0", LicenseURL} {
		if !strings.Contains(a, want) {
			t.Errorf("attribution %q lacks %q", a, want)
		}
	}
}
