import { defineMlopsSystem } from '@mlops-portal/plugin-mlops-common';
import { z } from 'zod/v3';
import { listInstancesAction } from './listInstancesAction';

const system = defineMlopsSystem({
  id: 'kubeflow',
  title: 'Kubeflow Pipelines',
  annotationPrefix: 'kubeflow.org',
});

describe('listInstancesAction', () => {
  it("answers the read service's list, described for the system, read-only", async () => {
    const instances = [
      { name: 'prod', uiUrl: 'https://kfp.example.com', default: true },
    ];
    const action = listInstancesAction({
      system,
      listInstances: () => ({ instances }),
      moreUses: 'Use a name in a template.',
    });
    expect(action).toMatchObject({
      name: 'list-instances',
      title: 'List Kubeflow Pipelines instances',
      attributes: { readOnly: true, destructive: false, idempotent: true },
    });
    expect(action.description).toContain('kubeflow.instances in app-config');
    expect(action.description).toContain('kubeflow.org/instance names none');
    expect(action.description).toMatch(/Use a name in a template\.$/);
    const output = await (action.action as any)({ input: {} });
    expect(output).toEqual({ output: { instances } });
    expect((action.schema.output as any)(z).parse({ instances })).toEqual({
      instances,
    });
    expect(() => (action.schema.input as any)(z).parse({ x: 1 })).toThrow();
  });
});
