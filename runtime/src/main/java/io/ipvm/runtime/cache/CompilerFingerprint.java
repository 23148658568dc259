package io.ipvm.runtime.cache;

import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.runtime.WasmModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names the exact compiler and runtime build in this process, for the class-cache key: a SHA-256
 * over the bytes of the compiler's and the runtime's code (their jars, or every file of their class
 * directories). Generated classes depend on both — the compiler writes them and they call the
 * runtime's {@code Ops}/{@code Context} ABI — so any change to either, even one that keeps the
 * version number, gives a new fingerprint and classes from an older build are never loaded.
 *
 * <p>Computed once per process (a jar hash costs about a millisecond).
 */
public final class CompilerFingerprint {
  private static volatile String current;

  private CompilerFingerprint() {}

  /** The fingerprint of the code this process runs, e.g. {@code "sha256:9f2c…"} (16 bytes). */
  public static String current() {
    String f = current;
    if (f == null) {
      f = compute(code());
      current = f;
    }
    return f;
  }

  /**
   * {@link #current()}, remembered in {@code memo} between processes. Hashing the jars costs tens
   * of milliseconds in a fresh JVM (the digest runs interpreted), a large part of a cached start;
   * the memo file maps the jars' identity — path, size and modification time to the nanosecond (a
   * rebuilt jar gets a new one) — to their hash. Class directories (tests, IDE runs) change without
   * their directory's time changing, so they are always hashed.
   */
  public static String current(Path memo) {
    String f = current;
    if (f != null) {
      return f;
    }
    List<Path> code = code();
    String stamp = stamp(code);
    if (stamp == null) {
      return current();
    }
    try {
      String[] line = Files.readString(memo, java.nio.charset.StandardCharsets.UTF_8).split("\t");
      if (line.length == 2 && line[0].equals(stamp) && line[1].strip().startsWith("sha256:")) {
        current = line[1].strip();
        return current;
      }
    } catch (IOException | RuntimeException e) {
      // no memo yet, or unreadable: compute below
    }
    f = current();
    try {
      Files.createDirectories(memo.getParent());
      io.ipvm.ipld.store.AtomicFiles.write(
          memo, (stamp + "\t" + f + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
    } catch (IOException | RuntimeException e) {
      // a read-only home: compute again next time
    }
    return f;
  }

  /** The identity of the code's jars, or null when some of it is a class directory. */
  static String stamp(List<Path> code) {
    StringBuilder sb = new StringBuilder();
    try {
      for (Path p : code) {
        if (!Files.isRegularFile(p)) {
          return null;
        }
        var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        sb.append(p.toAbsolutePath())
            .append('|')
            .append(attrs.size())
            .append('|')
            .append(attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS))
            .append('|')
            .append(attrs.fileKey())
            .append(';');
      }
    } catch (IOException e) {
      return null;
    }
    return sb.toString().replace('\t', ' ').replace('\n', ' ');
  }

  private static List<Path> code() {
    return List.of(codeOf(ModuleCompiler.class), codeOf(WasmModule.class));
  }

  /** The fingerprint of the given jars or class directories. */
  static String compute(List<Path> code) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    try {
      for (Path p : code) {
        if (Files.isDirectory(p)) {
          List<Path> files = new ArrayList<>();
          try (Stream<Path> walk = Files.walk(p)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
          }
          files.sort(null);
          for (Path f : files) {
            sha.update(
                p.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(f));
          }
        } else {
          sha.update(Files.readAllBytes(p));
        }
        sha.update((byte) 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the compiler's code to fingerprint it", e);
    }
    byte[] d = sha.digest();
    return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
  }

  private static Path codeOf(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IllegalStateException("cannot locate the code of " + c.getName());
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the code of " + c.getName(), e);
    }
  }
}
