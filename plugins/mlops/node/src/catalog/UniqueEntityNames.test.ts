import { UniqueEntityNames } from './UniqueEntityNames';

describe('UniqueEntityNames', () => {
  it('gives each entity ref once and reports other objects that want it', () => {
    const names = new UniqueEntityNames();
    expect(names.claim('resource:default/a', 'A')).toBe(true);
    expect(names.claim('resource:default/b', 'B')).toBe(true);
    // the same object again (paging overlap): kept once, not a clash
    expect(names.claim('resource:default/a', 'A')).toBe(false);
    // another object with the same name, in another spelling of the ref
    expect(names.claim('Resource:default/A', 'a ')).toBe(false);
    expect(names.clashes).toEqual([
      { upstream: 'a ', entityRef: 'Resource:default/A', kept: 'A' },
    ]);
  });
});
