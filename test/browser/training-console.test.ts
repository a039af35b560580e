// The training console in real Chromium, from data seeded through the API: placements answered to the end (the
// response log), a calibration queued in the page and run by the job, the log exported and synced to the local
// analytics dataset (DuckDB), planted course outcomes synced the same way. Each page's numbers are compared with
// the API's; an author approves a calibration by keyboard and the API says it is approved; axe-core on every page;
// screenshots at desktop and phone widths under test-artifacts/screenshots/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, hashString } from '@theta/irt';
import { plantedCourseData } from '@theta/insights';
import { REPO_ROOT } from '@theta/local';
import { DynamoResponseLogStore } from '@theta/store';
import type { Browser, Page } from 'playwright-core';
import { runInsightsCli } from '../../packages/insights/src/cli/main';
import { exportResponses } from '../../packages/local/src/export/response-export';
import { answerToEnd, type StartedPlacement } from '../support/complete-placement';
import { ensureWebBuilt, launchBrowser, seriousAccessibilityViolations } from '../support/browser';
import { startLocalStack, type LocalStack } from '../support/local-stack';
import { simulatedAnswer } from '../support/seed-bank';

const SCREENSHOTS = join(REPO_ROOT, 'test-artifacts', 'screenshots');
const AUTHOR = { as: 'author' as const, sub: 'designer-1' };
const BLUEPRINT = 'console-placement';
const COURSE = 'console-course';
const EMPTY_COURSE = 'console-course-new';
const PLACEMENTS = 16;

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;

/** a placement answered as a tasker of ability θ would (seeded, so the run is the same every time) */
async function place(k: number): Promise<void> {
  const taskerId = `console-${k}`;
  const theta = -1.5 + (3 * k) / (PLACEMENTS - 1);
  const res = await stack.post('/v1/placements', { taskerId, profile: { declaredDomains: [], educationLevel: k % 2 ? 'master' : 'bachelor' }, blueprintId: BLUEPRINT }, { as: 'onboarding' });
  expect(res.status).toBe(201);
  await answerToEnd(stack, taskerId, res.json<StartedPlacement>(), (itemId) => simulatedAnswer(itemId, theta, createRng(hashString(`${taskerId}:${itemId}`))));
}

async function syncAnalytics(args: string[]): Promise<void> {
  let err = '';
  expect(await runInsightsCli(['sync', ...args], { out: () => {}, err: (t) => (err += t), env: { THETA_DATA_DIR: dataDir } })).toBe(0);
  expect(err).toBe('');
}

beforeAll(async () => {
  ensureWebBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'theta-training-console-'));
  process.env.THETA_DATA_DIR = dataDir;
  stack = await startLocalStack({ seed: true, web: true, onHandlerError: (id, e) => console.error(id, e) });
  const seed = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/blueprints/general-placement.json'), 'utf8')) as Record<string, unknown>;
  expect((await stack.post('/v1/blueprints', { ...seed, id: BLUEPRINT, pilot: { items: 3, minResponses: 3 } }, AUTHOR)).status).toBe(201);
  // four taskers at a time: the stack answers them concurrently as it would in AWS
  for (let k = 0; k < PLACEMENTS; k += 4) await Promise.all([k, k + 1, k + 2, k + 3].filter((i) => i < PLACEMENTS).map(place));

  // the response log → the local analytics dataset (what `npm run export:responses` and `insights -- sync` do)
  const log = join(dataDir, 'responses.jsonl');
  await exportResponses({ reader: new DynamoResponseLogStore(stack.ddb, { sessions: stack.tableNames.sessions }), out: log });
  await syncAnalytics(['--log', log]);
  // course outcomes: 3 variants × 30 taskers with a planted +0.5 gain for "worked-examples" (re-assessing 90 taskers
  // through the API would take minutes); dated within the page's default window, the last 90 days
  const course = { title: 'Console course', skills: ['coding'], modules: [{ id: 'loops', title: 'Loops', quiz: { skill: 'coding' }, pass: { minTheta: 0.5 } }], variants: [{ id: 'control', weight: 1 }, { id: 'worked-examples', weight: 1 }] };
  const planted = plantedCourseData({ courseId: COURSE, skill: 'coding', gains: { control: 0, 'worked-examples': 0.5 }, perVariant: 30, seed: 7, start: new Date(Date.now() - 40 * 86_400_000).toISOString() });
  const enrollments = join(dataDir, 'planted.enrollments.jsonl');
  const measurements = join(dataDir, 'planted.measurements.jsonl');
  writeFileSync(enrollments, planted.enrollments.map((e) => JSON.stringify(e)).join('\n'));
  writeFileSync(measurements, planted.measurements.map((m) => JSON.stringify(m)).join('\n'));
  await syncAnalytics(['--enrollments', enrollments, '--measurements', measurements]);
  expect((await stack.put(`/v1/courses/${COURSE}`, course, AUTHOR)).status).toBe(201);
  expect((await stack.put(`/v1/courses/${EMPTY_COURSE}`, { ...course, title: 'Console course, just launched' }, AUTHOR)).status).toBe(201);

  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** 0 serious axe violations, no sideways scrolling at 375 px, and a screenshot at both widths */
