import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Parses a request part (path, query, body, action input) with a zod schema; `InputError` naming
 * every problem otherwise. Routes and actions share their schemas through it.
 *
 * @param where - what was parsed, for the message: `query`, `body`, `path`, `input`
 * @public
 */
export function parseRequest<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(issue =>
      issue.path.length > 0
        ? `${issue.path.join('.')}: ${issue.message}`
        : issue.message,
    );
    throw new InputError(`Invalid request ${where}: ${problems.join('; ')}`);
  }
  return result.data;
}
