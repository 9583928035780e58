-- Platform: organizations, accounts and tokens, supplier profiles, audit chain, idempotency.
-- Times are RFC 3339 UTC text ("2026-11-23T08:00:00Z"), which sorts as time.

CREATE TABLE organizations (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('platform', 'purchaser', 'supplier', 'evaluator')),
  name        TEXT NOT NULL,
  credit_code TEXT NOT NULL UNIQUE,
  region      TEXT NOT NULL,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX organizations_by_kind ON organizations (kind, id);

CREATE TABLE accounts (
  id                  TEXT PRIMARY KEY,
  organization_id     TEXT NOT NULL REFERENCES organizations (id),
  role                TEXT NOT NULL,
  display_name        TEXT NOT NULL,
  recent_employer_ids TEXT NOT NULL DEFAULT '',  -- space-separated organization ids
  created_at          TEXT NOT NULL
) STRICT;

CREATE TABLE tokens (
  id          TEXT PRIMARY KEY,
  account_id  TEXT NOT NULL REFERENCES accounts (id),
  secret_hash TEXT NOT NULL UNIQUE,  -- SHA-256 of the secret; the secret itself is never stored
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT,
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE supplier_profiles (
  organization_id                   TEXT NOT NULL REFERENCES organizations (id),
  version                           INTEGER NOT NULL CHECK (version >= 1),
  registration_date                 TEXT NOT NULL,
  registered_region                 TEXT NOT NULL,
  staff_none                        INTEGER NOT NULL CHECK (staff_none >= 0),
  staff_assistant_social_worker     INTEGER NOT NULL CHECK (staff_assistant_social_worker >= 0),
  staff_social_worker               INTEGER NOT NULL CHECK (staff_social_worker >= 0),
  staff_senior_social_worker        INTEGER NOT NULL CHECK (staff_senior_social_worker >= 0),
  education_secondary_or_below      INTEGER NOT NULL CHECK (education_secondary_or_below >= 0),
  education_associate               INTEGER NOT NULL CHECK (education_associate >= 0),
  education_bachelor                INTEGER NOT NULL CHECK (education_bachelor >= 0),
  education_postgraduate            INTEGER NOT NULL CHECK (education_postgraduate >= 0),
  psychological_counsellors         INTEGER NOT NULL CHECK (psychological_counsellors >= 0),
  peer_educators                    INTEGER NOT NULL CHECK (peer_educators >= 0),
  district_stations                 INTEGER NOT NULL CHECK (district_stations >= 0),
  street_points                     INTEGER NOT NULL CHECK (street_points >= 0),
  years_of_anti_drug_service        INTEGER NOT NULL CHECK (years_of_anti_drug_service >= 0),
  tax_compliant                     INTEGER NOT NULL CHECK (tax_compliant IN (0, 1)),
  social_insurance_compliant        INTEGER NOT NULL CHECK (social_insurance_compliant IN (0, 1)),
  serious_violation_last_three_years INTEGER NOT NULL CHECK (serious_violation_last_three_years IN (0, 1)),
  created_at                        TEXT NOT NULL,
  created_by                        TEXT NOT NULL,
  PRIMARY KEY (organization_id, version)
) STRICT;

-- The hash chain. Rows are only ever inserted; verify recomputes every hash.
CREATE TABLE audit_log (
  sequence      INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  entity_type   TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  sealed_by     TEXT,           -- a tender whose opening reveals this entry
  state         TEXT NOT NULL,  -- canonical JSON of the new state
  state_hash    TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  entry_hash    TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id, sequence);

-- The first response to each (account, Idempotency-Key), stored in the transaction that made it.
CREATE TABLE idempotency_keys (
  account_id   TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  location     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
