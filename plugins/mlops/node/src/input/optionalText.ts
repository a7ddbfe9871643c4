import { InputError } from '@backstage/errors';

/**
 * An optional free-text input of an action: `undefined` when absent, null or blank (a template
 * that renders an unset parameter gives `''`), `InputError` when it is not a string.
 *
 * @param what - the input's name, for the error
 * @public
 */
export function optionalText(what: string, value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`${what} must be a string`);
  }
  return value.trim() === '' ? undefined : value;
}
