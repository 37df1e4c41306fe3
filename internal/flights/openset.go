package flights

import "truce/internal/alerts"

// openRecord is an open conflict, intrusion or advisory record as the
// service holds it: the record (as raised, or as read from the store) and
// the alerts raised with it, which are cleared with it.
type openRecord struct {
	*Conflict
	alerts []alerts.Ref
}

// openSet holds the open records of the service by id and, so that filing,
// amending or cancelling a plan reconciles only that plan's records, by
// subject (a plan, track, reservation, site or movement id). The caller
// holds the service's mu.
type openSet struct {
	byID      map[string]*openRecord
	bySubject map[string]map[string]struct{}
}

func newOpenSet() openSet {
	return openSet{byID: map[string]*openRecord{}, bySubject: map[string]map[string]struct{}{}}
}

// get returns the open record id, or nil.
func (o *openSet) get(id string) *openRecord { return o.byID[id] }

// put records r as open, replacing a record of the same id.
func (o *openSet) put(r *openRecord) {
	o.del(r.ID)
	o.byID[r.ID] = r
	for _, s := range r.Subjects {
		m := o.bySubject[s]
		if m == nil {
			m = map[string]struct{}{}
			o.bySubject[s] = m
		}
		m[r.ID] = struct{}{}
	}
}

// del forgets the open record id, if any.
func (o *openSet) del(id string) {
	r := o.byID[id]
	if r == nil {
		return
	}
	delete(o.byID, id)
	for _, s := range r.Subjects {
		if m := o.bySubject[s]; m != nil {
			delete(m, id)
			if len(m) == 0 {
				delete(o.bySubject, s)
			}
		}
	}
}

// of returns the ids of the open records that name subject: never nil, so
// that diff reads an empty result as an empty scope, not as no scope.
func (o *openSet) of(subject string) map[string]struct{} {
	if m := o.bySubject[subject]; m != nil {
		return m
	}
	return map[string]struct{}{}
}
