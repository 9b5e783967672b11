#!/usr/bin/env bash
# Three MLflow 3.18.0 tracking servers on 127.0.0.1 for the tests (see testing/README.md):
#
#   mlflow.sh start STATE-DIR    install MLflow if needed, start the servers, print VSC_TEST_MLFLOW_* lines
#   mlflow.sh stop STATE-DIR     stop every process group start recorded, and wait for them
#   mlflow.sh install            only install (or check) the virtual environment
#
# MLflow is installed with pip into ~/.cache/vsc-lab/mlflow-3.18.0 (a venv, reused when complete;
# $VSC_CACHE_DIR overrides ~/.cache/vsc-lab). The first server is open (SQLite backend, the artifact
# proxy, one worker); another like it is for a test that kills and restarts it; the last runs the
# basic-auth app with a random admin password. Each is started with setsid, so its process group
# (uvicorn and its workers) is stopped as a whole.
# Printed for the tests:
#   VSC_TEST_MLFLOW_URI              the open server
#   VSC_TEST_MLFLOW_AUTH_URI         the basic-auth server, and its admin's credentials:
#   VSC_TEST_MLFLOW_ADMIN_USER, VSC_TEST_MLFLOW_ADMIN_PASSWORD
#   VSC_TEST_MLFLOW_PYTHON           the venv's python (Python MLflow client; tests start own servers with it)
#   VSC_TEST_MLFLOW_RESTART_URI      a third, open server that a test kills and restarts (same command,
#   VSC_TEST_MLFLOW_RESTART_DIR      port and database); the test writes the new pid to <dir>.pid, so
#                                    stop stops the restarted one too
set -euo pipefail

VERSION=3.18.0
CACHE="${VSC_CACHE_DIR:-$HOME/.cache/vsc-lab}"
VENV="$CACHE/mlflow-$VERSION"
HEALTH_TIMEOUT_S=240

log() { echo "mlflow.sh: $*" >&2; }

# A Python >= 3.10 with the venv module (pyenv's or Debian's).
find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3.10 python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
        && "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

venv_ready() {
  [[ -f "$VENV/.complete" ]] && "$VENV/bin/python" -c \
    "import mlflow, flask_wtf, sys; sys.exit(mlflow.__version__ != '$VERSION')" 2>/dev/null
}

# Requirements (markers evaluated, the given extras included) of a wheel's METADATA, one a line,
# minus the MLflow sub-packages. Used only by the fallback install below.
requirements_of() {
  "$VENV/bin/python" - "$@" <<'EOF'
import sys, zipfile, email
from pip._vendor.packaging.requirements import Requirement
wheel, extras = sys.argv[1], sys.argv[2:] or [""]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
    meta = email.message_from_bytes(z.read(name))
for line in meta.get_all("Requires-Dist") or []:
    r = Requirement(line)
    if r.name.lower().replace("_", "-") in ("mlflow-skinny", "mlflow-tracing"):
        continue
    if r.marker is None or any(r.marker.evaluate({"extra": e}) for e in extras):
        print(str(r).split(";")[0].strip())
EOF
}

install() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/mlflow-$VERSION.lock"
  flock 9                        # several worktrees may run ./run-tests at once
  if venv_ready; then
    return 0
  fi
  local python started
  python="$(find_python)" || { log "needs Python >= 3.10 with venv (python3.11 -m venv); none found"; return 1; }
  started=$(date +%s)
  log "installing mlflow[auth]==$VERSION with $python into $VENV (about a minute, once)"
  rm -rf "$VENV"
  "$python" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip >&2
  if ! "$VENV/bin/pip" install -q --disable-pip-version-check "mlflow[auth]==$VERSION" >&2; then
    # The registry may serve mlflow==3.18.0 before its sub-packages mlflow-skinny/-tracing of the
    # same version. The mlflow wheel itself contains all of MLflow's code (the sub-packages are
    # subsets of it), so install it alone and add the dependencies the three would have brought,
    # taking the sub-packages' lists from their newest served versions.
    log "pip could not resolve mlflow[auth]==$VERSION; installing mlflow==$VERSION with its dependencies listed explicitly"
    local wheels="$VENV/wheels"
    mkdir -p "$wheels"
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$wheels" \
      "mlflow==$VERSION" "mlflow-skinny<=$VERSION" "mlflow-tracing<=$VERSION" >&2
    local reqs="$VENV/requirements.txt"
    {
      requirements_of "$wheels"/mlflow-"$VERSION"-*.whl auth
      requirements_of "$wheels"/mlflow_skinny-*.whl
      requirements_of "$wheels"/mlflow_tracing-*.whl
    } | sort -u >"$reqs"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$reqs" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps "$wheels"/mlflow-"$VERSION"-*.whl >&2
    rm -rf "$wheels"
  fi
  "$VENV/bin/python" -c "import mlflow, flask_wtf; assert mlflow.__version__ == '$VERSION', mlflow.__version__"
  touch "$VENV/.complete"
  log "installed MLflow $VERSION in $(( $(date +%s) - started )) s"
}

