-- A cost estimate is public once a tender past its draft names it (decision 69): reading one
-- asks whether such a tender exists. Tenders without an estimate stay out of the index.
CREATE INDEX tenders_by_cost_estimate ON tenders(cost_estimate_id) WHERE cost_estimate_id IS NOT NULL;
