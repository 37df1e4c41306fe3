package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/federation/mirror"
	"truce/internal/federation/roster"
	"truce/internal/store"
	"truce/internal/witness"
)

// FederationOptions say what Federation checks. Trust comes from the
// roster, installed out of band: each member's origin and log key, the
// other members' witness keys and the quorum.
type FederationOptions struct {
	Roster *roster.Roster
	// Nodes maps a member party to the base URL of its node's public API,
	// where it serves /log/checkpoint and /log/tile/… (C2SP). The roster's
	// URLs are the federation listener's, which only members may reach.
	Nodes map[string]string
	// StateDir holds the checkpoint of each member saved by the previous
	// run, and the evidence files written. It is created if missing.
	StateDir string
	// Data, if set, is the store of this party's own node: every entry
	// held in its mirror of a member must verify against that member's
	// tree.
	Data *store.DB
	// DataOrigin is the origin of Data's own node, whose log is its own
	// and not a mirror ("" if unknown).
	DataOrigin string
	Client     *http.Client
	// Progress, if set, is told each step.
	Progress func(string)
	// MaxAge is the age beyond which a checkpoint whose newest
	// cosignature is older is stale, as a mirror judges it; 0 or less
	// never checks it.
	MaxAge time.Duration
	// Now is the clock of the age check and of evidence (time.Now if nil).
	Now func() time.Time
}

// MemberVerdict is what Federation established about one member.
type MemberVerdict struct {
	Party  string
	Origin string
	OK     bool
	// Reason says what was verified, or what was wrong and what to do.
	Reason string
	// Evidence is the file the evidence was written to, "" if none, and
	// Proves what 'truce verify --evidence' finds it proves ("" if it does
	// not prove its kind).
	Evidence string
	Proves   string
}

