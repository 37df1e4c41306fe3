package flights

import (
	"fmt"
	"strings"
	"testing"

	"truce/internal/access"
)

// BenchmarkConflictViews measures what a listing of 10,000 conflicts pays
// for Disclosure: the plain copy each record cost before ("copy"), and its
// view for a co-chair, who knows every subject, and for a party concerned
// that does not know the other aircraft (an opaque reference and a
// rendered detail per record).
func BenchmarkConflictViews(b *testing.B) {
	d := newDisclosure([]byte(strings.Repeat("k", 32)), []string{"ru", "us"})
	recs := make([]Conflict, 10000)
	for i := range recs {
		c := crossing()
		c.ID = fmt.Sprintf("cfl_%05d", i)
		c.Subjects = []string{fmt.Sprintf("fpl_un%05d", i), fmt.Sprintf("fpl_us%05d", i)}
		c.About[0].ID, c.About[1].ID = c.Subjects[0], c.Subjects[1]
		recs[i] = *c
	}
	for _, bc := range []struct {
		name string
		view func(p access.Principal, c *Conflict) Conflict
		by   access.Principal
	}{
		{"copy", func(_ access.Principal, c *Conflict) Conflict { return *c }, access.Principal{UserID: "u", Party: "un"}},
		{"view/co-chair", d.View, access.Principal{UserID: "u", Party: "ru", CoChair: true}},
		{"view/hidden-subject", d.View, access.Principal{UserID: "u", Party: "un"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var sink int
			for b.Loop() {
				for i := range recs {
					sink += len(bc.view(bc.by, &recs[i]).Subjects)
				}
			}
			_ = sink
		})
	}
}
