-- The working-day calendar: public holidays, and weekend days made working days (调休).
-- Challenge and award windows count working days against this table.
CREATE TABLE calendar_days (
  day  TEXT PRIMARY KEY,  -- YYYY-MM-DD
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'working_weekend')),
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Seed rows for 2026 following the usual State Council pattern; operators replace them with the
-- year's official notice (docs/operator-guide.md).
INSERT INTO calendar_days (day, kind, name) VALUES
  ('2026-01-01', 'holiday', '元旦'), ('2026-01-02', 'holiday', '元旦'), ('2026-01-03', 'holiday', '元旦'),
  ('2026-01-04', 'working_weekend', '元旦调休'),
  ('2026-02-15', 'holiday', '春节'), ('2026-02-16', 'holiday', '春节'), ('2026-02-17', 'holiday', '春节'),
  ('2026-02-18', 'holiday', '春节'), ('2026-02-19', 'holiday', '春节'), ('2026-02-20', 'holiday', '春节'),
  ('2026-02-21', 'holiday', '春节'), ('2026-02-22', 'holiday', '春节'), ('2026-02-23', 'holiday', '春节'),
  ('2026-02-14', 'working_weekend', '春节调休'), ('2026-02-28', 'working_weekend', '春节调休'),
  ('2026-04-04', 'holiday', '清明节'), ('2026-04-05', 'holiday', '清明节'), ('2026-04-06', 'holiday', '清明节'),
  ('2026-05-01', 'holiday', '劳动节'), ('2026-05-02', 'holiday', '劳动节'), ('2026-05-03', 'holiday', '劳动节'),
  ('2026-05-04', 'holiday', '劳动节'), ('2026-05-05', 'holiday', '劳动节'),
  ('2026-05-09', 'working_weekend', '劳动节调休'),
  ('2026-06-19', 'holiday', '端午节'), ('2026-06-20', 'holiday', '端午节'), ('2026-06-21', 'holiday', '端午节'),
  ('2026-09-25', 'holiday', '中秋节'), ('2026-09-26', 'holiday', '中秋节'), ('2026-09-27', 'holiday', '中秋节'),
  ('2026-10-01', 'holiday', '国庆节'), ('2026-10-02', 'holiday', '国庆节'), ('2026-10-03', 'holiday', '国庆节'),
  ('2026-10-04', 'holiday', '国庆节'), ('2026-10-05', 'holiday', '国庆节'), ('2026-10-06', 'holiday', '国庆节'),
  ('2026-10-07', 'holiday', '国庆节'),
  ('2026-09-20', 'working_weekend', '国庆节调休'), ('2026-10-10', 'working_weekend', '国庆节调休');
