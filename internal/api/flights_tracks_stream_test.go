package api

import (
	"bytes"
	"strings"
	"testing"
)

// collectLines runs readLines over in and returns the lines and the end.
func collectLines(in []byte, maxLine int) ([][]byte, *streamEnd) {
	out, stop := make(chan lineBatch), make(chan struct{})
	defer close(stop)
	go readLines(bytes.NewReader(in), TrackStreamLimits{MaxLine: maxLine, MaxRate: 1e9}.withDefaults(), out, stop)
	var lines [][]byte
	var end *streamEnd
	next := 1
	for b := range out {
		if b.first != next {
			panic("batch numbering")
		}
		next += len(b.lines)
		lines = append(lines, b.lines...)
		if b.end != nil {
			end = b.end
		}
	}
	return lines, end
}

func TestReadLinesFramesAndBoundsLines(t *testing.T) {
	cases := []struct {
		name, in   string
		lines, end int
		reason     string
	}{
		{"empty", "", 0, 200, "end of stream"},
		{"two lines", "a\nb\n", 2, 200, ""},
		{"no final newline", "a\nb", 2, 200, ""},
		{"crlf", "a\r\nb\r\n", 2, 200, ""},
		{"blank lines count", "\n\na\n", 3, 200, ""},
		{"at the limit", strings.Repeat("x", 8) + "\n", 1, 200, ""},
		{"over the limit", "a\n" + strings.Repeat("x", 9) + "\nb\n", 1, 413, "line 2 is longer than 8 bytes"},
		{"over the limit, no newline", strings.Repeat("x", 9), 0, 413, "line 1 is longer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines, end := collectLines([]byte(tc.in), 8)
			if len(lines) != tc.lines || end == nil || end.status != tc.end || !strings.Contains(end.reason, tc.reason) {
				t.Fatalf("%d lines, end %+v", len(lines), end)
			}
			for _, l := range lines {
				if bytes.ContainsAny(l, "\r\n") {
					t.Fatalf("line %q keeps its terminator", l)
				}
			}
		})
	}
}

// FuzzReadLines checks that readLines never loses or invents bytes: the
// lines it returns, joined with newlines, are the input (bar carriage
// returns at line ends) up to the end or the first overlong line, and no
// line is longer than the limit.
func FuzzReadLines(f *testing.F) {
	for _, s := range []string{"", "a\nb\n", "a\r\nb", "\n\n\n", "0123456789abcdef\nx\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const max = 8
		lines, end := collectLines(in, max)
		if end == nil {
			t.Fatal("no end")
		}
		for _, l := range lines {
			if len(l) > max {
				t.Fatalf("line of %d bytes over the limit %d", len(l), max)
			}
		}
		var want [][]byte
		for _, l := range bytes.SplitAfter(in, []byte("\n")) {
			if len(l) == 0 {
				continue
			}
			l = bytes.TrimSuffix(bytes.TrimSuffix(l, []byte("\n")), []byte("\r"))
			if len(l) > max {
				if end.status != 413 {
					t.Fatalf("overlong line read; end %+v", end)
				}
				break
			}
			want = append(want, l)
		}
		if len(want) != len(lines) {
			t.Fatalf("%d lines, want %d", len(lines), len(want))
		}
		for i := range want {
			if !bytes.Equal(want[i], lines[i]) {
				t.Fatalf("line %d = %q, want %q", i+1, lines[i], want[i])
			}
		}
	})
}
