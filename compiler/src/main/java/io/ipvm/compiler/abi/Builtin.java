package io.ipvm.compiler.abi;

import static org.objectweb.asm.Opcodes.INVOKESTATIC;

import java.lang.constant.MethodTypeDesc;
import org.objectweb.asm.MethodVisitor;

/**
 * Every runtime method generated code calls: owner, name and descriptor, in one list. Emitters call
 * {@link #invoke}; {@code runtime/src/test/.../AbiTest} resolves each entry with {@code
 * MethodHandles.Lookup.findStatic} against the runtime's classes, so renaming or retyping a helper
 * breaks that test instead of a guest (a {@code NoSuchMethodError} at the first call).
 *
 * <p>Descriptors use the placeholders {@code $ctx}, {@code $mctx} and {@code $trap} for the
 * context, metered-context and trap classes.
 */
public enum Builtin {
  // ---- traps and limits
  UNREACHABLE("unreachable", "()$trap"),
  CALL_STACK_EXHAUSTED("callStackExhausted", "()$trap"),
  CHECK_LIMITS("checkLimits", "($mctx)V"),
  ENTER_FRAME("enterFrame", "($ctxI)V"),

  // ---- integer division
  I32_DIV_S("i32DivS", "(II)I"),
  I32_DIV_U("i32DivU", "(II)I"),
  I32_REM_S("i32RemS", "(II)I"),
  I32_REM_U("i32RemU", "(II)I"),
  I64_DIV_S("i64DivS", "(JJ)J"),
  I64_DIV_U("i64DivU", "(JJ)J"),
  I64_REM_S("i64RemS", "(JJ)J"),
  I64_REM_U("i64RemU", "(JJ)J"),

  // ---- float to int (trapping, and saturating unsigned)
  I32_TRUNC_F32_S("i32TruncF32S", "(F)I"),
  I32_TRUNC_F32_U("i32TruncF32U", "(F)I"),
  I32_TRUNC_F64_S("i32TruncF64S", "(D)I"),
  I32_TRUNC_F64_U("i32TruncF64U", "(D)I"),
  I64_TRUNC_F32_S("i64TruncF32S", "(F)J"),
  I64_TRUNC_F32_U("i64TruncF32U", "(F)J"),
  I64_TRUNC_F64_S("i64TruncF64S", "(D)J"),
  I64_TRUNC_F64_U("i64TruncF64U", "(D)J"),
  I32_TRUNC_SAT_F32_U("i32TruncSatF32U", "(F)I"),
  I32_TRUNC_SAT_F64_U("i32TruncSatF64U", "(D)I"),
  I64_TRUNC_SAT_F32_U("i64TruncSatF32U", "(F)J"),
  I64_TRUNC_SAT_F64_U("i64TruncSatF64U", "(D)J"),

  // ---- unsigned int to float
  F32_CONVERT_I32_U("f32ConvertI32U", "(I)F"),
  F32_CONVERT_I64_U("f32ConvertI64U", "(J)F"),
  F64_CONVERT_I32_U("f64ConvertI32U", "(I)D"),
  F64_CONVERT_I64_U("f64ConvertI64U", "(J)D"),

  // ---- float rules (NaN, signed zeros)
  F32_MIN("f32Min", "(FF)F"),
  F32_MAX("f32Max", "(FF)F"),
  F64_MIN("f64Min", "(DD)D"),
  F64_MAX("f64Max", "(DD)D"),
  F32_CEIL("f32Ceil", "(F)F"),
  F32_FLOOR("f32Floor", "(F)F"),
  F32_TRUNC("f32Trunc", "(F)F"),
  F32_NEAREST("f32Nearest", "(F)F"),
  F32_SQRT("f32Sqrt", "(F)F"),
  F64_CEIL("f64Ceil", "(D)D"),
  F64_FLOOR("f64Floor", "(D)D"),
  F64_TRUNC("f64Trunc", "(D)D"),
  F64_NEAREST("f64Nearest", "(D)D"),
  F64_SQRT("f64Sqrt", "(D)D"),

  // ---- bulk memory
  MEMORY_GROW("memoryGrow", "(I$ctx)I"),
  MEMORY_FILL("memoryFill", "(III$ctx)V"),
  MEMORY_COPY("memoryCopy", "(III$ctx)V"),
  MEMORY_INIT("memoryInit", "(III$ctxI)V"),
  DATA_DROP("dataDrop", "($ctxI)V"),

  // ---- tables
  TABLE_GET("tableGet", "(I$ctxI)Ljava/lang/Object;"),
  TABLE_SET("tableSet", "(ILjava/lang/Object;$ctxI)V"),
  TABLE_SIZE("tableSize", "($ctxI)I"),
  TABLE_GROW("tableGrow", "(Ljava/lang/Object;I$ctxI)I"),
  TABLE_FILL("tableFill", "(ILjava/lang/Object;I$ctxI)V"),
  TABLE_COPY("tableCopy", "(III$ctxII)V"),
  TABLE_INIT("tableInit", "(III$ctxII)V"),
  ELEM_DROP("elemDrop", "($ctxI)V"),
  /** {@code call_indirect}: the checked handle of table entry {@code index} (type key last). */
  INDIRECT("indirect", "(I$ctxILjava/lang/String;)Ljava/lang/invoke/MethodHandle;"),
  /**
   * {@code call_indirect}, checked as {@link #INDIRECT}: the index of the entry's function when it
   * is a function of the calling instance (so the bridge can call it directly), else -1.
   */
  INDIRECT_INDEX("indirectIndex", "(I$ctxILjava/lang/String;)I"),

  // ---- control and calling-convention support
  BR_TABLE_TARGET("brTableTarget", "(I[I)I"),
  DECODE_TABLE("decodeTable", "([Ljava/lang/String;)[I"),
  UNPACK_ARGUMENTS("unpackArguments", "([Ljava/lang/Object;[J[Ljava/lang/Object;)V"),

  // ---- linkage
  /**
   * Bootstrap of the {@code invokedynamic} that calls a defined function in relinkable code ({@link
   * Calls}): {@code (Lookup, name, type, function index) -> CallSite}.
   */
  LINK_FUNCTION(
      RuntimeClass.LINKER,
      "function",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;I)"
          + "Ljava/lang/invoke/CallSite;");

  private final RuntimeClass owner;
  private final String name;
  private final String descriptor;

  Builtin(String name, String descriptor) {
    this(RuntimeClass.OPS, name, descriptor);
  }

  Builtin(RuntimeClass owner, String name, String descriptor) {
    this.owner = owner;
    this.name = name;
    this.descriptor =
        descriptor
            .replace("$ctx", RuntimeClass.CONTEXT.descriptor())
            .replace("$mctx", RuntimeClass.METERED_CONTEXT.descriptor())
            .replace("$trap", RuntimeClass.TRAP.descriptor());
  }

  /** The class declaring the method. */
  public RuntimeClass owner() {
    return owner;
  }

  /** The method's name. */
  public String methodName() {
    return name;
  }

  /** The JVM method descriptor. */
  public String descriptor() {
    return descriptor;
  }

  /** The method type, symbolically (the runtime's classes are not loaded here). */
  public MethodTypeDesc type() {
    return MethodTypeDesc.ofDescriptor(descriptor);
  }

  /** Emits {@code invokestatic} of this method. */
  public void invoke(MethodVisitor mv) {
    mv.visitMethodInsn(INVOKESTATIC, owner.internalName(), name, descriptor, false);
  }
}
