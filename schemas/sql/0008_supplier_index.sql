-- Red flags and track records look bids up by supplier.
CREATE INDEX bids_by_supplier ON bids (supplier_id, tender_id);
