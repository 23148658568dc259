package io.ipvm.node.abi;

import io.ipvm.runtime.Instance;
import io.ipvm.runtime.Memory;
import io.ipvm.runtime.WasmFunction;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Component Model canonical ABI's core lowering for strings and {@code list<u8>}, as
 * wit-bindgen-built guests (the reference node's fixtures) expect it:
 *
 * <ul>
 *   <li><b>passing</b> a string (UTF-8) or bytes: the host calls the guest's {@code
 *       cabi_realloc(old_ptr = 0, old_size = 0, align = 1, new_size = length)}, copies the bytes to
 *       the pointer it returns, and passes (pointer, length) as two i32 parameters;
 *   <li><b>returning</b> one: the function returns one i32, the address of a 4-aligned 8-byte
 *       return area holding (pointer, length) as little-endian i32s; the host copies the bytes out
 *       (strings must be valid UTF-8);
 *   <li><b>afterwards</b>, if the guest exports {@code cabi_post_<export name>}, the host calls it
 *       with the function's core results, so the guest can free what it returned.
 * </ul>
 *
 * Every pointer is checked against the memory's current size before use: a guest that hands out a
 * bad pointer gets a {@link WasmCallException.AbiViolation}, never a host failure.
 */
public final class CanonicalAbi {
  private CanonicalAbi() {}

  /** The allocator export the canonical ABI calls to place arguments in guest memory. */
  public static final String REALLOC = "cabi_realloc";

  /** The prefix of post-return exports: {@code cabi_post_} + the function's export name. */
  public static final String POST_RETURN_PREFIX = "cabi_post_";

  private static final FunctionType REALLOC_TYPE =
      FunctionType.of(
          List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

  /** A buffer placed in guest memory: the two i32 parameters that pass it. */
  public record Lowered(int pointer, int length) {}

  /**
   * Copies {@code data} into memory the guest allocates with {@code cabi_realloc}.
   *
   * @param function the export being called (for messages)
   * @param what the value, e.g. {@code argument 0 (a string)} (for messages)
   * @throws WasmCallException.AbiViolation when the guest has no memory or no {@code cabi_realloc}
   *     of the right type, or the pointer it returns does not hold {@code data.length} bytes
   * @throws WasmCallException.Trapped when {@code cabi_realloc} traps
   */
  public static Lowered lower(Instance instance, String function, String what, byte[] data) {
    Memory memory = instance.memory();
    if (memory == null) {
      throw new WasmCallException.AbiViolation(
          function, "cannot pass " + what + ": the module has no memory");
    }
    if (!(instance.exports().get(REALLOC) instanceof WasmFunction realloc)) {
      throw new WasmCallException.AbiViolation(
          function,
          "cannot pass "
              + what
              + ": the module does not export \""
              + REALLOC
              + "\" (the canonical ABI's allocator, "
              + REALLOC_TYPE
              + ") to put it in its memory");
    }
    if (!realloc.type().equals(REALLOC_TYPE)) {
      throw new WasmCallException.AbiViolation(
          function, "\"" + REALLOC + "\" has the type " + realloc.type() + ", not " + REALLOC_TYPE);
    }
    int pointer;
    try {
      pointer = (Integer) realloc.call(0, 0, 1, data.length)[0];
    } catch (WasmTrap trap) {
      throw new WasmCallException.Trapped(
          function, REALLOC + " (allocating " + data.length + " bytes for " + what + ")", trap);
    }
    // Read the size only now: cabi_realloc may have grown the memory.
    checkRange(memory, function, pointer, data.length, REALLOC + " returned the pointer", what);
    System.arraycopy(data, 0, memory.bytes, pointer, data.length);
    return new Lowered(pointer, data.length);
  }

  /**
   * Copies out the (pointer, length) buffer a function returned through the return area at {@code
   * area}.
   *
   * @throws WasmCallException.AbiViolation when the area is misaligned or outside memory, or the
   *     buffer is outside memory
   */
  public static byte[] liftBytes(Instance instance, String function, int area) {
    Memory memory = instance.memory();
    if (memory == null) {
      throw new WasmCallException.AbiViolation(
          function, "returns a buffer but the module has no memory");
    }
    if ((area & 3) != 0) {
      throw new WasmCallException.AbiViolation(
          function,
          "returned the return-area pointer "
              + hex(area)
              + ", which is not 4-byte aligned as the canonical ABI requires");
    }
    checkRange(memory, function, area, 8, "returned the return-area pointer", "the result");
    int pointer = memory.readInt(area);
    int length = memory.readInt(area + 4);
    checkRange(memory, function, pointer, length, "returned the pointer", "its result");
    byte[] out = new byte[length];
    System.arraycopy(memory.bytes, pointer, out, 0, length);
    return out;
  }

  /**
   * Decodes a returned string: strict UTF-8, as the canonical ABI requires.
   *
   * @throws WasmCallException.AbiViolation naming the offset of the first invalid byte
   */
  public static String decodeString(String function, byte[] utf8) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      throw new WasmCallException.AbiViolation(
          function,
          "returned a string that is not valid UTF-8 (byte "
              + in.position()
              + " of "
              + utf8.length
              + ")");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * Calls {@code cabi_post_<exportName>} with the function's core results, if the guest exports it.
   *
   * @return whether there was one to call
   * @throws WasmCallException.AbiViolation when its type does not take the function's results
   * @throws WasmCallException.Trapped when it traps
   */
  public static boolean postReturn(
      Instance instance, String exportName, FunctionType calledType, Object[] coreResults) {
    String name = POST_RETURN_PREFIX + exportName;
    if (!(instance.exports().get(name) instanceof WasmFunction post)) {
      return false;
    }
    FunctionType expected = FunctionType.of(calledType.results(), List.of());
    if (!post.type().equals(expected)) {
      throw new WasmCallException.AbiViolation(
          exportName, "\"" + name + "\" has the type " + post.type() + ", not " + expected);
    }
    try {
      post.call(coreResults);
    } catch (WasmTrap trap) {
      throw new WasmCallException.Trapped(exportName, name, trap);
    }
    return true;
  }

  private static void checkRange(
      Memory memory, String function, int pointer, int length, String subject, String what) {
    long size = memory.byteSize();
    long start = Integer.toUnsignedLong(pointer);
    long len = Integer.toUnsignedLong(length);
    if (start + len > size) {
      throw new WasmCallException.AbiViolation(
          function,
          subject
              + " "
              + hex(pointer)
              + " for "
              + len
              + " bytes of "
              + what
              + ", outside the memory of "
              + size
              + " bytes");
    }
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }
}
