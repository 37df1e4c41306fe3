package app

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The operator files shipped with the repository that name metrics.
var operatorFiles = []string{"../../deploy/prometheus/truce-rules.yml", "../../deploy/grafana/truce.json"}

// metricName finds truce metric names in a rule expression or a panel
// query; histogramSuffix is what a histogram's series add to its name.
var (
	metricName      = regexp.MustCompile(`\btruce_[a-z0-9_]+`)
	histogramSuffix = regexp.MustCompile(`_(bucket|count|sum)$`)
	descName        = regexp.MustCompile(`fqName: "([^"]+)"`)
)

// scrapeChecks checks a real scrape of n, after every event drove its
// metrics: promtool lints it, the node offers OpenMetrics to a scraper
// that asks for it, and every metric named by the shipped rules and
// dashboard is in it. The federation's per-peer gauges exist only on a
// federated node with peers (internal/federation/e2e scrapes them); they
// are looked up among the descriptors of its collector instead.
func scrapeChecks(t *testing.T, n *metricsNode) {
	_, body, _ := n.do("GET", "/metrics", "", nil)
	t.Run("promtool check metrics", func(t *testing.T) {
		if _, err := exec.LookPath("promtool"); err != nil {
			t.Fatal("promtool is missing: apt-get install prometheus (scripts/test installs it)")
		}
		cmd := exec.Command("promtool", "check", "metrics")
		cmd.Stdin = bytes.NewReader(body)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("promtool check metrics: %v\n%s", err, out)
		}
	})
	t.Run("OpenMetrics when asked for", func(t *testing.T) {
		req, _ := http.NewRequest("GET", n.srv.URL+"/metrics", nil)
		req.Header.Set("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/openmetrics-text") {
			t.Errorf("Content-Type %q, want OpenMetrics", ct)
		}
		if !strings.HasSuffix(b.String(), "# EOF\n") || !strings.Contains(b.String(), "truce_checkpoint_size") {
			t.Errorf("not an OpenMetrics exposition of the node's metrics:\n%.300s", b.String())
		}
	})
	t.Run("the rules and the dashboard name scraped metrics", func(t *testing.T) {
		scraped := map[string]bool{}
		for name := range n.scrape("un-liaison") {
			scraped[name] = true
		}
		for _, g := range peerGauges {
			if m := descName.FindStringSubmatch(g.desc.String()); m != nil {
				scraped[m[1]] = true
			}
		}
		for _, file := range operatorFiles {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			names := metricName.FindAllString(string(text), -1)
			if len(names) < 5 {
				t.Errorf("%s names only %d truce metrics", file, len(names))
			}
			for _, name := range names {
				if !scraped[name] && !scraped[histogramSuffix.ReplaceAllString(name, "")] {
					t.Errorf("%s uses %s, which the node does not export", file, name)
				}
			}
		}
	})
}
