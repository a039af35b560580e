import * as z from 'zod';
import { ErrorTagBodySchema, SlugSchema } from '@theta/assessment';
import type { RouteContract } from './shared';

const ErrorTag = z.object({
  slug: z.string(),
  description: z.string(),
  skill: z.string(),
  study: z.string(),
  courseId: z.string().optional(),
  version: z.int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const putErrorTag = {
  summary: 'Create or change one error tag of the taxonomy (author)',
  description:
    'Without `version` the tag is created (409 `error_tag_changed` if it exists); with the `version` you read it is replaced iff nobody changed it since (else 409). ' +
    'Item imports reject a wrong option naming a tag that is not in the taxonomy. docs/quizzes.md.',
  access: ['author'],
  params: z.strictObject({ slug: SlugSchema }),
  body: ErrorTagBodySchema,
  responses: {
    200: { description: 'the tag, replaced', schema: ErrorTag },
    201: { description: 'the tag, created', schema: ErrorTag },
    409: { description: 'the tag exists (create) or changed since it was read (replace)' },
  },
} as const satisfies RouteContract;

export const listErrorTags = {
  summary: 'The error taxonomy (authors, ops); taskers read its words only in quiz feedback',
  access: ['author', 'ops'],
  responses: { 200: { description: 'every tag, by slug', schema: z.object({ errorTags: z.array(ErrorTag) }) } },
} as const satisfies RouteContract;
