import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, describeError, newRequestKey } from '../api';
import { AnswerForm, type ItemView, Notice, Page, ProgressBar } from '../components';

interface Progress {
  answered: number;
  maxItems: number;
  expectedItemsLeft?: number;
}
interface Placement {
  placementId: string;
  status: 'in-progress' | 'completed' | 'expired';
  itemsAnswered: number;
  result?: { track: string; trackSummary?: string; itemsUsed: number; withheld?: { reason: string } };
}
type Step = { status: 'in-progress'; item: ItemView; progress: Progress } | { status: 'completed'; result: { track: string | null; summary?: string; itemsUsed: number } };

// The Idempotency-Key of an answer is kept until the answer is acknowledged: a reload or a retry after a lost
// reply sends the same key, so the answer counts once.
const keyFor = (placementId: string, itemId: string) => `theta.answer.${placementId}.${itemId}`;
function requestKey(placementId: string, itemId: string): string {
  const stored = sessionStorage.getItem(keyFor(placementId, itemId));
  if (stored) return stored;
  const key = newRequestKey('answer');
  sessionStorage.setItem(keyFor(placementId, itemId), key);
  return key;
}

const itemsLeft = (p: Progress) => p.expectedItemsLeft ?? Math.max(p.maxItems - p.answered, 1);

export function PlacementPage({ id }: { id: string }) {
  const [item, setItem] = useState<{ item: ItemView; progress: Progress } | undefined>();
  // track null: the placement was withheld (mostly rapid guesses) and the summary says why
  const [done, setDone] = useState<{ summary: string; track: string | null } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      try {
        const placement = await api<Placement>('GET', `/v1/placements/${encodeURIComponent(id)}`);
        if (placement.status === 'completed' && placement.result) {
          const { result } = placement;
          setDone(
            result.withheld
              ? { track: null, summary: result.withheld.reason }
              : { track: result.track, summary: result.trackSummary ?? `You are on the ${result.track} track.` },
          );
        } else if (placement.status === 'expired') {
          setError('This placement expired after being idle. Ask for a new one to be started.');
        } else {
          setItem(await api('GET', `/v1/placements/${encodeURIComponent(id)}/item`));
        }
      } catch (e) {
        setError(describeError(e));
      }
    })();
  }, [id]);

  async function answer(optionId: string) {
    if (!item) return;
    setBusy(true);
    setError(undefined);
    try {
      const step = await api<Step>('POST', `/v1/placements/${encodeURIComponent(id)}/responses`, {
        body: { itemId: item.item.id, answer: optionId },
        idempotencyKey: requestKey(id, item.item.id),
      });
      sessionStorage.removeItem(keyFor(id, item.item.id));
      if (step.status === 'completed') {
        setItem(undefined);
        setDone({ track: step.result.track, summary: step.result.summary ?? `You are on the ${step.result.track ?? 'same'} track.` });
      } else {
        setItem({ item: step.item, progress: step.progress });
      }
    } catch (e) {
      // the item on screen is no longer current (answered from another tab): show the current one
      if (e instanceof ApiError && e.status === 409) setItem(await api<{ item: ItemView; progress: Progress }>('GET', `/v1/placements/${encodeURIComponent(id)}/item`).catch(() => undefined));
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Placement test">
      {error && <Notice kind="error">{error}</Notice>}
      {done && (
        <div class="card result" data-testid="placement-result">
          <h2>Your result</h2>
          <p>{done.summary}</p>
          <p>
            <a href="#/">Back to my page</a>
          </p>
        </div>
      )}
      {item && (
        <>
          <ProgressBar answered={item.progress.answered} left={itemsLeft(item.progress)} label="Placement progress" />
          <AnswerForm item={item.item} busy={busy} onAnswer={answer} />
        </>
      )}
      {!item && !done && !error && <Notice>Loading…</Notice>}
    </Page>
  );
}
