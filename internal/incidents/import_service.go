package incidents

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// ImportOptions control Import.
type ImportOptions struct {
	// Partial writes the valid rows even if some are bad; by default an
	// import is all-or-nothing.
	Partial bool
	// DryRun validates and reports without writing anything.
	DryRun bool
	// Progress, if set, is called as rows are validated and written.
	Progress func(stage string, done, total int)
}

// ImportReport says what an import did (or, for a dry run or a rejected
// import, would have done).
type ImportReport struct {
	Rows     int        `json:"rows"`
	Created  int        `json:"created"`
	Existing int        `json:"existing"` // already imported: skipped
	Invalid  int        `json:"invalid"`
	Written  bool       `json:"written"`
	Errors   []RowError `json:"errors"`
	// IDs are the ids of the incidents created, in row order.
	IDs []string `json:"ids"`
}

// Import validates every row and then, unless a row is bad (and Partial is
// not set) or DryRun is set, appends all new incidents in one all-or-nothing
// write. Rows whose idempotency key (external id or content) is already in
// the store, or earlier in the same file, are skipped, so importing a file
// twice creates nothing new. parseErrs are row errors found while parsing;
// they count as bad rows. It returns fault.ErrForbidden unless by may
// report; validation failures are in the report, not the error.
func (s *Service) Import(ctx context.Context, by access.Principal, rows []Row, parseErrs []RowError, opts ImportOptions) (*ImportReport, error) {
	if err := MayReport(by); err != nil {
		return nil, err
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	rep := &ImportReport{Rows: len(rows) + len(parseErrs), Errors: append([]RowError{}, parseErrs...), IDs: []string{}}
	rep.Invalid = len(parseErrs)
	var prepared []*Prepared
	seen := map[string]bool{}
	for k := range rows {
		r := &rows[k]
		p, err := s.Prepare(ctx, by, &r.Incident)
		var inv *fault.InvalidError
		switch {
		case errors.As(err, &inv):
			rep.Invalid++
			rep.Errors = append(rep.Errors, RowError{Row: r.Row, Column: r.column(inv.Field), Reason: inv.Reason})
		case err != nil:
			return nil, fmt.Errorf("incidents: import row %d: %w", r.Row, err)
		case seen[p.Report.Key]:
			rep.Existing++
		default:
			seen[p.Report.Key] = true
			prepared = append(prepared, p)
		}
		if (k+1)%1000 == 0 {
			progress("validated", k+1, len(rows))
		}
	}
	progress("validated", len(rows), len(rows))
	keys := make([]string, len(prepared))
	for k, p := range prepared {
		keys[k] = p.Report.Key
	}
	existing, err := s.store.ExistingKeys(ctx, nil, keys)
	if err != nil {
		return nil, fmt.Errorf("incidents: import: %w", err)
	}
	var fresh []*Prepared
	for _, p := range prepared {
		if _, ok := existing[p.Report.Key]; ok {
			rep.Existing++
			continue
		}
		fresh = append(fresh, p)
	}
	rep.Created = len(fresh)
	if opts.DryRun || (rep.Invalid > 0 && !opts.Partial) || len(fresh) == 0 {
		if rep.Invalid > 0 && !opts.Partial {
			rep.Created = 0
		}
		return rep, nil
	}
	changes := make([]ledger.Change, len(fresh))
	for k, p := range fresh {
		changes[k] = reportChange(by, p)
		rep.IDs = append(rep.IDs, p.Report.ID)
	}
	freshKeys := make([]string, len(fresh))
	for k, p := range fresh {
		freshKeys[k] = p.Report.Key
	}
	changes[0].Check = func(ctx context.Context, q ledger.Querier) error {
		m, err := s.store.ExistingKeys(ctx, q, freshKeys)
		if err != nil {
			return err
		}
		if len(m) > 0 {
			return fault.Conflictf("%d rows were imported meanwhile by another request; import again", len(m))
		}
		return nil
	}
	progress("writing", 0, len(fresh))
	if _, err := s.deps.Log.Append(ctx, changes...); err != nil {
		return nil, fmt.Errorf("incidents: import: %w", err)
	}
	progress("written", len(fresh), len(fresh))
	rep.Written = true
	return rep, nil
}
