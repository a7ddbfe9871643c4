import type { ValidationResult } from './types';

/** Renders a result's violations as indented lines (for error messages and logs). */
export function formatViolations(result: ValidationResult): string {
  return result.errors.map(e => `  - ${e.where}: ${e.message}`).join('\n');
}

/** Jest helper: throws an Error listing every violation (with operation and where) when result is invalid. */
export function expectValid(result: ValidationResult): void {
  if (result.valid && result.errors.length === 0) return;
  const operation = result.operation ? ` (operation ${result.operation})` : '';
  const count = result.errors.length;
  const error = new Error(
    `Contract violation${operation}: ${count} problem${
      count === 1 ? '' : 's'
    }\n${formatViolations(result)}`,
  );
  // Point the stack at the caller's expectValid() line rather than at this helper.
  Error.captureStackTrace?.(error, expectValid);
  throw error;
}

/**
 * Jest helper: throws unless `result` is invalid with a violation at `where` (and, when given,
 * a message matching `message`), listing what was found instead.
 */
export function expectViolation(
  result: ValidationResult,
  where: string,
  message?: RegExp,
): void {
  const found =
    !result.valid &&
    result.errors.some(
      e => e.where === where && (!message || message.test(e.message)),
    );
  if (found) return;
  const error = new Error(
    `Expected a contract violation at ${where}${
      message ? ` matching ${message}` : ''
    }; got ${
      result.valid ? 'a valid result' : `:\n${formatViolations(result)}`
    }`,
  );
  Error.captureStackTrace?.(error, expectViolation);
  throw error;
}
