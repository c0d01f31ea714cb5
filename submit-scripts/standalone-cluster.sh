#!/usr/bin/env bash
# standalone-cluster.sh start|stop|status [--workers N] [--cores C] [--memory M] [--port P] [--webui-port W]
#                                          [--dir DIR]
#
# A Spark standalone cluster on this machine, on 127.0.0.1, for users without a Spark install: a Master JVM and N
# Worker JVMs (org.apache.spark.deploy.master.Master / worker.Worker) from the project's own Maven jars
# (spark-jobs/target/spark-classpath.txt; builds the project first if it is missing). Each Worker gets what it needs
# to launch executors without a Spark distribution: SPARK_HOME (an empty jars/ folder in DIR), SPARK_SCALA_VERSION and
# the executor classpath in SPARK_DIST_CLASSPATH. Jobs still bring their own --add-opens flags (submit-scripts/sparkrcnn
# does).
#
#   start   starts the Master and the Workers, waits until all N Workers are registered and prints the master URL
#           (spark://127.0.0.1:P) on stdout. Refuses to start twice on the same DIR or port.
#   stop    stops the processes that start started in DIR (Workers with their executors and drivers, then the Master).
#   status  prints the master URL, the web UI and the registered Workers; exits 1 when nothing runs in DIR.
#
# Defaults: --workers 2 --cores 1 --memory 1g (per Worker) --port 7077 --webui-port 8080
# --dir ${TMPDIR:-/tmp}/sparkrcnn-standalone-P (pid files, logs/ and the Workers' work/ folders).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
classpath_file="$root/spark-jobs/target/spark-classpath.txt"
name="standalone-cluster"

usage() {
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

fail() {
  echo "$name: $*" >&2
  exit 2
}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
action="$1"
shift
case "$action" in
  start | stop | status) ;;
  -h | --help | help) usage; exit 0 ;;
  *) fail "unknown command '$action'; use start, stop or status (--help for the options)" ;;
esac

workers=2 cores=1 memory=1g port=7077 webui_port=8080 dir=""
while [[ $# -gt 0 ]]; do
  flag="$1"
  case "$flag" in
    -h | --help) usage; exit 0 ;;
    --workers | --cores | --memory | --port | --webui-port | --dir)
      [[ $# -ge 2 && -n "$2" ]] || fail "$flag needs a value"
      value="$2"
      shift 2 ;;
    *) fail "unknown option '$flag' (--help lists the options)" ;;
  esac
  case "$flag" in
    --workers) [[ "$value" =~ ^[1-9][0-9]*$ ]] || fail "--workers must be a positive number, not '$value'"
      workers="$value" ;;
    --cores) [[ "$value" =~ ^[1-9][0-9]*$ ]] || fail "--cores must be a positive number, not '$value'"
      cores="$value" ;;
    --memory) [[ "$value" =~ ^[1-9][0-9]*[mMgG]$ ]] || fail "--memory must look like 512m or 2g, not '$value'"
      memory="$value" ;;
    --port | --webui-port)
      [[ "$value" =~ ^[1-9][0-9]*$ && "$value" -le 65535 ]] || fail "$flag must be a port number, not '$value'"
      if [[ "$flag" == --port ]]; then port="$value"; else webui_port="$value"; fi ;;
    --dir) dir="$value" ;;
  esac
done
dir="${dir:-${TMPDIR:-/tmp}/sparkrcnn-standalone-$port}"
# The mark on every JVM this script starts, so that stop and status never take another process for ours.
marker="-Dsparkrcnn.standalone.dir=$dir"

# Whether pid $1 is alive and one of ours (started by start with this DIR).
ours() {
  local args
  args="$(tr '\0' '\n' 2> /dev/null < "/proc/$1/cmdline")" || return 1
  grep -qxF -- "$marker" <<< "$args"
}

# The pid in pid file $1 if that process is ours and alive, else nothing.
live_pid() {
  local pid
  [[ -f "$1" ]] || return 0
  pid="$(cat "$1")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && ours "$pid"; then echo "$pid"; fi
}

port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# The Master's state as JSON (its web UI's /json), or nothing when it does not answer.
master_json() {
  curl -fsS --max-time 5 "http://127.0.0.1:$1/json/" 2> /dev/null || true
}

