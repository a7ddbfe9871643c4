import { ResponseReader } from '../parse';
import { MlflowPage } from '../types';
import { Where } from './fields';
import {
  readExperiment,
  readMetric,
  readModelVersion,
  readRegisteredModel,
  readRun,
} from './messages';

type ReadMessage<T> = (value: unknown, where: Where) => T;

/**
 * The decoders of one instance's read answers, created once per client: the shared layer runs
 * a decoder once per cached body and shares its frozen result, which it can only do when the
 * same function comes with every read.
 *
 * @internal
 */
export function createAnswerDecoders(instance: string) {
  const one =
    <T>(operation: string, field: string, read: ReadMessage<T>) =>
    (body: unknown): T =>
      new ResponseReader(instance, operation, body).message(field, read);
  const page =
    <T>(operation: string, field: string, read: ReadMessage<T>) =>
    (body: unknown): MlflowPage<T> => {
      const reader = new ResponseReader(instance, operation, body);
      return {
        items: reader.list(field, read),
        nextPageToken: reader.nextPageToken(),
      };
    };
  return {
    experimentByName: one(
      'experiments/get-by-name',
      'experiment',
      readExperiment,
    ),
    experiment: one('experiments/get', 'experiment', readExperiment),
    experiments: page('experiments/search', 'experiments', readExperiment),
    runs: page('runs/search', 'runs', readRun),
    run: one('runs/get', 'run', readRun),
    metricHistory: page('metrics/get-history', 'metrics', readMetric),
    registeredModels: page(
      'registered-models/search',
      'registered_models',
      readRegisteredModel,
    ),
    registeredModel: one(
      'registered-models/get',
      'registered_model',
      readRegisteredModel,
    ),
    modelVersions: page(
      'model-versions/search',
      'model_versions',
      readModelVersion,
    ),
    modelVersion: one('model-versions/get', 'model_version', readModelVersion),
    versionByAlias: one(
      'registered-models/alias',
      'model_version',
      readModelVersion,
    ),
  };
}

/** {@link createAnswerDecoders}' result. @internal */
export type AnswerDecoders = ReturnType<typeof createAnswerDecoders>;
