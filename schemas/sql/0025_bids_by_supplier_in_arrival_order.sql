-- A supplier's bids were indexed by (supplier_id, tender_id). A supplier bids on tenders in no
-- order of their ids, so each new bid went to a random leaf of its supplier's range: at 1M
-- tenders, 27% of the pages the writer read from the file for a bid (after migration 24;
-- docs/performance.md, round 17). Keyed by supplier alone, the index orders a supplier's bids
-- by rowid, which grows with every insert: a new bid goes to the last leaf of its supplier,
-- the one its previous bid wrote. The two queries by supplier (its tenders, for the red flags
-- and the tender list's supplier filter) read each bid's row for its state anyway; the tender
-- id now comes from the same row, and its order from a sort of that supplier's bids.
DROP INDEX bids_by_supplier;
CREATE INDEX bids_by_supplier ON bids (supplier_id);
