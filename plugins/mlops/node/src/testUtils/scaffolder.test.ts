import { JsonObject } from '@backstage/types';
import {
  createCheckpointStore,
  ExampleAction,
  runExample,
  testActionContext,
} from './scaffolder';

const greet: ExampleAction = {
  id: 'test:greet',
  schema: { input: { required: ['name'] } },
  async handler(ctx: {
    input: JsonObject;
    output(name: string, value: string): void;
  }) {
    ctx.output('greeting', `hello ${ctx.input.name}`);
  },
};

const options = {
  createContext: (input: JsonObject) => testActionContext({ input }),
  // Enough of JSON schema for these tests: the required keys.
  validate: (input: JsonObject, schema: unknown) =>
    ((schema as { required?: string[] }).required ?? [])
      .filter(key => input[key] === undefined)
      .map(key => `requires property "${key}"`),
};

const example = (text: string) => ({
  description: 'an example',
  example: text,
});

describe('runExample', () => {
  it('runs every step with its input and collects what each output', async () => {
    const runs = await runExample(
      example(
        [
          'steps:',
          '  - id: first',
          '    action: test:greet',
          '    input:',
          '      name: jane',
          '  - id: second',
          '    action: test:greet',
          '    input: { name: "${{ parameters.name }}" }',
          'output:',
          '  text: ${{ steps["first"].output.greeting }}',
        ].join('\n'),
      ),
      [greet],
      options,
    );

    expect(runs).toEqual([
      {
        id: 'first',
        action: 'test:greet',
        input: { name: 'jane' },
        outputs: { greeting: 'hello jane' },
      },
      {
        id: 'second',
        action: 'test:greet',
        input: { name: '${{ parameters.name }}' },
        outputs: { greeting: 'hello ${{ parameters.name }}' },
      },
    ]);
  });

  it("hands a step an earlier step's output where its input names one, as the task runner does", async () => {
    const runs = await runExample(
      example(
        [
          'steps:',
          '  - id: first',
          '    action: test:greet',
          '    input: { name: jane }',
          '  - id: second',
          '    action: test:greet',
          '    input:',
          '      name: ${{ steps["first"].output.greeting }}',
        ].join('\n'),
      ),
      [greet],
      options,
    );
    expect(runs[1]).toMatchObject({
      input: { name: 'hello jane' },
      outputs: { greeting: 'hello hello jane' },
    });
  });

  it('refuses input the task runner would refuse, before running the step', async () => {
    const handler = jest.spyOn(greet, 'handler');

    await expect(
      runExample(
        example('steps:\n  - id: s\n    action: test:greet\n    input: {}\n'),
        [greet],
        options,
      ),
    ).rejects.toThrow(
      'Step s has input the task runner refuses: requires property "name"',
    );
    expect(handler).not.toHaveBeenCalled();
    handler.mockRestore();
  });

  it('refuses a reference to an output no step produced', async () => {
    await expect(
      runExample(
        example(
          'steps:\n  - id: s\n    action: test:greet\n    input: { name: x }\n' +
            'output:\n  links:\n    - url: ${{ steps["s"].output.url }}\n',
        ),
        [greet],
        options,
      ),
    ).rejects.toThrow(
      'The example refers to steps["s"].output.url, which no step produced',
    );
  });

  it('refuses unknown actions, broken YAML and examples without steps', async () => {
    await expect(
      runExample(
        example('steps:\n  - id: s\n    action: test:other\n    input: {}\n'),
        [greet],
        options,
      ),
    ).rejects.toThrow('The example uses the unknown action test:other');
    await expect(
      runExample(example('steps: [\n'), [greet], options),
    ).rejects.toThrow(/is not one YAML document/);
    await expect(
      runExample(example('output: {}\n'), [greet], options),
    ).rejects.toThrow("The example 'an example' has no steps");
  });
});

describe('testActionContext', () => {
  it('collects outputs and sets the dry run flag and the signal', () => {
    const signal = AbortSignal.abort();
    const { ctx, outputs } = testActionContext(
      { input: {} },
      { isDryRun: true, signal },
    );

    ctx.output('runId', 'manual__1');

    expect(outputs).toEqual({ runId: 'manual__1' });
    expect(ctx).toMatchObject({ isDryRun: true, signal });
    expect(testActionContext({ input: {} }).ctx).not.toHaveProperty('isDryRun');
  });
});

describe('createCheckpointStore', () => {
  it('replays a recorded key without running it again, as the task runner does', async () => {
    const { checkpoint, values } = createCheckpointStore();
    const fn = jest.fn(async () => ({ runId: 'manual__1' }));

    await expect(checkpoint({ key: 'k', fn })).resolves.toEqual({
      runId: 'manual__1',
    });
    await expect(checkpoint({ key: 'k', fn })).resolves.toEqual({
      runId: 'manual__1',
    });
    await checkpoint({ key: 'empty', fn: async () => undefined });

    expect(fn).toHaveBeenCalledTimes(1);
    expect(values.get('empty')).toEqual({});
  });
});
