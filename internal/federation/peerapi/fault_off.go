//go:build !trucefault

package peerapi

// NewFault returns nil, nil: a normal build cannot misbehave, whatever
// FaultEnv says.
func NewFault(FaultDeps) (Fault, error) { return nil, nil }
