package cli

import (
	"context"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/membership"
)

// TestPartyAddOnlyFoundsTheCentre: truce party add creates founding
// parties on a stopped node, and refuses once membership is by proposal.
func TestPartyAddOnlyFoundsTheCentre(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"TRUCE_ADMIN_PASSWORD": "correct horse battery"}
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, env, args...)
		if code != 0 {
			t.Fatalf("truce %v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	mustRun("init", "--data", dir, "--origin", "cli.truce.invalid/party", "--party", "un", "--admin", "un-admin")
	mustRun("party", "add", "--data", dir, "--id", "us", "--name", "United States", "--kind", "military", "--co-chair")
	if out := mustRun("party", "list", "--data", dir); !strings.Contains(out, `"id":"us"`) || !strings.Contains(out, `"co_chair":true`) {
		t.Fatalf("party list: %s", out)
	}

	// A proposal made: membership is by agreement from now on.
	ctx := context.Background()
	a, closeFn, err := openOffline(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	us := access.Principal{UserID: "usr_x", Username: "us-liaison", Party: "us", Role: access.RoleLiaison, CoChair: true}
	_, err = membership.NewService(membership.Deps{Store: a.DB.Membership(), Log: a.Sequencer}).Propose(ctx, us, membership.Spec{Kind: membership.KindAddParty,
		NewParty: &accounts.NewParty{ID: "ngo", Name: "NGO", Kind: "agency"}})
	closeFn()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, env, "party", "add", "--data", dir, "--id", "ru", "--name", "Russia", "--kind", "military", "--co-chair")
	if code == 0 || !strings.Contains(errOut, "propose the party through the API") {
		t.Fatalf("party add after a proposal: exit %d, %q", code, errOut)
	}
}
