package io.ipvm.node.workflow;

import io.ipvm.ipld.Cid;
import io.ipvm.memo.graph.WorkflowGraph;
import io.ipvm.node.abi.CoreValues;
import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The partial applications a workflow makes before it runs: functions that several tasks call with
 * some arguments identical in all of them ({@code crop(img, 150, 350, 500, 500)} for every image).
 * The runner asks for a variant of each such function with those arguments fixed before the first
 * task runs, instead of waiting for a profile (profiler/README.md).
 *
 * <p>Only scalar arguments (integers and floats) are fixed, and only for core functions: a string
 * or bytes argument takes two core parameters (pointer, length), which are counted but never fixed.
 * An argument that awaits another task's result is never fixed.
 */
final class PartialApplications {
  private PartialApplications() {}

  /** Tasks of one function below which no variant is asked for: too few calls to pay off. */
  static final int MIN_TASKS = 4;

  /** A function of a module. */
  record Function(String rsc, String func) {}

  /**
   * The functions of {@code graph} called by at least {@code minTasks} tasks with some scalar
   * arguments the same in all of them: argument position → that IPLD value.
   */
  static Map<Function, Map<Integer, Object>> find(WorkflowGraph graph, int minTasks) {
    Map<Function, List<List<?>>> calls = new LinkedHashMap<>();
    for (WorkflowGraph.Node node : graph.nodes()) {
      var ins = node.instruction();
      if (!(ins.input() instanceof Map<?, ?> input)
          || !(input.get("func") instanceof String func)
          || !(input.get("args") instanceof List<?> args)) {
        continue;
      }
      calls
          .computeIfAbsent(new Function(ins.rsc(), func), k -> new java.util.ArrayList<>())
          .add(args);
    }
    Map<Function, Map<Integer, Object>> out = new LinkedHashMap<>();
    calls.forEach(
        (f, all) -> {
          if (all.size() < minTasks) {
            return;
          }
          List<?> first = all.get(0);
          Map<Integer, Object> fixed = new TreeMap<>();
          for (int i = 0; i < first.size(); i++) {
            Object v = first.get(i);
            if (!scalar(v)) {
              continue;
            }
            boolean same = true;
            for (List<?> args : all) {
              if (args.size() != first.size() || !v.equals(args.get(i))) {
                same = false;
                break;
              }
            }
            if (same) {
              fixed.put(i, v);
            }
          }
          if (!fixed.isEmpty()) {
            out.put(f, fixed);
          }
        });
    return out;
  }

  /** Whether a task's arguments match the fixed ones, so its call runs the variant. */
  static boolean matches(Map<Integer, Object> fixed, List<?> args) {
    for (Map.Entry<Integer, Object> e : fixed.entrySet()) {
      if (e.getKey() >= args.size() || !e.getValue().equals(args.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The fixed arguments as the core parameters they become (parameter index → Wasm number, as
   * {@link CoreValues#lower} converts them), for a core function of type {@code type} called with
   * {@code args}; empty when they do not fit it (the call will fail with its own message).
   */
  static Map<Integer, Number> coreParameters(
      Map<Integer, Object> fixed, List<?> args, FunctionType type) {
    Map<Integer, Number> out = new HashMap<>();
    List<ValType> params = type.params();
    int pos = 0;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof String || a instanceof byte[] || a instanceof Cid) {
        pos += 2;
        continue;
      }
      if (pos >= params.size()) {
        return Map.of();
      }
      if (fixed.containsKey(i)) {
        try {
          out.put(pos, (Number) CoreValues.lower(fixed.get(i), params.get(pos)));
        } catch (IllegalArgumentException | ClassCastException e) {
          return Map.of();
        }
      }
      pos++;
    }
    return pos == params.size() ? out : Map.of();
  }

  private static boolean scalar(Object v) {
    return v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger
        || v instanceof Double
        || v instanceof Float;
  }
}
