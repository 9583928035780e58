-- The final grade's cut on the final instalment is kept apart from report penalties, each with
-- its reason (decision 56). `deducted_fen` held both, so the cut counted as penalties paid and
-- hid penalties still pending.
ALTER TABLE instalments ADD COLUMN deduction_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE instalments ADD COLUMN grade_adjustment_fen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instalments ADD COLUMN grade_adjustment_reason TEXT NOT NULL DEFAULT '';

-- Rows released before: the highest-numbered instalment of a contract, released while the
-- latest final evaluation finalized by then graded 中 (90% paid, rounded half-up to the fen),
-- had the 10% cut in deducted_fen. A grade changed since by an appeal is not seen here: such a
-- cut stays counted as penalties.
UPDATE instalments AS i
SET grade_adjustment_fen = i.amount_fen - (i.amount_fen * 9000 + 5000) / 10000,
    deducted_fen = i.deducted_fen - (i.amount_fen - (i.amount_fen * 9000 + 5000) / 10000),
    grade_adjustment_reason = 'final evaluation graded the service 中: 90% is paid'
WHERE i.released_at IS NOT NULL
  AND i.deducted_fen >= i.amount_fen - (i.amount_fen * 9000 + 5000) / 10000
  AND i.number = (SELECT max(number) FROM instalments WHERE contract_id = i.contract_id)
  AND (SELECT e.grade FROM evaluations AS e
       WHERE e.contract_id = i.contract_id AND e.kind = 'final' AND e.state = 'finalized'
         AND e.finalized_at <= i.released_at
       ORDER BY e.finalized_at DESC LIMIT 1) = '中';
