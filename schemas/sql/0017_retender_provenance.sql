-- A failed open tender can be tendered again as a copy, or under another method with a
-- recorded approval (SPEC §3.3): the new tender names the one it repeats and that approval.
ALTER TABLE tenders ADD COLUMN retender_of TEXT NOT NULL DEFAULT '';
ALTER TABLE tenders ADD COLUMN method_change_approval TEXT NOT NULL DEFAULT '';
