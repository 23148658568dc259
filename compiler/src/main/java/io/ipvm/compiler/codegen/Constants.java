package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/** The shortest bytecode that pushes an int or long constant. */
final class Constants {
  private Constants() {}

  static void pushInt(MethodVisitor mv, int v) {
    if (v >= -1 && v <= 5) {
      mv.visitInsn(ICONST_0 + v);
    } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
      mv.visitIntInsn(BIPUSH, v);
    } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
      mv.visitIntInsn(SIPUSH, v);
    } else {
      mv.visitLdcInsn(v);
    }
  }

  static void pushLong(MethodVisitor mv, long v) {
    if (v == 0 || v == 1) {
      mv.visitInsn((int) (LCONST_0 + v));
    } else {
      mv.visitLdcInsn(v);
    }
  }
}
