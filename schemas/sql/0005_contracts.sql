-- Contracts, payment schedules, amendments.

CREATE TABLE contracts (
  id                         TEXT PRIMARY KEY,
  tender_id                  TEXT NOT NULL UNIQUE REFERENCES tenders (id),
  bid_id                     TEXT NOT NULL REFERENCES bids (id),
  purchaser_id               TEXT NOT NULL REFERENCES organizations (id),
  supplier_id                TEXT NOT NULL REFERENCES organizations (id),
  version                    INTEGER NOT NULL,
  state                      TEXT NOT NULL CHECK (state IN ('draft', 'active', 'completed', 'terminated')),
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
  created_at                 TEXT NOT NULL
) STRICT;
CREATE INDEX contracts_by_purchaser ON contracts (purchaser_id, id);
CREATE INDEX contracts_by_supplier ON contracts (supplier_id, id);

CREATE TABLE contract_staffing (
  contract_id         TEXT NOT NULL REFERENCES contracts (id),
  position            INTEGER NOT NULL,
  level               TEXT NOT NULL,
  count               INTEGER NOT NULL,
  monthly_salary_fen  INTEGER NOT NULL,
  months              INTEGER NOT NULL,
  PRIMARY KEY (contract_id, position)
) STRICT, WITHOUT ROWID;

-- The current schedule. Amendments replace unreleased rows; released rows never change.
CREATE TABLE instalments (
  contract_id          TEXT NOT NULL REFERENCES contracts (id),
  number               INTEGER NOT NULL,
  due_date             TEXT NOT NULL,
  amount_fen           INTEGER NOT NULL,
  condition            TEXT NOT NULL,
  minimum_grade        TEXT NOT NULL DEFAULT '',
  released_at          TEXT,
  released_amount_fen  INTEGER NOT NULL DEFAULT 0,
  deducted_fen         INTEGER NOT NULL DEFAULT 0,
  released_late        INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (contract_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE contract_amendments (
  contract_id      TEXT NOT NULL REFERENCES contracts (id),
  number           INTEGER NOT NULL,
  reason           TEXT NOT NULL,
  added_value_fen  INTEGER NOT NULL,
  proposed_by      TEXT NOT NULL,
  proposed_at      TEXT NOT NULL,
  agreed_at        TEXT,
  schedule         TEXT NOT NULL,  -- "due_date:amount_fen:condition:grade" per instalment, space-separated
  PRIMARY KEY (contract_id, number)
) STRICT, WITHOUT ROWID;
