package io.ipvm.compiler.abi;

import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.PUTFIELD;

import org.objectweb.asm.MethodVisitor;

/**
 * Every runtime field generated code reads or writes: owner, name, descriptor, and whether it is
 * static. {@code runtime/src/test/.../AbiTest} resolves each one with {@code findGetter}/{@code
 * findStaticGetter} (and {@code findSetter} for the fields code writes).
 */
public enum RuntimeField {
  /** {@code Context.memory}: the instance's memory. */
  CONTEXT_MEMORY(RuntimeClass.CONTEXT, "memory", RuntimeClass.MEMORY.descriptor(), false, false),
  /** {@code Context.globals}: shared global cells by global index. */
  CONTEXT_GLOBALS(
      RuntimeClass.CONTEXT, "globals", "[" + RuntimeClass.GLOBAL.descriptor(), false, false),
  /** {@code Context.imports}: imported functions' handles by function index. */
  CONTEXT_IMPORTS(
      RuntimeClass.CONTEXT, "imports", "[Ljava/lang/invoke/MethodHandle;", false, false),
  /** {@code Context.functions}: function references by function index. */
  CONTEXT_FUNCTIONS(
      RuntimeClass.CONTEXT,
      "functions",
      "[" + RuntimeClass.WASM_FUNCTION.descriptor(),
      false,
      false),
  /** {@code Context.callsLeft}: the call-depth budget. */
  CONTEXT_CALLS_LEFT(RuntimeClass.CONTEXT, "callsLeft", "I", false, true),
  /** {@code Context.frameSlots}: frame slots held by running frame-mode functions. */
  CONTEXT_FRAME_SLOTS(RuntimeClass.CONTEXT, "frameSlots", "J", false, true),
  /** {@code MeteredContext.fuel}: fuel left. */
  METERED_FUEL(RuntimeClass.METERED_CONTEXT, "fuel", "J", false, true),
  /** {@code Memory.bytes}: the current array. */
  MEMORY_BYTES(RuntimeClass.MEMORY, "bytes", "[B", false, false),
  /** {@code Memory.size}: the memory's size in bytes. */
  MEMORY_SIZE(RuntimeClass.MEMORY, "size", "I", false, false),
  /** {@code Memory.SHORT}: little-endian 16-bit view of a {@code byte[]}. */
  MEMORY_VIEW_SHORT(RuntimeClass.MEMORY, "SHORT", "Ljava/lang/invoke/VarHandle;", true, false),
  /** {@code Memory.INT}: little-endian 32-bit view. */
  MEMORY_VIEW_INT(RuntimeClass.MEMORY, "INT", "Ljava/lang/invoke/VarHandle;", true, false),
  /** {@code Memory.LONG}: little-endian 64-bit view. */
  MEMORY_VIEW_LONG(RuntimeClass.MEMORY, "LONG", "Ljava/lang/invoke/VarHandle;", true, false),
  /** {@code Memory.FLOAT}: little-endian f32 view. */
  MEMORY_VIEW_FLOAT(RuntimeClass.MEMORY, "FLOAT", "Ljava/lang/invoke/VarHandle;", true, false),
  /** {@code Memory.DOUBLE}: little-endian f64 view. */
  MEMORY_VIEW_DOUBLE(RuntimeClass.MEMORY, "DOUBLE", "Ljava/lang/invoke/VarHandle;", true, false),
  /** {@code Global.bits}: a numeric global's raw bits. */
  GLOBAL_BITS(RuntimeClass.GLOBAL, "bits", "J", false, true),
  /** {@code Global.ref}: a reference global's value. */
  GLOBAL_REF(RuntimeClass.GLOBAL, "ref", "Ljava/lang/Object;", false, true);

  private final RuntimeClass owner;
  private final String name;
  private final String descriptor;
  private final boolean isStatic;
  private final boolean written;

  RuntimeField(
      RuntimeClass owner, String name, String descriptor, boolean isStatic, boolean written) {
    this.owner = owner;
    this.name = name;
    this.descriptor = descriptor;
    this.isStatic = isStatic;
    this.written = written;
  }

  /** The declaring class. */
  public RuntimeClass owner() {
    return owner;
  }

  /** The field's name. */
  public String fieldName() {
    return name;
  }

  /** The field's descriptor. */
  public String descriptor() {
    return descriptor;
  }

  /** Whether the field is static. */
  public boolean isStatic() {
    return isStatic;
  }

  /** Whether generated code writes the field (then it must not be final). */
  public boolean written() {
    return written;
  }

  /** Emits the read ({@code getfield}, or {@code getstatic} for a static field). */
  public void get(MethodVisitor mv) {
    mv.visitFieldInsn(isStatic ? GETSTATIC : GETFIELD, owner.internalName(), name, descriptor);
  }

  /** Emits the write ({@code putfield}); only for fields generated code writes. */
  public void put(MethodVisitor mv) {
    if (!written || isStatic) {
      throw new IllegalStateException(this + " is not written by generated code");
    }
    mv.visitFieldInsn(PUTFIELD, owner.internalName(), name, descriptor);
  }
}
