package io.ipvm.compiler;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.FunctionBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

/**
 * Decodes one function body of a module, alone, when its function is compiled ({@link ModulePlan}):
 * Chicory's parser only decodes whole code sections, so the body is given to it in a module of two
 * sections, the type section (block and local types may name types) and a code section holding that
 * body. Nothing is validated here: the plan validated every body in its module before. Instruction
 * addresses are offsets in that small module, not in the original.
 */
final class BodyDecoder {
  private final byte[] wasm;
  private final BinaryLayout layout;

  /** The header and the type section, copied once. */
  private final byte[] prefix;

  BodyDecoder(byte[] wasm, BinaryLayout layout) {
    this.wasm = wasm;
    this.layout = layout;
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(wasm, 0, 8);
    for (BinaryLayout.Section s : layout.sections()) {
      if (s.id() == 1) {
        p.write(wasm, s.start(), s.end() - s.start());
      }
    }
    this.prefix = p.toByteArray();
  }

  /** Defined function {@code i}'s body (an index among the defined functions). */
  FunctionBody decode(int i) {
    return decode(i, i + 1).code().getFunctionBody(0);
  }

  /**
   * The bodies of defined functions [from, to), decoded together.
   *
   * @param bytes the small module they were decoded from (instruction addresses are offsets in it)
   * @param starts where each body starts in {@code bytes}, after its size field
   * @param ends where each ends
   * @param code the decoded bodies, in order
   */
  record Group(byte[] bytes, int[] starts, int[] ends, CodeSection code) {}

  /** Decodes the bodies of defined functions [from, to) (indices among the defined functions). */
  Group decode(int from, int to) {
    int n = to - from;
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    BinaryLayout.writeU32(content, n);
    int[] starts = new int[n];
    int[] ends = new int[n];
    for (int k = 0; k < n; k++) {
      BinaryLayout.Body b = layout.bodies().get(from + k);
      int afterSize = (int) BinaryLayout.readU32(wasm, b.start())[1];
      starts[k] = content.size() + (afterSize - b.start());
      ends[k] = content.size() + b.length();
      content.write(wasm, b.start(), b.length());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + content.size() + 6);
    out.writeBytes(prefix);
    out.write(10);
    BinaryLayout.writeU32(out, content.size());
    int base = out.size();
    out.writeBytes(content.toByteArray());
    for (int k = 0; k < n; k++) {
      starts[k] += base;
      ends[k] += base;
    }
    byte[] bytes = out.toByteArray();
    CodeSection[] code = new CodeSection[1];
    Parser.builder()
        .build()
        .parse(
            new ByteArrayInputStream(bytes),
            s -> {
              if (s instanceof CodeSection c) {
                code[0] = c;
              }
            });
    return new Group(bytes, starts, ends, code[0]);
  }
}
