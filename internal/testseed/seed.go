// Package testseed gives randomised tests a seed that is the same on
// every run, so the suite is deterministic and a failure in CI is the
// failure a developer gets on their own machine.
//
// The seed is derived from the test's name. TRUCE_TEST_SEED=N makes
// every randomised test use N; TRUCE_TEST_SEED=random draws a fresh one,
// to explore beyond the fixed cases. Seed logs the seed it returns, so
// a failure found that way can be replayed with TRUCE_TEST_SEED.
package testseed

import (
	"hash/fnv"
	"os"
	"strconv"
	"testing"
	"time"
)

// Env is the environment variable that overrides the seed.
const Env = "TRUCE_TEST_SEED"

// Seed returns the seed t should use and logs it. It fails t if
// TRUCE_TEST_SEED is set to something other than a number or "random".
func Seed(t testing.TB) uint64 {
	t.Helper()
	seed := byName(t.Name())
	switch v := os.Getenv(Env); v {
	case "":
	case "random":
		seed = uint64(time.Now().UnixNano())
	default:
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("%s=%q: want a non-negative integer or \"random\"", Env, v)
		}
		seed = n
	}
	t.Logf("seed %d (replay with %s=%d)", seed, Env, seed)
	return seed
}

// byName hashes a test name to a seed.
func byName(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}
