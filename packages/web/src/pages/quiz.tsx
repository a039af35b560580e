import { useEffect, useState } from 'preact/hooks';
import { api, describeError, newRequestKey } from '../api';
import { AnswerForm, type ItemView, Notice, Page, ProgressBar } from '../components';

interface Progress {
  answered: number;
  length: number;
}
interface Feedback {
  itemId: string;
  answer: string;
  correct: boolean;
  correctOptions: string[];
  explanation: string;
  error?: { tag: string; description: string; study: string; courseId?: string };
}
interface Summary {
  items: number;
  correct: number;
  summary: string;
}
type Answered = { status: 'in-progress'; feedback: Feedback; item: ItemView; progress: Progress } | { status: 'completed'; feedback: Feedback; progress: Progress; summary: Summary };
interface Quiz {
  quizId: string;
  skill: string;
  status: 'in-progress' | 'completed';
  progress: Progress;
  item?: ItemView;
  summary?: Summary;
}

const keyFor = (quizId: string, itemId: string) => `theta.quiz-answer.${quizId}.${itemId}`;
function requestKey(quizId: string, itemId: string): string {
  const stored = sessionStorage.getItem(keyFor(quizId, itemId));
  if (stored) return stored;
  const key = newRequestKey('quiz');
  sessionStorage.setItem(keyFor(quizId, itemId), key);
  return key;
}

function FeedbackPanel({ feedback, item }: { feedback: Feedback; item: ItemView }) {
  const text = (id: string) => item.options.find((o) => o.id === id)?.text ?? id;
  return (
    <div class={`card feedback ${feedback.correct ? 'right' : 'wrong'}`} role="status" data-testid="feedback">
      <h2>{feedback.correct ? 'Correct' : 'Not quite'}</h2>
      {!feedback.correct && <p>The correct answer: {feedback.correctOptions.map(text).join(' or ')}.</p>}
      <p>{feedback.explanation}</p>
      {feedback.error && (
        <div class="error-tag">
          <h3>What went wrong</h3>
          <p>{feedback.error.description}</p>
          <p>
            <strong>What to study:</strong> {feedback.error.study}
          </p>
        </div>
      )}
    </div>
  );
}

export function QuizPage({ id }: { id: string }) {
  const [quiz, setQuiz] = useState<Quiz | undefined>();
  const [shown, setShown] = useState<{ item: ItemView; progress: Progress } | undefined>();
  const [feedback, setFeedback] = useState<{ feedback: Feedback; item: ItemView; next?: { item: ItemView; progress: Progress }; summary?: Summary } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Quiz>('GET', `/v1/quizzes/${encodeURIComponent(id)}`).then(
      (q) => {
        setQuiz(q);
        if (q.item) setShown({ item: q.item, progress: q.progress });
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [id]);

  async function answer(optionId: string) {
    if (!shown) return;
    setBusy(true);
    setError(undefined);
    try {
      const reply = await api<Answered>('POST', `/v1/quizzes/${encodeURIComponent(id)}/responses`, {
        body: { itemId: shown.item.id, answer: optionId },
        idempotencyKey: requestKey(id, shown.item.id),
      });
      sessionStorage.removeItem(keyFor(id, shown.item.id));
      setFeedback(reply.status === 'completed' ? { feedback: reply.feedback, item: shown.item, summary: reply.summary } : { feedback: reply.feedback, item: shown.item, next: { item: reply.item, progress: reply.progress } });
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const summary = feedback?.summary ?? (quiz?.status === 'completed' ? quiz.summary : undefined);
  return (
    <Page title={quiz ? `Practice: ${quiz.skill}` : 'Practice quiz'}>
      {error && <Notice kind="error">{error}</Notice>}
      {feedback && <FeedbackPanel feedback={feedback.feedback} item={feedback.item} />}
      {feedback?.next && (
        <button
          type="button"
          autofocus
          onClick={() => {
            setShown(feedback.next);
            setFeedback(undefined);
          }}
        >
          Next question
        </button>
      )}
      {summary && (
        <div class="card result" data-testid="quiz-summary">
          <h2>Quiz complete</h2>
          <p>{summary.summary}</p>
          <p>
            <a href="#/">Back to my page</a>
          </p>
        </div>
      )}
      {shown && !feedback && !summary && (
        <>
          <ProgressBar answered={shown.progress.answered} left={shown.progress.length - shown.progress.answered} label="Quiz progress" />
          <AnswerForm item={shown.item} busy={busy} onAnswer={answer} />
        </>
      )}
      {!quiz && !error && <Notice>Loading…</Notice>}
    </Page>
  );
}
