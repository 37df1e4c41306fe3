package store

import (
	"context"
	"fmt"

	"truce/internal/incidents"
)

// searchFull is Search for a full listing (not Filter.Brief) through the
// read cache (read_cache.go). The rows come from the window index's
// newest-first order when it can answer (listNewest), otherwise from one
// SQL query selecting the matching rows' id and seq only; a row whose
// cached incident has that seq (the entry that last changed it) is
// answered from the cache, and the others are read in full (listing row,
// report, assessments, zones) and cached.
func (s incidentsStore) searchFull(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
	gen, err := s.d.reads.fresh(ctx, s.d)
	if err != nil {
		return nil, err
	}
	if listed, ok, err := s.d.listNewest(ctx, f, viewer); err != nil {
		return nil, err
	} else if ok {
		return s.completeListed(ctx, gen, listed)
	}
	return s.searchFullSQL(ctx, gen, f, viewer)
}

// completeListed completes listing rows in full: from the read cache when
// its copy has the row's seq, otherwise from SQL (and then cached).
func (s incidentsStore) completeListed(ctx context.Context, gen int64, out []incidents.Incident) ([]incidents.Incident, error) {
	var miss []*incidents.Incident
	for k := range out {
		if c := s.d.reads.incident(out[k].ID); c != nil && c.Seq == out[k].Seq {
			out[k] = *c
			continue
		}
		miss = append(miss, &out[k])
	}
	if err := s.full(ctx, s.d.SQL, miss); err != nil {
		return nil, err
	}
	s.d.reads.putIncidents(gen, miss...)
	return out, nil
}

// searchFullSQL is searchFull's SQL path: one statement selects the
// matching rows' id and seq.
func (s incidentsStore) searchFullSQL(ctx context.Context, gen int64, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
	q := buildSearch(s.d.Engine, f)
	rows, err := s.d.SQL.QueryContext(ctx, q.sql(s.d.Engine, `i.id, i.seq`, f.Limit, viewer), q.args...)
	if err != nil {
		return nil, fmt.Errorf("store: search incidents: %w", err)
	}
	out := make([]incidents.Incident, 0, min(f.Limit, 128))
	var miss []int // positions in out still to read
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search incidents: %w", err)
		}
		if c := s.d.reads.incident(id); c != nil && c.Seq == seq {
			out = append(out, *c)
			continue
		}
		miss = append(miss, len(out))
		out = append(out, incidents.Incident{})
		out[len(out)-1].ID = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search incidents: %w", err)
	}
	if len(miss) == 0 {
		return out, nil
	}
	read, err := s.incidentsByID(ctx, out, miss)
	if err != nil {
		return nil, err
	}
	s.d.reads.putIncidents(gen, read...)
	return out, nil
}

// incidentsByID reads in full the incidents at positions miss of out (whose
// IDs are set) into their places, and returns pointers to them.
func (s incidentsStore) incidentsByID(ctx context.Context, out []incidents.Incident, miss []int) ([]*incidents.Incident, error) {
	at := make(map[string]int, len(miss))
	args := make([]any, len(miss))
	for k, p := range miss {
		at[out[p].ID] = p
		args[k] = out[p].ID
	}
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT `+incidentCols+` FROM incidents i WHERE i.id IN (`+listOf(s.d.Engine, len(miss))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: search incidents: read rows: %w", err)
	}
	read := make([]*incidents.Incident, 0, len(miss))
	for rows.Next() {
		var in incidents.Incident
		if err := scanListed(rows, &in); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: search incidents: read rows: %w", err)
		}
		if p, ok := at[in.ID]; ok {
			out[p] = in
			read = append(read, &out[p])
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search incidents: read rows: %w", err)
	}
	if len(read) != len(miss) {
		return nil, fmt.Errorf("store: search incidents: %d of %d rows read", len(read), len(miss))
	}
	if err := s.full(ctx, s.d.SQL, read); err != nil {
		return nil, err
	}
	return read, nil
}
