import * as z from 'zod';
import { BLUEPRINT_KINDS, BlueprintSchema, ItemBatchEnvelopeSchema, ItemShapeSchema } from '@theta/assessment';
import { IdSchema, type RouteContract } from './shared';

export const importItems = {
  summary: 'Import a batch of items in one transaction (validated whole; nothing is written if any item is invalid or the batch is too large)',
  description:
    'Format and rules: docs/item-bank.md. A batch holds at most 100 writes (3 per item, 1 per enemy group: 33 items) and about 3.5 MB; ' +
    'enemy groups may name items already in the bank. A 400 lists every error with its item index, id and path.',
  access: ['author'],
  body: z.unknown(),
  documentedBody: ItemBatchEnvelopeSchema.extend({ items: z.array(ItemShapeSchema).min(1) }),
  maxBodyBytes: 6 * 1024 * 1024,
  responses: {
    200: { description: 'written and unchanged item ids', schema: z.object({ written: z.array(z.string()), unchanged: z.array(z.string()) }) },
    409: { description: 'an item was changed by a concurrent import' },
  },
} as const satisfies RouteContract;

/** The published version, the items each skill draws from (by id prefix and tag) and the routing in plain words. */
const PublishedBlueprintResponse = z.object({
  id: z.string(),
  version: z.int(),
  snapshotVersion: z.string(),
  items: z.int(),
  scope: z.array(
    z.object({
      skill: z.string(),
      items: z.int(),
      itemTags: z.array(z.string()).nullable(),
      sources: z.array(z.object({ prefix: z.string(), items: z.int() })),
      tags: z.array(z.object({ tag: z.string(), items: z.int() })),
    }),
  ),
  notes: z.array(z.string()),
});

export const publishBlueprint = {
  summary: 'Publish the next immutable version of a blueprint and compile its bank snapshot',
  description: 'Format and rules: docs/blueprints.md.',
  access: ['author'],
  body: z.unknown(),
  documentedBody: BlueprintSchema,
  maxBodyBytes: 256 * 1024,
  responses: {
    200: {
      description: 'the latest version already has this content and bank: nothing published (safe retry)',
      schema: PublishedBlueprintResponse,
    },
    201: {
      description: 'the published version',
      schema: PublishedBlueprintResponse,
    },
    409: { description: 'published concurrently by someone else' },
    422: { description: 'the bank cannot satisfy the blueprint, or it routes to an undefined track (`unknown_track`, details.problems name the paths)' },
  },
} as const satisfies RouteContract;

const BlueprintSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(BLUEPRINT_KINDS).meta({ description: '`project`: it has a `projectId`' }),
  projectId: z.string().optional(),
  skills: z.array(z.string()),
  version: z.int().meta({ description: 'the latest version' }),
  publishedAt: z.string(),
  publishedBy: z.string(),
});

export const listBlueprints = {
  summary: "Every blueprint's latest version in brief, newest publication first, a page at a time (authors, ops)",
  description: 'One Query of the bank table’s gsi2 per page (never a Scan); a blueprint is listed once, at its latest version. docs/blueprints.md, "Listing blueprints".',
  access: ['author', 'ops'],
  query: z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(2048).optional().meta({ description: 'the previous page’s cursor' }),
  }),
  responses: {
    200: { description: 'one page; `cursor` is present when there is more', schema: z.object({ blueprints: z.array(BlueprintSummary), cursor: z.string().optional() }) },
    422: { description: 'the cursor is not one of this list' },
  },
} as const satisfies RouteContract;

const Curve = z.array(z.number());
export const getBlueprintInformation = {
  summary: "What a published blueprint can measure: each skill's pool information, best-test information and conditional SE on a θ grid (author, ops)",
  description:
    "Per skill: the information of its active pool and of the `maxItems` most informative items at each θ (the best an adaptive test capped at the skill's maxItems can reach), " +
    'the SE that gives (1/√I), and the cuts. θ from −4 to 4 in steps of 0.25. The latest version unless `version` is given. docs/insights.md, "Pictures".',
  access: ['author', 'ops'],
  params: z.strictObject({ id: IdSchema }),
  query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
  responses: {
    200: {
      description: 'the curves',
      schema: z.object({
        blueprint: z.object({ id: z.string(), version: z.int() }),
        theta: Curve,
        skills: z.array(
          z.object({
            skill: z.string(),
            items: z.int(),
            maxItems: z.int(),
            cuts: z.object({ generalist: z.number().optional(), expert: z.number().optional() }),
            poolInformation: Curve,
            bestTestInformation: Curve,
            conditionalSe: z.array(z.number().nullable()),
          }),
        ),
      }),
    },
    404: { description: 'no such published blueprint (or version)' },
  },
} as const satisfies RouteContract;
