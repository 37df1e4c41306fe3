package stream

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
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
// clock (replays).
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
