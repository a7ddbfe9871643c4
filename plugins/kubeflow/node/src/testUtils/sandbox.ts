// The sandbox's Kubeflow Pipelines with real clients: written with the client (issue 9).
export {};
