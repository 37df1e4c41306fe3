-- A feed's status (issue 22): active feeds are polled; feed.paused,
-- feed.resumed and feed.removed change it, with when and why. Rebuilt by
-- replay.
ALTER TABLE source_feeds ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE source_feeds ADD COLUMN status_changed TEXT NOT NULL DEFAULT '';
ALTER TABLE source_feeds ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
