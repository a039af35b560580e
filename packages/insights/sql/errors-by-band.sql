-- errors-by-band: responses per skill, item, chosen option and ability band (docs/insights.md, "Common errors").
-- One text for both engines: Athena in AWS, DuckDB locally. The double-brace placeholders are filled by src/sql/render.ts
-- (the one place where the dialects differ): the responses table, a median, and the filters as literals.
-- Ability band: each responder's latest θ estimate in the skill (thetaBefore of their last response in scope),
-- cut into quintiles within the skill (ntile(5): 1 = weakest fifth, 5 = strongest). Responders with no estimate
-- keep their responses in the totals with band NULL.
-- Firehose delivers at least once: a replayed response (same response_id) is counted once; rows without an id stay.
WITH delivered AS (
  SELECT response_id, tasker_id, item_id, skill, answer, error_tag, score, theta_before, elapsed_ms, answered_at,
    row_number() OVER (PARTITION BY response_id ORDER BY answered_at) AS copy
  FROM {{responses}}
  WHERE dt BETWEEN {{from_date}} AND {{to_date}}
    AND answered_at >= {{from_ts}} AND answered_at < {{to_ts}}
    AND skill IS NOT NULL
    AND ({{skill}} IS NULL OR skill = {{skill}})
    AND ({{track}} IS NULL OR track = {{track}})
    AND ({{course_id}} IS NULL OR course_id = {{course_id}})
    AND ({{project_id}} IS NULL OR project_id = {{project_id}})
),
scoped AS (
  SELECT tasker_id, item_id, skill, answer, error_tag, score, theta_before, elapsed_ms, answered_at
  FROM delivered
  WHERE copy = 1 OR response_id IS NULL
),
ability AS (
  SELECT tasker_id, skill, max_by(theta_before, answered_at) AS theta
  FROM scoped
  WHERE theta_before IS NOT NULL
  GROUP BY tasker_id, skill
),
bands AS (
  SELECT tasker_id, skill, ntile(5) OVER (PARTITION BY skill ORDER BY theta, tasker_id) AS band
  FROM ability
)
SELECT
  s.skill AS skill,
  s.item_id AS item_id,
  s.answer AS answer,
  s.error_tag AS error_tag,
  b.band AS band,
  count(*) AS n,
  sum(s.score) AS score_sum,
  {{median:s.elapsed_ms}} AS median_elapsed_ms
FROM scoped s
LEFT JOIN bands b ON b.tasker_id = s.tasker_id AND b.skill = s.skill
GROUP BY s.skill, s.item_id, s.answer, s.error_tag, b.band
ORDER BY skill, item_id, answer, error_tag, band
