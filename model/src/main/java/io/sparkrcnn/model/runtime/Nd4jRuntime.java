package io.sparkrcnn.model.runtime;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The ND4J/DL4J settings every JVM that computes needs, set by the project rather than left to the user.
 *
 * <p>{@link #init()}: DL4J 1.0.0-M2 creates a layer's helper (oneDNN on the CPU) only when the system property
 * {@value #HELPERS_DISABLE} is {@code false}, and its default is {@code true}; it is read each time a layer is
 * instantiated (graph init or restore). {@code init()} runs wherever a detector graph is configured, built or
 * restored: in {@code FasterRcnnGraph}, {@code Checkpoints}, and in the static initialiser of our hand-written
 * layers' configuration, which every JVM deserialising a detector graph (Spark executors included) loads before
 * instantiating any layer. The helpers' availability check also needs {@link org.nd4j.nativeblas.Nd4jCpu}.
 *
 * <p>{@link #computeThreads(int)}: ND4J's compute threads for a worker that owns {@code n} cores.
 */
public final class Nd4jRuntime {
  public static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

  private Nd4jRuntime() {}

  private static final ThreadLocal<Boolean> THREAD_CAPPED = ThreadLocal.withInitial(() -> false);

  /**
   * Enables DL4J's layer helpers (oneDNN convolution, pooling, batch norm) in this JVM, and caps the calling
   * thread's OpenMP threads at the JVM's processors unless {@code OMP_NUM_THREADS} is set (ND4J gives the thread that
   * loads it {@code Loader.totalCores()}, 4 on a 2-core VM); idempotent and cheap.
   */
  public static void init() {
    enableHelpers();
    if (!THREAD_CAPPED.get()) {
      THREAD_CAPPED.set(true);
      int cores = Runtime.getRuntime().availableProcessors();
      Nd4j.getBackend(); // loads the backend and its properties first: NativeOpsHolder reads them
      var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
      if (System.getenv("OMP_NUM_THREADS") == null && ops.ompGetMaxThreads() > cores) {
        ops.setOmpNumThreads(cores);
      }
    }
  }

  /**
   * Only the system property of {@link #init()}, without loading ND4J: for a JVM's entry point (the command line),
   * so that layers that are not part of a detector graph (benchmarks) get their helpers too.
   */
  public static void enableHelpers() {
    if (!"false".equals(System.getProperty(HELPERS_DISABLE))) {
      System.setProperty(HELPERS_DISABLE, "false");
    }
  }

  /**
   * Computes on {@code n} threads: the OpenMP team size of the calling thread (libnd4j's and oneDNN's parallel
   * regions, which the bundled libgomp sizes per calling thread), and, for the whole JVM, libnd4j's own thread
   * limits and the BLAS library's threads. Every task of an executor gets the same {@code spark.task.cpus}, so the
   * JVM-wide part is the same value for all of them.
   */
  public static void computeThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + n);
    }
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    Nd4j.getEnvironment().setMaxThreads(n);
    Nd4j.getEnvironment().setMaxMasterThreads(n);
    Nd4j.factory().blas().setMaxThreads(n);
  }

  /** What ND4J reports for the calling thread: OpenMP maximum threads, libnd4j's limits, BLAS threads. */
  public static String threadsReport() {
    return String.format(Locale.ROOT, "omp.threads=%d, maxThreads=%d, maxMasterThreads=%d, blas.threads=%d",
        NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.getEnvironment().maxThreads(),
        Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads());
  }
}
