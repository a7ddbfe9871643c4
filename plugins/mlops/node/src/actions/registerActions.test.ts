import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { defineMlopsAction, registerMlopsActions } from './registerActions';

const echo = (readOnly: boolean, destructive: boolean) =>
  defineMlopsAction({
    name: 'echo',
    title: 'Echo',
    description: 'Answers with its input',
    attributes: { readOnly, destructive, idempotent: true },
    schema: {
      input: z => z.object({ text: z.string() }),
      output: z => z.object({ text: z.string() }),
    },
    action: async ({ input }) => ({ output: { text: input.text } }),
  });

describe('registerMlopsActions', () => {
  it('registers every action so that it can be called', async () => {
    const registry = actionsRegistryServiceMock();
    registerMlopsActions(registry, [echo(true, false)]);
    await expect(
      registry.invoke({ id: 'test:echo', input: { text: 'hi' } }),
    ).resolves.toEqual({ output: { text: 'hi' } });
  });

  it('refuses an action that says it is read-only and destructive', () => {
    expect(() =>
      registerMlopsActions(actionsRegistryServiceMock(), [echo(true, true)]),
    ).toThrow("Action 'echo' cannot be both read-only and destructive");
  });
});
