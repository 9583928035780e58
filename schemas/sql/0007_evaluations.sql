-- Third-party performance evaluations: the framework each pinned, every input (superseded ones
-- kept), the results, the survey and the appeal.

CREATE TABLE evaluations (
  id                 TEXT PRIMARY KEY,
  contract_id        TEXT NOT NULL REFERENCES contracts (id),
  purchaser_id       TEXT NOT NULL REFERENCES organizations (id),
  supplier_id        TEXT NOT NULL REFERENCES organizations (id),
  evaluator_id       TEXT NOT NULL REFERENCES organizations (id),
  kind               TEXT NOT NULL CHECK (kind IN ('mid_term', 'final')),
  framework_key      TEXT NOT NULL,
  framework_version  INTEGER NOT NULL,
  framework_name     TEXT NOT NULL,
  state              TEXT NOT NULL CHECK (state IN ('assigned', 'conflicted', 'open', 'finalized')),
  conflict_reason    TEXT NOT NULL DEFAULT '',
  survey             TEXT,            -- "very_satisfied satisfied neutral dissatisfied very_dissatisfied"
  score              TEXT,            -- exact fraction "n/d"
  grade              TEXT NOT NULL DEFAULT '',
  finalized_at       TEXT,
  appeal_leaves      TEXT,            -- space-separated leaf keys; NULL when not appealed
  appeal_reason      TEXT NOT NULL DEFAULT '',
  appeal_filed_at    TEXT,
  appeal_answered_at TEXT,
  appeal_decision    TEXT NOT NULL DEFAULT '',
  appeal_answer      TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL,
  version            INTEGER NOT NULL
) STRICT;
CREATE INDEX evaluations_by_contract ON evaluations (contract_id, id);
CREATE INDEX evaluations_by_supplier ON evaluations (supplier_id, id);
CREATE INDEX evaluations_by_evaluator ON evaluations (evaluator_id, id);

CREATE TABLE evaluation_leaves (
  evaluation_id  TEXT NOT NULL REFERENCES evaluations (id),
  position       INTEGER NOT NULL,
  key            TEXT NOT NULL,
  name           TEXT NOT NULL,
  level          TEXT NOT NULL,
  grp            TEXT NOT NULL,
  points         INTEGER NOT NULL,
  rule           TEXT NOT NULL,
  source         TEXT NOT NULL,
  metric         TEXT NOT NULL,
  denominator    TEXT NOT NULL,
  target         INTEGER NOT NULL,
  bands          TEXT NOT NULL,  -- "at_least:share" space-separated
  PRIMARY KEY (evaluation_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE evaluation_inputs (
  evaluation_id  TEXT NOT NULL REFERENCES evaluations (id),
  position       INTEGER NOT NULL,
  account_id     TEXT NOT NULL,
  leaf_key       TEXT NOT NULL,
  revision       INTEGER NOT NULL,
  superseded     INTEGER NOT NULL,
  actual         TEXT,
  numerator      INTEGER,
  denominator    INTEGER,
  achieved       INTEGER,
  judgement      TEXT NOT NULL,
  percent        INTEGER,
  points         TEXT,
  justification  TEXT NOT NULL,
  evidence       TEXT NOT NULL,
  submitted_at   TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE evaluation_results (
  evaluation_id  TEXT NOT NULL REFERENCES evaluations (id),
  position       INTEGER NOT NULL,
  leaf_key       TEXT NOT NULL,
  score          TEXT NOT NULL,
  by_evaluator   TEXT NOT NULL,  -- exact fractions, space-separated
  PRIMARY KEY (evaluation_id, position)
) STRICT, WITHOUT ROWID;
