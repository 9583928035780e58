-- Contracts listed by status (`GET /api/v1/contracts?status=`) in id order, as the other filters
-- are, without reading every contract.
CREATE INDEX contracts_by_state ON contracts (state, id);
