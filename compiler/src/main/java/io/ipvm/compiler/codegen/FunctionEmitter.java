package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.GlobalPlan;
import io.ipvm.compiler.abi.Builtin;
import io.ipvm.compiler.abi.Calls;
import io.ipvm.compiler.abi.RuntimeField;
import io.ipvm.compiler.ir.BlockNode;
import io.ipvm.compiler.ir.Comparisons;
import io.ipvm.compiler.ir.FuelNode;
import io.ipvm.compiler.ir.Node;
import io.ipvm.compiler.ir.OpNode;
import io.ipvm.compiler.ir.SizeEstimator;
import io.ipvm.compiler.lower.HelperCall;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.tree.MethodNode;

/**
 * Emits one Wasm function as JVM bytecode: a static method {@code f<index>(params..., Ctx)} and,
 * when the body is too big for HotSpot's JIT (over {@link #BUDGET} estimated bytes), outlined
 * "chunk" methods.
 *
 * <p>Two modes:
 *
 * <ul>
 *   <li><b>Register mode</b> (every function that fits the budget): Wasm locals are JVM locals, the
 *       Wasm operand stack is the JVM operand stack. This is what C2 optimizes best.
 *   <li><b>Frame mode</b> (split functions, or functions with more locals than JVM slots allow):
 *       Wasm locals live in a {@code long[]} (numbers, as raw bits) and an {@code Object[]}
 *       (references) allocated once per call, so outlined chunks share them without copying. A
 *       chunk is a contiguous run of nodes of one block (often a single nested block/loop/if). It
 *       receives the operand-stack values of its block through the frame, runs, leaves its results
 *       there, and returns an exit code: 0 for falling off its end, or {@code 1 + depth} of the
 *       enclosing label it branches to (depth 0 is the function itself, i.e. {@code return}). The
 *       caller switches on the code and continues the branch in its own code.
 * </ul>
 *
 * See compiler/README.md for the instruction-by-instruction lowering.
 */
public final class FunctionEmitter {
  /** Largest estimated bytecode size of one generated method (HotSpot skips methods over 8000). */
  public static final int BUDGET = 7000;

  /** Bytecode bytes a register-mode method may have (HotSpot compiles up to 8,000). */
  static final int REGISTER_MODE_LIMIT = 7900;

  /** Split functions with more locals than this keep them in the frame array only. */
  private static final int MAX_CACHED_LOCALS = 128;

  /** JVM local slots above which a function goes to frame mode. */
  private static final int MAX_REGISTER_SLOTS = 30_000;

  private static final String OBJ = "java/lang/Object";
  private static final String CHUNK_DESC_PREFIX = "([J[Ljava/lang/Object;";

  private final ModuleInfo mod;
  private final ClassContext cls;
  private final int funcIndex;
  private final FunctionType type;
  private final List<ValType> locals; // params then declared locals
  private final BlockNode body;
  private boolean frameMode;

  /**
   * Whether the function's top-level loop nests each get a method of their own (see {@link
   * #outlinesLoopNests}); implies frame mode.
   */
  private boolean outlineLoops;

  /**
   * Bytecode bytes of one method when huge methods are allowed: the rule, and why, is {@link
   * io.ipvm.compiler.JitLimits#HUGE_METHOD_MAX_BYTES}.
   */
  static final int HUGE_METHOD_LIMIT = io.ipvm.compiler.JitLimits.HUGE_METHOD_MAX_BYTES;

  private boolean hugeMethod;

  /**
   * Most operand-stack values seen at the start of a node in the method being emitted: a method
   * with all of them on its JVM stack needs up to twice as many slots (i64/f64 take two).
   */
  private int maxStackValues;

  /** The JVM's limit on a method's operand stack, in slots. */
  private static final int MAX_STACK_SLOTS = 65_535;

  /** Slots an instruction may push beyond the values at the start of its node (a call's args). */
  private static final int STACK_MARGIN = 600;

  /** Functions at least this big (estimate) with several loop nests get them outlined. */
  static final int OUTLINE_MIN_SIZE = 2500;

  /** A top-level node at least this big (estimate) that contains a loop is outlined. */
  static final int OUTLINE_NEST_MIN_SIZE = 400;

  private boolean cacheLocals;
  private final Map<String, String> ladderTables = new java.util.HashMap<>();
  private final boolean frameRequired;
  private final java.util.IdentityHashMap<Node, java.util.BitSet[]> localUse =
      new java.util.IdentityHashMap<>();
  private final boolean usesMemory;
  private final boolean usesReferences;
  private final int transferBase; // first frame slot used to pass stack values
  private int maxTransfer;
  private int chunkCount;
  private String frameSizeField;

  /**
   * @param mod module-level facts
   * @param cls the class receiving the methods
   * @param funcIndex Wasm function index
   * @param declaredLocals the function's declared (non-parameter) locals
   * @param body the structured body
   * @param usesMemory whether the body accesses linear memory
   * @param usesReferences whether any value in the body may be a reference (decides whether a
   *     frame-mode function needs its Object[] frame)
   */
  public FunctionEmitter(
      ModuleInfo mod,
      ClassContext cls,
      int funcIndex,
      List<ValType> declaredLocals,
      BlockNode body,
      boolean usesMemory,
      boolean usesReferences) {
    this.mod = mod;
    this.cls = cls;
    this.funcIndex = funcIndex;
    this.type = mod.functionTypes().get(funcIndex);
    List<ValType> all = new ArrayList<>(type.params());
    all.addAll(declaredLocals);
    this.locals = all;
    this.body = body;
    int slots = 0;
    for (ValType t : all) {
      slots += t.slots();
    }
    // Wide signatures go to frame mode too: their boxed arguments unpack into the frame in one
    // call.
    this.frameRequired = slots > MAX_REGISTER_SLOTS || Descriptors.isWide(type);
    this.frameMode = body.estimatedSize() > BUDGET || frameRequired;
    this.cacheLocals = frameMode && all.size() <= MAX_CACHED_LOCALS && !Descriptors.isWide(type);
    this.usesMemory = usesMemory && mod.hasMemory();
    this.usesReferences = usesReferences;
    this.transferBase = all.size();
  }

  /**
   * Emits the function's method(s) into the class: {@code f<N>}, or with an entry check ({@link
   * #withEntryCheck}) the code as {@code f<N>$body} and the entry {@code f<N>} in front of it.
   */
  public void emit() {
    String name = ModuleInfo.methodName(funcIndex);
    if (entryCheck) {
      emitMethods(name + "$body");
      cls.addEntryCheck(funcIndex, type);
    } else {
      emitMethods(name);
    }
  }

  private void emitMethods(String name) {
    if (hugeMethod
        || (frameMode
            && !frameRequired
            && !outlineLoops
            && splitBudget == BUDGET
            && body.estimatedSize() <= 3 * BUDGET)) {
      // Estimates are approximate: try the fast register-mode form first and keep it if it
      // really fits — in 7,900 bytes, or in HUGE_METHOD_LIMIT when huge methods are allowed
      // (withHugeMethods; the cap is JitLimits.HUGE_METHOD_MAX_BYTES, well below the JVM's
      // 65,535: HotSpot compiles bigger methods too badly); a function that does not fit is split.
      // So is one whose operand stack
      // could outgrow the JVM's 65,535 slots (split, deep stacks live in the frame).
      frameMode = false;
      MethodNode attempt =
          new MethodNode(ACC_PUBLIC | ACC_STATIC, name, mod.methodDesc(type), null, null);
      M m = new M(attempt, false);
      m.prologueMain();
      m.emitFunctionBody();
      attempt.visitMaxs(0, 0);
      attempt.visitEnd();
      if (CodeSize.of(attempt) <= (hugeMethod ? HUGE_METHOD_LIMIT : REGISTER_MODE_LIMIT)
          && 2L * maxStackValues + STACK_MARGIN <= MAX_STACK_SLOTS) {
        cls.addMethod(attempt);
        return;
      }
      frameMode = true;
      localUse.clear();
    }
    // A function split around a ladder (an interpreter's dispatch loop, its cases in group
    // methods) keeps its locals in the frame instead of caching them in each method's JVM locals:
    // cached, every dispatch wrote the locals its group uses to the frame and read back those it
    // may change, and the group's method read them all again on entry — dozens of locals per
    // interpreted instruction. In the frame, C2 keeps a value in a register within a method and
    // only the stores remain. Steady state, ms per run: QuickJS fib 1,377 -> 749, SQLite 2,720 ->
    // 1,941, Lua 1,651 -> 1,214 (jmh-benchmarks/RESULTS.md, "Locals of split interpreters"). Not
    // for every split function: bzip2's split loops run faster with their locals cached.
    if (frameMode && cacheLocals && laddersAllowed && containsLadder(body, scaled(BUDGET - 100))) {
      cacheLocals = false;
    }
    // Split: plan with budgets scaled up (estimates are about three times the real size), check
    // the real sizes, and fall back to the unscaled (guaranteed) plan if any method is too big.
    frameSizeField = frameMode ? "FRAME$" + funcIndex : null;
    for (double scale : SPLIT_SCALES) {
      budgetScale = scale;
      chunkCount = 0;
      maxTransfer = 0;
      pending.clear();
      MethodNode mn =
          new MethodNode(ACC_PUBLIC | ACC_STATIC, name, mod.methodDesc(type), null, null);
      M m = new M(mn, false);
      m.prologueMain();
      m.emitFunctionBody();
      mn.visitMaxs(0, 0);
      mn.visitEnd();
      pending.add(mn);
      boolean fits = true;
      for (MethodNode p : pending) {
        fits &= CodeSize.of(p) <= REGISTER_MODE_LIMIT;
      }
      if (fits || scale == SPLIT_SCALES[SPLIT_SCALES.length - 1]) {
        break;
      }
    }
    if (frameMode) {
      cls.intConstantField(frameSizeField, transferBase + maxTransfer + 1);
    }
    pending.forEach(cls::addMethod);
  }

  /**
   * Whether a function runs as a sequence of separate loop nests — what a C compiler makes of
   * several loops, or of inlined functions with loops, one after another — so that each nest should
   * be a method of its own. HotSpot compiles one big method with the profile it has when the method
   * gets hot: with the later nests not yet run, their branches look never taken, the compiled code
   * hits uncommon traps and is recompiled, and the result varies from run to run. A method per nest
   * is profiled and compiled on its own, and the nest is entered once per run of it, so crossing
   * into it costs nothing measurable (image: 12.7 → 8.5 ms/op).
   */
  static boolean outlinesLoopNests(BlockNode body) {
    if (body.estimatedSize() < OUTLINE_MIN_SIZE) {
      return false;
    }
    int nests = 0;
    for (Node n : body.body()) {
      if (isLoopNest(n)) {
        nests++;
      }
    }
    return nests >= 2;
  }

  /** A top-level node worth its own method: big enough and containing a loop. */
  static boolean isLoopNest(Node n) {
    return n instanceof BlockNode b
        && b.estimatedSize() >= OUTLINE_NEST_MIN_SIZE
        && containsLoop(b);
  }

