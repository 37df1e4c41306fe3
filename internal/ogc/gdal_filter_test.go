package ogc_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestGDALSendsFiltersToTheServer: GDAL 3.6 speaks the Part 3 draft
// (filter-lang=cql-text, queryables as {"queryables":[{"id":…}]}); with
// both understood, an attribute filter in ogrinfo goes to the server as a
// CQL2 filter instead of GDAL downloading every feature to filter them
// itself, and it selects exactly what the API selects.
func TestGDALSendsFiltersToTheServer(t *testing.T) {
	n := newNode(t)
	src := "OAPIF:" + n.srv.URL + "/ogc"
	env := []string{"CPL_DEBUG=ON", "GDAL_HTTP_HEADERS=Authorization: Bearer " + n.tokens["us-liaison"]}
	out := gdalWith(t, env, "ogrinfo", "-ro", "-al", "-so", "-where", "category = 'shelling_missile'", src, "incidents")
	fetch := regexp.MustCompile(`Fetch\((\S+/ogc/collections/incidents/items\?\S+)\)`)
	sent := false
	for _, m := range fetch.FindAllStringSubmatch(out, -1) {
		u, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		if q := u.Query(); q.Get("filter-lang") == "cql-text" && strings.Contains(q.Get("filter"), "shelling_missile") {
			sent = true
		}
	}
	if !sent || strings.Contains(out, "Full filter will be evaluated on client side") {
		t.Fatalf("GDAL did not send the filter to the server:\n%s", out)
	}
	want := len(n.allItems("/ogc/collections/incidents/items?limit=1000&filter="+url.QueryEscape("category = 'shelling_missile'"), "us-liaison"))
	if want == 0 || !strings.Contains(out, "Feature Count: "+strconv.Itoa(want)+"\n") {
		t.Errorf("GDAL counted other than the API's %d shelling reports:\n%s", want, out)
	}
}
