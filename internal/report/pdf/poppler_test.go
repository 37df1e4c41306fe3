package pdf

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// poppler returns the path of a poppler-utils command. Outside CI a missing command skips the
// test with a clear message; in CI (CI set) it fails: scripts/test installs poppler-utils.
func poppler(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (Debian package poppler-utils) is required in CI: %v", name, err)
		}
		t.Skipf("%s not found: install Debian's poppler-utils to check the PDF (scripts/test does)", name)
	}
	return p
}

// run runs a poppler command, for two minutes at most, and returns its standard output.
func run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, poppler(t, name), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
	}
	return out
}

// writePDF writes b to a file in the test's temporary directory.
func writePDF(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// pages returns the page count pdfinfo reports.
func pages(t *testing.T, path string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(run(t, "pdfinfo", path))
	if m == nil {
		t.Fatal("pdfinfo printed no page count")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// bidiControls are the marks pdftotext adds around right-to-left text.
var bidiControls = strings.NewReplacer("\u202A", "", "\u202B", "", "\u202C", "", "\u200E", "", "\u200F", "")

// pageText returns the text pdftotext extracts from page p (1-based), with presentation forms
// decomposed to logical letters (NFKC) and its bidi marks removed.
func pageText(t *testing.T, path string, p int) string {
	t.Helper()
	out := run(t, "pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, "-")
	return bidiControls.Replace(norm.NFKC.String(string(out)))
}

// word is one word pdftotext -bbox found, in PDF points from the page's top left.
type word struct {
	page       int
	text       string
	xMin, xMax float64
	yMin       float64
}

// pdfWords returns every word of the PDF with its position, its text normalised as pageText's.
func pdfWords(t *testing.T, path string) []word {
	t.Helper()
	out := string(run(t, "pdftotext", "-bbox", path, "-"))
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	var ws []word
	page := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "<page ") {
			page++
		}
		m := re.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		x0, _ := strconv.ParseFloat(m[1], 64)
		y0, _ := strconv.ParseFloat(m[2], 64)
		x1, _ := strconv.ParseFloat(m[3], 64)
		ws = append(ws, word{page: page, text: bidiControls.Replace(norm.NFKC.String(m[4])), xMin: x0, xMax: x1, yMin: y0})
	}
	return ws
}

// raster renders page p at 50 dpi and returns the image.
func raster(t *testing.T, path string, p int) image.Image {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	run(t, "pdftoppm", "-r", "50", "-png", "-singlefile", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), path, prefix)
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// findWord returns the first word on page p that reads text; -bbox prints each word's letters as
// drawn, so an Arabic word is matched reversed too.
func findWord(ws []word, p int, text string) (word, bool) {
	rev := []rune(text)
	slices.Reverse(rev)
	for _, x := range ws {
		if x.page == p && (x.text == text || x.text == string(rev)) {
			return x, true
		}
	}
	return word{}, false
}
