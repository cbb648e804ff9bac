# Sourced by ./mvnw. The workbench UI tests (io.fabrica.ui.tests) need GTK 3 and an X display. So that
# `./mvnw verify` works on a fresh machine without anything installed by hand, this provides both:
#  - when the build runs the tests and includes the UI tests, GTK 3 is checked and, with no DISPLAY set,
#    a private Xvfb is started for the build and stopped after it;
#  - missing packages (xvfb, libgtk-3-0) are installed with apt-get when running as root on Debian;
#    otherwise it stops with one line naming the packages to install.
# Set FABRICA_NO_DISPLAY=1 to leave the display alone (e.g. a build that skips the UI tests another way).

FABRICA_XVFB_PID=""

fabrica_build_runs_ui_tests() {
  runs=""
  prev=""
  for a in "$@"; do
    case "$a" in
      verify|install|deploy|integration-test) runs=yes ;;
      -DskipTests|-DskipTests=true|-Dmaven.test.skip|-Dmaven.test.skip=true) return 1 ;;
    esac
    case "$prev" in
      # another build (the vendor example) or a module list without the UI tests needs no display
      -f|--file) [ "$(cd "$(dirname "$a")" 2>/dev/null && pwd)" = "$BASEDIR" ] || return 1 ;;
      -pl|--projects) case "$a" in *ui*) ;; *) return 1 ;; esac ;;
    esac
    prev=$a
  done
  [ -n "$runs" ] && [ -z "${FABRICA_NO_DISPLAY:-}" ]
}

fabrica_missing_display_packages() {
  missing=""
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libgtk-3\.so\.0' || missing="libgtk-3-0"
  if [ -z "${DISPLAY:-}" ] && ! command -v Xvfb >/dev/null 2>&1; then missing="xvfb $missing"; fi
  echo "$missing"
}

fabrica_install_display_packages() {
  missing=$(fabrica_missing_display_packages)
  [ -n "$missing" ] || return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "mvnw: the UI tests need a display; installing $missing with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing >/dev/null \
      || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null; } \
      || { echo "mvnw: apt-get could not install $missing" >&2; exit 1; }
  else
    echo "mvnw: the UI tests need GTK 3 and a display: install them with 'sudo apt-get install -y $missing' (or set DISPLAY), then run the build again" >&2
    exit 1
  fi
}

fabrica_start_xvfb() {
  [ -z "${DISPLAY:-}" ] || return 0
  fdfile=$(mktemp)
  # -displayfd: Xvfb picks a free display number itself and writes it when it is ready to accept clients
  Xvfb -displayfd 9 -screen 0 1280x1024x24 -nolisten tcp 9>"$fdfile" >/dev/null 2>&1 &
  FABRICA_XVFB_PID=$!
  for _ in $(seq 1 100); do
    [ -s "$fdfile" ] && break
    kill -0 "$FABRICA_XVFB_PID" 2>/dev/null || break
    sleep 0.1
  done
  number=$(tr -dc '0-9' <"$fdfile")
  rm -f "$fdfile"
  if [ -z "$number" ]; then
    echo "mvnw: Xvfb did not start (try 'Xvfb :99' by hand to see why)" >&2
    exit 1
  fi
  export DISPLAY=":$number"
  echo "mvnw: no DISPLAY set; the UI tests run on a private Xvfb at $DISPLAY" >&2
}

fabrica_stop_xvfb() {
  if [ -n "$FABRICA_XVFB_PID" ]; then
    kill "$FABRICA_XVFB_PID" 2>/dev/null || true
    wait "$FABRICA_XVFB_PID" 2>/dev/null || true
    FABRICA_XVFB_PID=""
  fi
}

fabrica_provide_display() {
  fabrica_build_runs_ui_tests "$@" || return 0
  fabrica_install_display_packages
  fabrica_start_xvfb
}
