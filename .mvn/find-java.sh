# Sourced by ./mvnw, ./fabrica and the product start scripts.
# Sets FABRICA_JAVA to a java executable of version 21 or newer, or prints one clear line and exits 1.
# Order: $JAVA_HOME, the `java` on PATH, then every JDK under /usr/lib/jvm ($FABRICA_JDK_ROOT) newest first.

fabrica_java_major() {
  # prints the feature version (17, 21, 25, ...) of the JDK/JRE at $1 (a home directory)
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "${v:-0}"
}

fabrica_find_java() {
  for home in "${JAVA_HOME:-}" \
              "$(command -v java >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v java)")")")" \
              $(ls -d "${FABRICA_JDK_ROOT:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -r -V); do
    home=${home%/}
    [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
    if [ "$(fabrica_java_major "$home")" -ge 21 ]; then
      FABRICA_JAVA_HOME=$home
      FABRICA_JAVA=$home/bin/java
      return 0
    fi
  done
  echo "Fabrica needs Java 21 or newer: no JDK 21+ found in JAVA_HOME, on PATH or under /usr/lib/jvm (install one, e.g. Temurin 25, or set JAVA_HOME)." >&2
  exit 1
}

fabrica_find_java

# JVM options every Fabrica process gets: DJL never goes on line (no model-zoo downloads, no call to
# the cloud metadata address at start) and ONNX Runtime does not load PyTorch as its "alternative".
FABRICA_JVM_OPTS="-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.onnx.disable_alternative=true"
# Known, harmless library noise: Milo 1.1.2 fails to build a per-session diagnostics node (a stack trace per
# session, also outside OSGi); DJL and ONNX Runtime warn that there is no CUDA on CPU-only machines.
FABRICA_JVM_OPTS="$FABRICA_JVM_OPTS -Dorg.slf4j.simpleLogger.log.org.eclipse.milo.opcua.sdk.server.diagnostics=off"
FABRICA_JVM_OPTS="$FABRICA_JVM_OPTS -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error"
FABRICA_JVM_OPTS="$FABRICA_JVM_OPTS -Dorg.slf4j.simpleLogger.log.ai.djl.onnxruntime.engine.OrtEngine=error"
# Netty (inside Milo) uses sun.misc.Unsafe; Java 24+ warns about it on every start unless allowed explicitly.
if [ "$(fabrica_java_major "$FABRICA_JAVA_HOME")" -ge 24 ]; then
  FABRICA_JVM_OPTS="$FABRICA_JVM_OPTS --sun-misc-unsafe-memory-access=allow"
fi
