package cite

import (
	"context"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
)

// held is a Source over a map of (origin, index) to commitment.
type held map[Citation]tlog.Hash // keys without leaf hash

func (h held) Commitment(_ context.Context, origin string, index int64) (tlog.Hash, bool, error) {
	c, ok := h[Citation{Origin: origin, Index: index}]
	return c, ok, nil
}

func commitment(s string) tlog.Hash { return tlog.Hash(sha256.Sum256([]byte(s))) }

func TestParseAndString(t *testing.T) {
	good := Of("truce.example/us", 12, commitment("a"))
	for _, tc := range []struct {
		in   string
		want Citation
		ok   bool
	}{
		{good.String(), good, true},
		{"truce.example/us#12", Citation{Origin: "truce.example/us", Index: 12}, true},
		{"a#b#3", Citation{Origin: "a#b", Index: 3}, true},
		{"#3", Citation{}, false},
		{"us#-1", Citation{}, false},
		{"us#01", Citation{}, false},
		{"us#1:" + strings.ToUpper(good.LeafHash), Citation{}, false},
		{"us#1:abc", Citation{}, false},
		{"us", Citation{}, false},
	} {
		got, err := Parse(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		var inv *fault.InvalidError
		if err != nil && !errors.As(err, &inv) {
			t.Errorf("Parse(%q): %v is not an InvalidError", tc.in, err)
		}
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	src := held{{Origin: "us", Index: 3}: commitment("report")}
	right := Of("us", 3, commitment("report"))
	for _, tc := range []struct {
		name string
		c    Citation
		want error // nil, ErrNotHeld, ErrWrongLeaf, or fault.ErrInvalid-like (checked as InvalidError)
		inv  bool
	}{
		{"held", right, nil, false},
		{"wrong leaf hash", Of("us", 3, commitment("forged")), ErrWrongLeaf, false},
		{"never received", Of("us", 4, commitment("later")), ErrNotHeld, false},
		{"other origin", Of("ru", 3, commitment("report")), ErrNotHeld, false},
		{"no leaf hash", Citation{Origin: "us", Index: 3}, nil, true},
		{"no origin", Citation{Index: 3, LeafHash: right.LeafHash}, nil, true},
		{"negative index", Citation{Origin: "us", Index: -1, LeafHash: right.LeafHash}, nil, true},
	} {
		err := Check(ctx, src, "cites", tc.c)
		var inv *fault.InvalidError
		switch {
		case tc.inv:
			if !errors.As(err, &inv) || inv.Field != "cites" {
				t.Errorf("%s: %v, want an invalid cites field", tc.name, err)
			}
		case tc.want == nil:
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		default:
			if !errors.Is(err, tc.want) || !errors.Is(err, fault.ErrConflict) || fault.ClientMessage(err) == "" {
				t.Errorf("%s: %v, want %v (a 409 with a message)", tc.name, err, tc.want)
			}
		}
	}
}

func TestJudge(t *testing.T) {
	src := held{{Origin: "us", Index: 0}: commitment("x")}
	for _, tc := range []struct {
		c    Citation
		want Verdict
	}{
		{Of("us", 0, commitment("x")), Held},
		{Of("us", 0, commitment("y")), Forged},
		{Of("us", 1, commitment("x")), Missing},
	} {
		if v, _, err := Judge(context.Background(), src, tc.c); err != nil || v != tc.want {
			t.Errorf("Judge(%s) = %s, %v; want %s", tc.c, v, err, tc.want)
		}
	}
}
