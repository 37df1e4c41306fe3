//go:build !linux

package store

import "time"

// threadCPU returns -1: the CPU time of one thread is read on Linux only.
func threadCPU() time.Duration { return -1 }
