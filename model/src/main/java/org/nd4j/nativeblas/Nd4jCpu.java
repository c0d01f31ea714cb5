package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * The class DL4J 1.0.0-M2's oneDNN helpers look for and nd4j-native 1.0.0-M2 no longer ships: {@code
 * org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} reflects on
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}, while the backend's binding is
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()}. Without this class
 * the lookup fails (an ERROR in the log) and every convolution, pooling and batch norm layer runs DL4J's own
 * (im2col) code even with the {@code -onednn} build. See {@code io.sparkrcnn.model.runtime.Nd4jRuntime}.
 */
public final class Nd4jCpu {
  private Nd4jCpu() {}

  /** Delegates to the real binding by reflection, so that the model compiles without nd4j-native (-Pcuda). */
  public static final class Environment {
    private static final String BINDING = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
    private static final Environment INSTANCE = new Environment();

    private Environment() {}

    public static Environment getInstance() {
      return INSTANCE;
    }

    /** Whether libnd4j runs its oneDNN implementations: false for a build without oneDNN or another backend. */
    public boolean isUseMKLDNN() {
      try {
        Class<?> c = Class.forName(BINDING, true, Nd4jCpu.class.getClassLoader());
        Object env = c.getMethod("getInstance").invoke(null);
        Method use = c.getMethod("isUseONEDNN");
        return (Boolean) use.invoke(env);
      } catch (ReflectiveOperationException | LinkageError e) {
        return false;
      }
    }
  }
}