free_port() {
  "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server NAME PORT [extra mlflow server args...]: one server with its own folder, log, pid file.
start_server() {
  local name="$1" port="$2" dir="$STATE/$1"
  shift 2
  mkdir -p "$dir/artifacts"
  # Not a process-group leader when started with &, so setsid makes this pid the group's id.
  (cd "$dir" && exec setsid "$VENV/bin/python" -m mlflow server "$@" \
      --host 127.0.0.1 --port "$port" --workers 1 \
      --backend-store-uri "sqlite:///$dir/mlflow.db" \
      --serve-artifacts --artifacts-destination "$dir/artifacts" \
      </dev/null >"$STATE/$name.log" 2>&1) &
  echo $! >"$STATE/$name.pid"
}

await_health() {
  local name="$1" port="$2" waited=0
  while ! curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    if ! kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
      log "server '$name' exited before answering /health; see $STATE/$name.log"
      return 1
    fi
    if ((waited >= HEALTH_TIMEOUT_S * 2)); then
      log "server '$name' did not answer /health within ${HEALTH_TIMEOUT_S}s; see $STATE/$name.log"
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

start() {
  install
  local begun port restart_port auth_port password
  begun=$(date +%s%N)
  port="$(free_port)"
  start_server mlflow "$port"
  restart_port="$(free_port)"
  start_server restart "$restart_port"
  auth_port="$(free_port)"
  password="vsc-admin-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(12))')"
  mkdir -p "$STATE/auth"
  cat >"$STATE/auth/basic_auth.ini" <<EOF
[mlflow]
default_permission = READ
database_uri = sqlite:///$STATE/auth/basic_auth.db
admin_username = admin
authorization_function = mlflow.server.auth:authenticate_request_basic_auth
EOF
  MLFLOW_AUTH_CONFIG_PATH="$STATE/auth/basic_auth.ini" \
  MLFLOW_AUTH_ADMIN_USERNAME=admin MLFLOW_AUTH_ADMIN_PASSWORD="$password" \
  MLFLOW_FLASK_SERVER_SECRET_KEY="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(32))')" \
    start_server auth "$auth_port" --app-name basic-auth
  await_health mlflow "$port"
  await_health restart "$restart_port"
  await_health auth "$auth_port"
  log "the three servers answer /health after $(( ($(date +%s%N) - begun) / 1000000 )) ms"
  echo "VSC_TEST_MLFLOW_URI=http://127.0.0.1:$port"
  echo "VSC_TEST_MLFLOW_AUTH_URI=http://127.0.0.1:$auth_port"
  echo "VSC_TEST_MLFLOW_ADMIN_USER=admin"
  echo "VSC_TEST_MLFLOW_ADMIN_PASSWORD=$password"
  echo "VSC_TEST_MLFLOW_PYTHON=$VENV/bin/python"
  echo "VSC_TEST_MLFLOW_RESTART_URI=http://127.0.0.1:$restart_port"
  echo "VSC_TEST_MLFLOW_RESTART_DIR=$STATE/restart"
}

stop() {
  local pidfile pgid waited
  for pidfile in "$STATE"/*.pid; do
    [[ -e "$pidfile" ]] || continue
    pgid="$(cat "$pidfile")"
    kill -TERM -- "-$pgid" 2>/dev/null || true
    waited=0
    while kill -0 -- "-$pgid" 2>/dev/null && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) STATE="$(readlink -f "${2:?usage: mlflow.sh start STATE-DIR}")"; mkdir -p "$STATE"; start ;;
  stop) STATE="$(readlink -f "${2:?usage: mlflow.sh stop STATE-DIR}")"; stop ;;
  install) install ;;
  *) echo "usage: mlflow.sh start|stop STATE-DIR | install" >&2; exit 2 ;;
esac
