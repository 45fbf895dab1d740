package io.fedcredit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;

class KernelLauncherTest {

  private static String connection(String transport) {
    return "{\"shell_port\": 5001, \"iopub_port\": 5002, \"stdin_port\": 5003, "
        + "\"control_port\": 5004, \"hb_port\": 5005, \"ip\": \"127.0.0.1\", "
        + "\"key\": \"k\", \"transport\": \"" + transport + "\", "
        + "\"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"fedcredit-java\"}";
  }

  @Test
  void theLoopThreadOnTheClasspathIsTheProjects() {
    KernelLauncher.requireOwnLoopThread();  // throws when the kernel jar's copy comes first
  }

  @Test
  void readsAJupyterConnectionFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("kernel.json"), connection("tcp"));
    ConnectionProperties props = KernelLauncher.readConnection(file);
    assertEquals(5001, props.shellPort());
    assertEquals("tcp", props.transport());
  }

  @Test
  void refusesAMissingFileOrTheIpcTransportNamingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.json");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KernelLauncher.readConnection(missing));
    assertTrue(e.getMessage().contains("nope.json"), e.getMessage());
    Path ipc = Files.writeString(dir.resolve("ipc.json"), connection("ipc"));
    e = assertThrows(IllegalArgumentException.class, () -> KernelLauncher.readConnection(ipc));
    assertTrue(e.getMessage().contains("ipc"), e.getMessage());
  }
}
