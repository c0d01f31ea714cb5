package io.sparkrcnn.jobs.nightly;

import io.sparkrcnn.jobs.spark.SparkContextFactory;
import io.sparkrcnn.jobs.spark.SparkContexts;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One Spark application for every step of a nightly run: the jobs it calls get this context from {@link #create}
 * as a view whose {@code close} leaves it running; {@link #close} stops it once the run ends. It is made for the
 * run's training workers ({@link SparkContexts#create(String, int)}), so in local mode every step's tasks get the
 * workers' share of the cores.
 */
final class SharedContext implements SparkContextFactory, AutoCloseable {
  private final JavaSparkContext sc;

  private SharedContext(JavaSparkContext sc) {
    this.sc = sc;
  }

  static SharedContext start(String appName, int workers) {
    return new SharedContext(SparkContexts.create(appName, workers));
  }

  /** The context itself. */
  JavaSparkContext context() {
    return sc;
  }

  /** The shared context for a job that would have made its own; the job's close does not stop it. */
  @Override
  public JavaSparkContext create(String appName, int workers) {
    sc.setJobDescription(appName);
    return new Borrowed(sc.sc());
  }

  @Override
  public void close() {
    sc.close();
  }

  /** A job's view of the shared context. */
  private static final class Borrowed extends JavaSparkContext {
    Borrowed(SparkContext sc) {
      super(sc);
    }

    @Override
    public void close() {
      // the nightly run stops the context when all its steps are done
    }

    @Override
    public void stop() {
      // as close
    }
  }
}
