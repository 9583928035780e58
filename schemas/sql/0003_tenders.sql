-- Catalogue, salary benchmarks, cost estimates, tenders, amendments and clarifications.

CREATE TABLE catalogue_items (
  code                          TEXT NOT NULL,
  version                       INTEGER NOT NULL CHECK (version >= 1),
  name                          TEXT NOT NULL,
  category                      TEXT NOT NULL,
  unit                          TEXT NOT NULL,
  minimum_years_established     INTEGER NOT NULL,
  minimum_certified_share_bp    INTEGER NOT NULL,
  no_serious_violation          INTEGER NOT NULL CHECK (no_serious_violation IN (0, 1)),
  tax_and_insurance_compliance  INTEGER NOT NULL CHECK (tax_and_insurance_compliance IN (0, 1)),
  staffing_standard             INTEGER NOT NULL CHECK (staffing_standard >= 1),
  service_steps                 TEXT NOT NULL,  -- space-separated step names
  created_at                    TEXT NOT NULL,
  PRIMARY KEY (code, version)
) STRICT, WITHOUT ROWID;

CREATE TABLE salary_benchmarks (
  region                 TEXT NOT NULL,
  year                   INTEGER NOT NULL,
  none_fen               INTEGER NOT NULL CHECK (none_fen > 0),
  assistant_fen          INTEGER NOT NULL CHECK (assistant_fen > 0),
  social_worker_fen      INTEGER NOT NULL CHECK (social_worker_fen > 0),
  senior_fen             INTEGER NOT NULL CHECK (senior_fen > 0),
  pension_bp             INTEGER NOT NULL,
  medical_bp             INTEGER NOT NULL,
  unemployment_bp        INTEGER NOT NULL,
  work_injury_bp         INTEGER NOT NULL,
  housing_fund_bp        INTEGER NOT NULL,
  updated_at             TEXT NOT NULL,
  PRIMARY KEY (region, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE cost_estimates (
  id                     TEXT PRIMARY KEY,
  purchaser_id           TEXT NOT NULL REFERENCES organizations (id),
  region                 TEXT NOT NULL,
  year                   INTEGER NOT NULL,
  posts                  TEXT NOT NULL,  -- "level:count level:count"
  months                 INTEGER NOT NULL,
  activities_fen         INTEGER NOT NULL,
  training_fen           INTEGER NOT NULL,
  rent_fen               INTEGER NOT NULL,
  transport_fen          INTEGER NOT NULL,
  management_fee_bp      INTEGER NOT NULL,
  tax_bp                 INTEGER NOT NULL,
  total_fen              INTEGER NOT NULL,
  created_at             TEXT NOT NULL
) STRICT;

CREATE TABLE cost_estimate_lines (
  estimate_id  TEXT NOT NULL REFERENCES cost_estimates (id),
  position     INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  label        TEXT NOT NULL,
  amount_fen   INTEGER NOT NULL,
  PRIMARY KEY (estimate_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE tenders (
  id                           TEXT PRIMARY KEY,
  purchaser_id                 TEXT NOT NULL REFERENCES organizations (id),
  version                      INTEGER NOT NULL,
  state                        TEXT NOT NULL,
  catalogue_code               TEXT NOT NULL,
  catalogue_version            INTEGER NOT NULL,
  staffing_standard            INTEGER NOT NULL,
  title                        TEXT NOT NULL,
  description                  TEXT NOT NULL,
  quantity                     INTEGER NOT NULL,
  region                       TEXT NOT NULL,
  budget_ceiling_fen           INTEGER NOT NULL,
  cost_estimate_id             TEXT REFERENCES cost_estimates (id),
  service_start                TEXT NOT NULL,
  service_months               INTEGER NOT NULL,
  continuity_justification     TEXT NOT NULL,
  method                       TEXT NOT NULL,
  single_source_justification  TEXT NOT NULL,
  tie_rule                     TEXT NOT NULL,
  extra_minimum_years          INTEGER,
  extra_minimum_certified_bp   INTEGER,
  extra_minimum_certified      INTEGER,
  bid_bond_bp                  INTEGER NOT NULL,
  performance_bond_bp          INTEGER NOT NULL,
  deadline                     TEXT NOT NULL,
  created_at                   TEXT NOT NULL,
  published_at                 TEXT,
  ended_at                     TEXT,
  end_reason                   TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (catalogue_code, catalogue_version) REFERENCES catalogue_items (code, version)
) STRICT;
CREATE INDEX tenders_by_state ON tenders (state, id);
CREATE INDEX tenders_by_purchaser ON tenders (purchaser_id, id);
CREATE INDEX tenders_by_region ON tenders (region, id);
CREATE INDEX tenders_by_deadline ON tenders (deadline);

CREATE TABLE tender_criteria (
  tender_id  TEXT NOT NULL REFERENCES tenders (id),
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  points     INTEGER NOT NULL,
  metric     TEXT,
  bands      TEXT NOT NULL,  -- "at_least:points at_least:points"
  PRIMARY KEY (tender_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE tender_amendments (
  tender_id                TEXT NOT NULL REFERENCES tenders (id),
  number                   INTEGER NOT NULL,
  kind                     TEXT NOT NULL,
  at                       TEXT NOT NULL,
  reason                   TEXT NOT NULL,
  affects_bid_preparation  INTEGER NOT NULL,
  deadline_before          TEXT NOT NULL,
  deadline_after           TEXT NOT NULL,
  PRIMARY KEY (tender_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE tender_amendment_changes (
  tender_id  TEXT NOT NULL,
  number     INTEGER NOT NULL,
  position   INTEGER NOT NULL,
  field      TEXT NOT NULL,
  before     TEXT NOT NULL,
  after      TEXT NOT NULL,
  PRIMARY KEY (tender_id, number, position),
  FOREIGN KEY (tender_id, number) REFERENCES tender_amendments (tender_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE questions (
  id                       TEXT PRIMARY KEY,
  tender_id                TEXT NOT NULL REFERENCES tenders (id),
  asker_organization_id    TEXT NOT NULL REFERENCES organizations (id),
  text                     TEXT NOT NULL,
  asked_at                 TEXT NOT NULL,
  answer                   TEXT,
  answered_at              TEXT,
  affects_bid_preparation  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX questions_by_tender ON questions (tender_id, id);
