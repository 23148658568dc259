package io.ipvm.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a batch of modules in Node/V8 with one {@code node} process ({@code driver.js}), not one per
 * module, to keep start-up cost out of the batch. The driver writes a JSON line per module as soon
 * as it is done; a watchdog gives each module its own time budget, and when one overruns (V8 cannot
 * be interrupted from inside the same thread), the process is killed, the module recorded as a
 * {@link EngineResult.Status#TIMEOUT}, and a new process continues with the next module.
 */
public final class NodeEngine {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EOF = "\u0000eof";

  private final String node;
  private final Path workDir;

  /**
   * An engine running the {@code node} executable given, keeping its driver script, module list and
   * standard error in {@code workDir}.
   */
  public NodeEngine(String node, Path workDir) {
    this.node = node;
    this.workDir = workDir;
  }

  /**
   * Runs every file and returns one result per file, in order. {@code timeouts} gives each module's
   * budget (same length as {@code files}).
   */
  public List<EngineResult> runAll(List<Path> files, List<Duration> timeouts) throws IOException {
    Files.createDirectories(workDir);
    Path driver = workDir.resolve("driver.js");
    try (InputStream in = NodeEngine.class.getResourceAsStream("driver.js")) {
      if (in == null) {
        throw new IOException("driver.js is missing from the fuzz module's resources");
      }
      Files.write(driver, in.readAllBytes());
    }
    Path list = workDir.resolve("modules.txt");
    List<String> lines = new ArrayList<>();
    for (Path f : files) {
      lines.add(f.toAbsolutePath().toString());
    }
    Files.write(list, lines);
    List<EngineResult> results = new ArrayList<>();
    int next = 0;
    int restarts = 0;
    while (next < files.size()) {
      Path stderr = workDir.resolve("node-stderr-" + restarts++ + ".txt");
      Process p =
          new ProcessBuilder(
                  node,
                  "--experimental-wasm-type-reflection",
                  driver.toString(),
                  list.toString(),
                  Integer.toString(next))
              .redirectError(stderr.toFile())
              .start();
      p.getOutputStream().close();
      BlockingQueue<String> out = new LinkedBlockingQueue<>();
      Thread reader = Thread.ofPlatform().daemon().start(() -> pump(p.getInputStream(), out));
      try {
        while (next < files.size()) {
          String line = out.poll(timeouts.get(next).toMillis(), TimeUnit.MILLISECONDS);
          if (line == null) {
            p.destroyForcibly().waitFor();
            results.add(
                EngineResult.of(
                    EngineResult.Status.TIMEOUT,
                    "V8 did not finish within " + timeouts.get(next).toSeconds() + " s",
                    List.of()));
            next++;
            break;
          }
          if (line.equals(EOF)) {
            int code = p.waitFor();
            String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            results.add(
                EngineResult.of(
                    EngineResult.Status.CRASH,
                    "node exited with status " + code + " while running this module: " + err,
                    List.of()));
            next++;
            break;
          }
          JsonNode r = JSON.readTree(line);
          if (r.path("i").asInt(-1) != next) {
            throw new IOException("driver answered for module " + r.path("i") + ", not " + next);
          }
          results.add(parse(r));
          next++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for node", e);
      } finally {
        p.destroyForcibly();
        reader.interrupt();
      }
    }
    return results;
  }

  private static EngineResult parse(JsonNode r) {
    String status = r.path("status").asText();
    String message = r.path("message").asText("");
    List<String> trace = new ArrayList<>();
    r.path("trace").forEach(t -> trace.add(t.asText()));
    return switch (status) {
      case "ran" -> EngineResult.ran(trace);
      case "rejected" -> EngineResult.of(EngineResult.Status.REJECTED, message, trace);
      case "unlinkable" -> EngineResult.of(EngineResult.Status.UNLINKABLE, message, trace);
      default -> EngineResult.of(EngineResult.Status.CRASH, "driver status " + status, trace);
    };
  }

  private static void pump(InputStream in, BlockingQueue<String> out) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.add(line);
      }
    } catch (IOException e) {
      // the process was killed: end of its output
    }
    out.add(EOF);
  }
}
