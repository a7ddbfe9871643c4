import { planProjectNames } from './names';

describe('planProjectNames', () => {
  it('derives every object name from the one project name', () => {
    expect(planProjectNames('fraud-scorer')).toEqual({
      experiment: 'fraud-scorer',
      model: 'fraud-scorer',
      dagId: 'fraud_scorer_training',
      pipeline: 'fraud-scorer-training',
      inferenceService: 'fraud-scorer',
      pythonPackage: 'fraud_scorer',
      featureView: 'fraud_scorer_features',
      featureEntity: 'fraud_scorer_entity',
    });
  });

  it.each([
    ['', /required/],
    ['Fraud-Scorer', /no valid Kubernetes name/],
    ['fraud_scorer', /no valid Kubernetes name/],
    ['9lives', /start with a letter/],
    ['fraud-', /end with a letter or digit/],
    ['fraud.scorer', /no valid Kubernetes name/],
    ['a'.repeat(41), /41 characters long; at most 40/],
    // Valid for Kubernetes, MLflow and Airflow, but `import lambda` is not Python.
    ['lambda', /Python package 'lambda'/],
    ['import', /Python cannot import/],
  ])('refuses %j, naming the rule it breaks', (name, message) => {
    expect(() => planProjectNames(name)).toThrow(message);
  });

  it('refuses what is no string', () => {
    expect(() => planProjectNames(42)).toThrow(/required/);
  });
});
