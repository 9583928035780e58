-- The public list filters by catalogue item alone (every tender buying one service). Without an
-- index of its own that filter walked the tenders in id order until a page was full: cheap while
-- every item is common, a walk of the whole table for a rare one. With (catalogue_code, id) it is
-- one range search in id order, like the other filters (storage/tests/query_plan_test.cpp).
CREATE INDEX tenders_by_catalogue ON tenders (catalogue_code, id);
