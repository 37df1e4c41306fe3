-- Keyset pages of the newest-first listings (package listing): each page
-- reads its rows in (seq, id) descending order from an index rather than
-- sorting the whole table.
CREATE INDEX alerts_listing ON alerts (raised_seq, id);
CREATE INDEX messages_listing ON messages (sent_seq, id);
CREATE INDEX flight_reservations_listing ON flight_reservations (first_seq, id);
CREATE INDEX notify_notices_listing ON notify_notices (type, first_seq, id);
