package ledger

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math"
	"time"
)

// DefaultRecosign is the CheckpointerOptions.Recosign used when it is 0:
// an idle log's checkpoint is cosigned again once its newest cosignature
// is this old. Federation mirrors call a peer stale only well after it
// (mirror.DefaultMaxAge).
const DefaultRecosign = 15 * time.Minute

// recosignDue reports whether prev, the latest published checkpoint of a
// tree of the same size as the current one, should be signed and pushed
// to the witnesses again so that it carries fresh cosignatures: there are
// witnesses, re-cosigning is not disabled, and prev's newest cosignature
// (or, if none bears a cosignature/v1 timestamp, prev's publication by
// this checkpointer or its start) is at least c.recosign old.
//
// The checkpoint signed again has the same bytes (a note's Ed25519
// signature is deterministic) and the witnesses cosign the same size
// again with a newer timestamp (C2SP tlog-witness: old size equal to the
// checkpoint's size, empty proof), so nothing but the cosignatures
// changes.
func (c *Checkpointer) recosignDue(prev *SignedCheckpoint, size int64, now time.Time) bool {
	if len(c.witnesses) == 0 || c.recosign <= 0 || prev.N != size {
		return false
	}
	since, ok := newestCosignature(prev.Cosignatures)
	if !ok {
		since = c.publishedAt
	}
	return !since.After(now.Add(-c.recosign))
}

// newestCosignature returns the newest timestamp among the cosignature/v1
// signature lines ("— name base64\n", C2SP tlog-cosignature: key id,
// 8-byte big-endian seconds, Ed25519 signature), ok false if no line is
// one. It does not verify the signatures: callers hold lines a witness
// client verified already.
func newestCosignature(lines [][]byte) (newest time.Time, ok bool) {
	for _, l := range lines {
		t, isCosig := cosignatureTime(l)
		if isCosig && (!ok || t.After(newest)) {
			newest, ok = t, true
		}
	}
	return newest, ok
}

// cosignatureTime decodes the timestamp of one cosignature/v1 line.
func cosignatureTime(line []byte) (time.Time, bool) {
	rest, found := bytes.CutPrefix(bytes.TrimSuffix(line, []byte("\n")), []byte("— "))
	if !found {
		return time.Time{}, false
	}
	i := bytes.LastIndexByte(rest, ' ')
	if i < 0 {
		return time.Time{}, false
	}
	sig, err := base64.StdEncoding.DecodeString(string(rest[i+1:]))
	if err != nil || len(sig) != 4+8+64 {
		return time.Time{}, false
	}
	ts := binary.BigEndian.Uint64(sig[4:12])
	if ts == 0 || ts > math.MaxInt64 {
		return time.Time{}, false
	}
	return time.Unix(int64(ts), 0).UTC(), true
}
