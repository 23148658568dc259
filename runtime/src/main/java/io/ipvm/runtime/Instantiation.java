package io.ipvm.runtime;

import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.DeclarativeElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.TableImport;
import io.ipvm.compiler.CompiledFunction;
import io.ipvm.compiler.CompiledModule;
import io.ipvm.compiler.GlobalPlan;
import io.ipvm.compiler.ModuleCompiler;
import io.ipvm.runtime.internal.Context;
import io.ipvm.runtime.internal.Ops;
import io.ipvm.wasm.FunctionType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The steps of instantiating one module (WebAssembly 2.0, section 4.5.4). */
final class Instantiation {
  private final WasmModule module;
  private final CompiledModule compiled;
  private final com.dylibso.chicory.wasm.WasmModule wasm;
  private final Imports imports;
  private final Limits limits;

  Instantiation(WasmModule module, Imports imports, Limits limits) {
    this.module = module;
    this.limits = limits;
    this.compiled = module.compiled();
    this.wasm = compiled.module();
    this.imports = imports;
  }

  Instance run() {
    Class<?> ctxClass;
    Context ctx;
    try {
      ctxClass = Class.forName(compiled.contextClass(), true, module.loader());
      ctx = (Context) ctxClass.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load generated context class", e);
    }
    int functionCount = compiled.functionTypes().size();
    int globalCount = compiled.globals().size();
    ctx.functions = new WasmFunction[functionCount];
    ctx.imports = new MethodHandle[compiled.importedFunctions()];
    ctx.globals = new Global[globalCount];
    int tableCount =
        wasm.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.TABLE)
            + wasm.tableSection().tableCount();
    ctx.tables = new Table[tableCount];

    // 1. Imports, in order.
    int fi = 0;
    int ti = 0;
    int gi = 0;
    for (int i = 0; i < wasm.importSection().importCount(); i++) {
      Import imp = wasm.importSection().getImport(i);
      Object value = imports.get(imp.module(), imp.name());
      if (value == null) {
        throw new ModuleException.Unlinkable(
            "unknown import: "
                + imp.module()
                + "."
                + imp.name()
                + " ("
                + imp.importType().toString().toLowerCase(java.util.Locale.ROOT)
                + ") is not provided");
      }
      switch (imp.importType()) {
        case FUNCTION -> {
          FunctionType ft = compiled.functionTypes().get(fi);
          WasmModule.checkFunction(imp, ft, value);
          WasmFunction f = (WasmFunction) value;
          ctx.functions[fi] = f;
          ctx.imports[fi] = f.handleFrom(ctx);
          fi++;
        }
        case TABLE -> {
          TableImport t = (TableImport) imp;
          WasmModule.checkTable(t, ModuleCompiler.valType(t.entryType()), value);
          ctx.tables[ti++] = (Table) value;
        }
        case MEMORY -> {
          WasmModule.checkMemory((MemoryImport) imp, value);
          ctx.memory = (Memory) value;
        }
        case GLOBAL -> {
          GlobalImport g = (GlobalImport) imp;
          WasmModule.checkGlobal(g, compiled.globals().get(gi).type(), value);
          ctx.globals[gi++] = (Global) value;
        }
        default -> throw new ModuleException.Unlinkable("unsupported import kind " + imp);
      }
    }

    // 2. Defined functions (handles are made lazily, on first call).
    if (module.isLazy()) {
      // Nothing is compiled yet: the handles call through the function's lazy call site.
      for (int i = compiled.importedFunctions(); i < compiled.functionTypes().size(); i++) {
        Context c = ctx;
        int index = i;
        ctx.functions[i] =
            new WasmFunction(compiled.functionTypes().get(i), () -> lazyHandle(index, c), c, index);
      }
    }
    for (CompiledFunction cf : compiled.functions()) {
      Context c = ctx;
      ctx.functions[cf.index()] = new WasmFunction(cf.type(), () -> resolve(cf, c), c, cf.index());
    }

    // 3. Memory and tables.
    if (wasm.memorySection().isPresent() && wasm.memorySection().get().memoryCount() > 0) {
      MemoryLimits l = wasm.memorySection().get().getMemory(0).limits();
      if (Integer.toUnsignedLong(l.initialPages()) > limits.memoryPages()) {
        throw new ModuleException.LimitExceeded(
            "the module's memory of "
                + Integer.toUnsignedLong(l.initialPages()) * Memory.PAGE_SIZE
                + " bytes exceeds the memory limit of "
                + limits.memoryBytes()
                + " bytes");
      }
      try {
        // Code compiled for a memory it never grows relies on the array's length as the bound.
        ctx.memory =
            compiled.exactMemory()
                ? Memory.createExact(l.initialPages(), l.maximumPages())
                : Memory.create(l.initialPages(), l.maximumPages());
      } catch (IllegalArgumentException e) {
        throw new ModuleException(e.getMessage(), e);
      }
      ctx.memory.limitTo(limits.memoryPages());
    }
    for (int i = 0; i < wasm.tableSection().tableCount(); i++) {
      var t = wasm.tableSection().getTable(i);
      long max =
          t.limits().max() == com.dylibso.chicory.wasm.types.TableLimits.LIMIT_MAX
              ? -1
              : t.limits().max();
      try {
        ctx.tables[ti++] =
            Table.create(ModuleCompiler.valType(t.elementType()), t.limits().min(), max, null);
      } catch (IllegalArgumentException e) {
        throw new ModuleException(e.getMessage(), e);
      }
    }

