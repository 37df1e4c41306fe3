package ledger

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestCanonicalize checks Canonicalize against the examples of RFC 8785 and
// the edge cases of its number and string serialisation.
func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// RFC 8785 §3.2.2: the example of the whole transformation.
		{"rfc8785 example", `{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`, `{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`},
		// RFC 8785 §3.2.3: members sorted by UTF-16 code units, so the
		// non-BMP emoji (surrogates D83D DE00) sorts before U+FB33.
		{"rfc8785 sorting", `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		{"non-BMP before high BMP", `{"\uffff":1,"\ud800\udc00":2}`, "{\"\U00010000\":2,\"\uffff\":1}"},
		{"prefix sorts first", `{"ab":1,"a":2,"":3}`, `{"":3,"a":2,"ab":1}`},
		{"nested objects sorted", `{"b":{"d":1,"c":2},"a":[{"z":0,"y":1}]}`, `{"a":[{"y":1,"z":0}],"b":{"c":2,"d":1}}`},
		{"white space removed", " \t\n{ \"b\" : [ 1 , 2 ] ,\r\n \"a\" : true } \n", `{"a":true,"b":[1,2]}`},
		{"empty containers", `{"a":{},"b":[]}`, `{"a":{},"b":[]}`},
		{"scalar top level", `"x"`, `"x"`},
		{"null top level", `null`, `null`},

		// Numbers (RFC 8785 §3.2.2.3, ECMAScript Number.prototype.toString).
		{"one point zero", `1.0`, `1`},
		{"negative zero", `-0`, `0`},
		{"negative zero fraction", `-0.0e5`, `0`},
		{"1e21 switches to exponent", `1e21`, `1e+21`},
		{"just below 1e21", `999999999999999900000`, `999999999999999900000`},
		{"1e20 stays integer", `1E20`, `100000000000000000000`},
		{"1e-7 exponent", `1e-7`, `1e-7`},
		{"0.000001 stays fixed", `0.000001`, `0.000001`},
		{"0.0000012 stays fixed", `1.2e-6`, `0.0000012`},
		{"333333333.33333329", `333333333.33333329`, `333333333.3333333`},
		{"2^53", `9007199254740992`, `9007199254740992`},
		{"2^53+1 rounds", `9007199254740993`, `9007199254740992`},
		{"2^64", `18446744073709551616`, `18446744073709552000`},
		{"large negative int", `-12345678901234567890`, `-12345678901234567000`},
		{"max double", `1.7976931348623157e308`, `1.7976931348623157e+308`},
		{"min subnormal", `5e-324`, `5e-324`},
		{"negative exponent form", `-1.5e-10`, `-1.5e-10`},
		{"4.50", `4.50`, `4.5`},
		{"trailing zeros integer", `100`, `100`},

		// Strings (RFC 8785 §3.2.2.2).
		{"control chars short forms", `"\b\f\n\r\t"`, `"\b\f\n\r\t"`},
		{"other control chars lower hex", `"\u0000\u0001\u001F\u000B"`, `"\u0000\u0001\u001f\u000b"`},
		{"DEL literal", `"\u007f"`, "\"\x7f\""},
		{"U+2028 and U+2029 literal", `"\u2028\u2029"`, "\"\u2028\u2029\""},
		{"solidus unescaped", `"\/"`, `"/"`},
		{"escaped letters unescaped", `"\u0041\u00e9"`, `"Aé"`},
		{"quote and backslash", `"\"\\"`, `"\"\\"`},
		{"surrogate pair", `"\ud83d\ude00"`, `"😀"`},
		{"key escapes", `{"\u0041\n":1}`, `{"A\n":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize([]byte(tt.in))
			if err != nil {
				t.Fatalf("Canonicalize(%q): %v", tt.in, err)
			}
			if string(got) != tt.want {
				t.Fatalf("Canonicalize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
			again, err := Canonicalize(got)
			if err != nil || string(again) != string(got) {
				t.Fatalf("not idempotent: %s -> %s, %v", got, again, err)
			}
		})
	}
}

