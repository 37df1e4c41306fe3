package cli

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
)

// Version, when set at build time with -ldflags "-X truce/internal/cli.Version=…",
// is the version truce reports; otherwise it is read from the build
// information the Go toolchain embeds (the module version, or the commit of
// the checkout it was built from).
var Version = ""

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "version", "", `Prints truce's version: the release or the commit it was built from, the
commit's time, whether the checkout had uncommitted changes, and the Go
toolchain. Also 'truce --version'.`)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintf(env.Stdout, "truce %s\n", versionString(Version, bi))
	return nil
}

// versionString words the version of a build: set is the version stamped
// with -ldflags (empty when none was); bi the embedded build information (nil
// when there is none). It never returns an empty string.
func versionString(set string, bi *debug.BuildInfo) string {
	if bi == nil {
		if set != "" {
			return set
		}
		return "(unknown: no build information; set one with -ldflags \"-X truce/internal/cli.Version=v1.2.3\")"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	version := set
	if version == "" {
		version = bi.Main.Version
	}
	if version == "" || version == "(devel)" {
		version = "(devel)"
	}
	var detail []string
	if rev := settings["vcs.revision"]; rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		c := "commit " + rev
		if t := settings["vcs.time"]; t != "" {
			c += " of " + t
		}
		if settings["vcs.modified"] == "true" {
			c += ", with uncommitted changes"
		}
		detail = append(detail, c)
	}
	if bi.GoVersion != "" {
		detail = append(detail, bi.GoVersion)
	}
	if len(detail) == 0 {
		return version
	}
	return version + " (" + strings.Join(detail, "; ") + ")"
}
