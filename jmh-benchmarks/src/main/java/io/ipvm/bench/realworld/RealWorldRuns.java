package io.ipvm.bench.realworld;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RealWorldBench runs of {@code jmh-benchmarks/realworld/runs.txt}: which module each runs,
 * with which arguments and preopened directories, and where {@code realworld/build.sh} put the
 * module and the run's expected output.
 *
 * <p>The folder {@code realworld/} is found through the system property {@code ipvm.realworld} or
 * the environment variable {@code IPVM_REALWORLD}, else as {@code realworld} or {@code
 * jmh-benchmarks/realworld} under the working directory (the module's folder under Maven, the
 * repository root for {@code java -jar}); its {@code build/} folder through {@code RW_BUILD}, as in
 * the scripts.
 */
public final class RealWorldRuns {

  /** One line of runs.txt. */
  public record Run(String name, String program, List<String> args) {

    /** The module: {@code build/bin/PROGRAM.wasm}, or {@code build/yosys/yosys.wasm}. */
    public Path wasm(RealWorldRuns runs) {
      return program.equals("yosys")
          ? runs.build().resolve("yosys/yosys.wasm")
          : runs.build().resolve("bin").resolve(program + ".wasm");
    }

    /** Host directory → guest name: the inputs as /in, yosys' share/ as /share. */
    public Map<Path, String> preopens(RealWorldRuns runs) {
      Map<Path, String> dirs = new LinkedHashMap<>();
      dirs.put(runs.root().resolve("inputs"), "/in");
      if (program.equals("yosys")) {
        dirs.put(runs.build().resolve("yosys/share"), "/share");
      }
      return dirs;
    }

    /** argv as the guest sees it: the program name, then the run's arguments. */
    public List<String> argv() {
      List<String> argv = new ArrayList<>();
      argv.add(program);
      argv.addAll(args);
      return argv;
    }

    public Path expectedOutput(RealWorldRuns runs) {
      return runs.build().resolve("expected").resolve(name + ".out");
    }

    public Path expectedExit(RealWorldRuns runs) {
      return runs.build().resolve("expected").resolve(name + ".exit");
    }

    /** Whether the runs are the small ones the correctness test runs by default. */
    public boolean small() {
      return name.endsWith("-small") || program.equals("yosys");
    }
  }

  private final Path root;
  private final Path build;
  private final List<Run> runs;

  private RealWorldRuns(Path root, Path build, List<Run> runs) {
    this.root = root;
    this.build = build;
    this.runs = runs;
  }

  /** Finds realworld/ and reads its runs.txt. */
  public static RealWorldRuns load() {
    Path root = locate();
    String rwBuild = System.getenv("RW_BUILD");
    Path build = rwBuild != null && !rwBuild.isBlank() ? Path.of(rwBuild) : root.resolve("build");
    List<Run> runs = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(root.resolve("runs.txt"))) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] f = trimmed.split("\\s+");
        runs.add(new Run(f[0], f[1], List.of(f).subList(2, f.length)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RealWorldRuns(root.toAbsolutePath().normalize(), build.toAbsolutePath(), runs);
  }

  private static Path locate() {
    String configured = System.getProperty("ipvm.realworld", System.getenv("IPVM_REALWORLD"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (String candidate : List.of("realworld", "jmh-benchmarks/realworld")) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p.resolve("runs.txt"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find jmh-benchmarks/realworld/runs.txt from "
            + Path.of("").toAbsolutePath()
            + ": run from the repository root, or set -Dipvm.realworld=PATH");
  }

  public Path root() {
    return root;
  }

  public Path build() {
    return build;
  }

  public List<Run> all() {
    return runs;
  }

  public Run get(String name) {
    return runs.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("no run " + name + " in " + root.resolve("runs.txt")));
  }

  /** The command that builds what the runs need. */
  public static String buildCommand() {
    return "jmh-benchmarks/realworld/build.sh";
  }
}
