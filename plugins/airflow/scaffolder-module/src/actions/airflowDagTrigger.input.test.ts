import { createTestContext } from '../__testUtils__/actionContext';
import { createFakeActions } from '../__testUtils__/testActions';

// The task runner checks input against the JSON schema only; the action checks it against what
// Airflow takes, before its first request.
describe('airflow:dag:trigger refuses input before any request', () => {
  it.each([
    [
      'an empty dag id',
      { dagId: '' },
      /dagId must be the id of an Airflow DAG/,
    ],
    ['a dag id that is no string', { dagId: 42 }, /dagId must be the id/],
    [
      'a dag id with a space',
      { dagId: 'fraud detection' },
      /dagId "fraud detection" is not an Airflow DAG id/,
    ],
    ['a dag id with a slash', { dagId: 'team/train' }, /not an Airflow DAG id/],
    [
      'a dag id longer than 250 characters',
      { dagId: 'd'.repeat(251) },
      /at most 250 characters/,
    ],
    [
      'several dag ids',
      { dagId: 'train_model,refresh_features' },
      /must name one DAG/,
    ],
    [
      'conf that is an array',
      { conf: [1, 2] },
      /^conf must be a JSON object of the run's parameters, e\.g\. \{"epochs": 10\}; got an array$/,
    ],
    [
      'conf that is JSON text',
      { conf: '{"a": 1}' },
      /got a string \(give the object itself, not its JSON text\)$/,
    ],
    ['conf that is a number', { conf: 3 }, /got a number$/],
    ['conf that is null', { conf: null }, /conf must be .*; got null$/],
    [
      'a logical date that is no date',
      { logicalDate: 'tomorrow' },
      /^logicalDate must be an RFC 3339 date-time with seconds and an offset, e\.g\. 2026-11-01T02:00:00Z; got "tomorrow"$/,
    ],
    [
      'a logical date without an offset',
      { logicalDate: '2026-11-01T02:00:00' },
      /logicalDate must be an RFC 3339 date-time/,
    ],
    [
      'a logical date on a day that does not exist',
      { logicalDate: '2026-02-30T02:00:00Z' },
      /logicalDate must be an RFC 3339 date-time/,
    ],
    [
      'a logical date that is a number',
      { logicalDate: 1 },
      /logicalDate must be a string/,
    ],
    [
      'a run id with a space',
      { runId: 'first run' },
      /runId "first run" is not an Airflow run id/,
    ],
    ['a note that is no string', { note: 5 }, /note must be a string/],
    ['wait that is no boolean', { wait: 'yes' }, /wait must be true or false/],
    [
      'a timeout of 0',
      { timeoutSeconds: 0 },
      /timeoutSeconds must be a number of seconds from 1 to 21600, got 0/,
    ],
    [
      'a timeout beyond six hours',
      { timeoutSeconds: 21601 },
      /timeoutSeconds must be a number of seconds from 1 to 21600/,
    ],
    ['a timeout as text', { timeoutSeconds: '600' }, /timeoutSeconds/],
    [
      'a poll interval under a second',
      { pollIntervalSeconds: 0.5 },
      /pollIntervalSeconds must be a number of seconds from 1 to 300/,
    ],
    ['an unknown instance', { instance: 'staging' }, /staging/],
  ])('%s', async (_, input, message) => {
    const { trigger: action, fakes } = createFakeActions(['prod', 'research']);

    await expect(
      action.handler(
        createTestContext({ dagId: 'fraud_detection_training', ...input }).ctx,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(message),
    });
    expect([...fakes.values()].flatMap(fake => fake.requests)).toEqual([]);
  });
});
