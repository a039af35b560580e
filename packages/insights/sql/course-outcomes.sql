-- course-outcomes: one row per tasker enrolled in a course in [from, to) (docs/insights.md, "Course effectiveness").
-- One text for both engines: Athena in AWS, DuckDB locally; src/sql/render.ts fills the double-brace placeholders
-- (the tables and the filters as literals). `to` is also the moment of the look: nothing measured at or after it
-- is seen, so a look can be repeated exactly.
-- pre: the latest measurement of the skill at or before enrolment (any source); post: the first placement or
-- re-assessment after it (quiz estimates are the course's own practice, not an outcome). Days to proficiency: from
-- enrolment to the first such measurement at or above the proficient θ. Replayed rows (at-least-once delivery)
-- change nothing: enrolments are grouped per tasker, and min_by/max_by pick the same measurement twice.
-- enrolled_ms / post_ms (milliseconds after `from`) let every earlier daily look be rebuilt from these rows: at a look
-- t a tasker counts if enrolled before t, with the post-test only if measured before t (src/courses/daily-looks.ts).
WITH enrolled AS (
  SELECT tasker_id, min(variant) AS variant, min(enrolled_at) AS enrolled_at, max(exit_reached_at) AS exit_reached_at
  FROM {{enrollments}}
  WHERE dt BETWEEN {{from_date}} AND {{to_date}}
    AND enrolled_at >= {{from_ts}} AND enrolled_at < {{to_ts}}
    AND course_id = {{course_id}}
  GROUP BY tasker_id
),
scoped AS (
  SELECT tasker_id, theta, se, measured_at, source
  FROM {{measurements}}
  WHERE dt <= {{to_date}}
    AND measured_at < {{to_ts}}
    AND skill = {{skill}}
),
pre AS (
  SELECT e.tasker_id, max_by(m.theta, m.measured_at) AS pre_theta, max_by(m.se, m.measured_at) AS pre_se
  FROM enrolled e
  JOIN scoped m ON m.tasker_id = e.tasker_id AND m.measured_at <= e.enrolled_at
  GROUP BY e.tasker_id
),
post AS (
  SELECT
    e.tasker_id,
    min_by(m.theta, m.measured_at) AS post_theta,
    min_by(m.se, m.measured_at) AS post_se,
    min(m.measured_at) AS post_at,
    min(CASE WHEN m.theta >= {{proficient_theta}} THEN m.measured_at END) AS proficient_at
  FROM enrolled e
  JOIN scoped m ON m.tasker_id = e.tasker_id AND m.measured_at > e.enrolled_at AND m.source IN ('placement', 'reassessment')
  GROUP BY e.tasker_id
)
SELECT
  e.tasker_id AS tasker_id,
  e.variant AS variant,
  pre.pre_theta AS pre_theta,
  pre.pre_se AS pre_se,
  post.post_theta AS post_theta,
  post.post_se AS post_se,
  CASE WHEN e.exit_reached_at IS NOT NULL AND e.exit_reached_at < {{to_ts}} THEN 1 ELSE 0 END AS reached_exit,
  CAST(date_diff('second', e.enrolled_at, post.proficient_at) AS DOUBLE) / 86400 AS days_to_proficiency,
  date_diff('millisecond', {{from_ts}}, e.enrolled_at) AS enrolled_ms,
  date_diff('millisecond', {{from_ts}}, post.post_at) AS post_ms
FROM enrolled e
LEFT JOIN pre ON pre.tasker_id = e.tasker_id
LEFT JOIN post ON post.tasker_id = e.tasker_id
ORDER BY variant, tasker_id
