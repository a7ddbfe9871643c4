import {
  validateExperimentName,
  validateModelName,
  validateTagKey,
  validateTags,
} from './names';

describe('validateExperimentName', () => {
  it('accepts names MLflow accepts, unicode and spaces included', () => {
    expect(validateExperimentName('fraud-detection')).toBe('fraud-detection');
    expect(validateExperimentName('Produkt Empfehlung – β')).toBe(
      'Produkt Empfehlung – β',
    );
    expect(validateExperimentName('/Users/jane@example.com/churn')).toBe(
      '/Users/jane@example.com/churn',
    );
    expect(validateExperimentName('x'.repeat(500))).toHaveLength(500);
  });

  it.each([
    ['empty', '', /non-empty/],
    ['blank', '   ', /non-empty/],
    ['not a string', 42, /non-empty/],
    ['surrounded by whitespace', ' churn ', /whitespace/],
    ['with a newline', 'churn\nv2', /control characters/],
    [
      'too long',
      'x'.repeat(501),
      /501 characters long; MLflow accepts at most 500/,
    ],
  ])('refuses a name that is %s', (_, name, message) => {
    expect(() => validateExperimentName(name)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('validateModelName', () => {
  it('accepts names with spaces and unicode', () => {
    expect(validateModelName('Produkt Empfehlung – β')).toBe(
      'Produkt Empfehlung – β',
    );
  });

  it.each([
    ['', /non-empty/],
    ['fraud/detector', /must not contain '\/' or '%'/],
    ['fraud%20detector', /must not contain '\/' or '%'/],
    ['x'.repeat(257), /at most 256/],
    ['fraud\tdetector', /control characters/],
  ])('refuses %j', (name, message) => {
    expect(() => validateModelName(name)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('validateTagKey', () => {
  it.each(['owner', 'mlflow.note.content', 'team name', 'a/b/c', 'größe_2'])(
    'accepts %j',
    key => {
      expect(validateTagKey(key)).toBe(key);
    },
  );

  it.each([
    [JSON.stringify(''), '', /must not be empty/],
    [JSON.stringify('owner!'), 'owner!', /may only contain/],
    [JSON.stringify('a:b'), 'a:b', /may only contain/],
    [JSON.stringify('/abs'), '/abs', /normalised relative path/],
    [JSON.stringify('trailing/'), 'trailing/', /normalised relative path/],
    [JSON.stringify('a//b'), 'a//b', /normalised relative path/],
    [JSON.stringify('a/./b'), 'a/./b', /normalised relative path/],
    [JSON.stringify('a/../b'), 'a/../b', /normalised relative path/],
    [JSON.stringify('..hidden'), '..hidden', /normalised relative path/],
    [JSON.stringify('.'), '.', /normalised relative path/],
    ['a 251-character key', 'k'.repeat(251), /at most 250/],
  ])('refuses %s', (_, key, message) => {
    expect(() => validateTagKey(key)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('validateTags', () => {
  it('turns a map into sorted MLflow tags', () => {
    expect(validateTags({ team: 'fraud', 'mlflow.note.content': 'x' })).toEqual(
      [
        { key: 'mlflow.note.content', value: 'x' },
        { key: 'team', value: 'fraud' },
      ],
    );
    expect(validateTags(undefined)).toEqual([]);
  });

  it.each([
    ['a list', [{ key: 'a', value: 'b' }], /must be an object/],
    [
      'a number value',
      { retries: 3 },
      /'retries' must have a string value, got number/,
    ],
    ['a null value', { team: null }, /got null/],
    ['a bad key', { 'a:b': 'c' }, /Invalid MLflow tag key 'a:b'/],
    [
      'a long value',
      { note: 'v'.repeat(5001) },
      /5001 characters; MLflow accepts at most 5000/,
    ],
  ])('refuses %s', (_, tags, message) => {
    expect(() => validateTags(tags)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringMatching(message),
      }),
    );
  });
});