// Federation checks the log of every member of o.Roster with a node of
// its own, from outside, through the public C2SP endpoints of o.Nodes: the
// checkpoint's signature by the member's log key and its origin, the quorum
// of cosignatures by the other members' witnesses, consistency with the
// member's checkpoint saved in o.StateDir by the previous run (the first
// run trusts what it sees and says so), and, with o.Data, that every entry
// mirrored from the member verifies against its tree. A checkpoint that
// lacks the quorum, is stale (o.MaxAge), rolls back or forks is written as evidence in the
// mirror's format (mirror.Evidence), re-checked with mirror.VerifyEvidence.
// A verified checkpoint replaces the saved one (even when o.Data then
// fails); a failing one MUST NOT and never does. Hosted members get a
// verdict naming the log that holds their statements. It returns one
// verdict per member, in roster order; the error is for what stops the
// whole check (no roster, an unusable state directory).
func Federation(ctx context.Context, o FederationOptions) ([]MemberVerdict, error) {
	if o.Roster == nil {
		return nil, errors.New("verify: federation: no roster")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	st, err := openState(o.StateDir)
	if err != nil {
		return nil, err
	}
	var out []MemberVerdict
	for _, m := range o.Roster.Members {
		if m.Hosted() {
			out = append(out, MemberVerdict{Party: m.Party, OK: true,
				Reason: fmt.Sprintf("hosted on %s's node: its statements are in %s's log, checked on its own line", m.HostedBy, m.HostedBy)})
			continue
		}
		v := checkMember(ctx, o, st, m)
		out = append(out, v)
	}
	return out, nil
}

// checkMember checks one member with a node of its own.
func checkMember(ctx context.Context, o FederationOptions, st *stateDir, m roster.Member) MemberVerdict {
	v := MemberVerdict{Party: m.Party, Origin: m.Origin}
	fail := func(format string, args ...any) MemberVerdict {
		v.Reason = fmt.Sprintf(format, args...)
		return v
	}
	url := o.Nodes[m.Party]
	if url == "" {
		return fail("no public URL for %s's node: give --member %s=URL (the base URL of its API, where it serves /log/checkpoint)", m.Party, m.Party)
	}
	logKey, wkeys, err := memberKeys(o.Roster, m)
	if err != nil {
		return fail("%v: correct the roster (ask the member for its card)", err)
	}
	saved, err := st.checkpoint(m.Origin)
	if err != nil {
		return fail("%v", err)
	}
	progress := func(s string) {
		if o.Progress != nil {
			o.Progress(m.Party + ": " + s)
		}
	}
	retired, err := retiredKeys(m)
	if err != nil {
		return fail("%v: correct the roster (ask the member for its card)", err)
	}
	res, err := Remote(ctx, RemoteOptions{URL: url, LogKey: logKey, RetiredLogKeys: retired, WitnessKeys: wkeys, Quorum: o.Roster.Quorum,
		Saved: saved, Client: o.Client, Progress: progress})
	var ce *CheckpointError
	if errors.As(err, &ce) {
		return withEvidence(o, st, m, logKey, wkeys, ce, v)
	}
	if err != nil {
		return fail("%v (check --member %s=%s is its node's public URL and reachable, and the roster is the one in force)", err, m.Party, url)
	}
	if now := o.Now(); o.MaxAge > 0 && res.NewestCosignature.Before(now.Add(-o.MaxAge)) {
		return withEvidence(o, st, m, logKey, wkeys, &CheckpointError{Kind: mirror.KindStale, Checkpoints: [][]byte{res.Note},
			Err: fmt.Errorf("STALE: the newest cosignature of its checkpoint of %d entries is from %s, more than %s ago: the node may be showing a frozen view, or its peers' witnesses are out of reach",
				res.Checkpoint.N, res.NewestCosignature.UTC().Format(time.RFC3339), o.MaxAge)}, v)
	}
	cp := res.Checkpoint
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d entries, root %s, cosigned by %d of the other members' witnesses (quorum %d)", cp.N, cp.Hash, len(res.Cosigners), o.Roster.Quorum)
	if saved == nil {
		sb.WriteString("; FIRST RUN: no saved checkpoint, this one is trusted on first use and saved: later runs prove the log only grew from it")
	} else {
		sb.WriteString("; consistent with the checkpoint saved by the previous run")
	}
	// The member's log verified: its checkpoint is saved even if this
	// node's own copy of it turns out altered below.
	if err := st.save(m.Origin, res.Note); err != nil {
		return fail("%s; but %v", sb.String(), err)
	}
	if o.Data != nil && m.Origin == o.DataOrigin {
		sb.WriteString("; this is --data's own node, whose log is not a mirror (check its store with truce verify --deep)")
	} else if o.Data != nil {
		progress("checking the entries mirrored in --data")
		rep, err := checkMirrored(ctx, o.Data, m, o.Roster.Hosts(m.Party), res)
		if err != nil {
			return fail("%s; but MIRROR MISMATCH in --data: %v", sb.String(), err)
		}
		sb.WriteString("; " + rep)
	}
	v.OK, v.Reason = true, sb.String()
	return v
}

// memberKeys returns m's log key and the witness keys of every other
// member with a node, as the roster gives them.
func memberKeys(r *roster.Roster, m roster.Member) (note.Verifier, []note.Verifier, error) {
	logKey, err := note.NewVerifier(m.LogKey)
	if err != nil {
		return nil, nil, fmt.Errorf("roster member %s: log_key: %w", m.Party, err)
	}
	if logKey.Name() != m.Origin {
		return nil, nil, fmt.Errorf("roster member %s: log_key is named %q, not its origin %q", m.Party, logKey.Name(), m.Origin)
	}
	var ws []note.Verifier
	for _, o := range r.Members {
		if o.Party == m.Party || o.Hosted() || o.WitnessKey == "" {
			continue
		}
		w, err := witness.ParseCosignatureVerifier(o.WitnessKey)
		if err != nil {
			return nil, nil, fmt.Errorf("roster member %s: witness_key: %w", o.Party, err)
		}
		ws = append(ws, w)
	}
	return logKey, ws, nil
}

// retiredKeys returns m's retired log keys (each named after its origin):
// they verify the checkpoints saved before m's node rotated its key.
func retiredKeys(m roster.Member) ([]note.Verifier, error) {
	var out []note.Verifier
	for _, k := range m.RetiredLogKeys {
		v, err := note.NewVerifier(k)
		if err != nil || v.Name() != m.Origin {
			return nil, fmt.Errorf("roster member %s: retired_log_keys: %q is not a log key named %q", m.Party, k, m.Origin)
		}
		out = append(out, v)
	}
	return out, nil
}

// withEvidence writes ce as evidence about m, checks it as 'truce verify
// --evidence' would, and returns the failing verdict naming the file.
func withEvidence(o FederationOptions, st *stateDir, m roster.Member, logKey note.Verifier, wkeys []note.Verifier, ce *CheckpointError, v MemberVerdict) MemberVerdict {
	ev := &mirror.Evidence{ID: newEvidenceID(), Origin: m.Origin, Party: m.Party, Kind: ce.Kind, Time: o.Now().UTC(),
		Detail: "truce verify --federation: " + ce.Error(), Checkpoints: ce.Checkpoints, Leaves: ce.Leaves}
	if ce.Kind == mirror.KindStale {
		ev.MaxAge = o.MaxAge
	}
	retired, _ := retiredKeys(m) // checked before the member's log was read
	peer := mirror.Peer{Party: m.Party, Origin: m.Origin, LogKey: logKey, RetiredLogKeys: retired, Witnesses: wkeys, Quorum: o.Roster.Quorum}
	proves, perr := mirror.VerifyEvidence(ev, peer)
	what := ce.Error()
	if kind := strings.ToUpper(string(ce.Kind)); !strings.HasPrefix(what, kind) {
		what = kind + ": " + what
	}
	path, err := st.saveEvidence(ev)
	if err != nil {
		v.Reason = fmt.Sprintf("%s; and %v", what, err)
		return v
	}
	v.Evidence, v.Proves = path, proves
	check := fmt.Sprintf("check it with: truce verify --evidence %s --log-key %s", path, m.LogKey)
	switch ce.Kind {
	case mirror.KindNoQuorum:
		check += fmt.Sprintf(" --witness-key <each other member's witness_key> --quorum %d", o.Roster.Quorum)
	case mirror.KindStale:
		check += " --witness-key <each other member's witness_key>"
	}
	switch {
	case perr == nil:
		v.Reason = fmt.Sprintf("%s; evidence written to %s (%s); %s; send it to every member", what, path, proves, check)
	default:
		why := perr.Error()
		if ce.LeavesErr != nil {
			why = fmt.Sprintf("the node's commitments could not be read: %v", ce.LeavesErr)
		}
		v.Reason = fmt.Sprintf("%s; the signed checkpoints are written to %s, but they do not prove it offline (%s): keep them and ask the member to explain", what, path, why)
	}
	return v
}
