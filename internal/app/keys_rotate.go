package app

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"truce/internal/federation/peertls"
	"truce/internal/federation/roster"
	"truce/internal/witness"
)

// RotationDir is the directory of a party node's data directory that holds
// the key files of a rotation this node proposed ('truce federation
// rotate') and that is not in force yet: node.key and node.vkey (the new
// log key), witness.key, peer-tls.key and peer-tls.crt, each only if
// rotated. The node switches to them when it starts with a roster in
// force that names them (PromoteRotation).
const RotationDir = "rotation-pending"

// Rotation is what a rotation changes in this node's roster entry: the new
// value of each rotated key, "" for one that is not rotated.
type Rotation struct {
	LogKey     string `json:"log_key,omitempty"`
	WitnessKey string `json:"witness_key,omitempty"`
	TLSPin     string `json:"tls_pin,omitempty"`
}

// RotationKinds says which keys a rotation replaces.
type RotationKinds struct{ LogKey, WitnessKey, TLS bool }

// ErrRotationPending is returned (wrapped) by PrepareRotation when the
// data directory already holds a pending rotation.
var ErrRotationPending = errors.New("a key rotation is already pending")

// PrepareRotation generates the new key files of kinds for the node in dir
// into RotationDir: secrets with mode 0600, all written in a temporary
// directory that is renamed into place, so that RotationDir holds either
// every new file or none. It returns the new values for the node's roster
// entry. It refuses (ErrRotationPending) if a rotation is pending, and
// writes nothing on error. The files in use are not touched.
func PrepareRotation(dir string, kinds RotationKinds) (Rotation, error) {
	if !kinds.LogKey && !kinds.WitnessKey && !kinds.TLS {
		return Rotation{}, errors.New("app: rotate: name at least one key to rotate")
	}
	keys, err := LoadNodeKeys(dir)
	if err != nil {
		return Rotation{}, err
	}
	pending := filepath.Join(dir, RotationDir)
	if _, err := os.Stat(pending); err == nil {
		return Rotation{}, fmt.Errorf("app: rotate: %s: %w (wait until it is in force and switched to: a new log key at the node's next start; if its proposal was refused, remove that directory)", pending, ErrRotationPending)
	}
	tmp, err := os.MkdirTemp(dir, ".rotation-")
	if err != nil {
		return Rotation{}, fmt.Errorf("app: rotate: %w", err)
	}
	defer os.RemoveAll(tmp) // nothing left once renamed
	origin := keys.Origin()
	var rot Rotation
	if kinds.LogKey {
		nk, err := CreateNodeKeys(tmp, origin)
		if err != nil {
			return Rotation{}, fmt.Errorf("app: rotate: log key: %w", err)
		}
		rot.LogKey = nk.VerifierKey
	}
	if kinds.WitnessKey {
		w, _, err := witness.LoadOrCreateKey(filepath.Join(tmp, WitnessKeyFile), origin+"/witness")
		if err != nil {
			return Rotation{}, fmt.Errorf("app: rotate: witness key: %w", err)
		}
		rot.WitnessKey = w.VerifierKey()
	}
	if kinds.TLS {
		id, err := peertls.Create(tmp, origin)
		if err != nil {
			return Rotation{}, fmt.Errorf("app: rotate: TLS identity: %w", err)
		}
		rot.TLSPin = id.Pin()
	}
	if err := syncDir(tmp); err != nil {
		return Rotation{}, err
	}
	if err := os.Rename(tmp, pending); err != nil {
		return Rotation{}, fmt.Errorf("app: rotate: %w", err)
	}
	return rot, syncDir(dir)
}

// DiscardRotation removes the pending rotation of the node in dir (its
// proposal was refused, so its files will never be in force).
func DiscardRotation(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, RotationDir)); err != nil {
		return fmt.Errorf("app: discard rotation: %w", err)
	}
	return nil
}

// rotatedFiles are the files of each kind of key, as the data directory
// and RotationDir name them.
var rotatedFiles = []struct {
	kind  string
	live  bool // a running node switches to it (PromoteLive)
	files []string
	value func(dir string) (string, error) // the roster value of the files in dir
	entry func(m roster.Member) string     // the roster value in force
}{
	{"log key", false, []string{SignerKeyFile, VerifierKeyFile}, func(dir string) (string, error) {
		k, err := LoadNodeKeys(dir)
		if err != nil {
			return "", err
		}
		return k.VerifierKey, nil
	}, func(m roster.Member) string { return m.LogKey }},
	{"witness key", true, []string{WitnessKeyFile}, func(dir string) (string, error) {
		w, _, err := witness.LoadOrCreateKey(filepath.Join(dir, WitnessKeyFile), "")
		if err != nil {
			return "", err
		}
		return w.VerifierKey(), nil
	}, func(m roster.Member) string { return m.WitnessKey }},
	{"TLS certificate", true, []string{peertls.KeyFile, peertls.CertFile}, func(dir string) (string, error) {
		id, err := peertls.Load(dir)
		if err != nil {
			return "", err
		}
		return id.Pin(), nil
	}, func(m roster.Member) string { return m.TLSPin }},
}

