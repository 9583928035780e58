-- Sealed bids, opening, qualification, the evaluation panel, ranking, award and challenges.

ALTER TABLE tenders ADD COLUMN panel_minimum INTEGER NOT NULL DEFAULT 5;
ALTER TABLE tenders ADD COLUMN abnormal_threshold_bp INTEGER NOT NULL DEFAULT 8000;
ALTER TABLE tenders ADD COLUMN opened_at TEXT;
ALTER TABLE tenders ADD COLUMN evaluated_at TEXT;
ALTER TABLE tenders ADD COLUMN awarded_at TEXT;
ALTER TABLE tenders ADD COLUMN awarded_bid_id TEXT NOT NULL DEFAULT '';
ALTER TABLE tenders ADD COLUMN award_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE tenders ADD COLUMN award_late INTEGER NOT NULL DEFAULT 0;

CREATE TABLE bids (
  id                      TEXT PRIMARY KEY,
  tender_id               TEXT NOT NULL REFERENCES tenders (id),
  supplier_id             TEXT NOT NULL REFERENCES organizations (id),
  version                 INTEGER NOT NULL,
  state                   TEXT NOT NULL CHECK (state IN ('active', 'withdrawn')),
  withdrawn_at            TEXT,
  reviewed                INTEGER NOT NULL DEFAULT 0,
  automatic_pass          INTEGER NOT NULL DEFAULT 0,
  qualified               INTEGER,          -- the purchaser's decision; NULL until made
  qualification_reason    TEXT NOT NULL DEFAULT '',
  abnormal_flagged        INTEGER NOT NULL DEFAULT 0,
  abnormal_reasons        TEXT NOT NULL DEFAULT '',  -- one reason per line
  abnormal_explanation    TEXT NOT NULL DEFAULT '',
  abnormal_accepted       INTEGER
) STRICT;
CREATE INDEX bids_by_tender ON bids (tender_id, id);
-- At most one active bid per supplier and tender, whatever the timing of two requests.
CREATE UNIQUE INDEX bids_one_active ON bids (tender_id, supplier_id) WHERE state = 'active';

CREATE TABLE bid_versions (
  bid_id             TEXT NOT NULL REFERENCES bids (id),
  version            INTEGER NOT NULL,
  price_fen          INTEGER NOT NULL,
  salary_reserve_fen INTEGER NOT NULL,
  profile_version    INTEGER NOT NULL,
  no_serious_violation        INTEGER NOT NULL,
  tax_compliant               INTEGER NOT NULL,
  social_insurance_compliant  INTEGER NOT NULL,
  accepts_terms               INTEGER NOT NULL,
  receipt_hash       TEXT NOT NULL,
  submitted_at       TEXT NOT NULL,
  PRIMARY KEY (bid_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE bid_staffing (
  bid_id          TEXT NOT NULL,
  version         INTEGER NOT NULL,
  position        INTEGER NOT NULL,
  level           TEXT NOT NULL,
  count           INTEGER NOT NULL,
  monthly_salary_fen INTEGER NOT NULL,
  months          INTEGER NOT NULL,
  PRIMARY KEY (bid_id, version, position),
  FOREIGN KEY (bid_id, version) REFERENCES bid_versions (bid_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE bid_sections (
  bid_id    TEXT NOT NULL,
  version   INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  title     TEXT NOT NULL,
  text      TEXT NOT NULL,
  PRIMARY KEY (bid_id, version, position),
  FOREIGN KEY (bid_id, version) REFERENCES bid_versions (bid_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE bid_documents (
  bid_id    TEXT NOT NULL,
  version   INTEGER NOT NULL,
  position  INTEGER NOT NULL,
  sha256    TEXT NOT NULL,
  PRIMARY KEY (bid_id, version, position),
  FOREIGN KEY (bid_id, version) REFERENCES bid_versions (bid_id, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE bid_qualification_checks (
  bid_id    TEXT NOT NULL REFERENCES bids (id),
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  passed    INTEGER NOT NULL,
  detail    TEXT NOT NULL,
  PRIMARY KEY (bid_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE panel_members (
  tender_id       TEXT NOT NULL REFERENCES tenders (id),
  account_id      TEXT NOT NULL REFERENCES accounts (id),
  appointed_at    TEXT NOT NULL,
  declared_at     TEXT,
  removed         INTEGER NOT NULL DEFAULT 0,
  removal_reason  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tender_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE expert_scores (
  tender_id          TEXT NOT NULL REFERENCES tenders (id),
  account_id         TEXT NOT NULL,
  bid_id             TEXT NOT NULL REFERENCES bids (id),
  criterion_index    INTEGER NOT NULL,
  points_hundredths  INTEGER NOT NULL,
  submitted_at       TEXT NOT NULL,
  PRIMARY KEY (tender_id, account_id, bid_id, criterion_index)
) STRICT, WITHOUT ROWID;

CREATE TABLE rankings (
  tender_id     TEXT PRIMARY KEY REFERENCES tenders (id),
  seed          TEXT NOT NULL,
  computed_at   TEXT NOT NULL,
  excluded      TEXT NOT NULL  -- space-separated bid ids
) STRICT;

CREATE TABLE ranking_entries (
  tender_id            TEXT NOT NULL REFERENCES rankings (tender_id),
  rank                 INTEGER NOT NULL,
  bid_id               TEXT NOT NULL,
  supplier_id          TEXT NOT NULL,
  price_fen            INTEGER NOT NULL,
  total                TEXT NOT NULL,  -- exact fraction "n/d"
  subjective_total     TEXT NOT NULL,
  draw_key             TEXT NOT NULL,
  decided_by_tie_rule  INTEGER NOT NULL,
  item_scores          TEXT NOT NULL,  -- exact fractions, space-separated, in criterion order
  PRIMARY KEY (tender_id, rank)
) STRICT, WITHOUT ROWID;

CREATE TABLE challenges (
  id             TEXT PRIMARY KEY,
  tender_id      TEXT NOT NULL REFERENCES tenders (id),
  challenger_id  TEXT NOT NULL REFERENCES organizations (id),
  text           TEXT NOT NULL,
  filed_at       TEXT NOT NULL,
  answer_due     TEXT NOT NULL,
  answer         TEXT,
  answered_at    TEXT,
  upheld         INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX challenges_by_tender ON challenges (tender_id, id);
