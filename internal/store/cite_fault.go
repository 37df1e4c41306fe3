package store

// citeFaultEnv is the environment variable (peerapi.FaultEnv) from which a
// test build (the trucefault build tag) reads how its node misbehaves. The
// store reads two of its modes, which change what the node writes in its
// own log, so that its honest peers see a signed entry citing what it
// should not:
//
//	cite-unknown     every citation the node adds to a statement about a
//	                 peer's record names an index the cited origin never
//	                 published (its index plus 1,000,000)
//	cite-wrong-leaf  every such citation names the right entry with
//	                 another leaf hash (its first digit changed)
//
// A normal build ignores it (cite_fault_off.go).
const citeFaultEnv = "TRUCE_FAULT"
