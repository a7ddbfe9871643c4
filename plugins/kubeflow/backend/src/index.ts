// Filled in by the Kubeflow work of issue 9.
export {};
