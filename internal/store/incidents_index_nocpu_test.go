//go:build !linux

package store

import "time"

// threadCPU returns -1: the CPU time of one thread is read on Linux only.
func threadCPU() time.Duration { return -1 }

// threadFaults returns -1: the page faults of one thread are read on Linux
// only.
func threadFaults() int64 { return -1 }
