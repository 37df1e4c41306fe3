package stream_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// errBadSignature is returned by verifySignature for a missing, malformed,
// wrong or stale signature.
var errBadSignature = errors.New("bad webhook signature")

// verifySignature checks header (a stream.SignatureHeader value) against
// body and secret, and that its time is within tolerance of now, as a
// webhook receiver would: it recomputes the HMAC independently of
// stream.Sign. It returns nil or an error wrapping errBadSignature.
func verifySignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts, sig string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sig = v
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sig == "" {
		return fmt.Errorf("%w: want t=<unix>,v1=<hex>", errBadSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed at %d, %s from now", errBadSignature, sec, d)
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	if !hmac.Equal([]byte(sig), []byte(hex.EncodeToString(m.Sum(nil)))) {
		return fmt.Errorf("%w: HMAC does not match", errBadSignature)
	}
	return nil
}
