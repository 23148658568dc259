package io.ipvm.tools;

import io.ipvm.ipld.Cid;
import io.ipvm.ipld.IpldException;
import io.ipvm.ipld.car.CarException;
import io.ipvm.ipld.car.CarReader;
import io.ipvm.ipld.car.CarWriter;
import io.ipvm.ipld.store.BlockStore;
import io.ipvm.ipld.store.BlockStoreException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ipvm car export CID FILE} and {@code ipvm car import FILE}: CARv1 files of the block
 * store's DAGs ({@link CarWriter}, {@link CarReader}). {@code FILE} may be {@code -} for standard
 * output or input.
 *
 * <p>Export writes every block reachable from {@code CID} (read through the selected store, so with
 * a daemon configured, blocks missing here are fetched from it) into a temporary file beside {@code
 * FILE} that is renamed to {@code FILE} only when complete: a failed export leaves no half-written
 * CAR behind. An existing {@code FILE} that is not a regular file (a device such as {@code
 * /dev/stdout}, a FIFO) is written into directly, and a symbolic link's target is replaced, not the
 * link. Import verifies every block against its CID before storing it (with a daemon, also in the
 * daemon; roots whose whole DAG was stored are pinned there) and prints the roots.
 */
final class CarCommand {
  private final Main.Options options;
  private final StoreSelection selection;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  CarCommand(
      Main.Options options,
      StoreSelection selection,
      InputStream in,
      PrintStream out,
      PrintStream err) {
    this.options = options;
    this.selection = selection;
    this.in = in;
    this.out = out;
    this.err = err;
  }

  int run() throws Main.Failure {
    List<String> p = options.positional;
    if (p.isEmpty()) {
      throw Main.Failure.usage("ipvm car: missing export or import");
    }
    switch (p.get(0)) {
      case "export":
        if (p.size() != 3) {
          throw Main.Failure.usage("usage: ipvm car export CID FILE (FILE may be - for stdout)");
        }
        return export(p.get(1), p.get(2));
      case "import":
        if (p.size() != 2) {
          throw Main.Failure.usage("usage: ipvm car import FILE (FILE may be - for stdin)");
        }
        return importCar(p.get(1));
      default:
        throw Main.Failure.usage(
            "unknown car command '" + p.get(0) + "' (expected export or import)");
    }
  }

  // ---- export ---------------------------------------------------------------------------------

