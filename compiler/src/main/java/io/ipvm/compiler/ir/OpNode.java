package io.ipvm.compiler.ir;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;

/**
 * One non-structural instruction.
 *
 * @param instruction the decoded instruction
 * @param estimatedSize estimated bytecode bytes
 */
public record OpNode(AnnotatedInstruction instruction, int estimatedSize) implements Node {}
