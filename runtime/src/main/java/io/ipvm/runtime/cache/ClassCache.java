package io.ipvm.runtime.cache;

import io.ipvm.compiler.CompileOptions;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.compiler.ModulePlan;
import io.ipvm.ipld.Cid;
import io.ipvm.ipld.DagCbor;
import io.ipvm.ipld.Multibase;
import io.ipvm.ipld.Multicodec;
import io.ipvm.ipld.Multihash;
import io.ipvm.ipld.store.AtomicFiles;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.CorruptBlockException;
import io.ipvm.ipld.store.FileBlockStore;
import io.ipvm.runtime.Engine;
import io.ipvm.runtime.LazyClasses;
import io.ipvm.runtime.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content-addressed cache of compiled classes: a module is compiled once per compiler build and
 * option set, then loaded — in this process from memory, in any later process from the block store
 * — without running the compiler.
 *
 * <p><b>Key.</b> SHA-256 of the DAG-CBOR map {@code {format, module: &wasm, compiler, options}}:
 * the module's content CID (CIDv1 raw sha2-256 of its bytes, computed here, so a module fetched as
 * UnixFS and the same bytes read from a file share an entry), the {@link CompilerFingerprint} of
 * the compiler and runtime code, and {@link CompileOptions#key()}.
 *
 * <p><b>Storage.</b> Each class file is a raw block; a DAG-CBOR manifest ({@link ClassBundle})
 * links them and repeats the key's parts. The index maps a key to the manifest's CID: one small
 * file per key under {@code indexDir}, replaced atomically (temp file, fsync, rename), so readers
 * see the old entry or the new one. Blocks are hash-checked when read, so a corrupted class file or
 * manifest is detected, and the module is compiled again and the entry rewritten.
 *
 * <p><b>Trust.</b> Loading a bundle defines its classes in the JVM — running code outside the Wasm
 * sandbox — so an index entry must come from this node: the index lives only on local disk and is
 * never fetched. Blocks it names are checked against their CIDs, so a shared block store cannot
 * substitute other bytes. (Sharing entries between nodes needs signed or re-verified bundles; not
 * done.)
 *
 * <p><b>Lazy modules</b> ({@link #lazyModule}) are stored per function, under a key of their own
 * ({@link #LAZY_FORMAT}, the module, the compiler, the options): the index entry {@code KEY.lazy}
 * is a text file of lines {@code validated CID} (the {@link ModulePlan.Facts} a complete validation
 * of the module found: a module with that entry is not validated again, only its declarations are
 * parsed) and {@code pack CID}, each a DAG-CBOR block holding the classes of the functions compiled
 * in one stretch of a run ({@code {format, module, functions: {"N": class bytes}}}). Packs are
 * written every {@link #PACK_FUNCTIONS} compiled functions and by {@link #flush()}, not per
 * function: every block write is forced to disk, and a program calls thousands.
 *
 * <p>Safe for concurrent use by several threads and processes (two writers of one key both write a
 * valid entry; the last rename wins — for a lazy module's entry a pack of the other writer may be
 * lost, which only means those functions are compiled again).
 */
public final class ClassCache {
  private final BlockStore blocks;
  private final Path indexDir;
  private final String compiler;
  private final Map<String, WasmModule> recent;

  /** Where a module came from. */
  public enum Source {
    /** Compiled earlier in this process. */
    MEMORY,
    /** Loaded from the on-disk cache: the compiler did not run. */
    CACHE,
    /** Compiled now (and stored for next time). */
    COMPILED
  }

  /**
   * The result of {@link #module}.
   *
   * @param module the module, ready to instantiate
   * @param source where it came from
   * @param key the cache key (base32)
   * @param bundle the manifest's CID, or null if it could not be stored
   * @param note why the cache could not answer or store, for {@code --verbose}; null when all went
   *     well
   */
  public record Lookup(WasmModule module, Source source, String key, Cid bundle, String note) {}

  /** A cache over the given blocks and index, for this process's compiler build. */
  public ClassCache(BlockStore blocks, Path indexDir) {
    this(blocks, indexDir, CompilerFingerprint.current(), 32);
  }

  /**
   * A cache with an explicit compiler fingerprint (tests use this to play another compiler build)
   * and the number of modules kept in memory.
   */
  public ClassCache(BlockStore blocks, Path indexDir, String compiler, int modulesInMemory) {
    this.blocks = blocks;
    this.indexDir = indexDir;
    this.compiler = compiler;
    this.recent =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, WasmModule> eldest) {
            return size() > modulesInMemory;
          }
        };
  }

  /** The cache of a node home: blocks in {@code home/blocks}, the index in {@code home/classes}. */
  public static ClassCache inHome(Path home) {
    Path index = home.resolve("classes");
    return new ClassCache(
        new FileBlockStore(home.resolve("blocks")),
        index,
        CompilerFingerprint.current(index.resolve(".fingerprint")),
        32);
  }

  /**
   * The compiled module for {@code wasm}: from memory, from the cache, or compiled now and stored.
   *
   * @throws io.ipvm.runtime.ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws io.ipvm.runtime.ModuleException.Invalid when the module does not validate
   */
  public Lookup module(byte[] wasm, CompileOptions options) {
    return module(wasm, options, Engine.shared());
  }

  /**
   * As {@link #module(byte[], CompileOptions)}, compiling on a miss with {@code engine} (which
   * counts the compilation, {@link Engine#compilations()}).
   */
  public Lookup module(byte[] wasm, CompileOptions options, Engine engine) {
    Cid moduleCid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, wasm);
    String key = key(moduleCid, options);
    synchronized (recent) {
      WasmModule m = recent.get(key);
      if (m != null) {
        return new Lookup(m, Source.MEMORY, key, null, null);
      }
    }
    String note = null;
    Path entry = indexDir.resolve(key);
    Cid bundle = readIndex(entry);
    if (bundle != null) {
      try {
        WasmModule m = load(bundle, moduleCid, options, wasm, engine);
        keepVariants(m, key, options);
        remember(key, m);
        return new Lookup(m, Source.CACHE, key, bundle, null);
      } catch (RuntimeException e) {
        note = "cache entry " + bundle + " unusable (" + e.getMessage() + "); recompiled";
      }
    }
    WasmModule m = engine.compileNow(wasm, options);
    keepVariants(m, key, options);
    Cid stored = null;
    try {
      stored = store(m.compiled(), moduleCid, options);
      writeIndex(entry, stored);
    } catch (RuntimeException | IOException e) {
      note = (note == null ? "" : note + "; ") + "not cached: " + e.getMessage();
      stored = null;
    }
    remember(key, m);
    return new Lookup(m, Source.COMPILED, key, stored, note);
  }

  /**
   * Modules that can have variants (relinkable, or with entry checks) keep them here: each
   * variant's class is a raw block, named in the index by {@code variants/<module key>/f<N>-<hash
   * of the fixed arguments>} (the module key holds the compiler build and options).
   */
  private void keepVariants(WasmModule m, String key, CompileOptions options) {
    if (options.relinkable() || options.entryChecks()) {
      m.storeVariantsIn(new VariantStore(indexDir.resolve("variants").resolve(key)));
    }
  }

  /** The variant classes of one module (see {@link #keepVariants}). */
  private final class VariantStore implements io.ipvm.runtime.VariantClasses {
    private final Path dir;

    VariantStore(Path dir) {
      this.dir = dir;
    }

    private Path entry(int funcIndex, String constants) {
      byte[] h =
          Multihash.digest(Multihash.SHA2_256, constants.getBytes(StandardCharsets.UTF_8)).digest();
      return dir.resolve("f" + funcIndex + "-" + java.util.HexFormat.of().formatHex(h, 0, 16));
    }

    @Override
    public byte[] find(int funcIndex, String constants) {
      Cid cid = readIndex(entry(funcIndex, constants));
      if (cid == null) {
        return null;
      }
      try {
        return blocks.get(cid).orElse(null);
      } catch (RuntimeException e) {
        return null; // a corrupt block is quarantined by the store: compile again
      }
    }

    @Override
    public void compiled(int funcIndex, String constants, byte[] classBytes) {
      try {
        Cid cid = putChecked(Multicodec.RAW, classBytes);
        Files.createDirectories(dir);
        AtomicFiles.write(
            entry(funcIndex, constants), (cid + "\n").getBytes(StandardCharsets.UTF_8), true);
      } catch (IOException | RuntimeException e) {
        // Not kept: the next process compiles the variant again.
      }
    }
  }

  /** Format of a lazy module's entry and packs (part of its key). */
  public static final String LAZY_FORMAT = "ipvm-lazy-functions-1";

  /** Compiled functions kept in memory before they are written as one pack. */
  static final int PACK_FUNCTIONS = 256;

  /**
   * Lazy modules' per-function stores that have classes not written yet (and only those: a
   * long-lived cache does not keep every module it served).
   */
  private final java.util.Set<FunctionStore> unwritten =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The result of {@link #lazyModule}.
   *
   * @param module the lazy module
   * @param validatedBefore whether a complete validation of the module was found in the cache (it
   *     was not validated again)
   * @param functionsCached how many of its functions' classes the cache holds
   * @param note why the cache could not answer or store, for {@code --verbose}; null when all went
   *     well
   */
  public record LazyLookup(
      WasmModule module, boolean validatedBefore, int functionsCached, String note) {}

  /**
   * A lazy module for {@code wasm} ({@link Engine.Config#lazy()}): validated completely — unless
   * this cache holds that this compiler build validated exactly these bytes before, in which case
   * only the declarations are parsed — and each function's class loaded from the cache when it is
   * first called if an earlier run compiled it, else compiled and stored (by {@code engine}).
   *
   * @throws io.ipvm.runtime.ModuleException.Malformed when the bytes are not a WebAssembly binary
   * @throws io.ipvm.runtime.ModuleException.Invalid when the module does not validate
   */
  public LazyLookup lazyModule(byte[] wasm, CompileOptions options, Engine engine) {
    CompileOptions relinkable = options.withEntryChecks(false).withRelinkable(true);
    Cid moduleCid = Cid.of(Multicodec.RAW, Multihash.SHA2_256, wasm);
    String key = lazyKey(moduleCid, relinkable);
    Path entry = indexDir.resolve(key + ".lazy");
    flush(key); // classes of this module compiled earlier in this process
    List<String> notes = new ArrayList<>();
    Cid validated = null;
    List<Cid> packs = new ArrayList<>();
    for (String line : readLines(entry)) {
      String[] f = line.split(" ", 2);
      try {
        if (f.length == 2 && f[0].equals("validated")) {
          validated = Cid.parse(f[1]);
        } else if (f.length == 2 && f[0].equals("pack")) {
          packs.add(Cid.parse(f[1]));
        }
      } catch (RuntimeException e) {
        notes.add("unreadable line in " + entry + " ignored");
      }
    }
    ModulePlan plan = null;
    if (validated != null) {
      try {
        ModulePlan.Facts facts = ModulePlan.Facts.fromBytes(block(validated));
        plan = ModulePlan.prepareValidated(wasm, relinkable, facts);
      } catch (RuntimeException e) {
        notes.add("validation record " + validated + " unusable (" + e.getMessage() + ")");
        validated = null;
      }
    }
    boolean before = plan != null;
    if (plan == null) {
      plan = engine.plan(wasm, relinkable);
      try {
        validated = putChecked(Multicodec.RAW, plan.facts().toBytes());
      } catch (RuntimeException e) {
        notes.add("validation not cached: " + e.getMessage());
      }
    }
    Map<Integer, byte[]> classes = new HashMap<>();
    List<Cid> goodPacks = new ArrayList<>();
    for (Cid pack : packs) {
      try {
        Map<String, Object> p = ClassBundle.map(DagCbor.decode(block(pack)), "pack");
        check(p, "format", LAZY_FORMAT);
        if (!moduleCid.equals(p.get("module"))) {
          throw new IllegalArgumentException("it is for module " + p.get("module"));
        }
        for (Map.Entry<String, Object> e :
            ClassBundle.map(p.get("functions"), "functions").entrySet()) {
          if (!(e.getValue() instanceof byte[] bytes)) {
            throw new IllegalArgumentException("function " + e.getKey() + " is not bytes");
          }
          classes.put(Integer.parseInt(e.getKey()), bytes);
        }
        goodPacks.add(pack);
      } catch (RuntimeException e) {
        notes.add("pack " + pack + " unusable (" + e.getMessage() + "); dropped");
      }
    }
    FunctionStore store = new FunctionStore(key, entry, moduleCid, validated, goodPacks, classes);
    if (!before || goodPacks.size() != packs.size()) {
      try {
        store.writeIndex();
      } catch (IOException | RuntimeException e) {
        notes.add("not cached: " + e.getMessage());
      }
    }
    WasmModule m = engine.lazyModule(plan, wasm, store);
    return new LazyLookup(
        m, before, classes.size(), notes.isEmpty() ? null : String.join("; ", notes));
  }

  /**
   * Writes the classes lazy modules compiled since the last pack: call before the process ends
   * (what is not written is compiled again next time). Errors are ignored.
   */
  public void flush() {
    flush(null);
  }

  /** Flushes the stores of lazy modules of key {@code key} (all when null). */
  private void flush(String key) {
    for (FunctionStore s : List.copyOf(unwritten)) {
      if (key == null || s.key.equals(key)) {
        s.flush();
      }
    }
  }

  /** The key of a lazy module's entry: its own format, so never an eager module's key. */
  String lazyKey(Cid moduleCid, CompileOptions options) {
    Map<String, Object> k = new HashMap<>();
    k.put("format", LAZY_FORMAT);
    k.put("module", moduleCid);
    k.put("compiler", compiler);
    k.put("options", options.key());
    byte[] digest = Multihash.digest(Multihash.SHA2_256, DagCbor.encode(k)).digest();
    return Multibase.Base.BASE32.encodeRaw(digest);
  }

  /**
   * One lazy module's classes: those the cache held when it was looked up, and those compiled
   * since, written as a pack every {@link #PACK_FUNCTIONS} functions and on {@link #flush()}.
   */
  private final class FunctionStore implements LazyClasses {
    final String key;
    private final Path entry;
    private final Cid moduleCid;
    private final Cid validated;
    private final List<Cid> packs;
    private final Map<Integer, byte[]> known;
    private final Map<Integer, byte[]> pending = new LinkedHashMap<>();

    FunctionStore(
        String key,
        Path entry,
        Cid moduleCid,
        Cid validated,
        List<Cid> packs,
        Map<Integer, byte[]> known) {
      this.key = key;
      this.entry = entry;
      this.moduleCid = moduleCid;
      this.validated = validated;
      this.packs = packs;
      this.known = known;
    }

    @Override
    public synchronized byte[] find(int funcIndex) {
      byte[] b = known.get(funcIndex);
      return b != null ? b : pending.get(funcIndex);
    }

    @Override
    public void compiled(int funcIndex, byte[] classBytes) {
      boolean full;
      synchronized (this) {
        pending.put(funcIndex, classBytes);
        full = pending.size() >= PACK_FUNCTIONS;
        unwritten.add(this);
      }
      if (full) {
        flush();
      }
    }

    /** Writes the pending classes as one pack and adds it to the entry. */
    synchronized void flush() {
      if (pending.isEmpty()) {
        return;
      }
      Map<String, Object> functions = new LinkedHashMap<>();
      for (Map.Entry<Integer, byte[]> e : pending.entrySet()) {
        functions.put(Integer.toString(e.getKey()), e.getValue());
      }
      Map<String, Object> pack = new HashMap<>();
      pack.put("format", LAZY_FORMAT);
      pack.put("module", moduleCid);
      pack.put("functions", functions);
      try {
        packs.add(putChecked(Multicodec.DAG_CBOR, DagCbor.encode(pack)));
        writeIndex();
      } catch (IOException | RuntimeException e) {
        // Not cached: compiled again next time.
      }
      known.putAll(pending);
      pending.clear();
      unwritten.remove(this);
    }

    /** Rewrites the entry: the validation record and the packs. */
    synchronized void writeIndex() throws IOException {
      StringBuilder b = new StringBuilder();
      if (validated != null) {
        b.append("validated ").append(validated).append('\n');
      }
      for (Cid p : packs) {
        b.append("pack ").append(p).append('\n');
      }
      Files.createDirectories(indexDir);
      AtomicFiles.write(entry, b.toString().getBytes(StandardCharsets.UTF_8), true);
    }
  }

  private static List<String> readLines(Path entry) {
    try {
      return Files.readAllLines(entry, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of(); // missing or unreadable: a miss, rewritten below
    }
  }

  /** The cache key for a module content CID and options (base32, no multibase prefix). */
  public String key(Cid moduleCid, CompileOptions options) {
    Map<String, Object> k = new HashMap<>();
    k.put("format", ClassBundle.FORMAT);
    k.put("module", moduleCid);
    k.put("compiler", compiler);
    k.put("options", options.key());
    byte[] digest = Multihash.digest(Multihash.SHA2_256, DagCbor.encode(k)).digest();
    return Multibase.Base.BASE32.encodeRaw(digest);
  }

  private void remember(String key, WasmModule m) {
    synchronized (recent) {
      recent.put(key, m);
    }
  }

  private WasmModule load(
      Cid bundle, Cid moduleCid, CompileOptions options, byte[] wasm, Engine engine) {
    Map<String, Object> manifest = ClassBundle.map(DagCbor.decode(block(bundle)), "manifest");
    check(manifest, "format", ClassBundle.FORMAT);
    check(manifest, "compiler", compiler);
    check(manifest, "options", options.key());
    if (!moduleCid.equals(manifest.get("module"))) {
      throw new IllegalArgumentException("it is for module " + manifest.get("module"));
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    for (Map.Entry<String, Cid> e : ClassBundle.classLinks(manifest).entrySet()) {
      classes.put(e.getKey(), block(e.getValue()));
    }
    CompiledModule compiled =
        ClassBundle.compiledModule(manifest, ModuleCompiler.parseDeclarations(wasm), classes);
    return WasmModule.fromCompiled(compiled, wasm, engine, options);
  }

  private static void check(Map<String, Object> manifest, String field, String expected) {
    Object actual = manifest.get(field);
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(
          "written with " + field + " " + actual + ", this process has " + expected);
    }
  }

  private byte[] block(Cid cid) {
    Optional<byte[]> b = blocks.get(cid);
    return b.orElseThrow(() -> new IllegalStateException("block " + cid + " is missing"));
  }

  private Cid store(CompiledModule compiled, Cid moduleCid, CompileOptions options) {
    Map<String, Cid> classCids = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : compiled.classes().entrySet()) {
      classCids.put(e.getKey(), putChecked(Multicodec.RAW, e.getValue()));
    }
    Map<String, Object> manifest =
        ClassBundle.manifest(compiled, moduleCid, compiler, options.key(), classCids);
    return putChecked(Multicodec.DAG_CBOR, DagCbor.encode(manifest));
  }

  /**
   * Stores a block, replacing a damaged copy: a store's put is a no-op when the block is present,
   * and after a corrupted entry the other blocks of the bundle may be damaged too. Reading a
   * corrupt block moves it aside (quarantine), so the put that follows writes it afresh.
   */
  private Cid putChecked(long codec, byte[] data) {
    Cid cid = Cid.of(codec, Multihash.SHA2_256, data);
    try {
      if (blocks.get(cid).isPresent()) {
        return cid;
      }
    } catch (CorruptBlockException e) {
      // quarantined by the store: write it again below
    }
    blocks.put(cid, data);
    return cid;
  }

  private static Cid readIndex(Path entry) {
    try {
      return Cid.parse(Files.readString(entry, StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable or torn index entry is a miss; the rewrite replaces it
    }
  }

  private void writeIndex(Path entry, Cid bundle) throws IOException {
    Files.createDirectories(indexDir);
    AtomicFiles.write(entry, (bundle + "\n").getBytes(StandardCharsets.UTF_8), true);
  }
}
