import { useState } from 'preact/hooks';
import type { AuthConfig } from './auth/config';
import { hostedSignOut } from './auth/hosted-ui';
import { Notice } from './components';
import { AuthCallbackPage } from './pages/auth-callback';
import { OpsHome, OpsTaskerPage } from './pages/ops';
import { PlacementPage } from './pages/placement';
import { QuizPage } from './pages/quiz';
import { SignInPage } from './pages/sign-in';
import { TaskerHome } from './pages/tasker-home';
import { TrainingHome } from './pages/training';
import { CalibrationPage, CalibrationsHome } from './pages/training/calibrations';
import { CourseVariantsHome, CourseVariantsPage } from './pages/training/course-variants';
import { ErrorInsightsPage } from './pages/training/error-insights';
import { BlueprintsHome, InformationCurvePage } from './pages/training/information-curve';
import { ItemHealthListPage, ItemHealthPage } from './pages/training/item-health';
import { matchRoute, navigate, useRoute } from './router';
import { currentUser, type Role, signOut } from './session';

function Forbidden({ need }: { need: Role[] }) {
  return <Notice kind="error">This page is for {need.join(' or ')}. Sign in with that role.</Notice>;
}

/** The training console's pages (authors and ops: the API decides what each may do, e.g. only authors approve). */
function trainingRoute(route: string) {
  const item = matchRoute('/training/items/:id', route);
  const course = matchRoute('/training/courses/:id', route);
  const calibration = matchRoute('/training/calibrations/:id', route);
  const blueprint = matchRoute('/training/blueprints/:id', route);
  if (route === '/training/items') return <ItemHealthListPage />;
  if (item) return <ItemHealthPage id={item.id!} />;
  if (route === '/training/errors') return <ErrorInsightsPage />;
  if (route === '/training/courses') return <CourseVariantsHome />;
  if (course) return <CourseVariantsPage id={course.id!} />;
  if (route === '/training/calibrations') return <CalibrationsHome />;
  if (calibration) return <CalibrationPage id={calibration.id!} />;
  if (route === '/training/blueprints') return <BlueprintsHome />;
  if (blueprint) return <InformationCurvePage id={blueprint.id!} />;
  return undefined;
}

/** `auth` is the deployment's sign-in setup from /config.json (auth/config.ts). */
export function App({ auth }: { auth: AuthConfig }) {
  const route = useRoute();
  const [, refresh] = useState(0);
  const user = currentUser();
  const has = (...roles: Role[]) => !!user && roles.some((r) => user.roles.includes(r));

  const placement = matchRoute('/placement/:id', route);
  const quiz = matchRoute('/quiz/:id', route);
  const opsTasker = matchRoute('/ops/taskers/:id', route);
  const trainingPage = trainingRoute(route);
  let page;
  // the hosted UI returns to a real path (its callback URL), not a hash route
  if (auth.mode === 'cognito' && location.pathname === '/auth/callback') page = <AuthCallbackPage auth={auth} onSignedIn={() => refresh((n) => n + 1)} />;
  else if (!user || route === '/sign-in') page = <SignInPage auth={auth} onSignedIn={() => refresh((n) => n + 1)} />;
  else if (placement) page = has('tasker') ? <PlacementPage id={placement.id!} /> : <Forbidden need={['tasker']} />;
  else if (quiz) page = has('tasker') ? <QuizPage id={quiz.id!} /> : <Forbidden need={['tasker']} />;
  else if (opsTasker) page = has('ops') ? <OpsTaskerPage id={opsTasker.id!} /> : <Forbidden need={['ops']} />;
  else if (route === '/ops') page = has('ops') ? <OpsHome /> : <Forbidden need={['ops']} />;
  else if (trainingPage) page = has('author', 'ops') ? trainingPage : <Forbidden need={['author', 'ops']} />;
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
                if (auth.mode === 'cognito') return void hostedSignOut(auth);
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
