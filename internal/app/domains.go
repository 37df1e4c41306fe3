package app

import (
	"context"

	"truce/internal/sources"
)

// EvidenceDir is the directory under the data directory that holds
// evidence files, content-addressed by SHA-256.
const EvidenceDir = "evidence"

// AttachmentsDir is the directory, in the data directory, of hotline
// attachments (content-addressed).
const AttachmentsDir = "attachments"

// SourcePagesDir is the directory, in the data directory, of the web
// pages open sources were submitted as (content-addressed); their plain
// texts are kept as evidence.
const SourcePagesDir = "sources"

// feedTick is how often the node looks for feeds due to be polled: the
// shortest feed interval.
const feedTick = sources.MinFeedInterval

// knownParty reports whether party exists (the zones and incidents
// services check the parties their records name).
func (a *App) knownParty(ctx context.Context, party string) bool {
	_, err := a.Accounts.Store().Party(ctx, nil, party)
	return err == nil
}

// maxUpload returns the largest evidence file or attachment accepted: the
// configured request body limit (1 MiB if unset), at most limit.
func (a *App) maxUpload(limit int64) int64 {
	maxBody := a.Config.MaxBody
	if maxBody <= 0 {
		maxBody = 1 << 20
	}
	return min(maxBody, limit)
}
