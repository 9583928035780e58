-- The public list filters by region and status together (e.g. the open tenders of a district).
-- With only (region, id), a status that is rare in a region made each page walk the region's
-- whole index range: 125,000 rows per request on the 1M-tender database, where the page found
-- nothing (docs/performance.md, growth). With (region, state, id) the page is one range search
-- in id order at any size.
CREATE INDEX tenders_by_region_and_state ON tenders (region, state, id);
