import { quoteFilterValue } from './models';

describe('quoteFilterValue', () => {
  it('quotes model names for an MLflow filter, whatever quotes they hold', () => {
    expect(quoteFilterValue('Produkt Empfehlung – β')).toBe(
      "'Produkt Empfehlung – β'",
    );
    expect(quoteFilterValue("bob's model")).toBe('"bob\'s model"');
    expect(quoteFilterValue(`it's a "model" \\ here`)).toBe(
      `'it\\'s a "model" \\\\ here'`,
    );
  });
});
