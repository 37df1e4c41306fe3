package cli

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/sitrep"
	"truce/internal/witness"
)

// runSitrepVerify checks an issued report file against a node's log: the
// file's hash is the one a sitrep.issued entry logs, and that entry is in
// the tree of a checkpoint signed by the node's key (and cosigned by the
// quorum of the witnesses given). Nothing the node says is trusted.
func runSitrepVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "sitrep verify", "--node URL --key KEY [--witness-key KEY…] [--token TOKEN] --date YYYY-MM-DD FILE", `
Checks that FILE is the situation report the node issued for --date (the
JSON GET /api/v1/reports/sitrep/issued/DATE/SHA256 serves): its SHA-256 is
the one the period's sitrep.issued entry logs, and that entry is included in
a checkpoint signed by --key (and cosigned by the --quorum of --witness-key).
An altered report, or one never issued, fails with NOT VERIFIED. Either
issue of a corrected period verifies; the command then says what the issue
corrects, whether a correction supersedes it and who signed it off (as the
node lists them).`)
	node := fs.String("node", "http://127.0.0.1:8080", "base `URL` of the node")
	date := fs.String("date", "", "the report's `day`, YYYY-MM-DD")
	token := fs.String("token", "", "API `token` (optional: the public is shown the log in delayed batches, a member as it grows)")
	trust := addTrustFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *date == "" {
		return usagef("give --date and one FILE")
	}
	logKey, wkeys, quorum, err := trust.parse()
	if err != nil {
		return err
	}
	body, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	base := strings.TrimRight(*node, "/")
	var issued struct {
		Reports []sitrep.IssuedReport `json:"reports"`
	}
	if err := getJSON(ctx, base+"/api/v1/reports/sitrep/issued/"+*date, *token, &issued); err != nil {
		return err
	}
	seq := int64(-1)
	var rep sitrep.IssuedReport
	for _, r := range issued.Reports {
		if r.SHA256 == sha {
			seq, rep = r.Seq, r
		}
	}
	if seq < 0 {
		return fmt.Errorf("NOT VERIFIED: no report issued for %s has this file's SHA-256 %s (it was altered, or never issued)", *date, sha)
	}
	var entry struct {
		Canonical string `json:"canonical"`
		Proof     *struct {
			TreeSize   int64    `json:"tree_size"`
			Hashes     []string `json:"hashes"`
			Checkpoint string   `json:"checkpoint"`
		} `json:"proof"`
	}
	if err := getJSON(ctx, fmt.Sprintf("%s/api/v1/log/entries/%d", base, seq), *token, &entry); err != nil {
		return err
	}
	if entry.Proof == nil {
		return fmt.Errorf("no signed checkpoint covers entry %d yet: retry in a second", seq)
	}
	cp, _, err := witness.VerifyCosigned([]byte(entry.Proof.Checkpoint), logKey, wkeys, quorum)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: checkpoint: %w", err)
	}
	canonical, err := base64.StdEncoding.DecodeString(entry.Canonical)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: entry %d: %w", seq, err)
	}
	proof := make(tlog.RecordProof, len(entry.Proof.Hashes))
	for i, h := range entry.Proof.Hashes {
		b, err := base64.StdEncoding.DecodeString(h)
		if err != nil || len(b) != len(tlog.Hash{}) {
			return fmt.Errorf("NOT VERIFIED: entry %d: malformed proof", seq)
		}
		copy(proof[i][:], b)
	}
	p, err := sitrep.VerifyIssued(body, canonical, seq, proof, tlog.Tree{N: cp.Size, Hash: cp.Root})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "verified: the report of %s (%s, %s) is entry %d of %s, in its checkpoint of %d entries\n",
		p.Date, p.Lang, sha, seq, cp.Origin, cp.Size)
	fmt.Fprintln(env.Stdout, issueStanding(p, rep))
	return nil
}

// issueStanding says where a verified issue stands: what it corrects
// (from its verified entry p), whether a correction supersedes it, and
// who signed it off (both as the node lists them).
func issueStanding(p *sitrep.Issued, rep sitrep.IssuedReport) string {
	var b strings.Builder
	if p.Supersedes != "" {
		fmt.Fprintf(&b, "it corrects the report %s: %s\n", p.Supersedes, p.Reason)
	}
	if rep.SupersededBy != "" {
		fmt.Fprintf(&b, "SUPERSEDED by the correction %s (entry %d): verify and read that one\n", rep.SupersededBy, rep.SupersededSeq)
	} else {
		b.WriteString("it is the newest issue of its period and language\n")
	}
	if rep.Agreed {
		fmt.Fprintf(&b, "agreed by %s", strings.Join(rep.AgreedBy, ", "))
	} else {
		fmt.Fprintf(&b, "not agreed yet: pending %s", strings.Join(rep.Pending, ", "))
	}
	return b.String()
}

// getJSON decodes the JSON answer of a GET of url (with token, if set)
// into v; a non-200
// answer is an error with the problem's detail.
func getJSON(ctx context.Context, url, token string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var p struct{ Detail string }
		_ = json.Unmarshal(b, &p)
		return fmt.Errorf("%s: %s %s", url, resp.Status, p.Detail)
	}
	return json.Unmarshal(b, v)
}
