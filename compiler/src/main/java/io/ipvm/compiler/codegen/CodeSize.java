package io.ipvm.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The size in bytes of a method's bytecode, computed from its instruction list before it is
 * written: exact except where the encoding depends on the constant pool ({@code ldc} is counted as
 * its 3-byte form) or on the method's layout (switch padding is counted as 3), so an upper bound.
 */
final class CodeSize {
  private CodeSize() {}

  static int of(MethodNode method) {
    int size = 0;
    for (AbstractInsnNode insn : method.instructions) {
      size += of(insn);
    }
    return size;
  }

  private static int of(AbstractInsnNode insn) {
    return switch (insn.getType()) {
      case AbstractInsnNode.LABEL, AbstractInsnNode.LINE, AbstractInsnNode.FRAME -> 0;
      case AbstractInsnNode.INSN -> 1;
      case AbstractInsnNode.INT_INSN -> ((IntInsnNode) insn).getOpcode() == SIPUSH ? 3 : 2;
      case AbstractInsnNode.VAR_INSN -> {
        int v = ((VarInsnNode) insn).var;
        yield v < 4 ? 1 : v < 256 ? 2 : 4;
      }
      case AbstractInsnNode.IINC_INSN -> {
        IincInsnNode i = (IincInsnNode) insn;
        yield i.var < 256 && i.incr >= -128 && i.incr <= 127 ? 3 : 6;
      }
      case AbstractInsnNode.TYPE_INSN, AbstractInsnNode.FIELD_INSN, AbstractInsnNode.JUMP_INSN -> 3;
      case AbstractInsnNode.METHOD_INSN ->
          ((MethodInsnNode) insn).getOpcode() == INVOKEINTERFACE ? 5 : 3;
      case AbstractInsnNode.INVOKE_DYNAMIC_INSN -> 5;
      case AbstractInsnNode.LDC_INSN -> 3;
      case AbstractInsnNode.MULTIANEWARRAY_INSN -> 4;
      case AbstractInsnNode.TABLESWITCH_INSN -> 16 + 4 * ((TableSwitchInsnNode) insn).labels.size();
      case AbstractInsnNode.LOOKUPSWITCH_INSN ->
          12 + 8 * ((LookupSwitchInsnNode) insn).labels.size();
      default -> 5;
    };
  }
}
