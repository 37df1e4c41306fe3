package roster

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/witness"
)

// testMember returns a valid member with a node of its own and fresh keys.
func testMember(t testing.TB, party string, coChair bool) Member {
	t.Helper()
	origin := "fed.truce.invalid/" + party
	_, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		t.Fatal(err)
	}
	_, wkey, err := witness.GenerateKey("witness.truce.invalid/" + party)
	if err != nil {
		t.Fatal(err)
	}
	spki := make([]byte, 44)
	rand.Read(spki)
	sum := sha256.Sum256(spki)
	return Member{Party: party, Origin: origin, LogKey: vkey, WitnessKey: wkey,
		TLSPin: PinPrefix + hex.EncodeToString(sum[:]), URLs: []string{"https://" + party + ".truce.invalid:8443"},
		CoChair: coChair}
}

// testRoster returns a valid roster of us and ru (co-chairs, with nodes),
// un (a node) and ngo (hosted by un), quorum 1.
func testRoster(t testing.TB) *Roster {
	t.Helper()
	return &Roster{Federation: "test-centre", Version: 1, Quorum: 1, Members: []Member{
		testMember(t, "us", true), testMember(t, "ru", true), testMember(t, "un", false),
		{Party: "ngo", HostedBy: "un"},
	}}
}
