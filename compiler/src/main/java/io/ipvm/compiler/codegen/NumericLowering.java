package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import com.dylibso.chicory.wasm.types.OpCode;
import io.ipvm.compiler.abi.Builtin;
import io.ipvm.wasm.ValType;
import java.util.List;
import org.objectweb.asm.MethodVisitor;

/**
 * The lowering of Wasm's numeric instructions (arithmetic, bit operations, conversions,
 * reinterpretations, sign extensions): stack in, stack out, no control flow, no memory. Each is a
 * JVM instruction where the JVM's semantics are Wasm's, an intrinsic ({@code Integer.bitCount},
 * {@code Math.copySign}, ...) or a small {@code Ops} helper where they differ (traps on division
 * and float-to-int conversion, NaN rules, unsigned conversions). The table in compiler/README.md
 * follows this class.
 */
final class NumericLowering {
  private final MethodVisitor mv;
  private final List<ValType> stack;

  /** Emits into {@code mv}, keeping {@code stack} (the Wasm type stack) up to date. */
  NumericLowering(MethodVisitor mv, List<ValType> stack) {
    this.mv = mv;
    this.stack = stack;
  }

  /** Emits {@code op} if it is a numeric instruction and returns whether it was. */
  boolean emit(OpCode op) {
    switch (op) {
      // ---- i32 arithmetic
      case I32_CLZ -> unaryStatic("java/lang/Integer", "numberOfLeadingZeros", "(I)I", ValType.I32);
      case I32_CTZ ->
          unaryStatic("java/lang/Integer", "numberOfTrailingZeros", "(I)I", ValType.I32);
      case I32_POPCNT -> unaryStatic("java/lang/Integer", "bitCount", "(I)I", ValType.I32);
      case I32_ADD -> binary(IADD, ValType.I32);
      case I32_SUB -> binary(ISUB, ValType.I32);
      case I32_MUL -> binary(IMUL, ValType.I32);
      case I32_DIV_S -> binaryStatic(Builtin.I32_DIV_S, ValType.I32);
      case I32_DIV_U -> binaryStatic(Builtin.I32_DIV_U, ValType.I32);
      case I32_REM_S -> binaryStatic(Builtin.I32_REM_S, ValType.I32);
      case I32_REM_U -> binaryStatic(Builtin.I32_REM_U, ValType.I32);
      case I32_AND -> binary(IAND, ValType.I32);
      case I32_OR -> binary(IOR, ValType.I32);
      case I32_XOR -> binary(IXOR, ValType.I32);
      case I32_SHL -> binary(ISHL, ValType.I32);
      case I32_SHR_S -> binary(ISHR, ValType.I32);
      case I32_SHR_U -> binary(IUSHR, ValType.I32);
      case I32_ROTL -> binaryStatic("java/lang/Integer", "rotateLeft", "(II)I", ValType.I32);
      case I32_ROTR -> binaryStatic("java/lang/Integer", "rotateRight", "(II)I", ValType.I32);
      // ---- i64 arithmetic
      case I64_CLZ -> {
        unaryStatic("java/lang/Long", "numberOfLeadingZeros", "(J)I", ValType.I64);
        mv.visitInsn(I2L);
      }
      case I64_CTZ -> {
        unaryStatic("java/lang/Long", "numberOfTrailingZeros", "(J)I", ValType.I64);
        mv.visitInsn(I2L);
      }
      case I64_POPCNT -> {
        unaryStatic("java/lang/Long", "bitCount", "(J)I", ValType.I64);
        mv.visitInsn(I2L);
      }
      case I64_ADD -> binary(LADD, ValType.I64);
      case I64_SUB -> binary(LSUB, ValType.I64);
      case I64_MUL -> binary(LMUL, ValType.I64);
      case I64_DIV_S -> binaryStatic(Builtin.I64_DIV_S, ValType.I64);
      case I64_DIV_U -> binaryStatic(Builtin.I64_DIV_U, ValType.I64);
      case I64_REM_S -> binaryStatic(Builtin.I64_REM_S, ValType.I64);
      case I64_REM_U -> binaryStatic(Builtin.I64_REM_U, ValType.I64);
      case I64_AND -> binary(LAND, ValType.I64);
      case I64_OR -> binary(LOR, ValType.I64);
      case I64_XOR -> binary(LXOR, ValType.I64);
      case I64_SHL -> {
        mv.visitInsn(L2I);
        binary(LSHL, ValType.I64);
      }
      case I64_SHR_S -> {
        mv.visitInsn(L2I);
        binary(LSHR, ValType.I64);
      }
      case I64_SHR_U -> {
        mv.visitInsn(L2I);
        binary(LUSHR, ValType.I64);
      }
      case I64_ROTL -> {
        mv.visitInsn(L2I);
        binaryStatic("java/lang/Long", "rotateLeft", "(JI)J", ValType.I64);
      }
      case I64_ROTR -> {
        mv.visitInsn(L2I);
        binaryStatic("java/lang/Long", "rotateRight", "(JI)J", ValType.I64);
      }
      // ---- f32 arithmetic (neg/abs/copysign are bit operations, preserving NaN payloads)
      case F32_ABS -> {
        bitsF32();
        iconst(0x7FFFFFFF);
        mv.visitInsn(IAND);
        fromBitsF32();
      }
      case F32_NEG -> {
        bitsF32();
        iconst(0x80000000);
        mv.visitInsn(IXOR);
        fromBitsF32();
      }
      case F32_COPYSIGN -> binaryStatic("java/lang/Math", "copySign", "(FF)F", ValType.F32);
      case F32_CEIL -> unaryStatic(Builtin.F32_CEIL, ValType.F32);
      case F32_FLOOR -> unaryStatic(Builtin.F32_FLOOR, ValType.F32);
      case F32_TRUNC -> unaryStatic(Builtin.F32_TRUNC, ValType.F32);
      case F32_NEAREST -> unaryStatic(Builtin.F32_NEAREST, ValType.F32);
      case F32_SQRT -> unaryStatic(Builtin.F32_SQRT, ValType.F32);
      case F32_ADD -> binary(FADD, ValType.F32);
      case F32_SUB -> binary(FSUB, ValType.F32);
      case F32_MUL -> binary(FMUL, ValType.F32);
      case F32_DIV -> binary(FDIV, ValType.F32);
      case F32_MIN -> binaryStatic(Builtin.F32_MIN, ValType.F32);
      case F32_MAX -> binaryStatic(Builtin.F32_MAX, ValType.F32);
      // ---- f64 arithmetic
      case F64_ABS -> {
        bitsF64();
        lconst(0x7FFFFFFFFFFFFFFFL);
        mv.visitInsn(LAND);
        fromBitsF64();
      }
      case F64_NEG -> {
        bitsF64();
        lconst(0x8000000000000000L);
        mv.visitInsn(LXOR);
        fromBitsF64();
      }
      case F64_COPYSIGN -> binaryStatic("java/lang/Math", "copySign", "(DD)D", ValType.F64);
      case F64_CEIL -> unaryStatic(Builtin.F64_CEIL, ValType.F64);
      case F64_FLOOR -> unaryStatic(Builtin.F64_FLOOR, ValType.F64);
      case F64_TRUNC -> unaryStatic(Builtin.F64_TRUNC, ValType.F64);
      case F64_NEAREST -> unaryStatic(Builtin.F64_NEAREST, ValType.F64);
      case F64_SQRT -> unaryStatic(Builtin.F64_SQRT, ValType.F64);
      case F64_ADD -> binary(DADD, ValType.F64);
      case F64_SUB -> binary(DSUB, ValType.F64);
      case F64_MUL -> binary(DMUL, ValType.F64);
      case F64_DIV -> binary(DDIV, ValType.F64);
      case F64_MIN -> binaryStatic(Builtin.F64_MIN, ValType.F64);
      case F64_MAX -> binaryStatic(Builtin.F64_MAX, ValType.F64);

      // ---- conversions
      case I32_WRAP_I64 -> convert(L2I, ValType.I32);
      case I64_EXTEND_I32_S -> convert(I2L, ValType.I64);
      case I64_EXTEND_I32_U -> {
        // (long) x & 0xFFFFFFFFL in place: Integer.toUnsignedLong is no intrinsic, so in a method
        // over C2's inlining budget it would stay a call
        convert(I2L, ValType.I64);
        Constants.pushLong(mv, 0xFFFF_FFFFL);
        mv.visitInsn(LAND);
      }
      case I32_TRUNC_F32_S -> unaryStatic(Builtin.I32_TRUNC_F32_S, ValType.I32);
      case I32_TRUNC_F32_U -> unaryStatic(Builtin.I32_TRUNC_F32_U, ValType.I32);
      case I32_TRUNC_F64_S -> unaryStatic(Builtin.I32_TRUNC_F64_S, ValType.I32);
      case I32_TRUNC_F64_U -> unaryStatic(Builtin.I32_TRUNC_F64_U, ValType.I32);
      case I64_TRUNC_F32_S -> unaryStatic(Builtin.I64_TRUNC_F32_S, ValType.I64);
      case I64_TRUNC_F32_U -> unaryStatic(Builtin.I64_TRUNC_F32_U, ValType.I64);
      case I64_TRUNC_F64_S -> unaryStatic(Builtin.I64_TRUNC_F64_S, ValType.I64);
      case I64_TRUNC_F64_U -> unaryStatic(Builtin.I64_TRUNC_F64_U, ValType.I64);
      case I32_TRUNC_SAT_F32_S -> convert(F2I, ValType.I32);
      case I32_TRUNC_SAT_F64_S -> convert(D2I, ValType.I32);
      case I64_TRUNC_SAT_F32_S -> convert(F2L, ValType.I64);
      case I64_TRUNC_SAT_F64_S -> convert(D2L, ValType.I64);
      case I32_TRUNC_SAT_F32_U -> unaryStatic(Builtin.I32_TRUNC_SAT_F32_U, ValType.I32);
      case I32_TRUNC_SAT_F64_U -> unaryStatic(Builtin.I32_TRUNC_SAT_F64_U, ValType.I32);
      case I64_TRUNC_SAT_F32_U -> unaryStatic(Builtin.I64_TRUNC_SAT_F32_U, ValType.I64);
      case I64_TRUNC_SAT_F64_U -> unaryStatic(Builtin.I64_TRUNC_SAT_F64_U, ValType.I64);
      case F32_CONVERT_I32_S -> convert(I2F, ValType.F32);
      case F32_CONVERT_I64_S -> convert(L2F, ValType.F32);
      case F64_CONVERT_I32_S -> convert(I2D, ValType.F64);
      case F64_CONVERT_I64_S -> convert(L2D, ValType.F64);
      case F32_CONVERT_I32_U -> unaryStatic(Builtin.F32_CONVERT_I32_U, ValType.F32);
      case F32_CONVERT_I64_U -> unaryStatic(Builtin.F32_CONVERT_I64_U, ValType.F32);
      case F64_CONVERT_I32_U -> unaryStatic(Builtin.F64_CONVERT_I32_U, ValType.F64);
      case F64_CONVERT_I64_U -> unaryStatic(Builtin.F64_CONVERT_I64_U, ValType.F64);
      case F32_DEMOTE_F64 -> convert(D2F, ValType.F32);
      case F64_PROMOTE_F32 -> convert(F2D, ValType.F64);
      case I32_REINTERPRET_F32 ->
          unaryStatic("java/lang/Float", "floatToRawIntBits", "(F)I", ValType.I32);
      case I64_REINTERPRET_F64 ->
          unaryStatic("java/lang/Double", "doubleToRawLongBits", "(D)J", ValType.I64);
      case F32_REINTERPRET_I32 ->
          unaryStatic("java/lang/Float", "intBitsToFloat", "(I)F", ValType.F32);
      case F64_REINTERPRET_I64 ->
          unaryStatic("java/lang/Double", "longBitsToDouble", "(J)D", ValType.F64);
      case I32_EXTEND_8_S -> convert(I2B, ValType.I32);
      case I32_EXTEND_16_S -> convert(I2S, ValType.I32);
      case I64_EXTEND_8_S -> {
        pop();
        mv.visitInsn(L2I);
        mv.visitInsn(I2B);
        mv.visitInsn(I2L);
        push(ValType.I64);
      }
      case I64_EXTEND_16_S -> {
        pop();
        mv.visitInsn(L2I);
        mv.visitInsn(I2S);
        mv.visitInsn(I2L);
        push(ValType.I64);
      }
      case I64_EXTEND_32_S -> {
        pop();
        mv.visitInsn(L2I);
        mv.visitInsn(I2L);
        push(ValType.I64);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private ValType pop() {
    return stack.remove(stack.size() - 1);
  }

  private void push(ValType t) {
    stack.add(t);
  }

  private void binary(int opcode, ValType t) {
    pop();
    mv.visitInsn(opcode);
  }

  private void unaryStatic(String owner, String name, String desc, ValType result) {
    pop();
    mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    push(result);
  }

  private void unaryStatic(Builtin helper, ValType result) {
    pop();
    helper.invoke(mv);
    push(result);
  }

  private void binaryStatic(Builtin helper, ValType result) {
    pop();
    pop();
    helper.invoke(mv);
    push(result);
  }

  private void binaryStatic(String owner, String name, String desc, ValType result) {
    pop();
    pop();
    mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    push(result);
  }

  private void convert(int opcode, ValType result) {
    pop();
    if (opcode != NOP) {
      mv.visitInsn(opcode);
    }
    push(result);
  }

  private void iconst(int v) {
    Constants.pushInt(mv, v);
  }

  private void lconst(long v) {
    Constants.pushLong(mv, v);
  }

  private void bitsF32() {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
  }

  private void fromBitsF32() {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
  }

  private void bitsF64() {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
  }

  private void fromBitsF64() {
    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
  }
}
