package io.ipvm.ipld.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * The node's home directory: {@code $IPVM_HOME} if set and not empty, else {@code ~/.ipvm}. Blocks
 * live in its {@code blocks} sub-directory.
 */
public final class IpvmHome {
  /** The environment variable naming the home directory. */
  public static final String ENV = "IPVM_HOME";

  private IpvmHome() {}

  /** The home directory for this process's environment. */
  public static Path dir() {
    return dir(System.getenv(), System.getProperty("user.home"));
  }

  /** The home directory for the given environment and user home (for tests). */
  public static Path dir(Map<String, String> env, String userHome) {
    String home = env.get(ENV);
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    return Path.of(userHome, ".ipvm").toAbsolutePath();
  }

  /** {@code <home>/blocks}, the default root of {@link FileBlockStore}. */
  public static Path blocks() {
    return dir().resolve("blocks");
  }
}
