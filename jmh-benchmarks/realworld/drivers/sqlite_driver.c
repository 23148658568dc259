/* RealWorldBench driver for SQLite (the amalgamation built from Debian's sqlite3 source): one unit
 * = open an in-memory database, create three tables, insert ORDERS rows (default 100,000) plus
 * customers and products from a fixed PRNG through prepared statements in one transaction, build
 * indexes, then run joins, aggregates, window functions, a recursive CTE, string matching, an
 * UPDATE and a DELETE, printing every result row ('|'-separated, as the sqlite3 shell does).
 *   sqlite_driver [--iterations N | --bench WARMUP_MS ROUNDS] [ORDERS]  (driver.h)
 *
 * Built with SQLITE_OS_OTHER=1: no file system, the same everywhere. The VFS below has no files
 * (the database and temporary storage live in memory: SQLITE_TEMP_STORE=3), a deterministic
 * xRandomness and a fixed clock, so native and Wasm builds print identical output. */
#include "driver.h"
#include "sqlite3.h"

/* --- the VFS: nothing but randomness and time ----------------------------------------------- */
static int vfs_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out) {
  (void)v; (void)f; (void)flags; (void)out;
  fprintf(stderr, "sqlite_driver: the VFS has no files (xOpen %s)\n", name ? name : "(temp)");
  return SQLITE_CANTOPEN;
}
static int vfs_delete(sqlite3_vfs *v, const char *name, int sync) { (void)v; (void)name; (void)sync; return SQLITE_IOERR_DELETE; }
static int vfs_access(sqlite3_vfs *v, const char *name, int flags, int *res) { (void)v; (void)name; (void)flags; *res = 0; return SQLITE_OK; }
static int vfs_fullpath(sqlite3_vfs *v, const char *name, int n, char *out) {
  (void)v;
  sqlite3_snprintf(n, out, "%s", name);
  return SQLITE_OK;
}
static uint64_t vfs_seed = 1;
static int vfs_random(sqlite3_vfs *v, int n, char *out) {
  (void)v;
  for (int i = 0; i < n; i++) {
    vfs_seed = vfs_seed * 6364136223846793005ULL + 1442695040888963407ULL;
    out[i] = (char)(vfs_seed >> 56);
  }
  return n;
}
static int vfs_sleep(sqlite3_vfs *v, int us) { (void)v; return us; }
static int vfs_time(sqlite3_vfs *v, double *t) { (void)v; *t = 2460000.5; return SQLITE_OK; }
static int vfs_time64(sqlite3_vfs *v, sqlite3_int64 *t) { (void)v; *t = (sqlite3_int64)2460000 * 86400000 + 43200000; return SQLITE_OK; }
static int vfs_error(sqlite3_vfs *v, int n, char *out) { (void)v; if (n > 0) out[0] = 0; return 0; }

static sqlite3_vfs rw_vfs = {
    2, (int)sizeof(sqlite3_file), 512, NULL, "rw-memory", NULL,
    vfs_open, vfs_delete, vfs_access, vfs_fullpath,
    NULL, NULL, NULL, NULL, /* no extensions: xDlOpen, xDlError, xDlSym, xDlClose */
    vfs_random, vfs_sleep, vfs_time, vfs_error, vfs_time64,
    NULL, NULL, NULL};

int sqlite3_os_init(void) { return sqlite3_vfs_register(&rw_vfs, 1); }
int sqlite3_os_end(void) { return SQLITE_OK; }