// PromoteRotation switches the node in dir to the pending key files whose
// new value the roster in force r names for this node's entry (self):
// each file in use is renamed NAME.retired-vN (N is r's version, so that
// checkpoints signed before stay verifiable), then the pending one takes
// its name. A pending key the roster does not name yet is left pending
// and logged. RotationDir is removed once nothing is pending. It is
// idempotent, and resumes a promotion cut short (a file in use already
// retired). It is called when the node opens, so that a node stopped
// across the roster change switches at its next start; a running node
// switches its witness key and TLS certificate when the change comes into
// force (PromoteLive).
func PromoteRotation(dir string, r *roster.Roster, self roster.Member, log *slog.Logger) error {
	_, err := promote(dir, r, self, log, false)
	return err
}

// PromoteLive is PromoteRotation for a running node: it switches the keys
// a running node can switch without a restart (the witness key and the TLS
// certificate) and leaves a pending log key for the next start. It
// reports whether it switched any.
func PromoteLive(dir string, r *roster.Roster, self roster.Member, log *slog.Logger) (bool, error) {
	return promote(dir, r, self, log, true)
}

// promote is PromoteRotation, of the live kinds only if liveOnly.
func promote(dir string, r *roster.Roster, self roster.Member, log *slog.Logger, liveOnly bool) (bool, error) {
	pending := filepath.Join(dir, RotationDir)
	if _, err := os.Stat(pending); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	left, switched := 0, false
	for _, rf := range rotatedFiles {
		if _, err := os.Stat(filepath.Join(pending, rf.files[0])); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if liveOnly && !rf.live {
			left++
			continue
		}
		v, err := rf.value(pending)
		if err != nil {
			return switched, fmt.Errorf("app: pending rotation: %s: %w", rf.kind, err)
		}
		if v != rf.entry(self) {
			left++
			log.Warn("key rotation pending: the roster in force does not name the new key yet; this node goes on with the one in use",
				"key", rf.kind, "version", r.Version, "pending", filepath.Join(RotationDir, rf.files[0]))
			continue
		}
		for _, name := range rf.files {
			cur, next := filepath.Join(dir, name), filepath.Join(pending, name)
			retired := fmt.Sprintf("%s.retired-v%d", cur, r.Version)
			if _, err := os.Stat(cur); err == nil {
				if _, err := os.Stat(retired); err == nil {
					return switched, fmt.Errorf("app: pending rotation: %s exists: refusing to overwrite a retired key", retired)
				}
				if err := os.Rename(cur, retired); err != nil {
					return switched, fmt.Errorf("app: pending rotation: %w", err)
				}
			}
			if err := os.Rename(next, cur); err != nil {
				return switched, fmt.Errorf("app: pending rotation: %w", err)
			}
		}
		switched = true
		if err := syncDir(dir); err != nil {
			return switched, err
		}
		log.Info("key rotation in force: this node now uses its new key; the old one is kept as *.retired-v"+fmt.Sprint(r.Version),
			"key", rf.kind, "version", r.Version, "files", strings.Join(rf.files, ","))
	}
	if left == 0 {
		if err := os.RemoveAll(pending); err != nil {
			return switched, fmt.Errorf("app: pending rotation: %w", err)
		}
	}
	return switched, nil
}

// promoteRotation runs PromoteRotation on the party node of party in dir
// with the roster installed there, if any.
func promoteRotation(dir, party string, log *slog.Logger) error {
	if party == "" {
		return nil
	}
	r, err := roster.LoadInstalled(dir)
	if errors.Is(err, roster.ErrNotInstalled) {
		return nil
	}
	if err != nil {
		return err
	}
	self, ok := r.ByParty(party)
	if !ok || self.Hosted() {
		return nil
	}
	return PromoteRotation(dir, r, self, log)
}

// rotationFiles returns the key files of rotations in dir, relative to
// it: the retired ones (NAME.retired-vN, left by promotions) and those of
// a pending rotation (RotationDir/NAME). A backup carries them: without
// the retired verifier keys the node's older checkpoints do not verify,
// and without the pending files a node restored after its rotation's
// proposal was logged could never switch to the keys the roster names.
func rotationFiles(dir string) ([]string, error) {
	var out []string
	for _, rf := range rotatedFiles {
		for _, name := range rf.files {
			retired, err := filepath.Glob(filepath.Join(dir, name+".retired-v*"))
			if err != nil {
				return nil, fmt.Errorf("app: rotation files: %w", err)
			}
			for _, p := range retired {
				out = append(out, filepath.Base(p))
			}
			if _, err := os.Stat(filepath.Join(dir, RotationDir, name)); err == nil {
				out = append(out, filepath.Join(RotationDir, name))
			}
		}
	}
	return out, nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("app: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("app: sync %s: %w", dir, err)
	}
	return nil
}
