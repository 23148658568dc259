package io.ipvm.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.runtime.Engine;
import io.ipvm.runtime.HostFunction;
import io.ipvm.runtime.Imports;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.ModuleException;
import io.ipvm.runtime.WasmModule;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-class cache on real files: a "second process" (a new {@link ClassCache} over the
 * same directories, with the in-memory front empty) loads classes without compiling; another
 * compiler build never sees the entry; a corrupted block is detected and the module recompiled.
 */
class ClassCacheTest {
  /** Counts the compilations the caches below run (none on a hit). */
  private static final Engine ENGINE = Engine.create(Engine.Config.defaults());

  @TempDir Path home;

  private static byte[] everything() throws Exception {
    try (InputStream in = ClassCacheTest.class.getResourceAsStream("/cache/everything.wasm")) {
      return in.readAllBytes();
    }
  }

  private ClassCache cache(String compiler) {
    return new ClassCache(
        new FileBlockStore(home.resolve("blocks")), home.resolve("classes"), compiler, 8);
  }

  private static Instance instantiate(WasmModule module) {
    Imports imports =
        new Imports()
            .add(
                "env",
                "twice",
                HostFunction.of(
                    FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                    args -> new Object[] {2 * (Integer) args[0]}));
    return module.instantiate(imports);
  }

  /** Every export's behaviour, as a list to compare between compiled and cached modules. */
  private static List<Object> behaviour(WasmModule module) {
    Instance i = instantiate(module);
    Object inc = i.call("apply", 0, 41)[0];
    Object twice = i.call("apply", 1, 21)[0];
    Object square = i.call("apply", 2, 9)[0];
    return List.of(
        inc,
        twice,
        square,
        i.global("calls").get(),
        i.call("nan_bits")[0],
        i.call("big")[0],
        i.call("byte", 16)[0],
        i.call("byte", 20)[0]);
  }

  @Test
  void secondProcessLoadsWithoutCompiling() throws Exception {
    byte[] wasm = everything();
    ClassCache first = cache("build-A");
    ClassCache.Lookup compiled = first.module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(ClassCache.Source.COMPILED, compiled.source());
    assertNotNull(compiled.bundle(), compiled.note());
    assertNull(compiled.note());
    List<Object> expected = behaviour(compiled.module());
    assertEquals(List.of(142, 142, 181, 3, 0x7fa00001, 0x7fff_ffff_ffff_fff0L, 99, 101), expected);

    // Same process: the module object itself.
    assertSame(compiled.module(), first.module(wasm, CompileOptions.DEFAULT, ENGINE).module());
    assertEquals(
        ClassCache.Source.MEMORY, first.module(wasm, CompileOptions.DEFAULT, ENGINE).source());

    // A new cache over the same files, as a second process would open it.
    long before = ENGINE.compilations();
    ClassCache.Lookup loaded = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(before, ENGINE.compilations(), "the compiler ran on a cache hit");
    assertEquals(ClassCache.Source.CACHE, loaded.source());
    assertEquals(compiled.bundle(), loaded.bundle());
    assertEquals(expected, behaviour(loaded.module()));
    assertEquals(
        compiled.module().compiled().classes().keySet(),
        loaded.module().compiled().classes().keySet());
    for (var e : compiled.module().compiled().classes().entrySet()) {
      assertArrayEquals(e.getValue(), loaded.module().compiled().classes().get(e.getKey()));
    }
    assertEquals(compiled.module().compiled().functions(), loaded.module().compiled().functions());
    assertEquals(
        compiled.module().compiled().globals().size(), loaded.module().compiled().globals().size());
    assertTrue(loaded.module().verifyGeneratedClasses().isEmpty());
  }

  @Test
  void anotherCompilerBuildNeverLoadsTheEntry() throws Exception {
    byte[] wasm = everything();
    ClassCache.Lookup a = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    ClassCache b = cache("build-B");
    Cid module = Cid.of(Multicodec.RAW, Multihash.SHA2_256, wasm);
    assertNotEquals(a.key(), b.key(module, CompileOptions.DEFAULT));

    // Even an index entry pointing build B's key at build A's bundle is refused.
    Files.writeString(
        home.resolve("classes").resolve(b.key(module, CompileOptions.DEFAULT)), a.bundle() + "\n");
    long before = ENGINE.compilations();
    ClassCache.Lookup lookup = b.module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(before + 1, ENGINE.compilations());
    assertEquals(ClassCache.Source.COMPILED, lookup.source());
    assertTrue(lookup.note().contains("compiler build-A"), lookup.note());
    assertNotEquals(a.bundle(), lookup.bundle());
    assertEquals(behaviour(a.module()), behaviour(lookup.module()));
  }

  @Test
  void optionsArePartOfTheKey() throws Exception {
    byte[] wasm = everything();
    ClassCache cache = cache("build-A");
    Cid module = Cid.of(Multicodec.RAW, Multihash.SHA2_256, wasm);
    assertNotEquals(
        cache.key(module, CompileOptions.DEFAULT), cache.key(module, CompileOptions.METERED));
    cache.module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(
        ClassCache.Source.COMPILED, cache.module(wasm, CompileOptions.METERED, ENGINE).source());
  }

  @Test
  void corruptedClassBlockIsDetectedAndRecompiled() throws Exception {
    byte[] wasm = everything();
    ClassCache.Lookup first = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    FileBlockStore blocks = new FileBlockStore(home.resolve("blocks"));
    // Flip one byte in the largest class file's block.
    byte[] largest =
        first.module().compiled().classes().values().stream()
            .max((x, y) -> Integer.compare(x.length, y.length))
            .orElseThrow();
    Path file = blocks.path(Cid.of(Multicodec.RAW, Multihash.SHA2_256, largest));
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);

    long before = ENGINE.compilations();
    ClassCache.Lookup again = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(before + 1, ENGINE.compilations());
    assertEquals(ClassCache.Source.COMPILED, again.source());
    assertTrue(again.note().contains("unusable"), again.note());
    assertEquals(behaviour(first.module()), behaviour(again.module()));

    // The entry was rewritten: the next process loads it again.
    ClassCache.Lookup third = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    assertEquals(ClassCache.Source.CACHE, third.source());
    assertEquals(behaviour(first.module()), behaviour(third.module()));
  }

  @Test
  void corruptedManifestOrIndexIsAMiss() throws Exception {
    byte[] wasm = everything();
    ClassCache.Lookup first = cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE);
    Path index = home.resolve("classes").resolve(first.key());
    Files.writeString(index, "not a cid");
    assertEquals(
        ClassCache.Source.COMPILED,
        cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE).source());
    assertEquals(
        ClassCache.Source.CACHE,
        cache("build-A").module(wasm, CompileOptions.DEFAULT, ENGINE).source());
  }

  @Test
  void invalidModulesAreNotCached() throws Exception {
    byte[] junk = {0, 'a', 's', 'm', 1, 0, 0, 0, 99};
    assertThrows(
        ModuleException.class, () -> cache("build-A").module(junk, CompileOptions.DEFAULT));
    assertTrue(
        !Files.exists(home.resolve("classes")) || Files.list(home.resolve("classes")).count() == 0);
  }

  @Test
  void fingerprintOfThisBuildIsStable() {
    assertEquals(CompilerFingerprint.current(), CompilerFingerprint.current());
    assertTrue(CompilerFingerprint.current().startsWith("sha256:"));
  }
}
