-- Zone attribution (store/zones_attribution.go). zone_generation has one
-- row: token is replaced by a fresh random value whenever a zone version
-- becomes agreed, in the same transaction, so that an in-memory attributor
-- built from the agreed versions can be reused for as long as the token it
-- was built under is the one a transaction reads (a rolled-back change
-- takes its token with it; "" means unknown: rebuild). engine names the
-- engine whose spatial index of incidents (migrations 0005_*) reattribution
-- uses. It is not a projection: replay and copies start from "".
CREATE TABLE zone_generation (
    id     INTEGER PRIMARY KEY,
    token  TEXT NOT NULL,
    engine TEXT NOT NULL
);
INSERT INTO zone_generation (id, token, engine) VALUES (1, '', 'sqlite');
