package io.ipvm.memo.table;

import io.ipvm.ipld.Cid;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link ClaimTableTest}: claims one instruction in the claims of an IPVM
 * home, prints {@code held} and keeps the claim until killed (or until its standard input closes,
 * i.e. the test JVM is gone). Arguments: the IPVM home and the instruction CID.
 */
public final class ClaimHolder {
  private ClaimHolder() {}

  /** Claims {@code args[1]} under the memo table of home {@code args[0]}. */
  public static void main(String[] args) throws Exception {
    Memo memo = Memo.open(Path.of(args[0]), MemoConfig.DEFAULTS);
    ClaimTable.Claim claim = memo.claims().claim(Cid.parse(args[1]));
    System.out.println("held " + claim.instruction());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {}
    } catch (IOException e) {
      // fall through
    }
    Runtime.getRuntime().halt(3); // the test JVM is gone
  }
}
