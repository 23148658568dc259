package io.ipvm.runtime;

import io.ipvm.profiler.ArgumentProfile;
import io.ipvm.profiler.Decision;
import io.ipvm.profiler.SpecializationPolicy;
import io.ipvm.profiler.VariantTrial;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The specialized variants of one module's functions, and the profiling that asks for them (a
 * module compiled relinkable, with {@link Engine.Config#specialization()} set).
 *
 * <p>Profiling and guarding live in the functions' call sites ({@link FunctionLinkage}), not in
 * generated code: while a function's profile is open its site's target records each call's
 * arguments into an {@link ArgumentProfile} and then runs the general code; when the policy
 * decides, the site is retargeted — to the general code alone, or to a guard that enters the
 * specialized variant when the call's arguments equal the fixed values and the general code
 * otherwise. Once decided, a function costs nothing more than its guard: HotSpot treats a mutable
 * call site's target as a constant and inlines the guard (and often the variant) into callers.
 */
final class Specializations {
  /** Compiles a variant of a function with fixed arguments; returns its method. */
  interface Compiler {
    MethodHandle compile(int funcIndex, Map<Integer, Number> constants);
  }

  private final SpecializationPolicy policy;
  private final Compiler compiler;
  private final ArgumentProfile[] profiles;
  private final List<List<Map<Integer, Number>>> variants;

  Specializations(SpecializationPolicy policy, int functions, Compiler compiler) {
    this.policy = policy;
    this.compiler = compiler;
    this.profiles = new ArgumentProfile[functions];
    this.variants = new ArrayList<>(functions);
    for (int i = 0; i < functions; i++) {
      variants.add(new ArrayList<>());
    }
  }

  /** Whether a function of this type can be specialized: a numeric parameter, not boxed. */
  static boolean eligible(MethodType type) {
    if (type.parameterCount() > 1 && type.parameterType(0) == Object[].class) {
      return false; // the "wide" convention: arguments boxed in one array
    }
    for (int i = 0; i < type.parameterCount() - 1; i++) {
      if (type.parameterType(i).isPrimitive()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first target of function {@code index}'s site: records the arguments of each call into the
   * function's profile, then runs {@code general}; the call that ends the profile retargets {@code
   * site}.
   */
  MethodHandle profiling(int index, MethodHandle general, MutableCallSite site) {
    MethodType type = general.type();
    int params = type.parameterCount() - 1; // the context is last
    synchronized (this) {
      profiles[index] = new ArgumentProfile(policy, params);
    }
    MethodHandle record =
        MethodHandles.insertArguments(RECORD, 0, this, index, general, site)
            .asCollector(Object[].class, params)
            .asType(type.dropParameterTypes(params, params + 1).changeReturnType(void.class));
    record = MethodHandles.dropArguments(record, params, type.parameterType(params));
    return MethodHandles.foldArguments(general, record);
  }

  /** Told when a function's site is left with its general code alone. */
  private volatile java.util.function.IntConsumer generalOnly = i -> {};

  /** Sets what is told when a function's site is left with its general code alone. */
  void whenGeneralOnly(java.util.function.IntConsumer listener) {
    this.generalOnly = listener;
  }

  /** Called with each profiled call's arguments (boxed). */
  private void record(int index, MethodHandle general, MutableCallSite site, Object[] args) {
    ArgumentProfile profile;
    synchronized (this) {
      profile = profiles[index];
    }
    Decision d = profile.record(args);
    switch (d) {
      case null -> {}
      case Decision.KeepGeneral k -> {
        retarget(site, general);
        generalOnly.accept(index);
      }
      case Decision.Specialize s -> {
        if (!add(index, s.constants())) {
          retarget(site, general);
          generalOnly.accept(index);
          return;
        }
        MethodHandle variant = compiler.compile(index, s.constants());
        if (policy.trialCalls() == 0) {
          retarget(site, guard(variant, general, s.constants()));
          return;
        }
        // On trial: both paths count their calls until the trial decides.
        Trial trial =
            new Trial(
                new VariantTrial(policy.trialCalls()),
                index,
                variant,
                general,
                site,
                s.constants());
        retarget(
            site,
            guard(counting(trial, variant, true), counting(trial, general, false), s.constants()));
      }
    }
  }

  /** A new variant of function {@code index} on trial, and what its verdict retargets. */
  private record Trial(
      VariantTrial calls,
      int index,
      MethodHandle variant,
      MethodHandle general,
      MutableCallSite site,
      Map<Integer, Number> constants) {}

  /** Called on each call of a variant's trial; retargets the site when the trial decides. */
  private void count(Trial t, boolean hit) {
    VariantTrial.Verdict v = t.calls().record(hit);
    if (v == VariantTrial.Verdict.KEEP) {
      retarget(t.site(), guard(t.variant(), t.general(), t.constants()));
    } else if (v == VariantTrial.Verdict.DROP) {
      synchronized (this) {
        variants.get(t.index()).remove(t.constants());
        dropped++;
      }
      retarget(t.site(), t.general());
      generalOnly.accept(t.index());
    }
  }

  /** {@code target}, first recording one call of the trial ({@code hit}: the variant ran). */
  private MethodHandle counting(Trial trial, MethodHandle target, boolean hit) {
    return MethodHandles.foldArguments(
        target, MethodHandles.insertArguments(COUNT, 0, this, trial, hit));
  }

  /** Variants dropped after their trial, in all functions. */
  private int dropped;

  /** How many variants were dropped because most calls after their profile did not match. */
  synchronized int dropped() {
    return dropped;
  }

  /** Notes a variant of {@code index}; false when it has as many as the policy allows. */
  synchronized boolean add(int index, Map<Integer, Number> constants) {
    List<Map<Integer, Number>> v = variants.get(index);
    if (v.size() >= policy.maxVariants() || v.contains(constants)) {
      return false;
    }
    v.add(Map.copyOf(constants));
    return true;
  }

  /** Function {@code index} got new code ({@code WasmModule.recompile}): its variants are gone. */
  synchronized void forget(int index) {
    variants.get(index).clear();
  }

  /** The fixed arguments of each variant function {@code index} has, oldest first. */
  synchronized List<Map<Integer, Number>> variants(int index) {
    return List.copyOf(variants.get(index));
  }

  private static void retarget(MutableCallSite site, MethodHandle target) {
    site.setTarget(target);
    MutableCallSite.syncAll(new MutableCallSite[] {site});
  }

  /**
   * {@code variant} when every fixed parameter's argument equals its value (bit for bit), else
   * {@code fallback}; both take the function's arguments and context.
   */
  static MethodHandle guard(
      MethodHandle variant, MethodHandle fallback, Map<Integer, Number> constants) {
    MethodType type = fallback.type();
    MethodHandle h = variant;
    for (Map.Entry<Integer, Number> c : constants.entrySet()) {
      int i = c.getKey();
      MethodHandle test = equalsConstant(type.parameterType(i), c.getValue());
      test = MethodHandles.dropArguments(test, 0, type.parameterList().subList(0, i));
      test =
          MethodHandles.dropArguments(
              test, i + 1, type.parameterList().subList(i + 1, type.parameterCount()));
      h = MethodHandles.guardWithTest(test, h, fallback);
    }
    return h;
  }

  /** {@code (T)boolean}: whether the argument is {@code value}, bit for bit. */
  private static MethodHandle equalsConstant(Class<?> t, Number value) {
    if (t == int.class) {
      return MethodHandles.insertArguments(EQ_INT, 1, (Integer) value);
    }
    if (t == long.class) {
      return MethodHandles.insertArguments(EQ_LONG, 1, (Long) value);
    }
    if (t == float.class) {
      return MethodHandles.insertArguments(EQ_FLOAT, 1, Float.floatToRawIntBits((Float) value));
    }
    if (t == double.class) {
      return MethodHandles.insertArguments(
          EQ_DOUBLE, 1, Double.doubleToRawLongBits((Double) value));
    }
    throw new IllegalArgumentException("a parameter of type " + t + " cannot be fixed");
  }

  private static boolean eqInt(int a, int b) {
    return a == b;
  }

  private static boolean eqLong(long a, long b) {
    return a == b;
  }

  private static boolean eqFloat(float a, int bits) {
    return Float.floatToRawIntBits(a) == bits;
  }

  private static boolean eqDouble(double a, long bits) {
    return Double.doubleToRawLongBits(a) == bits;
  }

  private static final MethodHandle RECORD;
  private static final MethodHandle COUNT;
  private static final MethodHandle EQ_INT;
  private static final MethodHandle EQ_LONG;
  private static final MethodHandle EQ_FLOAT;
  private static final MethodHandle EQ_DOUBLE;

  static {
    var l = MethodHandles.lookup();
    try {
      RECORD =
          l.findVirtual(
              Specializations.class,
              "record",
              MethodType.methodType(
                  void.class,
                  int.class,
                  MethodHandle.class,
                  MutableCallSite.class,
                  Object[].class));
      COUNT =
          l.findVirtual(
              Specializations.class,
              "count",
              MethodType.methodType(void.class, Trial.class, boolean.class));
      MethodType b = MethodType.methodType(boolean.class, int.class, int.class);
      EQ_INT = l.findStatic(Specializations.class, "eqInt", b);
      EQ_LONG =
          l.findStatic(
              Specializations.class,
              "eqLong",
              b.changeParameterType(0, long.class).changeParameterType(1, long.class));
      EQ_FLOAT =
          l.findStatic(Specializations.class, "eqFloat", b.changeParameterType(0, float.class));
      EQ_DOUBLE =
          l.findStatic(
              Specializations.class,
              "eqDouble",
              b.changeParameterType(0, double.class).changeParameterType(1, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
