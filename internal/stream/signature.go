package stream

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
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
// clock (replays).
const SignatureHeader = "Truce-Signature"

// Other headers of a delivery.
const (
	EventIDHeader   = "Truce-Event-Id"   // the entry's log sequence number
	EventKindHeader = "Truce-Event-Kind" // the entry's kind
	WebhookHeader   = "Truce-Webhook-Id" // the webhook's id
)

// The headers of the Standard Webhooks specification
// (https://www.standardwebhooks.com), which a delivery carries besides
// SignatureHeader, so that receivers can check it with any of the
// specification's libraries: webhook-id (the message id, the same on every
// retry), webhook-timestamp (unix seconds) and webhook-signature
// ("v1,<base64 HMAC-SHA256>" keyed with the secret's decoded bytes over
// "<id>.<timestamp>.<body>").
const (
	StandardIDHeader        = "webhook-id"
	StandardTimestampHeader = "webhook-timestamp"
	StandardSignatureHeader = "webhook-signature"
)

// newWebhookSecret returns a webhook secret in the Standard Webhooks form:
// "whsec_" and the standard base64 of 32 random bytes.
func newWebhookSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("stream: crypto/rand failed: " + err.Error()) // never happens on Linux
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// standardKey is the HMAC key of a secret under the Standard Webhooks
// scheme: the bytes the secret encodes. Secrets issued before the scheme
// ("whsec" and URL-safe base64, no underscore) decode the same way; any
// other string is its own bytes.
func standardKey(secret string) []byte {
	if s, ok := strings.CutPrefix(secret, "whsec_"); ok {
		if b, err := base64.StdEncoding.DecodeString(s); err == nil {
			return b
		}
	} else if s, ok := strings.CutPrefix(secret, "whsec"); ok {
		if b, err := base64.RawURLEncoding.DecodeString(s); err == nil {
			return b
		}
	}
	return []byte(secret)
}

// SignStandard returns the webhook-signature value of message id with body
// sent at t.
func SignStandard(secret, id string, t time.Time, body []byte) string {
	m := hmac.New(sha256.New, standardKey(secret))
	m.Write([]byte(id + "." + strconv.FormatInt(t.Unix(), 10) + "."))
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

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
