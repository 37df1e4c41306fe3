package gazetteer

import "testing"

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	g := mustLoad(b)
	for _, bc := range []struct{ name, q string }{
		{"exact", "Aleppo"},
		{"variant", "Dayr az Zawr"},
		{"arabic", "الرقة"},
		{"prefix", "Kaf"},
		{"fuzzy", "Damscus"},
		{"miss", "Xyzzyqwv"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				g.Search(bc.q, 10)
			}
		})
	}
}
