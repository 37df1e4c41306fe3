package api

import "net/http"

// healthz reports that the process is alive.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz reports whether the node can serve: its database answers and it
// has a published checkpoint. On a federated node it lists each peer's
// mirror state after "ready" without failing for any of them.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.deps.DB.Ping(r.Context()); err != nil {
		s.writeError(w, r, &notReadyError{Reason: "the node's database does not answer", Cause: err})
		return
	}
	if err := s.deps.Ready(); err != nil {
		s.writeError(w, r, &notReadyError{Reason: err.Error()})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ready\n" + s.federationReadiness()))
}
