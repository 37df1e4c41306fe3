package extract

import "errors"

// The errors Extract and FromHTML return wrap one of these, so that a
// caller can map each to a client error (all are the caller's input, none
// is internal).
var (
	// ErrTooLarge is wrapped when the input exceeds MaxHTMLBytes or
	// MaxTextBytes.
	ErrTooLarge = errors.New("extract: input too large")
	// ErrUnknownLanguage is wrapped when the language given is not one the
	// extractor reads (en, ru, ar), or when none was given and the text
	// is not recognisably one of them.
	ErrUnknownLanguage = errors.New("extract: unknown language")
	// ErrNoDate is wrapped when no publication date was given and none
	// was found in the text's dateline or the page's metadata: relative
	// dates ("yesterday") cannot be resolved without it.
	ErrNoDate = errors.New("extract: no publication date")
	// ErrInvalid is wrapped for other unusable input: text that is not
	// UTF-8, or empty once markup is removed.
	ErrInvalid = errors.New("extract: invalid input")
)
