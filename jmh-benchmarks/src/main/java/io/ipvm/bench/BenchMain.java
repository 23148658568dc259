package io.ipvm.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.openjdk.jmh.util.Utils;

/**
 * Main class of {@code benchmarks.jar}: JMH's {@code org.openjdk.jmh.Main} with the JVM options
 * every forked benchmark JVM needs.
 *
 * <ul>
 *   <li>{@code -Xmx2g -Xss16m -XX:-DontCompileHugeMethods -XX:Tier3DelayOn=100000} for every engine
 *       (the last two let HotSpot JIT-compile methods over 8,000 bytecode bytes, which both
 *       bytecode compilers generate for big Wasm functions, and bring them to C2; see KernelBench);
 *   <li>GraalWasm's JIT on a stock JDK 25: {@code -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
 *       --upgrade-module-path=<the jars in graal-jit/ beside this jar>} (the Graal compiler,
 *       GraalVM collections and word, Truffle's compiler). Truffle then compiles guest code with
 *       Graal through JVMCI; HotSpot's own C1/C2 still compile all other Java code.
 * </ul>
 *
 * <p>This class is compiled for Java 17 (the rest of the jar for 25): when started on an older JVM
 * it looks for a JDK 25 or newer ({@code IPVM_JAVA}, {@code JAVA_HOME}, {@code /usr/lib/jvm},
 * {@code ~/.sdkman/candidates/java}, {@code ~/.jdks}, {@code /Library/Java/JavaVirtualMachines})
 * and runs the jar again there.
 */
public final class BenchMain {

  static final int REQUIRED_JAVA = 25;

  /** Artifact ids of the jars that must be in graal-jit/. */
  static final List<String> GRAAL_JIT_JARS =
      List.of("compiler", "collections", "word", "truffle-compiler");

