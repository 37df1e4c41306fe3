package api

import (
	"context"
	"net/http"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/taxii"
)

// taxiiMaxBytes is the largest envelope POST …/objects/ of the TAXII
// server accepts (its API root's max_content_length).
const taxiiMaxBytes = stixMaxBytes

// taxiiHandler serves TAXII 2.1 under /taxii2/ (package taxii) behind the
// API's middleware: the same tokens, sessions, rate limit and read audit.
func (s *Server) taxiiHandler() http.Handler {
	return taxii.New(taxii.Options{
		Principal: principal,
		Incidents: s.deps.Incidents,
		Findings:  s.deps.Findings,
		// A closure, not the method value: the tests of this package build
		// servers without a database.
		Entries: func(ctx context.Context, from int64, fn func(ledger.StoredEntry) error) error {
			return s.deps.DB.ScanEntries(ctx, from, fn)
		},
		Audit: func(p access.Principal, in *incidents.Incident) {
			s.deps.Auditor.Record(p, in.Party, in.Release, "incident", in.ID, "taxii")
		},
		MaxContentLength: taxiiMaxBytes,
		Logger:           s.log,
		Title:            "truce",
	})
}
