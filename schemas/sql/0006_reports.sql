-- Service reports: aggregates only (no client's name, ID number or phone has a column here).

CREATE TABLE service_reports (
  id                      TEXT PRIMARY KEY,
  contract_id             TEXT NOT NULL REFERENCES contracts (id),
  period                  TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly')),
  period_start            TEXT NOT NULL,
  clients_served          INTEGER NOT NULL CHECK (clients_served >= 0),
  new_intakes             INTEGER NOT NULL CHECK (new_intakes >= 0),
  home_visits             INTEGER NOT NULL CHECK (home_visits >= 0),
  counselling_sessions    INTEGER NOT NULL CHECK (counselling_sessions >= 0),
  family_sessions         INTEGER NOT NULL CHECK (family_sessions >= 0),
  referrals               INTEGER NOT NULL CHECK (referrals >= 0),
  prevention_events       INTEGER NOT NULL CHECK (prevention_events >= 0),
  prevention_attendance   INTEGER NOT NULL CHECK (prevention_attendance >= 0),
  training_hours          INTEGER NOT NULL CHECK (training_hours >= 0),
  no_relapse_one_year     INTEGER NOT NULL CHECK (no_relapse_one_year >= 0),
  no_relapse_three_years  INTEGER NOT NULL CHECK (no_relapse_three_years >= 0),
  relapses                INTEGER NOT NULL CHECK (relapses >= 0),
  employment_placements   INTEGER NOT NULL CHECK (employment_placements >= 0),
  status                  TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'returned')),
  return_reason           TEXT NOT NULL DEFAULT '',
  salary_flags            TEXT NOT NULL DEFAULT '',  -- one per line
  deduction_fen           INTEGER NOT NULL DEFAULT 0,
  deduction_basis         TEXT NOT NULL DEFAULT '',
  submitted_at            TEXT NOT NULL,
  decided_at              TEXT
) STRICT;
CREATE INDEX service_reports_by_contract ON service_reports (contract_id, period_start);

CREATE TABLE report_workers (
  report_id               TEXT NOT NULL REFERENCES service_reports (id),
  position                INTEGER NOT NULL,
  level                   TEXT NOT NULL,
  count                   INTEGER NOT NULL CHECK (count >= 0),
  average_salary_fen      INTEGER NOT NULL CHECK (average_salary_fen >= 0),
  PRIMARY KEY (report_id, position)
) STRICT, WITHOUT ROWID;
