//go:build !unix

package deconflict

import "time"

// processCPU is not measured on this platform; benchmarks report zero.
func processCPU() time.Duration { return 0 }
