package io.fedcredit.notebook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel (a Java kernel for Jupyter, running cells in JShell) the way its
 * own {@code MainApp} does, but without its two start-up races: the kernel's channels are bound
 * and connected while their loops are held (see {@link LoopThread}), and released once
 * {@code connect} has built the handler map. Run with this module's jar ahead of the kernel jar:
 *
 * <pre>java -cp fl-notebook-kernel.jar:rapaio-jupyter-kernel.jar
 *     io.fedcredit.notebook.KernelLauncher CONNECTION_FILE</pre>
 *
 * <p>Unlike {@code MainApp} it does not log the connection file, which holds the session's
 * signing key; the kernel's own log is set to warnings.
 */
public final class KernelLauncher {
  private KernelLauncher() {}

  /**
   * @param args the connection file Jupyter wrote for this kernel
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: KernelLauncher CONNECTION_FILE (Jupyter passes it as "
          + "{connection_file} in kernel.json)");
      System.exit(2);
    }
    requireOwnLoopThread();
    ConnectionProperties props = readConnection(Path.of(args[0]));
    quietKernelLog();
    LoopThread.holdLoops();
    Channels channels = new Channels(props);
    try {
      channels.connect(MainApp.kernel);
    } finally {
      LoopThread.releaseLoops();
    }
    channels.joinUntilClose();
  }

  /**
   * Reads a Jupyter connection file.
   *
   * @throws IllegalArgumentException naming the file when it is missing or asks for the ipc
   *     transport, which the kernel does not support
   */
  static ConnectionProperties readConnection(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("connection file " + file + " does not exist");
    }
    ConnectionProperties props =
        Transform.fromJson(Files.readString(file), ConnectionProperties.class);
    if (!"tcp".equals(props.transport())) {
      throw new IllegalArgumentException("connection file " + file + ": transport '"
          + props.transport() + "' is not supported, only tcp");
    }
    return props;
  }

  /**
   * Fails unless {@link LoopThread} comes from this launcher's jar rather than the kernel's.
   *
   * @throws IllegalStateException saying how to order the classpath
   */
  static void requireOwnLoopThread() {
    URL mine = location(KernelLauncher.class);
    URL loop = location(LoopThread.class);
    if (mine == null || !mine.equals(loop)) {
      throw new IllegalStateException("LoopThread was loaded from " + loop + ", not from the "
          + "launcher's " + mine + ": put fl-notebook-kernel.jar ahead of the kernel jar on "
          + "the classpath");
    }
  }

  private static URL location(Class<?> c) {
    var source = c.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }

  private static void quietKernelLog() throws IOException {
    try (InputStream in = MainApp.class.getClassLoader()
        .getResourceAsStream("logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    }
    Logger.getLogger("org.rapaio").setLevel(Level.WARNING);
  }
}
