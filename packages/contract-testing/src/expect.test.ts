import { expectValid, expectViolation } from './expect';

describe('expectValid', () => {
  it('passes a valid result', () => {
    expect(() =>
      expectValid({ valid: true, operation: 'get_dags', errors: [] }),
    ).not.toThrow();
  });

  it('throws one error listing the operation and every violation with its where', () => {
    const result = {
      valid: false,
      operation: 'get_dags',
      errors: [
        {
          where: 'response body /dags/0/owners',
          message: 'must be array; got string "me"',
        },
        { where: 'query param limt', message: 'not declared by get_dags' },
      ],
    };
    expect(() => expectValid(result)).toThrow(
      [
        'Contract violation (operation get_dags): 2 problems',
        '  - response body /dags/0/owners: must be array; got string "me"',
        '  - query param limt: not declared by get_dags',
      ].join('\n'),
    );
  });

  it('treats errors as invalid even if valid was set carelessly, and works without an operation', () => {
    expect(() =>
      expectValid({
        valid: true,
        errors: [{ where: 'operation', message: 'no operation matches' }],
      }),
    ).toThrow(
      'Contract violation: 1 problem\n  - operation: no operation matches',
    );
  });
});

describe('expectViolation', () => {
  const result = {
    valid: false,
    operation: 'get_dags',
    errors: [
      { where: 'query param limt', message: 'not declared by get_dags' },
    ],
  };

  it('passes when the violation is there', () => {
    expect(() => expectViolation(result, 'query param limt')).not.toThrow();
    expect(() =>
      expectViolation(result, 'query param limt', /not declared/),
    ).not.toThrow();
  });

  it('throws when the result is valid, the place differs or the message does not match', () => {
    expect(() =>
      expectViolation({ valid: true, errors: [] }, 'query param limt'),
    ).toThrow('got a valid result');
    expect(() => expectViolation(result, 'query param limit')).toThrow(
      'query param limt: not declared by get_dags',
    );
    expect(() =>
      expectViolation(result, 'query param limt', /must be integer/),
    ).toThrow('matching /must be integer/');
  });
});
