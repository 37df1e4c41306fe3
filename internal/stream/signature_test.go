package stream_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"truce/internal/stream"
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

// TestStandardSignatureOfAnOlderSecret: a secret issued before the Standard
// Webhooks form ("whsec" and URL-safe base64) signs with the bytes it
// encodes, so its holder can check deliveries with a library by writing the
// same bytes in the standard form.
func TestStandardSignatureOfAnOlderSecret(t *testing.T) {
	key := bytes.Repeat([]byte{0xfb, 0xff, 0x3e}, 11)
	older := "whsec" + base64.RawURLEncoding.EncodeToString(key)
	body := []byte(`{"seq":7}`)
	now := time.Unix(1_800_000_000, 0)
	h := http.Header{}
	h.Set(stream.StandardIDHeader, "wh_1_7")
	h.Set(stream.StandardTimestampHeader, "1800000000")
	h.Set(stream.StandardSignatureHeader, stream.SignStandard(older, "wh_1_7", now, body))
	wh, err := standardwebhooks.NewWebhook("whsec_" + base64.StdEncoding.EncodeToString(key))
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.VerifyIgnoringTimestamp(body, h); err != nil {
		t.Fatalf("an older secret's standard signature: %v", err)
	}
	if err := wh.VerifyIgnoringTimestamp([]byte(`{"seq":8}`), h); err == nil {
		t.Fatal("a changed body verified")
	}
}
