-- Joint state (federation/joint): the subject of every mirrored entry with
-- content, so that a record's entries across logs are found by subject,
-- those without a projection (findings, roster changes) included.
-- Node-local (local_): derived from local_mirror_entries, filled when a
-- chunk is stored and here for what was mirrored before.
CREATE TABLE local_mirror_subjects (
    origin  TEXT   NOT NULL,
    seq     BIGINT NOT NULL,
    subject TEXT   NOT NULL,
    PRIMARY KEY (origin, seq)
);
CREATE INDEX local_mirror_subjects_subject ON local_mirror_subjects (subject, origin, seq);

INSERT INTO local_mirror_subjects (origin, seq, subject)
    SELECT origin, seq, convert_from(content, 'UTF8')::jsonb ->> 'subject' FROM local_mirror_entries
    WHERE content IS NOT NULL AND convert_from(content, 'UTF8')::jsonb ->> 'subject' IS NOT NULL;