/* --- the workload --------------------------------------------------------------------------- */
static uint64_t rng;
static uint32_t next(void) {
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static int fail(sqlite3 *db, const char *what) {
  fprintf(stderr, "sqlite_driver: %s: %s\n", what, sqlite3_errmsg(db));
  sqlite3_close(db);
  return 1;
}

static int print_row(void *arg, int n, char **values, char **names) {
  (void)arg; (void)names;
  for (int i = 0; i < n; i++) {
    if (i) out_write("|", 1);
    const char *v = values[i] ? values[i] : "";
    out_write(v, strlen(v));
  }
  out_write("\n", 1);
  return 0;
}

static int query(sqlite3 *db, const char *title, const char *sql) {
  out_printf("-- %s\n", title);
  char *err = NULL;
  if (sqlite3_exec(db, sql, print_row, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_driver: %s: %s\n", title, err ? err : "?");
    sqlite3_free(err);
    return 1;
  }
  return 0;
}

static const char *const CITIES[] = {"Lisbon", "Oslo", "Quito", "Hanoi", "Accra", "Lima", "Perth", "Riga", "Turin", "Osaka", "Dakar", "Cusco"};
static const char *const CATEGORIES[] = {"books", "tools", "garden", "music", "toys", "kitchen", "sports", "office"};
static const char *const SYLLABLES[] = {"ka", "lo", "mi", "ren", "so", "ta", "vi", "dor", "an", "el", "os", "ur"};

static void name(char *buf, size_t cap, int parts) {
  size_t n = 0;
  for (int i = 0; i < parts; i++) n += (size_t)snprintf(buf + n, cap - n, "%s", SYLLABLES[next() % 12]);
  if (buf[0] >= 'a') buf[0] = (char)(buf[0] - 32);
}

static int run_unit(int argc, char **argv) {
  int orders = argc > 1 ? atoi(argv[1]) : 100000;
  int customers = orders / 20 > 10 ? orders / 20 : 10;
  int products = orders / 100 > 10 ? orders / 100 : 10;
  rng = 0x243F6A8885A308D3ULL;
  vfs_seed = 1;
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) return fail(db, "open");
  out_printf("sqlite %s\n", sqlite3_libversion());
  if (sqlite3_exec(db,
                   "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, tier INTEGER);"
                   "CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT, price_cents INTEGER);"
                   "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers,"
                   "  product_id INTEGER REFERENCES products, qty INTEGER, day INTEGER, note TEXT);"
                   "BEGIN;",
                   NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, "schema");
  sqlite3_stmt *st;
  char buf[128];
  if (sqlite3_prepare_v2(db, "INSERT INTO customers VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL)) return fail(db, "prepare");
  for (int i = 1; i <= customers; i++) {
    name(buf, sizeof buf, 2 + (int)(next() % 3));
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, buf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, CITIES[next() % 12], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, (int)(next() % 4));
    if (sqlite3_step(st) != SQLITE_DONE) return fail(db, "insert customer");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "INSERT INTO products VALUES(?1, ?2, ?3, ?4)", -1, &st, NULL)) return fail(db, "prepare");
  for (int i = 1; i <= products; i++) {
    name(buf, sizeof buf, 3);
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, buf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, CATEGORIES[next() % 8], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, 99 + (int)(next() % 20000));
    if (sqlite3_step(st) != SQLITE_DONE) return fail(db, "insert product");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(db, "INSERT INTO orders(customer_id, product_id, qty, day, note) VALUES(?1, ?2, ?3, ?4, ?5)", -1, &st, NULL))
    return fail(db, "prepare");
  for (int i = 1; i <= orders; i++) {
    uint32_t r = next();
    sqlite3_bind_int(st, 1, 1 + (int)((next() % customers) * (next() % customers) / customers));
    sqlite3_bind_int(st, 2, 1 + (int)(next() % products));
    sqlite3_bind_int(st, 3, (int)(r % 9));
    sqlite3_bind_int(st, 4, (int)(next() % 365));
    if (r % 7 == 0) {
      snprintf(buf, sizeof buf, "%s delivery, ref %08x", r % 3 ? "urgent" : "standard", next());
      sqlite3_bind_text(st, 5, buf, -1, SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(st, 5);
    }
    if (sqlite3_step(st) != SQLITE_DONE) return fail(db, "insert order");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (sqlite3_exec(db,
                   "COMMIT;"
                   "CREATE INDEX orders_customer ON orders(customer_id);"
                   "CREATE INDEX orders_product_day ON orders(product_id, day);"
                   "CREATE INDEX customers_city ON customers(city, tier);"
                   "ANALYZE;",
                   NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, "indexes");

  int bad = 0;
  bad |= query(db, "counts", "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM products), count(*), sum(qty), count(note) FROM orders;");
  bad |= query(db, "revenue by category",
               "SELECT p.category, count(*), sum(o.qty * p.price_cents), printf('%.2f', avg(o.qty * p.price_cents) / 100.0)"
               " FROM orders o JOIN products p ON p.id = o.product_id GROUP BY p.category ORDER BY 3 DESC;");
  bad |= query(db, "top customers",
               "SELECT c.id, c.name, c.city, count(*) AS n, sum(o.qty * p.price_cents) AS spend"
               " FROM customers c JOIN orders o ON o.customer_id = c.id JOIN products p ON p.id = o.product_id"
               " GROUP BY c.id ORDER BY spend DESC, c.id LIMIT 10;");
  bad |= query(db, "city by quarter",
               "SELECT c.city, o.day / 91 AS quarter, count(DISTINCT c.id), sum(o.qty)"
               " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.tier >= 1"
               " GROUP BY c.city, quarter HAVING sum(o.qty) > 100 ORDER BY c.city, quarter;");
  bad |= query(db, "best products per category (window)",
               "SELECT category, name, revenue, rnk FROM ("
               "  SELECT p.category, p.name, sum(o.qty * p.price_cents) AS revenue,"
               "         rank() OVER (PARTITION BY p.category ORDER BY sum(o.qty * p.price_cents) DESC, p.id) AS rnk"
               "  FROM products p JOIN orders o ON o.product_id = p.id GROUP BY p.id)"
               " WHERE rnk <= 2 ORDER BY category, rnk;");
  bad |= query(db, "running total (window)",
               "SELECT day, daily, sum(daily) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)"
               " FROM (SELECT day, sum(qty) AS daily FROM orders GROUP BY day) WHERE day % 40 = 0;");
  bad |= query(db, "customers without recent orders (correlated subquery)",
               "SELECT count(*) FROM customers c WHERE NOT EXISTS"
               " (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.day >= 300);");
  bad |= query(db, "notes (LIKE, substr, group_concat)",
               "SELECT substr(note, 1, instr(note, ' ') - 1), count(*), min(note), max(length(note))"
               " FROM orders WHERE note LIKE '%delivery%' GROUP BY 1 ORDER BY 1;");
  bad |= query(db, "name initials",
               "SELECT substr(name, 1, 1) AS initial, count(*), group_concat(DISTINCT tier)"
               " FROM (SELECT * FROM customers ORDER BY id) GROUP BY initial ORDER BY initial;");
  bad |= query(db, "recursive CTE",
               "WITH RECURSIVE s(n, acc) AS (SELECT 1, 1 UNION ALL SELECT n + 1, (acc * 31 + n) % 1000003 FROM s WHERE n < 50000)"
               " SELECT count(*), max(acc), sum(acc) FROM s;");
  bad |= query(db, "update and delete",
               "UPDATE products SET price_cents = price_cents * 11 / 10 WHERE category IN ('books', 'music');"
               "DELETE FROM orders WHERE qty = 0;"
               "SELECT changes(), count(*), sum(o.qty * p.price_cents) FROM orders o JOIN products p ON p.id = o.product_id;");
  bad |= query(db, "median order value (ORDER BY with OFFSET)",
               "SELECT o.qty * p.price_cents AS v FROM orders o JOIN products p ON p.id = o.product_id"
               " ORDER BY v LIMIT 1 OFFSET (SELECT count(*) / 2 FROM orders);");
  bad |= query(db, "integrity", "PRAGMA integrity_check;");
  sqlite3_close(db);
  return bad;
}
