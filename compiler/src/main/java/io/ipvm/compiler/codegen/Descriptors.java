package io.ipvm.compiler.codegen;

import io.ipvm.wasm.FunctionType;
import io.ipvm.wasm.ValType;
import java.util.List;
import org.objectweb.asm.Opcodes;

/** JVM descriptors and typed opcodes for Wasm value types. */
public final class Descriptors {
  private Descriptors() {}

  /** JVM parameter slots above which a function type uses the boxed "wide" convention. */
  public static final int MAX_PARAM_SLOTS = 250;

  /**
   * Whether a type has too many parameters for a JVM method (255 slots, fewer for a method handle's
   * invokeExact). Such functions take their arguments boxed in one {@code Object[]}.
   */
  public static boolean isWide(FunctionType type) {
    int slots = 0;
    for (ValType p : type.params()) {
      slots += p.slots();
    }
    return slots > MAX_PARAM_SLOTS;
  }

  /**
   * Descriptor of a method taking the Wasm parameters (or, for a wide type, one {@code Object[]} of
   * them) plus {@code extra} (may be empty).
   */
  public static String method(FunctionType type, String extra) {
    StringBuilder sb = new StringBuilder("(");
    if (isWide(type)) {
      sb.append("[Ljava/lang/Object;");
    } else {
      for (ValType p : type.params()) {
        sb.append(p.descriptor());
      }
    }
    sb.append(extra).append(')');
    sb.append(returnDesc(type.results()));
    return sb.toString();
  }

  /** The return descriptor for a result list: V, the single type, or Object[]. */
  public static String returnDesc(List<ValType> results) {
    return switch (results.size()) {
      case 0 -> "V";
      case 1 -> results.get(0).descriptor();
      default -> "[Ljava/lang/Object;";
    };
  }

  /** xLOAD for a type. */
  public static int load(ValType t) {
    return switch (t) {
      case I32 -> Opcodes.ILOAD;
      case I64 -> Opcodes.LLOAD;
      case F32 -> Opcodes.FLOAD;
      case F64 -> Opcodes.DLOAD;
      case FUNCREF, EXTERNREF -> Opcodes.ALOAD;
    };
  }

  /** xSTORE for a type. */
  public static int store(ValType t) {
    return switch (t) {
      case I32 -> Opcodes.ISTORE;
      case I64 -> Opcodes.LSTORE;
      case F32 -> Opcodes.FSTORE;
      case F64 -> Opcodes.DSTORE;
      case FUNCREF, EXTERNREF -> Opcodes.ASTORE;
    };
  }

  /** xRETURN for a type. */
  public static int ret(ValType t) {
    return switch (t) {
      case I32 -> Opcodes.IRETURN;
      case I64 -> Opcodes.LRETURN;
      case F32 -> Opcodes.FRETURN;
      case F64 -> Opcodes.DRETURN;
      case FUNCREF, EXTERNREF -> Opcodes.ARETURN;
    };
  }

  /** The box class for a type ({@code java/lang/Integer}...), or null for references. */
  public static String box(ValType t) {
    return switch (t) {
      case I32 -> "java/lang/Integer";
      case I64 -> "java/lang/Long";
      case F32 -> "java/lang/Float";
      case F64 -> "java/lang/Double";
      case FUNCREF, EXTERNREF -> null;
    };
  }
}