  private int export(String text, String file) throws Main.Failure {
    Cid root = Main.Command.parseCid(text);
    if (root == null) {
      throw Main.Failure.error("not a CID: " + text);
    }
    BlockStore store = selection.reading();
    List<Cid> written;
    long bytes;
    if (file.equals("-")) {
      CountingStream counted = new CountingStream(new BufferedOutputStream(out, 1 << 16));
      try {
        written = write(root, store, counted, text);
        counted.flush();
      } catch (IOException e) {
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot write the CAR to standard output: " + e, e);
      }
      bytes = counted.count;
    } else {
      Path target;
      Path tmp;
      try {
        target = Path.of(file).toAbsolutePath();
        if (Files.isDirectory(target)) {
          throw Main.Failure.error("cannot write " + file + ": is a directory");
        }
        if (Files.exists(target)) {
          // Through symbolic links (the rename replaces the file they lead to, not the link)...
          target = target.toRealPath();
          if (!Files.isRegularFile(target)) {
            // ...and into a device, FIFO or socket as it is: renaming a temporary file onto
            // /dev/stdout or /dev/full would replace the device node itself (as root).
            return exportTo(root, store, file, target, text);
          }
        }
        Path dir = target.getParent();
        tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      } catch (NoSuchFileException e) {
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot write " + file + ": no such directory", e);
      } catch (AccessDeniedException e) {
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot write " + file + ": permission denied", e);
      } catch (IOException | InvalidPathException e) {
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot write " + file + ": " + e.getMessage(), e);
      }
      boolean done = false;
      try {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
          written = write(root, store, o, text);
        }
        bytes = Files.size(tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        done = true;
      } catch (IOException e) {
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot write " + file + ": " + e.getMessage(), e);
      } finally {
        if (!done) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // the export already failed; a left-over hidden temporary file is the lesser problem
          }
        }
      }
    }
    return report(root, written, bytes, file);
  }

  /** Exports straight into {@code target}, an existing file that is not a regular file. */
  private int exportTo(Cid root, BlockStore store, String file, Path target, String text)
      throws Main.Failure {
    CountingStream counted;
    List<Cid> written;
    try (OutputStream o = Files.newOutputStream(target)) {
      counted = new CountingStream(new BufferedOutputStream(o, 1 << 16));
      written = write(root, store, counted, text);
      counted.flush();
    } catch (AccessDeniedException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot write " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot write " + file + ": " + e.getMessage(), e);
    }
    return report(root, written, counted.count, file);
  }

  /** The line (or JSON document) saying what was exported. */
  private int report(Cid root, List<Cid> written, long bytes, String file) {
    if (options.json) {
      (file.equals("-") ? err : out)
          .println(
              "{\"root\":"
                  + Json.quote(root.toString())
                  + ",\"blocks\":"
                  + written.size()
                  + ",\"size\":"
                  + bytes
                  + ",\"file\":"
                  + Json.quote(file)
                  + "}");
    } else if (!file.equals("-")) {
      out.println(
          "exported " + plural(written.size(), "block") + " (" + bytes + " bytes) to " + file);
    }
    return Main.EXIT_OK;
  }

  private List<Cid> write(Cid root, BlockStore store, OutputStream o, String text)
      throws IOException, Main.Failure {
    try {
      return CarWriter.write(root, store, o);
    } catch (CarException e) {
      // "CAR export: block X (linked from Y) is not in the store": say which store.
      String m = e.getMessage();
      if (m.endsWith(" is not in the store")) {
        m = m.substring(0, m.length() - " is not in the store".length());
        m = m.replaceFirst("^CAR export: ", "");
        throw new Main.Failure(
            Main.EXIT_USAGE, "error: cannot export " + text + ": " + selection.missing(m), e);
      }
      throw new Main.Failure(Main.EXIT_USAGE, "error: cannot export " + text + ": " + m, e);
    } catch (BlockStoreException | IpldException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot export " + text + ": " + e.getMessage(), e);
    }
  }

  // ---- import ---------------------------------------------------------------------------------

  private int importCar(String file) throws Main.Failure {
    CountingStore store = new CountingStore(selection.writing());
    List<Cid> roots;
    String name = file.equals("-") ? "standard input" : file;
    try {
      if (!file.equals("-") && Files.isDirectory(Path.of(file))) {
        throw Main.Failure.error("cannot read " + file + ": is a directory");
      }
    } catch (InvalidPathException e) {
      throw Main.Failure.error("cannot read " + file + ": " + e.getMessage());
    }
    try (InputStream input =
        new BufferedInputStream(
            file.equals("-") ? nonClosing(in) : Files.newInputStream(Path.of(file)), 1 << 16)) {
      roots = CarReader.read(input, store);
    } catch (NoSuchFileException e) {
      throw new Main.Failure(Main.EXIT_USAGE, "error: cannot read " + file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot read " + file + ": permission denied", e);
    } catch (IOException | InvalidPathException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot read " + name + ": " + e.getMessage(), e);
    } catch (CarException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE,
          "error: cannot import "
              + name
              + ": "
              + e.getMessage()
              + (store.count == 0
                  ? ""
                  : " (the " + plural(store.count, "block") + " before it were stored)"),
          e);
    } catch (BlockStoreException e) {
      throw new Main.Failure(
          Main.EXIT_USAGE, "error: cannot import " + name + ": " + e.getMessage(), e);
    }
    // A CAR may hold only part of a DAG; only complete roots are pinned on the daemon, since
    // pinning a partial one would make it search the network for the rest.
    List<Cid> incomplete = new ArrayList<>();
    if (selection.api() != null) {
      for (Cid root : roots) {
        if (complete(root)) {
          selection.pin(root);
        } else {
          incomplete.add(root);
        }
      }
    }
    if (options.json) {
      StringBuilder sb = new StringBuilder("{\"roots\":[");
      for (int i = 0; i < roots.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(Json.quote(roots.get(i).toString()));
      }
      out.println(sb.append("],\"blocks\":").append(store.count).append('}'));
    } else {
      for (Cid root : roots) {
        out.println(root);
      }
    }
    for (Cid root : incomplete) {
      err.println(
          "note: the DAG of root " + root + " is not complete here; not pinned on the IPFS daemon");
    }
    return Main.EXIT_OK;
  }

  /** Whether every block reachable from {@code root} is in the embedded store. */
  private boolean complete(Cid root) {
    try {
      CarWriter.write(root, selection.local(), OutputStream.nullOutputStream());
      return true;
    } catch (CarException | BlockStoreException | IOException e) {
      return false;
    }
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Counts what passes through, for the summary line. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Counts the blocks put, for the summary and for the message after a bad block. */
  private static final class CountingStore implements BlockStore {
    private final BlockStore store;
    long count;

    CountingStore(BlockStore store) {
      this.store = store;
    }

    @Override
    public void put(Cid cid, byte[] data) {
      store.put(cid, data);
      count++;
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      return store.get(cid);
    }

    @Override
    public boolean has(Cid cid) {
      return store.has(cid);
    }
  }
}
