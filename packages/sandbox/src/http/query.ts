import type { Request } from 'express';

/**
 * Query-string access. The app uses the 'simple' query parser, so a repeated key is an
 * array of strings and there are no nested objects.
 */

/** The first value of a query parameter, or undefined. */
export function firstQuery(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) {
    return typeof value[0] === 'string' ? value[0] : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a (possibly repeated) query parameter. */
export function allQuery(req: Request, name: string): string[] {
  const value = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return typeof value === 'string' ? [value] : [];
}

/** True when the query parameter is present at all (even empty). */
export function hasQuery(req: Request, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(req.query, name);
}
