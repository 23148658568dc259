package io.ipvm.runtime;

import io.ipvm.compiler.CompileOptions;

/**
 * {@link ConstantFoldingTest}'s cases on the adaptive tier's linkage, entry checks: the general
 * code is {@code f<N>$body}, variants call the module's entries directly.
 */
class EntryCheckFoldingTest extends ConstantFoldingTest {
  @Override
  CompileOptions options() {
    return CompileOptions.DEFAULT.withEntryChecks(true);
  }
}