  private static boolean containsLoop(BlockNode b) {
    if (b.kind() == BlockNode.Kind.LOOP) {
      return true;
    }
    for (Node n : b.body()) {
      if (n instanceof BlockNode c && containsLoop(c)) {
        return true;
      }
    }
    for (Node n : b.elseBody()) {
      if (n instanceof BlockNode c && containsLoop(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Budget multipliers tried in turn when splitting, until every method really fits. Estimates are
   * close to real sizes with locals in registers; the small last factors cover the uncached frame
   * mode, whose local accesses are several times bigger.
   */
  private static final double[] SPLIT_SCALES = {1.3, 1.0, 0.6, 0.3, 0.15};

  private double budgetScale = 1.0;
  private final List<MethodNode> pending = new ArrayList<>();

  /** A method budget in estimate units under the current scale. */
  private int scaled(int budget) {
    return (int)
        (budget
            * budgetScale
            * ((double) splitBudget / BUDGET)
            * (frameMode && !cacheLocals ? 0.35 : 1.0));
  }

  /** Fixed parameters of a specialized variant ({@link #withConstantParameters}). */
  private Map<Integer, Number> constantParameters = Map.of();

  /** The size above which this function is split ({@link #withSplitBudget}). */
  private int splitBudget = BUDGET;

  // ------------------------------------------------------------------------------------------
  // Control frames

  /**
   * A {@link Ladder} emitted in a method: its rungs (labels) at control depths d0 + N − k, the int
   * local holding the number of the next tail to run, and the dispatch that calls its group. The
   * dispatch handles branches to rungs lo..hi (all, 0..N, in the ladder's method; a..b in a big
   * group's method, which dispatches to groups of its own).
   */
  private record LadderSite(
      int d0, int top, int lo, int hi, int entry, Label dispatch, Ctl[] rung) {
    /** The exit code of a branch to rung k (its control index + 1). */
    int code(int k) {
      return d0 + top - k + 1;
    }
  }

  private static final class Ctl {
    final BlockNode.Kind kind;
    final List<ValType> params;
    final List<ValType> results;
    final int height; // operand stack height below the block's parameters
    final int depth; // absolute nesting depth (function = 0)
    final boolean external; // label lies outside the method being emitted
    final Label label; // branch target (loop: head; others: end)
    boolean labelUsed;
    // Stack positions below this many live in locals, not on the JVM stack, at the label (see
    // M.spilledBelow): a branch here must rebuild the JVM stack from that position up.
    int spilled;
    // Absolute operand-stack position of this label's height (see M.absBase): a branch from a
    // chunk passes its values in the frame slots from here up, above every value the target keeps
    // (which may be resident in the frame) and among the values the branch discards.
    int absHeight;

    Ctl(
        BlockNode.Kind kind,
        List<ValType> params,
        List<ValType> results,
        int height,
        int depth,
        boolean external,
        Label label) {
      this.kind = kind;
      this.params = params;
      this.results = results;
      this.height = height;
      this.depth = depth;
      this.external = external;
      this.label = label;
    }

    List<ValType> branchTypes() {
      return kind == BlockNode.Kind.LOOP ? params : results;
    }
  }

  // ------------------------------------------------------------------------------------------
  // One JVM method being emitted (the function's main method or a chunk)

  private final class M {
    final MethodNode mn;
    final MethodVisitor mv;
    final boolean chunk;
    final ArrayList<ValType> stack = new ArrayList<>();
    final ArrayList<Ctl> ctl = new ArrayList<>();
    final TreeSet<Integer> exitCodes = new TreeSet<>();
    final NumericLowering numeric;
    final Map<ValType, ArrayDeque<Integer>> freeScratch = new EnumMap<>(ValType.class);
    boolean unreachable;
    int ctxSlot;
    int memSlot = -1;
    int boundSlot = -1; // the memory's size in bytes, when the array may be longer (not exact)
    int frameSlot = -1;
    int refFrameSlot = -1;
    int[] localSlot;
    int nextSlot;
    Label tryEnd;
    Label handler;
    Label epilogue;
    boolean lazyFrame;
    // Stack positions below spilledBelow live in the locals spillSlots.get(pos) (inside loops
    // entered with values of enclosing blocks on the stack); the JVM stack holds the rest.
    int spilledBelow;
    final ArrayList<Integer> spillSlots = new ArrayList<>();
    int exitCodeSlot = -1;
    // Absolute operand-stack position of this method's stack position 0 (chunks: where their
    // inputs start in the function's whole operand stack). Value p of this method, when it is in
    // the
    // frame, is in slot transferBase + absBase + p, so consecutive chunks hand values on in place.
    int absBase;
    // Stack positions from residentLo up (-1: none) are in their frame slots, not on the JVM stack:
    // the outputs of chunks and the inputs of a chunk stay there until code of this method needs
    // them (materialize), so a deep operand stack is never copied through every chunk.
    int residentLo = -1;
    OpNode rewriteCompare;
    int rewriteJump;
    // The ladder whose head is being emitted in this method (see ladderBrTable), or null.
    LadderSite ladderSite;

    /**
     * Whether this method caches the locals it uses in JVM locals (when the function does): not a
     * big ladder group's dispatch ({@link #emitGroupDispatch}), which uses none itself — its
     * sub-group calls then pass no locals, the frame holding them.
     */
    boolean syncLocals = true;

    java.util.BitSet chunkWrites;

    M(MethodNode mn, boolean chunk) {
      this.mn = mn;
      this.mv = mn;
      this.chunk = chunk;
      this.numeric = new NumericLowering(mn, stack);
    }

    // ---------------------------------------------------------------- prologues

    /**
     * A specialized variant ({@link #withConstantParameters}): overwrites each fixed parameter's
     * slot with its constant before anything reads it, so that every use of the parameter, in this
     * method and in whatever HotSpot inlines, sees a constant (the caller's guard has checked that
     * the argument had that value). HotSpot's C2 then folds what depends on it: branches, trip
     * counts, address arithmetic.
     */
    void fixParameters(int[] paramSlots) {
      for (Map.Entry<Integer, Number> c : constantParameters.entrySet()) {
        int i = c.getKey();
        ValType t = type.params().get(i);
        switch (t) {
          case I32 -> Constants.pushInt(mv, (Integer) c.getValue());
          case I64 -> Constants.pushLong(mv, (Long) c.getValue());
          case F32 -> {
            // By its bits, so that a NaN keeps its payload.
            Constants.pushInt(mv, Float.floatToRawIntBits((Float) c.getValue()));
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
          }
          case F64 -> {
            Constants.pushLong(mv, Double.doubleToRawLongBits((Double) c.getValue()));
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
          }
          default ->
              throw new IllegalArgumentException(
                  "parameter " + i + " of function " + funcIndex + " is a reference: not fixable");
        }
        mv.visitVarInsn(Descriptors.store(t), paramSlots[i]);
      }
    }

    void prologueMain() {
      mv.visitCode();
      boolean wide = Descriptors.isWide(type);
      int slot = 0;
      int[] paramSlots = new int[type.params().size()];
      int argsSlot = -1;
      if (wide) {
        argsSlot = slot++;
      } else {
        for (int i = 0; i < paramSlots.length; i++) {
          paramSlots[i] = slot;
          slot += type.params().get(i).slots();
        }
      }
      ctxSlot = slot++;
      nextSlot = slot;
      if (!wide) {
        fixParameters(paramSlots);
      }
      enterCall();
      if (usesMemory) {
        memSlot = nextSlot++;
        if (!mod.exactMemory()) {
          boundSlot = nextSlot++;
        }
        reloadMemory();
      }
      if (frameMode) {
        // Frames live on the heap, so recursion is bounded by an explicit budget (see
        // Ops.enterFrame) as well as by the JVM stack; a handler gives the budget back when an
        // exception (a trap, or the JVM's StackOverflowError) unwinds this frame. With locals in
        // registers the frame is only needed by chunk calls, so it is made on the first one: a
        // call that takes a path without chunks allocates nothing.
        lazyFrame = cacheLocals && !wide;
        Label tryStart = new Label();
        tryEnd = new Label();
        handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, null);
        frameSlot = nextSlot++;
        refFrameSlot = nextSlot++;
        if (lazyFrame) {
          mv.visitInsn(ACONST_NULL);
          mv.visitVarInsn(ASTORE, frameSlot);
          mv.visitInsn(ACONST_NULL);
          mv.visitVarInsn(ASTORE, refFrameSlot);
          mv.visitLabel(tryStart);
        } else {
          mv.visitLabel(tryStart);
          allocateFrame();
        }
        if (wide) {
          mv.visitVarInsn(ALOAD, argsSlot);
          mv.visitVarInsn(ALOAD, frameSlot);
          mv.visitVarInsn(ALOAD, refFrameSlot);
          ops(Builtin.UNPACK_ARGUMENTS);
        } else if (!cacheLocals) {
          for (int i = 0; i < paramSlots.length; i++) {
            ValType t = type.params().get(i);
            mv.visitVarInsn(Descriptors.load(t), paramSlots[i]);
            storeFrame(t, i);
          }
        }
      }
      if (!frameMode || cacheLocals) {
        localSlot = new int[locals.size()];
        System.arraycopy(paramSlots, 0, localSlot, 0, paramSlots.length);
        for (int i = paramSlots.length; i < locals.size(); i++) {
          ValType t = locals.get(i);
          localSlot[i] = nextSlot;
          nextSlot += t.slots();
          pushZero(t);
          mv.visitVarInsn(Descriptors.store(t), localSlot[i]);
        }
      }
    }

    void emitFunctionBody() {
      Ctl fn =
          new Ctl(BlockNode.Kind.FUNCTION, List.of(), type.results(), 0, 0, false, new Label());
      ctl.add(fn);
      // The prologue copies parameters into the frame: leave room for it.
      int prologue = frameMode && !Descriptors.isWide(type) ? 16 * type.params().size() : 0;
      if (outlineLoops) {
        emitOutlined(body.body(), scaled(BUDGET - 200 - prologue));
      } else {
        emitSeq(body.body(), scaled(BUDGET - 200 - prologue));
      }
      if (!unreachable) {
        emitReturn();
      }
      // Nothing falls through: every path ended in a return. A used function label is not needed
      // since branches to the function label emit returns directly.
      ctl.remove(ctl.size() - 1);
      if (frameMode) {
        mv.visitLabel(tryEnd);
        mv.visitLabel(handler);
        // No method call here: the handler must work even while the stack is exhausted.
        releaseFrame();
        mv.visitInsn(ATHROW);
      }
    }

    // ---------------------------------------------------------------- scratch locals

    int scratch(ValType t) {
      ArrayDeque<Integer> q = freeScratch.get(t);
      if (q != null && !q.isEmpty()) {
        return q.pop();
      }
      int s = nextSlot;
      nextSlot += t.slots();
      return s;
    }

    void release(ValType t, int slot) {
      freeScratch.computeIfAbsent(t, k -> new ArrayDeque<>()).push(slot);
    }

    // ---------------------------------------------------------------- small emit helpers

    void iconst(int v) {
      Constants.pushInt(mv, v);
    }

    void lconst(long v) {
      Constants.pushLong(mv, v);
    }

    void fconst(int bits) {
      float f = Float.intBitsToFloat(bits);
      if (f != f) {
        iconst(bits);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
      } else if (bits == 0) {
        mv.visitInsn(FCONST_0);
      } else if (f == 1f) {
        mv.visitInsn(FCONST_1);
      } else if (f == 2f) {
        mv.visitInsn(FCONST_2);
      } else {
        mv.visitLdcInsn(f);
      }
    }

    void dconst(long bits) {
      double d = Double.longBitsToDouble(bits);
      if (d != d) {
        lconst(bits);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
      } else if (bits == 0) {
        mv.visitInsn(DCONST_0);
      } else if (d == 1.0) {
        mv.visitInsn(DCONST_1);
      } else {
        mv.visitLdcInsn(d);
      }
    }

    void pushZero(ValType t) {
      switch (t) {
        case I32 -> mv.visitInsn(ICONST_0);
        case I64 -> mv.visitInsn(LCONST_0);
        case F32 -> mv.visitInsn(FCONST_0);
        case F64 -> mv.visitInsn(DCONST_0);
        case FUNCREF, EXTERNREF -> mv.visitInsn(ACONST_NULL);
      }
    }

    void popValue(ValType t) {
      mv.visitInsn(t.slots() == 2 ? POP2 : POP);
    }

    void ops(Builtin helper) {
      helper.invoke(mv);
    }

    /** Lowers an instruction that is one runtime helper call ({@link HelperCall}). */
    void helperCall(HelperCall call, AnnotatedInstruction ins) {
      for (int i = 0; i < call.operands(); i++) {
        pop();
      }
      loadCtx();
      for (int i = 0; i < call.immediates(); i++) {
        iconst((int) ins.operand(i));
      }
      ops(call.helper());
      switch (call.result()) {
        case NONE -> {}
        case I32 -> push(ValType.I32);
        case TABLE_ELEMENT -> push(tableType((int) ins.operand(0)));
      }
    }

    void loadCtx() {
      mv.visitVarInsn(ALOAD, ctxSlot);
    }

    void reloadMemory() {
      if (memSlot < 0) {
        return;
      }
      loadCtx();
      mv.visitFieldInsn(GETFIELD, RuntimeAbi.CONTEXT, "memory", RuntimeAbi.MEMORY_DESC);
      if (boundSlot >= 0) {
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, RuntimeAbi.MEMORY, "size", "I");
        mv.visitVarInsn(ISTORE, boundSlot);
      }
      mv.visitFieldInsn(GETFIELD, RuntimeAbi.MEMORY, "bytes", "[B");
      mv.visitVarInsn(ASTORE, memSlot);
    }

    ValType pop() {
      return stack.remove(stack.size() - 1);
    }

    void push(ValType t) {
      stack.add(t);
    }

    // ---------------------------------------------------------------- frame access

    /** Value of type t on the JVM stack → frame slot. */
    void storeFrame(ValType t, int index) {
      int s = scratch(t);
      mv.visitVarInsn(Descriptors.store(t), s);
      if (t.isReference()) {
        mv.visitVarInsn(ALOAD, refFrameSlot);
        iconst(index);
        mv.visitVarInsn(ALOAD, s);
        mv.visitInsn(AASTORE);
      } else {
        mv.visitVarInsn(ALOAD, frameSlot);
        iconst(index);
        mv.visitVarInsn(Descriptors.load(t), s);
        toBits(t);
        mv.visitInsn(LASTORE);
      }
      release(t, s);
    }

    /** Frame slot → value of type t on the JVM stack. */
    void loadFrame(ValType t, int index) {
      if (t.isReference()) {
        mv.visitVarInsn(ALOAD, refFrameSlot);
        iconst(index);
        mv.visitInsn(AALOAD);
      } else {
        mv.visitVarInsn(ALOAD, frameSlot);
        iconst(index);
        mv.visitInsn(LALOAD);
        fromBits(t);
      }
    }

    void toBits(ValType t) {
      switch (t) {
        case I32 -> mv.visitInsn(I2L);
        case I64 -> {}
        case F32 -> {
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
          mv.visitInsn(I2L);
        }
        case F64 ->
            mv.visitMethodInsn(
                INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
        default -> throw new IllegalStateException();
      }
    }

    void fromBits(ValType t) {
      switch (t) {
        case I32 -> mv.visitInsn(L2I);
        case I64 -> {}
        case F32 -> {
          mv.visitInsn(L2I);
          mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
        }
        case F64 ->
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
        default -> throw new IllegalStateException();
      }
    }

    /**
     * Stores the top {@code types.size()} stack values, the values of a branch to {@code target},
     * into the transfer slots from the target's absolute height up (top → last).
     */
    void storeTransfer(List<ValType> types, Ctl target) {
      for (int i = types.size() - 1; i >= 0; i--) {
        storeFrame(types.get(i), transferBase + target.absHeight + i);
      }
      maxTransfer = Math.max(maxTransfer, target.absHeight + types.size());
    }

    /** Loads the values of a branch to {@code target} stored by {@link #storeTransfer}. */
    void loadTransfer(List<ValType> types, Ctl target) {
      for (int i = 0; i < types.size(); i++) {
        loadFrame(types.get(i), transferBase + target.absHeight + i);
      }
      maxTransfer = Math.max(maxTransfer, target.absHeight + types.size());
    }

    /** Frame slot of this method's stack position {@code pos} (see {@link #absBase}). */
    int stackSlot(int pos) {
      maxTransfer = Math.max(maxTransfer, absBase + pos + 1);
      return transferBase + absBase + pos;
    }

    /** Puts the resident values back on the JVM stack (before code that uses the stack). */
    void materialize() {
      if (residentLo < 0) {
        return;
      }
      if (!unreachable) {
        for (int pos = residentLo; pos < stack.size(); pos++) {
          loadFrame(stack.get(pos), stackSlot(pos));
        }
      }
      residentLo = -1;
    }

    /**
     * Makes every stack position from {@code base} up resident in the frame, storing those on the
     * JVM stack; positions below {@code base} already resident stay so.
     */
    void residentFrom(int base) {
      int lo = residentLo < 0 ? stack.size() : residentLo;
      for (int pos = lo - 1; pos >= base; pos--) {
        storeFrame(stack.get(pos), stackSlot(pos));
      }
      lo = Math.min(lo, base);
      residentLo = lo < stack.size() ? lo : -1;
    }

    // ---------------------------------------------------------------- locals

    boolean inRegister(int idx) {
      return localSlot != null && localSlot[idx] >= 0;
    }

    void localGet(int idx) {
      ValType t = locals.get(idx);
      if (inRegister(idx)) {
        mv.visitVarInsn(Descriptors.load(t), localSlot[idx]);
      } else {
        loadFrame(t, idx);
      }
      push(t);
    }

    void localSet(int idx, boolean tee) {
      ValType t = locals.get(idx);
      if (tee) {
        mv.visitInsn(t.slots() == 2 ? DUP2 : DUP);
      } else {
        pop();
      }
      if (inRegister(idx)) {
        mv.visitVarInsn(Descriptors.store(t), localSlot[idx]);
      } else {
        storeFrame(t, idx);
      }
    }

    /** Registers → frame for the given locals (before a chunk call). */
    void spillLocals(java.util.BitSet which) {
      for (int i = which.nextSetBit(0); i >= 0; i = which.nextSetBit(i + 1)) {
        ValType t = locals.get(i);
        mv.visitVarInsn(Descriptors.load(t), localSlot[i]);
        storeFrame(t, i);
      }
    }

    /** Frame → registers for the given locals (after a chunk call, at chunk entry). */
    void fillLocals(java.util.BitSet which) {
      for (int i = which.nextSetBit(0); i >= 0; i = which.nextSetBit(i + 1)) {
        ValType t = locals.get(i);
        loadFrame(t, i);
        mv.visitVarInsn(Descriptors.store(t), localSlot[i]);
      }
    }

    /**
     * Leaves a chunk with the exit code on the JVM stack above the values of the type stack's
     * positions below {@code top}. With cached locals every exit goes through one epilogue that
     * writes the chunk's locals back to the frame, so the JVM stack must be empty there: the values
     * are popped — only those from {@link #spilledBelow} up, since the ones beneath a loop entered
     * with values on the stack live in spill slots, not on the JVM stack (popping them too
     * underflowed the stack: VerifyError, or NegativeArraySizeException out of ASM).
     */
    void exitChunk(int top) {
      if (!cacheLocals || !syncLocals) {
        mv.visitInsn(IRETURN);
        return;
      }
      if (epilogue == null) {
        epilogue = new Label();
        exitCodeSlot = scratch(ValType.I32); // never released: reserved for the whole method
      }
      mv.visitVarInsn(ISTORE, exitCodeSlot);
      for (int pos = top - 1; pos >= spilledBelow; pos--) {
        popValue(stack.get(pos));
      }
      mv.visitJumpInsn(GOTO, epilogue);
    }

    // ---------------------------------------------------------------- sequences and splitting

    /**
     * Emits a node sequence, outlining parts of it when its estimate exceeds {@code budget}: the
     * biggest nested blocks first, then, if straight-line code alone is still too big, runs of
     * consecutive nodes.
     */
    void emitSeq(List<Node> nodes, int budget) {
      emitSeq(nodes, budget, 0);
      materialize();
    }

    /**
     * {@link #emitSeq(List, int)} that may leave values resident in the frame (see {@link
     * #residentLo}); {@code inlineCost} is what emitting the nodes in this method costs on top of
     * their estimates (a chunk body's loads of its inputs and stores of its outputs).
     */
    void emitSeq(List<Node> nodes, int budget, int inlineCost) {
      int total = inlineCost;
      for (Node n : nodes) {
        total += n.estimatedSize();
      }
      if (total <= budget || !frameMode) {
        for (int i = 0; i < nodes.size(); i++) {
          if (unreachable) {
            return;
          }
          Node n = nodes.get(i);
          if (!(n instanceof FuelNode)) {
            materialize();
          }
          if (i + 1 < nodes.size() && fuseCondition(n, nodes.get(i + 1))) {
            i++;
            continue;
          }
          emitNode(n, n.estimatedSize());
        }
        return;
      }
      if (nodes.size() == 1) {
        // One node over budget: a block splits inside its body; an instruction cannot be split
        // (its estimate is an upper bound, e.g. a big br_table, and is emitted compactly).
        materialize();
        emitNode(nodes.get(0), budget);
        return;
      }
      boolean[] outline = new boolean[nodes.size()];
      // A ladder too big for a chunk stays here, its tails outlined as sibling methods (an
      // outlined ladder would add a method every case then runs beneath). So does a block too big
      // for a chunk when this method has room left (see below): its body is split here.
      int[] inlineBudget = new int[nodes.size()];
      List<Integer> blocks = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i) instanceof BlockNode) {
          blocks.add(i);
        }
      }
      blocks.sort((a, b) -> nodes.get(b).estimatedSize() - nodes.get(a).estimatedSize());
      for (int i : blocks) {
        if (total <= budget) {
          break;
        }
        int cost = chunkCallCost(List.of(nodes.get(i)));
        if (nodes.get(i).estimatedSize() <= cost) {
          continue;
        }
        Ladder ladder =
            nodes.get(i).estimatedSize() > scaled(BUDGET - 100)
                ? ladderOf((BlockNode) nodes.get(i))
                : null;
        if (ladder != null) {
          inlineBudget[i] = ladderInlineCost(ladder);
          total -= nodes.get(i).estimatedSize() - inlineBudget[i];
          continue;
        }
        outline[i] = true;
        total -= nodes.get(i).estimatedSize() - cost;
      }
      if (total <= budget) {
        // The biggest outlined block, if too big for one chunk, would become a chunk that only
        // splits it again: one more method every instruction inside runs beneath, and nesting
        // of such blocks made chains of them. It stays here instead, its body split with the
        // budget left, as long as that leaves room for a few chunk calls.
        for (int i : blocks) {
          if (outline[i]) {
            int left = budget - total + chunkCallCost(List.of(nodes.get(i)));
            if (nodes.get(i).estimatedSize() > scaled(BUDGET - 100)
                && left >= scaled(DESCEND_MIN)) {
              outline[i] = false;
              inlineBudget[i] = left;
            }
            break;
          }
        }
        for (int i = 0; i < nodes.size(); i++) {
          if (unreachable) {
            return;
          }
          Node n = nodes.get(i);
          if (outline[i]) {
            emitChunk(List.of(n));
          } else if (inlineBudget[i] > 0) {
            materialize();
            emitNode(n, inlineBudget[i]);
          } else {
            if (!(n instanceof FuelNode)) {
              materialize();
            }
            emitNode(n, n.estimatedSize());
          }
        }
        return;
      }
      // Still too big: group the sequence into runs, each outlined as one chunk. Aim for runs that
      // fit a method; if that makes too many calls for this method, make runs bigger (they split
      // again inside their chunk). A node as big as a run gets a run of its own, so every run is
      // smaller than the sequence and the recursion ends.
      int fullTotal = 0;
      for (Node n : nodes) {
        fullTotal += n.estimatedSize();
      }
      // A budget eaten up by transfers (a chunk with many values to pass) still groups the nodes
      // into a few runs, each then split again inside its own chunk.
      budget = Math.max(budget, 4 * CHUNK_CALL_COST);
      int groups = Math.max(2, (fullTotal + budget / 2 - 1) / (budget / 2));
      int maxGroups = Math.max(2, budget / (2 * chunkCallCost(nodes)));
      groups = Math.min(groups, maxGroups);
      int target = (fullTotal + groups - 1) / groups;
      List<Node> run = new ArrayList<>();
      int runSize = 0;
      for (Node n : nodes) {
        if (!run.isEmpty() && runSize + n.estimatedSize() > target) {
          if (unreachable) {
            return;
          }
          emitChunk(List.copyOf(run));
          run.clear();
          runSize = 0;
        }
        run.add(n);
        runSize += n.estimatedSize();
      }
      if (!run.isEmpty() && !unreachable) {
        if (run.size() == nodes.size()) {
          throw new IllegalStateException("splitting made no progress");
        }
        emitChunk(List.copyOf(run));
      }
    }

    /**
     * A comparison followed by {@code br_if} or {@code if} becomes one compare-and-jump instead of
     * a 0/1 value tested again. Returns false (emitting nothing) when the pair does not qualify.
     */
    /**
     * The function body with each loop nest in a chunk method of its own ({@link
     * #outlinesLoopNests}); the code between the nests stays here (split as usual if it must be).
     */
    void emitOutlined(List<Node> nodes, int budget) {
      int from = 0;
      for (int i = 0; i <= nodes.size(); i++) {
        if (i < nodes.size() && !isLoopNest(nodes.get(i))) {
          continue;
        }
        if (unreachable) {
          return;
        }
        if (i > from) {
          emitSeq(nodes.subList(from, i), budget);
        }
        if (i < nodes.size() && !unreachable) {
          emitChunk(List.of(nodes.get(i)));
        }
        from = i + 1;
      }
      // A nest's outputs stay resident in the frame after its call (emitChunk); the function's
      // return, which follows, takes its results from the JVM stack.
      materialize();
    }

    boolean fuseCondition(Node first, Node second) {
      if (!(first instanceof OpNode cmp) || !Comparisons.is(cmp.instruction().opcode())) {
        return false;
      }
      if (second instanceof OpNode br && br.instruction().opcode() == OpCode.BR_IF) {
        int jump = compareJump(cmp.instruction().opcode());
        if (cmp == rewriteCompare) {
          jump = rewriteJump;
        }
        push(ValType.I32); // the condition, consumed by emitBrIf
        emitBrIf((int) br.instruction().operand(0), jump);
        return true;
      }
      if (second instanceof BlockNode b && b.kind() == BlockNode.Kind.IF) {
        int jump = compareJump(cmp.instruction().opcode());
        push(ValType.I32);
        emitBlock(b, b.estimatedSize(), jump);
        return true;
      }
      return false;
    }

    void emitNode(Node n, int budget) {
      maxStackValues = Math.max(maxStackValues, stack.size());
      switch (n) {
        case BlockNode b -> emitBlock(b, budget);
        case OpNode op -> emitOp(op.instruction());
        case FuelNode f -> emitFuel(f);
      }
    }

    /** {@code ctx.fuel -= cost}, then at checkpoints {@code Ops.checkLimits(ctx)}. */
    void emitFuel(FuelNode f) {
      loadCtx();
      mv.visitInsn(DUP);
      RuntimeField.METERED_FUEL.get(mv);
      lconst(f.cost());
      mv.visitInsn(LSUB);
      RuntimeField.METERED_FUEL.put(mv);
      if (f.check()) {
        loadCtx();
        ops(Builtin.CHECK_LIMITS);
      }
    }

    // ---------------------------------------------------------------- chunks

    /** Outlines {@code run} into a new method and emits the call and the exit dispatch. */
    void emitChunk(List<Node> run) {
      emitChunk(run, null, ladderSite);
    }

    /**
     * {@link #emitChunk(List)}, or, with {@code group} set, the call of a ladder group (tails
     * group.a..group.b of its ladder, {@code run} their nodes) passing the number of the tail to
     * start at from the ladder's entry local; a branch of the group to a label of the ladder goes
     * to its dispatch.
     */
    void emitChunk(List<Node> run, Ladder.Group group, LadderSite site) {
      Ctl cur = ctl.get(ctl.size() - 1);
      int base;
      int expectedOutputs;
      if (group == null) {
        // The chunk gets only the values it reaches; those deeper stay where they are (on this
        // method's JVM stack, or resident in the frame) across the call.
        StackEffect effect =
            StackEffect.of(
                run,
                mod,
                d -> ctl.get(ctl.size() - 1 - d).branchTypes().size(),
                type.results().size());
        base = Math.max(cur.height, stack.size() - Math.min(effect.reach(), stack.size()));
        expectedOutputs = effect.reachable() ? Math.max(0, stack.size() - base + effect.net()) : 0;
      } else {
        // A ladder's blocks take and leave nothing.
        base = stack.size();
        expectedOutputs = 0;
      }
      List<ValType> inputs = new ArrayList<>(stack.subList(base, stack.size()));
      String name = ModuleInfo.methodName(funcIndex) + "$" + (chunkCount++);
      String desc = CHUNK_DESC_PREFIX + (group == null ? "" : "I") + mod.contextDesc() + ")I";
      // Emit the chunk under the current budget scale; if its real size is over the limit, emit it
      // again under a smaller scale (only this chunk: its call site does not depend on how it
      // splits inside).
      int mark = pending.size();
      double outerScale = budgetScale;
      MethodNode cn;
      M c;
      List<ValType> outputs;
      while (true) {
        cn = new MethodNode(ACC_PRIVATE | ACC_STATIC, name, desc, null, null);
        c = new M(cn, true);
        c.absBase = absBase + base;
        outputs =
            group == null
                ? c.emitChunkBody(run, ctl, inputs, expectedOutputs)
                : c.emitGroupBody(run, group, ctl);
        if (CodeSize.of(cn) <= REGISTER_MODE_LIMIT || budgetScale <= 0.1) {
          break;
        }
        while (pending.size() > mark) {
          pending.remove(pending.size() - 1);
        }
        budgetScale = budgetScale / 1.6;
      }
      budgetScale = outerScale;
      pending.add(cn);

      // Call site: operands of the current block go through the frame, and so do the locals the
      // chunk uses (it reads all it uses at entry and writes back those it may change).
      ensureFrame();
      residentFrom(base);
      int keptLo = residentLo; // values beneath the inputs that stay resident across the call
      truncate(base);
      residentLo = -1;
      java.util.BitSet[] use = use(run);
      if (cacheLocals && syncLocals) {
        spillLocals(use[0]);
      }
      mv.visitVarInsn(ALOAD, frameSlot);
      mv.visitVarInsn(ALOAD, refFrameSlot);
      if (group != null) {
        mv.visitVarInsn(ILOAD, site.entry());
      }
      loadCtx();
      mv.visitMethodInsn(INVOKESTATIC, cls.owner(), name, desc, false);
      if (cacheLocals && syncLocals) {
        int code = scratch(ValType.I32);
        mv.visitVarInsn(ISTORE, code);
        fillLocals(use[1]);
        mv.visitVarInsn(ILOAD, code);
        release(ValType.I32, code);
      }
      reloadMemory();
      TreeSet<Integer> codes = c.exitCodes;
      boolean fallsThrough = outputs != null;
      List<Integer> branches = new ArrayList<>();
      for (int code : codes) {
        if (code != 0) {
          branches.add(code);
        }
      }
      if (branches.isEmpty()) {
        mv.visitInsn(POP);
        if (!fallsThrough) {
          // The chunk always traps: nothing follows this call.
          mv.visitInsn(ACONST_NULL);
          mv.visitInsn(ATHROW);
        }
      } else {
        int codeSlot = scratch(ValType.I32);
        mv.visitVarInsn(ISTORE, codeSlot);
        Label cont = new Label();
        // A branch discards the resident values (they are above the target's height): only the
        // ones on the JVM stack matter to it.
        ArrayList<ValType> saved = new ArrayList<>(keptLo < 0 ? stack : stack.subList(0, keptLo));
        ArrayList<ValType> afterCall = new ArrayList<>(stack);
        // Branches to labels of a ladder being emitted here (from its groups, or from chunks of its
        // head with nothing to fix on the stack) all go to its dispatch, whatever their number.
        boolean viaDispatch =
            site != null
                && saved.size() == site.rung()[site.lo()].height
                && spilledBelow == site.rung()[site.lo()].spilled;
        List<Integer> others = new ArrayList<>();
        boolean toRungs = false;
        for (int code : branches) {
          // Only the rungs' own labels: labels nested inside the head (a loop around a br_table)
          // are above them, and are branched to like any other label.
          if (viaDispatch && code >= site.code(site.hi()) && code <= site.code(site.lo())) {
            toRungs = true;
          } else {
            others.add(code);
          }
        }
        Label toDispatch = new Label();
        Label notOther = toRungs ? new Label() : cont;
        Label[] targets = new Label[others.size()];
        int[] keys = new int[others.size()];
        for (int i = 0; i < keys.length; i++) {
          keys[i] = others.get(i);
          targets[i] = new Label();
        }
        if (keys.length > 0) {
          mv.visitVarInsn(ILOAD, codeSlot);
          mv.visitLookupSwitchInsn(notOther, keys, targets);
        } else {
          mv.visitJumpInsn(GOTO, notOther);
        }
        if (toRungs) {
          // Every other code this call can return is a key above: what is left is falling through
          // (0) or a label of the rungs lo..hi.
          mv.visitLabel(notOther);
          mv.visitVarInsn(ILOAD, codeSlot);
          iconst(site.code(site.hi()));
          mv.visitJumpInsn(IF_ICMPGE, toDispatch);
          mv.visitJumpInsn(GOTO, cont);
          // Rung k is at depth d0 + N - k and its tail is k + 1: entry = d0 + N + 2 - code (the
          // rung's results, if any, are in the transfer slots).
          mv.visitLabel(toDispatch);
          iconst(site.d0() + site.top() + 2);
          mv.visitVarInsn(ILOAD, codeSlot);
          mv.visitInsn(ISUB);
          mv.visitVarInsn(ISTORE, site.entry());
          mv.visitJumpInsn(GOTO, site.dispatch());
        }
        for (int i = 0; i < keys.length; i++) {
          int depth = keys[i] - 1;
          Ctl target = ctl.get(depth);
          stack.clear();
          stack.addAll(saved);
          mv.visitLabel(targets[i]);
          if (target.external) {
            // Values are already in the transfer slots: pass the code on.
            mv.visitVarInsn(ILOAD, codeSlot);
            exitChunk(stack.size());
            exitCodes.add(keys[i]);
          } else {
            List<ValType> vals = target.branchTypes();
            loadTransfer(vals, target);
            stack.addAll(vals);
            branchTo(target);
          }
        }
        stack.clear();
        stack.addAll(afterCall);
        release(ValType.I32, codeSlot);
        mv.visitLabel(cont);
      }
      if (fallsThrough) {
        // The outputs stay in their frame slots until code here needs them.
        stack.addAll(outputs);
        int lo = keptLo >= 0 ? keptLo : base;
        residentLo = lo < stack.size() ? lo : -1;
      } else {
        // The run never falls off its end; the code after it in this block is dead.
        if (!branches.isEmpty()) {
          mv.visitInsn(ACONST_NULL);
          mv.visitInsn(ATHROW);
        }
        unreachable = true;
      }
    }

    /** Body of a chunk method; returns the output types, or null if its end is unreachable. */
    List<ValType> emitChunkBody(
        List<Node> run, List<Ctl> outer, List<ValType> inputs, int expectedOutputs) {
      int budget = chunkPrologue(run, outer, false);
      // The inputs start resident: loaded only if code of this method needs them, passed on in
      // place to the chunks it calls.
      stack.addAll(inputs);
      residentLo = inputs.isEmpty() ? -1 : 0;
      emitSeq(run, budget, 8 * inputs.size() + 10 * expectedOutputs);
      return chunkEpilogue();
    }

    /**
     * Body of a ladder group's method: tails g.a..g.b of the ladder, entered at the one its int
     * parameter (slot 2) names (a..b); the ladder's labels of those tails are its own, the others
     * and those around the ladder are exit codes. Returns the output types (none), or null if its
     * end is unreachable.
     */
    List<ValType> emitGroupBody(List<Node> run, Ladder.Group g, List<Ctl> outer) {
      Ladder l = g.ladder();
      int top = l.top();
      // The caller's control stack ends with the ladder's rungs N..low (N..0 in the ladder's
      // method); rungs above b are outside.
      int rung0 = outer.size() - 1 + g.low();
      int count = g.b() - g.a() + 1;
      boolean dispatch = count > 1 && Ladder.size(run) > 2L * scaled(BUDGET - 100);
      syncLocals = !dispatch;
      int budget = chunkPrologue(run, outer.subList(0, rung0 - g.b()), true);
      Ctl[] own = new Ctl[top + 1];
      for (int k = g.b(); k >= g.a(); k--) {
        List<ValType> results = blockResults(l.rungs().get(k).instruction());
        own[k] =
            new Ctl(BlockNode.Kind.BLOCK, List.of(), results, 0, rung0 - k, false, new Label());
        own[k].absHeight = absBase;
        ctl.add(own[k]);
      }
      if (dispatch) {
        return emitGroupDispatch(g, own, rung0);
      }
      budget -= Ladder.entrySwitchCost(count);
      Label start = new Label();
      if (count > 1) {
        // Entry i starts tail a+i, at the end of rung a+i-1, with that rung's results (taken
        // from the transfer slots, where the caller put them).
        Label[] entries = new Label[count];
        entries[0] = start;
        for (int i = 1; i < count; i++) {
          entries[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, 2);
        mv.visitTableSwitchInsn(g.a(), g.b(), start, entries);
        for (int i = 1; i < count; i++) {
          Ctl at = own[g.a() + i - 1];
          mv.visitLabel(entries[i]);
          loadTransfer(at.results, at);
          at.labelUsed = true;
          mv.visitJumpInsn(GOTO, at.label);
        }
      }
      mv.visitLabel(start);
      // Tail a starts with the results of rung a-1, resident in the frame.
      stack.addAll(blockResults(l.rungs().get(g.a() - 1).instruction()));
      residentLo = stack.isEmpty() ? -1 : 0;
      // Each tail gets a share of the budget by its size (under a smaller scale when the method
      // came out too big, so its tails then split inside).
      long total = 0;
      for (int k = g.a(); k <= g.b(); k++) {
        total += Ladder.size(l.tail(k)) + 1;
      }
      for (int k = g.a(); k <= g.b(); k++) {
        if (!unreachable) {
          emitSeq(l.tail(k), (int) (Math.max(budget, 0) * (Ladder.size(l.tail(k)) + 1) / total));
        }
        endBlock(own[k]);
      }
      return chunkEpilogue();
    }

    /**
     * The body of a group too big for one method (tails a..b, more than twice a method: a ladder
     * whose group calls would not fit its method gets a few such groups): a dispatch of its own, as
     * in {@link #emitLadder} without a head, over sub-groups each a method — so no method is over
     * the budget however many tails and locals, and the depth of frames stays constant (the
     * ladder's method, a group, a sub-group). Entry t (the int parameter) runs tail t; a branch of
     * a sub-group to rung k of a..b continues at tail k + 1 here, b + 1 being this group's end; a
     * branch to a rung above b is an exit code of this group. The results of the rung before the
     * next tail are in the transfer slots, where the caller put them.
     */
    List<ValType> emitGroupDispatch(Ladder.Group g, Ctl[] own, int rung0) {
      Ladder l = g.ladder();
      int top = l.top();
      int methodBudget = scaled(BUDGET - 100);
      List<int[]> subs = l.groups(g.a(), g.b(), methodBudget, FunctionEmitter.this::tailSync);
      // Calls that pass no locals (syncLocals is off here).
      int overhead = 16 + subs.size() * (CHUNK_CALL_COST + 20);
      if (subs.size() == 1 || (overhead > methodBudget && subs.size() > 2)) {
        // Their calls would not fit this method (or one sub-group would be this group again):
        // fewer, bigger sub-groups, each dispatching again when big — a tree of dispatches, as
        // shallow as the method budget allows (one level at the default budget).
        long fit = (long) subs.size() * (methodBudget / 2) / overhead;
        int count = (int) Math.max(2, Math.min(subs.size() - 1, fit));
        subs = l.groupsOf(g.a(), g.b(), count);
      }
      if (subs.size() < 2) {
        // One tail holds nearly all the size (groupsOf then makes one group, this one again, and
        // dispatching to it would recurse for ever: a StackOverflowError in the compiler, fuzz
        // seeds 6330, 6620, 6897 at split budgets 100 and 300): halve by number of tails.
        int mid = (g.a() + g.b()) / 2;
        subs = List.of(new int[] {g.a(), mid}, new int[] {mid + 1, g.b()});
      }
      LadderSite site =
          new LadderSite(rung0 - top, top, g.a(), g.b(), scratch(ValType.I32), new Label(), own);
      mv.visitVarInsn(ILOAD, 2);
      mv.visitVarInsn(ISTORE, site.entry());
      mv.visitJumpInsn(GOTO, site.dispatch());
      Label[] call = new Label[subs.size()];
      Label[] byTail = new Label[g.b() - g.a() + 2];
      for (int i = 0; i < subs.size(); i++) {
        call[i] = new Label();
        for (int t = subs.get(i)[0]; t <= subs.get(i)[1]; t++) {
          byTail[t - g.a()] = call[i];
        }
      }
      Label after = new Label(); // entry b + 1: rung b's results are in the transfer slots
      byTail[g.b() - g.a() + 1] = after;
      Label end = new Label();
      Ctl last = own[g.b()];
      for (int i = 0; i < subs.size(); i++) {
        int[] r = subs.get(i);
        mv.visitLabel(call[i]);
        stack.clear();
        residentLo = -1;
        unreachable = false;
        emitChunk(l.tails(r[0], r[1]), new Ladder.Group(l, r[0], r[1], g.a()), site);
        if (!unreachable) {
          if (i + 1 < subs.size()) {
            // The sub-group's results stay in the transfer slots for the next one's first tail.
            truncate(0);
            residentLo = -1;
            iconst(r[1] + 1);
            mv.visitVarInsn(ISTORE, site.entry());
          } else {
            materialize();
            mv.visitJumpInsn(GOTO, end);
          }
        }
      }
      mv.visitLabel(site.dispatch());
      mv.visitVarInsn(ILOAD, site.entry());
      mv.visitTableSwitchInsn(g.a(), g.b() + 1, after, byTail);
      mv.visitLabel(after);
      stack.clear();
      residentLo = -1;
      loadTransfer(last.results, last);
      mv.visitLabel(end);
      stack.clear();
      stack.addAll(last.results);
      unreachable = false;
      release(ValType.I32, site.entry());
      for (int k = g.a(); k <= g.b(); k++) {
        ctl.remove(ctl.size() - 1);
      }
      return chunkEpilogue();
    }

    /**
     * Chunk method entry: slots (frame, refs[, entry], ctx), the memory, the control stack of the
     * caller as labels outside, the cached locals of {@code run}. Returns the body's budget.
     */
    int chunkPrologue(List<Node> run, List<Ctl> outer, boolean entryParam) {
      mv.visitCode();
      frameSlot = 0;
      refFrameSlot = 1;
      ctxSlot = entryParam ? 3 : 2;
      nextSlot = ctxSlot + 1;
      if (usesMemory) {
        memSlot = nextSlot++;
        if (!mod.exactMemory()) {
          boundSlot = nextSlot++;
        }
        reloadMemory();
      }
      for (Ctl o : outer) {
        Ctl copy = new Ctl(o.kind, o.params, o.results, 0, o.depth, true, null);
        copy.absHeight = o.absHeight;
        ctl.add(copy);
      }
      int budget = scaled(BUDGET - 100);
      if (cacheLocals && syncLocals) {
        java.util.BitSet[] use = use(run);
        chunkWrites = use[1];
        localSlot = new int[locals.size()];
        java.util.Arrays.fill(localSlot, -1);
        for (int i = use[0].nextSetBit(0); i >= 0; i = use[0].nextSetBit(i + 1)) {
          localSlot[i] = nextSlot;
          nextSlot += locals.get(i).slots();
        }
        fillLocals(use[0]);
        budget -= syncCost(use);
      }
      return budget;
    }

    /** Chunk method exit: code 0 with the outputs in the frame if the end is reachable. */
    List<ValType> chunkEpilogue() {
      List<ValType> outputs = null;
      if (!unreachable) {
        outputs = new ArrayList<>(stack);
        residentFrom(0);
        residentLo = -1;
        iconst(0);
        exitChunk(0);
        exitCodes.add(0);
      }
      if (epilogue != null) {
        mv.visitLabel(epilogue);
        spillLocals(chunkWrites);
        mv.visitVarInsn(ILOAD, exitCodeSlot);
        mv.visitInsn(IRETURN);
      }
      mn.visitMaxs(0, 0);
      mn.visitEnd();
      return outputs;
    }

    // ---------------------------------------------------------------- blocks

    List<ValType> blockParams(AnnotatedInstruction ins) {
      long bt = ins.operand(0);
      if (isValueBlockType(bt)) {
        return List.of();
      }
      return mod.types().get((int) bt).params();
    }

    List<ValType> blockResults(AnnotatedInstruction ins) {
      long bt = ins.operand(0);
      if (bt == 0x40) {
        return List.of();
      }
      if (isValueBlockType(bt)) {
        return List.of(valTypeOfCode((int) bt));
      }
      return mod.types().get((int) bt).results();
    }

    void emitBlock(BlockNode b, int budget) {
      emitBlock(b, budget, IFNE);
    }

    /**
     * Emits a block; for an {@code if}, {@code trueJump} is the jump that tests its condition (IFNE
     * on an i32 on the stack, or a fused comparison's jump whose operands are on the stack).
     */
    void emitBlock(BlockNode b, int budget, int trueJump) {
      int inner = budget - SizeEstimator.BLOCK_OVERHEAD;
      AnnotatedInstruction ins = b.instruction();
      List<ValType> params = blockParams(ins);
      List<ValType> results = blockResults(ins);
      if (b.kind() == BlockNode.Kind.IF) {
        pop(); // condition
      }
      int height = stack.size() - params.size();
      int depth = ctl.size();
      switch (b.kind()) {
        case BLOCK -> {
          Ladder ladder = frameMode && b.estimatedSize() > budget ? ladderOf(b) : null;
          if (ladder != null) {
            emitLadder(ladder, budget);
            return;
          }
          Ctl c = new Ctl(b.kind(), params, results, height, depth, false, new Label());
          c.spilled = spilledBelow;
          c.absHeight = absBase + height;
          ctl.add(c);
          emitSeq(b.body(), inner);
          endBlock(c);
        }
        case LOOP -> {
          CountedLoop counted = frameMode ? null : CountedLoop.match(b);
          if (counted == null) {
            emitLoop(b, params, results, height, depth, inner);
          } else {
            emitCountedLoop(b, counted, params, results, height, depth, inner);
          }
        }
        case IF -> {
          Label elseLabel = new Label();
          mv.visitJumpInsn(negate(trueJump), elseLabel);
          Ctl c = new Ctl(b.kind(), params, results, height, depth, false, new Label());
          c.spilled = spilledBelow;
          c.absHeight = absBase + height;
          ctl.add(c);
          int thenSize = Math.max(1, sum(b.body()));
          int elseSize = sum(b.elseBody());
          int thenBudget = (int) ((long) inner * thenSize / (thenSize + elseSize));
          emitSeq(b.body(), thenBudget);
          if (!unreachable) {
            mv.visitJumpInsn(GOTO, c.label);
            c.labelUsed = true;
          }
          mv.visitLabel(elseLabel);
          truncate(height);
          stack.addAll(params);
          unreachable = false;
          if (b.hasElse()) {
            emitSeq(b.elseBody(), inner - thenBudget);
          }
          endBlock(c);
        }
        default -> throw new IllegalStateException();
      }
    }

    /**
     * Emits a {@link Ladder} too big for this method. Its entry (fuel charges, head) is emitted
     * here; the tails are grouped into sibling methods, called from one dispatch: a {@code
     * tableswitch} on the int local {@code entry}, the number t of the tail to run next (1..N; N+1
     * = after the ladder), to the call of the group holding tail t. A branch to label L_k sets
     * entry = k+1 and jumps to the dispatch — computed from the exit code of a group (entry = const
     * − code), looked up in a static table for the head's {@code br_table}, a trampoline for other
     * branches of the head — with the rung's results in the transfer slots. A group that falls off
     * its end continues with the next group.
     */
    void emitLadder(Ladder l, int budget) {
      materialize();
      // Branches to the labels store the rungs' results into the frame before any group call.
      ensureFrame();
      int top = l.top();
      int height = stack.size();
      int d0 = ctl.size();
      List<int[]> groups = ladderGroups(l);
      Ctl[] rung = new Ctl[top + 1];
      Label end = new Label();
      for (int k = top; k >= 0; k--) {
        rung[k] =
            new Ctl(
                BlockNode.Kind.BLOCK,
                List.of(),
                blockResults(l.rungs().get(k).instruction()),
                height,
                d0 + top - k,
                false,
                k == top ? end : new Label());
        rung[k].spilled = spilledBelow;
        rung[k].absHeight = absBase + height;
      }
      LadderSite site = new LadderSite(d0, top, 0, top, scratch(ValType.I32), new Label(), rung);
      // A head that fits a quarter of a method stays here whole (its br_table, estimated with
      // code per target, is a table lookup here): the dispatch then calls no head chunk.
      int headCost = l.headCost();
      int headBudget =
          headCost <= scaled(BUDGET) / 4
              ? Ladder.size(l.head())
              : Math.max(budget - ladderOverhead(l, groups), scaled(BUDGET) / 8);
      for (int k = top; k >= 1; k--) {
        ctl.add(rung[k]);
        if (!unreachable) {
          emitSeq(l.pre(k), Ladder.size(l.pre(k)));
        }
      }
      ctl.add(rung[0]);
      LadderSite outerSite = ladderSite;
      ladderSite = site;
      if (!unreachable) {
        emitSeq(l.head(), headBudget);
      }
      ladderSite = outerSite;
      if (!unreachable) {
        branchTo(rung[0]);
      }
      ArrayList<ValType> entryStack = new ArrayList<>(stack.subList(0, height));
      Label[] call = new Label[groups.size()];
      Label[] byTail = new Label[top + 1];
      for (int g = 0; g < groups.size(); g++) {
        call[g] = new Label();
        for (int t = groups.get(g)[0]; t <= groups.get(g)[1]; t++) {
          byTail[t - 1] = call[g];
        }
      }
      Label after = new Label(); // entry N+1: the ladder's results are in the transfer slots
      byTail[top] = after;
      for (int g = 0; g < groups.size(); g++) {
        int[] range = groups.get(g);
        mv.visitLabel(call[g]);
        stack.clear();
        stack.addAll(entryStack);
        unreachable = false;
        emitChunk(l.tails(range[0], range[1]), new Ladder.Group(l, range[0], range[1], 0), site);
        if (!unreachable) {
          if (g + 1 < groups.size()) {
            // The group's results stay in the transfer slots for the next group's first tail.
            truncate(height);
            residentLo = -1;
            iconst(range[1] + 1);
            mv.visitVarInsn(ISTORE, site.entry());
          } else {
            materialize();
            rung[top].labelUsed = true;
            mv.visitJumpInsn(GOTO, end);
          }
        }
      }
      // The dispatch, and the trampolines of the labels some branch of the head reached.
      mv.visitLabel(site.dispatch());
      mv.visitVarInsn(ILOAD, site.entry());
      mv.visitTableSwitchInsn(1, top + 1, after, byTail);
      for (int k = 0; k < top; k++) {
        if (rung[k].labelUsed) {
          mv.visitLabel(rung[k].label);
          stack.clear();
          stack.addAll(entryStack);
          stack.addAll(rung[k].results);
          storeTransfer(rung[k].results, rung[k]);
          truncate(height);
          iconst(k + 1);
          mv.visitVarInsn(ISTORE, site.entry());
          mv.visitJumpInsn(GOTO, site.dispatch());
        }
      }
      mv.visitLabel(after);
      stack.clear();
      stack.addAll(entryStack);
      loadTransfer(rung[top].results, rung[top]);
      rung[top].labelUsed = true;
      mv.visitJumpInsn(GOTO, end);
      release(ValType.I32, site.entry());
      for (int k = 0; k <= top; k++) {
        ctl.remove(ctl.size() - 1);
      }
      stack.clear();
      stack.addAll(entryStack);
      stack.addAll(rung[top].results);
      unreachable = false;
      mv.visitLabel(end);
    }

    /**
     * The head's {@code br_table} of a ladder emitted here when every target is a label of the
     * ladder without results and needs no stack fix-up: entry = a static table's value for the
     * index, then the dispatch (no code per label). Returns false (emitting nothing) otherwise.
     */
    boolean ladderBrTable(AnnotatedInstruction ins) {
      LadderSite site = ladderSite;
      if (site == null) {
        return false;
      }
      int n = ins.operandCount() - 1;
      int[] entries = new int[n + 1];
      for (int i = 0; i <= n; i++) {
        int index = ctl.size() - 1 - (int) ins.operand(i);
        int k = site.d0() + site.top() - index;
        if (index < site.d0() || k < 0) {
          return false;
        }
        Ctl target = site.rung()[k];
        if (!target.results.isEmpty()
            || target.spilled != spilledBelow
            || stack.size() - 1 != target.height) {
          return false;
        }
        entries[i] = k + 1;
      }
      pop(); // index
      // One field per distinct table, however often the function is re-planned.
      String field =
          ladderTables.computeIfAbsent(
              java.util.Arrays.toString(entries), k -> cls.intArrayField(entries));
      mv.visitFieldInsn(GETSTATIC, cls.owner(), field, "[I");
      ops(Builtin.BR_TABLE_TARGET);
      mv.visitVarInsn(ISTORE, site.entry());
      mv.visitJumpInsn(GOTO, site.dispatch());
      unreachable = true;
      return true;
    }

    void emitLoop(
        BlockNode b,
        List<ValType> params,
        List<ValType> results,
        int height,
        int depth,
        int inner) {
      // HotSpot compiles a loop on its own (OSR) only when the JVM stack is empty at its head, and
      // the biggest loops often run in a function called once: so values of enclosing blocks that
      // would sit on the JVM stack under the loop move to locals for the loop's duration.
      int spilledBefore = spilledBelow;
      if (spilledBelow < height) {
        int[] temps = storeTop(params);
        for (int pos = height - 1; pos >= spilledBelow; pos--) {
          ValType t = stack.get(pos);
          int slot = scratch(t);
          mv.visitVarInsn(Descriptors.store(t), slot);
          setSpillSlot(pos, slot);
        }
        loadTop(params, temps);
        spilledBelow = height;
      }
      Label head = new Label();
      mv.visitLabel(head);
      Ctl c = new Ctl(b.kind(), params, results, height, depth, false, head);
      c.spilled = spilledBelow;
      c.absHeight = absBase + height;
      ctl.add(c);
      emitSeq(b.body(), inner);
      ctl.remove(ctl.size() - 1);
      truncate(height);
      stack.addAll(results);
      if (spilledBelow != spilledBefore) {
        if (!unreachable) {
          int[] temps = storeTop(results);
          for (int pos = spilledBefore; pos < height; pos++) {
            mv.visitVarInsn(Descriptors.load(stack.get(pos)), spillSlots.get(pos));
          }
          loadTop(results, temps);
        }
        for (int pos = spilledBefore; pos < height; pos++) {
          release(stack.get(pos), spillSlots.get(pos));
        }
        spilledBelow = spilledBefore;
      }
      // Falling out of a loop is the only way past it; unreachable stays as the body left it.
    }

    /** Pops the top values (types bottom first) into fresh scratch locals; returns the slots. */
    int[] storeTop(List<ValType> types) {
      int[] slots = new int[types.size()];
      for (int i = types.size() - 1; i >= 0; i--) {
        slots[i] = scratch(types.get(i));
        mv.visitVarInsn(Descriptors.store(types.get(i)), slots[i]);
      }
      return slots;
    }

    /** Pushes values saved by {@link #storeTop} back and frees their slots. */
    void loadTop(List<ValType> types, int[] slots) {
      for (int i = 0; i < types.size(); i++) {
        mv.visitVarInsn(Descriptors.load(types.get(i)), slots[i]);
        release(types.get(i), slots[i]);
      }
    }

    void setSpillSlot(int pos, int slot) {
      while (spillSlots.size() <= pos) {
        spillSlots.add(-1);
      }
      spillSlots.set(pos, slot);
    }

    /**
     * Emits a {@link CountedLoop} twice: a copy whose exit test is an ordered comparison, which C2
     * can count, taken when the entry guard proves it equivalent, and the original otherwise.
     */
    void emitCountedLoop(
        BlockNode b,
        CountedLoop counted,
        List<ValType> params,
        List<ValType> results,
        int height,
        int depth,
        int inner) {
      // guard: d = (long) limit - (long) counter; d has the stride's sign and stride divides d
      Label original = new Label();
      Label end = new Label();
      if (counted.limitLocal() >= 0) {
        rawLocalGet(counted.limitLocal());
      } else {
        iconst(counted.limitConstant());
      }
      mv.visitInsn(I2L);
      rawLocalGet(counted.counter());
      mv.visitInsn(I2L);
      mv.visitInsn(LSUB);
      int d = scratch(ValType.I64);
      mv.visitVarInsn(LSTORE, d);
      mv.visitVarInsn(LLOAD, d);
      mv.visitInsn(LCONST_0);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(counted.stride() > 0 ? IFLE : IFGE, original);
      mv.visitVarInsn(LLOAD, d);
      lconst(counted.stride());
      mv.visitInsn(LREM);
      mv.visitInsn(LCONST_0);
      mv.visitInsn(LCMP);
      mv.visitJumpInsn(IFNE, original);
      release(ValType.I64, d);

      ArrayList<ValType> entryStack = new ArrayList<>(stack);
      boolean up = counted.stride() > 0;
      // counter < limit (or >, counting down), with the operands in the order they were pushed
      rewriteCompare = counted.compare();
      rewriteJump = counted.counterFirst() == up ? IF_ICMPLT : IF_ICMPGT;
      emitLoop(b, params, results, height, depth, inner);
      rewriteCompare = null;
      boolean fastReachable = !unreachable;
      if (fastReachable) {
        mv.visitJumpInsn(GOTO, end);
      }
      stack.clear();
      stack.addAll(entryStack);
      unreachable = false;
      mv.visitLabel(original);
      emitLoop(b, params, results, height, depth, inner);
      mv.visitLabel(end);
      unreachable = unreachable && !fastReachable;
    }

    /** Pushes a local's value without touching the type stack (for guards). */
    void rawLocalGet(int idx) {
      localGet(idx);
      pop();
    }

    void endBlock(Ctl c) {
      ctl.remove(ctl.size() - 1);
      boolean reachable = !unreachable || c.labelUsed;
      if (c.labelUsed) {
        mv.visitLabel(c.label);
      }
      truncate(c.height);
      stack.addAll(c.results);
      unreachable = !reachable;
    }

    void truncate(int height) {
      while (stack.size() > height) {
        stack.remove(stack.size() - 1);
      }
    }

    // ---------------------------------------------------------------- branches

    /** Branches to {@code target}; its branch values are on top of the stack. */
    void branchTo(Ctl target) {
      List<ValType> vals = target.branchTypes();
      if (target.external) {
        storeTransfer(vals, target);
        iconst(target.depth + 1);
        exitChunk(stack.size() - vals.size());
        exitCodes.add(target.depth + 1);
        return;
      }
      if (target.kind == BlockNode.Kind.FUNCTION) {
        emitReturn();
        return;
      }
      if (target.spilled != spilledBelow) {
        // The target expects positions [target.spilled, target.height) on the JVM stack; some of
        // them are in spill slots now. Save the branch values, drop the JVM stack, rebuild.
        int[] temps = storeTop(vals);
        for (int pos = stack.size() - vals.size() - 1; pos >= spilledBelow; pos--) {
          popValue(stack.get(pos));
        }
        for (int pos = target.spilled; pos < target.height; pos++) {
          mv.visitVarInsn(Descriptors.load(stack.get(pos)), spillSlots.get(pos));
        }
        loadTop(vals, temps);
        target.labelUsed = true;
        mv.visitJumpInsn(GOTO, target.label);
        return;
      }
      int extra = stack.size() - target.height - vals.size();
      if (extra > 0) {
        int[] slots = new int[vals.size()];
        for (int i = vals.size() - 1; i >= 0; i--) {
          slots[i] = scratch(vals.get(i));
          mv.visitVarInsn(Descriptors.store(vals.get(i)), slots[i]);
        }
        for (int i = 0; i < extra; i++) {
          popValue(stack.get(stack.size() - vals.size() - 1 - i));
        }
        for (int i = 0; i < vals.size(); i++) {
          mv.visitVarInsn(Descriptors.load(vals.get(i)), slots[i]);
          release(vals.get(i), slots[i]);
        }
      }
      target.labelUsed = true;
      mv.visitJumpInsn(GOTO, target.label);
    }

    /** True when a branch to target needs no stack fix-up and can be a plain jump. */
    boolean directJump(Ctl target) {
      return !target.external
          && target.spilled == spilledBelow
          && target.kind != BlockNode.Kind.FUNCTION
          && stack.size() - target.height == target.branchTypes().size();
    }

    void emitBr(int relDepth) {
      Ctl target = ctl.get(ctl.size() - 1 - relDepth);
      branchTo(target);
      unreachable = true;
    }

    void emitBrIf(int relDepth) {
      emitBrIf(relDepth, IFNE);
    }

    /** br_if whose condition is tested by {@code trueJump} (see emitBlock). */
    void emitBrIf(int relDepth, int trueJump) {
      pop(); // condition
      Ctl target = ctl.get(ctl.size() - 1 - relDepth);
      if (directJump(target)) {
        target.labelUsed = true;
        mv.visitJumpInsn(trueJump, target.label);
        return;
      }
      Label skip = new Label();
      mv.visitJumpInsn(negate(trueJump), skip);
      ArrayList<ValType> saved = new ArrayList<>(stack);
      branchTo(target);
      stack.clear();
      stack.addAll(saved);
      mv.visitLabel(skip);
    }

    void emitBrTable(AnnotatedInstruction ins) {
      if (ladderBrTable(ins)) {
        return;
      }
      pop(); // index
      int n = ins.operandCount() - 1;
      int defaultDepth = (int) ins.operand(n);
      // Distinct targets, each with one trampoline (or a direct jump).
      Map<Integer, Label> byDepth = new LinkedHashMap<>();
      int[] entries = new int[n + 1];
      for (int i = 0; i <= n; i++) {
        int d = (int) ins.operand(i);
        entries[i] = d;
        byDepth.computeIfAbsent(d, k -> new Label());
      }
      Map<Integer, Label> jumpTo = new LinkedHashMap<>();
      for (Map.Entry<Integer, Label> e : byDepth.entrySet()) {
        Ctl target = ctl.get(ctl.size() - 1 - e.getKey());
        if (directJump(target)) {
          target.labelUsed = true;
          jumpTo.put(e.getKey(), target.label);
        } else {
          jumpTo.put(e.getKey(), e.getValue());
        }
      }
      if (n <= 1024) {
        Label[] labels = new Label[n];
        for (int i = 0; i < n; i++) {
          labels[i] = jumpTo.get(entries[i]);
        }
        if (n == 0) {
          mv.visitInsn(POP);
          mv.visitJumpInsn(GOTO, jumpTo.get(defaultDepth));
        } else {
          mv.visitTableSwitchInsn(0, n - 1, jumpTo.get(defaultDepth), labels);
        }
      } else {
        // Huge tables: map the index to a target ordinal through a static int[] (last entry is
        // the default) and switch over the few distinct targets.
        List<Integer> depths = new ArrayList<>(byDepth.keySet());
        int[] ordinals = new int[n + 1];
        for (int i = 0; i <= n; i++) {
          ordinals[i] = depths.indexOf(entries[i]);
        }
        String field = cls.intArrayField(ordinals);
        mv.visitFieldInsn(GETSTATIC, cls.owner(), field, "[I");
        ops(Builtin.BR_TABLE_TARGET);
        Label[] labels = new Label[depths.size()];
        for (int i = 0; i < labels.length; i++) {
          labels[i] = jumpTo.get(depths.get(i));
        }
        mv.visitTableSwitchInsn(0, labels.length - 1, labels[labels.length - 1], labels);
      }
      ArrayList<ValType> saved = new ArrayList<>(stack);
      for (Map.Entry<Integer, Label> e : byDepth.entrySet()) {
        Label tramp = e.getValue();
        if (jumpTo.get(e.getKey()) != tramp) {
          continue;
        }
        mv.visitLabel(tramp);
        stack.clear();
        stack.addAll(saved);
        branchTo(ctl.get(ctl.size() - 1 - e.getKey()));
      }
      stack.clear();
      stack.addAll(saved);
      unreachable = true;
    }

    /** Returns from the function with its results on top of the stack. */
    void emitReturn() {
      List<ValType> results = type.results();
      if (chunk) {
        storeTransfer(results, ctl.get(0));
        iconst(1);
        exitChunk(stack.size() - results.size());
        exitCodes.add(1);
        return;
      }
      if (frameMode) {
        releaseFrame();
      }
      leaveCall();
      switch (results.size()) {
        case 0 -> mv.visitInsn(RETURN);
        case 1 -> mv.visitInsn(Descriptors.ret(results.get(0)));
        default -> {
          boxResults(results);
          mv.visitInsn(ARETURN);
        }
      }
    }

    /**
     * {@code if (--ctx.callsLeft < 0) throw Ops.callStackExhausted();}: bounds the nesting of guest
     * calls (runtime Ops.MAX_CALL_DEPTH) far below what fills a big JVM stack, whose unwinding
     * takes seconds. An exception skips {@link #leaveCall}; the host boundary that catches it puts
     * the count back (runtime WasmFunction), so no handler is needed here.
     */
    void enterCall() {
      if (!countsCalls) {
        return;
      }
      loadCtx();
      mv.visitInsn(DUP);
      RuntimeField.CONTEXT_CALLS_LEFT.get(mv);
      mv.visitInsn(ICONST_1);
      mv.visitInsn(ISUB);
      mv.visitInsn(DUP_X1);
      RuntimeField.CONTEXT_CALLS_LEFT.put(mv);
      Label ok = new Label();
      mv.visitJumpInsn(IFGE, ok);
      ops(Builtin.CALL_STACK_EXHAUSTED);
      mv.visitInsn(ATHROW);
      mv.visitLabel(ok);
    }

    /** {@code ctx.callsLeft++} before a return (results stay on the stack beneath). */
    void leaveCall() {
      if (!countsCalls) {
        return;
      }
      loadCtx();
      mv.visitInsn(DUP);
      RuntimeField.CONTEXT_CALLS_LEFT.get(mv);
      mv.visitInsn(ICONST_1);
      mv.visitInsn(IADD);
      RuntimeField.CONTEXT_CALLS_LEFT.put(mv);
    }

    /** Allocates the frame here if it is made lazily and not made yet. */
    void ensureFrame() {
      if (lazyFrame) {
        Label ready = new Label();
        mv.visitVarInsn(ALOAD, frameSlot);
        mv.visitJumpInsn(IFNONNULL, ready);
        allocateFrame();
        mv.visitLabel(ready);
      }
    }

    /** Accounts for and allocates this call's frame arrays. */
    void allocateFrame() {
      loadCtx();
      mv.visitFieldInsn(GETSTATIC, cls.owner(), frameSizeField, "I");
      ops(Builtin.ENTER_FRAME);
      mv.visitFieldInsn(GETSTATIC, cls.owner(), frameSizeField, "I");
      mv.visitIntInsn(NEWARRAY, T_LONG);
      mv.visitVarInsn(ASTORE, frameSlot);
      if (usesReferences) {
        mv.visitFieldInsn(GETSTATIC, cls.owner(), frameSizeField, "I");
        mv.visitTypeInsn(ANEWARRAY, OBJ);
      } else {
        mv.visitInsn(ACONST_NULL);
      }
      mv.visitVarInsn(ASTORE, refFrameSlot);
    }

    /** ctx.frameSlots -= FRAME size, inline; skipped when a lazy frame was never made. */
    void releaseFrame() {
      Label done = null;
      if (lazyFrame) {
        done = new Label();
        mv.visitVarInsn(ALOAD, frameSlot);
        mv.visitJumpInsn(IFNULL, done);
      }
      releaseFrame0();
      if (done != null) {
        mv.visitLabel(done);
      }
    }

    void releaseFrame0() {
      loadCtx();
      mv.visitInsn(DUP);
      RuntimeField.CONTEXT_FRAME_SLOTS.get(mv);
      mv.visitFieldInsn(GETSTATIC, cls.owner(), frameSizeField, "I");
      mv.visitInsn(I2L);
      mv.visitInsn(LSUB);
      RuntimeField.CONTEXT_FRAME_SLOTS.put(mv);
    }

    /** Top {@code types.size()} values → a new Object[] on the stack. */
    void boxResults(List<ValType> types) {
      int[] slots = new int[types.size()];
      for (int i = types.size() - 1; i >= 0; i--) {
        slots[i] = scratch(types.get(i));
        mv.visitVarInsn(Descriptors.store(types.get(i)), slots[i]);
      }
      iconst(types.size());
      mv.visitTypeInsn(ANEWARRAY, OBJ);
      for (int i = 0; i < types.size(); i++) {
        ValType t = types.get(i);
        mv.visitInsn(DUP);
        iconst(i);
        mv.visitVarInsn(Descriptors.load(t), slots[i]);
        box(t);
        mv.visitInsn(AASTORE);
        release(t, slots[i]);
      }
    }

    void box(ValType t) {
      String b = Descriptors.box(t);
      if (b != null) {
        mv.visitMethodInsn(
            INVOKESTATIC, b, "valueOf", "(" + t.descriptor() + ")L" + b + ";", false);
      }
    }

    /** Object[] on the stack → its values, unboxed, in order. */
    void unboxResults(List<ValType> types) {
      int arr = scratch(ValType.FUNCREF);
      mv.visitVarInsn(ASTORE, arr);
      for (int i = 0; i < types.size(); i++) {
        ValType t = types.get(i);
        mv.visitVarInsn(ALOAD, arr);
        iconst(i);
        mv.visitInsn(AALOAD);
        String b = Descriptors.box(t);
        if (b != null) {
          mv.visitTypeInsn(CHECKCAST, b);
          String m =
              switch (t) {
                case I32 -> "intValue";
                case I64 -> "longValue";
                case F32 -> "floatValue";
                default -> "doubleValue";
              };
          mv.visitMethodInsn(INVOKEVIRTUAL, b, m, "()" + t.descriptor(), false);
        }
      }
      release(ValType.FUNCREF, arr);
    }

    // ---------------------------------------------------------------- calls

    void emitCall(int target) {
      FunctionType ft = mod.functionTypes().get(target);
      for (int i = 0; i < ft.params().size(); i++) {
        pop();
      }
      if (Descriptors.isWide(ft)) {
        boxResults(ft.params());
      }
      loadCtx();
      if (target < mod.importedFunctions()) {
        String bridge = cls.importBridge(target);
        mv.visitMethodInsn(INVOKESTATIC, cls.owner(), bridge, mod.methodDesc(ft), false);
      } else if (mod.relinkable()) {
        Calls.invokeFunction(mv, target, mod.methodDesc(ft));
      } else {
        // Behind an entry check, recursion calls the function's own code: the check is for
        // callers from outside (and would cost a level of C2's recursive inlining per call).
        boolean self = entryCheck && target == funcIndex;
        mv.visitMethodInsn(
            INVOKESTATIC,
            mod.owners()[target],
            ModuleInfo.methodName(target) + (self ? "$body" : ""),
            mod.methodDesc(ft),
            false);
      }
      afterCall(ft);
    }

    void afterCall(FunctionType ft) {
      if (ft.results().size() > 1) {
        unboxResults(ft.results());
      }
      stack.addAll(ft.results());
      reloadMemory();
    }

    void emitCallIndirect(int typeIndex, int table) {
      FunctionType ft = mod.types().get(typeIndex);
      pop(); // table index
      for (int i = 0; i < ft.params().size(); i++) {
        pop();
      }
      if (Descriptors.isWide(ft)) {
        int idx = scratch(ValType.I32);
        mv.visitVarInsn(ISTORE, idx);
        boxResults(ft.params());
        mv.visitVarInsn(ILOAD, idx);
        release(ValType.I32, idx);
      }
      loadCtx();
      String bridge = cls.indirectBridge(typeIndex, table);
      mv.visitMethodInsn(
          INVOKESTATIC,
          cls.owner(),
          bridge,
          Descriptors.method(ft, "I" + mod.contextDesc()),
          false);
      afterCall(ft);
    }

    // ---------------------------------------------------------------- globals

    void globalGet(int idx) {
      GlobalPlan g = mod.globals().get(idx);
      ValType t = g.type();
      switch (g.kind()) {
        case CONSTANT -> {
          Object v = g.constant();
          switch (t) {
            case I32 -> iconst((Integer) v);
            case I64 -> lconst((Long) v);
            case F32 -> fconst(Float.floatToRawIntBits((Float) v));
            case F64 -> dconst(Double.doubleToRawLongBits((Double) v));
            default -> mv.visitInsn(ACONST_NULL);
          }
        }
        case FIELD -> {
          loadCtx();
          mv.visitFieldInsn(GETFIELD, mod.contextClass(), g.field(), t.descriptor());
        }
        case CELL -> {
          loadCell(idx);
          if (t.isReference()) {
            RuntimeField.GLOBAL_REF.get(mv);
          } else {
            RuntimeField.GLOBAL_BITS.get(mv);
            fromBits(t);
          }
        }
      }
      push(t);
    }

    void loadCell(int idx) {
      loadCtx();
      RuntimeField.CONTEXT_GLOBALS.get(mv);
      iconst(idx);
      mv.visitInsn(AALOAD);
    }

    void globalSet(int idx) {
      GlobalPlan g = mod.globals().get(idx);
      ValType t = pop();
      int s = scratch(t);
      mv.visitVarInsn(Descriptors.store(t), s);
      if (g.kind() == GlobalPlan.Kind.FIELD) {
        loadCtx();
        mv.visitVarInsn(Descriptors.load(t), s);
        mv.visitFieldInsn(PUTFIELD, mod.contextClass(), g.field(), t.descriptor());
      } else {
        loadCell(idx);
        mv.visitVarInsn(Descriptors.load(t), s);
        if (t.isReference()) {
          RuntimeField.GLOBAL_REF.put(mv);
        } else {
          toBits(t);
          RuntimeField.GLOBAL_BITS.put(mv);
        }
      }
      release(t, s);
    }

    // ---------------------------------------------------------------- memory

    void load(OpCode op, ValType result, long offset) {
      pop(); // address
      MemoryAccess.load(mv, memSlot, boundSlot, op, offset);
      push(result);
    }

    void store(OpCode op, long offset) {
      ValType value = pop();
      pop(); // address
      int s = scratch(value);
      MemoryAccess.store(mv, memSlot, boundSlot, op, value, offset, s);
      release(value, s);
    }

    // ---------------------------------------------------------------- comparisons

    /** Emits a jump on the int comparison result and materializes 0/1. */
    void boolFrom(int jumpIfTrue) {
      Label t = new Label();
      Label end = new Label();
      mv.visitJumpInsn(jumpIfTrue, t);
      mv.visitInsn(ICONST_0);
      mv.visitJumpInsn(GOTO, end);
      mv.visitLabel(t);
      mv.visitInsn(ICONST_1);
      mv.visitLabel(end);
    }

    /**
     * Pops a comparison's operands, emits what reduces them to an int test, and returns the jump
     * opcode that is taken when the comparison is true. Float comparisons use fcmpl/fcmpg so that
     * NaN makes every ordered comparison false; negating the returned jump (see {@link #negate})
     * keeps that exact, since the fcmp result itself is not changed.
     */
    int compareJump(OpCode op) {
      pop();
      if (op != OpCode.I32_EQZ && op != OpCode.I64_EQZ) {
        pop();
      }
      return switch (op) {
        case I32_EQZ -> IFEQ;
        case I32_EQ -> IF_ICMPEQ;
        case I32_NE -> IF_ICMPNE;
        case I32_LT_S -> IF_ICMPLT;
        case I32_GT_S -> IF_ICMPGT;
        case I32_LE_S -> IF_ICMPLE;
        case I32_GE_S -> IF_ICMPGE;
        case I32_LT_U -> unsignedPre(ValType.I32, IFLT);
        case I32_GT_U -> unsignedPre(ValType.I32, IFGT);
        case I32_LE_U -> unsignedPre(ValType.I32, IFLE);
        case I32_GE_U -> unsignedPre(ValType.I32, IFGE);
        case I64_EQZ -> {
          mv.visitInsn(LCONST_0);
          mv.visitInsn(LCMP);
          yield IFEQ;
        }
        case I64_EQ -> pre(LCMP, IFEQ);
        case I64_NE -> pre(LCMP, IFNE);
        case I64_LT_S -> pre(LCMP, IFLT);
        case I64_GT_S -> pre(LCMP, IFGT);
        case I64_LE_S -> pre(LCMP, IFLE);
        case I64_GE_S -> pre(LCMP, IFGE);
        case I64_LT_U -> unsignedPre(ValType.I64, IFLT);
        case I64_GT_U -> unsignedPre(ValType.I64, IFGT);
        case I64_LE_U -> unsignedPre(ValType.I64, IFLE);
        case I64_GE_U -> unsignedPre(ValType.I64, IFGE);
        case F32_EQ -> pre(FCMPL, IFEQ);
        case F32_NE -> pre(FCMPL, IFNE);
        case F32_LT -> pre(FCMPG, IFLT);
        case F32_GT -> pre(FCMPL, IFGT);
        case F32_LE -> pre(FCMPG, IFLE);
        case F32_GE -> pre(FCMPL, IFGE);
        case F64_EQ -> pre(DCMPL, IFEQ);
        case F64_NE -> pre(DCMPL, IFNE);
        case F64_LT -> pre(DCMPG, IFLT);
        case F64_GT -> pre(DCMPL, IFGT);
        case F64_LE -> pre(DCMPG, IFLE);
        case F64_GE -> pre(DCMPL, IFGE);
        default -> throw new IllegalStateException("not a comparison: " + op);
      };
    }

    /**
     * A comparison whose 0/1 result is used as a value (not fused into a branch): computed without
     * branches, since such results usually feed arithmetic and a data-dependent branch would
     * mispredict. Equality uses {@code (x | -x) >>> 31}; orderings reduce the operands to a
     * three-way result r in {-1, 0, 1} (lcmp, fcmpl/fcmpg, Integer.compare, compareUnsigned — all
     * C2 intrinsics) and map r to 0/1 arithmetically.
     */
    void materialize(OpCode op) {
      switch (op) {
        case I32_EQZ -> {
          pop();
          isZero();
        }
        case I32_EQ -> {
          pop();
          pop();
          mv.visitInsn(IXOR);
          isZero();
        }
        case I32_NE -> {
          pop();
          pop();
          mv.visitInsn(IXOR);
          isNonZero();
        }
        case I32_LT_S, I32_GT_S, I32_LE_S, I32_GE_S -> {
          pop();
          pop();
          // [a, b] → [(long) b, (long) a] → lcmp: r = compare(b, a), the three-way result with
          // the operands swapped (Integer.compare is no intrinsic: in a method over C2's inlining
          // budget it would stay a call), so each test is mirrored
          mv.visitInsn(I2L);
          mv.visitInsn(DUP2_X1);
          mv.visitInsn(POP2);
          mv.visitInsn(I2L);
          mv.visitInsn(LCMP);
          fromThreeWay(
              switch (op) {
                case I32_LT_S -> IFGT;
                case I32_GT_S -> IFLT;
                case I32_LE_S -> IFGE;
                default -> IFLE;
              });
        }
        default -> fromThreeWay(compareJump(op));
      }
    }

    /** x → x == 0 ? 1 : 0, branch-free. */
    void isZero() {
      isNonZero();
      mv.visitInsn(ICONST_1);
      mv.visitInsn(IXOR);
    }

    /** x → x != 0 ? 1 : 0, branch-free: the sign bit of x | -x. */
    void isNonZero() {
      mv.visitInsn(DUP);
      mv.visitInsn(INEG);
      mv.visitInsn(IOR);
      iconst(31);
      mv.visitInsn(IUSHR);
    }

    /** r in {-1, 0, 1} on the stack → 1 if the test {@code jump} (IFxx on r) holds, else 0. */
    void fromThreeWay(int jump) {
      switch (jump) {
        case IFLT -> {} // r == -1
        case IFLE -> { // r <= 0  ⇔  r - 1 < 0
          mv.visitInsn(ICONST_1);
          mv.visitInsn(ISUB);
        }
        case IFGT -> mv.visitInsn(INEG); // r == 1  ⇔  -r < 0
        case IFGE -> { // r >= 0  ⇔  ~r < 0
          mv.visitInsn(ICONST_M1);
          mv.visitInsn(IXOR);
        }
        case IFEQ -> { // r == 0  ⇔  low bit clear
          mv.visitInsn(ICONST_1);
          mv.visitInsn(IAND);
          mv.visitInsn(ICONST_1);
          mv.visitInsn(IXOR);
          return;
        }
        case IFNE -> {
          mv.visitInsn(ICONST_1);
          mv.visitInsn(IAND);
          return;
        }
        default -> throw new IllegalStateException("not a three-way test: " + jump);
      }
      iconst(31);
      mv.visitInsn(IUSHR);
    }

    int pre(int insn, int jump) {
      mv.visitInsn(insn);
      return jump;
    }

    int unsignedPre(ValType operand, int jump) {
      if (operand == ValType.I32) {
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
      } else {
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
      }
      return jump;
    }

    // ---------------------------------------------------------------- instructions

    void emitOp(AnnotatedInstruction ins) {
      OpCode op = ins.opcode();
      if (numeric.emit(op)) {
        return;
      }
      if (Comparisons.is(op)) {
        materialize(op); // a value; fused compare-and-branch pairs never get here
        push(ValType.I32);
        return;
      }
      switch (op) {
        case NOP -> {}
        case UNREACHABLE -> {
          ops(Builtin.UNREACHABLE);
          mv.visitInsn(ATHROW);
          unreachable = true;
        }
        case DROP -> popValue(pop());
        case SELECT, SELECT_T -> {
          pop(); // condition
          ValType t = pop();
          pop();
          Label keepFirst = new Label();
          Label end = new Label();
          mv.visitJumpInsn(IFNE, keepFirst);
          // false: keep the second value, drop the first (beneath it)
          if (t.slots() == 2) {
            mv.visitInsn(DUP2_X2);
            mv.visitInsn(POP2);
            mv.visitInsn(POP2);
          } else {
            mv.visitInsn(SWAP);
            mv.visitInsn(POP);
          }
          mv.visitJumpInsn(GOTO, end);
          mv.visitLabel(keepFirst);
          popValue(t);
          mv.visitLabel(end);
          push(t);
        }
        case LOCAL_GET -> localGet((int) ins.operand(0));
        case LOCAL_SET -> localSet((int) ins.operand(0), false);
        case LOCAL_TEE -> localSet((int) ins.operand(0), true);
        case GLOBAL_GET -> globalGet((int) ins.operand(0));
        case GLOBAL_SET -> globalSet((int) ins.operand(0));
        case BR -> emitBr((int) ins.operand(0));
        case BR_IF -> emitBrIf((int) ins.operand(0));
        case BR_TABLE -> emitBrTable(ins);
        case RETURN -> {
          Ctl fn = ctl.get(0);
          branchTo(fn);
          unreachable = true;
        }
        case CALL -> emitCall((int) ins.operand(0));
        case CALL_INDIRECT -> emitCallIndirect((int) ins.operand(0), (int) ins.operand(1));

        case I32_CONST -> {
          iconst((int) ins.operand(0));
          push(ValType.I32);
        }
        case I64_CONST -> {
          lconst(ins.operand(0));
          push(ValType.I64);
        }
        case F32_CONST -> {
          fconst((int) ins.operand(0));
          push(ValType.F32);
        }
        case F64_CONST -> {
          dconst(ins.operand(0));
          push(ValType.F64);
        }

        // ---- memory
        case I32_LOAD, I32_LOAD8_S, I32_LOAD8_U, I32_LOAD16_S, I32_LOAD16_U ->
            load(op, ValType.I32, ins.operand(1));
        case I64_LOAD,
                I64_LOAD8_S,
                I64_LOAD8_U,
                I64_LOAD16_S,
                I64_LOAD16_U,
                I64_LOAD32_S,
                I64_LOAD32_U ->
            load(op, ValType.I64, ins.operand(1));
        case F32_LOAD -> load(op, ValType.F32, ins.operand(1));
        case F64_LOAD -> load(op, ValType.F64, ins.operand(1));
        case I32_STORE,
                I64_STORE,
                F32_STORE,
                F64_STORE,
                I32_STORE8,
                I32_STORE16,
                I64_STORE8,
                I64_STORE16,
                I64_STORE32 ->
            store(op, ins.operand(1));
        case MEMORY_SIZE -> {
          if (boundSlot >= 0) {
            mv.visitVarInsn(ILOAD, boundSlot);
          } else {
            mv.visitVarInsn(ALOAD, memSlot);
            mv.visitInsn(ARRAYLENGTH);
          }
          iconst(16);
          mv.visitInsn(IUSHR);
          push(ValType.I32);
        }
        case MEMORY_GROW -> {
          loadCtx();
          ops(Builtin.MEMORY_GROW);
          reloadMemory();
        }
        case MEMORY_FILL -> {
          pop();
          pop();
          pop();
          loadCtx();
          ops(Builtin.MEMORY_FILL);
        }
        case MEMORY_COPY -> {
          pop();
          pop();
          pop();
          loadCtx();
          ops(Builtin.MEMORY_COPY);
        }
        case MEMORY_INIT -> {
          pop();
          pop();
          pop();
          loadCtx();
          iconst((int) ins.operand(0));
          ops(Builtin.MEMORY_INIT);
        }
        case DATA_DROP -> {
          loadCtx();
          iconst((int) ins.operand(0));
          ops(Builtin.DATA_DROP);
        }

        // ---- references and tables
        case REF_NULL -> {
          mv.visitInsn(ACONST_NULL);
          push(ins.operand(0) == -17 ? ValType.EXTERNREF : ValType.FUNCREF);
        }
        case REF_IS_NULL -> {
          pop();
          boolFrom(IFNULL);
          push(ValType.I32);
        }
        case REF_FUNC -> {
          loadCtx();
          RuntimeField.CONTEXT_FUNCTIONS.get(mv);
          iconst((int) ins.operand(0));
          mv.visitInsn(AALOAD);
          push(ValType.FUNCREF);
        }
        case TABLE_GET,
                TABLE_SET,
                TABLE_SIZE,
                TABLE_GROW,
                TABLE_FILL,
                TABLE_COPY,
                TABLE_INIT,
                ELEM_DROP ->
            helperCall(HelperCall.of(op), ins);

        default ->
            throw new UnsupportedOperationException(
                "instruction " + op + " is not part of WebAssembly 2.0 (without SIMD)");
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  /**
   * Least budget (unscaled estimate bytes) left in a method for a block too big for a chunk to be
   * split there rather than outlined whole.
   */
  static final int DESCEND_MIN = 1400;

  /** Estimated bytes of one chunk call site and its exit dispatch. */
  static final int CHUNK_CALL_COST = 160;

  private ValType tableType(int table) {
    return tableTypes.get(table);
  }

  private List<ValType> tableTypes = List.of();

  private boolean countsCalls = true;

  /**
   * Whether the function counts itself in {@code ctx.callsLeft} (see {@code enterCall}): needed
   * only by functions that can take part in a cycle of calls (ModuleCompiler decides); true unless
   * told otherwise.
   */
  public FunctionEmitter withCallCounting(boolean counts) {
    countsCalls = counts;
    return this;
  }

  /**
   * Allows outlining the function's loop nests ({@link #outlinesLoopNests}) — for functions entered
   * rarely (only called by the host), where a split method's frame costs nothing measurable.
   */
  public FunctionEmitter withLoopOutlining(boolean allowed) {
    outlineLoops = allowed && !frameRequired && outlinesLoopNests(body);
    if (outlineLoops) {
      frameMode = true;
      cacheLocals = locals.size() <= MAX_CACHED_LOCALS && !Descriptors.isWide(type);
    }
    return this;
  }

  /** Whether switch-shaped nests are emitted as ladders ({@code CompileOptions.ladders}). */
  private boolean laddersAllowed;

  /** Emits ladders or not ({@code CompileOptions.ladders}; off by default). */
  public FunctionEmitter withLadders(boolean allowed) {
    this.laddersAllowed = allowed;
    return this;
  }

  /**
   * Allows one method of up to {@link #HUGE_METHOD_LIMIT} bytes for a function too big for one
   * 8,000-byte method (other than one whose loop nests are outlined): split, every crossing between
   * its methods passes locals through the frame array — on every iteration when the cut runs
   * through a loop (an interpreter's dispatch loop: 2,160 → 120 ms/op in the script workload), on
   * every call of a recursive function. Only for a JVM that compiles huge methods
   * (CompileOptions.hugeMethods); a function that does not fit even so is split as usual.
   */
  public FunctionEmitter withHugeMethods(boolean allowed) {
    hugeMethod =
        allowed
            && frameMode
            && !frameRequired
            && !outlineLoops
            && body.estimatedSize() <= 3 * HUGE_METHOD_LIMIT;
    return this;
  }

  /**
   * Splits the function when its estimate exceeds {@code budget} instead of {@link #BUDGET}, with
   * every method budget scaled down alike (CompileOptions.splitBudget): small budgets split small
   * functions into many chunks, so tests reach the splitter's paths with small modules.
   */
  /** Whether the function gets an entry check ({@code CompileOptions.entryChecks()}). */
  private boolean entryCheck;

  /** Emits the function behind an entry check ({@code CompileOptions.entryChecks()}). */
  public FunctionEmitter withEntryCheck(boolean on) {
    this.entryCheck = on;
    return this;
  }

  public FunctionEmitter withSplitBudget(int budget) {
    splitBudget = Math.min(budget, BUDGET);
    if (!frameMode && body.estimatedSize() > splitBudget) {
      frameMode = true;
      cacheLocals = locals.size() <= MAX_CACHED_LOCALS && !Descriptors.isWide(type);
    }
    return this;
  }

  /**
   * Compiles a variant specialized on fixed arguments: parameter index → its value ({@link
   * Integer}, {@link Long}, {@link Float} or {@link Double}, matching the parameter's type). The
   * variant is only correct for calls that pass those values; its callers guard it.
   */
  public FunctionEmitter withConstantParameters(Map<Integer, Number> constants) {
    checkConstantParameters(type, funcIndex, constants);
    this.constantParameters = Map.copyOf(constants);
    return this;
  }

  /**
   * Checks that each fixed value of a variant of function {@code funcIndex} of type {@code type} is
   * a number of its parameter's type ({@link Integer} for i32, {@link Long} for i64, {@link Float}
   * for f32, {@link Double} for f64), and that the function takes its arguments unboxed.
   *
   * @throws IllegalArgumentException naming the parameter and the value otherwise
   */
  public static void checkConstantParameters(
      FunctionType type, int funcIndex, Map<Integer, Number> constants) {
    if (!constants.isEmpty() && Descriptors.isWide(type)) {
      throw new IllegalArgumentException(
          "function " + funcIndex + " takes its arguments boxed: it cannot be specialized");
    }
    for (Map.Entry<Integer, Number> c : constants.entrySet()) {
      int i = c.getKey();
      if (i < 0 || i >= type.params().size()) {
        throw new IllegalArgumentException("function " + funcIndex + " has no parameter " + i);
      }
      Class<?> want =
          switch (type.params().get(i)) {
            case I32 -> Integer.class;
            case I64 -> Long.class;
            case F32 -> Float.class;
            case F64 -> Double.class;
            default -> null;
          };
      if (want == null || !want.isInstance(c.getValue())) {
        throw new IllegalArgumentException(
            "parameter "
                + i
                + " of function "
                + funcIndex
                + " is "
                + type.params().get(i)
                + ": it cannot be fixed to "
                + c.getValue());
      }
    }
  }

  /** Sets the element type of every table (imports first); needed for table.get. */
  public FunctionEmitter withTableTypes(List<ValType> types) {
    this.tableTypes = types;
    return this;
  }

  /** {reads ∪ writes, writes} of the locals in a run of nodes (memoized per node). */
  java.util.BitSet[] use(List<Node> run) {
    java.util.BitSet used = new java.util.BitSet();
    java.util.BitSet writes = new java.util.BitSet();
    for (Node n : run) {
      java.util.BitSet[] u = use(n);
      used.or(u[0]);
      writes.or(u[1]);
    }
    return new java.util.BitSet[] {used, writes};
  }

  private java.util.BitSet[] use(Node n) {
    java.util.BitSet[] known = localUse.get(n);
    if (known != null) {
      return known;
    }
    java.util.BitSet used = new java.util.BitSet();
    java.util.BitSet writes = new java.util.BitSet();
    if (n instanceof FuelNode) {
      return new java.util.BitSet[] {used, writes};
    }
    if (n instanceof OpNode op) {
      switch (op.instruction().opcode()) {
        case LOCAL_GET -> used.set((int) op.instruction().operand(0));
        case LOCAL_SET, LOCAL_TEE -> {
          used.set((int) op.instruction().operand(0));
          writes.set((int) op.instruction().operand(0));
        }
        default -> {}
      }
    } else {
      BlockNode b = (BlockNode) n;
      for (Node c : b.body()) {
        java.util.BitSet[] u = use(c);
        used.or(u[0]);
        writes.or(u[1]);
      }
      for (Node c : b.elseBody()) {
        java.util.BitSet[] u = use(c);
        used.or(u[0]);
        writes.or(u[1]);
      }
    }
    java.util.BitSet[] result = {used, writes};
    if (n instanceof BlockNode) {
      localUse.put(n, result); // plain instructions are cheap to recompute
    }
    return result;
  }

  /** Bytes to move a run's locals between registers and frame at one boundary crossing. */
  int syncCost(java.util.BitSet[] use) {
    return 10 * (use[0].cardinality() + use[1].cardinality());
  }

  /**
   * The groups of a ladder's tails: each as big as a method allows, unless calling them all would
   * take more than a method — then fewer, bigger ones (calls for half a method), each dispatching
   * to sub-groups of its own when over twice a method ({@code M.emitGroupDispatch}).
   */
  List<int[]> ladderGroups(Ladder l) {
    int budget = scaled(BUDGET - 100);
    List<int[]> groups = l.groups(1, l.top(), budget, this::tailSync);
    int overhead = ladderOverhead(l, groups);
    if (overhead > budget && groups.size() > 2) {
      int count = (int) Math.max(2, (long) groups.size() * (budget / 2) / overhead);
      groups = l.groupsOf(count);
    }
    return groups;
  }

  /** Whether {@code n} holds a ladder (at any depth) bigger than {@code minSize} (estimate). */
  private static boolean containsLadder(Node n, int minSize) {
    if (!(n instanceof BlockNode b) || b.estimatedSize() <= minSize) {
      return false;
    }
    if (Ladder.of(b) != null) {
      return true;
    }
    for (Node c : b.body()) {
      if (containsLadder(c, minSize)) {
        return true;
      }
    }
    for (Node c : b.elseBody()) {
      if (containsLadder(c, minSize)) {
        return true;
      }
    }
    return false;
  }

  /** The ladder starting at {@code b}, if it is one and ladders are on. */
  Ladder ladderOf(BlockNode b) {
    return laddersAllowed ? Ladder.of(b) : null;
  }

  /** Sync cost of a ladder group's tails when its method caches their locals. */
  int tailSync(List<Node> tails) {
    return cacheLocals ? syncCost(use(tails)) : 0;
  }

  /**
   * Estimated bytes a {@link Ladder} costs the method it is emitted in besides its head: the
   * trampolines and the calls of its groups.
   */
  int ladderOverhead(Ladder l, List<int[]> groups) {
    // The dispatch switch, a few trampolines, the calls with their exits to the dispatch.
    int cost = 16 + 4 * (l.top() + 1) + Ladder.TRAMPOLINE_COST * Math.min(l.top(), 8);
    for (int[] g : groups) {
      cost += chunkCallCost(l.tails(g[0], g[1])) + 16;
    }
    return cost;
  }

  /** Estimated bytes of a {@link Ladder} emitted in place: entry, head, trampolines and calls. */
  int ladderInlineCost(Ladder l) {
    int cost = ladderOverhead(l, ladderGroups(l));
    for (int k = 1; k <= l.top(); k++) {
      cost += Ladder.size(l.pre(k));
    }
    return cost + Math.max(1, Math.min(l.headCost(), scaled(BUDGET) / 4));
  }

  /** Estimated bytes of calling a chunk for {@code run} at its call site. */
  int chunkCallCost(List<Node> run) {
    return CHUNK_CALL_COST + (cacheLocals ? syncCost(use(run)) : 0);
  }

  /** The jump taken exactly when {@code jump} is not. */
  static int negate(int jump) {
    return switch (jump) {
      case IFEQ -> IFNE;
      case IFNE -> IFEQ;
      case IFLT -> IFGE;
      case IFGE -> IFLT;
      case IFGT -> IFLE;
      case IFLE -> IFGT;
      case IF_ICMPEQ -> IF_ICMPNE;
      case IF_ICMPNE -> IF_ICMPEQ;
      case IF_ICMPLT -> IF_ICMPGE;
      case IF_ICMPGE -> IF_ICMPLT;
      case IF_ICMPGT -> IF_ICMPLE;
      case IF_ICMPLE -> IF_ICMPGT;
      default -> throw new IllegalArgumentException("not a conditional jump: " + jump);
    };
  }

  private static int sum(List<Node> nodes) {
    int s = 0;
    for (Node n : nodes) {
      s += n.estimatedSize();
    }
    return s;
  }

  static boolean isValueBlockType(long bt) {
    return bt == 0x40
        || bt == 0x7F
        || bt == 0x7E
        || bt == 0x7D
        || bt == 0x7C
        || bt == 0x70
        || bt == 0x6F;
  }

  static ValType valTypeOfCode(int code) {
    return switch (code) {
      case 0x7F -> ValType.I32;
      case 0x7E -> ValType.I64;
      case 0x7D -> ValType.F32;
      case 0x7C -> ValType.F64;
      case 0x70 -> ValType.FUNCREF;
      case 0x6F -> ValType.EXTERNREF;
      default -> throw new IllegalArgumentException("not a value type: " + code);
    };
  }
}
