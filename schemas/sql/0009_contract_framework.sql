-- A contract pins the quality framework its evaluations use (a template key and version, or
-- 'custom' when each evaluation brings its own framework, snapshotted with it).
ALTER TABLE contracts ADD COLUMN framework_key TEXT NOT NULL DEFAULT 'anti-drug-social-work';
ALTER TABLE contracts ADD COLUMN framework_version INTEGER NOT NULL DEFAULT 1;
