// The blueprint list (GET /v1/blueprints, docs/blueprints.md "Listing blueprints"): each blueprint's latest version in
// brief. The store keeps this summary on the blueprint's latest-version pointer, written with the version it names.
import type { PublishedBlueprint } from '../blueprints/blueprint-schema';

/** `project`: a blueprint with a `projectId` (a project team's targeted assessment); `placement`: the others */
export const BLUEPRINT_KINDS = ['placement', 'project'] as const;

/** A blueprint as the list shows it: what it measures and when it was published, no CAT settings or cuts. */
export interface BlueprintSummary {
  id: string;
  title: string;
  kind: (typeof BLUEPRINT_KINDS)[number];
  projectId?: string;
  skills: string[];
  version: number;
  publishedAt: string;
  publishedBy: string;
}

export interface BlueprintSummaryPage {
  /** newest publication first */
  blueprints: BlueprintSummary[];
  cursor?: string;
}

/** Every blueprint, a page at a time. */
export interface BlueprintList {
  listBlueprints(limit: number, cursor?: string): Promise<BlueprintSummaryPage>;
}

export const blueprintSummary = (blueprint: PublishedBlueprint, publishedAt: string, publishedBy: string): BlueprintSummary => ({
  id: blueprint.id,
  title: blueprint.title,
  kind: blueprint.projectId === undefined ? 'placement' : 'project',
  ...(blueprint.projectId === undefined ? {} : { projectId: blueprint.projectId }),
  skills: blueprint.skills.map((s) => s.skill),
  version: blueprint.version,
  publishedAt,
  publishedBy,
});
