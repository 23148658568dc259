package io.ipvm.compiler.abi;

import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;

import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;

/**
 * How relinkable code ({@code CompileOptions.relinkable()}) calls a defined function: {@code
 * invokedynamic f<N>} with the function's own descriptor, bootstrapped by {@link
 * Builtin#LINK_FUNCTION} with the function index. The runtime links every such instruction of a
 * module to one mutable call site per callee, so a function's code can be replaced while instances
 * run (see compiler/README.md, "Calling convention").
 */
public final class Calls {
  private Calls() {}

  private static final Handle BOOTSTRAP =
      new Handle(
          H_INVOKESTATIC,
          Builtin.LINK_FUNCTION.owner().internalName(),
          Builtin.LINK_FUNCTION.methodName(),
          Builtin.LINK_FUNCTION.descriptor(),
          false);

  /**
   * Emits the relinkable call of defined function {@code index} whose method descriptor (Wasm
   * parameters, context) is {@code descriptor}: arguments and context are on the stack.
   */
  public static void invokeFunction(MethodVisitor mv, int index, String descriptor) {
    mv.visitInvokeDynamicInsn("f" + index, descriptor, BOOTSTRAP, index);
  }
}
