package cli

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

func runMan(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "man", "", `Prints truce's manual page (troff, section 1), generated from the --help of
every command. Read it with:
  truce man | man -l -
or install it with:
  truce man > /usr/local/share/man/man1/truce.1`)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("man takes no arguments")
	}
	bi, _ := debug.ReadBuildInfo()
	writeMan(env.Stdout, helpDocs(ctx), versionString(Version, bi))
	return nil
}

// writeMan writes the manual page of docs in the man(7) macros.
func writeMan(w io.Writer, docs []helpDoc, version string) {
	fmt.Fprintf(w, ".TH TRUCE 1 \"\" %s \"User Commands\"\n", roffQuote("truce "+version))
	fmt.Fprint(w, `.SH NAME
truce \- the shared record of a joint ceasefire\-monitoring and deconfliction centre
.SH SYNOPSIS
.B truce
.I command
.RI [ flags ]
.br
.B truce \-\-help
|
.B \-\-version
.SH DESCRIPTION
truce keeps one record of a ceasefire that parties who do not trust each
other can all verify: zones, incidents with joint verification, humanitarian
notifications with acknowledgements, alerts, a liaison hotline, airspace
deconfliction, and a tamper\-evident log behind all of it.
Every flag can also be set with an environment variable: TRUCE_ and the flag
name in capitals with '\-' as '_' (e.g.
.B \-\-data
is
.BR TRUCE_DATA ).
Flags win.
.SH COMMANDS
`)
	for _, d := range docs {
		fmt.Fprintf(w, ".SS %s\n", roffText("truce "+d.name+" "+d.synopsis))
		fmt.Fprintf(w, "%s\n", roffText(d.summary+"."))
		if d.text != "" {
			fmt.Fprint(w, ".PP\n.nf\n")
			for _, l := range strings.Split(d.text, "\n") {
				fmt.Fprintln(w, roffText(l))
			}
			fmt.Fprint(w, ".fi\n")
		}
		for _, f := range d.flags {
			fmt.Fprint(w, ".TP\n")
			fmt.Fprintf(w, ".B %s\n", roffText("--"+f.name+" "+f.kind))
			line := f.help
			if f.env != "" {
				line += " (environment: " + f.env + ")"
			}
			fmt.Fprintln(w, roffText(line))
		}
	}
	fmt.Fprint(w, `.SH EXIT STATUS
0 on success, 1 on failure, 2 on a usage error.
.SH SEE ALSO
The README of the truce repository: the API, federation, and running a node for real.
`)
}

// roffText escapes s for a line of text: backslashes, hyphens (so that
// flags copy as ASCII), characters beyond ASCII (as \[uXXXX], which troff
// reads whatever its input encoding), and a leading dot or quote that would
// read as a request.
func roffText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 127:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffQuote is s as one quoted argument of a request.
func roffQuote(s string) string {
	return `"` + strings.ReplaceAll(roffText(s), `"`, `""`) + `"`
}
