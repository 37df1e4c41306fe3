package flights

// openSet holds the open conflict records of the service by id and, so
// that filing, amending or cancelling a plan reconciles only that plan's
// records, by subject (a plan, track, reservation, site or movement id).
// pending holds the ids of open records whose alerts are not known to be
// raised. The caller holds the service's mu.
type openSet struct {
	byID      map[string]*Conflict
	bySubject map[string]map[string]struct{}
	pending   map[string]struct{}
}

func newOpenSet() openSet {
	return openSet{byID: map[string]*Conflict{}, bySubject: map[string]map[string]struct{}{}, pending: map[string]struct{}{}}
}

// alerted notes that the alerts of open record id are raised.
func (o *openSet) alerted(id string) { delete(o.pending, id) }

// get returns the open record id, or nil.
func (o *openSet) get(id string) *Conflict { return o.byID[id] }

// put records c as open, replacing a record of the same id, with its
// alerts pending until alerted is called.
func (o *openSet) put(c *Conflict) {
	o.del(c.ID)
	o.byID[c.ID] = c
	o.pending[c.ID] = struct{}{}
	for _, s := range c.Subjects {
		m := o.bySubject[s]
		if m == nil {
			m = map[string]struct{}{}
			o.bySubject[s] = m
		}
		m[c.ID] = struct{}{}
	}
}

// del forgets the open record id, if any.
func (o *openSet) del(id string) {
	c := o.byID[id]
	if c == nil {
		return
	}
	delete(o.byID, id)
	delete(o.pending, id)
	for _, s := range c.Subjects {
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
