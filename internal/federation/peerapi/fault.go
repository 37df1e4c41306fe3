package peerapi

import (
	"log/slog"
	"net/http"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/ledger"
)

// FaultEnv is the environment variable from which a test build (the
// trucefault build tag) reads how its node misbehaves towards its peers:
//
//	fork:P       show member P another history from the tree size at start
//	             on (each cosigned by its own witness), every other member
//	             the real one
//	rewrite[:K]  once the log has grown past its size at start, serve
//	             every member a history in which entry K (default: half
//	             that size) is rewritten, signed by the node's log key
//	bad-content  serve the entries logged after start with bytes that do
//	             not hash to their commitments
//	stale        keep serving the first checkpoint served after start, so
//	             that its cosignatures grow old
//	cite-unknown every statement about a peer's record cites an index its
//	             origin never published (package store writes it)
//	cite-wrong-leaf
//	             every such statement cites the right index with another
//	             leaf hash (package store writes it)
//	backdate[:D] every entry the node signs from its start on bears its
//	             time minus D (default 1h): its log lies about when the
//	             entries were appended (EntryClock)
//
// A normal build ignores it.
const FaultEnv = "TRUCE_FAULT"

// Fault makes a node misbehave towards its peers, for the tests that
// check that every honest peer detects and names the misbehaviour (a
// misbehaving `truce serve` among honest ones). Only a binary built with
// the trucefault build tag can have one: in a normal build NewFault
// always returns nil, and no type outside this package can implement
// Fault.
type Fault interface {
	// Witness returns what pushes this node's checkpoints to the witness
	// of member party, in place of w.
	Witness(party string, w ledger.Witness) ledger.Witness
	// wrap returns the handler of the peer API's routes in place of next;
	// it runs after the caller is known (caller).
	wrap(next http.Handler) http.Handler
}

// FaultDeps is what a test build's Fault needs; a normal build reads none
// of it.
type FaultDeps struct {
	// Getenv reads FaultEnv (os.Getenv in a node).
	Getenv func(string) string
	// Signer is the node's log key, which a misbehaving node signs its
	// other histories with; Tree its published tree.
	Signer note.Signer
	Tree   Tree
	Logger *slog.Logger
}
