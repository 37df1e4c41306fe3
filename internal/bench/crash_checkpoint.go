package bench

import (
	"context"
	"io"
	"net/http"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/verify"
)

// watchCheckpoints polls the checkpoint the node at base serves, every
// 50 ms until ctx ends, and returns a function that waits for the poller to
// stop and returns the last checkpoint note served (nil if none was).
func watchCheckpoints(ctx context.Context, base string) func() []byte {
	var last []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		c := &http.Client{Timeout: 5 * time.Second}
		for ctx.Err() == nil {
			if b := getCheckpoint(ctx, c, base); b != nil {
				last = b
			}
			select {
			case <-ctx.Done():
			case <-time.After(50 * time.Millisecond): // polling interval
			}
		}
	}()
	return func() []byte {
		<-done
		return last
	}
}

// getCheckpoint returns the checkpoint note the node serves, or nil if it
// did not answer one in full (it may be dying).
func getCheckpoint(ctx context.Context, c *http.Client, base string) []byte {
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/log/checkpoint", nil)
	if err != nil {
		return nil
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil
	}
	return b
}

// extends checks from outside, as `truce verify` does, that the tree the
// node at base serves now is signed by verifier and is an extension of the
// tree of saved, a checkpoint it served before it was killed: the restart
// neither lost nor rewrote an entry it had published.
func extends(ctx context.Context, base string, verifier note.Verifier, saved []byte) error {
	_, err := verify.Remote(ctx, verify.RemoteOptions{URL: base, LogKey: verifier, Saved: saved, Client: &http.Client{Timeout: 30 * time.Second}})
	return err
}
