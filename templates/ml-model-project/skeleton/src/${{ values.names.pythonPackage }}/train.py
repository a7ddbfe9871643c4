"""Train the model, log it to MLflow with its signature and register a new version.

    python -m ${{ values.names.pythonPackage }}.train [--data table.parquet] [--rows 5000] ...

MLFLOW_TRACKING_URI selects the tracking server (default: the portal's). The run is tagged
with the orchestrator run that launched it (see lineage.py); Airflow and Kubeflow pass it in
through --orchestrator / --orchestrator-run.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict, dataclass
from typing import Any

import mlflow
import mlflow.data
{%- if values.framework == 'sklearn' %}
import mlflow.sklearn
{%- elif values.framework == 'xgboost' %}
import mlflow.xgboost
{%- elif values.framework == 'pytorch' %}
import mlflow.pytorch
{%- endif %}
import numpy as np
import pandas as pd
{%- if values.framework == 'pytorch' %}
import torch
{%- endif %}
from mlflow.models import infer_signature
{%- if values.framework == 'sklearn' %}
from sklearn.ensemble import GradientBoostingClassifier
{%- endif %}
from sklearn.metrics import accuracy_score, f1_score, log_loss, roc_auc_score
from sklearn.model_selection import train_test_split
{%- if values.framework == 'pytorch' %}
from torch import nn
{%- elif values.framework == 'xgboost' %}
from xgboost import XGBClassifier
{%- endif %}

from . import config, data, lineage

# MLflow 3 names a logged model with `name=`; 2.x only knows `artifact_path=` (deprecated in 3).
_MODEL_ARTIFACT = (
    {"name": "model"} if int(mlflow.__version__.split(".")[0]) >= 3 else {"artifact_path": "model"}
)


@dataclass(frozen=True)
class TrainingResult:
    run_id: str
    model_uri: str
    model_version: str | None
    metrics: dict[str, float]
{%- if values.framework == 'sklearn' %}


def fit(features: pd.DataFrame, labels: pd.Series, args: argparse.Namespace) -> tuple[Any, dict]:
    params = {
        "n_estimators": args.n_estimators,
        "max_depth": args.max_depth,
        "learning_rate": args.learning_rate,
        "random_state": args.seed,
    }
    return GradientBoostingClassifier(**params).fit(features, labels), params


def predict_proba(model: Any, features: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(features)[:, 1]


def log_model(model: Any, example: pd.DataFrame):
    # The signature is what the portal shows as the model's inputs/outputs, and what MLflow
    # and KServe check requests against.
    signature = infer_signature(example, model.predict(example))
    return mlflow.sklearn.log_model(
        model, signature=signature, input_example=example.head(5), **_MODEL_ARTIFACT
    )
{%- elif values.framework == 'xgboost' %}


def fit(features: pd.DataFrame, labels: pd.Series, args: argparse.Namespace) -> tuple[Any, dict]:
    params = {
        "n_estimators": args.n_estimators,
        "max_depth": args.max_depth,
        "learning_rate": args.learning_rate,
        "random_state": args.seed,
        "eval_metric": "logloss",
    }
    return XGBClassifier(**params).fit(features, labels), params


def predict_proba(model: Any, features: pd.DataFrame) -> np.ndarray:
    return model.predict_proba(features)[:, 1]


def log_model(model: Any, example: pd.DataFrame):
    # The signature is what the portal shows as the model's inputs/outputs, and what MLflow
    # and KServe check requests against.
    signature = infer_signature(example, model.predict(example))
    return mlflow.xgboost.log_model(
        model, signature=signature, input_example=example.head(5), **_MODEL_ARTIFACT
    )
{%- elif values.framework == 'pytorch' %}


class MLP(nn.Module):
    """A small binary classifier that outputs probabilities.

    It standardises its inputs itself (mean/std are buffers saved with the weights), so the
    served model takes the raw feature values the training table has.
    """

    def __init__(self, n_features: int, hidden_units: int, mean: np.ndarray, std: np.ndarray):
        super().__init__()
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        # A constant column would divide by zero.
        std = np.where(std > 0, std, 1.0)
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.layers = nn.Sequential(
            nn.Linear(n_features, hidden_units),
            nn.ReLU(),
            nn.Linear(hidden_units, hidden_units),
            nn.ReLU(),
            nn.Linear(hidden_units, 1),
        )

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.layers((inputs - self.mean) / self.std)).squeeze(-1)


def _tensor(frame: pd.DataFrame | pd.Series) -> torch.Tensor:
    return torch.as_tensor(frame.to_numpy(dtype=np.float32))


def fit(features: pd.DataFrame, labels: pd.Series, args: argparse.Namespace) -> tuple[Any, dict]:
    params = {
        "hidden_units": args.hidden_units,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
    }
    torch.manual_seed(args.seed)
    inputs, targets = _tensor(features), _tensor(labels)
    model = MLP(
        n_features=inputs.shape[1],
        hidden_units=args.hidden_units,
        mean=features.mean().to_numpy(),
        std=features.std().to_numpy(),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    loss_fn = nn.BCELoss()
    batches = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(inputs, targets), batch_size=args.batch_size, shuffle=True
    )
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for batch_inputs, batch_targets in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(batch_inputs), batch_targets)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch_inputs)
        mlflow.log_metric("train_loss", total / len(inputs), step=epoch)
    model.eval()
    return model, params


def predict_proba(model: Any, features: pd.DataFrame) -> np.ndarray:
    with torch.no_grad():
        return model(_tensor(features)).numpy()


def log_model(model: Any, example: pd.DataFrame):
    # float32 columns: what the network takes. The signature is what the portal shows as the
    # model's inputs/outputs, and what MLflow and KServe check requests against.
    example = example.astype("float32")
    signature = infer_signature(example, predict_proba(model, example))
    return mlflow.pytorch.log_model(
        model, signature=signature, input_example=example.head(5), **_MODEL_ARTIFACT
    )
{%- endif %}


def evaluate_predictions(labels: pd.Series, probabilities: np.ndarray) -> dict[str, float]:
    predicted = (probabilities >= 0.5).astype("int64")
    return {
        "roc_auc": float(roc_auc_score(labels, probabilities)),
        "accuracy": float(accuracy_score(labels, predicted)),
        "f1": float(f1_score(labels, predicted, zero_division=0)),
        "log_loss": float(log_loss(labels, np.clip(probabilities, 1e-7, 1 - 1e-7), labels=[0, 1])),
    }


def train(args: argparse.Namespace) -> TrainingResult:
    run_lineage = lineage.resolve(
        orchestrator=args.orchestrator,
        pipeline=args.orchestrator_pipeline,
        run=args.orchestrator_run,
    )
    frame = data.ingest(args.data, rows=args.rows, seed=args.seed)
    features, labels = data.features_and_label(frame)
    train_x, test_x, train_y, test_y = train_test_split(
        features, labels, test_size=args.test_size, random_state=args.seed, stratify=labels
    )

    mlflow.set_tracking_uri(config.tracking_uri())
    # Under `mlflow run` the run already exists (MLFLOW_RUN_ID) in the experiment given on its
    # command line; only choose the experiment when this process starts the run.
    if "MLFLOW_RUN_ID" not in os.environ:
        mlflow.set_experiment(config.EXPERIMENT_NAME)

    with mlflow.start_run() as run:
        # Tags set explicitly: start_run(tags=...) is ignored when resuming an existing run.
        mlflow.set_tags({**run_lineage.tags(), "framework": config.FRAMEWORK})
        # The dataset the portal shows as the run's input (timestamps left out: not a feature).
        mlflow.log_input(
            mlflow.data.from_pandas(
                frame.drop(columns=[data.TIMESTAMP_COLUMN]),
                source=args.data or "generated",
                targets=data.LABEL_COLUMN,
                name="training",
            ),
            context="training",
        )
        model, params = fit(train_x, train_y, args)
        mlflow.log_params(
            {
                **params,
                "framework": config.FRAMEWORK,
                "rows": len(frame),
                "test_size": args.test_size,
            }
        )
        metrics = evaluate_predictions(test_y, predict_proba(model, test_x))
        mlflow.log_metrics(metrics)
        model_info = log_model(model, test_x)

        version = None
        if args.register:
            registered = mlflow.register_model(
                model_info.model_uri, config.MODEL_NAME, tags=run_lineage.tags()
            )
            version = str(registered.version)

    return TrainingResult(
        run_id=run.info.run_id,
        model_uri=model_info.model_uri,
        model_version=version,
        metrics=metrics,
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="training table (.parquet/.csv); default: generated")
    parser.add_argument("--rows", type=int, default=5000, help="rows to generate without --data")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--test-size", type=float, default=0.2)
{%- if values.framework == 'pytorch' %}
    parser.add_argument("--hidden-units", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=0.001)
{%- else %}
    parser.add_argument("--n-estimators", type=int, default=200)
    parser.add_argument("--max-depth", type=int, default=3)
    parser.add_argument("--learning-rate", type=float, default=0.1)
{%- endif %}
    parser.add_argument("--orchestrator", choices=lineage.ORCHESTRATORS, help="default: detected")
    parser.add_argument("--orchestrator-pipeline", help="DAG id or pipeline name (lineage)")
    parser.add_argument("--orchestrator-run", help="DAG run id or KFP run id (lineage)")
    parser.add_argument(
        "--no-register",
        dest="register",
        action="store_false",
        help=f"log the model without registering a version of {config.MODEL_NAME}",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> TrainingResult:
    result = train(parse_args(argv))
    print(json.dumps(asdict(result)))
    return result


if __name__ == "__main__":
    main()
