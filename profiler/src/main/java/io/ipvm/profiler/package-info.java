/**
 * Profiles of running guest functions and the policy that turns them into decisions: which function
 * gets a variant specialized on fixed arguments, and when profiling stops. Plain objects with no
 * dependency on the compiler or the runtime, which consult them (see profiler/README.md).
 */
package io.ipvm.profiler;
