import { mockServices } from '@backstage/backend-test-utils';
import { createKubeflowPipelineUploadAction } from '@mlops-portal/plugin-scaffolder-backend-module-kubeflow';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { fakeKubeflowUploadModule } from './__testUtils__/scaffolder';

/** The JSON schema properties of an action's input or output. */
const keysOf = (schema: unknown) =>
  Object.keys((schema as { properties?: object })?.properties ?? {}).sort();

describe("the template tests' stand-in for kubeflow:pipeline:upload", () => {
  it('takes and answers exactly what the real action does', async () => {
    const real = createKubeflowPipelineUploadAction({
      clients: {} as never,
      pipeline: {} as never,
    });
    const added: TemplateAction<any, any, any>[] = [];
    const module = fakeKubeflowUploadModule([]) as unknown as {
      getRegistrations(): Array<{
        init: { func(deps: object): Promise<void> };
      }>;
    };
    // The stand-in is a backend module; its init adds the action to what it is given.
    const [registration] = module.getRegistrations();
    await registration.init.func({
      scaffolder: { addActions: (...a: any[]) => added.push(...a) },
      logger: mockServices.logger.mock(),
    });
    const [standIn] = added;
    expect(standIn.id).toBe(real.id);
    expect(keysOf(standIn.schema?.input)).toEqual(keysOf(real.schema?.input));
    expect(keysOf(standIn.schema?.output)).toEqual(keysOf(real.schema?.output));
  });
});
