-- A failed tender is tendered again once (decision 60): the retender route looks up the
-- repeats of a tender. Most tenders repeat none, so the index holds only those that do.
CREATE INDEX tenders_by_retender_of ON tenders(retender_of) WHERE retender_of <> '';
