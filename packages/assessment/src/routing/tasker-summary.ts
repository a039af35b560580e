// The tasker's plain-language summary of a routing decision: where they are, what was close, when they may retake.
// No θ, SE, cut or rule names: those stay in the technical reason ops read (decide-track.ts).

import type { Blueprint } from '../blueprints/blueprint-schema';
import { count, listOf, plural } from '../text/plural';
import type { SkillDecision, Track } from './decide-track';

/** "writing-quality" → "writing quality" */
const spoken = (slug: string): string => slug.replace(/-/g, ' ');
const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function trackSentence(track: Track): string {
  if (track === 'generalist') return 'You are on the generalist track.';
  if (track === 'not-qualified') return 'You did not qualify for a track this time.';
  if (track.startsWith('expert:')) return `You are on the expert ${spoken(track.slice('expert:'.length))} track.`;
  const skill = spoken(track.slice('remedial:'.length));
  return `You are on the remedial ${skill} track: a short course on ${skill}, then a new assessment.`;
}

/** "you may retake the placement after 24 hours (up to 3 attempts in total)", or undefined when no retake exists */
function retakeClause(blueprint: Blueprint): string | undefined {
  const { cooldownHours, maxAttempts } = blueprint.retake;
  if (maxAttempts <= 1) return undefined;
  const when = cooldownHours === 0 ? 'at any time' : `after ${count(cooldownHours, 'hour')}`;
  return `you may retake the placement ${when} (up to ${count(maxAttempts, 'attempt')} in total)`;
}

/**
 * What a tasker reads about their placement. `decisions` are decideTrack's, in blueprint order. Sentences name the
 * track, then what was close (a domain skill near or above the expert level without the expert track, general
 * skills short of the generalist level), and end with the retake policy when a retake could change the outcome.
 */
export function taskerSummary(blueprint: Blueprint, track: Track, decisions: readonly SkillDecision[]): string {
  const sentences = [trackSentence(track)];
  const domainOf = new Map(blueprint.skills.map((s) => [s.skill, s.domain ?? s.skill]));
  const name = (d: SkillDecision) => spoken(domainOf.get(d.skill) ?? d.skill);
  const expert = track.startsWith('expert:');

  if (!expert) {
    const reached = decisions.filter((d) => d.kind === 'domain' && d.passes);
    const close = decisions.filter((d) => d.kind === 'domain' && d.classification === 'uncertain');
    if (reached.length > 0) {
      const pass = blueprint.routing.expert.generalRequirement === 'pass';
      const blocking = decisions
        .filter((d) => d.kind === 'general' && (pass ? !d.passes : d.classification === 'below'))
        .map((d) => spoken(d.skill));
      sentences.push(
        `${sentenceCase(listOf(reached.map(name)))} reached the expert level, but the expert track also needs ` +
          `${listOf(blocking)} at the generalist level.`,
      );
    }
    if (close.length > 0) sentences.push(`${sentenceCase(listOf(close.map(name)))} ${plural(close.length, 'was', 'were')} close to the expert level.`);
  }
  const weakest = track.startsWith('remedial:') ? track.slice('remedial:'.length) : undefined;
  const failing = decisions.filter((d) => d.kind === 'general' && !d.passes && d.skill !== weakest);
  const near = failing.filter((d) => d.classification === 'uncertain').map((d) => spoken(d.skill));
  const short = failing.filter((d) => d.classification !== 'uncertain').map((d) => spoken(d.skill));
  if (near.length > 0) sentences.push(`${sentenceCase(listOf(near))} ${plural(near.length, 'was', 'were')} close to the generalist level.`);
  if (short.length > 0) sentences.push(`${sentenceCase(listOf(short))} ${plural(short.length, 'needs', 'need')} more practice.`);

  // a retake can change the outcome when something was close or missing (remedial ends in its own re-assessment)
  const improvable = !expert && !weakest && sentences.length > 1;
  const retake = retakeClause(blueprint);
  if ((improvable || track === 'not-qualified') && retake) {
    if (sentences.length > 1) sentences[sentences.length - 1] = `${(sentences[sentences.length - 1] as string).slice(0, -1)}: ${retake}.`;
    else sentences.push(`${sentenceCase(retake)}.`);
  }
  return sentences.join(' ');
}
