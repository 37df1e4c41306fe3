package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionString(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs.revision", Value: "b4bf22731393f4055f748607e8ad93d11be6f7fa"},
		{Key: "vcs.time", Value: "2026-12-07T14:20:47Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	cases := []struct {
		name string
		set  string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info, nothing set", "", nil, "(unknown: no build information"},
		{"no build info, set by ldflags", "v1.2.3", nil, "v1.2.3"},
		{"a checkout", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207142047-b4bf22731393+dirty"}, Settings: vcs},
			"v0.0.0-20261207142047-b4bf22731393+dirty (commit b4bf22731393 of 2026-12-07T14:20:47Z, with uncommitted changes; go1.26.8)"},
		{"ldflags win over the module version", "v2.0.0", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-x"}},
			"v2.0.0 (go1.26.8)"},
		{"built without VCS stamping", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"(devel) (go1.26.8)"},
		{"go install of a release", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := versionString(tc.set, tc.bi)
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("versionString = %q, want it to begin %q", got, tc.want)
			}
		})
	}
}

func TestVersionFlagAndMisuse(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}} {
		code, out, errOut := run(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "truce ") || strings.Count(out, "\n") != 1 || errOut != "" {
			t.Errorf("truce %v: exit %d, stdout %q, stderr %q; want one line 'truce VERSION'", args, code, out, errOut)
		}
	}
	// Misuse: no command. The usage is for a person; it goes to standard
	// error so that standard output stays empty for a script.
	code, out, errOut := run(t, nil)
	if code != 2 || out != "" || !strings.Contains(errOut, "Usage: truce <command>") {
		t.Errorf("truce with no command: exit %d, stdout %q, stderr %q; want exit 2, the usage on stderr only", code, out, errOut)
	}
	code, out, errOut = run(t, nil, "--help")
	if code != 0 || !strings.Contains(out, "Usage: truce <command>") || errOut != "" {
		t.Errorf("truce --help: exit %d, stdout %q, stderr %q; want the usage on stdout", code, out, errOut)
	}
}
