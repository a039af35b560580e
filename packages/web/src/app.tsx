import { useState } from 'preact/hooks';
import { Notice } from './components';
import { OpsHome, OpsTaskerPage } from './pages/ops';
import { PlacementPage } from './pages/placement';
import { QuizPage } from './pages/quiz';
import { SignInPage } from './pages/sign-in';
import { TaskerHome } from './pages/tasker-home';
import { TrainingHome } from './pages/training';
import { matchRoute, navigate, useRoute } from './router';
import { currentUser, type Role, signOut } from './session';

function Forbidden({ need }: { need: Role[] }) {
  return <Notice kind="error">This page is for {need.join(' or ')}. Sign in with that role.</Notice>;
}

export function App() {
  const route = useRoute();
  const [, refresh] = useState(0);
  const user = currentUser();
  const has = (...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r));

  const placement = matchRoute('/placement/:id', route);
  const quiz = matchRoute('/quiz/:id', route);
  const opsTasker = matchRoute('/ops/taskers/:id', route);
  let page;
  if (!user || route === '/sign-in') page = <SignInPage onSignedIn={() => refresh((n) => n + 1)} />;
  else if (placement) page = has('tasker') ? <PlacementPage id={placement.id!} /> : <Forbidden need={['tasker']} />;
  else if (quiz) page = has('tasker') ? <QuizPage id={quiz.id!} /> : <Forbidden need={['tasker']} />;
  else if (opsTasker) page = has('ops') ? <OpsTaskerPage id={opsTasker.id!} /> : <Forbidden need={['ops']} />;
  else if (route === '/ops') page = has('ops') ? <OpsHome /> : <Forbidden need={['ops']} />;
  else if (route === '/training') page = has('author', 'ops') ? <TrainingHome /> : <Forbidden need={['author', 'ops']} />;
  else if (has('tasker')) page = <TaskerHome />;
  else if (has('ops')) page = <OpsHome />;
  else if (has('author')) page = <TrainingHome />;
  else page = <Notice>Signed in as {user.sub}: nothing here for your role.</Notice>;

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header>
        <nav aria-label="Main">
          <span class="brand">Theta</span>
          {has('tasker') && <a href="#/">My page</a>}
          {has('ops') && <a href="#/ops">Ops</a>}
          {has('author', 'ops') && <a href="#/training">Training</a>}
          {user && (
            <button
              type="button"
              class="link"
              onClick={() => {
                signOut();
                navigate('/sign-in');
                refresh((n) => n + 1);
              }}
            >
              Sign out {user.sub}
            </button>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}
