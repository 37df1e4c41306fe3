package extract

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFromHTML(t *testing.T) {
	tests := []struct {
		name, page, text string
		lang, publisher  string
		published        string
	}{
		{"paragraphs and breaks", "<p>One.</p><p>Two<br>three</p>", "One.\nTwo\nthree", "", "", ""},
		{"head, scripts, styles and comments dropped",
			`<html lang="ru-RU"><head><title>T</title><meta property="og:site_name" content="Wire &amp; Co">` +
				`<meta property="article:published_time" content="2026-03-12T08:30:00+02:00"><style>p{}</style></head>` +
				`<body><script>var a = "<p>";</script><!-- hidden --><p>Текст</p></body></html>`,
			"Текст", "ru", "Wire & Co", "2026-03-12T06:30:00Z"},
		{"entities and whitespace", "<p>A&nbsp;&amp;\n\n  B &#1575; &bogus; &</p>", "A & B ا &bogus; &", "", "", ""},
		{"time element when no meta", `<article><time datetime="2026-05-05">May 5</time> Text</article>`, "May 5 Text", "", "", "2026-05-05T00:00:00Z"},
		{"unclosed tag ends the page", "<p>Kept</p><div class='x", "Kept", "", "", ""},
		{"unclosed comment ends the page", "<p>Kept</p><!-- never closed <p>lost", "Kept", "", "", ""},
		{"stray less-than is text", "<p>3 < 4</p>", "3 < 4", "", "", ""},
		{"invalid UTF-8 becomes U+FFFD", "<p>a\xffb</p>", "a\uFFFDb", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := FromHTML([]byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tt.text {
				t.Errorf("text %q, want %q", d.Text, tt.text)
			}
			if d.Lang != tt.lang || d.Publisher != tt.publisher {
				t.Errorf("lang %q publisher %q, want %q %q", d.Lang, d.Publisher, tt.lang, tt.publisher)
			}
			var pub string
			if !d.Published.IsZero() {
				pub = d.Published.Format(time.RFC3339)
			}
			if pub != tt.published {
				t.Errorf("published %q, want %q", pub, tt.published)
			}
			checkOffsets(t, []byte(tt.page), d)
		})
	}
}

// checkOffsets checks the map back to the page: in bounds, in order, and
// every character copied from the page (not decoded from a reference,
// not whitespace) found at its offsets.
func checkOffsets(t *testing.T, page []byte, d *Doc) {
	t.Helper()
	if len(d.starts) != len(d.Text) || len(d.ends) != len(d.Text) {
		t.Fatalf("offset map of %d/%d entries for %d bytes of text", len(d.starts), len(d.ends), len(d.Text))
	}
	prev := int32(0)
	for i := 0; i < len(d.Text); {
		r, size := utf8.DecodeRuneInString(d.Text[i:])
		s, e := d.starts[i], d.ends[i]
		if s < prev || e <= s || int(e) > len(page) {
			t.Fatalf("text byte %d: page offsets [%d, %d) out of order or bounds", i, s, e)
		}
		prev = s
		src := string(page[s:e])
		if r != ' ' && r != '\n' && r != utf8.RuneError && !strings.HasPrefix(src, "&") && src != string(r) {
			t.Fatalf("text %q at %d maps to page %q", string(r), i, src)
		}
		i += size
	}
}

func TestFromHTMLLimits(t *testing.T) {
	if _, err := FromHTML(make([]byte, MaxHTMLBytes+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("page over the limit: %v, want ErrTooLarge", err)
	}
	big := "<p>" + strings.Repeat("word ", MaxTextBytes/5+1) + "</p>"
	if _, err := FromHTML([]byte(big)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("text over the limit: %v, want ErrTooLarge", err)
	}
	if _, err := FromHTML([]byte("<script>x</script><p> </p>")); !errors.Is(err, ErrInvalid) {
		t.Errorf("page without text: %v, want ErrInvalid", err)
	}
}

// A page with no dateline takes its date from its metadata, and the
// spans of its drafts map back to the sentence in the page.
func TestExtractDoc(t *testing.T) {
	page := `<html lang="en"><head><meta name="date" content="2026-03-12"></head><body>` +
		`<h1>Strikes</h1><p>Russian warplanes struck villages east of <b>Saraqib</b> on Thursday, killing at least 12 civilians.</p></body></html>`
	d, err := FromHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	res, err := extractor(t).ExtractDoc(d, Input{})
	if err != nil {
		t.Fatal(err)
	}
	if res.PublishedFrom != "metadata" || res.Lang != English || len(res.Drafts) != 1 {
		t.Fatalf("published from %q, lang %q, %d drafts", res.PublishedFrom, res.Lang, len(res.Drafts))
	}
	dr := res.Drafts[0]
	if got := dr.Time.Start.Format(time.DateOnly); got != "2026-03-12" {
		t.Errorf("time %s, want 2026-03-12 (Thursday)", got)
	}
	src := d.SourceSpan(dr.Spans[0])
	if got := page[src.Start:src.End]; !strings.HasPrefix(got, "Russian warplanes") || !strings.HasSuffix(got, "civilians.") || !strings.Contains(got, "<b>Saraqib</b>") {
		t.Errorf("span maps to page %q", got)
	}
}
