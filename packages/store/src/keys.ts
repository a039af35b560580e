// Key builders: the single place where partition/sort key formats live (docs/data-model.md).

/** PROFILE attribute holding one skill's current proficiency: `skill:<name>` */
export const PROFICIENCY_ATTRIBUTE_PREFIX = 'skill:';

export const seq6 = (n: number): string => String(n).padStart(6, '0');

export const keys = {
  itemMeta: (id: string) => ({ pk: `ITEM#${id}`, sk: 'META' }),
  itemContent: (id: string, version: number) => ({ pk: `ITEM#${id}`, sk: `CONTENT#${seq6(version)}` }),
  itemSecure: (id: string, version: number) => ({ pk: `ITEM#${id}`, sk: `SECURE#${seq6(version)}` }),
  skillIndex: (skill: string, id: string) => ({ gsi1pk: `SKILL#${skill}`, gsi1sk: `ITEM#${id}` }),
  /** gsi2 of a practice item's META (sparse): a quiz's candidates for a skill, one Query */
  practiceIndex: (skill: string, id: string) => ({ gsi2pk: `PRACTICE#${skill}`, gsi2sk: `ITEM#${id}` }),
  /** the error taxonomy: one small partition (docs/data-model.md) */
  errorTags: () => ({ pk: 'ERRORTAGS' }),
  errorTag: (slug: string) => ({ pk: 'ERRORTAGS', sk: `TAG#${slug}` }),
  /** track definitions (bank table): one small partition; CUR# rows (the current version, in full) list by one Query */
  trackDefs: () => ({ pk: 'TRACKDEFS' }),
  trackDefCurrent: (id: string) => ({ pk: 'TRACKDEFS', sk: `CUR#${id}` }),
  trackDefVersion: (id: string, version: number) => ({ pk: 'TRACKDEFS', sk: `V#${id}#${seq6(version)}` }),
  /** a course (bank table): its partition holds an immutable `V#` row per version and `CUR`, the current one in full */
  courseCurrent: (id: string) => ({ pk: `COURSE#${id}`, sk: 'CUR' }),
  courseVersion: (id: string, version: number) => ({ pk: `COURSE#${id}`, sk: `V#${seq6(version)}` }),
  /** gsi2 of a course's CUR row: every course, newest change first (a new version moves it; one row per course) */
  courseListed: (updatedAt: string, id: string) => ({ gsi2pk: 'COURSES', gsi2sk: `${updatedAt}#${id}` }),
  quiz: (id: string) => ({ pk: `QUIZ#${id}`, sk: 'STATE' }),
  quizResponse: (id: string, seq: number) => ({ pk: `QUIZ#${id}`, sk: `RESP#${seq6(seq)}` }),
  quizByTasker: (taskerId: string, createdAt: string, id: string) => ({ gsi1pk: `TASKER#${taskerId}`, gsi1sk: `QUIZ#${createdAt}#${id}` }),
  /**
   * gsi2 of a scored response (sessions table, sparse): the day's responses in time order, so the response log is
   * exported by Query, never a Scan. `row` names the RESP row (its pk and sk), which makes the sort key unique.
   */
  responseByDay: (at: string, row: { pk: string; sk: string }) => ({ gsi2pk: `RESPDAY#${at.slice(0, 10)}`, gsi2sk: `${at}#${row.pk}#${row.sk}` }),
  /** a practice item a tasker was shown (overwritten when shown again): `at` is when */
  practiceSeen: (taskerId: string, skill: string, itemId: string) => ({ pk: `TASKER#${taskerId}`, sk: `SEEN#${skill}#${itemId}` }),
  enemyGroup: (groupId: string) => ({ pk: 'ENEMIES', sk: `GROUP#${groupId}` }),
  blueprintVersion: (id: string, version: number) => ({ pk: `BLUEPRINT#${id}`, sk: `V#${seq6(version)}` }),
  blueprintLatest: (id: string) => ({ pk: `BLUEPRINT#${id}`, sk: 'LATEST' }),
  /** gsi2 of a blueprint's LATEST row: every blueprint, newest publication first (one row per blueprint) */
  blueprintListed: (publishedAt: string, id: string) => ({ gsi2pk: 'BLUEPRINTS', gsi2sk: `${publishedAt}#${id}` }),
  snapshotPart: (blueprintId: string, version: number, part: number) => ({
    pk: `SNAPSHOT#${blueprintId}#${seq6(version)}`,
    sk: `PART#${seq6(part)}`,
  }),
  snapshot: (blueprintId: string, version: number) => ({ pk: `SNAPSHOT#${blueprintId}#${seq6(version)}` }),

  placement: (id: string) => ({ pk: `PLACEMENT#${id}`, sk: 'STATE' }),
  placementResponse: (id: string, seq: number) => ({ pk: `PLACEMENT#${id}`, sk: `RESP#${seq6(seq)}` }),
  placementByTasker: (taskerId: string, createdAt: string, id: string) => ({
    gsi1pk: `TASKER#${taskerId}`,
    gsi1sk: `PLACEMENT#${createdAt}#${id}`,
  }),
  /** the tasker's placement slot: the active placement and every item they have seen, across blueprints */
  taskerPlacements: (taskerId: string) => ({ pk: `TASKER#${taskerId}`, sk: 'PLACEMENTS' }),
  /**
   * gsi1 attributes of a slot while it holds an active placement: the IDLE partition sorted by the idle deadline
   * the slot last recorded, so the idle sweeper finds overdue placements without a Scan (sparse: removed on release)
   */
  idleSlot: (taskerId: string, idleDeadline: string) => ({ gsi1pk: 'IDLE', gsi1sk: `${idleDeadline}#${taskerId}` }),
  /** the retake ledger of one blueprint: attempts used, last completion */
  retakeLedger: (taskerId: string, blueprintId: string) => ({ pk: `TASKER#${taskerId}`, sk: `ATTEMPTS#${blueprintId}` }),

  /** calibration runs (bank table): the run, its report in parts, the queue (gsi1, sparse), the latest report */
  calibrationRun: (id: string) => ({ pk: `CALIBRATION#${id}`, sk: 'RUN' }),
  calibrationReportPart: (id: string, part: number) => ({ pk: `CALIBRATION#${id}`, sk: `REPORT#${seq6(part)}` }),
  calibrationQueue: (requestedAt: string, id: string) => ({ gsi1pk: 'CALIBRATION-QUEUE', gsi1sk: `${requestedAt}#${id}` }),
  calibrationLatest: () => ({ pk: 'CALIBRATIONS', sk: 'LATEST' }),
  /** every run, newest first (gsi2 of the bank table): the list designers open candidates from */
  calibrationListed: (requestedAt: string, id: string) => ({ gsi2pk: 'CALIBRATION-RUNS', gsi2sk: `${requestedAt}#${id}` }),
  /** approved bank versions: the pointer and one immutable audit record per approval */
  bankVersionLatest: () => ({ pk: 'BANKVERSION', sk: 'LATEST' }),
  bankVersion: (n: number) => ({ pk: 'BANKVERSION', sk: `V#${seq6(n)}` }),

  /** remediation rules (bank table): one small partition; CUR# rows (the current version, in full) list by one Query */
  remediationRuleCurrent: (id: string) => ({ pk: 'REMEDIATION-RULES', sk: `CUR#${id}` }),
  remediationRuleVersion: (id: string, version: number) => ({ pk: 'REMEDIATION-RULES', sk: `V#${id}#${seq6(version)}` }),
  /** a quality signal on the tasker's partition, by skill and time (the rules read the newest few); its request key */
  qualitySignal: (taskerId: string, skill: string, at: string, id: string) => ({ pk: `TASKER#${taskerId}`, sk: `QUALITY#${skill}#${at}#${id}` }),
  qualitySignalKey: (taskerId: string, requestKey: string) => ({ pk: `TASKER#${taskerId}`, sk: `QKEY#${requestKey}` }),
  /** a bulk reroute (taskers table): its state, its candidates (the dry run, then each one's outcome) */
  bulkReroute: (id: string) => ({ pk: `BULK#${id}`, sk: 'STATE' }),
  bulkCandidate: (id: string, taskerId: string) => ({ pk: `BULK#${id}`, sk: `CAND#${taskerId}` }),
  /** gsi1 of a bulk reroute's state while it has work (sparse: dropped when previewed or applied): the job's queue */
  bulkActive: (createdAt: string, id: string) => ({ gsi1pk: 'BULK-ACTIVE', gsi1sk: `${createdAt}#${id}` }),

  tasker: (taskerId: string) => ({ pk: `TASKER#${taskerId}` }),
  /** the general track and the current proficiency, one `skill:<name>` attribute per skill */
  taskerProfile: (taskerId: string) => ({ pk: `TASKER#${taskerId}`, sk: 'PROFILE' }),
  /** one measurement (a completed placement): every skill it measured */
  taskerMeasurement: (taskerId: string, at: string, placementId: string) => ({ pk: `TASKER#${taskerId}`, sk: `HISTORY#${at}#${placementId}` }),
  /**
   * gsi1 of the PROFILE row (taskers table, sparse): written with every track assignment, so ops list a track's
   * taskers by one Query, the most recently assigned first
   */
  taskerByTrack: (track: string, assignedAt: string, taskerId: string) => ({ gsi1pk: `TRACK#${track}`, gsi1sk: `${assignedAt}#${taskerId}` }),
  taskerProject: (taskerId: string, projectId: string) => ({ pk: `TASKER#${taskerId}`, sk: `PROJECT#${projectId}` }),
  taskerTrack: (taskerId: string, at: string) => ({ pk: `TASKER#${taskerId}`, sk: `TRACK#${at}` }),
  /** an ops/rule track move's audit row (immutable; sorts with the placement TRACK rows by time) */
  taskerTrackMove: (taskerId: string, at: string, moveId: string) => ({ pk: `TASKER#${taskerId}`, sk: `TRACK#${at}#${moveId}` }),
  /** a track move's Idempotency-Key: written with the move, a retry with the key finds it */
  taskerMoveKey: (taskerId: string, requestKey: string) => ({ pk: `TASKER#${taskerId}`, sk: `MOVEKEY#${requestKey}` }),
  /** a tasker's enrollment in a course (written once: the assigned variant never changes) */
  taskerEnrollment: (taskerId: string, courseId: string) => ({ pk: `TASKER#${taskerId}`, sk: `ENROLL#${courseId}` }),
  taskerEvent: (taskerId: string, at: string, eventId: string) => ({ pk: `TASKER#${taskerId}`, sk: `EVENT#${at}#${eventId}` }),
};
