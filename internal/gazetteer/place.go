// Package gazetteer finds places in Syria and its neighbours (SY, LB, JO, IQ,
// TR, IL, PS, CY) by name, offline, from a GeoNames extract embedded in the
// binary.
//
// Search is tolerant of the many ways Arabic place names are written in Latin
// script: it folds case and diacritics, drops the Arabic article (al-, el-,
// ash-, az-, …) and apostrophes or ʿayn/hamza marks, and, at a lower rank,
// folds common vowel and consonant variants (Deir/Dayr, Zor/Zawr, q/k, kh/h,
// a final -ah/-eh). It matches the Arabic and Cyrillic names GeoNames lists
// too, and falls back to edit distance for longer queries.
//
// The data is GeoNames (CC BY 4.0, attribution required) with governorate
// label points from Natural Earth (public domain); see data/LICENSE and
// Attribution. internal/gazetteer/gen rebuilds data/places.tsv.gz.
package gazetteer

// Location precision vocabulary shared with incidents: how far a point
// derived from a place may be from where the event actually happened.
const (
	PrecisionExact       = "exact"
	Precision1km         = "1km"
	Precision5km         = "5km"
	PrecisionTown        = "town"
	PrecisionDistrict    = "district"
	PrecisionGovernorate = "governorate"
)

// Place is one gazetteer entry. Lat and Lon are WGS 84 degrees. ID is the
// GeoNames id, stable across GeoNames releases. NameAR and NameRU are empty
// when GeoNames has no Arabic or Russian name for the place. Admin1 is the
// name of the first-level division (governorate, province) the place lies in,
// empty if unknown.
type Place struct {
	ID           int     `json:"id"`
	Name         string  `json:"name"`
	ASCIIName    string  `json:"ascii_name"`
	NameAR       string  `json:"name_ar,omitempty"`
	NameRU       string  `json:"name_ru,omitempty"`
	Country      string  `json:"country"`
	Admin1       string  `json:"admin1,omitempty"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	FeatureClass string  `json:"feature_class"`
	FeatureCode  string  `json:"feature_code"`
	Population   int     `json:"population"`
	// Precision is the location precision a point taken from this place
	// deserves: PrecisionTown for populated places, PrecisionDistrict for
	// second- to fourth-level divisions, PrecisionGovernorate for first-level
	// divisions and countries.
	Precision string `json:"precision"`
}

// PrecisionFor returns the location precision a point taken from a GeoNames
// feature of the given class and code deserves (see Place.Precision). Codes
// it does not know get PrecisionDistrict for class A and PrecisionTown
// otherwise.
func PrecisionFor(featureClass, featureCode string) string {
	switch featureCode {
	case "ADM1", "ADM1H", "PCLI", "PCLD", "PCLS", "PCLF", "PCL", "TERR":
		return PrecisionGovernorate
	case "ADM2", "ADM2H", "ADM3", "ADM3H", "ADM4", "ADM4H", "ADMD":
		return PrecisionDistrict
	}
	if featureClass == "A" {
		return PrecisionDistrict
	}
	return PrecisionTown
}

// LicenseURL is the licence of the GeoNames data: CC BY 4.0.
const LicenseURL = "https://creativecommons.org/licenses/by/4.0/"

// Attribution returns the credit line GeoNames' CC BY 4.0 licence requires
// wherever places from this gazetteer are shown: the source, the licence
// and a link to it (LicenseURL).
func Attribution() string {
	return "Place names: GeoNames (geonames.org), licensed under CC BY 4.0 (" + LicenseURL + "); " +
		"governorate label points: Natural Earth (public domain)."
}
