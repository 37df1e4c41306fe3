package stix

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
)

// Namespace is the UUIDv5 namespace of truce's STIX ids (itself the UUIDv5
// of "truce.stix" in the URL namespace of RFC 9562). It MUST NOT change:
// re-exports and re-imports rely on ids being stable.
var Namespace = uuid5(urlNamespace, "truce.stix")

// urlNamespace is the RFC 9562 namespace id for URLs.
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuid5 returns the name-based (SHA-1) UUID of name in namespace ns
// (RFC 9562 section 5.5).
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x50
	u[8] = (u[8] & 0x3f) | 0x80
	return u
}

func formatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

// ID returns the STIX identifier "<typ>--<uuid>" whose UUID is the UUIDv5
// of name in Namespace. The same type and name always give the same id.
func ID(typ, name string) string {
	return typ + "--" + formatUUID(uuid5(Namespace, typ+":"+name))
}

// idPattern is the STIX 2.1 identifier syntax (the JSON schemas' pattern).
var idPattern = regexp.MustCompile(`^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$`)

// ValidID reports whether id is a STIX identifier of type typ (any type
// when typ is "").
func ValidID(id, typ string) bool {
	m := idPattern.FindStringSubmatch(id)
	return m != nil && (typ == "" || m[1] == typ)
}
