import { KubeflowParameterSpec } from '@mlops-portal/plugin-kubeflow-common';
import { initialValues, parseField, readParameterForm } from './parameterForm';

const spec = (
  type: KubeflowParameterSpec['type'],
  optional = false,
): KubeflowParameterSpec => ({ name: 'p', type, optional });

describe('parameterForm', () => {
  it('prefills each default as the user would type it', () => {
    expect(
      initialValues([
        { name: 's', type: 'STRING', optional: true, defaultValue: 'x' },
        { name: 'i', type: 'NUMBER_INTEGER', optional: true, defaultValue: 3 },
        { name: 'd', type: 'NUMBER_DOUBLE', optional: true, defaultValue: 0.5 },
        { name: 'b', type: 'BOOLEAN', optional: true, defaultValue: true },
        { name: 'l', type: 'LIST', optional: true, defaultValue: [1, 'a'] },
        { name: 'o', type: 'STRUCT', optional: true, defaultValue: { a: 1 } },
        { name: 'rb', type: 'BOOLEAN', optional: false },
        { name: 'ob', type: 'BOOLEAN', optional: true },
        { name: 'rs', type: 'STRING', optional: false },
      ]),
    ).toEqual({
      s: 'x',
      i: '3',
      d: '0.5',
      b: true,
      l: '[\n  1,\n  "a"\n]',
      o: '{\n  "a": 1\n}',
      rb: false,
      ob: undefined,
      rs: '',
    });
  });

  it.each([
    ['NUMBER_INTEGER', '42', 42],
    ['NUMBER_INTEGER', ' -7 ', -7],
    ['NUMBER_DOUBLE', '0.01', 0.01],
    ['NUMBER_DOUBLE', '1e-3', 0.001],
    ['NUMBER_DOUBLE', '.5', 0.5],
    ['STRING', ' keep spaces ', ' keep spaces '],
    ['LIST', '["a", 1]', ['a', 1]],
    ['STRUCT', '{"depth": 6}', { depth: 6 }],
  ] as const)('reads %s %p as %p', (type, raw, value) => {
    expect(parseField(spec(type), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['NUMBER_INTEGER', '1.5', 'Must be a whole number, not 1.5'],
    ['NUMBER_INTEGER', 'ten', 'Must be an integer, such as 10, not "ten"'],
    ['NUMBER_INTEGER', '99999999999999999999', 'Must be a whole number'],
    ['NUMBER_DOUBLE', '0x10', 'Must be a number, such as 0.01, not "0x10"'],
    ['NUMBER_DOUBLE', 'Infinity', 'Must be a number'],
    ['LIST', '{"a": 1}', 'Must be a JSON list, such as ["a", "b"]'],
    ['STRUCT', '[1]', 'Must be a JSON object, such as {"depth": 6}'],
    ['STRUCT', '{depth: 6}', 'Not valid JSON: '],
    ['STRING', '', 'Required: text'],
    ['NUMBER_INTEGER', '  ', 'Required: integer'],
  ] as const)('refuses %s %p', (type, raw, problem) => {
    const parsed = parseField(spec(type), raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });

  it('leaves out an empty optional field and an untouched optional switch', () => {
    expect(parseField(spec('NUMBER_DOUBLE', true), '')).toEqual({
      ok: true,
      value: undefined,
    });
    const form = readParameterForm(
      [spec('BOOLEAN', true), { name: 'q', type: 'LIST', optional: true }],
      { p: undefined, q: '' },
    );
    expect(form).toEqual({ parameters: {}, fieldProblems: {}, problems: [] });
  });

  it('collects the parameters to send, and what is wrong per field', () => {
    const specs: KubeflowParameterSpec[] = [
      { name: 'epochs', type: 'NUMBER_INTEGER', optional: false },
      { name: 'use_gpu', type: 'BOOLEAN', optional: true },
      { name: 'lr', type: 'NUMBER_DOUBLE', optional: true },
    ];
    expect(
      readParameterForm(specs, { epochs: '10', use_gpu: false, lr: '' }),
    ).toEqual({
      parameters: { epochs: 10, use_gpu: false },
      fieldProblems: {},
      problems: [],
    });
    expect(
      readParameterForm(specs, { epochs: 'x', use_gpu: true, lr: 'y' })
        .fieldProblems,
    ).toEqual({
      epochs: expect.stringContaining('Must be an integer'),
      lr: expect.stringContaining('Must be a number'),
    });
  });
});
