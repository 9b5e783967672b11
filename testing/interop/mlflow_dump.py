"""Reads runs with the Python MLflow client and prints them as JSON, for VSC Lab's interop tests.

    python mlflow_dump.py filestore MLRUNS EXPERIMENT...   a FileStore written by VSC Lab, then the same
                                                          store migrated with `mlflow migrate-filestore`
    python mlflow_dump.py server URI EXPERIMENT...         a tracking server

Run with the venv that testing/services/mlflow.sh installs (MLflow 3.18.0). For each experiment:
its id and, per run, name, status, times, params, tags, latest metrics, every metric's history
(step, value, timestamp), every artifact (path, size) and the runs found by
`tags.mlflow.parentRunId = '<run>'`.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"   # MLflow 3.13+ refuses a file store without it

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402


def artifacts(client, run_id, path=None):
    found = []
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            found.extend(artifacts(client, run_id, f.path))
        else:
            found.append([f.path, f.file_size])
    return sorted(found)


def dump(uri, names):
    client = MlflowClient(tracking_uri=uri)
    result = {}
    for name in names:
        exp = client.get_experiment_by_name(name)
        if exp is None:
            result[name] = None
            continue
        runs = {}
        for r in client.search_runs([exp.experiment_id], "", ViewType.ALL, max_results=1000):
            rid = r.info.run_id
            children = client.search_runs([exp.experiment_id], f"tags.mlflow.parentRunId = '{rid}'")
            runs[rid] = {
                "name": r.info.run_name,
                "status": r.info.status,
                "start": r.info.start_time,
                "end": r.info.end_time,
                "params": r.data.params,
                "tags": r.data.tags,
                "metrics": r.data.metrics,
                "history": {k: [[m.step, m.value, m.timestamp] for m in client.get_metric_history(rid, k)]
                            for k in r.data.metrics},
                "artifacts": artifacts(client, rid),
                "children": sorted(c.info.run_id for c in children),
            }
        result[name] = {"id": exp.experiment_id, "runs": runs}
    return result


def main():
    mode, location, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    if mode == "server":
        print(json.dumps({"server": dump(location, names)}))
        return
    root = pathlib.Path(location).resolve()
    out = {"filestore": dump(root.as_uri(), names)}
    db = pathlib.Path(tempfile.mkdtemp()) / "migrated.db"      # must not exist: the tool would ask to overwrite
    migrated = subprocess.run([sys.executable, "-m", "mlflow", "migrate-filestore", "--source", str(root),
                               "--target", f"sqlite:///{db}", "--no-progress"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
    out["migrate_exit"] = migrated.returncode
    out["migrate_output"] = migrated.stdout + migrated.stderr
    if migrated.returncode == 0:
        out["migrated"] = dump(f"sqlite:///{db}", names)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
