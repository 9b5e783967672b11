#!/usr/bin/env bash
# A real one-node Slurm cluster on 127.0.0.1 for the tests (see testing/README.md and
# ../shared/reference/slurm.md, whose configuration this is):
#
#   slurm.sh start STATE-DIR    install Slurm if needed, start slurmctld + slurmd, print VSC_TEST_SLURM_* lines
#   slurm.sh stop STATE-DIR     cancel every job, wait for the queue to drain, stop the daemons by their pids
#   slurm.sh install            only install (or check) the Debian packages
#
# Debian's slurmctld, slurmd and slurm-client (22.05) without their recommends; auth/none, so no munge
# daemon. No systemd and no cgroups: ProctrackType=proctrack/linuxproc, TaskPlugin=task/none,
# SlurmUser=root. The cluster's whole state (config, spool, state, logs, pid files) lives in
# STATE-DIR, its two ports are free ones, so clusters of several worktrees do not meet. Printed:
#   VSC_TEST_SLURM_CONF        the slurm.conf every client command needs (as SLURM_CONF)
#   VSC_TEST_SLURM_PARTITION   the partition to submit to
# Stop order matters (slurm.md gotcha 1): daemons stopped first would leave slurmstepd and the tasks
# running, so every job is cancelled and the queue drained before the daemons get SIGTERM.
set -euo pipefail

PACKAGES=(slurmctld slurmd slurm-client)
READY_TIMEOUT_S=30
DRAIN_TIMEOUT_S=30
STOP_TIMEOUT_S=10

log() { echo "slurm.sh: $*" >&2; }

installed() {
  command -v slurmctld >/dev/null 2>&1 && command -v slurmd >/dev/null 2>&1 && command -v sbatch >/dev/null 2>&1
}

install() {
  if installed; then
    return 0
  fi
  local sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  exec 9>"${TMPDIR:-/tmp}/vsc-slurm-install.lock"
  flock 9                        # several worktrees may run ./run-tests at once
  if installed; then
    return 0
  fi
  local started
  started=$(date +%s)
  log "installing ${PACKAGES[*]} from Debian (once; about 10 s)"
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2; then
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2
  fi
  installed || { log "Slurm is still missing after apt-get install ${PACKAGES[*]}"; return 1; }
  log "installed Slurm $(dpkg-query -W -f='${Version}' slurmctld 2>/dev/null) in $(( $(date +%s) - started )) s"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_config() {
  local ctld_port="$1" slurmd_port="$2" memory_mb
  memory_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
  cat >"$STATE/slurm.conf" <<EOF
ClusterName=vsc-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$STATE/state
SlurmdSpoolDir=$STATE/spool
SlurmctldPidFile=$STATE/slurmctld.pidfile
SlurmdPidFile=$STATE/slurmd.pidfile
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE/jobcomp.log
ReturnToService=2
NodeName=localhost CPUs=$(nproc) Sockets=1 CoresPerSocket=$(nproc) ThreadsPerCore=1 RealMemory=$memory_mb State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# daemon NAME COMMAND...: start a daemon in its own session (its own process group), record its pid.
daemon() {
  local name="$1"
  shift
  setsid "$@" </dev/null >"$STATE/$name.out.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

start() {
  install
  mkdir -p "$STATE"/{state,spool}
  STATE="$(cd "$STATE" && pwd)"
  write_config "$(free_port)" "$(free_port)"
  export SLURM_CONF="$STATE/slurm.conf"
  daemon slurmctld slurmctld -D -i -f "$SLURM_CONF"
  daemon slurmd slurmd -D -N localhost -f "$SLURM_CONF"
  local waited=0 t0
  t0=$(date +%s%N)
  until [[ "$(sinfo -h -N -o %T 2>/dev/null)" == idle ]]; do
    if (( waited >= READY_TIMEOUT_S * 10 )); then
      log "the node did not become idle within ${READY_TIMEOUT_S} s (sinfo: $(sinfo -h -N -o %T 2>&1 | head -1))"
      return 1
    fi
    for name in slurmctld slurmd; do
      kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null || { log "$name exited at start-up; see $STATE/$name.out.log"; return 1; }
    done
    sleep 0.1
    waited=$((waited + 1))
  done
  log "cluster up in $STATE (node idle after $(( ($(date +%s%N) - t0) / 1000000 )) ms)"
  echo "VSC_TEST_SLURM_CONF=$SLURM_CONF"
  echo "VSC_TEST_SLURM_PARTITION=debug"
}

# Active job states: anything but the ended ones.
active_jobs() {
  squeue -h -t all -o '%T' 2>/dev/null | grep -v -E '^(COMPLETED|CANCELLED|FAILED|TIMEOUT|OUT_OF_MEMORY|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE)$' || true
}

stop_pid() {
  local name="$1" pid
  [[ -f "$STATE/$name.pid" ]] || return 0
  pid="$(cat "$STATE/$name.pid")"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT_S * 10 )); then
      log "$name ($pid) ignored SIGTERM for ${STOP_TIMEOUT_S} s; SIGKILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$STATE/$name.pid"
}

stop() {
  [[ -f "$STATE/slurm.conf" ]] || return 0
  export SLURM_CONF="$STATE/slurm.conf"
  if [[ -f "$STATE/slurmctld.pid" ]] && kill -0 "$(cat "$STATE/slurmctld.pid")" 2>/dev/null; then
    scancel --user="$(id -un)" 2>/dev/null || true
    local waited=0
    while [[ -n "$(active_jobs)" ]]; do
      if (( waited >= DRAIN_TIMEOUT_S * 10 )); then
        log "jobs still active after ${DRAIN_TIMEOUT_S} s: $(active_jobs | sort | uniq -c | tr '\n' ' ')"
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  stop_pid slurmd
  stop_pid slurmctld
}

case "${1:-}" in
  start) STATE="${2:?usage: slurm.sh start STATE-DIR}"; start ;;
  stop) STATE="${2:?usage: slurm.sh stop STATE-DIR}"; stop ;;
  install) install ;;
  *) echo "usage: slurm.sh start|stop STATE-DIR, or slurm.sh install" >&2; exit 2 ;;
esac
