import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { useEntityRef } from './useEntityRef';

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

describe('useEntityRef', () => {
  it('is the same object while the entity keeps its ref, and a new one when it changes', () => {
    let current = entity('fraud-detection');
    const wrapper = ({ children }: { children: ReactNode }) => (
      <EntityProvider entity={current}>{children}</EntityProvider>
    );
    const { result, rerender } = renderHook(() => useEntityRef(), { wrapper });
    const first = result.current;
    expect(first).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'fraud-detection',
    });

    current = { ...entity('fraud-detection'), spec: { owner: 'team' } };
    rerender();
    expect(result.current).toBe(first);

    current = entity('churn-model');
    rerender();
    expect(result.current).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'churn-model',
    });
  });
});
