package io.ipvm.node.abi;

import io.ipvm.ipld.Cid;
import io.ipvm.runtime.Instance;
import io.ipvm.runtime.WasmTrap;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls a core Wasm export with IPLD arguments and returns its result as IPLD: what {@code
 * wasm/run} with {@code input {func, args}} does. node/README.md describes the convention; in
 * short:
 *
 * <ul>
 *   <li>{@code func} is looked up with the reference node's name variants ({@link FunctionLookup});
 *   <li>each argument fills core parameters from left to right: an integer, float or boolean one
 *       value, converted by that parameter's type ({@link CoreValues}); a string, bytes or link two
 *       i32s, (pointer, length) of a copy placed with {@code cabi_realloc} ({@link CanonicalAbi}).
 *       The arguments must fill the core signature exactly;
 *   <li>the result follows the core result types (none → null, one → that value, several → a list),
 *       unless the caller declares its WIT type: {@code string} and {@code list<u8>} results come
 *       back through a return area, which only the declaration tells apart from an i32.
 * </ul>
 *
 * <p>Not thread-safe, like the instance it runs.
 */
public final class WasmCall {
  private WasmCall() {}

  /**
   * Calls {@code func} with {@code args}, the result typed by the core signature.
   *
   * @throws WasmCallException (one of its subclasses) when the call cannot be made or fails
   */
  public static Object invoke(Instance instance, String func, List<?> args) {
    return invoke(instance, func, args, null);
  }

  /**
   * Calls {@code func} with {@code args}, lifting the result as the WIT type {@code result} (null:
   * by the core signature).
   *
   * @throws WasmCallException.NoSuchFunction when no export answers to {@code func}
   * @throws WasmCallException.BadArguments when the arguments or the declared result type do not
   *     fit the function (nothing has run in the guest then)
   * @throws WasmCallException.Trapped when the function, {@code cabi_realloc} or {@code
   *     cabi_post_*} traps
   * @throws WasmCallException.AbiViolation when the guest breaks the canonical ABI or returns what
   *     IPLD cannot hold
   */
  public static Object invoke(Instance instance, String func, List<?> args, WitType result) {
    FunctionLookup.Found found = FunctionLookup.find(instance, func);
    String name = found.exportName();
    FunctionType type = found.function().type();

    // Check everything that can be checked before the guest runs, so a bad argument costs nothing
    // and leaves the instance untouched.
    List<Slot> plan = plan(name, type, args);
    checkResult(instance, name, type, result);

    Object[] core = new Object[type.params().size()];
    int pos = 0;
    for (Slot slot : plan) {
      switch (slot) {
        case Scalar s -> core[pos++] = s.value();
        case Buffer b -> {
          CanonicalAbi.Lowered lowered =
              CanonicalAbi.lower(
                  instance, name, "argument " + b.index() + " (" + b.what() + ")", b.data());
          core[pos++] = lowered.pointer();
          core[pos++] = lowered.length();
        }
      }
    }

    Object[] out;
    try {
      out = found.function().call(core);
    } catch (WasmTrap trap) {
      throw new WasmCallException.Trapped(name, name, trap);
    }

    Object value = lift(instance, name, type, result, out);
    CanonicalAbi.postReturn(instance, name, type, out);
    return value;
  }

  /**
   * Runs a {@code wasm/run} instruction's {@code input}: {@code {"func": String, "args": [...]}}
   * and, optionally, {@code "result": "<WIT type>"} (see {@link WitType#parse}) for results the
   * core signature cannot express. Other keys are ignored, as the reference node ignores them.
   *
   * @throws WasmCallException.BadArguments when {@code input} is not of that shape (with index -1),
   *     and everything {@link #invoke(Instance, String, List, WitType)} throws
   */
  public static Object run(Instance instance, Map<String, ?> input) {
    Object func = input.get("func");
    String name = func instanceof String s ? s : "?";
    if (!(func instanceof String)) {
      throw new WasmCallException.BadArguments(
          name,
          -1,
          "input.func must be a string naming the function, got " + CoreValues.kind(func));
    }
    if (!(input.get("args") instanceof List<?> args)) {
      throw new WasmCallException.BadArguments(
          name, -1, "input.args must be a list, got " + CoreValues.kind(input.get("args")));
    }
    WitType result = null;
    Object declared = input.get("result");
    if (declared != null) {
      if (!(declared instanceof String spelled)) {
        throw new WasmCallException.BadArguments(
            name, -1, "input.result must be a WIT type name, got " + CoreValues.kind(declared));
      }
      try {
        result = WitType.parse(spelled);
      } catch (IllegalArgumentException e) {
        throw new WasmCallException.BadArguments(name, -1, "input.result: " + e.getMessage());
      }
    }
    return invoke(instance, name, args, result);
  }

  /** How one argument is passed: one core value, or a buffer copied into guest memory. */
  private sealed interface Slot permits Scalar, Buffer {}

  private record Scalar(Object value) implements Slot {}

  private record Buffer(int index, String what, byte[] data) implements Slot {}

