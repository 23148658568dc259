package io.ipvm.runtime;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;

/** What a compiled module's generated classes contain, read with the JDK's class-file API. */
final class GeneratedMethods {
  private GeneratedMethods() {}

  /** Chunk and outlined methods: those named {@code f<N>$<k>}. */
  static long chunks(WasmModule module) {
    long n = 0;
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : ClassFile.of().parse(cls).methods()) {
        if (m.methodName().stringValue().contains("$")) {
          n++;
        }
      }
    }
    return n;
  }

  /** Names of the generated methods that read or write {@code Context.callsLeft}. */
  static java.util.Set<String> countingCalls(WasmModule module) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : ClassFile.of().parse(cls).methods()) {
        var code = m.findAttribute(Attributes.code());
        if (code.isPresent()
            && code.get()
                .elementStream()
                .anyMatch(
                    e ->
                        e instanceof java.lang.classfile.instruction.FieldInstruction f
                            && f.name().equalsString("callsLeft"))) {
          out.add(m.methodName().stringValue());
        }
      }
    }
    return out;
  }

  /** The bytecode length of all the guest functions' methods ({@code f<N>}, {@code f<N>$<k>}). */
  static int total(WasmModule module) {
    int sum = 0;
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : ClassFile.of().parse(cls).methods()) {
        var code = m.findAttribute(Attributes.code());
        if (code.isPresent() && m.methodName().stringValue().matches("f\\d+(\\$\\d+)?")) {
          sum += code.get().codeLength();
        }
      }
    }
    return sum;
  }

  /** The largest bytecode length of any generated method. */
  static int largest(WasmModule module) {
    int max = 0;
    for (byte[] cls : module.compiled().classes().values()) {
      for (var m : ClassFile.of().parse(cls).methods()) {
        var code = m.findAttribute(Attributes.code());
        if (code.isPresent()) {
          max = Math.max(max, code.get().codeLength());
        }
      }
    }
    return max;
  }
}
