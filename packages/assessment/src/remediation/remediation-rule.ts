// Automatic remediation rules (docs/remediation.md): data, versioned. A rule watches one kind of evidence and moves a
// tasker to a remedial track when it fires. Pure: what the rule says and whether it fires on given evidence.
import * as z from 'zod';
import { TrackNameSchema } from '../tracks/move-track';
import { SlugSchema as Slug } from '../bank/item-schema';


export const RemediationRuleBodySchema = z
  .strictObject({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    enabled: z.boolean().default(true),
    when: z.discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('quality-below'),
        skill: Slug,
        threshold: z.number().min(0).max(1).meta({ description: 'fires when the mean audit score of the last `window` signals is below this' }),
        window: z.int().min(1).max(50).default(5),
        minSignals: z.int().min(1).max(50).default(3).meta({ description: 'signals needed before the rule may fire' }),
      }),
    ]),
    fromTracks: z.array(TrackNameSchema).min(1).max(20).optional().meta({ description: 'tracks it applies to (default: every track that is not remedial)' }),
    moveTo: TrackNameSchema,
    courseId: Slug.optional().meta({ description: 'the remedial course the tasker is enrolled in when moved' }),
  })
  .superRefine((r, ctx) => {
    if (r.when.minSignals > r.when.window) ctx.addIssue({ code: 'custom', path: ['when', 'minSignals'], message: 'must not exceed window' });
    if (r.fromTracks?.includes(r.moveTo)) ctx.addIssue({ code: 'custom', path: ['moveTo'], message: 'must not be one of fromTracks' });
  });
export type RemediationRuleBody = z.output<typeof RemediationRuleBodySchema>;

export interface RemediationRule extends RemediationRuleBody {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface QualitySignal {
  id: string;
  taskerId: string;
  skill: string;
  /** audit score of delivered work, 0 (unusable) .. 1 (perfect) */
  score: number;
  errorTag?: string;
  workId?: string;
  observedAt: string;
  receivedAt: string;
  source: string;
}

const fmt = (x: number) => x.toFixed(2);

/** Whether `rule` moves a tasker on `track` given their quality signals on its skill, newest first; and why. */
export function ruleFires(rule: RemediationRule, signals: readonly QualitySignal[], track: string | undefined): { fires: boolean; why: string } {
  if (!rule.enabled) return { fires: false, why: 'disabled' };
  if (track === rule.moveTo) return { fires: false, why: `already on ${rule.moveTo}` };
  const applies = rule.fromTracks ? track !== undefined && rule.fromTracks.includes(track) : !track?.startsWith('remedial:');
  if (!applies) return { fires: false, why: `not on a track it applies to (${track ?? 'none'})` };
  const recent = signals.filter((s) => s.skill === rule.when.skill).slice(0, rule.when.window);
  if (recent.length < rule.when.minSignals) return { fires: false, why: `${recent.length} of ${rule.when.minSignals} signals needed` };
  const mean = recent.reduce((sum, s) => sum + s.score, 0) / recent.length;
  const fires = mean < rule.when.threshold;
  return { fires, why: `mean ${rule.when.skill} audit score ${fmt(mean)} over the last ${recent.length} ${fires ? '<' : '≥'} ${fmt(rule.when.threshold)}` };
}
