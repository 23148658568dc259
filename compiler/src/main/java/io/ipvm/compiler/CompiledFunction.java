package io.ipvm.compiler;

import io.ipvm.wasm.FunctionType;

/**
 * Where a defined function's code lives.
 *
 * @param index the Wasm function index (imports first)
 * @param type the Wasm type
 * @param owner binary name of the generated class holding the static method
 * @param method method name
 * @param descriptor JVM descriptor: the Wasm parameters, then the context; returns void, the single
 *     result, or {@code Object[]} for several
 */
public record CompiledFunction(
    int index, FunctionType type, String owner, String method, String descriptor) {}
