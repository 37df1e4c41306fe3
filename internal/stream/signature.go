package stream

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

// SignatureHeader is the header that carries a webhook delivery's
// signature, in the form
//
//	Truce-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>
//
// where the HMAC is keyed with the webhook's secret and computed over the
// bytes "<t>." followed by the exact request body. Receivers recompute it,
// compare in constant time, and reject deliveries whose t is far from their
// clock (replays). See [VerifySignature].
const SignatureHeader = "Truce-Signature"

// Other headers of a delivery.
const (
	EventIDHeader   = "Truce-Event-Id"   // the entry's log sequence number
	EventKindHeader = "Truce-Event-Kind" // the entry's kind
	WebhookHeader   = "Truce-Webhook-Id" // the webhook's id
)

// Sign returns the SignatureHeader value for body sent at t.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// ErrBadSignature is returned by VerifySignature for a missing, malformed,
// wrong or stale signature.
var ErrBadSignature = errors.New("stream: bad webhook signature")

// VerifySignature checks header (a SignatureHeader value) against body and
// secret, and that its time is within tolerance of now. It returns nil or
// an error wrapping ErrBadSignature.
func VerifySignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
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
		return fmt.Errorf("%w: want t=<unix>,v1=<hex>", ErrBadSignature)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: signed at %d, %s from now", ErrBadSignature, sec, d)
	}
	if !hmac.Equal([]byte(sig), []byte(mac(secret, ts, body))) {
		return fmt.Errorf("%w: HMAC does not match", ErrBadSignature)
	}
	return nil
}
