// The in-memory Kubeflow Pipelines for tests: written with the catalog module (issue 9).
export {};
