package io.ipvm.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler fingerprint: content hash of jars or class directories, and the jars' stamp. */
class CompilerFingerprintTest {
  @TempDir Path dir;

  @Test
  void hashFollowsContentNotNames() throws Exception {
    Path a = Files.write(dir.resolve("compiler.jar"), new byte[] {1, 2, 3});
    Path b = Files.write(dir.resolve("runtime.jar"), new byte[] {4, 5});
    String before = CompilerFingerprint.compute(List.of(a, b));
    assertEquals(before, CompilerFingerprint.compute(List.of(a, b)));
    Files.write(b, new byte[] {4, 6});
    assertNotEquals(before, CompilerFingerprint.compute(List.of(a, b)));

    Path classes = Files.createDirectories(dir.resolve("classes/io/ipvm"));
    Files.write(classes.resolve("A.class"), new byte[] {7});
    String tree = CompilerFingerprint.compute(List.of(dir.resolve("classes")));
    Files.write(classes.resolve("B.class"), new byte[] {8});
    assertNotEquals(tree, CompilerFingerprint.compute(List.of(dir.resolve("classes"))));
  }

  @Test
  void stampChangesWhenAJarIsRebuilt() throws Exception {
    Path a = Files.write(dir.resolve("compiler.jar"), new byte[] {1, 2, 3});
    Files.setLastModifiedTime(a, FileTime.fromMillis(1_000_000));
    String stamp = CompilerFingerprint.stamp(List.of(a));
    assertNotNull(stamp);
    assertEquals(stamp, CompilerFingerprint.stamp(List.of(a)));
    Files.write(a, new byte[] {1, 2, 4}); // same size, new time
    assertNotEquals(stamp, CompilerFingerprint.stamp(List.of(a)));
    // A class directory has no trustworthy stamp: always hashed.
    assertNull(CompilerFingerprint.stamp(List.of(a, dir)));
  }

  @Test
  void memoizedFingerprintIsTheComputedOne() {
    assertEquals(
        CompilerFingerprint.current(), CompilerFingerprint.current(dir.resolve("fingerprint")));
  }
}
