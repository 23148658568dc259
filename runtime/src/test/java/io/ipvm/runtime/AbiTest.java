package io.ipvm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipvm.compiler.abi.Builtin;
import io.ipvm.compiler.abi.RuntimeClass;
import io.ipvm.compiler.abi.RuntimeField;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiler's description of the runtime ({@code io.ipvm.compiler.abi}) resolved against the
 * runtime's classes, as generated code in another class loader links it: with a public lookup. A
 * renamed or retyped helper fails here, not at a guest's first call.
 */
class AbiTest {
  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

  private static Class<?> load(RuntimeClass c) throws ClassNotFoundException {
    return Class.forName(c.binaryName(), false, AbiTest.class.getClassLoader());
  }

  @Test
  void everyRuntimeClassIsPublic() throws Exception {
    for (RuntimeClass c : RuntimeClass.values()) {
      assertTrue(Modifier.isPublic(load(c).getModifiers()), c + " is not public");
    }
  }

  @Test
  void everyBuiltinResolves() throws Exception {
    List<String> problems = new ArrayList<>();
    for (Builtin b : Builtin.values()) {
      try {
        MethodType type =
            MethodType.fromMethodDescriptorString(b.descriptor(), AbiTest.class.getClassLoader());
        PUBLIC.findStatic(load(b.owner()), b.methodName(), type);
      } catch (ReflectiveOperationException | TypeNotPresentException e) {
        problems.add(b + ": " + e);
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyRuntimeFieldResolves() throws Exception {
    List<String> problems = new ArrayList<>();
    for (RuntimeField f : RuntimeField.values()) {
      try {
        Class<?> owner = load(f.owner());
        Class<?> type =
            MethodType.fromMethodDescriptorString(
                    "()" + f.descriptor(), AbiTest.class.getClassLoader())
                .returnType();
        if (f.isStatic()) {
          PUBLIC.findStaticGetter(owner, f.fieldName(), type);
        } else {
          PUBLIC.findGetter(owner, f.fieldName(), type);
        }
        if (f.written()) {
          PUBLIC.findSetter(owner, f.fieldName(), type);
        }
      } catch (ReflectiveOperationException | TypeNotPresentException e) {
        problems.add(f + ": " + e);
      }
    }
    assertEquals(List.of(), problems);
  }

  /** A new public helper in Ops is for generated code: it belongs in the Builtin list. */
  @Test
  void everyPublicOpsHelperIsABuiltin() throws Exception {
    Set<String> listed =
        Arrays.stream(Builtin.values())
            .filter(b -> b.owner() == RuntimeClass.OPS)
            .map(b -> b.methodName() + b.descriptor())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    for (Method m : load(RuntimeClass.OPS).getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        String key =
            m.getName()
                + MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                    .toMethodDescriptorString();
        if (!listed.contains(key)) {
          missing.add(key);
        }
      }
    }
    assertEquals(Set.of(), missing);
  }
}
