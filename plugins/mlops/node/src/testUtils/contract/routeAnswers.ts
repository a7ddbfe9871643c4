import { z } from 'zod/v3';

/**
 * A route's 200 body as its action's output schema says, or an Error saying which fields are not.
 *
 * @public
 */
export function wellFormedAnswer<T extends z.ZodTypeAny>(
  schema: T,
  body: unknown,
): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new Error(
      `200 with a body that is not a well-formed answer: ${parsed.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * Checks a route's answer in a property test: a 200 by `checkOk`, anything else must be a
 * refusal (4xx) or the instance's failure (503) with a message — never a 500.
 *
 * @public
 */
export function checkRouteAnswer(
  route: string,
  response: { status: number; body: any },
  checkOk: (body: unknown) => void,
): void {
  if (response.status === 200) {
    checkOk(response.body);
    return;
  }
  if (
    !(response.status >= 400 && response.status < 500) &&
    response.status !== 503
  ) {
    throw new Error(
      `${route} answered ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  const message = response.body?.error?.message;
  if (typeof message !== 'string' || message.trim() === '') {
    throw new Error(
      `${route} answered ${response.status} without a message: ${JSON.stringify(
        response.body,
      )}`,
    );
  }
}

/**
 * Checks errors-as-data in a 200: either errors (each naming one of `instances`) or the answer,
 * never both or neither.
 *
 * @public
 */
export function checkErrorsOrAnswer(
  errors: Array<{ instance: string }>,
  answered: boolean,
  what: string,
  instances: readonly string[],
): void {
  if (errors.length > 0 && answered) {
    throw new Error(`200 with errors and ${what} at once`);
  }
  if (errors.length === 0 && !answered) {
    throw new Error(`200 with neither errors nor ${what}`);
  }
  if (errors.some(e => !instances.includes(e.instance))) {
    throw new Error(
      `an error names another instance: ${JSON.stringify(errors)}`,
    );
  }
}
