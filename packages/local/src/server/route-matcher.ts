import type { RouteDefinition } from '@theta/functions/routes';

/**
 * What serving a route needs from a RouteDefinition. Narrower than RouteDefinition so test
 * fixtures need no OpenAPI contract; every RouteDefinition is a ServedRoute.
 */
export type ServedRoute = Pick<RouteDefinition, 'id' | 'method' | 'path' | 'entry'> & {
  public?: boolean;
  timeoutSeconds?: number;
  memoryMb?: number;
  /** declared DynamoDB access; with IAM emulation on, the handler may do exactly this */
  tables?: RouteDefinition['tables'];
};

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: ServedRoute;
  routeKey: string;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'matched'; route: ServedRoute; routeKey: string; pathParameters?: Record<string, string> }
  | { kind: 'not-found' }
  /** The path exists with other methods. (API Gateway itself answers 404 here; locally 405 + Allow is more useful.) */
  | { kind: 'method-not-allowed'; allow: string[] };

export type RouteMatcher = (method: string, rawPath: string) => RouteMatch;

// Specificity per segment, as API Gateway prioritises: literal beats {param} beats {proxy+}.
const RANK: Record<Segment['kind'], number> = { literal: 0, param: 1, greedy: 2 };

/** Compiles API Gateway path templates (`/v1/items/{id}`, `/files/{proxy+}`) into a matcher. */
export function createRouteMatcher(routes: readonly ServedRoute[]): RouteMatcher {
  const compiled = routes.map(compileRoute);
  const seen = new Set<string>();
  for (const { routeKey } of compiled) {
    if (seen.has(routeKey)) throw new Error(`duplicate route ${routeKey}`);
    seen.add(routeKey);
  }

  return (method, rawPath) => {
    const requestSegments = rawPath.split('/').slice(1).map(safeDecode);
    const candidates = compiled
      .map((entry) => ({ entry, params: matchSegments(entry.segments, requestSegments) }))
      .filter((c): c is { entry: CompiledRoute; params: Record<string, string> } => c.params !== undefined);
    if (candidates.length === 0) return { kind: 'not-found' };

    const sameMethod = candidates.filter((c) => c.entry.route.method === method.toUpperCase());
    if (sameMethod.length === 0) {
      return { kind: 'method-not-allowed', allow: [...new Set(candidates.map((c) => c.entry.route.method))].sort() };
    }
    sameMethod.sort((a, b) => compareSpecificity(a.entry.segments, b.entry.segments));
    const best = sameMethod[0]!;
    return {
      kind: 'matched',
      route: best.entry.route,
      routeKey: best.entry.routeKey,
      ...(Object.keys(best.params).length > 0 ? { pathParameters: best.params } : {}),
    };
  };
}

function compileRoute(route: ServedRoute): CompiledRoute {
  if (!route.path.startsWith('/')) throw new Error(`route ${route.id}: path must start with "/": ${route.path}`);
  const segments = route.path
    .split('/')
    .slice(1)
    .map((part, index, all): Segment => {
      const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(part);
      if (greedy) {
        if (index !== all.length - 1) throw new Error(`route ${route.id}: a greedy {${greedy[1]}+} must be the last segment`);
        return { kind: 'greedy', name: greedy[1]! };
      }
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(part);
      if (param) return { kind: 'param', name: param[1]! };
      if (/[{}]/.test(part)) throw new Error(`route ${route.id}: unsupported path segment "${part}"`);
      return { kind: 'literal', value: part };
    });
  return { route, routeKey: `${route.method} ${route.path}`, segments };
}

function matchSegments(template: readonly Segment[], request: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const segment = template[i]!;
    if (segment.kind === 'greedy') {
      const rest = request.slice(i);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      params[segment.name] = rest.join('/');
      return params;
    }
    const value = request[i];
    if (value === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (value !== segment.value) return undefined;
    } else {
      if (value === '') return undefined;
      params[segment.name] = value;
    }
  }
  return template.length === request.length ? params : undefined;
}

function compareSpecificity(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = RANK[a[i]!.kind] - RANK[b[i]!.kind];
    if (difference !== 0) return difference;
  }
  return b.length - a.length;
}

// API Gateway hands path parameters to the function decoded; a malformed escape stays as sent.
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
