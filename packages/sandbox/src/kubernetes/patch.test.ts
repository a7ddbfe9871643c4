import { JsonPatchError, applyJsonPatch } from './jsonPatch';
import { applyMergePatch } from './mergePatch';
import { JsonValue } from './types';

describe('JSON merge patch (RFC 7386)', () => {
  it.each<[JsonValue, JsonValue, JsonValue]>([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j (RFC 7386 appendix A)', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  it('does not modify the target', () => {
    const target = { a: { b: 1 } };
    applyMergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });
});

describe('JSON patch (RFC 6902)', () => {
  const doc = {
    spec: { predictor: { minReplicas: 1, args: ['a', 'b'] } },
    metadata: { labels: { 'a/b': 'x' } },
  };

  it('applies add, remove, replace, move, copy and test', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'test', path: '/spec/predictor/minReplicas', value: 1 },
        { op: 'replace', path: '/spec/predictor/minReplicas', value: 2 },
        { op: 'add', path: '/spec/predictor/args/-', value: 'c' },
        { op: 'remove', path: '/spec/predictor/args/0' },
        {
          op: 'copy',
          from: '/spec/predictor/minReplicas',
          path: '/spec/predictor/maxReplicas',
        },
        {
          op: 'move',
          from: '/metadata/labels/a~1b',
          path: '/metadata/labels/c',
        },
      ]),
    ).toEqual({
      spec: { predictor: { minReplicas: 2, maxReplicas: 2, args: ['b', 'c'] } },
      metadata: { labels: { c: 'x' } },
    });
    expect(doc.spec.predictor.minReplicas).toBe(1);
  });

  it('fails on a failed test, a missing path or a non-array patch', () => {
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'test', path: '/spec/predictor/minReplicas', value: 3 },
      ]),
    ).toThrow(JsonPatchError);
    expect(() =>
      applyJsonPatch(doc, [{ op: 'remove', path: '/spec/nope' }]),
    ).toThrow(JsonPatchError);
    expect(() => applyJsonPatch(doc, { op: 'add' })).toThrow(JsonPatchError);
  });
});
