import { templateExample } from './templateExample';

describe('templateExample', () => {
  it('keeps the YAML as written, without the indentation of the code around it', () => {
    expect(
      templateExample(
        'an example',
        `
        steps:
          - id: s
            input:

              dagId: train
        `,
      ),
    ).toEqual({
      description: 'an example',
      example: 'steps:\n  - id: s\n    input:\n\n      dagId: train\n',
    });
  });
});
