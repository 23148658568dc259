package io.ipvm.spectest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.runtime.WasmModule;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The class check must accept sound classes and report broken ones. */
class ClassCheckTest {

  private static byte[] classWith(boolean broken) {
    ClassWriter cw = new ClassWriter(0);
    cw.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, "t/Probe", null, "java/lang/Object", null);
    MethodVisitor mv =
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "f", "(IJ)I", null, null);
    mv.visitCode();
    mv.visitVarInsn(Opcodes.ILOAD, 0);
    if (broken) {
      mv.visitVarInsn(Opcodes.LLOAD, 1); // int + long: a type error the JVM verifier rejects
    } else {
      mv.visitVarInsn(Opcodes.ILOAD, 0);
    }
    mv.visitInsn(Opcodes.IADD);
    mv.visitInsn(Opcodes.IRETURN);
    mv.visitMaxs(broken ? 3 : 2, 3);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  @Test
  void acceptsSoundClass() {
    assertNull(ClassCheck.check(Map.of("t.Probe", classWith(false))));
  }

  @Test
  void reportsTypeError() {
    String problem = ClassCheck.check(Map.of("t.Probe", classWith(true)));
    assertNotNull(problem);
    assertTrue(problem.startsWith("t.Probe: "), problem);
  }

  @Test
  void acceptsCompiledModule() {
    // (module (func (export "loop") (loop (br 0))))
    byte[] wasm = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03,
      0x02, 0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 'l', 'o', 'o', 'p', 0x00, 0x00, 0x0a, 0x09, 0x01,
      0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b
    };
    Map<String, byte[]> classes = WasmModule.compile(wasm).compiled().classes();
    assertFalse(classes.isEmpty());
    assertNull(ClassCheck.check(classes));
  }

  @Test
  void reportsGarbage() {
    assertNotNull(ClassCheck.check(Map.of("t.Probe", new byte[] {1, 2, 3})));
  }
}
