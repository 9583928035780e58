-- A proposed contract amendment may end unagreed: declined by the other party or withdrawn by
-- its proposer (decision 58). The row stays, with who ended it, when and why, so that its number
-- is never used again and the contract's history shows every proposal. ended_as is NULL while
-- the amendment is pending or once agreed.
ALTER TABLE contract_amendments ADD COLUMN ended_as TEXT CHECK (ended_as IN ('declined', 'withdrawn'));
ALTER TABLE contract_amendments ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE contract_amendments ADD COLUMN ended_at TEXT;
ALTER TABLE contract_amendments ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
