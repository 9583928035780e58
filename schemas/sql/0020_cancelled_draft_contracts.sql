-- A contract that never came into force is cancelled, not terminated (decision 59): a draft
-- ended by the purchaser, or one an upheld challenge sent back to the award. The tender may then
-- get another contract, for its new award, while the first stays on record as cancelled. One
-- contract per tender holds among those not cancelled.
-- SQLite cannot change a column's constraints in place, so the table is rebuilt; the rows that
-- reference contracts are left alone (deferred checks: the parent rows are back before COMMIT).
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE contracts_before AS SELECT * FROM contracts;
DROP TABLE contracts;

CREATE TABLE contracts (
  id                         TEXT PRIMARY KEY,
  tender_id                  TEXT NOT NULL REFERENCES tenders (id),
  bid_id                     TEXT NOT NULL REFERENCES bids (id),
  purchaser_id               TEXT NOT NULL REFERENCES organizations (id),
  supplier_id                TEXT NOT NULL REFERENCES organizations (id),
  version                    INTEGER NOT NULL,
  state                      TEXT NOT NULL CHECK (state IN ('draft', 'active', 'completed', 'terminated', 'cancelled')),
  original_price_fen         INTEGER NOT NULL,
  price_fen                  INTEGER NOT NULL,
  clients                    INTEGER NOT NULL,
  staffing_standard          INTEGER NOT NULL,
  region                     TEXT NOT NULL,
  service_start              TEXT NOT NULL,
  service_months             INTEGER NOT NULL,
  continuity_justification   TEXT NOT NULL,
  salary_reserve_fen         INTEGER NOT NULL,
  penalty_missing_post_fen   INTEGER NOT NULL,
  penalty_caseload_fen       INTEGER NOT NULL,
  awarded_at                 TEXT NOT NULL,
  purchaser_signed_at        TEXT,
  supplier_signed_at         TEXT,
  late_signing_reason        TEXT NOT NULL DEFAULT '',
  ended_at                   TEXT,
  end_reason                 TEXT NOT NULL DEFAULT '',
  created_at                 TEXT NOT NULL,
  framework_key              TEXT NOT NULL DEFAULT 'anti-drug-social-work',
  framework_version          INTEGER NOT NULL DEFAULT 1
) STRICT;

INSERT INTO contracts SELECT * FROM contracts_before;
-- Drafts terminated before both parties signed were never in force.
UPDATE contracts SET state = 'cancelled'
  WHERE state = 'terminated' AND (purchaser_signed_at IS NULL OR supplier_signed_at IS NULL);
DROP TABLE contracts_before;

CREATE INDEX contracts_by_purchaser ON contracts (purchaser_id, id);
CREATE INDEX contracts_by_supplier ON contracts (supplier_id, id);
CREATE UNIQUE INDEX contracts_one_per_tender ON contracts (tender_id) WHERE state <> 'cancelled';
CREATE INDEX contracts_by_tender ON contracts (tender_id, created_at);
