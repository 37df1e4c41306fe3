package cli

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
)

// helpDoc is one command's help as its --help prints it, read back into
// parts, so that shell completion and the man page are generated from the
// same text a user reads and cannot drift from it.
type helpDoc struct {
	name     string
	summary  string
	synopsis string     // after "Usage: truce NAME "
	text     string     // the description between the synopsis and the flags
	verbs    []string   // first words of the synopsis' alternatives (federation card|init|…)
	flags    []helpFlag // the command's flags, then its verbs' own flags
}

// helpFlag is one flag of a help text.
type helpFlag struct {
	name, kind, help, env string
}

var (
	usageLine = regexp.MustCompile(`^Usage: truce (\S+) ?(.*)$`)
	flagLine  = regexp.MustCompile(`^  --(\S+)(?: (\S+))?$`)
	verbWord  = regexp.MustCompile(`^[a-z][a-z-]*$`)
	// synopsisFlag is a flag named in a synopsis: --deep, [--force].
	synopsisFlag = regexp.MustCompile(`^\[?--([a-z][a-z-]*)\]?$`)
	// valueWord is the placeholder of a flag's value in a synopsis: DIR, URL.
	valueWord = regexp.MustCompile(`^[A-Z][A-Z=.…-]*\]?$`)
)

// helpDocs runs every command with --help into a buffer and reads its text.
// Running --help has no effect beyond printing: parse returns before a
// command does anything.
func helpDocs(ctx context.Context) []helpDoc {
	var docs []helpDoc
	for _, c := range commands() {
		d := readHelp(helpText(ctx, c, "--help"))
		d.name, d.summary = c.name, c.summary
		seen := map[string]bool{}
		for _, f := range d.flags {
			seen[f.name] = true
		}
		// Flags a command reads itself (verify --deep) are named only in
		// its synopsis.
		fields := strings.Fields(d.synopsis)
		for i, w := range fields {
			m := synopsisFlag.FindStringSubmatch(w)
			if m == nil || seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			f := helpFlag{name: m[1]}
			if i+1 < len(fields) && valueWord.MatchString(fields[i+1]) {
				f.kind = fields[i+1]
			}
			d.flags = append(d.flags, f)
		}
		for _, v := range d.verbs {
			for _, f := range readHelp(helpText(ctx, c, v, "--help")).flags {
				if !seen[f.name] {
					seen[f.name] = true
					d.flags = append(d.flags, f)
				}
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// helpText is what command c prints on standard output for args.
func helpText(ctx context.Context, c command, args ...string) string {
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	_ = c.run(ctx, env, args)
	return out.String()
}

// readHelp reads a help text printed by newFlags' usage (or a command's own
// usage of the same form).
func readHelp(s string) helpDoc {
	var d helpDoc
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	var text []string
	inFlags := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if m := usageLine.FindStringSubmatch(l); m != nil && d.synopsis == "" {
			d.synopsis = strings.TrimSpace(m[2])
			d.verbs = synopsisVerbs(d.synopsis)
			continue
		}
		if l == "Flags:" {
			inFlags = true
			continue
		}
		if !inFlags {
			text = append(text, l)
			continue
		}
		m := flagLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		f := helpFlag{name: m[1], kind: m[2]}
		for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    \t") {
			i++
			v := strings.TrimPrefix(lines[i], "    \t")
			if env, ok := strings.CutPrefix(v, "env "); ok {
				f.env = env
			} else {
				f.help = strings.TrimSpace(f.help + " " + v)
			}
		}
		d.flags = append(d.flags, f)
	}
	d.text = strings.TrimSpace(strings.Join(text, "\n"))
	return d
}

// synopsisVerbs returns a synopsis' verbs: the words of a first token such as
// "card|init|join" or "[ledger|api]", or the first words of alternatives
// separated by " | " ("add --id ID | list").
func synopsisVerbs(synopsis string) []string {
	fields := strings.Fields(synopsis)
	if len(fields) == 0 {
		return nil
	}
	var verbs []string
	if first := strings.Trim(fields[0], "[]"); strings.Contains(first, "|") {
		for _, v := range strings.Split(first, "|") {
			if verbWord.MatchString(v) {
				verbs = append(verbs, v)
			}
		}
		return verbs
	}
	for _, alt := range strings.Split(synopsis, " | ") {
		if f := strings.Fields(alt); len(f) > 0 && verbWord.MatchString(f[0]) {
			verbs = append(verbs, f[0])
		}
	}
	if len(verbs) < 2 {
		return nil // one word before the flags is an argument, not a choice of verbs
	}
	return verbs
}
