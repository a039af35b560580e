import { useEffect, useState } from 'preact/hooks';
import type { CognitoAuth } from '../auth/config';
import { completeHostedSignIn } from '../auth/hosted-ui';
import { describeError } from '../api';
import { Notice, Page } from '../components';

/** /auth/callback: the hosted UI returns here with ?code&state; once signed in, the app continues at its home page. */
export function AuthCallbackPage({ auth, onSignedIn }: { auth: CognitoAuth; onSignedIn: () => void }) {
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    completeHostedSignIn(auth, location.search).then(
      () => {
        // drop the code from the address bar and history before anything else renders
        history.replaceState(null, '', '/#/');
        onSignedIn();
      },
      (err: unknown) => setError(describeError(err)),
    );
  }, []);
  return (
    <Page title="Signing in">
      {error ? (
        <>
          <Notice kind="error">{error}</Notice>
          <p>
            <a href="/#/sign-in">Back to sign-in</a>
          </p>
        </>
      ) : (
        <Notice>Finishing sign-in…</Notice>
      )}
    </Page>
  );
}