    // 4. Globals defined here.
    int importedGlobals = gi;
    var own = wasm.globalSection().globals();
    for (int i = 0; i < own.length; i++) {
      int index = importedGlobals + i;
      GlobalPlan plan = compiled.globals().get(index);
      Object value = evaluate(own[i].initInstructions(), ctx);
      switch (plan.kind()) {
        case CONSTANT -> ctx.globals[index] = new Global(plan.type(), false, value);
        case CELL -> ctx.globals[index] = new Global(plan.type(), true, value);
        case FIELD -> {
          setField(ctxClass, ctx, plan, value);
          // Keep a read-only view for exports of immutable globals.
          ctx.globals[index] = plan.mutable() ? null : new Global(plan.type(), false, value);
        }
      }
    }

    // 5. Segments as the instance holds them (passive ones are used by memory.init/table.init).
    Element[] elems = wasm.elementSection().elements();
    ctx.elements = new Object[elems.length][];
    for (int i = 0; i < elems.length; i++) {
      List<List<Instruction>> inits = elems[i].initializers();
      Object[] values = new Object[inits.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = evaluate(inits.get(k), ctx);
      }
      ctx.elements[i] = values;
    }
    DataSegment[] data = wasm.dataSection().dataSegments();
    ctx.data = new byte[data.length][];
    for (int i = 0; i < data.length; i++) {
      ctx.data[i] = data[i].data();
    }

    Instance instance = new Instance(module, ctx, exports(ctx), limits);
    ctx.instance = instance;

    // 6. Active and declarative element segments, then active data segments.
    try {
      for (int i = 0; i < elems.length; i++) {
        if (elems[i] instanceof ActiveElement a) {
          int offset = (Integer) evaluate(a.offset(), ctx);
          Ops.tableInit(offset, 0, elems[i].initializers().size(), ctx, i, a.tableIndex());
          Ops.elemDrop(ctx, i);
        } else if (elems[i] instanceof DeclarativeElement) {
          Ops.elemDrop(ctx, i);
        }
      }
      for (int i = 0; i < data.length; i++) {
        if (data[i] instanceof ActiveDataSegment a) {
          int offset = (Integer) evaluate(a.offsetInstructions(), ctx);
          if (ctx.memory == null) {
            throw new WasmTrap(TrapKind.MEMORY_OUT_OF_BOUNDS);
          }
          Ops.memoryInit(offset, 0, data[i].data().length, ctx, i);
          Ops.dataDrop(ctx, i);
        }
      }
    } catch (WasmTrap t) {
      throw t;
    }

    // 7. Start function, under the limits.
    limits.attach(ctx);
    wasm.startSection().ifPresent(s -> ctx.functions[(int) s.startIndex()].call());
    return instance;
  }

  private Map<String, Object> exports(Context ctx) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < wasm.exportSection().exportCount(); i++) {
      Export e = wasm.exportSection().getExport(i);
      Object v =
          switch (e.exportType()) {
            case FUNCTION -> ctx.functions[e.index()];
            case TABLE -> ctx.tables[e.index()];
            case MEMORY -> ctx.memory;
            case GLOBAL -> ctx.globals[e.index()];
            default -> null;
          };
      out.put(e.name(), v);
    }
    return out;
  }

  /**
   * The handle of function {@code cf} bound to this instance: for relinkable code, through the
   * function's call site (so a recompiled function is used by exports, tables and importers too);
   * otherwise the method itself.
   */
  private MethodHandle lazyHandle(int index, Context ctx) {
    MethodHandle mh = module.linkage().invoker(index);
    return MethodHandles.insertArguments(mh, mh.type().parameterCount() - 1, ctx);
  }

  private MethodHandle resolve(CompiledFunction cf, Context ctx) {
    if (module.relinkable()) {
      MethodHandle mh = module.linkage().invoker(cf.index());
      return MethodHandles.insertArguments(mh, mh.type().parameterCount() - 1, ctx);
    }
    try {
      Class<?> owner = Class.forName(cf.owner(), true, module.loader());
      MethodType mt = MethodType.fromMethodDescriptorString(cf.descriptor(), module.loader());
      MethodHandle mh = MethodHandles.publicLookup().findStatic(owner, cf.method(), mt);
      return MethodHandles.insertArguments(mh, mt.parameterCount() - 1, ctx);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot link generated function " + cf, e);
    }
  }

  private static void setField(Class<?> ctxClass, Context ctx, GlobalPlan plan, Object value) {
    try {
      var f = ctxClass.getField(plan.field());
      switch (plan.type()) {
        case I32 -> f.setInt(ctx, (Integer) value);
        case I64 -> f.setLong(ctx, (Long) value);
        case F32 -> f.setFloat(ctx, (Float) value);
        case F64 -> f.setDouble(ctx, (Double) value);
        default -> f.set(ctx, value);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot initialize global " + plan, e);
    }
  }

  /** Evaluates a WebAssembly 2.0 constant expression. */
  private Object evaluate(List<Instruction> expr, Context ctx) {
    Instruction ins = expr.get(0);
    return switch (ins.opcode()) {
      case I32_CONST -> (int) ins.operand(0);
      case I64_CONST -> ins.operand(0);
      case F32_CONST -> Float.intBitsToFloat((int) ins.operand(0));
      case F64_CONST -> Double.longBitsToDouble(ins.operand(0));
      case REF_NULL -> null;
      case REF_FUNC -> ctx.functions[(int) ins.operand(0)];
      case GLOBAL_GET -> {
        Global g = ctx.globals[(int) ins.operand(0)];
        yield g.get();
      }
      default ->
          throw new ModuleException.Invalid(
              "constant expression " + ins.opcode() + " is not supported", null, -1, -1);
    };
  }
}
