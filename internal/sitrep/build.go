// Package sitrep computes the centre's daily situation report for a period
// and an audience, after the daily reports ceasefire monitoring missions
// publish (cut-off time, violations per area against the previous period,
// notable incidents, restrictions of access).
//
// A report is computed from the node's domain services with the reader's
// principal, through the reads the API makes (Sources): what a reader may
// not see through the API is neither listed nor counted. Every figure and
// listed record names the log entries it states (doc.Ref), and the report
// states the tree (size and root hash) it was computed from, so a reader
// can check any line against the node's signed checkpoints.
package sitrep

import (
	"context"
	"encoding/base64"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/joint"
	"truce/internal/report/doc"
)

// Deps are what a Builder reads.
type Deps struct {
	Sources Sources
	Config  Config
	// Origin is the node's log origin, named by every Ref to its entries.
	Origin string
	// Tree returns the node's current tree (size and root hash).
	Tree func() (tlog.Tree, error)
	// MirroredLogs, optional (a federated node), returns the other
	// parties' logs mirrored here, each within the checkpoint the node
	// accepted: the report states them beside its own tree.
	MirroredLogs func(ctx context.Context) ([]joint.Log, error)
}

// Builder computes reports. It is safe for concurrent use.
type Builder struct {
	deps Deps
}

// New returns a Builder of d (a nil d.Config.Location is UTC).
func New(d Deps) *Builder {
	d.Config = d.Config.withDefaults()
	return &Builder{deps: d}
}

// Config returns the builder's configuration, defaults applied.
func (b *Builder) Config() Config { return b.deps.Config }

// Request asks for one report.
type Request struct {
	// Date is the day whose cut-off ends the period, "YYYY-MM-DD".
	Date string
	// Zone, optional, limits the incidents to one zone (which By must be
	// able to see).
	Zone string
	// Lang is "en", "ru" or "ar" ("" for en).
	Lang string
	// By is the reader: a party's user, or access.Public.
	By access.Principal
}

// Report is a computed report with what it was computed from.
type Report struct {
	Document doc.Document
	Period   Period
	// Tree is the log's tree the report was computed from: every Ref to
	// the node's own log is an index below Tree.N.
	Tree tlog.Tree
	// ComputedFrom names every log read, this node's own tree first, then
	// the mirrored logs (Deps.MirroredLogs); nil on a node with one log.
	ComputedFrom []joint.Log
}

// Build computes the report r asks for. It returns a *fault.InvalidError
// for a bad date or language, fault.ErrNotFound (wrapped) for a
// zone r.By may not see, and the services' errors otherwise.
func (b *Builder) Build(ctx context.Context, r Request) (*Report, error) {
	if r.Lang == "" {
		r.Lang = Langs[0]
	}
	if err := CheckLang(r.Lang); err != nil {
		return nil, err
	}
	p, err := b.deps.Config.PeriodOf(r.Date)
	if err != nil {
		return nil, err
	}
	mirrored, err := b.mirroredLogs(ctx) // the checkpoints accepted as the records are read
	if err != nil {
		return nil, err
	}
	f, err := b.deps.Sources.gather(ctx, r.By, b.deps.Config, p, r.Zone)
	if err != nil {
		return nil, err
	}
	// The tree is read after the records: each record read is committed,
	// so the tree covers every entry it cites.
	tree, err := b.deps.Tree()
	if err != nil {
		return nil, fmt.Errorf("sitrep: tree: %w", err)
	}
	w := &writer{t: translator(r.Lang), origin: b.deps.Origin, p: p, prev: b.deps.Config.Previous(p), cfg: b.deps.Config, f: f, by: r.By}
	d := w.document(r, tree)
	from := computedFrom(b.deps.Origin, tree, mirrored)
	d.Meta = append(d.Meta, w.mirroredMeta(mirrored)...)
	return &Report{Document: d, Period: p, Tree: tree, ComputedFrom: from}, nil
}

// writer writes one report's document from its facts.
type writer struct {
	t      tr
	origin string
	p      Period
	prev   Period
	cfg    Config
	f      *facts
	by     access.Principal
}

// document assembles the report.
func (w *writer) document(r Request, tree tlog.Tree) doc.Document {
	t := w.t
	local := w.p.To.In(w.cfg.Location)
	d := doc.Document{
		Title:    t.s("title"),
		Subtitle: t.f("subtitle", local.Format("2006-01-02 15:04"), local.Format("15:04 MST")),
		Lang:     r.Lang,
		RTL:      r.Lang == "ar",
		Footer:   t.s("footer"),
	}
	audience := t.s("meta.public")
	if r.By.Party != "" {
		audience = t.f("meta.party", r.By.Party)
	}
	d.Meta = []doc.Field{
		{Label: t.s("meta.period"), Value: w.p.From.UTC().Format(time.RFC3339) + " – " + w.p.To.UTC().Format(time.RFC3339)},
		{Label: t.s("meta.audience"), Value: audience},
	}
	if r.Zone != "" {
		d.Meta = append(d.Meta, doc.Field{Label: t.s("meta.zone"), Value: w.zoneName(r.Zone)})
	}
	d.Meta = append(d.Meta, doc.Field{Label: t.s("meta.checkpoint"),
		Value: t.f("meta.checkpoint.v", w.origin, tree.N, base64.StdEncoding.EncodeToString(tree.Hash[:]))})
	d.Sections = []doc.Section{
		w.headline(),
		w.incidentTables(),
		w.notable(),
		w.notifications(),
		w.airspace(),
		w.alertsSection(),
		w.hotline(),
		w.charts(),
		w.mapSection(),
	}
	d.Sections = append(d.Sections, w.laterSections()...)
	return d
}

// ref returns the Ref of entry seq of the node's own log.
func (w *writer) ref(seq int64) doc.Ref { return doc.Ref{Origin: w.origin, Index: uint64(seq)} }

// refs returns the Refs of the positive sequence numbers seqs, without
// repeats.
func (w *writer) refs(seqs ...int64) []doc.Ref {
	var out []doc.Ref
	seen := map[int64]bool{}
	for _, s := range seqs {
		if s <= 0 || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, w.ref(s))
	}
	return out
}
