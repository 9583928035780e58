-- A bid's row is always inserted before its first version (bid_versions.bid_id references
-- bids), so the outline view found nothing for a bid just inserted: this trigger ran a join
-- on every submission and never wrote a row. The version trigger writes the outline.
DROP TRIGGER bid_outline_after_bid_insert;
