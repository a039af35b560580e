import { useState } from 'preact/hooks';
import type { AuthConfig, CognitoAuth } from '../auth/config';
import { startHostedSignIn } from '../auth/hosted-ui';
import { describeError } from '../api';
import { Notice, Page } from '../components';
import { navigate } from '../router';
import { type Role, sessionEndedNotice, signIn } from '../session';

const ROLES: { role: Role; label: string; demo: string; home: string }[] = [
  { role: 'tasker', label: 'Tasker', demo: 'demo-tasker-1', home: '/' },
  { role: 'ops', label: 'Ops', demo: 'demo-ops-1', home: '/ops' },
  { role: 'author', label: 'Training designer (author)', demo: 'demo-author-1', home: '/training' },
];

/** In AWS: one button to Cognito's hosted sign-in page (roles come from the account's groups, in the token). */
function HostedSignIn({ auth }: { auth: CognitoAuth }) {
  const [error, setError] = useState<string | undefined>();
  const ended = sessionEndedNotice();
  return (
    <Page title="Sign in">
      <div class="card">
        {ended && <Notice>{ended}</Notice>}
        <button type="button" onClick={() => startHostedSignIn(auth).catch((err: unknown) => setError(describeError(err)))}>
          Sign in
        </button>
        {error && <Notice kind="error">{error}</Notice>}
        <p class="hint">You will sign in on Theta's account page and come back here.</p>
      </div>
    </Page>
  );
}

export function SignInPage({ auth, onSignedIn }: { auth: AuthConfig; onSignedIn: () => void }) {
  return auth.mode === 'cognito' ? <HostedSignIn auth={auth} /> : <DevSignIn onSignedIn={onSignedIn} />;
}

/** Under npm start: pick a role and a user id (the local stand-in for Cognito's hosted UI). */
function DevSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [role, setRole] = useState<Role>('tasker');
  const [sub, setSub] = useState('demo-tasker-1');
  const [error, setError] = useState<string | undefined>();
  return (
    <Page title="Sign in">
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await signIn(role, sub.trim());
            onSignedIn();
            navigate(ROLES.find((r) => r.role === role)?.home ?? '/');
          } catch (err) {
            setError(describeError(err));
          }
        }}
      >
        <fieldset>
          <legend>I am a</legend>
          {ROLES.map((r) => (
            <label class="option" key={r.role}>
              <input
                type="radio"
                name="role"
                value={r.role}
                checked={role === r.role}
                onChange={() => {
                  setRole(r.role);
                  setSub(r.demo);
                }}
              />
              <span>{r.label}</span>
            </label>
          ))}
        </fieldset>
        <label for="sub">User id</label>
        <input id="sub" type="text" value={sub} autocomplete="username" onInput={(e) => setSub((e.target as HTMLInputElement).value)} required />
        <button type="submit">Sign in</button>
        {error && <Notice kind="error">{error}</Notice>}
        <p class="hint">Local stack: dev sign-in. In AWS this page is Cognito's hosted sign-in.</p>
      </form>
    </Page>
  );
}
