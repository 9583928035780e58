-- A stored response (a bid's is ~2.7 KB) was the row of a WITHOUT ROWID table keyed by
-- (account_id, key): at most ~1 KB of it stays in the leaf, so each record took a random leaf
-- holding three or four records (split every few inserts) and an overflow page of its own.
-- Those leaves outgrew the writer's cache, and the lookup and insert of every keyed write read
-- and rewrote them: 40% of the bid submission rate (docs/performance.md, round 7). Now the
-- records are appended in arrival order (a whole row fits in one leaf of a rowid table) and the
-- key is found through a narrow index of (account_id, key), ~80 bytes an entry.
CREATE TABLE idempotency_records (
  id           INTEGER PRIMARY KEY,
  account_id   TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  location     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  body         TEXT NOT NULL
) STRICT;

INSERT INTO idempotency_records (account_id, key, request_hash, status, location, created_at, body)
  SELECT account_id, key, request_hash, status, location, created_at, body FROM idempotency_keys
  ORDER BY created_at, account_id, key;

DROP TABLE idempotency_keys;
ALTER TABLE idempotency_records RENAME TO idempotency_keys;
CREATE UNIQUE INDEX idempotency_keys_by_account_and_key ON idempotency_keys (account_id, key);
