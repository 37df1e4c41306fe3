package extract

import (
	"bytes"
	"strings"
	"time"
)

// tag reads the tag starting at c.page[i] ('<'), acts on it (a line break
// for a block element, metadata from meta, html and time, skipping the
// content of script, style and the like) and returns the offset after it.
// An unterminated tag ends the page.
func (c *converter) tag(i int) int {
	p := c.page
	j := i + 1
	closing := false
	if p[j] == '/' {
		closing = true
		j++
	}
	if j < len(p) && (p[j] == '!' || p[j] == '?') { // doctype, processing instruction
		end := bytes.IndexByte(p[j:], '>')
		if end < 0 {
			return len(p)
		}
		return j + end + 1
	}
	nameStart := j
	for j < len(p) && isASCIILetter(p[j]) || j > nameStart && j < len(p) && p[j] >= '0' && p[j] <= '9' {
		j++
	}
	name := strings.ToLower(string(p[nameStart:j]))
	attrs, end := parseAttrs(p, j)
	if end < 0 {
		return len(p)
	}
	if blockTags[name] {
		c.space(2, i)
	}
	if closing {
		return end
	}
	switch name {
	case "meta":
		c.meta(attrs)
	case "html":
		if l := attrs["lang"]; l != "" {
			c.d.Lang = strings.ToLower(strings.SplitN(strings.SplitN(l, "-", 2)[0], "_", 2)[0])
		}
	case "time":
		if c.timeAttr == "" {
			c.timeAttr = attrs["datetime"]
		}
	}
	if skipContent[name] {
		return skipTo(p, end, name)
	}
	return end
}

// skipTo returns the offset after the closing tag of name at or after
// from, or len(p) if there is none.
func skipTo(p []byte, from int, name string) int {
	closeTag := []byte("</" + name)
	for k := from; k < len(p); {
		n := bytes.IndexByte(p[k:], '<')
		if n < 0 {
			return len(p)
		}
		k += n
		if len(p)-k >= len(closeTag) && bytes.EqualFold(p[k:k+len(closeTag)], closeTag) {
			e := bytes.IndexByte(p[k:], '>')
			if e < 0 {
				return len(p)
			}
			return k + e + 1
		}
		k++
	}
	return len(p)
}

// parseAttrs reads attributes from p[j] to the end of the tag and returns
// them (names lower-cased, values with entities decoded) and the offset
// after '>', or -1 if the tag never ends.
func parseAttrs(p []byte, j int) (map[string]string, int) {
	var attrs map[string]string
	for j < len(p) {
		for j < len(p) && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r' || p[j] == '/' || p[j] == '\f') {
			j++
		}
		if j >= len(p) {
			return attrs, -1
		}
		if p[j] == '>' {
			return attrs, j + 1
		}
		ns := j
		for j < len(p) && !strings.ContainsRune(" \t\n\r\f/>=", rune(p[j])) {
			j++
		}
		name := strings.ToLower(string(p[ns:j]))
		val := ""
		if j < len(p) && p[j] == '=' {
			j++
			if j < len(p) && (p[j] == '"' || p[j] == '\'') {
				q := p[j]
				e := bytes.IndexByte(p[j+1:], q)
				if e < 0 {
					return attrs, -1
				}
				val = string(p[j+1 : j+1+e])
				j += e + 2
			} else {
				vs := j
				for j < len(p) && !strings.ContainsRune(" \t\n\r\f>", rune(p[j])) {
					j++
				}
				val = string(p[vs:j])
			}
		}
		if attrs == nil {
			attrs = make(map[string]string, 4)
		}
		if _, seen := attrs[name]; !seen && name != "" {
			attrs[name] = unescapeAttr(val)
		}
	}
	return attrs, -1
}

// publishedKeys are the meta names and properties that carry a
// publication date, best first.
var publishedKeys = map[string]int{
	"article:published_time": 1, "datepublished": 2, "og:published_time": 3,
	"pubdate": 4, "publishdate": 5, "dc.date": 6, "dcterms.created": 7, "date": 8,
}

// meta records the publication date and publisher a meta tag gives.
func (c *converter) meta(a map[string]string) {
	key := strings.ToLower(a["property"])
	if key == "" {
		key = strings.ToLower(a["name"])
	}
	if key == "" {
		key = strings.ToLower(a["itemprop"])
	}
	content := strings.TrimSpace(a["content"])
	switch {
	case key == "og:site_name" || key == "publisher":
		if c.d.Publisher == "" {
			c.d.Publisher = content
		}
	case publishedKeys[key] > 0:
		if t := parseMetaTime(content); !t.IsZero() && c.d.Published.IsZero() {
			c.d.Published = t
		}
	}
}

// parseMetaTime parses the date formats pages use in metadata, returning
// the zero time for anything else.
func parseMetaTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
		"2006-01-02 15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
