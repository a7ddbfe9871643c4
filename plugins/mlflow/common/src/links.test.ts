import { mlflowUiLinks } from './links';

describe('mlflowUiLinks', () => {
  it('links into the MLflow UI, encoding names and ignoring a trailing slash', () => {
    expect(
      mlflowUiLinks.model(
        'https://mlflow.example.com/',
        'Produkt Empfehlung – β',
      ),
    ).toBe(
      'https://mlflow.example.com/#/models/Produkt%20Empfehlung%20%E2%80%93%20%CE%B2',
    );
    expect(mlflowUiLinks.run('https://mlflow.example.com', '1', 'abc')).toBe(
      'https://mlflow.example.com/#/experiments/1/runs/abc',
    );
    expect(mlflowUiLinks.modelVersion('http://h/mlflow', 'm', '4')).toBe(
      'http://h/mlflow/#/models/m/versions/4',
    );
    expect(mlflowUiLinks.experiment('http://h', '7')).toBe(
      'http://h/#/experiments/7',
    );
  });
});
