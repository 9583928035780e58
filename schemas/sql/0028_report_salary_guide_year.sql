-- The year of the salary guide a report's salaries were checked against, NULL when the region had
-- none: a report without salary flags is then told apart from one nobody could check.
-- Reports stored before this get the guide a submission would have used then, as far as this
-- file can tell: the newest of the report's year and the three before it (applicable_benchmark)
-- among the guides already stored when the report was submitted (times are UTC RFC 3339 text, so
-- they compare as text). A guide replaced in place after the report is not seen (decision 82).
ALTER TABLE service_reports ADD COLUMN salary_guide_year INTEGER;
UPDATE service_reports SET salary_guide_year = (
  SELECT max(b.year) FROM salary_benchmarks b JOIN contracts c ON c.region = b.region
  WHERE c.id = service_reports.contract_id
    AND b.updated_at <= service_reports.submitted_at
    AND b.year BETWEEN CAST(substr(service_reports.period_start, 1, 4) AS INTEGER) - 3
                   AND CAST(substr(service_reports.period_start, 1, 4) AS INTEGER));
