-- A cost estimate is public once a tender anyone may see names it, or named it before an
-- amendment (decision 69): reading one asks whether such a tender or amendment exists. Only the
-- rows that name an estimate are in the indexes.
CREATE INDEX tenders_by_cost_estimate ON tenders(cost_estimate_id) WHERE cost_estimate_id IS NOT NULL;
CREATE INDEX amended_cost_estimates ON tender_amendment_changes(before) WHERE field = 'cost_estimate_id';