async function checkPage(name: string): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `training-${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.waitForTimeout(150); // Chart.js resizes on the next frame
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOTS, `training-${name}-phone.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** how many pixels of the chart's canvas are painted: 0 means Chart.js drew nothing */
async function paintedPixels(testId: string): Promise<number> {
  const canvas = page.getByTestId(testId).locator('canvas');
  await canvas.waitFor();
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return painted;
  });
}

const cellTexts = (selector: string) => page.locator(selector).allTextContents();
const fixed = (x: number, digits = 2) => x.toFixed(digits).replace('-', '−');
const pct = (p: number) => `${(100 * p).toFixed(1)}%`;

describe('training console', () => {
  let calibrationId: string;

  it('a designer signs in and reaches the console from the navigation', async () => {
    await page.goto(`${stack.baseUrl}/#/sign-in`);
    await page.getByLabel('Training designer (author)').check();
    await page.getByLabel('User id').fill(AUTHOR.sub);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: `Sign out ${AUTHOR.sub}` }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();
    const sections = page.getByRole('navigation', { name: 'Training console' });
    for (const name of ['Items needing attention', 'Error insights', 'Course variants', 'Calibrations', 'Information curves']) await expect(sections.getByRole('link', { name }).count()).resolves.toBe(1);
    await checkPage('overview');
  });

  it('before any calibration, items needing attention says so instead of failing', async () => {
    await page.goto(`${stack.baseUrl}/#/training/items`);
    await page.getByText('No calibration has completed yet').waitFor();
  });

  it('queues a calibration in the page; the job runs it; the report’s summary and changes are the API’s', async () => {
    await page.goto(`${stack.baseUrl}/#/training/calibrations`);
    await page.getByLabel('Blueprint id (empty: the whole bank)').fill(BLUEPRINT);
    await page.getByRole('button', { name: 'Queue calibration' }).click();
    const link = page.getByTestId('queued-calibration');
    calibrationId = (await link.textContent())!;
    const queued = await stack.get(`/v1/calibrations/${calibrationId}`, AUTHOR);
    expect(queued.json()).toMatchObject({ status: 'queued', requestedBy: AUTHOR.sub, request: { blueprintId: BLUEPRINT } });
    // the list (GET /v1/calibrations) shows it first, in words, linked
    const firstRow = page.getByTestId('calibration-list').locator('tbody tr').first();
    await firstRow.filter({ hasText: 'Queued' }).waitFor();
    await expect(firstRow.textContent()).resolves.toContain(BLUEPRINT);
    await expect(firstRow.locator('a').getAttribute('href')).resolves.toBe(`#/training/calibrations/${calibrationId}`);
    await checkPage('calibrations');

    expect(((await stack.runJob('RunCalibrations')) as { completed: string[] }).completed).toEqual([calibrationId]);
    await link.click();
    await page.getByTestId('calibration-summary').waitFor();
    const run = (await stack.get(`/v1/calibrations/${calibrationId}`, AUTHOR)).json<{ status: string; summary: Record<string, number>; report: { candidate: { itemId: string }[] } }>();
    expect(run.status).toBe('completed');
    const s = run.summary;
    await expect(page.getByTestId('calibration-data').textContent()).resolves.toBe(`${s.responses} responses from ${s.taskers} taskers`);
    await expect(page.getByTestId('calibration-items').textContent()).resolves.toBe(`${s.items} judged, ${s.estimated} estimated, ${s.changed} changed, ${s.ready} ready to promote, ${s.flagged} flagged`);
    expect(run.report.candidate.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=changes-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item')))).toEqual(run.report.candidate.map((c) => c.itemId));
    await checkPage('calibration');
  });

  it('approves it by keyboard after a confirmation, and the API says it is approved', async () => {
    const approve = page.getByRole('button', { name: 'Approve', exact: true });
    await approve.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Yes, approve' });
    await confirm.waitFor();
    await expect(confirm.evaluate((b) => b === document.activeElement)).resolves.toBe(true);
    expect((await stack.get(`/v1/calibrations/${calibrationId}`, AUTHOR)).json<{ status: string }>().status).toBe('completed'); // not before the confirmation
    await page.keyboard.press('Enter');
    await page.getByTestId('calibration-approval').waitFor();
    const run = (await stack.get(`/v1/calibrations/${calibrationId}`, AUTHOR)).json<{ status: string; approval: { approvedBy: string; bankVersion: number; changes: unknown[] } }>();
    expect(run).toMatchObject({ status: 'approved', approval: { approvedBy: AUTHOR.sub } });
    await expect(page.getByTestId('calibration-approval').textContent()).resolves.toContain(`bank version ${run.approval.bankVersion}, ${run.approval.changes.length} items changed`);
    await expect(page.getByTestId('calibration-status').textContent()).resolves.toMatch(/^Approved/);
    await expect(page.getByRole('button', { name: 'Approve', exact: true }).count()).resolves.toBe(0);
  });

  it('an unknown calibration id is a plain "no such calibration", not an error', async () => {
    await page.goto(`${stack.baseUrl}/#/training/calibrations`);
    await page.getByLabel('Calibration id').fill('no-such-run');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText('No such calibration').waitFor();
  });

  it('items needing attention: the ranked list is the API’s, flags in plain words; the flag filter asks the API', async () => {
    const list = (await stack.get('/v1/items/health', AUTHOR)).json<{ items: { itemId: string; n: number; flags: string[] }[] }>();
    expect(list.items.length).toBeGreaterThan(0);
    await page.goto(`${stack.baseUrl}/#/training/items`);
    await page.getByTestId('health-table').waitFor();
    await expect(cellTexts('[data-testid=health-table] tbody tr td:first-child')).resolves.toEqual(list.items.map((i) => i.itemId));
    await expect(cellTexts('[data-testid=health-table] tbody tr td:nth-child(3)')).resolves.toEqual(list.items.map((i) => String(i.n)));
    // 16 placements give every item far fewer than 100 answers: each is flagged few-responses, said in words
    expect(list.items.every((i) => i.n < 100 && i.flags.includes('few-responses'))).toBe(true);
    await expect(page.locator('[data-testid=health-table] .flags li', { hasText: 'Too few answers yet (under 100) to judge it' }).count()).resolves.toBe(list.items.length);
    await checkPage('items');

    // items under 100 answers get no misfit verdict (docs/item-health.md): the filtered list is empty, and says so
    expect((await stack.get('/v1/items/health?flag=misfit', AUTHOR)).json<{ items: unknown[] }>().items).toEqual([]);
    await page.getByLabel('Show items flagged for').selectOption('misfit');
    await expect(page.getByTestId('health-empty').textContent()).resolves.toContain('Answers do not follow the pattern');
    await page.getByLabel('Show items flagged for').selectOption('');
    await page.getByRole('link', { name: list.items[0]!.itemId, exact: true }).waitFor();
  });

  it('an item’s health: n, p-value, point-biserial, fit and the distractor chart from the API’s numbers', async () => {
    const list = (await stack.get('/v1/items/health', AUTHOR)).json<{ items: { itemId: string; n: number }[] }>();
    const withDistractors = [...list.items].sort((a, b) => b.n - a.n)[0]!;
    const item = (await stack.get(`/v1/items/${withDistractors.itemId}/health`, AUTHOR)).json<{
      n: number;
      health: { pValue: number; pointBiserial: number; distractors: { band: number; n: number; choices: Record<string, number> }[] };
    }>();
    await page.goto(`${stack.baseUrl}/#/training/items`);
    await page.getByRole('link', { name: withDistractors.itemId, exact: true }).click();
    await page.getByTestId('item-facts').waitFor();
    await expect(page.getByTestId('item-n').textContent()).resolves.toBe(String(item.n));
    await expect(page.getByTestId('item-p-value').textContent()).resolves.toBe(fixed(item.health.pValue, 3));
    await expect(page.getByTestId('item-point-biserial').textContent()).resolves.toBe(fixed(item.health.pointBiserial, 3));
    expect(await paintedPixels('distractor-chart')).toBeGreaterThan(1000);
    await page.getByText('Show as a table').click();
    const rows = page.locator('[data-testid=distractor-table] tbody tr');
    await expect(rows.count()).resolves.toBe(item.health.distractors.length);
    await expect(rows.locator('td:first-of-type').allTextContents()).resolves.toEqual(item.health.distractors.map((d) => String(d.n)));
    await checkPage('item');
  });

  it('error insights by ability band: the chart draws, and the table’s rates and intervals are the API’s', async () => {
    const res = await stack.get('/v1/insights/errors', AUTHOR);
    expect([res.status, res.status === 200 ? '' : res.text]).toEqual([200, '']);
    const report = res.json<{ responses: number; errors: { errorTag: string; byBand: { band: number; x: number; n: number; p: number; lo: number; hi: number }[] }[] }>();
    expect(report.responses).toBeGreaterThan(100);
    expect(report.errors.length).toBeGreaterThan(0);
    await page.goto(`${stack.baseUrl}/#/training/errors`);
    await page.getByTestId('errors-table').waitFor();
    await expect(page.getByTestId('errors-report').textContent()).resolves.toContain(`${report.responses} responses`);
    expect(await paintedPixels('errors-chart')).toBeGreaterThan(1000);
    await expect(cellTexts('[data-testid=errors-table] tbody th')).resolves.toEqual(report.errors.map((e) => e.errorTag));
    const top = report.errors[0]!;
    const band = top.byBand.find((b) => b.n > 0)!;
    await expect(page.locator(`[data-testid=errors-table] tr[data-tag="${top.errorTag}"] td[data-band="${band.band}"]`).textContent()).resolves.toBe(`${pct(band.p)} (${pct(band.lo)} to ${pct(band.hi)}; ${band.x} of ${band.n})`);
    await checkPage('errors');

    // a skill filter is sent to the API: an unknown skill has no responses
    await page.getByLabel('Skill (empty: all)').fill('no-such-skill');
    await page.getByRole('button', { name: 'Show insights' }).click();
    await page.getByTestId('errors-empty').waitFor();
    await expect(page.getByTestId('errors-report').textContent()).resolves.toContain('0 responses');
  });

  it('course variants: gains with intervals as a chart, the adjusted difference, always-valid p and sequence in words', async () => {
    const report = (await stack.get(`/v1/insights/courses/${COURSE}`, AUTHOR)).json<{
      status: string;
      variants: { variant: string; gain: { mean: number; ci95: [number, number] } | null }[];
      comparisons: { status: string; treatment: string; ancova: { estimate: number }; sequential: { alwaysValidP: number; confidenceSequence: [number, number]; reject: boolean } }[];
    }>();
    expect(report.status).toBe('ok');
    await page.goto(`${stack.baseUrl}/#/training/courses`);
    await page.getByLabel('Course id').fill(COURSE);
    await page.getByRole('button', { name: 'Show the course' }).click();
    await page.getByTestId('course-report').waitFor();
    expect(await paintedPixels('gains-chart')).toBeGreaterThan(1000);
    for (const v of report.variants) await expect(page.getByTestId(`gain-${v.variant}`).textContent()).resolves.toBe(`${fixed(v.gain!.mean)} (${fixed(v.gain!.ci95[0])} to ${fixed(v.gain!.ci95[1])})`);
    const [c] = report.comparisons;
    expect(c).toMatchObject({ status: 'ok', treatment: 'worked-examples', sequential: { reject: true } });
    const text = page.getByTestId('comparison-worked-examples');
    await expect(text.getByTestId('adjusted-difference').textContent()).resolves.toBe(fixed(c!.ancova.estimate));
    await expect(text.getByTestId('always-valid-p').textContent()).resolves.toBe(c!.sequential.alwaysValidP < 0.001 ? 'below 0.001' : fixed(c!.sequential.alwaysValidP, 3));
    await expect(text.getByTestId('confidence-sequence').textContent()).resolves.toBe(`${fixed(c!.sequential.confidenceSequence[0])} to ${fixed(c!.sequential.confidenceSequence[1])}`);
    await expect(text.textContent()).resolves.toMatch(/^worked-examples beats control: the difference is real at the 5\.0% level, however often you look\./);
    await checkPage('course');
  });

  it('a course nobody has finished yet: "not enough data yet"; an unknown course: "not available"', async () => {
    expect((await stack.get(`/v1/insights/courses/${EMPTY_COURSE}`, AUTHOR)).json<{ status: string }>().status).toBe('not-enough-data');
    await page.goto(`${stack.baseUrl}/#/training/courses/${EMPTY_COURSE}`);
    await page.getByTestId('course-report').waitFor();
    await page.getByText('Not enough data yet').first().waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${stack.baseUrl}/#/training/courses/no-such-course`);
    await page.getByText('Not available:').waitFor();
  });

  it('courses and blueprints are listed as the API lists them, newest first; a click opens one', async () => {
    const rowIds = (testId: string, attribute: string) => page.locator(`[data-testid=${testId}] tbody tr`).evaluateAll((rows, a) => rows.map((r) => r.getAttribute(a)), attribute);
    const courses = (await stack.get('/v1/courses', AUTHOR)).json<{ courses: { id: string }[] }>().courses.map((c) => c.id);
    // written in beforeAll, in this order (anything seeded is older)
    expect(courses.slice(0, 2)).toEqual([EMPTY_COURSE, COURSE]);
    await page.goto(`${stack.baseUrl}/#/training/courses`);
    await page.getByTestId('course-list').waitFor();
    await expect(rowIds('course-list', 'data-course')).resolves.toEqual(courses);
    await checkPage('course-list');
    await page.locator(`[data-testid=course-list] tr[data-course="${COURSE}"] a`).click();
    await page.getByTestId('course-report').waitFor();
    expect(page.url()).toMatch(new RegExp(`#/training/courses/${COURSE}$`));

    const blueprints = (await stack.get('/v1/blueprints', AUTHOR)).json<{ blueprints: { id: string }[] }>().blueprints.map((b) => b.id);
    // the one published in beforeAll, after the seeded one
    expect(blueprints[0]).toBe(BLUEPRINT);
    expect(blueprints).toContain('general-placement');
    await page.goto(`${stack.baseUrl}/#/training/blueprints`);
    await page.getByTestId('blueprint-list').waitFor();
    await expect(rowIds('blueprint-list', 'data-blueprint')).resolves.toEqual(blueprints);
    await checkPage('blueprint-list');
    await page.locator(`[data-testid=blueprint-list] tr[data-blueprint="${BLUEPRINT}"] a`).click();
    await page.getByTestId('information-report').waitFor();
    expect(page.url()).toMatch(new RegExp(`#/training/blueprints/${BLUEPRINT}$`));
  });

  it('a blueprint’s information curve: conditional SE per skill with the cuts, the numbers the API’s', async () => {
    const curves = (await stack.get('/v1/blueprints/general-placement/information', AUTHOR)).json<{ theta: number[]; skills: { skill: string; cuts: { generalist?: number }; conditionalSe: (number | null)[] }[] }>();
    await page.goto(`${stack.baseUrl}/#/training/blueprints`);
    await page.getByRole('button', { name: 'Show the curve' }).click(); // the field starts at general-placement
    await page.getByTestId('information-report').waitFor();
    expect(await paintedPixels('information-chart')).toBeGreaterThan(1000);
    const label = await page.getByTestId('information-chart').locator('canvas').getAttribute('aria-label');
    for (const s of curves.skills) {
      const minSe = Math.min(...s.conditionalSe.filter((x): x is number => x !== null));
      await expect(page.getByTestId(`min-se-${s.skill}`).textContent()).resolves.toBe(fixed(minSe, 3));
      if (s.cuts.generalist !== undefined) expect(label).toContain(`${s.skill} generalist cut at ${fixed(s.cuts.generalist)}`);
    }
    await expect(page.locator('[data-testid=information-table] tbody tr').count()).resolves.toBe(curves.theta.length);
    await checkPage('information');
  });

  it('an ops user reads the console but gets no Approve button (authors only, as the API)', async () => {
    // free: the approval promoted the pilot items, so a fixed-anchor run could find no pilot left to estimate
    const second = (await stack.post('/v1/calibrations', { blueprintId: BLUEPRINT, free: true }, AUTHOR)).json<{ id: string }>().id;
    await stack.runJob('RunCalibrations');
    const secondRun = (await stack.get(`/v1/calibrations/${second}`, AUTHOR)).json<{ status: string; error?: string }>();
    expect([secondRun.status, secondRun.error]).toEqual(['completed', undefined]);
    await page.goto(`${stack.baseUrl}/#/sign-in`);
    await page.getByLabel('Ops').check();
    await page.getByLabel('User id').fill('ops-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out ops-1' }).waitFor();
    await page.goto(`${stack.baseUrl}/#/training/calibrations/${second}`);
    await page.getByText('Only an author can approve a calibration.').waitFor();
    await expect(page.getByRole('button', { name: 'Approve', exact: true }).count()).resolves.toBe(0);
    await page.goto(`${stack.baseUrl}/#/training/calibrations`);
    await page.getByRole('heading', { name: 'Open a calibration' }).waitFor();
    await expect(page.getByLabel('Blueprint id (empty: the whole bank)').count()).resolves.toBe(0);
  });
});
