-- The red flags read a bid's outline only once its tender's bids are no longer sealed
-- (procurement::bids_are_sealed: not in a draft, published or cancelled tender). Yet every bid
-- submission wrote its outline, clustered by purchaser and tender, at a random place of a
-- B-tree whose keys are three 30-character ids: at 1M tenders, in bids arriving for many
-- tenders at once, that B-tree's leaves and inner pages were 35% of the pages the writer read
-- from the file (docs/performance.md, round 17), and its leaf one more page a bid for the
-- WAL and the checkpointer. A sealed bid now has no outline; a tender's outlines are written
-- together, in one range, when its bids are unsealed (at the opening, or when a tender with
-- bids fails). The projection also no longer holds the prices of sealed bids.
--
-- The states below must be those of procurement::bids_are_sealed; a storage test goes through
-- every tender state and checks that a bid has an outline exactly when the domain unseals it.
DROP VIEW bid_outline_source;
CREATE VIEW bid_outline_source AS
  SELECT t.purchaser_id, b.tender_id, b.id AS bid_id, b.supplier_id, b.state, b.qualified, b.abnormal_flagged,
         b.abnormal_accepted, b.version, v.price_fen
  FROM bids AS b
  JOIN tenders AS t ON t.id = b.tender_id
  JOIN bid_versions AS v ON v.bid_id = b.id AND v.version = b.version
  WHERE t.state NOT IN ('draft', 'published', 'cancelled');

-- The tender's state decides whether its bids have outlines: rewrite them when it crosses the
-- line either way (only unsealing happens today: a tender is never cancelled after opening).
-- An UPDATE that also changes the purchaser is left to bid_outline_after_purchaser_change
-- (migration 11), which rewrites them from the new row: both inserting would collide.
CREATE TRIGGER bid_outline_after_unsealing AFTER UPDATE OF state ON tenders
  WHEN OLD.purchaser_id IS NEW.purchaser_id
    AND (OLD.state IN ('draft', 'published', 'cancelled')) IS NOT (NEW.state IN ('draft', 'published', 'cancelled'))
BEGIN
  DELETE FROM bid_outlines WHERE purchaser_id = OLD.purchaser_id AND tender_id = OLD.id;
  INSERT INTO bid_outlines SELECT * FROM bid_outline_source WHERE tender_id = NEW.id;
END;

-- The outlines of bids that are still sealed go.
DELETE FROM bid_outlines WHERE (purchaser_id, tender_id) IN
  (SELECT purchaser_id, id FROM tenders WHERE state IN ('draft', 'published', 'cancelled'));
