// Real-browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser), the built web app
// served by the local stack, axe-core for accessibility.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { WEB_DIST_DIR, REPO_ROOT } from '@theta/local';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the app when dist/ is missing or older than a source file (npm ci's prepare step normally built it). */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST_DIR, 'index.html');
  const srcDir = join(REPO_ROOT, 'packages', 'web', 'src');
  const stale = !existsSync(index) || execFileSync('find', [srcDir, '-newer', index, '-type', 'f'], { encoding: 'utf8' }).trim() !== '';
  if (stale) execFileSync('npx', ['vite', 'build', '--config', 'packages/web/vite.config.ts'], { cwd: REPO_ROOT, stdio: 'pipe' });
  statSync(index);
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does this)`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
