//go:build linux

package store

import (
	"syscall"
	"time"
	"unsafe"
)

// threadCPU returns the CPU time the calling OS thread has used
// (clock_gettime of CLOCK_THREAD_CPUTIME_ID, to the nanosecond), or -1 if it
// cannot be read. Callers lock their goroutine to its thread
// (runtime.LockOSThread) so that the figure is theirs alone.
func threadCPU() time.Duration {
	const clockThreadCPUTime = 3 // CLOCK_THREAD_CPUTIME_ID
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return -1
	}
	return time.Duration(ts.Nano())
}

// threadFaults returns the minor page faults the calling OS thread has
// taken (getrusage of RUSAGE_THREAD), or -1 if they cannot be read: each is
// a first touch of memory the heap took from the kernel.
func threadFaults() int64 {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return -1
	}
	return ru.Minflt
}
