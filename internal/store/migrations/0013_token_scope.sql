-- A token's scope: '' for a full API token, 'read' for a read-only link
-- token (refused on every write). Set from the token.issued entry.
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';
