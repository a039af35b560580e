// The pure parts of the web app's token renewal (packages/web/src/auth/refresh-rules.ts); the flow itself runs in
// Chromium in cognito-sign-in.test.ts.
import { expiresWithin, REFRESH_MARGIN_MS, refreshGrantForm } from '../../packages/web/src/auth/refresh-rules';

test('a token is renewed when it expires within the margin, or has expired, and not before', () => {
  const now = 1_800_000_000_000;
  expect(expiresWithin(now + REFRESH_MARGIN_MS + 1, REFRESH_MARGIN_MS, now)).toBe(false);
  expect(expiresWithin(now + REFRESH_MARGIN_MS, REFRESH_MARGIN_MS, now)).toBe(true);
  expect(expiresWithin(now + 30_000, REFRESH_MARGIN_MS, now)).toBe(true);
  expect(expiresWithin(now - 3_600_000, REFRESH_MARGIN_MS, now)).toBe(true);
  expect(REFRESH_MARGIN_MS).toBe(60_000);
});

test("the refresh grant is a public client's form: grant type, client id and refresh token only, URL-encoded", () => {
  const form = refreshGrantForm('web-client', 'eyJj+/=token');
  expect(Object.fromEntries(form)).toEqual({ grant_type: 'refresh_token', client_id: 'web-client', refresh_token: 'eyJj+/=token' });
  expect(form.toString()).toBe('grant_type=refresh_token&client_id=web-client&refresh_token=eyJj%2B%2F%3Dtoken');
});
