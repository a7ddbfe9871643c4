/**
 * Types, annotations, permissions and the serving verdict shared by the KServe plugin's packages.
 *
 * @packageDocumentation
 */

export * from './system';
export * from './annotations';
export * from './permissions';
export * from './api';
export {
  describeInferenceService,
  readInferenceService,
  readInferenceServiceOutline,
  type InferenceServiceFacts,
  type InferenceServiceOutline,
} from './describe';
export { servingVerdict, type VerdictInput } from './verdict';
export { MalformedObjectError } from './read';
