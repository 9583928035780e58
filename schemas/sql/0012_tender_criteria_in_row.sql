-- Every read of a tender reads its criteria (a list page reads 20 tenders): they now live in
-- the tender's own row instead of a child table that cost one B-tree seek per criterion and
-- a third of a list page's instructions (docs/performance.md, round 3). The text is a
-- sequence of length-prefixed fields, five per criterion in position order:
--   <bytes>:<name><bytes>:<kind><bytes>:<points><bytes>:<metric or empty><bytes>:<bands>
-- (bands as before: "at_least:points at_least:points"). Lengths count bytes, so any text
-- round-trips. amendment_count lets a page skip the amendments query when none has any.
ALTER TABLE tenders ADD COLUMN criteria TEXT NOT NULL DEFAULT '';
ALTER TABLE tenders ADD COLUMN amendment_count INTEGER NOT NULL DEFAULT 0;

UPDATE tenders SET
  criteria = coalesce((
    SELECT group_concat(field, '') FROM (
      SELECT length(CAST(name AS BLOB)) || ':' || name
          || length(CAST(kind AS BLOB)) || ':' || kind
          || length(CAST(CAST(points AS TEXT) AS BLOB)) || ':' || points
          || length(CAST(coalesce(metric, '') AS BLOB)) || ':' || coalesce(metric, '')
          || length(CAST(bands AS BLOB)) || ':' || bands AS field
      FROM tender_criteria c WHERE c.tender_id = tenders.id ORDER BY position)), ''),
  amendment_count = (SELECT count(*) FROM tender_amendments a WHERE a.tender_id = tenders.id);

DROP TABLE tender_criteria;
