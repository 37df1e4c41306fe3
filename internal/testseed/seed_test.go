package testseed

import "testing"

func TestSeed(t *testing.T) {
	cases := []struct {
		name, env string
		want      func(uint64) bool
	}{
		{"by name", "", func(s uint64) bool { return s == byName(t.Name()+"/by_name") }},
		{"fixed", "42", func(s uint64) bool { return s == 42 }},
		{"random", "random", func(uint64) bool { return true }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(Env, c.env)
			if got := Seed(t); !c.want(got) {
				t.Fatalf("%s=%q gave seed %d", Env, c.env, got)
			}
		})
	}
	if byName("a") == byName("b") {
		t.Fatal("two names gave one seed")
	}
}
