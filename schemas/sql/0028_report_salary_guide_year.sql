-- The year of the salary guide a report's salaries were checked against, NULL when the region had
-- none: a report without salary flags is then told apart from one nobody could check.
-- Reports stored before this get the guide a submission would have used, as far as this file can
-- tell: the newest of the report's year and the three before it (applicable_benchmark), if it was
-- stored before the report was submitted (times are UTC RFC 3339 text, so they compare as text).
-- One stored or replaced in place since leaves the year unknown (NULL): which guide the report
-- met then cannot be told (decision 82).
ALTER TABLE service_reports ADD COLUMN salary_guide_year INTEGER;
UPDATE service_reports SET salary_guide_year = (
  SELECT b.year FROM salary_benchmarks b JOIN contracts c ON c.region = b.region
  WHERE c.id = service_reports.contract_id
    AND b.year BETWEEN CAST(substr(service_reports.period_start, 1, 4) AS INTEGER) - 3
                   AND CAST(substr(service_reports.period_start, 1, 4) AS INTEGER)
  ORDER BY b.year DESC LIMIT 1)
WHERE (
  SELECT b.updated_at <= service_reports.submitted_at FROM salary_benchmarks b JOIN contracts c ON c.region = b.region
  WHERE c.id = service_reports.contract_id
    AND b.year BETWEEN CAST(substr(service_reports.period_start, 1, 4) AS INTEGER) - 3
                   AND CAST(substr(service_reports.period_start, 1, 4) AS INTEGER)
  ORDER BY b.year DESC LIMIT 1);