  static final List<String> COMMON_FLAGS =
      List.of(
          "-Xmx2g",
          "-Xss16m",
          "-XX:-DontCompileHugeMethods",
          "-XX:Tier3DelayOn=100000",
          // quiet JDK 25's warnings about JMH's and Truffle's use of Unsafe and System.load
          "--sun-misc-unsafe-memory-access=allow",
          "--enable-native-access=ALL-UNNAMED");

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path jar = thisJar();
    if (Runtime.version().feature() < REQUIRED_JAVA) {
      System.exit(relaunch(jar, args));
    }
    List<String> flags = new ArrayList<>(COMMON_FLAGS);
    flags.addAll(graalJitFlags(jar));
    org.openjdk.jmh.Main.main(withJvmArgsAppend(args, flags).toArray(new String[0]));
  }

  /**
   * JMH's arguments with {@code flags} appended to the forked JVMs' options. JMH splits a single
   * {@code -jvmArgsAppend} value on spaces (honouring quotes) but takes several occurrences as one
   * option each, so the user's occurrences are split here the way JMH would and everything is
   * passed as one occurrence per option (which also keeps paths with spaces whole).
   */
  static List<String> withJvmArgsAppend(String[] args, List<String> flags) {
    List<String> rest = new ArrayList<>();
    List<String> userFlags = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.startsWith("--") ? a.substring(1) : a;
      if (name.equals("-jvmArgsAppend") && i + 1 < args.length) {
        userFlags.addAll(Utils.splitQuotedEscape(args[++i]));
      } else if (name.startsWith("-jvmArgsAppend=")) {
        userFlags.addAll(Utils.splitQuotedEscape(name.substring("-jvmArgsAppend=".length())));
      } else {
        rest.add(a);
      }
    }
    // a failing benchmark (a wrong checksum, GraalWasm without its JIT) ends the run with a
    // non-zero
    // status instead of leaving a quiet gap in the results; `-foe false` keeps going
    if (rest.stream().noneMatch(a -> a.equals("-foe") || a.startsWith("-foe="))) {
      rest.add("-foe");
      rest.add("true");
    }
    List<String> all = new ArrayList<>(flags);
    all.addAll(userFlags); // last, so that the user's options win
    for (String flag : all) {
      rest.add("-jvmArgsAppend");
      rest.add(flag);
    }
    return rest;
  }

  /** The JVM options that turn on GraalWasm's JIT, or none (with a warning) without graal-jit/. */
  static List<String> graalJitFlags(Path jar) throws IOException {
    if ("0".equals(System.getenv("IPVM_BENCH_GRAAL_JIT"))) {
      warn("IPVM_BENCH_GRAAL_JIT=0: no JVMCI options; the graalwasm engine will refuse to run");
      return List.of();
    }
    Path dir = jar == null ? null : jar.getParent().resolve("graal-jit");
    if (dir == null || !Files.isDirectory(dir)) {
      warn(
          "no graal-jit/ folder beside "
              + jar
              + ": GraalWasm would have no JIT, so the graalwasm engine will refuse to run"
              + " (rebuild with `mvn -pl jmh-benchmarks -am package -DskipTests`)");
      return List.of();
    }
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    for (String artifact : GRAAL_JIT_JARS) {
      boolean present =
          jars.stream()
              .map(p -> p.getFileName().toString())
              .anyMatch(f -> f.matches("\\Q" + artifact + "\\E-\\d.*\\.jar"));
      if (!present) {
        warn(
            "graal-jit/ in "
                + dir
                + " has no "
                + artifact
                + "-*.jar; graalwasm will refuse to run");
        return List.of();
      }
    }
    StringBuilder path = new StringBuilder();
    for (Path p : jars) {
      String s = p.toAbsolutePath().toString();
      if (path.length() > 0) {
        path.append(File.pathSeparatorChar);
      }
      path.append(s);
    }
    return List.of(
        "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI", "--upgrade-module-path=" + path);
  }

  /** The jar (or classes folder) this class was loaded from. */
  static Path thisJar() {
    try {
      CodeSource source = BenchMain.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** Runs this jar again on a JDK 25 or newer; returns its exit status. */
  static int relaunch(Path jar, String[] args) throws IOException, InterruptedException {
    Path java = findJava();
    if (java == null || jar == null || !Files.isRegularFile(jar)) {
      System.err.println(
          "benchmarks.jar needs Java "
              + REQUIRED_JAVA
              + " or newer (this is "
              + Runtime.version()
              + ") and found none: set IPVM_JAVA or JAVA_HOME to a JDK "
              + REQUIRED_JAVA
              + "+");
      return 3;
    }
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(Arrays.asList(args));
    warn("Java " + Runtime.version().feature() + " is too old; running on " + java);
    Process process = new ProcessBuilder(command).inheritIO().start();
    return process.waitFor();
  }

  /** The java binary of the newest JDK 25+ found, or null. */
  static Path findJava() {
    for (String env : List.of("IPVM_JAVA", "JAVA_HOME")) {
      String value = System.getenv(env);
      if (value == null || value.isBlank()) {
        continue;
      }
      Path p = Path.of(value);
      Path home = Files.isRegularFile(p) ? p.toAbsolutePath().getParent().getParent() : p;
      if (version(home) >= REQUIRED_JAVA) {
        return home.resolve("bin").resolve("java");
      }
    }
    String user = System.getProperty("user.home", "");
    List<Path> roots =
        List.of(
            Path.of("/usr/lib/jvm"),
            Path.of(user, ".sdkman", "candidates", "java"),
            Path.of(user, ".jdks"),
            Path.of("/Library/Java/JavaVirtualMachines"));
    Path best = null;
    int bestVersion = 0;
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> homes = Files.list(root)) {
        for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
          Path h =
              Files.isDirectory(home.resolve("Contents/Home"))
                  ? home.resolve("Contents/Home")
                  : home;
          int v = version(h);
          if (v >= REQUIRED_JAVA && v > bestVersion) {
            best = h.resolve("bin").resolve("java");
            bestVersion = v;
          }
        }
      } catch (IOException e) {
        // skip an unreadable folder
      }
    }
    return best;
  }

  /** The feature version of the JDK at {@code home} from its release file, or 0. */
  static int version(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(release)) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          if (v.startsWith("1.")) {
            v = v.substring(2);
          }
          int end = 0;
          while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
          }
          return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static void warn(String message) {
    System.err.println("[benchmarks] " + message);
  }
}
