import { describe, expect, it } from 'vitest';
import { publicRoutes, routeRoles } from './access-policy';
import { buildOpenApiDocument } from './openapi';

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const paths = document.paths as Record<string, Record<string, { 'x-roles'?: string[]; security?: unknown[] }>>;

  it('documents every route of the access policy with its roles', () => {
    for (const [route, roles] of Object.entries(routeRoles)) {
      const [method = '', path = ''] = route.split(' ');
      const operation = paths[path]?.[method.toLowerCase()];
      expect(operation, route).toBeDefined();
      expect(operation?.['x-roles'], route).toEqual([...roles]);
    }
  });

  it('marks the public routes as needing no token', () => {
    for (const route of Object.keys(publicRoutes)) {
      const [method = '', path = ''] = route.split(' ');
      expect(paths[path]?.[method.toLowerCase()]?.security, route).toEqual([]);
    }
  });

  it('is serializable JSON', () => {
    expect(() => JSON.stringify(document)).not.toThrow();
  });
});
