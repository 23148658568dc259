package io.ipvm.compiler;

/**
 * One function compiled on its own into a class of its own ({@link
 * ModuleCompiler#compileFunction}): the function's method and what it needs besides (chunk methods,
 * bridges, switch tables).
 *
 * @param className binary name of the class
 * @param bytes the class file
 * @param function where the function's code is in it
 */
public record FunctionClass(String className, byte[] bytes, CompiledFunction function) {}
