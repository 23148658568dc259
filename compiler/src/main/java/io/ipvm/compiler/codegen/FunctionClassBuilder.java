package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import io.ipvm.compiler.abi.Builtin;
import io.ipvm.compiler.abi.Calls;
import io.ipvm.compiler.abi.RuntimeField;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.tree.MethodNode;

/**
 * One generated class holding the static methods of a group of functions, plus the members they
 * share: bridges to imported functions and to {@code call_indirect} targets, big {@code br_table}
 * maps, and frame sizes of split functions.
 */
public final class FunctionClassBuilder implements ClassContext {
  private final String owner;
  private final ModuleInfo mod;
  private final List<MethodNode> methods = new ArrayList<>();
  private final Map<Integer, String> importBridges = new LinkedHashMap<>();
  private final Map<String, int[]> indirectBridges = new LinkedHashMap<>();
  private final Map<String, int[]> intArrays = new LinkedHashMap<>();
  private final Map<String, Integer> intConstants = new LinkedHashMap<>();

  /** A class named {@code owner} (internal name) in module {@code mod}. */
  public FunctionClassBuilder(String owner, ModuleInfo mod) {
    this.owner = owner;
    this.mod = mod;
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public String importBridge(int funcIndex) {
    return importBridges.computeIfAbsent(funcIndex, i -> "import$" + i);
  }

  @Override
  public String indirectBridge(int typeIndex, int table) {
    String name = "indirect$" + typeIndex + "$" + table;
    indirectBridges.putIfAbsent(name, new int[] {typeIndex, table});
    return name;
  }

  /** Functions given an entry check, by index, with their types. */
  private final Map<Integer, FunctionType> entryChecks = new LinkedHashMap<>();

  /**
   * Adds the entry of function {@code funcIndex}, whose code is the method {@code f<N>$body}: the
   * method {@code f<N>} and its flag {@code ENTRY$<N>} (public static boolean, true from class
   * initialization). Set, a call goes through the function's replaceable call site ({@code
   * invokedynamic f<N>}, bootstrapped like relinkable calls: the runtime profiles it, or guards
   * variants, and falls back to {@code f<N>$body}); clear, straight to {@code f<N>$body}. The
   * runtime clears it when the site has nothing but the body to run.
   */
  @Override
  public void addEntryCheck(int funcIndex, FunctionType ft) {
    entryChecks.put(funcIndex, ft);
  }

  /** The name of the flag of function {@code funcIndex}'s entry check. */
  public static String entryFlag(int funcIndex) {
    return "ENTRY$" + funcIndex;
  }

  private void emitEntryCheck(ClassWriter cw, int funcIndex, FunctionType ft) {
    String flag = entryFlag(funcIndex);
    cw.visitField(ACC_PUBLIC | ACC_STATIC, flag, "Z", null, null).visitEnd();
    String desc = mod.methodDesc(ft);
    String name = ModuleInfo.methodName(funcIndex);
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, name, desc, null, null);
    mv.visitCode();
    int ctxSlot = Descriptors.isWide(ft) ? 1 : slotsOf(ft.params());
    Label body = new Label();
    mv.visitFieldInsn(GETSTATIC, owner, flag, "Z");
    mv.visitJumpInsn(IFEQ, body);
    loadParams(mv, ft, 0);
    mv.visitVarInsn(ALOAD, ctxSlot);
    Calls.invokeFunction(mv, funcIndex, desc);
    returnOf(mv, ft);
    mv.visitLabel(body);
    loadParams(mv, ft, 0);
    mv.visitVarInsn(ALOAD, ctxSlot);
    mv.visitMethodInsn(INVOKESTATIC, owner, name + "$body", desc, false);
    returnOf(mv, ft);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** Returns what a function's method returns: nothing, one value, or an array of results. */
  private static void returnOf(MethodVisitor mv, FunctionType ft) {
    String d = Descriptors.method(ft, "");
    switch (d.charAt(d.length() - 1)) {
      case 'V' -> mv.visitInsn(RETURN);
      case 'I' -> mv.visitInsn(IRETURN);
      case 'J' -> mv.visitInsn(LRETURN);
      case 'F' -> mv.visitInsn(FRETURN);
      case 'D' -> mv.visitInsn(DRETURN);
      default -> mv.visitInsn(ARETURN);
    }
  }

  @Override
  public String intArrayField(int[] values) {
    String name = "TABLE$" + intArrays.size();
    intArrays.put(name, values);
    return name;
  }

  @Override
  public String intConstantField(String name, int value) {
    intConstants.put(name, value);
    return name;
  }

  @Override
  public void addMethod(MethodNode method) {
    methods.add(method);
  }

  /** Produces the class file. */
  public byte[] toBytes() {
    ClassWriter cw =
        new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
          // Frames only ever merge our own value types, all of which are Object for the verifier.
          @Override
          protected String getCommonSuperClass(String a, String b) {
            return "java/lang/Object";
          }
        };
    cw.visit(V21, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, "java/lang/Object", null);
    for (Map.Entry<String, Integer> c : intConstants.entrySet()) {
      cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, c.getKey(), "I", null, c.getValue())
          .visitEnd();
    }
    for (String name : intArrays.keySet()) {
      cw.visitField(ACC_STATIC | ACC_FINAL | ACC_PRIVATE, name, "[I", null, null).visitEnd();
    }
    for (MethodNode m : methods) {
      m.accept(cw);
    }
    for (Map.Entry<Integer, String> b : importBridges.entrySet()) {
      emitImportBridge(cw, b.getKey(), b.getValue());
    }
    for (Map.Entry<String, int[]> b : indirectBridges.entrySet()) {
      emitIndirectBridge(cw, b.getKey(), b.getValue()[0], b.getValue()[1]);
    }
    for (Map.Entry<Integer, FunctionType> e : entryChecks.entrySet()) {
      emitEntryCheck(cw, e.getKey(), e.getValue());
    }
    if (!intArrays.isEmpty() || !entryChecks.isEmpty()) {
      emitClinit(cw);
    }
    cw.visitEnd();
    try {
      return cw.toByteArray();
    } catch (org.objectweb.asm.MethodTooLargeException e) {
      throw new io.ipvm.compiler.ImplementationLimitException(
          "method "
              + e.getMethodName()
              + " has "
              + e.getCodeSize()
              + " bytes of bytecode, the JVM allows 65,535",
          functionOf(e.getMethodName()));
    } catch (org.objectweb.asm.ClassTooLargeException e) {
      int first = -1;
      for (MethodNode m : methods) {
        first = functionOf(m.name);
        if (first >= 0) {
          break;
        }
      }
      throw new io.ipvm.compiler.ImplementationLimitException(
          "class "
              + owner
              + " needs "
              + e.getConstantPoolCount()
              + " constant-pool entries, the JVM allows 65,535 (the class holds the function"
              + " named here and those after it)",
          first);
    }
  }

  /** The function index in a generated method name ({@code f<N>} or {@code f<N>$<k>}), or -1. */
  private static int functionOf(String methodName) {
    var m = java.util.regex.Pattern.compile("f(\\d+)(\\$\\d+)?").matcher(methodName);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private void emitImportBridge(ClassWriter cw, int funcIndex, String name) {
    FunctionType ft = mod.functionTypes().get(funcIndex);
    String desc = mod.methodDesc(ft);
    MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, name, desc, null, null);
    mv.visitCode();
    int ctxSlot = Descriptors.isWide(ft) ? 1 : slotsOf(ft.params());
    mv.visitVarInsn(ALOAD, ctxSlot);
    RuntimeField.CONTEXT_IMPORTS.get(mv);
    pushInt(mv, funcIndex);
    mv.visitInsn(AALOAD);
    loadParams(mv, ft, 0);
    mv.visitMethodInsn(
        INVOKEVIRTUAL, RuntimeAbi.METHOD_HANDLE, "invokeExact", Descriptors.method(ft, ""), false);
    returnResults(mv, ft.results());
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The bridge of {@code call_indirect} for one type and table. When element segments name
   * functions of that type, the bridge switches on the entry's function index and calls those
   * functions directly (HotSpot profiles the switch and can inline hot targets, where a call
   * through a non-constant method handle stays opaque); any other entry (a host function, another
   * instance's, or one put there by {@code ref.func}) goes through its checked handle.
   */
  private void emitIndirectBridge(ClassWriter cw, String name, int typeIndex, int table) {
    FunctionType ft = mod.types().get(typeIndex);
    String desc = Descriptors.method(ft, "I" + mod.contextDesc());
    MethodVisitor mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, name, desc, null, null);
    mv.visitCode();
    int idxSlot = Descriptors.isWide(ft) ? 1 : slotsOf(ft.params());
    int[] targets = directTargets(ft);
    if (targets.length > 0) {
      mv.visitVarInsn(ILOAD, idxSlot);
      mv.visitVarInsn(ALOAD, idxSlot + 1);
      pushInt(mv, table);
      mv.visitLdcInsn(ft.key());
      Builtin.INDIRECT_INDEX.invoke(mv);
      Label viaHandle = new Label();
      Label[] cases = new Label[targets.length];
      for (int i = 0; i < cases.length; i++) {
        cases[i] = new Label();
      }
      mv.visitLookupSwitchInsn(viaHandle, targets, cases);
      String calleeDesc = mod.methodDesc(ft);
      for (int i = 0; i < cases.length; i++) {
        mv.visitLabel(cases[i]);
        loadParams(mv, ft, 0);
        mv.visitVarInsn(ALOAD, idxSlot + 1);
        int f = targets[i];
        if (mod.relinkable()) {
          Calls.invokeFunction(mv, f, calleeDesc);
        } else {
          mv.visitMethodInsn(
              INVOKESTATIC, mod.owners()[f], ModuleInfo.methodName(f), calleeDesc, false);
        }
        returnResults(mv, ft.results());
      }
      mv.visitLabel(viaHandle);
    }
    mv.visitVarInsn(ILOAD, idxSlot);
    mv.visitVarInsn(ALOAD, idxSlot + 1);
    pushInt(mv, table);
    mv.visitLdcInsn(ft.key());
    Builtin.INDIRECT.invoke(mv);
    loadParams(mv, ft, 0);
    mv.visitMethodInsn(
        INVOKEVIRTUAL, RuntimeAbi.METHOD_HANDLE, "invokeExact", Descriptors.method(ft, ""), false);
    returnResults(mv, ft.results());
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * The functions a bridge of type {@code ft} calls directly: those element segments name, as many
   * as keep the bridge well under HotSpot's 8,000-byte limit for compiling a method at all.
   */
  private int[] directTargets(FunctionType ft) {
    int[] all = mod.tableTargetsOf(ft.key());
    int perCase = (Descriptors.isWide(ft) ? 1 : 2 * ft.params().size()) + 12;
    int max = MAX_BRIDGE_BYTES / perCase;
    return all.length <= max ? all : java.util.Arrays.copyOf(all, max);
  }

  /** Bytecode budget of the direct calls of one {@code call_indirect} bridge. */
  private static final int MAX_BRIDGE_BYTES = 6_000;

  private void emitClinit(ClassWriter cw) {
    MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    mv.visitCode();
    for (Map.Entry<String, int[]> a : intArrays.entrySet()) {
      // Encoded as chars of string constants (each at most 65535 bytes of modified UTF-8).
      int[] values = a.getValue();
      StringBuilder all = new StringBuilder();
      for (int v : values) {
        all.append((char) v);
      }
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < all.length(); i += 20000) {
        pieces.add(all.substring(i, Math.min(all.length(), i + 20000)));
      }
      pushInt(mv, pieces.size());
      mv.visitTypeInsn(ANEWARRAY, "java/lang/String");
      for (int i = 0; i < pieces.size(); i++) {
        mv.visitInsn(DUP);
        pushInt(mv, i);
        mv.visitLdcInsn(pieces.get(i));
        mv.visitInsn(AASTORE);
      }
      Builtin.DECODE_TABLE.invoke(mv);
      mv.visitFieldInsn(PUTSTATIC, owner, a.getKey(), "[I");
    }
    // Entry flags start set: the first call of each function links its site, and the runtime
    // clears the flag if the site has nothing to do.
    for (int f : entryChecks.keySet()) {
      mv.visitInsn(ICONST_1);
      mv.visitFieldInsn(PUTSTATIC, owner, entryFlag(f), "Z");
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static int slotsOf(List<ValType> types) {
    int s = 0;
    for (ValType t : types) {
      s += t.slots();
    }
    return s;
  }

  private static void loadParams(MethodVisitor mv, FunctionType ft, int first) {
    if (Descriptors.isWide(ft)) {
      mv.visitVarInsn(ALOAD, first);
      return;
    }
    int slot = first;
    for (ValType t : ft.params()) {
      mv.visitVarInsn(Descriptors.load(t), slot);
      slot += t.slots();
    }
  }

  private static void returnResults(MethodVisitor mv, List<ValType> results) {
    switch (results.size()) {
      case 0 -> mv.visitInsn(RETURN);
      case 1 -> mv.visitInsn(Descriptors.ret(results.get(0)));
      default -> mv.visitInsn(ARETURN);
    }
  }

  static void pushInt(MethodVisitor mv, int v) {
    Constants.pushInt(mv, v);
  }
}
