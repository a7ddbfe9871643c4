import { deepFreeze } from './deepFreeze';

describe('deepFreeze', () => {
  it('freezes every object and array at any depth, and returns the value', () => {
    const value = { a: [{ b: { c: 1 } }], d: 'x' };
    expect(deepFreeze(value)).toBe(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a[0].b)).toBe(true);
    expect(() => {
      (value.a[0].b as { c: number }).c = 2;
    }).toThrow(TypeError);
  });

  it('leaves primitives alone and copes with values frozen already', () => {
    expect(deepFreeze(1)).toBe(1);
    expect(deepFreeze(null)).toBeNull();
    const inner = Object.freeze({ x: 1 });
    const outer = { inner, other: { y: 2 } };
    deepFreeze(outer);
    expect(Object.isFrozen(outer.other)).toBe(true);
  });
});
