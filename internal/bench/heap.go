package bench

import (
	"runtime/metrics"
	"sync"
	"time"
)

// HeapPeak samples the bytes of live and not yet swept heap objects
// (runtime/metrics /memory/classes/heap/objects:bytes, which stops nothing)
// every 20 ms from Start to Stop and keeps the largest: the peak heap beside
// a figure, within one sampling period.
type HeapPeak struct {
	stop chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

// StartHeapPeak starts sampling; Stop ends it and returns the peak.
func StartHeapPeak() *HeapPeak {
	h := &HeapPeak{stop: make(chan struct{})}
	h.wg.Go(func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			h.peak = max(h.peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	})
	return h
}

// Stop ends the sampling and returns the peak in bytes.
func (h *HeapPeak) Stop() uint64 {
	close(h.stop)
	h.wg.Wait()
	return h.peak
}
