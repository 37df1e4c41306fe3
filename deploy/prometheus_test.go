package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestAlertingRulesLoad: Prometheus's own checker loads every rule of
// prometheus/truce-rules.yml (syntax, PromQL, templates). That every
// metric they name exists is checked against a real scrape in
// internal/app (TestMetricsFollowTheirEvents).
func TestAlertingRulesLoad(t *testing.T) {
	need(t, "promtool", "prometheus")
	out, err := exec.Command("promtool", "check", "rules", "prometheus/truce-rules.yml").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "SUCCESS") {
		t.Fatalf("promtool check rules: %v\n%s", err, out)
	}
}

// TestDashboardIsGrafanaJSON: the dashboard is a JSON object with a uid,
// a title and panels, each query on the data source chosen by its
// variable, so that it imports into Grafana as it is.
func TestDashboardIsGrafanaJSON(t *testing.T) {
	b, err := os.ReadFile("grafana/truce.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID, Title string
		Panels     []struct {
			Type, Title string
			Datasource  struct{ UID string }
			Targets     []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if d.UID == "" || d.Title == "" || len(d.Panels) == 0 {
		t.Fatalf("uid %q, title %q, %d panels", d.UID, d.Title, len(d.Panels))
	}
	for _, p := range d.Panels {
		if p.Type == "row" {
			continue
		}
		if p.Datasource.UID != "${datasource}" || len(p.Targets) == 0 {
			t.Errorf("panel %q: data source %q, %d queries", p.Title, p.Datasource.UID, len(p.Targets))
		}
		for _, q := range p.Targets {
			if !strings.Contains(q.Expr, "truce_") {
				t.Errorf("panel %q queries %q, no truce metric", p.Title, q.Expr)
			}
		}
	}
}
