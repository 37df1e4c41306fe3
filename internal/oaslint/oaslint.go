// Package oaslint lints OpenAPI documents with Redocly CLI (redocly lint)
// under the repository's .redocly.yaml, for the tests of internal/api and
// internal/ogc. It is test support: no production code imports it.
package oaslint

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Env names the environment variable that may give the path of the redocly
// executable; scripts/test sets it to the copy it installs.
const Env = "TRUCE_REDOCLY"

// Lint runs `redocly lint` on the document in file with the repository's
// .redocly.yaml and fails t, listing each problem, on any error or
// warning. It fails t (it never skips) when Redocly CLI cannot be found:
// scripts/test installs it.
func Lint(t testing.TB, file string) {
	t.Helper()
	bin, err := redocly()
	if err != nil {
		t.Fatal(err)
	}
	config, err := configFile()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "lint", "--config", config, "--format", "json", "--max-problems", "1000", file)
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, runErr := cmd.Output() // exits 1 on errors; the JSON report says which
	var rep report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("redocly lint %s: %v; no JSON report (%v):\n%s%s", filepath.Base(file), runErr, err, out, stderr.String())
	}
	if rep.Totals.Errors+rep.Totals.Warnings == 0 {
		return
	}
	var b strings.Builder
	for _, p := range rep.Problems {
		at := ""
		if len(p.Location) > 0 {
			at = p.Location[0].Pointer
		}
		fmt.Fprintf(&b, "  %s %s at %s: %s\n", p.Severity, p.RuleID, at, p.Message)
	}
	t.Fatalf("redocly lint %s: %d errors, %d warnings (fix each, or turn its rule off in .redocly.yaml with the reason):\n%s",
		filepath.Base(file), rep.Totals.Errors, rep.Totals.Warnings, b.String())
}

// report is the part of redocly lint's JSON report that Lint reads.
type report struct {
	Totals struct {
		Errors   int `json:"errors"`
		Warnings int `json:"warnings"`
	} `json:"totals"`
	Problems []struct {
		RuleID   string `json:"ruleId"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
		Location []struct {
			Pointer string `json:"pointer"`
		} `json:"location"`
	} `json:"problems"`
}

// redocly returns the path of the redocly executable: $TRUCE_REDOCLY, or
// redocly on PATH.
func redocly() (string, error) {
	if p := os.Getenv(Env); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("redocly"); err == nil {
		return p, nil
	}
	return "", errors.New("oaslint: Redocly CLI not found: run scripts/test, which installs it, or set " + Env + " to a redocly executable (npm package @redocly/cli)")
}

// configFile returns the path of .redocly.yaml at the root of the module
// that holds the working directory.
func configFile() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("oaslint: working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(dir, ".redocly.yaml")); err == nil {
				return filepath.Join(dir, ".redocly.yaml"), nil
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("oaslint: no .redocly.yaml beside a go.mod above the working directory")
		}
		dir = parent
	}
}
