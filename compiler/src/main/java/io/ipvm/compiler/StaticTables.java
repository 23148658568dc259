package io.ipvm.compiler;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.Table;
import io.ipvm.wasm.FunctionType;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The tables whose entries are known at compile time, and what they hold: a table the module
 * defines, does not export, and that no instruction of the module changes ({@code
 * ModulePlan.Facts#writtenTables}) holds, for the instance's whole life, what its active element
 * segments put there at instantiation. A specialized variant uses this to turn a {@code
 * call_indirect} on a constant entry into a direct call.
 *
 * <p>Each known table is an array of function indices ({@link #NULL} for a null entry, {@link
 * #UNKNOWN} for one set by an expression this class does not evaluate); a table with an element
 * segment at an offset that is not a constant is not known at all.
 */
final class StaticTables {
  /** An entry that holds null. */
  static final int NULL = -1;

  /** An entry whose value is not known at compile time. */
  static final int UNKNOWN = -2;

  /** Per table (imports first): the entries, or null when the table is not known. */
  private final int[][] entries;

  private final List<FunctionType> types;
  private final List<FunctionType> functionTypes;

  private StaticTables(
      int[][] entries, List<FunctionType> types, List<FunctionType> functionTypes) {
    this.entries = entries;
    this.types = types;
    this.functionTypes = functionTypes;
  }

  /**
   * Finds the known tables of {@code module}.
   *
   * @param written the tables some instruction of the module may change
   * @param types the type section
   * @param functionTypes the type of every function, imports first
   */
  static StaticTables of(
      WasmModule module,
      BitSet written,
      List<FunctionType> types,
      List<FunctionType> functionTypes) {
    int imported = 0;
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      if (imp.importType() == ExternalType.TABLE) {
        imported++;
      }
    }
    int defined = module.tableSection().tableCount();
    int[][] entries = new int[imported + defined][];
    for (int t = 0; t < defined; t++) {
      Table table = module.tableSection().getTable(t);
      boolean nullInit =
          table.initialize() == null
              || table.initialize().isEmpty()
              || table.initialize().get(0).opcode() == OpCode.REF_NULL;
      long size = table.limits().min();
      if (nullInit && size <= 1 << 20) {
        entries[imported + t] = new int[(int) size];
        Arrays.fill(entries[imported + t], NULL);
      }
    }
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export e = module.exportSection().getExport(i);
      if (e.exportType() == ExternalType.TABLE) {
        entries[e.index()] = null;
      }
    }
    for (int t = written.nextSetBit(0);
        t >= 0 && t < entries.length;
        t = written.nextSetBit(t + 1)) {
      entries[t] = null;
    }
    for (Element e : module.elementSection().elements()) {
      if (!(e instanceof ActiveElement a) || entries[a.tableIndex()] == null) {
        continue;
      }
      int[] table = entries[a.tableIndex()];
      List<Instruction> offset = a.offset();
      if (offset.isEmpty() || offset.get(0).opcode() != OpCode.I32_CONST) {
        entries[a.tableIndex()] = null;
        continue;
      }
      long at = offset.get(0).operand(0) & 0xFFFF_FFFFL;
      List<List<Instruction>> inits = e.initializers();
      if (at + inits.size() > table.length) {
        // Instantiation traps: there is no instance to run code for.
        entries[a.tableIndex()] = null;
        continue;
      }
      for (int k = 0; k < inits.size(); k++) {
        table[(int) at + k] = entryOf(inits.get(k));
      }
    }
    return new StaticTables(entries, types, functionTypes);
  }

  private static int entryOf(List<Instruction> init) {
    if (init.isEmpty()) {
      return UNKNOWN;
    }
    Instruction first = init.get(0);
    return switch (first.opcode()) {
      case REF_FUNC -> (int) first.operand(0);
      case REF_NULL -> NULL;
      default -> UNKNOWN;
    };
  }

  /**
   * The function a {@code call_indirect} of type {@code typeIndex} through entry {@code entry} of
   * {@code table} calls whenever it runs, its signature equal to the type's; -1 when that is not
   * known (the table or the entry is not known, the entry is null or out of range, or the types
   * differ: the instruction then stays and traps at run time).
   */
  int directTarget(int typeIndex, int table, long entry) {
    if (table < 0 || table >= entries.length || entries[table] == null) {
      return -1;
    }
    int[] t = entries[table];
    if (entry < 0 || entry >= t.length || t[(int) entry] < 0) {
      return -1;
    }
    int f = t[(int) entry];
    return functionTypes.get(f).equals(types.get(typeIndex)) ? f : -1;
  }
}
