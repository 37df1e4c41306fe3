package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
	"truce/internal/sources"
	"truce/internal/sources/extract"
)

// BenchmarkFeedOf1000Items ingests 1,000 items (the English corpus
// articles, each made distinct) into a node as a feed poll does, item by
// item: each extracted, its text stored as evidence and logged with its
// drafts (one source.submitted entry, committed durably, each). Beside it,
// in the same run, the extraction of the same 1,000 texts alone, the floor
// of the ingest.
func BenchmarkFeedOf1000Items(b *testing.B) {
	ctx := context.Background()
	files, _ := filepath.Glob("../sources/extract/testdata/corpus/en*.txt")
	if len(files) == 0 {
		b.Fatal("no corpus")
	}
	var texts []string
	for i := range 1000 {
		t, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, fmt.Sprintf("%s\nItem %d of the feed.", t, i))
	}
	b.Run("extract-only", func(b *testing.B) {
		a := benchNode(b)
		x := extract.New(a.Places)
		for b.Loop() {
			for _, t := range texts {
				if _, err := x.Extract(extract.Input{Text: t}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("submit-and-log", func(b *testing.B) {
		a := benchNode(b)
		by := access.Principal{UserID: "bench", Username: "un-admin", Party: "un", Role: access.RoleAnalyst}
		round := 0
		for b.Loop() {
			round++
			for i, t := range texts {
				in := sources.NewSource{Text: fmt.Sprintf("%s (round %d)", t, round), URL: fmt.Sprintf("https://wire.example/%d/%d", round, i)}
				if _, created, err := a.Sources.Submit(ctx, by, in); err != nil || !created {
					b.Fatalf("item %d: created %v, %v", i, created, err)
				}
			}
		}
	})
}

// benchNode opens a node in a temp dir for a benchmark.
func benchNode(b *testing.B) *App {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := Init(ctx, InitOptions{Dir: dir, Origin: "test.truce.invalid/bench", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		b.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	return a
}
