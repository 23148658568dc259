/** The IPVM model, the workflow graph and the receipt memo table; see memo/README.md. */
package io.ipvm.memo;
