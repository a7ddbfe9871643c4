/**
 * Contract-driven generators for property-based tests: valid upstream answers drawn from a JSON
 * Schema, malformed ones, and a check that a call survives them all.
 */

export {
  arbitraryFromSchema,
  type ArbitraryFromSchemaOptions,
} from './arbitraryFromSchema';
export type { ValueOverride, ValueOverrides } from './overrides';
export {
  malformedBodies,
  type MalformedBodiesOptions,
} from './malformedBodies';
export {
  assertHandlesAll,
  type AssertHandlesAllOptions,
} from './assertHandlesAll';
export type { JsonSchema } from './schema';
export {
  checkErrorsOrAnswer,
  checkRouteAnswer,
  wellFormedAnswer,
} from './routeAnswers';
