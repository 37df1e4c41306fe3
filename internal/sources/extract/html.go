package extract

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"time"
	"unicode/utf8"
)

// Input size limits. A page or text over them is refused with an error
// wrapping ErrTooLarge before any work is done.
const (
	// MaxHTMLBytes bounds a web page given to FromHTML.
	MaxHTMLBytes = 8 << 20
	// MaxTextBytes bounds the plain text Extract reads (given directly, or
	// what is left of a page once its markup is removed).
	MaxTextBytes = 1 << 20
)

// Doc is the text of a web page with a map back to the page's bytes, and
// what its metadata says about it.
type Doc struct {
	// Text is the page's visible text: scripts, styles, the head and
	// comments removed, entities decoded, whitespace collapsed, one
	// newline at each block boundary (p, div, li, h1–h6, br, …).
	Text string
	// starts[i] and ends[i] are the page offsets where the character
	// Text[i] belongs to begins and ends.
	starts, ends []int32
	// Lang is the language the <html lang> attribute declares, its
	// primary subtag lower-cased ("ru" for "ru-RU"), empty if none.
	Lang string
	// Published is the publication time the page's metadata gives
	// (article:published_time, datePublished, date, a <time datetime>),
	// zero if none parses.
	Published time.Time
	// Publisher is the og:site_name or publisher metadata, empty if none.
	Publisher string
	pageLen   int32
}

// SourceSpan maps a span of d.Text back to byte offsets in the page: the
// start of its first character to the end of its last. A span outside the
// text is clamped to it.
func (d *Doc) SourceSpan(s Span) Span {
	n := len(d.Text)
	s.Start, s.End = min(max(s.Start, 0), n), min(max(s.End, 0), n)
	if s.End <= s.Start {
		if s.Start == n {
			return Span{int(d.pageLen), int(d.pageLen)}
		}
		o := int(d.starts[s.Start])
		return Span{o, o}
	}
	return Span{int(d.starts[s.Start]), int(d.ends[s.End-1])}
}

// skipContent are the elements whose content is not visible text.
var skipContent = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"title": true, "svg": true, "iframe": true, "object": true, "textarea": true,
}

// blockTags are the elements that break a line.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"tr": true, "td": true, "th": true, "table": true, "section": true,
	"article": true, "header": true, "footer": true, "blockquote": true,
	"pre": true, "hr": true, "figcaption": true, "figure": true, "aside": true,
	"nav": true, "main": true, "dd": true, "dt": true, "dl": true, "body": true,
}

// FromHTML converts a web page (HTML or a saved page) to text, keeping
// for every byte of the text its offset in the page. It tolerates broken
// markup (unclosed tags and comments, stray '<', bad entities, invalid
// UTF-8, which becomes U+FFFD). It returns an error wrapping ErrTooLarge
// for a page over MaxHTMLBytes or a text over MaxTextBytes, and one
// wrapping ErrInvalid when the page has no visible text.
func FromHTML(page []byte) (*Doc, error) {
	if len(page) > MaxHTMLBytes {
		return nil, fmt.Errorf("%w: page of %d bytes, at most %d", ErrTooLarge, len(page), MaxHTMLBytes)
	}
	c := converter{page: page, d: &Doc{}}
	c.run()
	if len(c.out) > MaxTextBytes {
		return nil, fmt.Errorf("%w: page text of %d bytes, at most %d", ErrTooLarge, len(c.out), MaxTextBytes)
	}
	if strings.TrimSpace(string(c.out)) == "" {
		return nil, fmt.Errorf("%w: the page has no visible text", ErrInvalid)
	}
	c.d.Text = string(c.out)
	c.d.starts, c.d.ends, c.d.pageLen = c.starts, c.ends, int32(len(page))
	return c.d, nil
}

// converter holds the state of one FromHTML run.
type converter struct {
	page []byte
	d    *Doc
	out  []byte
	// starts and ends are Doc.starts and Doc.ends being built.
	starts, ends []int32
	// pend is the whitespace owed before the next character: 0 none,
	// 1 a space, 2 a line break; pendAt is the page offset it came from.
	pend   int
	pendAt int
	// timeAttr is the first <time datetime> seen, used when no meta tag
	// gives a date.
	timeAttr string
}

func (c *converter) run() {
	p := c.page
	for i := 0; i < len(p); {
		switch b := p[i]; {
		case b == '<' && bytes.HasPrefix(p[i:], []byte("<!--")):
			end := bytes.Index(p[i+4:], []byte("-->"))
			if end < 0 {
				return
			}
			i += 4 + end + 3
		case b == '<' && i+1 < len(p) && (isASCIILetter(p[i+1]) || p[i+1] == '/' || p[i+1] == '!' || p[i+1] == '?'):
			i = c.tag(i)
		case b == '&':
			i = c.entity(i)
		case b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f':
			c.space(1, i)
			i++
		default:
			r, size := utf8.DecodeRune(p[i:])
			c.emit(r, i, i+size)
			i += size
		}
	}
	if c.d.Published.IsZero() && c.timeAttr != "" {
		c.d.Published = parseMetaTime(c.timeAttr)
	}
}

// space records whitespace owed: kind 1 a space, 2 a line break.
func (c *converter) space(kind, at int) {
	if kind > c.pend {
		c.pend, c.pendAt = kind, at
	}
}

// emit appends r, taken from page bytes [at, end), after any whitespace
// owed.
func (c *converter) emit(r rune, at, end int) {
	if c.pend > 0 && len(c.out) > 0 {
		ws := byte(' ')
		if c.pend == 2 {
			ws = '\n'
		}
		c.out = append(c.out, ws)
		c.starts = append(c.starts, int32(c.pendAt))
		c.ends = append(c.ends, int32(c.pendAt+1))
	}
	c.pend = 0
	n := len(c.out)
	c.out = utf8.AppendRune(c.out, r)
	for range len(c.out) - n {
		c.starts = append(c.starts, int32(at))
		c.ends = append(c.ends, int32(end))
	}
}

// entity decodes the character reference at p[i] ('&') and returns the
// offset after it; an unknown or unterminated one is literal text.
func (c *converter) entity(i int) int {
	p := c.page
	end := bytes.IndexByte(p[i:min(len(p), i+40)], ';')
	if end > 1 {
		ref := string(p[i : i+end+1])
		if dec := html.UnescapeString(ref); dec != ref {
			for _, r := range dec {
				if r == ' ' || r == '\u00a0' {
					c.space(1, i)
					continue
				}
				c.emit(r, i, i+end+1)
			}
			return i + end + 1
		}
	}
	c.emit('&', i, i+1)
	return i + 1
}

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

// unescapeAttr decodes the character references of an attribute value.
func unescapeAttr(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return html.UnescapeString(s)
}
