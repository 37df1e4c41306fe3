package verify_test

import (
	"regexp"
	"testing"
	"time"

	"truce/internal/cli/clitest"
	"truce/internal/demo/demotest"
)

// demoNode is "truce demo" run in this process on a free loopback port,
// with its two witnesses.
type demoNode struct {
	dir, url, token string
	witnessKeys     map[string]string // party -> witness verifier key
	stop            func()
}

func startDemo(t *testing.T) *demoNode {
	t.Helper()
	run := demotest.Start(t, clitest.Main, 2*time.Minute)
	stdout, stderr := run.Out, run.Err
	d := &demoNode{dir: run.Dir, witnessKeys: map[string]string{}, stop: func() { run.Stop(t) }}
	m := regexp.MustCompile(`truce demo is running at (\S+)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no URL in the demo's output:\n%s", stdout.String())
	}
	d.url = m[1]
	for _, m := range regexp.MustCompile(`msg="demo witness" party=(\w+) .*?vkey="?([^"\s]+)`).FindAllStringSubmatch(stderr.String(), -1) {
		d.witnessKeys[m[1]] = m[2]
	}
	if d.witnessKeys["us"] == "" || d.witnessKeys["ru"] == "" {
		t.Fatalf("no witness keys in the demo's log:\n%s", stderr.String())
	}
	d.token = run.User(t, "ru-liaison").Token
	return d
}
