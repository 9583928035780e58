-- The year of the salary guide a report's salaries were checked against, NULL when the region
-- had none: a report without salary flags is then told apart from one nobody could check.
-- Reports stored before this are given the guide that applies to them now (their year or up to
-- three years before, as applicable_benchmark looks), the closest this file can know.
ALTER TABLE service_reports ADD COLUMN salary_guide_year INTEGER;
UPDATE service_reports SET salary_guide_year = (
  SELECT max(b.year) FROM salary_benchmarks b JOIN contracts c ON c.region = b.region
  WHERE c.id = service_reports.contract_id
    AND b.year BETWEEN CAST(substr(service_reports.period_start, 1, 4) AS INTEGER) - 3
                   AND CAST(substr(service_reports.period_start, 1, 4) AS INTEGER));
