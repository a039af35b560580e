import { Validator } from '@seriousme/openapi-schema-validator';
import { ROUTES } from '../routes';
import { buildOpenApiDocument } from '@theta/http';

const document = buildOpenApiDocument(
  ROUTES.map((r) => ({ method: r.method, path: r.path, ...r.contract })),
  { title: 'Theta API', version: '1.0.0' },
);

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as Parameters<Validator["validate"]>[0]);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator rejects a broken document (so the check above means something)', async () => {
    const broken = { ...document, paths: { '/v1/x': { get: { responses: { 200: { content: {} } } } } } };
    const result = await new Validator().validate(broken as Parameters<Validator["validate"]>[0]);
    expect(result.valid).toBe(false);
  });

  it('documents every route of the route table exactly once', () => {
    const paths = document.paths as Record<string, Record<string, unknown>>;
    for (const r of ROUTES) expect(paths[r.path]?.[r.method.toLowerCase()]).toBeDefined();
    const operations = Object.values(paths).flatMap((p) => Object.keys(p));
    expect(operations).toHaveLength(ROUTES.length);
  });

  it('marks public routes as needing no token and protected ones with their roles', () => {
    const paths = document.paths as Record<string, Record<string, { security?: unknown[]; 'x-theta-roles'?: string[] }>>;
    for (const r of ROUTES) {
      const op = paths[r.path]![r.method.toLowerCase()]!;
      if (r.public) expect(op.security).toEqual([]);
      else expect(op['x-theta-roles']?.length).toBeGreaterThan(0);
    }
  });

  it('route ids and method+path pairs are unique', () => {
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });
});