alive_workers() {
  master_json "$1" | tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

# Stops process group $1 (a daemon started with setsid, and the executors and drivers it launched): TERM, then KILL
# whatever is left after 15 s. A group whose leader is gone (a Worker killed with SIGKILL) still holds its executors.
stop_group() {
  local group="$1" waited=0
  kill -TERM -- "-$group" 2> /dev/null || return 0
  while pgrep -g "$group" > /dev/null && [[ $waited -lt 15 ]]; do
    sleep 1
    waited=$((waited + 1))
  done
  kill -KILL -- "-$group" 2> /dev/null || true
}

# Reads what start recorded in DIR (read, not sourced: DIR may be anyone's folder).
read_state() {
  [[ -f "$dir/cluster.env" ]] || return 1
  state_port="$(sed -n 's/^state_port=\([0-9]*\)$/\1/p' "$dir/cluster.env")"
  state_webui_port="$(sed -n 's/^state_webui_port=\([0-9]*\)$/\1/p' "$dir/cluster.env")"
}

case "$action" in
  status)
    read_state || { echo "$name: nothing runs in $dir" >&2; exit 1; }
    master="$(live_pid "$dir/master.pid")"
    [[ -n "$master" ]] || { echo "$name: nothing runs in $dir (the Master is gone)" >&2; exit 1; }
    echo "master spark://127.0.0.1:$state_port (pid $master), web UI http://127.0.0.1:$state_webui_port"
    for pid_file in "$dir"/worker-*.pid; do
      [[ -f "$pid_file" ]] || continue
      pid="$(live_pid "$pid_file")"
      echo "$(basename "$pid_file" .pid): ${pid:+pid }${pid:-gone (not running)}"
    done
    echo "registered workers: $(alive_workers "$state_webui_port")"
    exit 0 ;;
  stop)
    read_state || { echo "$name: nothing runs in $dir" >&2; exit 0; }
    for pid_file in "$dir"/worker-*.pid "$dir/master.pid"; do
      [[ -f "$pid_file" ]] || continue
      pid="$(cat "$pid_file")"
      # A live leader must be ours; a dead one's group may still hold its executors (they carry no mark).
      if ours "$pid" || { [[ ! -d "/proc/$pid" ]] && pgrep -g "$pid" -f 'CoarseGrainedExecutorBackend|DriverWrapper' \
          > /dev/null; }; then
        stop_group "$pid"
      fi
      rm -f "$pid_file"
    done
    rm -f "$dir/cluster.env"
    echo "$name: stopped the cluster in $dir" >&2
    exit 0 ;;
esac

# start
if [[ -f "$dir/master.pid" && -n "$(live_pid "$dir/master.pid")" ]]; then
  fail "a cluster already runs in $dir (pid $(cat "$dir/master.pid")); run '$0 stop --dir $dir' first"
fi
port_in_use "$port" && fail "port $port on 127.0.0.1 is in use; stop what holds it or pick another --port"
port_in_use "$webui_port" && fail "port $webui_port on 127.0.0.1 is in use; pick another --webui-port"
command -v java > /dev/null || fail "java not found; install a JDK 17 and put it on PATH"
command -v curl > /dev/null || fail "curl not found; it asks the Master whether the Workers registered"
if [[ ! -f "$classpath_file" ]]; then
  echo "$name: building the project first (mvn -B -q -DskipTests package)" >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi
classpath="$(cat "$classpath_file")"

mkdir -p "$dir/spark-home/jars" "$dir/logs"
rm -f "$dir"/worker-*.pid
export SPARK_HOME="$dir/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_DIST_CLASSPATH="$classpath"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$dir/logs"
printf 'state_port=%s\nstate_webui_port=%s\n' "$port" "$webui_port" > "$dir/cluster.env"

# setsid: each daemon leads its own process group, which its executors join, so that stop reaches them all.
setsid java "$marker" -Xmx256m -cp "$classpath" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port "$webui_port" > "$dir/logs/master.log" 2>&1 < /dev/null &
echo $! > "$dir/master.pid"
master_url="spark://127.0.0.1:$port"

# Waits (at most 90 s) until the Master reports $1 registered Workers; on failure stops what it started.
await_workers() {
  local waited=0
  while [[ "$(alive_workers "$webui_port")" != "$1" ]]; do
    if [[ -z "$(live_pid "$dir/master.pid")" || $waited -ge 90 ]]; then
      echo "$name: the cluster did not come up within ${waited}s; the logs are in $dir/logs" >&2
      bash "${BASH_SOURCE[0]}" stop --dir "$dir" 2> /dev/null
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}
await_workers 0

for ((i = 1; i <= workers; i++)); do
  mkdir -p "$dir/worker-$i/work"
  setsid java "$marker" -Xmx256m -cp "$classpath" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores "$cores" --memory "$memory" --work-dir "$dir/worker-$i/work" \
    "$master_url" > "$dir/logs/worker-$i.log" 2>&1 < /dev/null &
  echo $! > "$dir/worker-$i.pid"
done
await_workers "$workers"
echo "$name: a Master and $workers Worker JVM(s) of $cores core(s) and $memory registered; web UI" \
  "http://127.0.0.1:$webui_port," \
  "logs in $dir/logs; stop with: $0 stop --dir $dir" >&2
echo "$master_url"
