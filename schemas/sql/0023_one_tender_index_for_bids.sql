-- Two indexes of bids were keyed by tender: bids_by_tender (tender_id, id) to read a tender's
-- bids, and the partial unique bids_one_active (tender_id, supplier_id) for the rule of one
-- active bid per supplier and tender. Bids arrive for tenders all over the file, so each bid
-- wrote a leaf of both at a random place: at 1M tenders a page read that the writer's cache
-- missed and a page the checkpointer copied, per index and per bid (docs/performance.md,
-- "After round 15"). One index now does both jobs. Its third column is 1 for an active bid and
-- NULL for a withdrawn one; a unique index holds any number of rows that differ only by a
-- NULL, so a supplier may have withdrawn bids beside its one active bid on a tender, but never
-- two active ones, whatever the timing of two requests. A tender's bids are a range of it;
-- their order by id is a sort of that tender's few rows.
DROP INDEX bids_one_active;
DROP INDEX bids_by_tender;
CREATE UNIQUE INDEX bids_by_tender_and_supplier
  ON bids (tender_id, supplier_id, (CASE WHEN state = 'active' THEN 1 END));
