// Package extract reads an open-source text (a wire report, a ministry
// statement, a local news item) in English, Russian or Arabic and proposes
// the incidents it describes as drafts for an analyst to review: what
// happened, mapped to the incident categories of package incidents; where,
// resolved with package gazetteer into a location with a precision and a
// radius that say how vague the text is; when, as an interval relative to
// the text's own date; who is alleged to have done it; the counts and
// casualty ranges the text gives; and the character spans of the sentences
// each draft came from.
//
// It is pure code: no I/O, no service, no model, no download. Everything it
// knows is in its lexicon tables (lexicon_*.go) and the embedded gazetteer.
// The store of sources, feeds, the review queue and the API are a later
// step that calls it.
//
// # Boundary
//
// Extraction records what a source says happened, and only that. It MUST
// NOT score, rank, prioritise or propose any place, person, unit or object
// as a target, and nothing in this package estimates the value or
// vulnerability of anything. Its drafts are allegations, attributed to the
// source that made them: an actor is always an *alleged* perpetrator, and a
// draft enters the record only when an analyst accepts it. Correlation
// (Correlate) only proposes that two reports may describe the same past
// event, so that the record does not count it twice.
//
// # What it does not extract
//
// Sentences that deny an event, state a party's position, threaten or
// predict, and sentences about past events (anniversaries, "last year",
// dates long before the publication date) give no draft. Places a sentence
// names without locating the event there (a dateline, where people fled
// to, where a spokesman spoke) are not the event's location.
//
// # Offsets
//
// Every Span is a pair of byte offsets into the UTF-8 text the extractor
// read (Result.Text), half-open, always on rune boundaries. When the input
// was HTML, SourceSpan maps them back to byte offsets of the original page.
package extract