// TestCanonicalNumbers checks the IEEE 754 → string table of RFC 8785
// Appendix B. Each double is given to Canonicalize in Go's shortest
// round-trip form, so the input is exactly that double.
func TestCanonicalNumbers(t *testing.T) {
	tests := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, tt := range tests {
		in := strconv.FormatFloat(math.Float64frombits(tt.bits), 'g', -1, 64)
		got, err := Canonicalize([]byte(in))
		if err != nil {
			t.Errorf("%016x (%s): %v", tt.bits, in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%016x (%s): got %s, want %s", tt.bits, in, got, tt.want)
		}
	}
}

// TestCanonicalizeRejects checks that invalid or ambiguous input is refused.
func TestCanonicalizeRejects(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty", ``, "canonical json"},
		{"white space only", "  \n", "canonical json"},
		{"duplicate member", `{"a":1,"a":2}`, "duplicate member"},
		{"duplicate member same value", `{"a":1,"b":0,"a":1}`, "duplicate member"},
		{"duplicate nested", `{"x":[{"c":1,"c":1}]}`, "duplicate member"},
		{"duplicate after escape", `{"a":1,"\u0061":2}`, "duplicate member"},
		{"second value", `1 2`, "trailing data"},
		{"second object", `{}{}`, "trailing data"},
		{"trailing garbage", `{"a":1} x`, "trailing data"},
		{"trailing close brace", `{"a":1}}`, "trailing data"},
		{"trailing close bracket", `[1]]`, "trailing data"},
		{"trailing comma", `"a" ,`, "trailing data"},
		{"unclosed object", `{"a":1`, "canonical json"},
		{"unclosed array", `[1,2`, "canonical json"},
		{"array trailing comma", `[1,]`, "canonical json"},
		{"object trailing comma", `{"a":1,}`, "canonical json"},
		{"non-string key", `{1:2}`, "canonical json"},
		{"NaN", `NaN`, "canonical json"},
		{"Infinity", `[Infinity]`, "canonical json"},
		{"overflowing number", `1e400`, "not a finite double"},
		{"overflowing negative", `[-1e309]`, "not a finite double"},
		{"single quotes", `{'a':1}`, "canonical json"},
		{"bare word", `nul`, "canonical json"},
		{"raw control char in string", "\"a\x01b\"", "canonical json"},
		{"too deep arrays", strings.Repeat("[", 66) + strings.Repeat("]", 66), "nested deeper"},
		{"too deep objects", strings.Repeat(`{"a":`, 66) + "1" + strings.Repeat("}", 66), "nested deeper"},
		{"hostile depth", strings.Repeat("[", 1_000_000), "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Canonicalize([]byte(tt.in))
			if err == nil {
				t.Fatalf("Canonicalize(%.40q) = %s, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Canonicalize(%.40q): error %q does not mention %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

// TestCanonicalizeDepthLimit checks that nesting up to the limit is allowed.
func TestCanonicalizeDepthLimit(t *testing.T) {
	in := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	got, err := Canonicalize([]byte(in))
	if err != nil {
		t.Fatalf("%d nested arrays: %v", maxDepth+1, err)
	}
	if string(got) != in {
		t.Fatalf("got %s", got)
	}
	if _, err := Canonicalize([]byte("[" + in + "]")); err == nil {
		t.Fatalf("%d nested arrays accepted", maxDepth+2)
	}
}

func BenchmarkCanonicalize(b *testing.B) {
	in := []byte(`{"v":1,"seq":123456,"time":"2025-01-02T03:04:05.123456789Z","party":"us","author":"u-1","kind":"incident.reported",` +
		`"subject":"incident:1","release":{"tlp":"AMBER","audience":["ru","un","us"]},"payload":{"text":"` + strings.Repeat("x", 800) +
		`","lat":35.123456,"lon":36.654321,"casualties":[1,2,3]},"salt":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}`)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Canonicalize(in); err != nil {
			b.Fatal(err)
		}
	}
}
