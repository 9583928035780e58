-- Contracts listed by region (`GET /api/v1/contracts?region=`) in id order, as the other filters
-- are, without reading every contract.
CREATE INDEX contracts_by_region ON contracts (region, id);
