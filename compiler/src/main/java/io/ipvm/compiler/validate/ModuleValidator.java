package io.ipvm.compiler.validate;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.WasmEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The module-level WebAssembly <b>2.0</b> rules that Chicory's parser does not enforce.
 *
 * <p>Chicory ({@code Parser.parse}) decodes the module and type-checks function bodies, but it
 * targets WebAssembly 3.0 and skips several module-level checks. It accepts more than one memory,
 * export indices out of range, duplicate export names, imported functions of unknown type, {@code
 * global.get} of non-imported globals in constant expressions, long LEB128 encodings of the
 * reserved zero bytes of {@code memory.size}/{@code memory.grow}, and every post-2.0 encoding (GC
 * types, tail calls, exceptions, tag sections, shared or 64-bit limits, extended constant
 * expressions, ...). The compiler targets 2.0 only, so {@link #validate} rejects all of these.
 *
 * <p>How: every section is re-read from the raw bytes, because Chicory's model loses what matters
 * here. It widens encodings to their 3.0 meaning, clamps or wraps table limits, decodes export
 * names leniently, and keeps no offsets. Instructions in function bodies are the exception: they
 * are not decoded a second time. Chicory's instructions carry their absolute byte offset ({@link
 * com.dylibso.chicory.wasm.types.Instruction#address()}, an index into the module's bytes), so only
 * the few operands whose 2.0 encoding differs from 3.0 are looked at in the raw bytes.
 *
 * <p>Run it after {@code Parser.parse} succeeded, on the same bytes. Everything Chicory already
 * rejects (typing of function bodies, most index checks inside bodies, section order, ...) is left
 * to Chicory.
 */
public final class ModuleValidator {
  // Section ids of the 2.0 binary format.
  private static final int SEC_CUSTOM = 0;
  private static final int SEC_TYPE = 1;
  private static final int SEC_IMPORT = 2;
  private static final int SEC_FUNCTION = 3;
  private static final int SEC_TABLE = 4;
  private static final int SEC_MEMORY = 5;
  private static final int SEC_GLOBAL = 6;
  private static final int SEC_EXPORT = 7;
  private static final int SEC_START = 8;
  private static final int SEC_ELEMENT = 9;
  private static final int SEC_CODE = 10;
  private static final int SEC_DATA = 11;
  private static final int SEC_DATA_COUNT = 12;
  private static final int SEC_COUNT = 13;

  // The only value types of 2.0; each is a single byte there (3.0 adds multi-byte ref types).
  private static final int I32 = 0x7F;
  private static final int I64 = 0x7E;
  private static final int F32 = 0x7D;
  private static final int F64 = 0x7C;
  private static final int V128 = 0x7B;
  private static final int FUNCREF = 0x70;
  private static final int EXTERNREF = 0x6F;

  /** 2^16 pages of 64 KiB = 4 GiB, the 2.0 limit for a 32-bit memory. */
  private static final long MAX_MEMORY_PAGES = 65536;

  /** Highest sub-opcode after the 0xFC prefix in 2.0 ({@code table.fill}). */
  private static final int MAX_FC_SUBOPCODE = 17;

  private ModuleValidator() {}

  /**
   * Checks the WebAssembly 2.0 rules that Chicory's parser misses.
   *
   * @param wasmBytes the module's binary, exactly as given to {@code Parser.parse}
   * @param module what {@code Parser.parse(wasmBytes)} returned
   * @throws InvalidModuleException if the module breaks a 2.0 validation rule
   * @throws MalformedModuleException if the bytes are not a well-formed 2.0 binary
   * @throws IllegalArgumentException if {@code module} was not parsed from {@code wasmBytes}
   */
  public static void validate(byte[] wasmBytes, WasmModule module) throws InvalidModuleException {
    Objects.requireNonNull(wasmBytes, "wasmBytes");
    Objects.requireNonNull(module, "module");
    new Run(wasmBytes, module).run();
  }

  /**
   * Checks the declarations of a module whose bodies are checked one by one afterwards ({@link
   * Bodies#check}): {@code wasmBytes} is the module with every body {@code unreachable} (and so
   * {@code module} its parse), as when a plan validates bodies without holding them all.
   *
   * @throws InvalidModuleException if the declarations break a 2.0 validation rule
   * @throws MalformedModuleException if the bytes are not a well-formed 2.0 binary
   */
  public static Bodies declarations(byte[] wasmBytes, WasmModule module) {
    Objects.requireNonNull(wasmBytes, "wasmBytes");
    Objects.requireNonNull(module, "module");
    Run run = new Run(wasmBytes, module);
    run.run();
    return new Bodies(run);
  }

  /**
   * The 2.0 rules for function bodies, checked one body at a time against declarations checked
   * before ({@link #declarations}). Safe for several threads at once.
   */
  public static final class Bodies {
    private final Run run;

    private Bodies(Run run) {
      this.run = run;
    }

    /**
     * Checks one body as {@link #validate} would in the whole module. Offsets in errors are in
     * {@code bytes}, not in the module: a caller that wants them in the module validates it whole
     * once a body fails.
     *
     * @param bytes what the body was decoded from
     * @param start where the body starts in {@code bytes} (after its size field)
     * @param end where it ends
     * @param instructions the body's instructions, decoded from {@code bytes}
     * @param function the function's index (imports first)
     */
    public void check(
        byte[] bytes, int start, int end, List<AnnotatedInstruction> instructions, int function) {
      int dataCountUse = run.checkBody(bytes, start, end, instructions, function);
      if (dataCountUse >= 0 && run.dataCount < 0) {
        throw new MalformedModuleException(
            "data count section required by memory.init or data.drop", -1, function);
      }
    }
  }

  /** Whether {@code b} is one of the seven 2.0 value type bytes. */
  private static boolean isValType(int b) {
    return b == I32
        || b == I64
        || b == F32
        || b == F64
        || b == V128
        || b == FUNCREF
        || b == EXTERNREF;
  }

  private static String typeName(int b) {
    return switch (b) {
      case I32 -> "i32";
      case I64 -> "i64";
      case F32 -> "f32";
      case F64 -> "f64";
      case V128 -> "v128";
      case FUNCREF -> "funcref";
      case EXTERNREF -> "externref";
      default -> String.format("0x%02x", b);
    };
  }

  /**
   * Whether a one-byte opcode exists in 2.0. Chicory also decodes the 3.0 ones (exceptions 0x08 and
   * 0x0A, tail calls 0x12 to 0x15, try_table 0x1F, typed references 0xD3 to 0xD6), which must be
   * rejected here.
   */
  private static boolean isSingleByteOpcode20(int b) {
    return b <= 0x05
        || (b >= 0x0B && b <= 0x11)
        || (b >= 0x1A && b <= 0x1C)
        || (b >= 0x20 && b <= 0x26)
        || (b >= 0x28 && b <= 0xC4)
        || (b >= 0xD0 && b <= 0xD2);
  }

  /** A function type as its raw parameter and result type bytes. */
  private record FuncType(byte[] params, byte[] results) {
    String describe() {
      return "[" + names(params) + "] -> [" + names(results) + "]";
    }

    private static String names(byte[] types) {
      var names = new ArrayList<String>();
      for (byte t : types) {
        names.add(typeName(t & 0xFF));
      }
      return String.join(" ", names);
    }
  }

  /** A global of the index space: its value type byte and whether it is mutable. */
  private record GlobalType(int valType, boolean mutable) {}

  /** One validation run over one module; holds the index spaces as they are built. */
  private static final class Run {
    private final byte[] bytes;
    private final WasmModule module;

    /** Payload start and end (exclusive) of each known section, -1 when absent. */
    private final int[] sectionStart = new int[SEC_COUNT];

    private final int[] sectionEnd = new int[SEC_COUNT];

    private final List<FuncType> types = new ArrayList<>();

    /** Type index of every function, imported ones first (the function index space). */
    private final List<Integer> funcTypes = new ArrayList<>();

    private int importedFuncs;

    /** Element type byte of every table, imported ones first. */
    private final List<Integer> tables = new ArrayList<>();

    private int memories;
    private final List<GlobalType> globals = new ArrayList<>();

    /**
     * Only imported globals may be read by 2.0 constant expressions. This holds for global
     * initializers, element and data segments alike: the spec validates all three under a context
     * whose globals are just the imports.
     */
    private int importedGlobals;

    /**
     * The function indices that may appear in {@code ref.func} inside function bodies (C.refs in
     * the spec): those named in exports, element segments and global initializers.
     */
    private final Set<Long> declaredRefs = new HashSet<>();

    private long dataCount = -1;
    private int dataCountOffset = -1;
    private long dataSegments;

    /** Where the first memory.init or data.drop is, which needs a data count section. */
    private int firstDataCountUse = -1;

    private int firstDataCountUseFunction = -1;

    Run(byte[] bytes, WasmModule module) {
      this.bytes = bytes;
      this.module = module;
      Arrays.fill(sectionStart, -1);
      Arrays.fill(sectionEnd, -1);
    }

    void run() {
      scanSections();
      readTypes();
      readImports();
      readFunctions();
      readTables();
      readMemories();
      readGlobals();
      readExports();
      readStart();
      readElements();
      readDataCount();
      readCode();
      readData();
      checkDataCount();
    }

    // ---- sections ------------------------------------------------------------------------

    /** Finds the sections, rejects the 3.0 tag section and checks custom section names. */
    private void scanSections() {
      if (bytes.length < 8) {
        throw mismatch("the module is shorter than its header");
      }
      var r = new Reader(bytes, 8, bytes.length);
      while (!r.atEnd()) {
        int idOffset = r.pos;
        int id = r.u8();
        long size = r.u32();
        if (size > r.limit - r.pos) {
          throw new MalformedModuleException("section " + id + " is out of bounds", idOffset, -1);
        }
        int start = r.pos;
        int end = start + (int) size;
        if (id == SEC_CUSTOM) {
          // Chicory checks only the first custom section's name; 2.0 requires UTF-8 in all.
          new Reader(bytes, start, end).name("custom section name");
        } else if (id < SEC_COUNT) {
          if (sectionStart[id] >= 0) {
            throw new MalformedModuleException("duplicate section " + id, idOffset, -1);
          }
          sectionStart[id] = start;
          sectionEnd[id] = end;
        } else {
          // 13 is the tag section of the exception-handling proposal (3.0).
          throw new MalformedModuleException(
              "malformed section id " + id + " (not part of WebAssembly 2.0)", idOffset, -1);
        }
        r.pos = end;
      }
    }

    /** A reader over a section's payload, or null when the module has no such section. */
    private Reader section(int id) {
      return sectionStart[id] < 0 ? null : new Reader(bytes, sectionStart[id], sectionEnd[id]);
    }

    // ---- type, import, function, table, memory ---------------------------------------------

    private void readTypes() {
      var r = section(SEC_TYPE);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        int offset = r.pos;
        int form = r.u8();
        if (form != 0x60) {
          // 3.0 adds rec (0x4E), sub (0x50/0x4F), struct (0x5F) and array (0x5E) here.
          throw new MalformedModuleException(
              String.format(
                  "malformed function type 0x%02x in type %d (only 0x60 exists in WebAssembly 2.0)",
                  form, i),
              offset,
              -1);
        }
        byte[] params = r.valTypes("parameter of type " + i);
        byte[] results = r.valTypes("result of type " + i);
        types.add(new FuncType(params, results));
      }
      r.expectEnd("type section");
    }

    private void readImports() {
      var r = section(SEC_IMPORT);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        String moduleName = r.name("import module name");
        String fieldName = r.name("import field name");
        String what = "import " + i + " \"" + moduleName + "\" \"" + fieldName + "\"";
        int kindOffset = r.pos;
        int kind = r.u8();
        switch (kind) {
          case 0 -> {
            int offset = r.pos;
            long type = r.u32();
            if (type >= types.size()) {
              throw new InvalidModuleException("unknown type " + type + " in " + what, offset, -1);
            }
            funcTypes.add((int) type);
            importedFuncs++;
          }
          case 1 -> {
            tables.add(r.refType(what));
            readLimits(r, false, what);
          }
          case 2 -> {
            readLimits(r, true, what);
            addMemory(kindOffset, what);
          }
          case 3 -> {
            int valType = r.valType(what);
            globals.add(new GlobalType(valType, r.mutability(what)));
            importedGlobals++;
          }
          default ->
              // 4 is a tag import (exception handling, 3.0).
              throw new MalformedModuleException(
                  "malformed import kind " + kind + " in " + what, kindOffset, -1);
        }
      }
      r.expectEnd("import section");
    }

    private void readFunctions() {
      var r = section(SEC_FUNCTION);
      long count = 0;
      if (r != null) {
        count = r.u32();
        for (long i = 0; i < count; i++) {
          int offset = r.pos;
          long type = r.u32();
          if (type >= types.size()) {
            throw new InvalidModuleException(
                "unknown type " + type + " of function " + (importedFuncs + i), offset, -1);
          }
          funcTypes.add((int) type);
        }
        r.expectEnd("function section");
      }
      if (count != module.functionSection().functionCount()) {
        throw mismatch("function section");
      }
    }

    private void readTables() {
      var r = section(SEC_TABLE);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        // 3.0 also allows 0x40 0x00 here (a table with an initializer expression).
        String what = "table " + tables.size();
        tables.add(r.refType(what));
        readLimits(r, false, what);
      }
      r.expectEnd("table section");
    }

    private void readMemories() {
      var r = section(SEC_MEMORY);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        int offset = r.pos;
        String what = "memory " + memories;
        readLimits(r, true, what);
        addMemory(offset, what);
      }
      r.expectEnd("memory section");
    }

    /** Counts a memory; 2.0 allows one in all, imports included (multi-memory is 3.0). */
    private void addMemory(int offset, String what) {
      memories++;
      if (memories > 1) {
        throw new InvalidModuleException(
            "multiple memories: "
                + what
                + " is memory number "
                + memories
                + " (imports included; WebAssembly 2.0 allows one)",
            offset,
            -1);
      }
    }

    /**
     * Reads limits. Flags other than 0x00/0x01 are shared (threads) or 64-bit (memory64) limits.
     * Chicory accepts the shared ones (0x03), and it reads a table import's minimum as an int, so
     * it wraps values of 2^31 and above. That is why the limits are read again here.
     */
    private static void readLimits(Reader r, boolean memory, String what) {
      int offset = r.pos;
      int flags = r.u8();
      if (flags != 0x00 && flags != 0x01) {
        throw new MalformedModuleException(
            String.format(
                "malformed limits flags 0x%02x in %s (only 0x00 and 0x01 exist in WebAssembly 2.0)",
                flags, what),
            offset,
            -1);
      }
      long min = r.u32();
      long max = flags == 0x01 ? r.u32() : -1;
      if (memory && (min > MAX_MEMORY_PAGES || max > MAX_MEMORY_PAGES)) {
        throw new InvalidModuleException(
            "memory size must be at most 65536 pages (4GiB) in " + what, offset, -1);
      }
      if (max >= 0 && min > max) {
        throw new InvalidModuleException(
            "size minimum must not be greater than maximum in " + what, offset, -1);
      }
    }

    // ---- globals, exports, start -----------------------------------------------------------

    private void readGlobals() {
      var r = section(SEC_GLOBAL);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        String what = "global " + globals.size();
        int valType = r.valType(what);
        boolean mutable = r.mutability(what);
        constantExpression(r, valType, what);
        globals.add(new GlobalType(valType, mutable));
      }
      r.expectEnd("global section");
    }

    private void readExports() {
      var r = section(SEC_EXPORT);
      if (r == null) {
        return;
      }
      long count = r.u32();
      var names = new HashSet<String>();
      for (long i = 0; i < count; i++) {
        int nameOffset = r.pos;
        // Chicory decodes export names without checking UTF-8, replacing bad bytes by U+FFFD.
        String name = r.name("export name");
        String what = "export \"" + name + "\"";
        int kindOffset = r.pos;
        int kind = r.u8();
        int indexOffset = r.pos;
        long index = r.u32();
        switch (kind) {
          case 0 -> {
            requireIndex(index, funcTypes.size(), "function", what, indexOffset);
            declaredRefs.add(index);
          }
          case 1 -> requireIndex(index, tables.size(), "table", what, indexOffset);
          case 2 -> requireIndex(index, memories, "memory", what, indexOffset);
          case 3 -> requireIndex(index, globals.size(), "global", what, indexOffset);
          default ->
              // 4 is a tag export (exception handling, 3.0).
              throw new MalformedModuleException(
                  "malformed export kind " + kind + " in " + what, kindOffset, -1);
        }
        if (!names.add(name)) {
          // Valid UTF-8 decodes one-to-one, so equal strings mean equal names.
          throw new InvalidModuleException(
              "duplicate export name \"" + name + "\"", nameOffset, -1);
        }
      }
      r.expectEnd("export section");
    }

    private static void requireIndex(long index, int count, String space, String what, int offset) {
      if (index >= count) {
        throw new InvalidModuleException(
            "unknown " + space + " " + index + " in " + what, offset, -1);
      }
    }

    private void readStart() {
      var r = section(SEC_START);
      if (r == null) {
        return;
      }
      int offset = r.pos;
      long index = r.u32();
      requireIndex(index, funcTypes.size(), "function", "start section", offset);
      FuncType type = types.get(funcTypes.get((int) index));
      if (type.params().length != 0 || type.results().length != 0) {
        throw new InvalidModuleException(
            "start function " + index + " must have type [] -> [], it has type " + type.describe(),
            offset,
            -1);
      }
      r.expectEnd("start section");
    }

    // ---- element and data segments ---------------------------------------------------------

    private void readElements() {
      var r = section(SEC_ELEMENT);
      if (r == null) {
        return;
      }
      long count = r.u32();
      for (long i = 0; i < count; i++) {
        String what = "element segment " + i;
        int flagsOffset = r.pos;
        long flags = r.u32();
        if (flags > 7) {
          throw new MalformedModuleException(
              "malformed elements segment kind " + flags + " in " + what, flagsOffset, -1);
        }
        // Bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
        // bit 2: the items are expressions rather than function indices.
        boolean active = (flags & 1) == 0;
        boolean expressions = (flags & 4) != 0;
        long table = 0;
        int tableOffset = flagsOffset;
        if (active) {
          if ((flags & 2) != 0) {
            tableOffset = r.pos;
            table = r.u32();
          }
          requireIndex(table, tables.size(), "table", what, tableOffset);
          constantExpression(r, I32, "offset of " + what);
        }
        int elemType;
        if (flags == 0 || flags == 4) {
          elemType = FUNCREF; // the legacy MVP forms: implicitly funcref
        } else if (expressions) {
          elemType = r.refType(what);
        } else {
          int kindOffset = r.pos;
          int elemKind = r.u8();
          if (elemKind != 0x00) {
            throw new MalformedModuleException(
                String.format("malformed element kind 0x%02x in %s", elemKind, what),
                kindOffset,
                -1);
          }
          elemType = FUNCREF;
        }
        long items = r.u32();
        for (long j = 0; j < items; j++) {
          if (expressions) {
            constantExpression(r, elemType, what + " item " + j);
          } else {
            int offset = r.pos;
            long func = r.u32();
            requireIndex(func, funcTypes.size(), "function", what, offset);
            declaredRefs.add(func);
          }
        }
        if (active && tables.get((int) table) != elemType) {
          throw new InvalidModuleException(
              "type mismatch in "
                  + what
                  + ": elements of type "
                  + typeName(elemType)
                  + " for table "
                  + table
                  + " of type "
                  + typeName(tables.get((int) table)),
              flagsOffset,
              -1);
        }
      }
      r.expectEnd("element section");
    }

    private void readDataCount() {
      var r = section(SEC_DATA_COUNT);
      if (r == null) {
        return;
      }
      dataCountOffset = r.pos;
      dataCount = r.u32();
      r.expectEnd("data count section");
    }

    private void readData() {
      var r = section(SEC_DATA);
      if (r == null) {
        return;
      }
      dataSegments = r.u32();
      for (long i = 0; i < dataSegments; i++) {
        String what = "data segment " + i;
        int modeOffset = r.pos;
        long mode = r.u32();
        if (mode == 0 || mode == 2) {
          long memory = 0;
          int memoryOffset = modeOffset;
          if (mode == 2) {
            memoryOffset = r.pos;
            memory = r.u32();
          }
          requireIndex(memory, memories, "memory", what, memoryOffset);
          constantExpression(r, I32, what);
        } else if (mode != 1) {
          throw new MalformedModuleException(
              "malformed data segment kind " + mode + " in " + what, modeOffset, -1);
        }
        long length = r.u32();
        r.skip(length, what);
      }
      r.expectEnd("data section");
    }

    private void checkDataCount() {
      if (dataCount >= 0 && dataCount != dataSegments) {
        throw new MalformedModuleException(
            "data count and data section have inconsistent lengths: data count "
                + dataCount
                + ", data segments "
                + dataSegments,
            dataCountOffset,
            -1);
      }
      if (dataCount < 0 && firstDataCountUse >= 0) {
        throw new MalformedModuleException(
            "data count section required by memory.init or data.drop",
            firstDataCountUse,
            firstDataCountUseFunction);
      }
    }

    /**
     * Checks a 2.0 constant expression and moves past its {@code end}. 2.0 has no extended
     * constants, so the only constant instructions are t.const, ref.null, ref.func and global.get
     * of an imported immutable global, and a valid expression is exactly one of them.
     */
    private void constantExpression(Reader r, int expected, String what) {
      int count = 0;
      int type = -1;
      while (true) {
        int offset = r.pos;
        int op = r.u8();
        if (op == 0x0B) {
          if (count == 0) {
            throw new InvalidModuleException(
                "type mismatch in "
                    + what
                    + ": empty constant expression, expected "
                    + typeName(expected),
                offset,
                -1);
          }
          break;
        }
        switch (op) {
          case 0x41 -> {
            r.skipLeb(5);
            type = I32;
          }
          case 0x42 -> {
            r.skipLeb(10);
            type = I64;
          }
          case 0x43 -> {
            r.skip(4, what);
            type = F32;
          }
          case 0x44 -> {
            r.skip(8, what);
            type = F64;
          }
          case 0xD0 -> type = r.refType(what);
          case 0xD2 -> {
            long func = r.u32();
            requireIndex(func, funcTypes.size(), "function", what, offset);
            declaredRefs.add(func);
            type = FUNCREF;
          }
          case 0x23 -> {
            long global = r.u32();
            if (global >= importedGlobals) {
              throw new InvalidModuleException(
                  "unknown global "
                      + global
                      + " in "
                      + what
                      + " (constant expressions may only read imported globals, there are "
                      + importedGlobals
                      + ")",
                  offset,
                  -1);
            }
            GlobalType g = globals.get((int) global);
            if (g.mutable()) {
              throw new InvalidModuleException(
                  "constant expression required in " + what + ": global " + global + " is mutable",
                  offset,
                  -1);
            }
            type = g.valType();
          }
          case 0xFD -> {
            long sub = r.u32();
            if (sub != 12) { // v128.const
              throw new InvalidModuleException(
                  "constant expression required in " + what + ": opcode 0xfd " + sub, offset, -1);
            }
            r.skip(16, what);
            type = V128;
          }
          default ->
              throw new InvalidModuleException(
                  String.format("constant expression required in %s: opcode 0x%02x", what, op),
                  offset,
                  -1);
        }
        count++;
        if (count > 1) {
          throw new InvalidModuleException(
              "type mismatch in " + what + ": constant expression leaves more than one value",
              offset,
              -1);
        }
      }
      if (type != expected) {
        throw new InvalidModuleException(
            "type mismatch in "
                + what
                + ": expected "
                + typeName(expected)
                + ", constant expression has type "
                + typeName(type),
            r.pos - 1,
            -1);
      }
    }

    // ---- code --------------------------------------------------------------------------------

    private void readCode() {
      var r = section(SEC_CODE);
      long count = r == null ? 0 : r.u32();
      int defined = funcTypes.size() - importedFuncs;
      if (count != defined) {
        throw new MalformedModuleException(
            "function and code section have inconsistent lengths: "
                + defined
                + " functions, "
                + count
                + " bodies",
            r == null ? -1 : sectionStart[SEC_CODE],
            -1);
      }
      if (count != module.codeSection().functionBodyCount()) {
        throw mismatch("code section");
      }
      for (int i = 0; i < count; i++) {
        int function = importedFuncs + i;
        long size = r.u32();
        if (size > r.limit - r.pos) {
          throw new MalformedModuleException("function body out of bounds", r.pos, function);
        }
        int bodyEnd = r.pos + (int) size;
        var instructions = module.codeSection().getFunctionBody(i).instructions();
        int dataCountUse = checkBody(bytes, r.pos, bodyEnd, instructions, function);
        if (dataCountUse >= 0) {
          noteDataCountUse(dataCountUse, function);
        }
        r.pos = bodyEnd;
      }
      if (r != null) {
        r.expectEnd("code section");
      }
    }

    /**
     * Checks one body, at [start, end) of {@code src}, its instructions decoded from there; returns
     * the address of its first memory.init or data.drop (which need a data count section), or -1.
     * Reads only what {@link #run} set, so several threads may check bodies at once.
     */
    private int checkBody(
        byte[] src, int start, int end, List<AnnotatedInstruction> instructions, int function) {
      int bodyEnd = end;
      var body = new Reader(src, start, bodyEnd);
      long groups = body.u32();
      long locals = 0;
      for (long g = 0; g < groups; g++) {
        int offset = body.pos;
        locals += body.u32();
        if (locals > 0xFFFF_FFFFL) {
          throw new MalformedModuleException("too many locals", offset, function);
        }
        int valType = body.u8();
        if (!isValType(valType)) {
          throw new MalformedModuleException(
              String.format("malformed value type 0x%02x of a local", valType),
              body.pos - 1,
              function);
        }
      }
      int dataCountUse = -1;
      for (AnnotatedInstruction instruction : instructions) {
        if (checkInstruction(src, instruction, body.pos, bodyEnd, function) && dataCountUse < 0) {
          dataCountUse = instruction.address();
        }
      }
      return dataCountUse;
    }

    /**
     * Checks the encodings where 2.0 and Chicory's 3.0 decoder differ. Chicory reads the reserved
     * bytes of the memory instructions as LEB128 memory indices, ref.null's type as a heap type,
     * and block and select types as 3.0 value types. It also decodes post-2.0 opcodes. Returns
     * whether the instruction needs a data count section (memory.init, data.drop).
     */
    private boolean checkInstruction(
        byte[] src, AnnotatedInstruction instruction, int bodyStart, int bodyEnd, int function) {
      int address = instruction.address();
      OpCode op = instruction.opcode();
      if (address < bodyStart || address >= bodyEnd) {
        throw mismatch("instruction " + op + " of function " + function);
      }
      var r = new Reader(src, address, bodyEnd);
      r.function = function;
      int first = r.u8();
      if (first >= 0xFB && first <= 0xFE) {
        long sub = r.u32();
        // 0xFB is GC and 0xFE is threads (3.0). Sub-opcodes above 0xFF also matter: Chicory
        // computes (prefix << 8) + sub, so an overlong sub-opcode could alias another prefix.
        boolean known =
            (first == 0xFC && sub <= MAX_FC_SUBOPCODE) || (first == 0xFD && sub <= 0xFF);
        if (!known) {
          throw new MalformedModuleException(
              String.format("illegal opcode 0x%02x %d (not part of WebAssembly 2.0)", first, sub),
              address,
              function);
        }
        if (((first << 8) | sub) != op.opcode()) {
          throw mismatch("instruction " + op + " of function " + function);
        }
      } else {
        if (first != op.opcode()) {
          throw mismatch("instruction " + op + " of function " + function);
        }
        if (!isSingleByteOpcode20(first)) {
          throw new MalformedModuleException(
              String.format("illegal opcode 0x%02x (not part of WebAssembly 2.0)", first),
              address,
              function);
        }
      }
      switch (op) {
        case BLOCK, LOOP, IF -> blockType(r);
        case SELECT_T -> r.valTypes("select type");
        case REF_NULL -> r.refType("ref.null");
        case REF_FUNC -> {
          long func = r.u32();
          // Out of range is Chicory's "unknown function"; 2.0 also requires the index to be
          // declared outside function bodies (exports, element segments, global initializers).
          if (func < funcTypes.size() && !declaredRefs.contains(func)) {
            throw new InvalidModuleException(
                "undeclared function reference " + func, address, function);
          }
        }
        // In 2.0 these carry reserved 0x00 bytes, not memory indices: one byte, exactly zero.
        case MEMORY_SIZE, MEMORY_GROW, MEMORY_FILL -> r.zeroByte();
        case MEMORY_COPY -> {
          r.zeroByte();
          r.zeroByte();
        }
        case MEMORY_INIT -> {
          r.u32();
          r.zeroByte();
          return true;
        }
        case DATA_DROP -> {
          return true;
        }
        default -> {
          List<WasmEncoding> signature = OpCode.signature(op);
          if (!signature.isEmpty() && signature.get(0) == WasmEncoding.MEMARG) {
            int offset = r.pos;
            long flags = r.u32();
            // Chicory takes bit 6 as "a memory index follows" (multi-memory) and keeps only the
            // low 6 bits as the alignment exponent. The 2.0 suite (align.wast) wants exponents of
            // 32 and above to be malformed; below that, Chicory's natural-alignment check applies.
            if (flags >= 32) {
              throw new MalformedModuleException(
                  "malformed memop flags 0x" + Long.toHexString(flags), offset, function);
            }
          }
        }
      }
      return false;
    }

    private void noteDataCountUse(int address, int function) {
      if (firstDataCountUse < 0) {
        firstDataCountUse = address;
        firstDataCountUseFunction = function;
      }
    }

    /**
     * A 2.0 block type is 0x40 (no result), one value type byte, or a non-negative s33 type index.
     * Chicory reads the index as unsigned and also accepts 3.0 reference types.
     */
    private void blockType(Reader r) {
      int offset = r.pos;
      int b = r.peek();
      if (b == 0x40 || isValType(b)) {
        r.pos++;
        return;
      }
      long index = r.s33();
      if (index < 0) {
        throw new MalformedModuleException(
            String.format("malformed block type 0x%02x", b), offset, r.function);
      }
      if (index >= types.size()) {
        throw new InvalidModuleException(
            "unknown type " + index + " in block type", offset, r.function);
      }
    }

    private static IllegalArgumentException mismatch(String where) {
      return new IllegalArgumentException(
          "the module was not parsed from these bytes (" + where + " differs)");
    }
  }

  /**
   * A cursor over part of the module's bytes. It throws {@link MalformedModuleException} rather
   * than running past its limit, so a short or truncated section cannot escape as an {@code
   * ArrayIndexOutOfBoundsException}.
   */
  private static final class Reader {
    private final byte[] bytes;
    private final int limit;
    private int pos;

    /** Function whose body is being read, for error locations; -1 outside code. */
    private int function = -1;

    Reader(byte[] bytes, int pos, int limit) {
      this.bytes = bytes;
      this.pos = pos;
      this.limit = limit;
    }

    boolean atEnd() {
      return pos >= limit;
    }

    int peek() {
      if (pos >= limit) {
        throw new MalformedModuleException("unexpected end", pos, function);
      }
      return bytes[pos] & 0xFF;
    }

    int u8() {
      int b = peek();
      pos++;
      return b;
    }

    /** An unsigned LEB128 u32, as strictly as the spec reads it. */
    long u32() {
      int start = pos;
      long result = 0;
      for (int i = 0; i < 5; i++) {
        int b = u8();
        if (i == 4 && (b & 0x70) != 0) {
          throw new MalformedModuleException("integer too large", start, function);
        }
        result |= (long) (b & 0x7F) << (7 * i);
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new MalformedModuleException("integer representation too long", start, function);
    }

    /** A signed LEB128 s33 (block type index); Chicory already bounds its length. */
    long s33() {
      int start = pos;
      long result = 0;
      int shift = 0;
      for (int i = 0; i < 5; i++) {
        int b = u8();
        result |= (long) (b & 0x7F) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          if ((b & 0x40) != 0) {
            result |= -1L << shift; // sign-extend
          }
          return result;
        }
      }
      throw new MalformedModuleException("integer representation too long", start, function);
    }

    /**
     * Skips a LEB128 number of at most {@code maxBytes} bytes (its value was checked by Chicory).
     */
    void skipLeb(int maxBytes) {
      int start = pos;
      for (int i = 0; i < maxBytes; i++) {
        if ((u8() & 0x80) == 0) {
          return;
        }
      }
      throw new MalformedModuleException("integer representation too long", start, function);
    }

    void skip(long count, String what) {
      if (count > limit - pos) {
        throw new MalformedModuleException("unexpected end of " + what, pos, function);
      }
      pos += (int) count;
    }

    void expectEnd(String what) {
      if (pos != limit) {
        throw new MalformedModuleException("section size mismatch in " + what, pos, function);
      }
    }

    /** A name: a length-prefixed byte string that must be valid UTF-8. */
    String name(String what) {
      int start = pos;
      long length = u32();
      skip(length, what);
      try {
        // The JDK decoder rejects overlong forms, surrogates and code points above U+10FFFF,
        // which is what the spec's UTF-8 rules reject too.
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, pos - (int) length, (int) length))
            .toString();
      } catch (CharacterCodingException e) {
        throw new MalformedModuleException("malformed UTF-8 encoding of " + what, start, function);
      }
    }

    int valType(String what) {
      int offset = pos;
      int b = u8();
      if (!isValType(b)) {
        // 0x63/0x64 (typed references) and the GC heap types are 3.0.
        throw new MalformedModuleException(
            String.format("malformed value type 0x%02x in %s", b, what), offset, function);
      }
      return b;
    }

    byte[] valTypes(String what) {
      long count = u32();
      if (count > limit - pos) {
        throw new MalformedModuleException("unexpected end of " + what, pos, function);
      }
      byte[] result = new byte[(int) count];
      for (int i = 0; i < count; i++) {
        result[i] = (byte) valType(what);
      }
      return result;
    }

    int refType(String what) {
      int offset = pos;
      int b = u8();
      if (b != FUNCREF && b != EXTERNREF) {
        throw new MalformedModuleException(
            String.format("malformed reference type 0x%02x in %s", b, what), offset, function);
      }
      return b;
    }

    boolean mutability(String what) {
      int offset = pos;
      int b = u8();
      if (b > 1) {
        throw new MalformedModuleException(
            String.format("malformed mutability 0x%02x in %s", b, what), offset, function);
      }
      return b == 1;
    }

    /** A reserved byte of 2.0: exactly 0x00, so a long LEB128 zero such as 0x80 0x00 fails. */
    void zeroByte() {
      int offset = pos;
      if (u8() != 0x00) {
        throw new MalformedModuleException("zero byte expected", offset, function);
      }
    }
  }
}
