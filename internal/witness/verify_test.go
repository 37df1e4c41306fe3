package witness

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

func TestVerifyCosigned(t *testing.T) {
	l := newTestLog(t, "truce.test/log", 1).grow(9)
	ws := []*Cosigner{testCosigner(t, "w.test/a"), testCosigner(t, "w.test/b"), testCosigner(t, "w.test/c")}
	stranger := testCosigner(t, "w.test/z")
	cp := l.checkpoint(9)
	text, _, _ := splitNote(cp)
	line := func(s note.Signer) string {
		msg, err := note.Sign(&note.Note{Text: string(text)}, s)
		if err != nil {
			t.Fatal(err)
		}
		_, sigs, _ := splitNote(msg)
		return string(sigs)
	}
	a, b, c, z := line(ws[0]), line(ws[1]), line(ws[2]), line(stranger)
	all := []note.Verifier{ws[0].Verifier(), ws[1].Verifier(), ws[2].Verifier()}
	tests := []struct {
		name      string
		msg       string
		witnesses []note.Verifier
		quorum    int
		want      []string // names of the cosignatures returned
		have      int      // QuorumError.Have, if >= 0 and the call fails with one
		wantErr   string
	}{
		{"all three, quorum 3", string(cp) + a + b + c, all, 3, []string{"w.test/a", "w.test/b", "w.test/c"}, -1, ""},
		{"quorum 0", string(cp), all, 0, nil, -1, ""},
		{"two of three, quorum 2", string(cp) + c + a, all, 2, []string{"w.test/c", "w.test/a"}, -1, ""},
		{"two of three, quorum 3", string(cp) + a + b, all, 3, nil, 2, ""},
		{"repeated line counts once", string(cp) + a + a + a, all, 2, nil, 1, ""},
		{"unknown witness ignored", string(cp) + a + z, all, 2, nil, 1, ""},
		{"repeated configured witness counts once", string(cp) + a + b, []note.Verifier{ws[0].Verifier(), ws[0].Verifier(), ws[1].Verifier()}, 2, []string{"w.test/a", "w.test/b"}, -1, ""},
		{"corrupt cosignature", string(cp) + a + corruptLine(b), all, 1, nil, -1, "invalid signature"},
		{"no log signature", string(text) + "\n" + a + b + c, all, 1, nil, -1, "no signature from log key"},
		{"tampered text", strings.Replace(string(cp), "\n9\n", "\n8\n", 1) + a, all, 1, nil, -1, "invalid signature"},
		{"quorum larger than witnesses", string(cp) + a, all, 4, nil, -1, "quorum 4 impossible"},
		{"negative quorum", string(cp) + a, all, -1, nil, -1, "impossible"},
		{"witness key is log key", string(cp) + a, []note.Verifier{l.verifier}, 1, nil, -1, "is the log key"},
		{"not a checkpoint", string(l.signText("truce.test/log\nhello\n")), all, 0, nil, -1, "checkpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cosigs, err := VerifyCosigned([]byte(tt.msg), l.verifier, tt.witnesses, tt.quorum)
			var qe *QuorumError
			switch {
			case tt.have >= 0:
				if !errors.As(err, &qe) || qe.Have != tt.have || qe.Need != tt.quorum {
					t.Fatalf("err = %v, want QuorumError{%d, %d}", err, tt.have, tt.quorum)
				}
				if want := "need"; !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say what was needed", err)
				}
				return
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if got.Origin != l.origin || got.Size != 9 || got.Root != l.root(9) {
				t.Errorf("checkpoint %+v", got)
			}
			var names []string
			for _, c := range cosigs {
				names = append(names, c.Signature.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.want, ",") {
				t.Errorf("cosigned by %v, want %v", names, tt.want)
			}
		})
	}
}

// corruptLine flips a bit in the signature of a signature line, keeping its
// key name and id.
func corruptLine(line string) string {
	i := strings.LastIndexByte(line, ' ')
	b, _ := base64.StdEncoding.DecodeString(strings.TrimSuffix(line[i+1:], "\n"))
	b[len(b)-1] ^= 1
	return line[:i+1] + base64.StdEncoding.EncodeToString(b) + "\n"
}
