import { optionalText } from './optionalText';

describe('optionalText', () => {
  it('treats absent, null and blank as absent and keeps text as written', () => {
    expect(optionalText('instance', '')).toBeUndefined();
    expect(optionalText('instance', '  ')).toBeUndefined();
    expect(optionalText('instance', undefined)).toBeUndefined();
    expect(optionalText('instance', null)).toBeUndefined();
    expect(optionalText('instance', 'prod')).toBe('prod');
    expect(optionalText('note', ' a note ')).toBe(' a note ');
  });

  it('refuses what is not a string with an InputError naming the input', () => {
    expect(() => optionalText('instance', 3)).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: 'instance must be a string',
      }),
    );
    expect(() => optionalText('note', { text: 'x' })).toThrow(
      'note must be a string',
    );
  });
});