  private static List<Slot> plan(String name, FunctionType type, List<?> args) {
    List<ValType> params = type.params();
    List<Slot> plan = new ArrayList<>(args.size());
    int pos = 0;
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      byte[] buffer = null;
      String what = null;
      if (arg instanceof String s) {
        buffer = utf8(name, i, s);
        what = "a string";
      } else if (arg instanceof byte[] b) {
        buffer = b;
        what = "bytes";
      } else if (arg instanceof Cid cid) {
        // The reference node passes a link to a string parameter as its text (base32 for v1).
        buffer = cid.toString().getBytes(StandardCharsets.UTF_8);
        what = "a link, passed as its string";
      } else if (arg == null || arg instanceof List || arg instanceof Map) {
        throw new WasmCallException.BadArguments(
            name,
            i,
            CoreValues.kind(arg)
                + " has no core Wasm form; core modules take integers, floats, booleans, strings,"
                + " bytes and links (lists, maps and null need the function's WIT type, which a"
                + " core module does not carry)");
      }
      if (buffer != null) {
        if (pos + 2 > params.size()) {
          throw arity(name, type, args);
        }
        if (params.get(pos) != ValType.I32 || params.get(pos + 1) != ValType.I32) {
          throw new WasmCallException.BadArguments(
              name,
              i,
              what
                  + " is passed as (pointer, length), two i32 parameters, but core parameters "
                  + pos
                  + " and "
                  + (pos + 1)
                  + " of "
                  + type
                  + " are not");
        }
        plan.add(new Buffer(i, what, buffer));
        pos += 2;
        continue;
      }
      if (pos >= params.size()) {
        throw arity(name, type, args);
      }
      try {
        plan.add(new Scalar(CoreValues.lower(arg, params.get(pos))));
      } catch (IllegalArgumentException e) {
        throw new WasmCallException.BadArguments(
            name, i, e.getMessage() + " (core parameter " + pos + " of " + type + ")");
      }
      pos++;
    }
    if (pos != params.size()) {
      throw arity(name, type, args);
    }
    return plan;
  }

  private static WasmCallException.BadArguments arity(
      String name, FunctionType type, List<?> args) {
    int filled = 0;
    for (Object a : args) {
      filled += a instanceof String || a instanceof byte[] || a instanceof Cid ? 2 : 1;
    }
    return new WasmCallException.BadArguments(
        name,
        -1,
        "the function's core signature "
            + type
            + " takes "
            + type.params().size()
            + (type.params().size() == 1 ? " value" : " values")
            + ", but the "
            + args.size()
            + (args.size() == 1 ? " argument fills " : " arguments fill ")
            + filled
            + " (a string or bytes fills two: pointer and length)");
  }

  private static byte[] utf8(String name, int index, String s) {
    try {
      var buf =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(java.nio.CharBuffer.wrap(s));
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new WasmCallException.BadArguments(
          name, index, "the string contains an unpaired surrogate, so it has no UTF-8 form");
    }
  }

  private static void checkResult(
      Instance instance, String name, FunctionType type, WitType result) {
    List<ValType> results = type.results();
    if (result == null) {
      if (results.equals(List.of(ValType.I32))
          && instance.exports().containsKey(CanonicalAbi.POST_RETURN_PREFIX + name)) {
        // A post-return export means the result owns memory: almost surely a return-area pointer.
        // Handing back that pointer as a number would be meaningless, so ask for the type.
        throw new WasmCallException.BadArguments(
            name,
            -1,
            "the function returns an i32 and the module exports \""
                + CanonicalAbi.POST_RETURN_PREFIX
                + name
                + "\", so the i32 is presumably a pointer to a return area: declare the result"
                + " type (\"string\" or \"list<u8>\", or \"s32\"/\"u32\" if it is a number)"
                + witNote(instance));
      }
      return;
    }
    if (!results.equals(result.coreResults())) {
      throw new WasmCallException.BadArguments(
          name,
          -1,
          "the declared result type "
              + result
              + " needs the core result ("
              + result.coreResults().get(0).wasmName()
              + ")"
              + (result.isBuffer() ? " (a pointer to the return area)" : "")
              + ", but the function's core signature is "
              + type);
    }
  }

  private static String witNote(Instance instance) {
    List<String> sections = WitMetadata.componentTypeSections(instance.module());
    return sections.isEmpty()
        ? ""
        : "; the module carries its WIT types in the custom section \""
            + sections.get(0)
            + "\", which this node does not read yet";
  }

  private static Object lift(
      Instance instance, String name, FunctionType type, WitType result, Object[] out) {
    List<ValType> results = type.results();
    try {
      if (result == null) {
        if (out.length == 0) return null;
        if (out.length == 1) return CoreValues.lift(out[0], results.get(0), "the result");
        List<Object> list = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
          list.add(CoreValues.lift(out[i], results.get(i), "result " + i));
        }
        return List.copyOf(list);
      }
      if (result.isBuffer()) {
        byte[] bytes = CanonicalAbi.liftBytes(instance, name, (Integer) out[0]);
        return result == WitType.STRING ? CanonicalAbi.decodeString(name, bytes) : bytes;
      }
      return CoreValues.lift(out[0], result, "the result");
    } catch (CoreValues.ConversionException e) {
      throw new WasmCallException.AbiViolation(name, e.getMessage());
    }
  }
}
