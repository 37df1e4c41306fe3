package extract

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"truce/internal/gazetteer"
)

// Extractor proposes draft incidents from texts. It is immutable and safe
// for concurrent use; build one with New and keep it.
type Extractor struct {
	g *gazetteer.Gazetteer
	// adm1 maps "country|name" to the first-level division of that name.
	adm1 map[string]gazetteer.Place
}

// New returns an extractor that resolves places with g.
func New(g *gazetteer.Gazetteer) *Extractor {
	x := &Extractor{g: g, adm1: make(map[string]gazetteer.Place)}
	for _, p := range g.Places() {
		if p.FeatureCode == "ADM1" {
			x.adm1[p.Country+"|"+p.Name] = p
		}
	}
	return x
}

// ExtractDoc extracts from a page converted by FromHTML: the language,
// publication date and publisher the page's metadata gives are used where
// in leaves them empty (PublishedFrom "metadata"). in.Text is ignored.
// Spans point into d.Text; d.SourceSpan maps them to the page.
func (x *Extractor) ExtractDoc(d *Doc, in Input) (*Result, error) {
	in.Text = d.Text
	if in.Lang == "" && d.Lang != "" {
		if l, err := checkLanguage(d.Lang); err == nil {
			in.Lang = l
		}
	}
	if in.Publisher == "" {
		in.Publisher = d.Publisher
	}
	from := ""
	if in.Published.IsZero() && !d.Published.IsZero() {
		in.Published, from = d.Published, "metadata"
	}
	res, err := x.Extract(in)
	if err != nil {
		return nil, err
	}
	if from != "" {
		res.PublishedFrom = from
	}
	return res, nil
}

// Extract proposes the draft incidents in.Text describes. It returns an
// error wrapping ErrTooLarge for a text over MaxTextBytes, ErrInvalid for
// text that is empty or not UTF-8, ErrUnknownLanguage for a language it
// does not read (given or detected), and ErrNoDate when no publication
// date was given and the text has no dateline. A text that describes no
// event gives a Result with no drafts, not an error.
func (x *Extractor) Extract(in Input) (*Result, error) {
	if len(in.Text) > MaxTextBytes {
		return nil, fmt.Errorf("%w: text of %d bytes, at most %d", ErrTooLarge, len(in.Text), MaxTextBytes)
	}
	if !utf8.ValidString(in.Text) {
		return nil, fmt.Errorf("%w: the text is not UTF-8", ErrInvalid)
	}
	if strings.TrimSpace(in.Text) == "" {
		return nil, fmt.Errorf("%w: the text is empty", ErrInvalid)
	}
	lang, err := in.Lang, error(nil)
	if lang == "" {
		lang, err = DetectLanguage(in.Text)
	} else {
		lang, err = checkLanguage(lang)
	}
	if err != nil {
		return nil, err
	}
	lx := lexicons[lang]
	sents := splitSentences(in.Text)
	dlEnd, dlDate := lx.dateline(in.Text, sents)
	res := &Result{Text: in.Text, Lang: lang, Publisher: in.Publisher, Published: in.Published.UTC(), PublishedFrom: "given"}
	if in.Published.IsZero() {
		if dlDate.IsZero() {
			return nil, fmt.Errorf("%w: give the publication date; the text has no dateline with a full date", ErrNoDate)
		}
		res.Published, res.PublishedFrom = dlDate, "dateline"
	}
	r := run{x: x, lx: lx, text: in.Text, pubDay: res.Published.Truncate(day), last: -1}
	for _, s := range sents {
		if s.end <= dlEnd {
			continue
		}
		toks := s.toks
		for len(toks) > 0 && toks[0].start < dlEnd {
			toks = toks[1:]
		}
		r.sentence(s, toks)
	}
	res.Drafts = r.drafts
	if res.Drafts == nil {
		res.Drafts = []Draft{}
	}
	return res, nil
}

// dateline finds a dateline at the start of the text ("ALEPPO, Syria,
// March 12, 2026 (Wire) —"): a few words then a full date, before any
// event word. It returns the byte offset where the dateline ends (0 if
// there is none) and its date.
func (lx *lexicon) dateline(text string, sents []sentence) (int, time.Time) {
	if len(sents) == 0 {
		return 0, time.Time{}
	}
	toks := sents[0].toks
	for i := 0; i < min(len(toks), 8); i++ {
		if _, n := lx.event(toks, i); n > 0 {
			return 0, time.Time{}
		}
		y, m, d, n := lx.dateAt(toks, i)
		if n == 0 {
			continue
		}
		if y == 0 {
			return 0, time.Time{}
		}
		end := toks[i+n-1].end
		// The publisher in brackets and a dash often follow.
		tail := text[end:min(len(text), end+60)]
		if k := strings.IndexAny(tail, "—–-:"); k >= 0 && !strings.ContainsRune(tail[:k], '\n') &&
			(strings.IndexByte(tail[:k], '(') >= 0 || strings.TrimSpace(strings.Trim(tail[:k], ".,")) == "") {
			_, size := utf8.DecodeRuneInString(tail[k:])
			end += k + size
		}
		return end, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return 0, time.Time{}
}
