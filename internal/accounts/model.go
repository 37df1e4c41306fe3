package accounts

import (
	"strings"

	"truce/internal/access"
)

// Party is a member of the centre: a military, the UN cell, an agency.
type Party struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"` // military, un, agency, other
	CoChair bool   `json:"co_chair"`
	Created string `json:"created"`
	// Retired is when the party left the centre ("" while it is a member).
	// A retired party is never a co-chair and its users may not write.
	Retired string `json:"retired,omitempty"`
}

// PartyKinds lists the kinds of party.
var PartyKinds = []string{"military", "un", "agency", "other"}

// User is a person (or a service) acting for a party.
type User struct {
	ID          string      `json:"id"`
	Username    string      `json:"username"`
	Party       string      `json:"party"`
	Role        access.Role `json:"role"`
	DisplayName string      `json:"display_name"`
	Disabled    bool        `json:"disabled"`
	Created     string      `json:"created"`
}

// Token is an API token's metadata; its secret is shown once and stored
// hashed, outside the log.
type Token struct {
	ID      string `json:"id"`
	UserID  string `json:"user_id"`
	Name    string `json:"name"`
	Created string `json:"created"`
	Expires string `json:"expires,omitempty"`
	Revoked string `json:"revoked,omitempty"`
	// Scope is ScopeFull ("", omitted) or ScopeRead (a read-only link
	// token, refused on every write).
	Scope string `json:"scope,omitempty"`
}

// Entry kinds of this domain and their payloads. Payloads carry everything a
// projection needs; secrets never appear in them.
//
// party.created, party.co_chair_changed and party.retired change the centre's
// membership. Outside the bootstrap (truce init, demo, CLI administration of
// a stopped node) they are written only by package membership, in the same
// batch as the co-chair agreement that completes a proposal, and cite it.
const (
	KindPartyCreated       = "party.created"
	KindPartyCoChairChange = "party.co_chair_changed"
	KindPartyRetired       = "party.retired"
	KindUserCreated        = "user.created"
	KindUserDisabled       = "user.disabled"
	KindTokenIssued        = "token.issued"
	KindTokenRevoked       = "token.revoked"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		KindPartyCreated,
		KindPartyCoChairChange,
		KindPartyRetired,
		KindUserCreated,
		KindUserDisabled,
		KindTokenIssued,
		KindTokenRevoked,
	}
}

// PartyCreated is the payload of party.created. Proposal is the membership
// proposal that admitted the party ("" for a founding party).
type PartyCreated struct {
	Party    Party  `json:"party"`
	Proposal string `json:"proposal,omitempty"`
}

// PartyCoChairChanged is the payload of party.co_chair_changed: party
// PartyID is (CoChair) or is no longer a co-chair, by Proposal.
type PartyCoChairChanged struct {
	PartyID  string `json:"party_id"`
	CoChair  bool   `json:"co_chair"`
	Proposal string `json:"proposal"`
}

// PartyRetired is the payload of party.retired: party PartyID left the
// centre (and, if it was one, is no longer a co-chair), by Proposal.
type PartyRetired struct {
	PartyID  string `json:"party_id"`
	Proposal string `json:"proposal"`
}

// UserCreated is the payload of user.created.
type UserCreated struct {
	User User `json:"user"`
}

// UserDisabled is the payload of user.disabled.
type UserDisabled struct {
	UserID string `json:"user_id"`
}

// TokenIssued is the payload of token.issued.
type TokenIssued struct {
	Token Token `json:"token"`
}

// TokenRevoked is the payload of token.revoked.
type TokenRevoked struct {
	TokenID string `json:"token_id"`
}

// ReadAudit records one read of sensitive (AMBER, AMBER+STRICT, RED)
// content.
type ReadAudit struct {
	ID          int64      `json:"id"`
	Time        string     `json:"time"`
	Reader      string     `json:"reader"` // username
	ReaderParty string     `json:"reader_party"`
	OwnerParty  string     `json:"owner_party"`
	Kind        string     `json:"kind"`    // what was read: entry kind or record type
	Subject     string     `json:"subject"` // the record's id
	TLP         access.TLP `json:"tlp"`
	Path        string     `json:"path"` // api, stream, export, search, ogc, …
}

// UserSubject returns the log subject of user id, "user:<id>".
func UserSubject(id string) string { return "user:" + id }

// TokenSubject returns the log subject of API token id, "token:<id>".
func TokenSubject(id string) string { return "token:" + id }

// PartySubject returns the log subject of party id, "party:<id>".
func PartySubject(id string) string { return "party:" + id }

// IsUserKind reports whether an entry of kind belongs to the user family
// ("user." and a verb): a user created, disabled, or any change to a user
// that a later version logs. Credential caches are cleared on every such
// entry, so a kind added later clears them without being listed here.
func IsUserKind(kind string) bool {
	return strings.HasPrefix(kind, "user.") && len(kind) > len("user.")
}

// IsPartyKind reports whether an entry of kind belongs to the party family
// ("party." and a verb): a party's creation, retirement, co-chair change,
// and any party change a later version logs.
func IsPartyKind(kind string) bool {
	return strings.HasPrefix(kind, "party.") && len(kind) > len("party.")
}
