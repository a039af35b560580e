import { render } from 'preact';
import { App } from './app';
import { loadAuthConfig } from './auth/config';
import { enableTokenRefresh } from './auth/token-refresh';
import './styles.css';

const root = document.getElementById('app')!;
loadAuthConfig().then(
  (auth) => {
    if (auth.mode === 'cognito') enableTokenRefresh(auth);
    render(<App auth={auth} />, root);
  },
  // without it the app cannot know how to sign in: say so rather than show a blank page
  (error: unknown) => render(<p role="alert">Theta could not start: {error instanceof Error ? error.message : String(error)}</p>, root),
);
