-- Documents: uploaded files (stored by content under the data directory) and what they are
-- attached to. A row here is written only after its file is durable on disk.
CREATE TABLE documents (
  id              TEXT PRIMARY KEY,
  sha256          TEXT NOT NULL,
  size            INTEGER NOT NULL CHECK (size > 0),
  media_type      TEXT NOT NULL,
  file_name       TEXT NOT NULL,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  account_id      TEXT NOT NULL,
  uploaded_at     TEXT NOT NULL
);
CREATE INDEX documents_by_hash ON documents (sha256);

CREATE TABLE attachments (
  target         TEXT NOT NULL,  -- tender, question, bid, award, contract, contract_amendment, report, evaluation
  target_id      TEXT NOT NULL,
  target_version INTEGER NOT NULL DEFAULT 0,  -- a bid's version; 0 otherwise
  position       INTEGER NOT NULL,
  document_id    TEXT NOT NULL REFERENCES documents (id),
  document_type  TEXT NOT NULL,
  part           TEXT NOT NULL DEFAULT '',  -- amendment number or evaluation leaf
  tender_id      TEXT NOT NULL DEFAULT '',
  attached_by    TEXT NOT NULL,             -- organization id
  attached_at    TEXT NOT NULL,
  PRIMARY KEY (target, target_id, target_version, position)
);
CREATE INDEX attachments_by_document ON attachments (document_id);
