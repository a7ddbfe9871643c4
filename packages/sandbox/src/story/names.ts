/**
 * The hand-written names of the story. They never depend on the seed; other packages'
 * fixtures, docs and end-to-end tests may rely on them.
 */

/** Backstage groups that own the story's objects. */
export const TEAMS = {
  fraudDetection: 'fraud-detection',
  customerInsights: 'customer-insights',
  supplyChain: 'supply-chain',
} as const;

/** MLflow experiment ids and names (ids are the MLflow server's numeric strings). */
export const MLFLOW_EXPERIMENTS = {
  default: { id: '0', name: 'Default' },
  fraudDetection: { id: '1', name: 'fraud-detection' },
  churnPrediction: { id: '2', name: 'churn-prediction' },
  demandForecasting: { id: '3', name: 'demand-forecasting' },
  recommendations: { id: '4', name: 'recommendations' },
} as const;

/** MLflow registered model names. */
export const MLFLOW_MODELS = {
  fraudDetector: 'fraud-detector',
  churnPredictor: 'churn-predictor',
  demandForecaster: 'demand-forecaster',
  recommendation: 'Produkt Empfehlung – β',
} as const;

/** Airflow DAG ids. */
export const AIRFLOW_DAGS = {
  fraudTraining: 'fraud_detection_training',
  fraudFeatureRefresh: 'fraud_feature_refresh',
  churnRetrain: 'churn_model_retrain',
  demandBatch: 'demand_forecast_batch',
} as const;

/** Kubeflow Pipelines names (pipelines, experiments, recurring runs). */
export const KFP_NAMES = {
  fraudPipeline: 'fraud-detection-training',
  demandPipeline: 'demand-forecast-training',
  fraudExperiment: 'fraud-detection',
  demandExperiment: 'demand-forecast',
  defaultExperiment: 'Default',
  fraudRecurringRun: 'fraud-detection-nightly',
  demandRecurringRun: 'demand-forecast-weekly',
  /** Namespace every KFP object lives in (single-user deployment). */
  namespace: 'kubeflow',
} as const;

/** KServe InferenceServices (namespace = owning team). */
export const INFERENCE_SERVICES = {
  fraudDetector: { namespace: 'fraud-detection', name: 'fraud-detector' },
  churnPredictor: { namespace: 'customer-insights', name: 'churn-predictor' },
  demandForecaster: { namespace: 'supply-chain', name: 'demand-forecaster' },
} as const;

/** The Feast feature view the fraud story references (Feast itself is not served). */
export const FEAST_FEATURE_VIEW = 'transaction_features';

/** Engineers who appear as MLflow users / triggering users. */
export const ENGINEERS = {
  fraudDetection: ['alice.nguyen', 'bruno.costa', 'chen.wei'],
  customerInsights: ['dana.kowalski', 'emeka.obi'],
  supplyChain: ['farah.haddad', 'gustav.lind'],
  recommendations: ['hanna.schmidt'],
} as const;

/** Service users that run pipelines. */
export const SERVICE_USERS = {
  airflow: 'airflow',
  kfp: 'pipeline-runner',
} as const;
