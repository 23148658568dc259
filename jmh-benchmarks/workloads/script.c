/*
 * script: a small embedded scripting-language interpreter (in the spirit of the Lua and QuickJS
 * builds that are common Wasm guests). bench() takes seven script sources embedded below and, for
 * each one, tokenizes, parses, compiles and runs it from scratch:
 *
 *   tokenizer: identifiers, keywords, decimal/hex integers, decimals with exponents, strings with
 *              \n \t \\ \" \xHH escapes, two-character operators, # comments;
 *   parser:    recursive descent with precedence climbing into an index-linked AST, with constant
 *              folding of literal arithmetic;
 *   compiler:  AST to a stack bytecode (one code buffer per function, function-relative jumps),
 *              lexical block scopes, local slots, closures capturing by value (flat closures),
 *              emit-time fusion of compare+branch, local increments and immediates, and a jump
 *              threading pass;
 *   VM:        dynamic values (nil, bool, int64, double, string, array, table, function, builtin),
 *              int64 arithmetic with wrap-around and double promotion, tables with an open-addressing
 *              hash part, 34 builtins (string functions, fmt, sort, keys, ...), runtime errors;
 *   memory:    objects in a fixed pool with a free list, payloads in a size-class allocator over a
 *              static heap, and a mark-sweep collector run at safe points (calls, back edges); all
 *              state is reset at the start of every script.
 * Checksum: per script, a deep hash of the returned value, FNV-1a of everything printed, the number
 * of tokens, AST nodes, bytecode bytes, constants, executed instructions and collections. Any
 * tokenizer, parser, compiler or runtime error returns a negative value that never equals expected().
 */
#include "bench_common.h"

/* Cold or widely called helpers stay out of line, as they would in a multi-file interpreter. */
#define NOINLINE __attribute__((noinline))

#define SRC_TOK_MAX (8u * 1024u)
#define NODE_MAX (8u * 1024u)
#define STRLIT_MAX (32u * 1024u)
#define CODE_MAX (64u * 1024u)
#define FN_CODE_MAX (16u * 1024u)
#define FN_DEPTH_MAX 6
#define CONST_MAX 1024u
#define PROTO_MAX 128u
#define UPDESC_MAX 512u
#define GLOBAL_MAX 256u
#define LOCAL_MAX 200
#define UPVAL_MAX 32
#define LOOP_MAX 16
#define JUMP_LIST_MAX 64
#define OBJ_MAX (64u * 1024u)
#define HEAP_MAX (4u * 1024u * 1024u)
#define STACK_MAX (16u * 1024u)
#define FRAME_MAX 512u
#define OUT_MAX (32u * 1024u)
#define GRAY_MAX (64u * 1024u)

/* Script sizes (read through volatiles so nothing folds). */
static volatile int32_t script_n[7] = {24, 60000, 2500, 3000, 3000, 60, 9};
static volatile int32_t script_m[7] = {300, 0, 0, 0, 0, 0, 40};

/* ---------------------------------------------------------------- errors and utilities */

enum {
    E_LEX = -10, E_PARSE = -20, E_COMPILE = -30, E_RUNTIME = -40, E_TYPE = -41, E_INDEX = -42,
    E_ARITY = -43, E_DIVZERO = -44, E_CALL = -45, E_MEMORY = -46, E_STACK = -47, E_ASSERT = -48,
    E_ARG = -49
};
static int32_t err;
static uint32_t err_line;

static NOINLINE void fail(int32_t code, uint32_t line) {
    if (!err) { err = code; err_line = line; }
}

static NOINLINE uint32_t c_len(const char *s) {
    uint32_t n = 0;
    while (s[n]) n++;
    return n;
}
static NOINLINE int bytes_eq(const uint8_t *a, const uint8_t *b, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (a[i] != b[i]) return 0;
    return 1;
}
static NOINLINE void bytes_copy(uint8_t *d, const uint8_t *s, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) d[i] = s[i];
}
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static int is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int hex_val(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
static const double pow10_tab[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* ---------------------------------------------------------------- tokenizer */

enum {
    TK_EOF = 0,
    TK_INT = 128, TK_FLT, TK_STR, TK_NAME,
    TK_LET, TK_FN, TK_IF, TK_ELIF, TK_ELSE, TK_WHILE, TK_FOR, TK_IN, TK_RETURN, TK_BREAK,
    TK_CONTINUE, TK_NIL, TK_TRUE, TK_FALSE, TK_AND, TK_OR, TK_NOT,
    TK_EQ, TK_NE, TK_LE, TK_GE, TK_SHL, TK_SHR, TK_DOTDOT,
    TK_ADDEQ, TK_SUBEQ, TK_MULEQ, TK_DIVEQ, TK_MODEQ
};

typedef struct {
    uint16_t type;
    uint32_t line;
    uint32_t off, len;     /* name: into the source; string: into strlit */
    union { int64_t i; double d; } v;
} Token;

static const uint8_t *src;
static uint32_t src_len;
static Token toks[SRC_TOK_MAX];
static uint32_t ntoks;
static uint8_t strlit[STRLIT_MAX];
static uint32_t strlit_len;

static const char *const keywords[] = {
    "let", "fn", "if", "elif", "else", "while", "for", "in", "return", "break",
    "continue", "nil", "true", "false", "and", "or", "not",
};

static NOINLINE Token *new_tok(uint16_t type, uint32_t line, uint32_t off, uint32_t len) {
    if (ntoks >= SRC_TOK_MAX - 1) { fail(E_LEX, line); return &toks[SRC_TOK_MAX - 1]; }
    Token *t = &toks[ntoks++];
    t->type = type;
    t->line = line;
    t->off = off;
    t->len = len;
    t->v.i = 0;
    return t;
}

static NOINLINE uint32_t lex_number(uint32_t p, uint32_t line) {
    uint32_t start = p;
    if (src[p] == '0' && (src[p + 1] == 'x' || src[p + 1] == 'X')) {
        uint64_t v = 0;
        p += 2;
        if (hex_val(src[p]) < 0) { fail(E_LEX, line); return p; }
        while (p < src_len && (hex_val(src[p]) >= 0 || src[p] == '_')) {
            if (src[p] != '_') v = v * 16 + (uint64_t)hex_val(src[p]);
            p++;
        }
        new_tok(TK_INT, line, start, p - start)->v.i = (int64_t)v;
        return p;
    }
    uint64_t mant = 0;
    int digits = 0, scale = 0, is_float = 0, dropped = 0;
    while (p < src_len && (is_digit(src[p]) || src[p] == '_')) {
        if (src[p] != '_') {
            if (digits < 19) { mant = mant * 10 + (uint64_t)(src[p] - '0'); if (mant) digits++; }
            else { dropped++; }
        }
        p++;
    }
    if (p + 1 < src_len && src[p] == '.' && is_digit(src[p + 1])) {
        is_float = 1;
        p++;
        while (p < src_len && is_digit(src[p])) {
            if (digits < 19) { mant = mant * 10 + (uint64_t)(src[p] - '0'); if (mant) digits++; scale--; }
            p++;
        }
    }
    if (p < src_len && (src[p] == 'e' || src[p] == 'E')) {
        uint32_t q = p + 1;
        int neg = 0, e = 0;
        if (q < src_len && (src[q] == '+' || src[q] == '-')) { neg = src[q] == '-'; q++; }
        if (q < src_len && is_digit(src[q])) {
            while (q < src_len && is_digit(src[q])) { if (e < 10000) e = e * 10 + (src[q] - '0'); q++; }
            scale += neg ? -e : e;
            is_float = 1;
            p = q;
        }
    }
    if (is_alpha(src[p])) { fail(E_LEX, line); return p; }
    if (!is_float) {
        if (dropped) { fail(E_LEX, line); return p; }   /* integer literal too long */
        new_tok(TK_INT, line, start, p - start)->v.i = (int64_t)mant;
        return p;
    }
    scale += dropped;
    double d = (double)mant;
    while (scale > 22) { d *= 1e22; scale -= 22; }
    while (scale < -22) { d /= 1e22; scale += 22; }
    if (scale > 0) d *= pow10_tab[scale];
    else if (scale < 0) d /= pow10_tab[-scale];
    new_tok(TK_FLT, line, start, p - start)->v.d = d;
    return p;
}

static NOINLINE uint32_t lex_string(uint32_t p, uint32_t line) {
    uint8_t quote = src[p++];
    uint32_t start = strlit_len;
    while (p < src_len && src[p] != quote) {
        uint8_t c = src[p++];
        if (c == '\n') { fail(E_LEX, line); return p; }
        if (c == '\\') {
            if (p >= src_len) break;
            uint8_t e = src[p++];
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = 0; break;
            case '\\': c = '\\'; break;
            case '"': c = '"'; break;
            case '\'': c = '\''; break;
            case 'x': {
                int h1 = p < src_len ? hex_val(src[p]) : -1;
                int h2 = p + 1 < src_len ? hex_val(src[p + 1]) : -1;
                if (h1 < 0 || h2 < 0) { fail(E_LEX, line); return p; }
                c = (uint8_t)(h1 * 16 + h2);
                p += 2;
                break;
            }
            default: fail(E_LEX, line); return p;
            }
        }
        if (strlit_len >= STRLIT_MAX) { fail(E_LEX, line); return p; }
        strlit[strlit_len++] = c;
    }
    if (p >= src_len) { fail(E_LEX, line); return p; }
    new_tok(TK_STR, line, start, strlit_len - start);
    return p + 1;
}

static void tokenize(void) {
    uint32_t p = 0, line = 1;
    ntoks = 0;
    strlit_len = 0;
    while (!err) {
        while (p < src_len && (is_space(src[p]) || src[p] == '#')) {
            if (src[p] == '#') { while (p < src_len && src[p] != '\n') p++; continue; }
            if (src[p] == '\n') line++;
            p++;
        }
        if (p >= src_len) break;
        uint8_t c = src[p];
        if (is_digit(c)) { p = lex_number(p, line); continue; }
        if (c == '"' || c == '\'') { p = lex_string(p, line); continue; }
        if (is_alpha(c)) {
            uint32_t s = p;
            while (p < src_len && (is_alpha(src[p]) || is_digit(src[p]))) p++;
            uint16_t type = TK_NAME;
            for (uint32_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
                uint32_t kl = c_len(keywords[k]);
                if (kl == p - s && bytes_eq((const uint8_t *)keywords[k], src + s, kl)) {
                    type = (uint16_t)(TK_LET + k);
                    break;
                }
            }
            new_tok(type, line, s, p - s);
            continue;
        }
        uint8_t n = p + 1 < src_len ? src[p + 1] : 0;
        uint16_t two = 0;
        switch (c) {
        case '=': if (n == '=') two = TK_EQ; break;
        case '!': if (n == '=') two = TK_NE; break;
        case '<': if (n == '=') two = TK_LE; else if (n == '<') two = TK_SHL; break;
        case '>': if (n == '=') two = TK_GE; else if (n == '>') two = TK_SHR; break;
        case '.': if (n == '.') two = TK_DOTDOT; break;
        case '+': if (n == '=') two = TK_ADDEQ; break;
        case '-': if (n == '=') two = TK_SUBEQ; break;
        case '*': if (n == '=') two = TK_MULEQ; break;
        case '/': if (n == '=') two = TK_DIVEQ; break;
        case '%': if (n == '=') two = TK_MODEQ; break;
        default: break;
        }
        if (two) { new_tok(two, line, p, 2); p += 2; continue; }
        switch (c) {
        case '(': case ')': case '{': case '}': case '[': case ']': case ',': case ';': case '.':
        case ':': case '+': case '-': case '*': case '/': case '%': case '<': case '>': case '=':
        case '!': case '&': case '|': case '^': case '~':
            new_tok(c, line, p, 1);
            p++;
            break;
        default:
            fail(E_LEX, line);
            break;
        }
    }
    new_tok(TK_EOF, line, p, 0);
}

/* ---------------------------------------------------------------- AST and parser */

enum {
    N_NONE, N_INT, N_FLT, N_STR, N_NIL, N_TRUE, N_FALSE, N_NAME, N_BIN, N_AND, N_OR, N_UN,
    N_CALL, N_INDEX, N_FIELD, N_ARRAY, N_TABLE, N_PAIR, N_FUNC, N_PARAM,
    N_LET, N_ASSIGN, N_EXPR, N_IF, N_WHILE, N_FOR, N_RETURN, N_BREAK, N_CONTINUE, N_BLOCK, N_FNDECL
};

typedef struct {
    uint8_t kind;
    uint16_t op;            /* operator token */
    uint32_t line;
    uint32_t next;          /* next sibling in a list */
    uint32_t a, b, c;       /* children */
    uint32_t name, name_len; /* identifier (source offset) or string literal (strlit offset) */
    union { int64_t i; double d; } v;
} Node;

static Node nodes[NODE_MAX];
static uint32_t nnodes;
static uint32_t tpos;
static uint32_t folds;

static NOINLINE Token *peek(void) { return err ? &toks[ntoks - 1] : &toks[tpos]; }
static NOINLINE uint16_t peek_type(void) { return err ? TK_EOF : toks[tpos].type; }
static NOINLINE Token *advance(void) {
    Token *t = peek();
    if (!err && t->type != TK_EOF) tpos++;
    return t;
}
static NOINLINE int accept(uint16_t type) {
    if (peek_type() == type) { advance(); return 1; }
    return 0;
}
static NOINLINE Token *expect(uint16_t type) {
    Token *t = peek();
    if (t->type != type) { fail(E_PARSE, t->line); return t; }
    return advance();
}

static NOINLINE uint32_t new_node(uint8_t kind, uint32_t line) {
    if (nnodes >= NODE_MAX) { fail(E_PARSE, line); return 0; }
    uint32_t n = nnodes++;
    Node *nd = &nodes[n];
    nd->kind = kind;
    nd->op = 0;
    nd->line = line;
    nd->next = nd->a = nd->b = nd->c = 0;
    nd->name = nd->name_len = 0;
    nd->v.i = 0;
    return n;
}

static uint32_t parse_expr(void);
static uint32_t parse_block(void);
static uint32_t parse_stmt(void);

static int binary_prec(uint16_t t) {
    switch (t) {
    case TK_OR: return 1;
    case TK_AND: return 2;
    case TK_EQ: case TK_NE: return 3;
    case '<': case '>': case TK_LE: case TK_GE: return 4;
    case '|': return 5;
    case '^': return 6;
    case '&': return 7;
    case TK_SHL: case TK_SHR: return 8;
    case '+': case '-': return 9;
    case '*': case '/': case '%': return 10;
    default: return 0;
    }
}

/* Constant folding of literal arithmetic; returns 0 when the operation is left to run time. */
static uint32_t fold_binary(uint16_t op, uint32_t l, uint32_t r, uint32_t line) {
    Node *a = &nodes[l], *b = &nodes[r];
    if (a->kind == N_INT && b->kind == N_INT) {
        uint64_t x = (uint64_t)a->v.i, y = (uint64_t)b->v.i, z;
        switch (op) {
        case '+': z = x + y; break;
        case '-': z = x - y; break;
        case '*': z = x * y; break;
        case '&': z = x & y; break;
        case '|': z = x | y; break;
        case '^': z = x ^ y; break;
        case TK_SHL: z = x << (y & 63); break;
        case TK_SHR: z = (uint64_t)((int64_t)x >> (y & 63)); break;
        default: return 0;
        }
        uint32_t n = new_node(N_INT, line);
        nodes[n].v.i = (int64_t)z;
        folds++;
        return n;
    }
    if ((a->kind == N_INT || a->kind == N_FLT) && (b->kind == N_INT || b->kind == N_FLT)) {
        double x = a->kind == N_INT ? (double)a->v.i : a->v.d;
        double y = b->kind == N_INT ? (double)b->v.i : b->v.d, z;
        switch (op) {
        case '+': z = x + y; break;
        case '-': z = x - y; break;
        case '*': z = x * y; break;
        case '/': if (y == 0.0) return 0; z = x / y; break;
        default: return 0;
        }
        uint32_t n = new_node(N_FLT, line);
        nodes[n].v.d = z;
        folds++;
        return n;
    }
    return 0;
}

static uint32_t parse_params(uint32_t fn) {
    expect('(');
    uint32_t first = 0, last = 0, count = 0;
    if (peek_type() != ')') {
        do {
            Token *t = expect(TK_NAME);
            uint32_t p = new_node(N_PARAM, t->line);
            nodes[p].name = t->off;
            nodes[p].name_len = t->len;
            if (last) nodes[last].next = p; else first = p;
            last = p;
            count++;
        } while (accept(','));
    }
    expect(')');
    nodes[fn].a = first;
    nodes[fn].c = count;
    return count;
}

static uint32_t parse_function(uint32_t line) {
    uint32_t fn = new_node(N_FUNC, line);
    parse_params(fn);
    uint32_t body = parse_block();
    nodes[fn].b = body;
    return fn;
}

static uint32_t parse_primary(void) {
    Token *t = advance();
    uint32_t n = 0;
    switch (t->type) {
    case TK_INT: n = new_node(N_INT, t->line); nodes[n].v.i = t->v.i; break;
    case TK_FLT: n = new_node(N_FLT, t->line); nodes[n].v.d = t->v.d; break;
    case TK_STR:
        n = new_node(N_STR, t->line);
        nodes[n].name = t->off;
        nodes[n].name_len = t->len;
        break;
    case TK_NIL: n = new_node(N_NIL, t->line); break;
    case TK_TRUE: n = new_node(N_TRUE, t->line); break;
    case TK_FALSE: n = new_node(N_FALSE, t->line); break;
    case TK_NAME:
        n = new_node(N_NAME, t->line);
        nodes[n].name = t->off;
        nodes[n].name_len = t->len;
        break;
    case '(':
        n = parse_expr();
        expect(')');
        break;
    case '[': {
        n = new_node(N_ARRAY, t->line);
        uint32_t last = 0, count = 0;
        while (peek_type() != ']' && peek_type() != TK_EOF) {
            uint32_t e = parse_expr();
            if (last) nodes[last].next = e; else nodes[n].a = e;
            last = e;
            count++;
            if (!accept(',')) break;
        }
        expect(']');
        nodes[n].c = count;
        if (count > 100) fail(E_PARSE, t->line);
        break;
    }
    case '{': {
        n = new_node(N_TABLE, t->line);
        uint32_t last = 0, count = 0;
        while (peek_type() != '}' && peek_type() != TK_EOF) {
            Token *k = peek();
            uint32_t pair = new_node(N_PAIR, k->line), key;
            if (k->type == TK_NAME) {
                advance();
                key = new_node(N_STR, k->line);
                /* bare key: copy the name into the literal pool so it becomes a string constant */
                if (strlit_len + k->len > STRLIT_MAX) { fail(E_PARSE, k->line); break; }
                bytes_copy(strlit + strlit_len, src + k->off, k->len);
                nodes[key].name = strlit_len;
                nodes[key].name_len = k->len;
                strlit_len += k->len;
            } else if (k->type == '[') {
                advance();
                key = parse_expr();
                expect(']');
            } else {
                key = parse_primary();
            }
            expect(':');
            nodes[pair].a = key;
            nodes[pair].b = parse_expr();
            if (last) nodes[last].next = pair; else nodes[n].a = pair;
            last = pair;
            count++;
            if (!accept(',')) break;
        }
        expect('}');
        nodes[n].c = count;
        if (count > 50) fail(E_PARSE, t->line);
        break;
    }
    case TK_FN:
        n = parse_function(t->line);
        break;
    default:
        fail(E_PARSE, t->line);
        n = new_node(N_NIL, t->line);
        break;
    }
    /* postfix: calls, indexing, fields */
    for (;;) {
        Token *p = peek();
        if (p->type == '(') {
            advance();
            uint32_t call = new_node(N_CALL, p->line), last = 0, count = 0;
            nodes[call].a = n;
            while (peek_type() != ')' && peek_type() != TK_EOF) {
                uint32_t e = parse_expr();
                if (last) nodes[last].next = e; else nodes[call].b = e;
                last = e;
                count++;
                if (!accept(',')) break;
            }
            expect(')');
            nodes[call].c = count;
            if (count > 32) fail(E_PARSE, p->line);
            n = call;
        } else if (p->type == '[') {
            advance();
            uint32_t ix = new_node(N_INDEX, p->line);
            nodes[ix].a = n;
            nodes[ix].b = parse_expr();
            expect(']');
            n = ix;
        } else if (p->type == '.') {
            advance();
            Token *f = expect(TK_NAME);
            uint32_t fl = new_node(N_FIELD, p->line);
            nodes[fl].a = n;
            if (strlit_len + f->len > STRLIT_MAX) { fail(E_PARSE, f->line); break; }
            bytes_copy(strlit + strlit_len, src + f->off, f->len);
            nodes[fl].name = strlit_len;
            nodes[fl].name_len = f->len;
            strlit_len += f->len;
            n = fl;
        } else {
            break;
        }
    }
    return n;
}

static uint32_t parse_unary(void) {
    Token *t = peek();
    if (t->type == '-' || t->type == '!' || t->type == TK_NOT || t->type == '~') {
        advance();
        uint32_t e = parse_unary();
        if (t->type == '-' && nodes[e].kind == N_INT) { nodes[e].v.i = (int64_t)(0 - (uint64_t)nodes[e].v.i); folds++; return e; }
        if (t->type == '-' && nodes[e].kind == N_FLT) { nodes[e].v.d = -nodes[e].v.d; folds++; return e; }
        if (t->type == '~' && nodes[e].kind == N_INT) { nodes[e].v.i = ~nodes[e].v.i; folds++; return e; }
        uint32_t n = new_node(N_UN, t->line);
        nodes[n].op = t->type == TK_NOT ? '!' : t->type;
        nodes[n].a = e;
        return n;
    }
    return parse_primary();
}

static uint32_t parse_binary(int min_prec) {
    uint32_t lhs = parse_unary();
    for (;;) {
        Token *t = peek();
        int prec = binary_prec(t->type);
        if (!prec || prec < min_prec) break;
        advance();
        uint32_t rhs = parse_binary(prec + 1);
        if (t->type == TK_AND || t->type == TK_OR) {
            uint32_t n = new_node(t->type == TK_AND ? N_AND : N_OR, t->line);
            nodes[n].a = lhs;
            nodes[n].b = rhs;
            lhs = n;
            continue;
        }
        uint32_t f = fold_binary(t->type, lhs, rhs, t->line);
        if (f) { lhs = f; continue; }
        uint32_t n = new_node(N_BIN, t->line);
        nodes[n].op = t->type;
        nodes[n].a = lhs;
        nodes[n].b = rhs;
        lhs = n;
    }
    return lhs;
}

static uint32_t parse_expr(void) { return parse_binary(1); }

static uint32_t parse_block(void) {
    Token *t = expect('{');
    uint32_t b = new_node(N_BLOCK, t->line), last = 0;
    while (peek_type() != '}' && peek_type() != TK_EOF) {
        uint32_t s = parse_stmt();
        if (last) nodes[last].next = s; else nodes[b].a = s;
        last = s;
    }
    expect('}');
    return b;
}

static uint32_t parse_if(uint32_t line) {
    uint32_t n = new_node(N_IF, line);
    nodes[n].a = parse_expr();
    nodes[n].b = parse_block();
    Token *t = peek();
    if (t->type == TK_ELIF) {
        advance();
        nodes[n].c = parse_if(t->line);
    } else if (t->type == TK_ELSE) {
        advance();
        nodes[n].c = parse_block();
    }
    return n;
}

static uint32_t parse_stmt(void) {
    Token *t = peek();
    uint32_t n;
    switch (t->type) {
    case TK_LET: {
        advance();
        Token *name = expect(TK_NAME);
        n = new_node(N_LET, t->line);
        nodes[n].name = name->off;
        nodes[n].name_len = name->len;
        if (accept('=')) nodes[n].a = parse_expr();
        expect(';');
        return n;
    }
    case TK_FN: {
        if (toks[tpos + 1].type != TK_NAME) break;   /* an anonymous function expression */
        advance();
        Token *name = expect(TK_NAME);
        n = new_node(N_FNDECL, t->line);
        nodes[n].name = name->off;
        nodes[n].name_len = name->len;
        nodes[n].a = parse_function(t->line);
        nodes[nodes[n].a].name = name->off;
        nodes[nodes[n].a].name_len = name->len;
        return n;
    }
    case TK_IF:
        advance();
        return parse_if(t->line);
    case TK_WHILE:
        advance();
        n = new_node(N_WHILE, t->line);
        nodes[n].a = parse_expr();
        nodes[n].b = parse_block();
        return n;
    case TK_FOR: {
        advance();
        Token *name = expect(TK_NAME);
        n = new_node(N_FOR, t->line);
        nodes[n].name = name->off;
        nodes[n].name_len = name->len;
        expect(TK_IN);
        nodes[n].a = parse_expr();
        expect(TK_DOTDOT);
        nodes[n].b = parse_expr();
        nodes[n].c = parse_block();
        return n;
    }
    case TK_RETURN:
        advance();
        n = new_node(N_RETURN, t->line);
        if (peek_type() != ';') nodes[n].a = parse_expr();
        expect(';');
        return n;
    case TK_BREAK:
    case TK_CONTINUE:
        advance();
        n = new_node(t->type == TK_BREAK ? N_BREAK : N_CONTINUE, t->line);
        expect(';');
        return n;
    case '{':
        return parse_block();
    default:
        break;
    }
    uint32_t e = parse_expr();
    Token *op = peek();
    if (op->type == '=' || (op->type >= TK_ADDEQ && op->type <= TK_MODEQ)) {
        advance();
        uint8_t k = nodes[e].kind;
        if (k != N_NAME && k != N_INDEX && k != N_FIELD) fail(E_PARSE, op->line);
        n = new_node(N_ASSIGN, op->line);
        nodes[n].op = op->type;
        nodes[n].a = e;
        nodes[n].b = parse_expr();
    } else {
        n = new_node(N_EXPR, t->line);
        nodes[n].a = e;
    }
    expect(';');
    return n;
}

static uint32_t parse_program(void) {
    tpos = 0;
    nnodes = 1;   /* node 0 means "none" */
    folds = 0;
    uint32_t fn = new_node(N_FUNC, 1);
    uint32_t body = new_node(N_BLOCK, 1), last = 0;
    while (peek_type() != TK_EOF) {
        uint32_t s = parse_stmt();
        if (last) nodes[last].next = s; else nodes[body].a = s;
        last = s;
    }
    nodes[fn].b = body;
    return fn;
}

/* ---------------------------------------------------------------- values, objects and the heap */

enum { V_NIL, V_BOOL, V_INT, V_FLT, V_STR, V_ARR, V_TAB, V_FUN, V_BUILTIN, V_TOMB };
enum { O_FREE, O_STR, O_ARR, O_TAB, O_FUN };

typedef struct {
    uint32_t t;
    uint32_t o;            /* object index (strings, arrays, tables, functions) or builtin id */
    union { int64_t i; double d; } u;
} Value;

typedef struct {
    uint8_t type, mark;
    uint32_t len;          /* string bytes, array length, table live entries, upvalue count */
    uint32_t cap;          /* array/table capacity; table: used slots including tombstones */
    uint32_t off;          /* payload in heap[]; free objects: next free index */
    uint32_t aux;          /* string hash, table slot count, function proto */
} Obj;

typedef struct { Value key, val; } Entry;

static Obj objs[OBJ_MAX];
static uint32_t obj_top, obj_free, obj_live;
static uint8_t heap[HEAP_MAX] __attribute__((aligned(16)));
static uint32_t heap_top;
static uint32_t heap_free[24];
static uint32_t heap_in_use, gc_threshold, gc_count, gc_wanted;
static uint64_t gc_freed;

static Value v_nil(void) { Value v; v.t = V_NIL; v.o = 0; v.u.i = 0; return v; }
static Value v_bool(int b) { Value v; v.t = V_BOOL; v.o = 0; v.u.i = b != 0; return v; }
static Value v_int(int64_t i) { Value v; v.t = V_INT; v.o = 0; v.u.i = i; return v; }
static Value v_flt(double d) { Value v; v.t = V_FLT; v.o = 0; v.u.d = d; return v; }
static Value v_obj(uint32_t t, uint32_t o) { Value v; v.t = t; v.o = o; v.u.i = 0; return v; }

static void heap_reset(void) {
    heap_top = 16;
    for (int i = 0; i < 24; i++) heap_free[i] = 0;
    heap_in_use = 0;
    obj_top = 1;          /* object 0 is never used */
    obj_free = 0;
    obj_live = 0;
    gc_threshold = 256u * 1024u;
    gc_count = 0;
    gc_wanted = 0;
    gc_freed = 0;
}

static uint32_t size_class(uint32_t n) {
    uint32_t c = 4;
    while ((1u << c) < n) c++;
    return c;
}

static NOINLINE uint32_t heap_alloc(uint32_t n) {
    if (n == 0) n = 1;
    uint32_t c = size_class(n);
    if (c >= 24) { fail(E_MEMORY, 0); return 0; }
    uint32_t sz = 1u << c, off;
    if (heap_free[c]) {
        off = heap_free[c];
        uint32_t next;
        bytes_copy((uint8_t *)&next, heap + off, 4);
        heap_free[c] = next;
    } else {
        if (heap_top + sz > HEAP_MAX) { fail(E_MEMORY, 0); return 0; }
        off = heap_top;
        heap_top += sz;
    }
    heap_in_use += sz;
    if (heap_in_use > gc_threshold) gc_wanted = 1;
    return off;
}

static NOINLINE void heap_release(uint32_t off, uint32_t n) {
    if (!off) return;
    if (n == 0) n = 1;
    uint32_t c = size_class(n);
    bytes_copy(heap + off, (const uint8_t *)&heap_free[c], 4);
    heap_free[c] = off;
    heap_in_use -= 1u << c;
}

static NOINLINE uint32_t obj_new(uint8_t type) {
    uint32_t o;
    if (obj_free) {
        o = obj_free;
        obj_free = objs[o].off;
    } else {
        if (obj_top >= OBJ_MAX) { fail(E_MEMORY, 0); return 0; }
        o = obj_top++;
    }
    Obj *ob = &objs[o];
    ob->type = type;
    ob->mark = 0;
    ob->len = ob->cap = ob->off = ob->aux = 0;
    obj_live++;
    if ((obj_live & 4095) == 0) gc_wanted = 1;
    return o;
}

static Value *arr_items(uint32_t o) { return (Value *)(heap + objs[o].off); }
static Entry *tab_entries(uint32_t o) { return (Entry *)(heap + objs[o].off); }
static uint8_t *str_bytes(uint32_t o) { return heap + objs[o].off; }

/* ---------------------------------------------------------------- strings */

static NOINLINE uint32_t hash_bytes(const uint8_t *p, uint32_t n) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
    return h;
}

static NOINLINE Value str_alloc(uint32_t n) {
    uint32_t o = obj_new(O_STR);
    if (!o) return v_nil();
    objs[o].off = heap_alloc(n);
    objs[o].len = n;
    return v_obj(V_STR, o);
}
static NOINLINE void str_seal(Value s) {
    if (s.t == V_STR) objs[s.o].aux = hash_bytes(str_bytes(s.o), objs[s.o].len);
}
static NOINLINE Value str_from(const uint8_t *p, uint32_t n) {
    Value s = str_alloc(n);
    if (s.t != V_STR) return s;
    bytes_copy(str_bytes(s.o), p, n);
    str_seal(s);
    return s;
}
static NOINLINE Value str_c(const char *s) { return str_from((const uint8_t *)s, c_len(s)); }

static NOINLINE int str_eq(uint32_t a, uint32_t b) {
    if (a == b) return 1;
    return objs[a].len == objs[b].len && objs[a].aux == objs[b].aux &&
           bytes_eq(str_bytes(a), str_bytes(b), objs[a].len);
}
static NOINLINE int str_cmp(uint32_t a, uint32_t b) {
    uint32_t la = objs[a].len, lb = objs[b].len, n = la < lb ? la : lb;
    const uint8_t *pa = str_bytes(a), *pb = str_bytes(b);
    for (uint32_t i = 0; i < n; i++)
        if (pa[i] != pb[i]) return pa[i] < pb[i] ? -1 : 1;
    return la < lb ? -1 : la > lb ? 1 : 0;
}

/* A growable byte buffer used by str(), fmt(), join() and print(). */
static uint8_t sbuf[OUT_MAX];
static uint32_t sbuf_len;
static NOINLINE void sb_c(uint8_t c) {
    if (sbuf_len < OUT_MAX) sbuf[sbuf_len++] = c; else fail(E_MEMORY, 0);
}
static NOINLINE void sb_bytes(const uint8_t *p, uint32_t n) { for (uint32_t i = 0; i < n; i++) sb_c(p[i]); }
static NOINLINE void sb_s(const char *s) { while (*s) sb_c((uint8_t)*s++); }
static NOINLINE void sb_u(uint64_t v) {
    char d[24];
    int n = 0;
    do { d[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) sb_c((uint8_t)d[--n]);
}
static NOINLINE void sb_i(int64_t v) {
    if (v < 0) { sb_c('-'); sb_u((uint64_t)0 - (uint64_t)v); } else sb_u((uint64_t)v);
}

/* Deterministic number formatting (only exact IEEE operations): fixed notation with up to six
 * decimals for moderate magnitudes, otherwise d.ddddde[+-]x. */
static NOINLINE void sb_f(double x) {
    if (x != x) { sb_s("nan"); return; }
    if (x < 0 || (x == 0 && double_bits(x) >> 63)) { sb_c('-'); x = -x; }
    if (x > 1.7976931348623157e308) { sb_s("inf"); return; }
    if (x == 0) { sb_s("0.0"); return; }
    if (x >= 1e15 || x < 1e-4) {
        int e = 0;
        while (x >= 10.0) { x /= 10.0; e++; }
        while (x < 1.0) { x *= 10.0; e--; }
        int64_t m = (int64_t)(x * 100000.0 + 0.5);
        if (m >= 1000000) { m /= 10; e++; }
        sb_c((uint8_t)('0' + m / 100000));
        sb_c('.');
        int64_t frac = m % 100000, div = 10000;
        for (int i = 0; i < 5; i++) { sb_c((uint8_t)('0' + frac / div % 10)); div /= 10; }
        sb_c('e');
        sb_c(e < 0 ? '-' : '+');
        sb_u((uint64_t)(e < 0 ? -e : e));
        return;
    }
    int64_t ip = (int64_t)x;
    int64_t f = (int64_t)((x - (double)ip) * 1000000.0 + 0.5);
    if (f >= 1000000) { ip++; f -= 1000000; }
    sb_i(ip);
    sb_c('.');
    char d[6];
    for (int i = 5; i >= 0; i--) { d[i] = (char)('0' + f % 10); f /= 10; }
    int last = 5;
    while (last > 0 && d[last] == '0') last--;
    for (int i = 0; i <= last; i++) sb_c((uint8_t)d[i]);
}

/* ---------------------------------------------------------------- arrays and tables */

static NOINLINE Value arr_new(uint32_t cap) {
    uint32_t o = obj_new(O_ARR);
    if (!o) return v_nil();
    if (cap < 4) cap = 4;
    objs[o].off = heap_alloc(cap * (uint32_t)sizeof(Value));
    objs[o].cap = cap;
    return v_obj(V_ARR, o);
}

static NOINLINE void arr_reserve(uint32_t o, uint32_t need) {
    Obj *a = &objs[o];
    if (need <= a->cap) return;
    uint32_t cap = a->cap * 2;
    if (cap < need) cap = need;
    uint32_t off = heap_alloc(cap * (uint32_t)sizeof(Value));
    if (!off) return;
    bytes_copy(heap + off, heap + a->off, a->len * (uint32_t)sizeof(Value));
    heap_release(a->off, a->cap * (uint32_t)sizeof(Value));
    a->off = off;
    a->cap = cap;
}

static NOINLINE void arr_push(uint32_t o, Value v) {
    arr_reserve(o, objs[o].len + 1);
    if (err) return;
    arr_items(o)[objs[o].len++] = v;
}

static NOINLINE uint32_t value_hash(Value k) {
    switch (k.t) {
    case V_STR: return objs[k.o].aux;
    case V_INT: return (uint32_t)mix64((uint64_t)k.u.i);
    case V_FLT: return (uint32_t)mix64(double_bits(k.u.d) ^ 0x5555);
    case V_BOOL: return 0x9E3779B9u + (uint32_t)k.u.i;
    default: return (uint32_t)mix64(((uint64_t)k.t << 32) | k.o);
    }
}

static NOINLINE int key_eq(Value a, Value b) {
    if (a.t != b.t) return 0;
    switch (a.t) {
    case V_STR: return str_eq(a.o, b.o);
    case V_INT: case V_BOOL: return a.u.i == b.u.i;
    case V_FLT: return double_bits(a.u.d) == double_bits(b.u.d);
    default: return a.o == b.o;
    }
}

static NOINLINE Value tab_new(uint32_t slots) {
    uint32_t o = obj_new(O_TAB);
    if (!o) return v_nil();
    uint32_t n = 8;
    while (n < slots * 2) n *= 2;
    objs[o].off = heap_alloc(n * (uint32_t)sizeof(Entry));
    objs[o].aux = n;
    Entry *e = tab_entries(o);
    if (!err)
        for (uint32_t i = 0; i < n; i++) { e[i].key = v_nil(); e[i].val = v_nil(); }
    return v_obj(V_TAB, o);
}

/* Slot of key, or of the place to insert it (first tombstone seen, else the empty slot). */
static NOINLINE uint32_t tab_find(uint32_t o, Value k, int *found) {
    uint32_t mask = objs[o].aux - 1, i = value_hash(k) & mask, tomb = 0xFFFFFFFFu;
    Entry *e = tab_entries(o);
    for (;;) {
        if (e[i].key.t == V_NIL) {
            *found = 0;
            return tomb != 0xFFFFFFFFu ? tomb : i;
        }
        if (e[i].key.t == V_TOMB) {
            if (tomb == 0xFFFFFFFFu) tomb = i;
        } else if (key_eq(e[i].key, k)) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
}

static NOINLINE Value tab_get(uint32_t o, Value k) {
    int found;
    uint32_t i = tab_find(o, k, &found);
    return found ? tab_entries(o)[i].val : v_nil();
}

static void tab_resize(uint32_t o, uint32_t n) {
    Obj *t = &objs[o];
    uint32_t old_off = t->off, old_n = t->aux;
    uint32_t off = heap_alloc(n * (uint32_t)sizeof(Entry));
    if (!off) return;
    t->off = off;
    t->aux = n;
    t->cap = t->len;
    Entry *e = tab_entries(o);
    for (uint32_t i = 0; i < n; i++) { e[i].key = v_nil(); e[i].val = v_nil(); }
    Entry *old = (Entry *)(heap + old_off);
    for (uint32_t i = 0; i < old_n; i++) {
        if (old[i].key.t == V_NIL || old[i].key.t == V_TOMB) continue;
        uint32_t j = value_hash(old[i].key) & (n - 1);
        while (e[j].key.t != V_NIL) j = (j + 1) & (n - 1);
        e[j] = old[i];
    }
    heap_release(old_off, old_n * (uint32_t)sizeof(Entry));
}

static NOINLINE void tab_set(uint32_t o, Value k, Value v, uint32_t line) {
    if (k.t == V_NIL || (k.t == V_FLT && k.u.d != k.u.d)) { fail(E_INDEX, line); return; }
    int found;
    uint32_t i = tab_find(o, k, &found);
    Entry *e = tab_entries(o);
    if (found) { e[i].val = v; return; }
    if (v.t == V_NIL) return;
    if (e[i].key.t == V_NIL) objs[o].cap++;
    e[i].key = k;
    e[i].val = v;
    objs[o].len++;
    if (objs[o].cap * 4 >= objs[o].aux * 3) {
        uint32_t n = objs[o].aux;
        if (objs[o].len * 2 >= n) n *= 2;
        tab_resize(o, n);
    }
}

static int tab_del(uint32_t o, Value k) {
    int found;
    uint32_t i = tab_find(o, k, &found);
    if (!found) return 0;
    Entry *e = tab_entries(o);
    e[i].key.t = V_TOMB;
    e[i].val = v_nil();
    objs[o].len--;
    return 1;
}

/* ---------------------------------------------------------------- bytecode */

enum {
    OP_CONST, OP_INT, OP_NIL, OP_TRUE, OP_FALSE, OP_POP, OP_DUP, OP_DUP2,
    OP_GETL, OP_SETL, OP_GETU, OP_GETG, OP_SETG,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_BAND, OP_BOR, OP_BXOR, OP_SHL, OP_SHR,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
    OP_NEG, OP_NOT, OP_BNOT,
    OP_JMP, OP_JF, OP_JFK, OP_JTK,
    OP_CALL, OP_RET, OP_RETNIL,
    OP_ARRAY, OP_TABLE, OP_INDEX, OP_SETINDEX, OP_GETF, OP_SETF, OP_CLOSURE,
    /* fused instructions produced by the emit-time peephole */
    OP_ADDI, OP_INCL, OP_GETL2, OP_JNEQ, OP_JNNE, OP_JNLT, OP_JNLE, OP_JNGT, OP_JNGE,
    OP_FORPREP, OP_FORLOOP, OP_INDEXL,
    OP_COUNT
};

/* operand bytes after each opcode */
static const uint8_t op_size[OP_COUNT] = {
    [OP_CONST] = 2, [OP_INT] = 2, [OP_GETL] = 1, [OP_SETL] = 1, [OP_GETU] = 1, [OP_GETG] = 2,
    [OP_SETG] = 2, [OP_JMP] = 2, [OP_JF] = 2, [OP_JFK] = 2, [OP_JTK] = 2, [OP_CALL] = 1,
    [OP_ARRAY] = 2, [OP_TABLE] = 2, [OP_GETF] = 2, [OP_SETF] = 2, [OP_CLOSURE] = 2,
    [OP_ADDI] = 2, [OP_INCL] = 3, [OP_GETL2] = 2, [OP_JNEQ] = 2, [OP_JNNE] = 2, [OP_JNLT] = 2,
    [OP_JNLE] = 2, [OP_JNGT] = 2, [OP_JNGE] = 2, [OP_FORPREP] = 3, [OP_FORLOOP] = 3, [OP_INDEXL] = 2,
};

typedef struct {
    uint32_t code_start, code_len;
    uint8_t nparams, nlocals, nups;
    uint32_t up_start;
    uint32_t name, name_len;
} Proto;

typedef struct { uint8_t kind, index; } UpDesc;   /* kind: 0 parent local, 1 parent upvalue, 2 self */
enum { UP_LOCAL, UP_UPVAL, UP_SELF };

static uint8_t code[CODE_MAX];
static uint32_t code_len;
static Proto protos[PROTO_MAX];
static uint32_t nprotos;
static UpDesc updescs[UPDESC_MAX];
static uint32_t nupdescs;
static Value consts[CONST_MAX];
static uint32_t nconsts;

/* compile-time global names; runtime values live in globals[] */
typedef struct { const uint8_t *p; uint32_t len; } Name;
static Name global_names[GLOBAL_MAX];
static uint32_t nglobals;
static Value globals[GLOBAL_MAX];

/* ---------------------------------------------------------------- compiler */

typedef struct { uint32_t name, len; int depth; } Local;
typedef struct { uint8_t kind, index; uint32_t name, len; } UpRef;
typedef struct {
    uint32_t breaks[JUMP_LIST_MAX], nbreaks;
    uint32_t conts[JUMP_LIST_MAX], nconts;
    int scope_depth;
} Loop;

typedef struct FnState {
    struct FnState *parent;
    uint8_t *buf;
    uint32_t len;
    Local locals[LOCAL_MAX];
    int nlocals, maxlocals, depth;
    UpRef ups[UPVAL_MAX];
    int nups;
    Loop loops[LOOP_MAX];
    int nloops;
    int defining;          /* slot of a local function being defined, else -1 */
    int self_slot;         /* in the child: parent slot that holds this function, else -1 */
    uint32_t last_op;      /* position of the last instruction, or NO_OP after a jump target */
    int toplevel;
} FnState;

#define NO_OP 0xFFFFFFFFu
static uint8_t fn_bufs[FN_DEPTH_MAX][FN_CODE_MAX];
static FnState fn_states[FN_DEPTH_MAX];
static int fn_depth;
static uint32_t compile_line;
static uint32_t threaded_jumps, fused_ops;

static NOINLINE void emit_byte(FnState *fs, uint8_t b) {
    if (fs->len >= FN_CODE_MAX) { fail(E_COMPILE, compile_line); return; }
    fs->buf[fs->len++] = b;
}
static NOINLINE void emit_op(FnState *fs, uint8_t op) {
    fs->last_op = fs->len;
    emit_byte(fs, op);
}
static NOINLINE void emit_u16(FnState *fs, uint32_t v) {
    emit_byte(fs, (uint8_t)v);
    emit_byte(fs, (uint8_t)(v >> 8));
}
static NOINLINE void emit_op8(FnState *fs, uint8_t op, uint32_t a) { emit_op(fs, op); emit_byte(fs, (uint8_t)a); }
static NOINLINE void emit_op16(FnState *fs, uint8_t op, uint32_t a) { emit_op(fs, op); emit_u16(fs, a); }
static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] | ((uint32_t)p[1] << 8); }
static void wr16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static uint8_t last_opcode(FnState *fs) { return fs->last_op == NO_OP ? 0xFF : fs->buf[fs->last_op]; }

/* a jump target at the current position: the previous instruction can no longer be fused */
static void mark_label(FnState *fs) { fs->last_op = NO_OP; }

static NOINLINE uint32_t emit_jump(FnState *fs, uint8_t op) {
    emit_op16(fs, op, 0xFFFF);
    return fs->len - 2;
}
static NOINLINE void patch_here(FnState *fs, uint32_t at) {
    wr16(fs->buf + at, fs->len);
    mark_label(fs);
}

/* Conditional branch on the value just computed: fuses a preceding comparison. */
static uint32_t emit_branch_false(FnState *fs) {
    uint8_t last = last_opcode(fs);
    if (last >= OP_EQ && last <= OP_GE && fs->last_op == fs->len - 1) {
        fs->len--;
        fused_ops++;
        return emit_jump(fs, (uint8_t)(OP_JNEQ + (last - OP_EQ)));
    }
    return emit_jump(fs, OP_JF);
}

static NOINLINE uint32_t add_const(Value v) {
    for (uint32_t i = 0; i < nconsts; i++) {
        Value c = consts[i];
        if (c.t != v.t) continue;
        if (v.t == V_STR ? str_eq(c.o, v.o) : (v.t == V_FLT ? double_bits(c.u.d) == double_bits(v.u.d) : c.u.i == v.u.i))
            return i;
    }
    if (nconsts >= CONST_MAX) { fail(E_COMPILE, compile_line); return 0; }
    consts[nconsts] = v;
    return nconsts++;
}

static NOINLINE uint32_t str_const(uint32_t off, uint32_t len) {
    for (uint32_t i = 0; i < nconsts; i++)
        if (consts[i].t == V_STR && objs[consts[i].o].len == len && bytes_eq(str_bytes(consts[i].o), strlit + off, len))
            return i;
    return add_const(str_from(strlit + off, len));
}

static int name_eq(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen) {
    return alen == blen && bytes_eq(src + a, src + b, alen);
}

static NOINLINE int find_global(const uint8_t *p, uint32_t len) {
    for (uint32_t i = 0; i < nglobals; i++)
        if (global_names[i].len == len && bytes_eq(global_names[i].p, p, len)) return (int)i;
    return -1;
}
static NOINLINE int add_global(const uint8_t *p, uint32_t len) {
    int g = find_global(p, len);
    if (g >= 0) return g;
    if (nglobals >= GLOBAL_MAX) { fail(E_COMPILE, compile_line); return 0; }
    global_names[nglobals].p = p;
    global_names[nglobals].len = len;
    globals[nglobals] = v_nil();
    return (int)nglobals++;
}

static NOINLINE int find_local(FnState *fs, uint32_t name, uint32_t len) {
    for (int i = fs->nlocals - 1; i >= 0; i--)
        if (name_eq(fs->locals[i].name, fs->locals[i].len, name, len)) return i;
    return -1;
}

static NOINLINE int add_local(FnState *fs, uint32_t name, uint32_t len) {
    if (fs->nlocals >= LOCAL_MAX) { fail(E_COMPILE, compile_line); return 0; }
    Local *l = &fs->locals[fs->nlocals];
    l->name = name;
    l->len = len;
    l->depth = fs->depth;
    fs->nlocals++;
    if (fs->nlocals > fs->maxlocals) fs->maxlocals = fs->nlocals;
    return fs->nlocals - 1;
}

/* Resolves a name captured from an enclosing function; returns the upvalue index or -1. */
static int resolve_upval(FnState *fs, uint32_t name, uint32_t len) {
    if (!fs->parent) return -1;
    for (int i = 0; i < fs->nups; i++)
        if (name_eq(fs->ups[i].name, fs->ups[i].len, name, len)) return i;
    uint8_t kind, index;
    int slot = find_local(fs->parent, name, len);
    if (slot >= 0) {
        kind = slot == fs->self_slot ? UP_SELF : UP_LOCAL;
        index = (uint8_t)slot;
    } else {
        int up = resolve_upval(fs->parent, name, len);
        if (up < 0) return -1;
        kind = UP_UPVAL;
        index = (uint8_t)up;
    }
    if (fs->nups >= UPVAL_MAX) { fail(E_COMPILE, compile_line); return 0; }
    UpRef *u = &fs->ups[fs->nups];
    u->kind = kind;
    u->index = index;
    u->name = name;
    u->len = len;
    return fs->nups++;
}

static void compile_expr(FnState *fs, uint32_t n);
static void compile_stmt(FnState *fs, uint32_t n);
static void compile_function(FnState *parent, uint32_t fn, int self_slot);

static void emit_int(FnState *fs, int64_t v) {
    if (v >= -32768 && v <= 32767) emit_op16(fs, OP_INT, (uint32_t)(uint16_t)(int16_t)v);
    else emit_op16(fs, OP_CONST, add_const(v_int(v)));
}

static void compile_name_get(FnState *fs, Node *nd) {
    int slot = find_local(fs, nd->name, nd->name_len);
    if (slot >= 0) {
        /* GETL a; GETL b -> GETL2 a b */
        if (last_opcode(fs) == OP_GETL && fs->last_op == fs->len - 2) {
            uint8_t prev = fs->buf[fs->len - 1];
            fs->len -= 2;
            emit_op(fs, OP_GETL2);
            emit_byte(fs, prev);
            emit_byte(fs, (uint8_t)slot);
            fused_ops++;
            return;
        }
        emit_op8(fs, OP_GETL, (uint32_t)slot);
        return;
    }
    int up = resolve_upval(fs, nd->name, nd->name_len);
    if (up >= 0) { emit_op8(fs, OP_GETU, (uint32_t)up); return; }
    int g = find_global(src + nd->name, nd->name_len);
    if (g < 0) g = add_global(src + nd->name, nd->name_len);
    emit_op16(fs, OP_GETG, (uint32_t)g);
}

static void compile_name_set(FnState *fs, Node *nd) {
    int slot = find_local(fs, nd->name, nd->name_len);
    if (slot >= 0) { emit_op8(fs, OP_SETL, (uint32_t)slot); return; }
    if (resolve_upval(fs, nd->name, nd->name_len) >= 0) {
        fail(E_COMPILE, nd->line);   /* captured variables are read-only copies */
        return;
    }
    int g = find_global(src + nd->name, nd->name_len);
    if (g < 0) g = add_global(src + nd->name, nd->name_len);
    emit_op16(fs, OP_SETG, (uint32_t)g);
}

static uint8_t binop_opcode(uint16_t op) {
    switch (op) {
    case '+': case TK_ADDEQ: return OP_ADD;
    case '-': case TK_SUBEQ: return OP_SUB;
    case '*': case TK_MULEQ: return OP_MUL;
    case '/': case TK_DIVEQ: return OP_DIV;
    case '%': case TK_MODEQ: return OP_MOD;
    case '&': return OP_BAND;
    case '|': return OP_BOR;
    case '^': return OP_BXOR;
    case TK_SHL: return OP_SHL;
    case TK_SHR: return OP_SHR;
    case TK_EQ: return OP_EQ;
    case TK_NE: return OP_NE;
    case '<': return OP_LT;
    case TK_LE: return OP_LE;
    case '>': return OP_GT;
    case TK_GE: return OP_GE;
    default: fail(E_COMPILE, compile_line); return OP_ADD;
    }
}

static void compile_expr(FnState *fs, uint32_t n) {
    if (err) return;
    Node *nd = &nodes[n];
    compile_line = nd->line;
    switch (nd->kind) {
    case N_INT: emit_int(fs, nd->v.i); break;
    case N_FLT: emit_op16(fs, OP_CONST, add_const(v_flt(nd->v.d))); break;
    case N_STR: emit_op16(fs, OP_CONST, str_const(nd->name, nd->name_len)); break;
    case N_NIL: emit_op(fs, OP_NIL); break;
    case N_TRUE: emit_op(fs, OP_TRUE); break;
    case N_FALSE: emit_op(fs, OP_FALSE); break;
    case N_NAME: compile_name_get(fs, nd); break;
    case N_BIN: {
        compile_expr(fs, nd->a);
        Node *r = &nodes[nd->b];
        if (nd->op == '+' && r->kind == N_INT && r->v.i >= -32768 && r->v.i <= 32767) {
            emit_op16(fs, OP_ADDI, (uint32_t)(uint16_t)(int16_t)r->v.i);
            fused_ops++;
            break;
        }
        if (nd->op == '-' && r->kind == N_INT && r->v.i > -32768 && r->v.i <= 32768) {
            emit_op16(fs, OP_ADDI, (uint32_t)(uint16_t)(int16_t)(-r->v.i));
            fused_ops++;
            break;
        }
        compile_expr(fs, nd->b);
        emit_op(fs, binop_opcode(nd->op));
        break;
    }
    case N_AND:
    case N_OR: {
        compile_expr(fs, nd->a);
        uint32_t j = emit_jump(fs, nd->kind == N_AND ? OP_JFK : OP_JTK);
        compile_expr(fs, nd->b);
        patch_here(fs, j);
        break;
    }
    case N_UN:
        compile_expr(fs, nd->a);
        emit_op(fs, nd->op == '-' ? OP_NEG : nd->op == '~' ? OP_BNOT : OP_NOT);
        break;
    case N_CALL: {
        compile_expr(fs, nd->a);
        for (uint32_t a = nd->b; a && !err; a = nodes[a].next) compile_expr(fs, a);
        emit_op8(fs, OP_CALL, nd->c);
        break;
    }
    case N_INDEX: {
        compile_expr(fs, nd->a);
        /* a[local] -> INDEXL */
        if (nodes[nd->b].kind == N_NAME) {
            int slot = find_local(fs, nodes[nd->b].name, nodes[nd->b].name_len);
            if (slot >= 0) { emit_op8(fs, OP_INDEXL, (uint32_t)slot); emit_byte(fs, 0); fused_ops++; break; }
        }
        compile_expr(fs, nd->b);
        emit_op(fs, OP_INDEX);
        break;
    }
    case N_FIELD:
        compile_expr(fs, nd->a);
        emit_op16(fs, OP_GETF, str_const(nd->name, nd->name_len));
        break;
    case N_ARRAY:
        for (uint32_t a = nd->a; a && !err; a = nodes[a].next) compile_expr(fs, a);
        emit_op16(fs, OP_ARRAY, nd->c);
        break;
    case N_TABLE:
        for (uint32_t p = nd->a; p && !err; p = nodes[p].next) {
            compile_expr(fs, nodes[p].a);
            compile_expr(fs, nodes[p].b);
        }
        emit_op16(fs, OP_TABLE, nd->c);
        break;
    case N_FUNC:
        compile_function(fs, n, -1);
        break;
    default:
        fail(E_COMPILE, nd->line);
        break;
    }
}

static void begin_scope(FnState *fs) { fs->depth++; }
static void end_scope(FnState *fs) {
    fs->depth--;
    while (fs->nlocals > 0 && fs->locals[fs->nlocals - 1].depth > fs->depth) fs->nlocals--;
}

static NOINLINE void compile_block(FnState *fs, uint32_t b) {
    begin_scope(fs);
    for (uint32_t s = nodes[b].a; s && !err; s = nodes[s].next) compile_stmt(fs, s);
    end_scope(fs);
}

static void compile_assign(FnState *fs, Node *nd) {
    Node *t = &nodes[nd->a];
    Node *v = &nodes[nd->b];
    if (t->kind == N_NAME) {
        if (nd->op == '=') {
            compile_expr(fs, nd->b);
            compile_name_set(fs, t);
            return;
        }
        int slot = find_local(fs, t->name, t->name_len);
        if (slot >= 0 && (nd->op == TK_ADDEQ || nd->op == TK_SUBEQ) && v->kind == N_INT &&
            v->v.i > -32768 && v->v.i < 32768) {
            int64_t d = nd->op == TK_ADDEQ ? v->v.i : -v->v.i;
            emit_op8(fs, OP_INCL, (uint32_t)slot);
            emit_u16(fs, (uint32_t)(uint16_t)(int16_t)d);
            fused_ops++;
            return;
        }
        compile_name_get(fs, t);
        compile_expr(fs, nd->b);
        emit_op(fs, binop_opcode(nd->op));
        compile_name_set(fs, t);
    } else if (t->kind == N_INDEX) {
        compile_expr(fs, t->a);
        compile_expr(fs, t->b);
        if (nd->op != '=') {
            emit_op(fs, OP_DUP2);
            emit_op(fs, OP_INDEX);
            compile_expr(fs, nd->b);
            emit_op(fs, binop_opcode(nd->op));
        } else {
            compile_expr(fs, nd->b);
        }
        emit_op(fs, OP_SETINDEX);
    } else {
        uint32_t k = str_const(t->name, t->name_len);
        compile_expr(fs, t->a);
        if (nd->op != '=') {
            emit_op(fs, OP_DUP);
            emit_op16(fs, OP_GETF, k);
            compile_expr(fs, nd->b);
            emit_op(fs, binop_opcode(nd->op));
        } else {
            compile_expr(fs, nd->b);
        }
        emit_op16(fs, OP_SETF, k);
    }
}

static Loop *push_loop(FnState *fs) {
    if (fs->nloops >= LOOP_MAX) { fail(E_COMPILE, compile_line); return &fs->loops[0]; }
    Loop *l = &fs->loops[fs->nloops++];
    l->nbreaks = l->nconts = 0;
    l->scope_depth = fs->depth;
    return l;
}

static void add_jump(uint32_t *list, uint32_t *n, uint32_t at) {
    if (*n >= JUMP_LIST_MAX) { fail(E_COMPILE, compile_line); return; }
    list[(*n)++] = at;
}

static void pop_loop(FnState *fs, uint32_t cont_target) {
    Loop *l = &fs->loops[--fs->nloops];
    for (uint32_t i = 0; i < l->nconts; i++) wr16(fs->buf + l->conts[i], cont_target);
    for (uint32_t i = 0; i < l->nbreaks; i++) wr16(fs->buf + l->breaks[i], fs->len);
    mark_label(fs);
}

static void compile_stmt(FnState *fs, uint32_t n) {
    if (err) return;
    Node *nd = &nodes[n];
    compile_line = nd->line;
    switch (nd->kind) {
    case N_LET:
        if (nd->a) compile_expr(fs, nd->a); else emit_op(fs, OP_NIL);
        if (fs->toplevel && fs->depth == 1) {
            int g = add_global(src + nd->name, nd->name_len);
            emit_op16(fs, OP_SETG, (uint32_t)g);
        } else {
            int slot = add_local(fs, nd->name, nd->name_len);
            emit_op8(fs, OP_SETL, (uint32_t)slot);
        }
        break;
    case N_FNDECL:
        if (fs->toplevel && fs->depth == 1) {
            int g = add_global(src + nd->name, nd->name_len);
            compile_function(fs, nd->a, -1);
            emit_op16(fs, OP_SETG, (uint32_t)g);
        } else {
            int slot = add_local(fs, nd->name, nd->name_len);
            compile_function(fs, nd->a, slot);
            emit_op8(fs, OP_SETL, (uint32_t)slot);
        }
        break;
    case N_ASSIGN:
        compile_assign(fs, nd);
        break;
    case N_EXPR:
        compile_expr(fs, nd->a);
        emit_op(fs, OP_POP);
        break;
    case N_IF: {
        compile_expr(fs, nd->a);
        uint32_t jf = emit_branch_false(fs);
        compile_block(fs, nd->b);
        if (nd->c) {
            uint32_t jend = emit_jump(fs, OP_JMP);
            patch_here(fs, jf);
            if (nodes[nd->c].kind == N_IF) compile_stmt(fs, nd->c); else compile_block(fs, nd->c);
            patch_here(fs, jend);
        } else {
            patch_here(fs, jf);
        }
        break;
    }
    case N_WHILE: {
        mark_label(fs);
        uint32_t top = fs->len;
        compile_expr(fs, nd->a);
        uint32_t jf = emit_branch_false(fs);
        push_loop(fs);
        compile_block(fs, nd->b);
        emit_op16(fs, OP_JMP, top);
        patch_here(fs, jf);
        pop_loop(fs, top);
        break;
    }
    case N_FOR: {
        /* slots: i, limit; FORPREP jumps past the loop when i >= limit */
        begin_scope(fs);
        compile_expr(fs, nd->a);
        int slot = add_local(fs, nd->name, nd->name_len);
        emit_op8(fs, OP_SETL, (uint32_t)slot);
        compile_expr(fs, nd->b);
        int lim = add_local(fs, 0, 0);
        emit_op8(fs, OP_SETL, (uint32_t)lim);
        if (lim != slot + 1) fail(E_COMPILE, nd->line);
        emit_op8(fs, OP_FORPREP, (uint32_t)slot);
        uint32_t jexit = fs->len;
        emit_u16(fs, 0xFFFF);
        mark_label(fs);
        uint32_t body = fs->len;
        push_loop(fs);
        compile_block(fs, nd->c);
        mark_label(fs);
        uint32_t cont = fs->len;
        emit_op8(fs, OP_FORLOOP, (uint32_t)slot);
        emit_u16(fs, body);
        wr16(fs->buf + jexit, fs->len);
        pop_loop(fs, cont);
        end_scope(fs);
        break;
    }
    case N_RETURN:
        if (nd->a) { compile_expr(fs, nd->a); emit_op(fs, OP_RET); }
        else emit_op(fs, OP_RETNIL);
        break;
    case N_BREAK:
    case N_CONTINUE: {
        if (!fs->nloops) { fail(E_COMPILE, nd->line); break; }
        Loop *l = &fs->loops[fs->nloops - 1];
        uint32_t j = emit_jump(fs, OP_JMP);
        if (nd->kind == N_BREAK) add_jump(l->breaks, &l->nbreaks, j);
        else add_jump(l->conts, &l->nconts, j);
        break;
    }
    case N_BLOCK:
        compile_block(fs, n);
        break;
    default:
        fail(E_COMPILE, nd->line);
        break;
    }
}

static int is_jump(uint8_t op) {
    return op == OP_JMP || op == OP_JF || op == OP_JFK || op == OP_JTK || (op >= OP_JNEQ && op <= OP_JNGE);
}

/* Jump threading: a jump whose target is an unconditional jump goes straight to the final target. */
static void thread_jumps(uint8_t *buf, uint32_t len) {
    for (uint32_t pc = 0; pc < len; pc += 1u + op_size[buf[pc]]) {
        uint8_t op = buf[pc];
        if (op >= OP_COUNT) { fail(E_COMPILE, compile_line); return; }
        if (!is_jump(op)) continue;
        uint32_t target = rd16(buf + pc + 1);
        for (int hops = 0; hops < 8 && target < len && buf[target] == OP_JMP; hops++) {
            uint32_t next = rd16(buf + target + 1);
            if (next == target) break;
            target = next;
            threaded_jumps++;
        }
        wr16(buf + pc + 1, target);
    }
}

static void compile_function(FnState *parent, uint32_t fn, int self_slot) {
    if (fn_depth >= FN_DEPTH_MAX) { fail(E_COMPILE, nodes[fn].line); return; }
    if (nprotos >= PROTO_MAX) { fail(E_COMPILE, nodes[fn].line); return; }
    uint32_t p = nprotos++;
    FnState *fs = &fn_states[fn_depth];
    fs->buf = fn_bufs[fn_depth];
    fn_depth++;
    fs->parent = parent;
    fs->len = 0;
    fs->nlocals = fs->maxlocals = 0;
    fs->depth = 0;
    fs->nups = 0;
    fs->nloops = 0;
    fs->defining = -1;
    fs->self_slot = self_slot;
    fs->last_op = NO_OP;
    fs->toplevel = parent == 0;
    Node *nd = &nodes[fn];
    begin_scope(fs);
    for (uint32_t a = nd->a; a; a = nodes[a].next) add_local(fs, nodes[a].name, nodes[a].name_len);
    /* the body shares the parameters' scope (depth 1: top-level lets become globals) */
    for (uint32_t s = nodes[nd->b].a; s && !err; s = nodes[s].next) compile_stmt(fs, s);
    emit_op(fs, OP_RETNIL);
    end_scope(fs);
    thread_jumps(fs->buf, fs->len);
    fn_depth--;
    if (err) return;
    if (code_len + fs->len > CODE_MAX || nupdescs + (uint32_t)fs->nups > UPDESC_MAX) {
        fail(E_COMPILE, nd->line);
        return;
    }
    Proto *pr = &protos[p];
    pr->code_start = code_len;
    pr->code_len = fs->len;
    bytes_copy(code + code_len, fs->buf, fs->len);
    code_len += fs->len;
    pr->nparams = (uint8_t)nd->c;
    pr->nlocals = (uint8_t)fs->maxlocals;
    pr->nups = (uint8_t)fs->nups;
    pr->up_start = nupdescs;
    pr->name = nd->name;
    pr->name_len = nd->name_len;
    for (int i = 0; i < fs->nups; i++) {
        updescs[nupdescs].kind = fs->ups[i].kind;
        updescs[nupdescs].index = fs->ups[i].index;
        nupdescs++;
    }
    if (parent) emit_op16(parent, OP_CLOSURE, p);
}

/* ---------------------------------------------------------------- builtins */

enum {
    B_LEN, B_PUSH, B_POP, B_STR, B_INT, B_FLOAT, B_SQRT, B_ABS, B_MIN, B_MAX, B_FLOOR,
    B_CHR, B_ORD, B_SUBSTR, B_FIND, B_UPPER, B_LOWER, B_SPLIT, B_JOIN, B_HASH, B_REPEAT,
    B_REPLACE, B_TRIM, B_FMT, B_PRINT, B_KEYS, B_HAS, B_DEL, B_SORT, B_SLICE, B_TYPE,
    B_ASSERT, B_REVERSE, B_VALUES, B_COUNT
};
static const char *const builtin_names[B_COUNT] = {
    "len", "push", "pop", "str", "int", "float", "sqrt", "abs", "min", "max", "floor",
    "chr", "ord", "substr", "find", "upper", "lower", "split", "join", "hash", "repeat",
    "replace", "trim", "fmt", "print", "keys", "has", "del", "sort", "slice", "type",
    "assert", "reverse", "values",
};

static uint8_t out[OUT_MAX];
static uint32_t out_len;
static uint32_t cur_line;   /* line reported with runtime errors: the VM keeps no line table, so 0 */

static void sb_value(Value v, int depth);

static NOINLINE void sb_value(Value v, int depth) {
    switch (v.t) {
    case V_NIL: sb_s("nil"); break;
    case V_BOOL: sb_s(v.u.i ? "true" : "false"); break;
    case V_INT: sb_i(v.u.i); break;
    case V_FLT: sb_f(v.u.d); break;
    case V_STR: sb_bytes(str_bytes(v.o), objs[v.o].len); break;
    case V_ARR:
        if (depth > 3) { sb_s("[...]"); break; }
        sb_c('[');
        for (uint32_t i = 0; i < objs[v.o].len; i++) {
            if (i) sb_s(", ");
            Value e = arr_items(v.o)[i];
            if (e.t == V_STR) { sb_c('"'); sb_value(e, depth + 1); sb_c('"'); }
            else sb_value(e, depth + 1);
        }
        sb_c(']');
        break;
    case V_TAB: {
        if (depth > 3) { sb_s("{...}"); break; }
        sb_c('{');
        int first = 1;
        for (uint32_t i = 0; i < objs[v.o].aux; i++) {
            Entry e = tab_entries(v.o)[i];
            if (e.key.t == V_NIL || e.key.t == V_TOMB) continue;
            if (!first) sb_s(", ");
            first = 0;
            sb_value(e.key, depth + 1);
            sb_s(": ");
            sb_value(e.val, depth + 1);
        }
        sb_c('}');
        break;
    }
    case V_FUN: {
        Proto *p = &protos[objs[v.o].aux];
        sb_s("<fn ");
        if (p->name_len) sb_bytes(src + p->name, p->name_len); else sb_s("anonymous");
        sb_c('>');
        break;
    }
    case V_BUILTIN: sb_s("<builtin "); sb_s(builtin_names[v.o]); sb_c('>'); break;
    default: sb_s("?"); break;
    }
}

static NOINLINE Value sb_to_string(void) { return str_from(sbuf, sbuf_len); }

static int arg_int(Value *a, uint32_t argc, uint32_t i, int64_t *out_v) {
    if (i >= argc) return 0;
    if (a[i].t == V_INT) { *out_v = a[i].u.i; return 1; }
    if (a[i].t == V_FLT && a[i].u.d >= -9.2e18 && a[i].u.d <= 9.2e18) { *out_v = (int64_t)a[i].u.d; return 1; }
    return 0;
}
static int is_num(Value v) { return v.t == V_INT || v.t == V_FLT; }
static double num_d(Value v) { return v.t == V_INT ? (double)v.u.i : v.u.d; }

static NOINLINE int value_cmp(Value a, Value b, int *ok) {
    *ok = 1;
    if (a.t == V_INT && b.t == V_INT) return a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
    if (is_num(a) && is_num(b)) {
        double x = num_d(a), y = num_d(b);
        return x < y ? -1 : x > y;
    }
    if (a.t == V_STR && b.t == V_STR) return str_cmp(a.o, b.o);
    *ok = 0;
    return 0;
}

static NOINLINE int values_equal(Value a, Value b) {
    if (a.t == V_INT && b.t == V_INT) return a.u.i == b.u.i;
    if (is_num(a) && is_num(b)) return num_d(a) == num_d(b);
    if (a.t != b.t) return 0;
    switch (a.t) {
    case V_NIL: return 1;
    case V_BOOL: return a.u.i == b.u.i;
    case V_STR: return str_eq(a.o, b.o);
    default: return a.o == b.o;
    }
}

/* Stable merge sort of an array's values (numbers and strings). */
static void sort_values(Value *v, Value *tmp, uint32_t n) {
    for (uint32_t w = 1; w < n && !err; w *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                int ok, c = value_cmp(v[j], v[i], &ok);
                if (!ok) { fail(E_TYPE, cur_line); return; }
                tmp[k++] = c < 0 ? v[j++] : v[i++];
            }
            while (i < mid) tmp[k++] = v[i++];
            while (j < hi) tmp[k++] = v[j++];
        }
        for (uint32_t i = 0; i < n; i++) v[i] = tmp[i];
    }
}

static NOINLINE Value call_builtin(uint32_t id, Value *a, uint32_t argc) {
    int64_t x, y;
    switch (id) {
    case B_LEN:
        if (argc != 1) break;
        if (a[0].t == V_STR || a[0].t == V_ARR || a[0].t == V_TAB) return v_int(objs[a[0].o].len);
        break;
    case B_PUSH:
        if (argc != 2 || a[0].t != V_ARR) break;
        arr_push(a[0].o, a[1]);
        return a[0];
    case B_POP:
        if (argc != 1 || a[0].t != V_ARR) break;
        if (!objs[a[0].o].len) { fail(E_INDEX, cur_line); return v_nil(); }
        return arr_items(a[0].o)[--objs[a[0].o].len];
    case B_STR:
        if (argc != 1) break;
        if (a[0].t == V_STR) return a[0];
        sbuf_len = 0;
        sb_value(a[0], 0);
        return sb_to_string();
    case B_INT:
        if (argc != 1) break;
        if (a[0].t == V_INT) return a[0];
        if (a[0].t == V_FLT) {
            double d = a[0].u.d;
            if (!(d > -9.2e18 && d < 9.2e18)) { fail(E_ARG, cur_line); return v_nil(); }
            return v_int((int64_t)d);
        }
        if (a[0].t == V_STR) {
            const uint8_t *p = str_bytes(a[0].o);
            uint32_t n = objs[a[0].o].len, i = 0;
            int neg = 0;
            uint64_t v = 0;
            while (i < n && is_space(p[i])) i++;
            if (i < n && (p[i] == '-' || p[i] == '+')) { neg = p[i] == '-'; i++; }
            if (i >= n || !is_digit(p[i])) return v_nil();
            while (i < n && is_digit(p[i])) v = v * 10 + (uint64_t)(p[i++] - '0');
            return v_int(neg ? (int64_t)(0 - v) : (int64_t)v);
        }
        if (a[0].t == V_BOOL) return v_int(a[0].u.i);
        break;
    case B_FLOAT:
        if (argc != 1 || !is_num(a[0])) break;
        return v_flt(num_d(a[0]));
    case B_SQRT:
        if (argc != 1 || !is_num(a[0])) break;
        return v_flt(__builtin_elementwise_sqrt(num_d(a[0])));
    case B_ABS:
        if (argc != 1) break;
        if (a[0].t == V_INT) return v_int(a[0].u.i < 0 ? (int64_t)(0 - (uint64_t)a[0].u.i) : a[0].u.i);
        if (a[0].t == V_FLT) return v_flt(a[0].u.d < 0 ? -a[0].u.d : a[0].u.d);
        break;
    case B_MIN:
    case B_MAX: {
        if (argc < 1) break;
        Value best = a[0];
        for (uint32_t i = 1; i < argc; i++) {
            int ok, c = value_cmp(a[i], best, &ok);
            if (!ok) { fail(E_TYPE, cur_line); return v_nil(); }
            if (id == B_MIN ? c < 0 : c > 0) best = a[i];
        }
        return best;
    }
    case B_FLOOR: {
        if (argc != 1 || !is_num(a[0])) break;
        if (a[0].t == V_INT) return a[0];
        double d = a[0].u.d;
        if (!(d > -9.2e18 && d < 9.2e18)) { fail(E_ARG, cur_line); return v_nil(); }
        int64_t i = (int64_t)d;
        if ((double)i > d) i--;
        return v_int(i);
    }
    case B_CHR: {
        if (!arg_int(a, argc, 0, &x) || argc != 1) break;
        uint8_t c = (uint8_t)x;
        return str_from(&c, 1);
    }
    case B_ORD: {
        if (argc < 1 || a[0].t != V_STR) break;
        x = 0;
        if (argc > 1 && !arg_int(a, argc, 1, &x)) break;
        if (x < 0 || x >= objs[a[0].o].len) { fail(E_INDEX, cur_line); return v_nil(); }
        return v_int(str_bytes(a[0].o)[x]);
    }
    case B_SUBSTR: {
        if (argc < 2 || a[0].t != V_STR || !arg_int(a, argc, 1, &x)) break;
        int64_t n = objs[a[0].o].len;
        y = n - x;
        if (argc > 2 && !arg_int(a, argc, 2, &y)) break;
        if (x < 0) x += n;
        if (x < 0) x = 0;
        if (x > n) x = n;
        if (y < 0) y = 0;
        if (x + y > n) y = n - x;
        return str_from(str_bytes(a[0].o) + x, (uint32_t)y);
    }
    case B_FIND: {
        if (argc < 2 || a[0].t != V_STR || a[1].t != V_STR) break;
        x = 0;
        if (argc > 2 && !arg_int(a, argc, 2, &x)) break;
        uint32_t n = objs[a[0].o].len, m = objs[a[1].o].len;
        const uint8_t *h = str_bytes(a[0].o), *nd = str_bytes(a[1].o);
        for (int64_t i = x < 0 ? 0 : x; i + m <= n; i++)
            if (bytes_eq(h + i, nd, m)) return v_int(i);
        return v_int(-1);
    }
    case B_UPPER:
    case B_LOWER: {
        if (argc != 1 || a[0].t != V_STR) break;
        uint32_t n = objs[a[0].o].len;
        Value s = str_alloc(n);
        if (err) return v_nil();
        const uint8_t *p = str_bytes(a[0].o);
        uint8_t *q = str_bytes(s.o);
        for (uint32_t i = 0; i < n; i++) {
            uint8_t c = p[i];
            if (id == B_UPPER && c >= 'a' && c <= 'z') c -= 32;
            if (id == B_LOWER && c >= 'A' && c <= 'Z') c += 32;
            q[i] = c;
        }
        str_seal(s);
        return s;
    }
    case B_SPLIT: {
        if (argc != 2 || a[0].t != V_STR || a[1].t != V_STR || !objs[a[1].o].len) break;
        Value arr = arr_new(8);
        uint32_t n = objs[a[0].o].len, m = objs[a[1].o].len, start = 0;
        for (uint32_t i = 0; i + m <= n && !err;) {
            if (bytes_eq(str_bytes(a[0].o) + i, str_bytes(a[1].o), m)) {
                Value part = str_from(str_bytes(a[0].o) + start, i - start);
                arr_push(arr.o, part);
                i += m;
                start = i;
            } else {
                i++;
            }
        }
        if (!err) arr_push(arr.o, str_from(str_bytes(a[0].o) + start, n - start));
        return arr;
    }
    case B_JOIN: {
        if (argc < 1 || a[0].t != V_ARR || (argc > 1 && a[1].t != V_STR)) break;
        sbuf_len = 0;
        for (uint32_t i = 0; i < objs[a[0].o].len; i++) {
            if (i && argc > 1) sb_bytes(str_bytes(a[1].o), objs[a[1].o].len);
            sb_value(arr_items(a[0].o)[i], 1);
        }
        return sb_to_string();
    }
    case B_HASH:
        if (argc != 1) break;
        if (a[0].t == V_STR) return v_int(objs[a[0].o].aux);
        if (a[0].t == V_INT || a[0].t == V_FLT || a[0].t == V_BOOL) return v_int(value_hash(a[0]));
        break;
    case B_REPEAT: {
        if (argc != 2 || a[0].t != V_STR || !arg_int(a, argc, 1, &x)) break;
        uint32_t n = objs[a[0].o].len;
        if (x < 0 || (uint64_t)x * n > OUT_MAX) { fail(E_ARG, cur_line); return v_nil(); }
        Value s = str_alloc((uint32_t)x * n);
        if (err) return v_nil();
        for (int64_t i = 0; i < x; i++) bytes_copy(str_bytes(s.o) + i * n, str_bytes(a[0].o), n);
        str_seal(s);
        return s;
    }
    case B_REPLACE: {
        if (argc != 3 || a[0].t != V_STR || a[1].t != V_STR || a[2].t != V_STR || !objs[a[1].o].len) break;
        uint32_t n = objs[a[0].o].len, m = objs[a[1].o].len;
        sbuf_len = 0;
        for (uint32_t i = 0; i < n;) {
            if (i + m <= n && bytes_eq(str_bytes(a[0].o) + i, str_bytes(a[1].o), m)) {
                sb_bytes(str_bytes(a[2].o), objs[a[2].o].len);
                i += m;
            } else {
                sb_c(str_bytes(a[0].o)[i++]);
            }
        }
        return sb_to_string();
    }
    case B_TRIM: {
        if (argc != 1 || a[0].t != V_STR) break;
        const uint8_t *p = str_bytes(a[0].o);
        uint32_t s = 0, e = objs[a[0].o].len;
        while (s < e && is_space(p[s])) s++;
        while (e > s && is_space(p[e - 1])) e--;
        return str_from(p + s, e - s);
    }
    case B_FMT: {
        if (argc < 1 || a[0].t != V_STR) break;
        uint32_t n = objs[a[0].o].len, next = 1;
        const uint8_t *p = str_bytes(a[0].o);
        sbuf_len = 0;
        for (uint32_t i = 0; i < n; i++) {
            if (p[i] == '{' && i + 1 < n && p[i + 1] == '}') {
                if (next >= argc) { fail(E_ARITY, cur_line); return v_nil(); }
                sb_value(a[next++], 0);
                i++;
            } else {
                sb_c(p[i]);
            }
        }
        return sb_to_string();
    }
    case B_PRINT:
        sbuf_len = 0;
        for (uint32_t i = 0; i < argc; i++) {
            if (i) sb_c(' ');
            sb_value(a[i], 0);
        }
        sb_c('\n');
        for (uint32_t i = 0; i < sbuf_len && out_len < OUT_MAX; i++) out[out_len++] = sbuf[i];
        return v_nil();
    case B_KEYS:
    case B_VALUES: {
        if (argc != 1 || a[0].t != V_TAB) break;
        uint32_t o = a[0].o;
        Value arr = arr_new(objs[o].len);
        for (uint32_t i = 0; i < objs[o].aux && !err; i++) {
            Entry e = tab_entries(o)[i];
            if (e.key.t == V_NIL || e.key.t == V_TOMB) continue;
            arr_push(arr.o, id == B_KEYS ? e.key : e.val);
        }
        return arr;
    }
    case B_HAS:
        if (argc != 2) break;
        if (a[0].t == V_TAB) {
            int found;
            tab_find(a[0].o, a[1], &found);
            return v_bool(found);
        }
        if (a[0].t == V_STR && a[1].t == V_STR) {
            Value args[2] = {a[0], a[1]};
            Value r = call_builtin(B_FIND, args, 2);
            return v_bool(r.u.i >= 0);
        }
        break;
    case B_DEL:
        if (argc != 2 || a[0].t != V_TAB) break;
        return v_bool(tab_del(a[0].o, a[1]));
    case B_SORT: {
        if (argc != 1 || a[0].t != V_ARR) break;
        uint32_t n = objs[a[0].o].len;
        uint32_t tmp = heap_alloc(n * (uint32_t)sizeof(Value));
        if (err) return v_nil();
        sort_values(arr_items(a[0].o), (Value *)(heap + tmp), n);
        heap_release(tmp, n * (uint32_t)sizeof(Value));
        return a[0];
    }
    case B_SLICE: {
        if (argc < 2 || a[0].t != V_ARR || !arg_int(a, argc, 1, &x)) break;
        int64_t n = objs[a[0].o].len;
        y = n;
        if (argc > 2 && !arg_int(a, argc, 2, &y)) break;
        if (x < 0) x = 0;
        if (y > n) y = n;
        if (y < x) y = x;
        Value arr = arr_new((uint32_t)(y - x));
        for (int64_t i = x; i < y && !err; i++) arr_push(arr.o, arr_items(a[0].o)[i]);
        return arr;
    }
    case B_TYPE: {
        static const char *const tn[] = {"nil", "bool", "int", "float", "string", "array", "table", "function", "function"};
        if (argc != 1 || a[0].t > V_BUILTIN) break;
        return str_c(tn[a[0].t]);
    }
    case B_ASSERT:
        if (argc < 1) break;
        if (a[0].t == V_NIL || (a[0].t == V_BOOL && !a[0].u.i)) { fail(E_ASSERT, cur_line); return v_nil(); }
        return a[0];
    case B_REVERSE: {
        if (argc != 1) break;
        if (a[0].t == V_ARR) {
            Value *it = arr_items(a[0].o);
            uint32_t n = objs[a[0].o].len;
            for (uint32_t i = 0; i < n / 2; i++) { Value t = it[i]; it[i] = it[n - 1 - i]; it[n - 1 - i] = t; }
            return a[0];
        }
        if (a[0].t == V_STR) {
            uint32_t n = objs[a[0].o].len;
            Value s = str_alloc(n);
            if (err) return v_nil();
            for (uint32_t i = 0; i < n; i++) str_bytes(s.o)[i] = str_bytes(a[0].o)[n - 1 - i];
            str_seal(s);
            return s;
        }
        break;
    }
    default:
        break;
    }
    fail(E_ARG, cur_line);
    return v_nil();
}

/* ---------------------------------------------------------------- garbage collector */

static uint32_t gray[GRAY_MAX];
static uint32_t ngray;

static NOINLINE void mark_value(Value v) {
    if (v.t < V_STR || v.t > V_FUN) return;
    Obj *o = &objs[v.o];
    if (o->mark) return;
    o->mark = 1;
    if (v.t == V_STR) return;
    if (ngray >= GRAY_MAX) { fail(E_MEMORY, cur_line); return; }
    gray[ngray++] = v.o;
}

static void trace(uint32_t o) {
    Obj *ob = &objs[o];
    switch (ob->type) {
    case O_ARR:
        for (uint32_t i = 0; i < ob->len; i++) mark_value(arr_items(o)[i]);
        break;
    case O_TAB:
        for (uint32_t i = 0; i < ob->aux; i++) {
            Entry *e = &tab_entries(o)[i];
            if (e->key.t == V_NIL || e->key.t == V_TOMB) continue;
            mark_value(e->key);
            mark_value(e->val);
        }
        break;
    case O_FUN:
        for (uint32_t i = 0; i < ob->len; i++) mark_value(((Value *)(heap + ob->off))[i]);
        break;
    default:
        break;
    }
}

static Value stack[STACK_MAX];

static NOINLINE void collect(uint32_t sp) {
    ngray = 0;
    for (uint32_t i = 0; i < sp; i++) mark_value(stack[i]);
    for (uint32_t i = 0; i < nglobals; i++) mark_value(globals[i]);
    for (uint32_t i = 0; i < nconsts; i++) mark_value(consts[i]);
    while (ngray && !err) trace(gray[--ngray]);
    for (uint32_t o = 1; o < obj_top; o++) {
        Obj *ob = &objs[o];
        if (ob->type == O_FREE) continue;
        if (ob->mark) { ob->mark = 0; continue; }
        switch (ob->type) {
        case O_STR: heap_release(ob->off, ob->len); break;
        case O_ARR: heap_release(ob->off, ob->cap * (uint32_t)sizeof(Value)); break;
        case O_TAB: heap_release(ob->off, ob->aux * (uint32_t)sizeof(Entry)); break;
        case O_FUN: heap_release(ob->off, ob->len * (uint32_t)sizeof(Value)); break;
        default: break;
        }
        ob->type = O_FREE;
        ob->off = obj_free;
        obj_free = o;
        obj_live--;
        gc_freed++;
    }
    gc_count++;
    gc_wanted = 0;
    gc_threshold = heap_in_use * 2;
    if (gc_threshold < 256u * 1024u) gc_threshold = 256u * 1024u;
}

/* ---------------------------------------------------------------- virtual machine */

typedef struct {
    uint32_t clo, proto, pc, base;
} Frame;

static Frame frames[FRAME_MAX];
static uint64_t steps;

static NOINLINE Value make_closure(uint32_t p, Value *locals, Value *ups) {
    Proto *pr = &protos[p];
    uint32_t o = obj_new(O_FUN);
    if (!o) return v_nil();
    objs[o].aux = p;
    objs[o].len = pr->nups;
    Value self = v_obj(V_FUN, o);
    if (pr->nups) {
        objs[o].off = heap_alloc(pr->nups * (uint32_t)sizeof(Value));
        if (err) return v_nil();
        Value *dst = (Value *)(heap + objs[o].off);
        for (uint32_t i = 0; i < pr->nups; i++) {
            UpDesc d = updescs[pr->up_start + i];
            dst[i] = d.kind == UP_LOCAL ? locals[d.index] : d.kind == UP_UPVAL ? ups[d.index] : self;
        }
    }
    return self;
}

static NOINLINE Value arith(uint8_t op, Value a, Value b) {
    if (a.t == V_INT && b.t == V_INT) {
        uint64_t x = (uint64_t)a.u.i, y = (uint64_t)b.u.i;
        switch (op) {
        case OP_ADD: return v_int((int64_t)(x + y));
        case OP_SUB: return v_int((int64_t)(x - y));
        case OP_MUL: return v_int((int64_t)(x * y));
        case OP_DIV:
            if (!y) { fail(E_DIVZERO, cur_line); return v_nil(); }
            if (b.u.i == -1) return v_int((int64_t)(0 - x));
            return v_int(a.u.i / b.u.i);
        case OP_MOD:
            if (!y) { fail(E_DIVZERO, cur_line); return v_nil(); }
            if (b.u.i == -1) return v_int(0);
            return v_int(a.u.i % b.u.i);
        case OP_BAND: return v_int((int64_t)(x & y));
        case OP_BOR: return v_int((int64_t)(x | y));
        case OP_BXOR: return v_int((int64_t)(x ^ y));
        case OP_SHL: return v_int((int64_t)(x << (y & 63)));
        case OP_SHR: return v_int(a.u.i >> (y & 63));
        default: break;
        }
    } else if (is_num(a) && is_num(b)) {
        double x = num_d(a), y = num_d(b);
        switch (op) {
        case OP_ADD: return v_flt(x + y);
        case OP_SUB: return v_flt(x - y);
        case OP_MUL: return v_flt(x * y);
        case OP_DIV: return v_flt(x / y);
        case OP_MOD: {
            if (y == 0.0) { fail(E_DIVZERO, cur_line); return v_nil(); }
            double q = x / y;
            if (!(q > -9.2e18 && q < 9.2e18)) { fail(E_ARG, cur_line); return v_nil(); }
            return v_flt(x - (double)(int64_t)q * y);
        }
        default: break;
        }
    } else if (op == OP_ADD && a.t == V_STR && b.t == V_STR) {
        uint32_t la = objs[a.o].len, lb = objs[b.o].len;
        Value s = str_alloc(la + lb);
        if (err) return v_nil();
        bytes_copy(str_bytes(s.o), str_bytes(a.o), la);
        bytes_copy(str_bytes(s.o) + la, str_bytes(b.o), lb);
        str_seal(s);
        return s;
    } else if (op == OP_ADD && (a.t == V_STR || b.t == V_STR)) {
        sbuf_len = 0;
        sb_value(a, 1);
        sb_value(b, 1);
        return sb_to_string();
    } else if (op == OP_MUL && a.t == V_STR && b.t == V_INT) {
        Value args[2] = {a, b};
        return call_builtin(B_REPEAT, args, 2);
    }
    fail(E_TYPE, cur_line);
    return v_nil();
}

static NOINLINE int compare(uint8_t op, Value a, Value b) {
    if (op == OP_EQ) return values_equal(a, b);
    if (op == OP_NE) return !values_equal(a, b);
    int ok, c = value_cmp(a, b, &ok);
    if (!ok) { fail(E_TYPE, cur_line); return 0; }
    switch (op) {
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_GT: return c > 0;
    default: return c >= 0;
    }
}

static int truthy(Value v) { return !(v.t == V_NIL || (v.t == V_BOOL && !v.u.i)); }

static NOINLINE Value index_get(Value obj, Value key) {
    if (obj.t == V_ARR) {
        if (key.t != V_INT) { fail(E_INDEX, cur_line); return v_nil(); }
        int64_t i = key.u.i, n = objs[obj.o].len;
        if (i < 0) i += n;
        if (i < 0 || i >= n) { fail(E_INDEX, cur_line); return v_nil(); }
        return arr_items(obj.o)[i];
    }
    if (obj.t == V_TAB) return tab_get(obj.o, key);
    if (obj.t == V_STR) {
        if (key.t != V_INT) { fail(E_INDEX, cur_line); return v_nil(); }
        int64_t i = key.u.i, n = objs[obj.o].len;
        if (i < 0) i += n;
        if (i < 0 || i >= n) { fail(E_INDEX, cur_line); return v_nil(); }
        return str_from(str_bytes(obj.o) + i, 1);
    }
    fail(E_TYPE, cur_line);
    return v_nil();
}

static NOINLINE void index_set(Value obj, Value key, Value v) {
    if (obj.t == V_ARR) {
        if (key.t != V_INT) { fail(E_INDEX, cur_line); return; }
        int64_t i = key.u.i, n = objs[obj.o].len;
        if (i < 0) i += n;
        if (i == n) { arr_push(obj.o, v); return; }
        if (i < 0 || i > n) { fail(E_INDEX, cur_line); return; }
        arr_items(obj.o)[i] = v;
        return;
    }
    if (obj.t == V_TAB) { tab_set(obj.o, key, v, cur_line); return; }
    fail(E_TYPE, cur_line);
}

static Value run(uint32_t main_proto) {
    uint32_t sp = 0, nframes = 0;
    stack[sp++] = make_closure(main_proto, 0, 0);
    Frame *f = &frames[nframes++];
    f->clo = stack[0].o;
    f->proto = main_proto;
    f->pc = 0;
    f->base = 1;
    sp = 1 + protos[main_proto].nlocals;
    for (uint32_t i = 1; i < sp; i++) stack[i] = v_nil();
    const uint8_t *pcode = code + protos[main_proto].code_start;
    uint32_t pc = 0, base = 1;
    Value *ups = 0;
    Value result = v_nil();
    uint64_t nsteps = 0;

    while (!err) {
        uint8_t op = pcode[pc++];
        nsteps++;
        switch (op) {
        case OP_CONST: stack[sp++] = consts[rd16(pcode + pc)]; pc += 2; break;
        case OP_INT: stack[sp++] = v_int((int16_t)rd16(pcode + pc)); pc += 2; break;
        case OP_NIL: stack[sp++] = v_nil(); break;
        case OP_TRUE: stack[sp++] = v_bool(1); break;
        case OP_FALSE: stack[sp++] = v_bool(0); break;
        case OP_POP: sp--; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_DUP2: stack[sp] = stack[sp - 2]; stack[sp + 1] = stack[sp - 1]; sp += 2; break;
        case OP_GETL: stack[sp++] = stack[base + pcode[pc++]]; break;
        case OP_GETL2:
            stack[sp] = stack[base + pcode[pc]];
            stack[sp + 1] = stack[base + pcode[pc + 1]];
            sp += 2;
            pc += 2;
            break;
        case OP_SETL: stack[base + pcode[pc++]] = stack[--sp]; break;
        case OP_GETU: stack[sp++] = ups[pcode[pc++]]; break;
        case OP_GETG: stack[sp++] = globals[rd16(pcode + pc)]; pc += 2; break;
        case OP_SETG: globals[rd16(pcode + pc)] = stack[--sp]; pc += 2; break;
        case OP_ADD:
        case OP_SUB:
        case OP_MUL: {
            Value *a = &stack[sp - 2], *b = &stack[sp - 1];
            if (a->t == V_INT && b->t == V_INT) {
                uint64_t x = (uint64_t)a->u.i, y = (uint64_t)b->u.i;
                a->u.i = (int64_t)(op == OP_ADD ? x + y : op == OP_SUB ? x - y : x * y);
            } else {
                *a = arith(op, *a, *b);
            }
            sp--;
            break;
        }
        case OP_DIV: case OP_MOD: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
            stack[sp - 2] = arith(op, stack[sp - 2], stack[sp - 1]);
            sp--;
            break;
        case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE:
            stack[sp - 2] = v_bool(compare(op, stack[sp - 2], stack[sp - 1]));
            sp--;
            break;
        case OP_NEG: {
            Value *a = &stack[sp - 1];
            if (a->t == V_INT) a->u.i = (int64_t)(0 - (uint64_t)a->u.i);
            else if (a->t == V_FLT) a->u.d = -a->u.d;
            else fail(E_TYPE, cur_line);
            break;
        }
        case OP_NOT: stack[sp - 1] = v_bool(!truthy(stack[sp - 1])); break;
        case OP_BNOT:
            if (stack[sp - 1].t != V_INT) { fail(E_TYPE, cur_line); break; }
            stack[sp - 1].u.i = ~stack[sp - 1].u.i;
            break;
        case OP_ADDI: {
            Value *a = &stack[sp - 1];
            int64_t d = (int16_t)rd16(pcode + pc);
            pc += 2;
            if (a->t == V_INT) a->u.i = (int64_t)((uint64_t)a->u.i + (uint64_t)d);
            else *a = arith(OP_ADD, *a, v_int(d));
            break;
        }
        case OP_INCL: {
            Value *a = &stack[base + pcode[pc]];
            int64_t d = (int16_t)rd16(pcode + pc + 1);
            pc += 3;
            if (a->t == V_INT) a->u.i = (int64_t)((uint64_t)a->u.i + (uint64_t)d);
            else *a = arith(OP_ADD, *a, v_int(d));
            break;
        }
        case OP_JMP: {
            uint32_t t = rd16(pcode + pc);
            if (t < pc && gc_wanted) collect(sp);
            pc = t;
            break;
        }
        case OP_JF:
            sp--;
            if (!truthy(stack[sp])) pc = rd16(pcode + pc); else pc += 2;
            break;
        case OP_JFK:
            if (!truthy(stack[sp - 1])) pc = rd16(pcode + pc); else { sp--; pc += 2; }
            break;
        case OP_JTK:
            if (truthy(stack[sp - 1])) pc = rd16(pcode + pc); else { sp--; pc += 2; }
            break;
        case OP_JNEQ: case OP_JNNE: case OP_JNLT: case OP_JNLE: case OP_JNGT: case OP_JNGE: {
            Value a = stack[sp - 2], b = stack[sp - 1];
            int c;
            sp -= 2;
            if (a.t == V_INT && b.t == V_INT) {
                switch (op) {
                case OP_JNEQ: c = a.u.i == b.u.i; break;
                case OP_JNNE: c = a.u.i != b.u.i; break;
                case OP_JNLT: c = a.u.i < b.u.i; break;
                case OP_JNLE: c = a.u.i <= b.u.i; break;
                case OP_JNGT: c = a.u.i > b.u.i; break;
                default: c = a.u.i >= b.u.i; break;
                }
            } else {
                c = compare((uint8_t)(OP_EQ + (op - OP_JNEQ)), a, b);
            }
            if (!c) pc = rd16(pcode + pc); else pc += 2;
            break;
        }
        case OP_FORPREP: {
            Value *i = &stack[base + pcode[pc]], *lim = i + 1;
            if (i->t != V_INT || lim->t != V_INT) { fail(E_TYPE, cur_line); break; }
            if (i->u.i >= lim->u.i) pc = rd16(pcode + pc + 1); else pc += 3;
            break;
        }
        case OP_FORLOOP: {
            Value *i = &stack[base + pcode[pc]], *lim = i + 1;
            if (i->t != V_INT || lim->t != V_INT) { fail(E_TYPE, cur_line); break; }
            i->u.i++;
            if (i->u.i < lim->u.i) {
                if (gc_wanted) collect(sp);
                pc = rd16(pcode + pc + 1);
            } else {
                pc += 3;
            }
            break;
        }
        case OP_CALL: {
            uint32_t argc = pcode[pc++];
            Value callee = stack[sp - argc - 1];
            if (gc_wanted) collect(sp);
            if (callee.t == V_BUILTIN) {
                Value r = call_builtin(callee.o, &stack[sp - argc], argc);
                sp -= argc;
                stack[sp - 1] = r;
                break;
            }
            if (callee.t != V_FUN) { fail(E_CALL, cur_line); break; }
            uint32_t p = objs[callee.o].aux;
            Proto *pr = &protos[p];
            if (argc > pr->nparams) { fail(E_ARITY, cur_line); break; }
            if (nframes >= FRAME_MAX || sp + pr->nlocals + 256 >= STACK_MAX) { fail(E_STACK, cur_line); break; }
            f->pc = pc;
            f = &frames[nframes++];
            f->clo = callee.o;
            f->proto = p;
            f->base = sp - argc;
            for (uint32_t i = argc; i < pr->nlocals; i++) stack[f->base + i] = v_nil();
            sp = f->base + pr->nlocals;
            base = f->base;
            pcode = code + pr->code_start;
            pc = 0;
            ups = (Value *)(heap + objs[callee.o].off);
            break;
        }
        case OP_RET:
        case OP_RETNIL: {
            Value r = op == OP_RET ? stack[sp - 1] : v_nil();
            sp = f->base - 1;
            stack[sp++] = r;
            nframes--;
            if (!nframes) { result = r; steps += nsteps; return result; }
            f = &frames[nframes - 1];
            base = f->base;
            pc = f->pc;
            pcode = code + protos[f->proto].code_start;
            ups = (Value *)(heap + objs[f->clo].off);
            break;
        }
        case OP_ARRAY: {
            uint32_t n = rd16(pcode + pc);
            pc += 2;
            Value arr = arr_new(n);
            if (err) break;
            for (uint32_t i = 0; i < n; i++) arr_items(arr.o)[i] = stack[sp - n + i];
            objs[arr.o].len = n;
            sp -= n;
            stack[sp++] = arr;
            break;
        }
        case OP_TABLE: {
            uint32_t n = rd16(pcode + pc);
            pc += 2;
            Value t = tab_new(n);
            for (uint32_t i = 0; i < n && !err; i++) tab_set(t.o, stack[sp - 2 * n + 2 * i], stack[sp - 2 * n + 2 * i + 1], cur_line);
            sp -= 2 * n;
            stack[sp++] = t;
            break;
        }
        case OP_INDEX:
            stack[sp - 2] = index_get(stack[sp - 2], stack[sp - 1]);
            sp--;
            break;
        case OP_INDEXL: {
            Value obj = stack[sp - 1], key = stack[base + pcode[pc]];
            pc += 2;
            if (obj.t == V_ARR && key.t == V_INT && key.u.i >= 0 && key.u.i < objs[obj.o].len) {
                stack[sp - 1] = arr_items(obj.o)[key.u.i];
                break;
            }
            stack[sp - 1] = index_get(obj, key);
            break;
        }
        case OP_SETINDEX:
            index_set(stack[sp - 3], stack[sp - 2], stack[sp - 1]);
            sp -= 3;
            break;
        case OP_GETF: {
            Value obj = stack[sp - 1];
            if (obj.t != V_TAB) { fail(E_TYPE, cur_line); break; }
            stack[sp - 1] = tab_get(obj.o, consts[rd16(pcode + pc)]);
            pc += 2;
            break;
        }
        case OP_SETF: {
            Value obj = stack[sp - 2];
            if (obj.t != V_TAB) { fail(E_TYPE, cur_line); break; }
            tab_set(obj.o, consts[rd16(pcode + pc)], stack[sp - 1], cur_line);
            pc += 2;
            sp -= 2;
            break;
        }
        case OP_CLOSURE: {
            uint32_t p = rd16(pcode + pc);
            pc += 2;
            Value c = make_closure(p, &stack[base], ups);
            stack[sp++] = c;
            break;
        }
        default:
            fail(E_RUNTIME, cur_line);
            break;
        }
    }
    steps += nsteps;
    return v_nil();
}

/* ---------------------------------------------------------------- checksums */

static NOINLINE uint64_t ck(uint64_t h, uint64_t v) { return ck_add(h, v); }

static NOINLINE uint64_t hash_value(Value v, int depth) {
    uint64_t h = ck(0x5C, v.t);
    switch (v.t) {
    case V_BOOL: case V_INT: return ck(h, (uint64_t)v.u.i);
    case V_FLT: return ck(h, double_bits(v.u.d));
    case V_STR: return fnv1a(ck(h, objs[v.o].len), str_bytes(v.o), objs[v.o].len);
    case V_ARR:
        h = ck(h, objs[v.o].len);
        if (depth < 6)
            for (uint32_t i = 0; i < objs[v.o].len; i++) h = ck(h, hash_value(arr_items(v.o)[i], depth + 1));
        return h;
    case V_TAB:
        h = ck(h, objs[v.o].len);
        if (depth < 6)
            for (uint32_t i = 0; i < objs[v.o].aux; i++) {
                Entry e = tab_entries(v.o)[i];
                if (e.key.t == V_NIL || e.key.t == V_TOMB) continue;
                h = ck(h, hash_value(e.key, depth + 1));
                h = ck(h, hash_value(e.val, depth + 1));
            }
        return h;
    case V_FUN: return ck(h, objs[v.o].aux);
    case V_BUILTIN: return ck(h, v.o);
    default: return h;
    }
}

/* ---------------------------------------------------------------- the scripts */

static const char *const scripts[7] = {
    /* 0: recursion, closures, higher-order functions */
    "# recursive fib, closures and a little functional toolkit\n"
    "fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }\n"
    "fn make_adder(k) { return fn(x) { return x + k; }; }\n"
    "fn compose(f, g) { return fn(x) { return f(g(x)); }; }\n"
    "fn map(a, f) { let r = []; for i in 0..len(a) { push(r, f(a[i])); } return r; }\n"
    "fn filter(a, f) { let r = []; for i in 0..len(a) { if f(a[i]) { push(r, a[i]); } } return r; }\n"
    "fn reduce(a, f, acc) { for i in 0..len(a) { acc = f(acc, a[i]); } return acc; }\n"
    "fn counter() { let t = {n: 0}; return fn() { t.n += 1; return t.n; }; }\n"
    "let add3 = make_adder(3);\n"
    "let twice = compose(add3, make_adder(-1));\n"
    "let tick = counter();\n"
    "let nums = [];\n"
    "for i in 0..M { push(nums, (i * 37 + 11) % 101); }\n"
    "let total = 0;\n"
    "for round in 0..8 {\n"
    " let sq = map(nums, fn(x) { return x * x - round; });\n"
    " let odd = filter(sq, fn(x) { return x % 2 != 0; });\n"
    " total += reduce(odd, fn(a, b) { return (a * 31 + b) % 1000003; }, round);\n"
    " total += twice(tick());\n"
    "}\n"
    "fn ack(m, n) {\n"
    " if m == 0 { return n + 1; }\n"
    " elif n == 0 { return ack(m - 1, 1); }\n"
    " return ack(m - 1, ack(m, n - 1));\n"
    "}\n"
    "fn walk(depth) {\n"
    " fn inner(d, acc) { if d == 0 { return acc; } return inner(d - 1, acc * 3 + d); }\n"
    " return inner(depth, 1);\n"
    "}\n"
    "let f = fib(N);\n"
    "print(\"fib\", N, \"=\", f, \"total\", total, \"ack\", ack(2, 3), \"walk\", walk(20));\n"
    "return [f, total, ack(2, 3), walk(20), tick()];\n",

    /* 1: sieve of Eratosthenes over an array */
    "# primes below N with a sieve, plus twin primes and gaps\n"
    "let n = N;\n"
    "let flags = [];\n"
    "for i in 0..n + 1 { push(flags, true); }\n"
    "flags[0] = false; flags[1] = false;\n"
    "let i = 2;\n"
    "while i * i <= n {\n"
    " if flags[i] { let j = i * i; while j <= n { flags[j] = false; j += i; } }\n"
    " i += 1;\n"
    "}\n"
    "let count = 0; let sum = 0; let twins = 0; let last = 2; let gap = 0;\n"
    "for k in 0..n + 1 {\n"
    " if not flags[k] { continue; }\n"
    " count += 1;\n"
    " sum = (sum * 31 + k) % 1000000007;\n"
    " if k - last == 2 { twins += 1; }\n"
    " if k - last > gap { gap = k - last; }\n"
    " last = k;\n"
    "}\n"
    "print(\"primes\", count, \"twins\", twins, \"maxgap\", gap, \"last\", last);\n"
    "return [count, sum, twins, gap, last];\n",

    /* 2: string building, formatting, searching, hashing */
    "let words = split(\"the quick brown fox jumps over the lazy dog while seven wizards quietly hex\", \" \");\n"
    "let s = \"\";\n"
    "let h = 0;\n"
    "let found = 0;\n"
    "for i in 0..N {\n"
    " let w = words[i % len(words)];\n"
    " if i % 3 == 0 { w = upper(w); } elif i % 3 == 1 { w = reverse(w); }\n"
    " s = s + fmt(\"{}:{};\", w, i * 7 % 13);\n"
    " if find(s, \"FOX\") >= 0 { found += 1; }\n"
    " if len(s) > 160 {\n"
    " h = (h * 131 + hash(s)) & 0xffffffff;\n"
    " s = substr(s, 80);\n"
    " }\n"
    "}\n"
    "let parts = split(s, \";\");\n"
    "let joined = join(parts, \"|\");\n"
    "let r = replace(joined, \"|\", \", \");\n"
    "let pad = trim(\"   \" + repeat(\"ab\", 5) + \"  \");\n"
    "let codes = 0;\n"
    "for i in 0..len(r) { codes = (codes * 33 + ord(r, i)) % 999983; }\n"
    "let built = \"\";\n"
    "for c in 0..26 { built += chr(97 + c); }\n"
    "let nums = \"\";\n"
    "for k in 0..40 { nums = nums + str(k * k) + \",\" + str(k / 7.0) + \";\"; }\n"
    "print(\"strings\", len(s), h, found, pad, upper(built), lower(\"MiXeD\"), len(nums), hash(nums));\n"
    "print(substr(r, 0, 40), type(r), type(parts), type(1.5));\n"
    "return [h, len(s), s, codes, len(parts), hash(nums), found];\n",

    /* 3: word counting in a table, keys, sort, deletion */
    "let seed = 12345;\n"
    "fn rnd(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed >> 4) % n; }\n"
    "let syll = [\"ka\", \"lo\", \"mi\", \"ne\", \"su\", \"ra\", \"to\", \"vi\", \"el\", \"qu\"];\n"
    "let text = [];\n"
    "for i in 0..N {\n"
    " let w = \"\";\n"
    " let k = 1 + rnd(3);\n"
    " for j in 0..k { w = w + syll[rnd(len(syll))]; }\n"
    " push(text, w);\n"
    "}\n"
    "let line = join(text, \" \");\n"
    "let toks = split(line, \" \");\n"
    "let counts = {};\n"
    "for i in 0..len(toks) {\n"
    " let w = toks[i];\n"
    " counts[w] = (counts[w] or 0) + 1;\n"
    "}\n"
    "let ks = sort(keys(counts));\n"
    "let top = \"\"; let best = 0; let acc = 0;\n"
    "for i in 0..len(ks) {\n"
    " let c = counts[ks[i]];\n"
    " acc = (acc * 7 + c * (i + 1)) % 1000000007;\n"
    " if c > best { best = c; top = ks[i]; }\n"
    "}\n"
    "let removed = 0;\n"
    "for i in 0..len(ks) { if counts[ks[i]] == 1 { del(counts, ks[i]); removed += 1; } }\n"
    "let stats = {words: len(toks), distinct: len(ks), kept: len(counts), removed: removed};\n"
    "stats.top = top;\n"
    "stats[\"best\"] = best;\n"
    "print(\"words\", stats.words, \"distinct\", stats.distinct, \"top\", top, best, has(counts, top), has(counts, \"zz\"));\n"
    "return [acc, stats, sort(values(counts))[0], ks[0], ks[len(ks) - 1]];\n",

    /* 4: sorting: quicksort and insertion sort in the script, merge via comparator closures */
    "let seed = 42;\n"
    "fn rnd() { seed = (seed * 6364136223846793005 + 1442695040888963407); return (seed >> 33) & 0x7fffffff; }\n"
    "fn insertion(a, lo, hi) {\n"
    " for i in lo + 1..hi + 1 {\n"
    " let v = a[i]; let j = i - 1;\n"
    " while j >= lo and a[j] > v { a[j + 1] = a[j]; j -= 1; }\n"
    " a[j + 1] = v;\n"
    " }\n"
    "}\n"
    "fn quicksort(a, lo, hi) {\n"
    " while hi - lo > 12 {\n"
    " let p = a[(lo + hi) / 2]; let i = lo; let j = hi;\n"
    " while i <= j {\n"
    " while a[i] < p { i += 1; }\n"
    " while a[j] > p { j -= 1; }\n"
    " if i <= j { let t = a[i]; a[i] = a[j]; a[j] = t; i += 1; j -= 1; }\n"
    " }\n"
    " if j - lo < hi - i { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }\n"
    " }\n"
    " insertion(a, lo, hi);\n"
    "}\n"
    "fn merge_sort(a, less) {\n"
    " if len(a) < 2 { return a; }\n"
    " let mid = len(a) / 2;\n"
    " let l = merge_sort(slice(a, 0, mid), less); let r = merge_sort(slice(a, mid), less);\n"
    " let out = []; let i = 0; let j = 0;\n"
    " while i < len(l) and j < len(r) {\n"
    " if less(r[j], l[i]) { push(out, r[j]); j += 1; } else { push(out, l[i]); i += 1; }\n"
    " }\n"
    " while i < len(l) { push(out, l[i]); i += 1; }\n"
    " while j < len(r) { push(out, r[j]); j += 1; }\n"
    " return out;\n"
    "}\n"
    "let a = [];\n"
    "for i in 0..N { push(a, rnd() % 100000); }\n"
    "let b = slice(a, 0);\n"
    "quicksort(a, 0, len(a) - 1);\n"
    "sort(b);\n"
    "let ok = true; let h = 0;\n"
    "for i in 0..len(a) { if a[i] != b[i] { ok = false; } h = (h * 31 + a[i]) & 0xffffffffff; }\n"
    "let recs = [];\n"
    "for i in 0..N / 4 { push(recs, {key: rnd() % 1000, id: i}); }\n"
    "let byk = merge_sort(recs, fn(x, y) { return x.key < y.key; });\n"
    "let stable = true;\n"
    "for i in 1..len(byk) {\n"
    " if byk[i - 1].key > byk[i].key { stable = false; }\n"
    " if byk[i - 1].key == byk[i].key and byk[i - 1].id > byk[i].id { stable = false; }\n"
    "}\n"
    "assert(ok and stable, \"sort\");\n"
    "print(\"sorted\", len(a), a[0], a[len(a) - 1], byk[0].key, byk[len(byk) - 1].id, ok, stable);\n"
    "return [h, a[0], a[len(a) / 2], byk[0].id, byk[len(byk) - 1].key, ok];\n",

    /* 5: floating point: a particle system with sqrt, formatted output */
    "let n = 12;\n"
    "let px = []; let py = []; let vx = []; let vy = []; let m = [];\n"
    "for i in 0..n {\n"
    " let a = float(i) / n;\n"
    " push(px, a * 10.0 - 5.0); push(py, (a * a) * 8.0 - 4.0);\n"
    " push(vx, 0.0); push(vy, 0.5 - a); push(m, 1.0 + (i % 3) * 0.5);\n"
    "}\n"
    "fn energy() {\n"
    " let e = 0.0;\n"
    " for i in 0..n {\n"
    " e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i]);\n"
    " for j in i + 1..n {\n"
    " let dx = px[i] - px[j]; let dy = py[i] - py[j];\n"
    " e -= m[i] * m[j] / sqrt(dx * dx + dy * dy + 0.01);\n"
    " }\n"
    " }\n"
    " return e;\n"
    "}\n"
    "let e0 = energy();\n"
    "let dt = 0.001;\n"
    "for step in 0..N {\n"
    " for i in 0..n {\n"
    " let ax = 0.0; let ay = 0.0;\n"
    " for j in 0..n {\n"
    " if i == j { continue; }\n"
    " let dx = px[j] - px[i]; let dy = py[j] - py[i];\n"
    " let d2 = dx * dx + dy * dy + 0.01;\n"
    " let inv = m[j] / (d2 * sqrt(d2));\n"
    " ax += dx * inv; ay += dy * inv;\n"
    " }\n"
    " vx[i] += ax * dt; vy[i] += ay * dt;\n"
    " }\n"
    " for i in 0..n { px[i] += vx[i] * dt; py[i] += vy[i] * dt; }\n"
    "}\n"
    "let e1 = energy();\n"
    "let cx = 0.0; let cy = 0.0;\n"
    "for i in 0..n { cx += px[i] * m[i]; cy += py[i] * m[i]; }\n"
    "print(fmt(\"energy {} -> {} centre ({}, {}) floor {} {}\", e0, e1, cx, cy, floor(e1), abs(-2.5)));\n"
    "print(1e20, 1.5e-7, -0.0, 123456.000001, min(3, 1.5, 2), max(\"a\", \"b\"), 7 / 2, 7.0 / 2, -7 % 3, 2 << 10);\n"
    "return [e0, e1, cx, cy, str(e1), int(e1 * 1000.0)];\n",

    /* 6: allocation-heavy: binary trees of tables and linked lists (exercises the collector) */
    "fn make(d) {\n"
    " if d == 0 { return {l: nil, r: nil}; }\n"
    " return {l: make(d - 1), r: make(d - 1)};\n"
    "}\n"
    "fn check(t) {\n"
    " if t.l == nil { return 1; }\n"
    " return 1 + check(t.l) + check(t.r);\n"
    "}\n"
    "let long_lived = make(N);\n"
    "let total = 0;\n"
    "let d = 4;\n"
    "while d <= N {\n"
    " let iters = 1 << (N - d + 2);\n"
    " let c = 0;\n"
    " for i in 0..iters { c += check(make(d)); }\n"
    " total += c;\n"
    " print(iters, \"trees of depth\", d, \"check\", c);\n"
    " d += 2;\n"
    "}\n"
    "let list = nil;\n"
    "for i in 0..M * 50 { list = {v: i, next: list}; if i % 7 == 0 { list = list.next; } }\n"
    "let s = 0; let p = list; let cnt = 0;\n"
    "while p != nil { s += p.v; p = p.next; cnt += 1; }\n"
    "let words = [];\n"
    "for i in 0..M { push(words, fmt(\"w{}\", i * i % 97)); }\n"
    "let lens = 0;\n"
    "for i in 0..M { lens += len(join(slice(words, 0, i), \"-\")); }\n"
    "print(\"long lived\", check(long_lived), \"total\", total, \"list\", cnt, s, lens);\n"
    "return [check(long_lived), total, cnt, s, lens];\n",
};

/* ---------------------------------------------------------------- driver */

static int64_t run_script(uint32_t idx, uint64_t *h) {
    err = 0;
    err_line = 0;
    src = (const uint8_t *)scripts[idx];
    src_len = c_len(scripts[idx]);
    heap_reset();
    code_len = 0;
    nprotos = 0;
    nupdescs = 0;
    nconsts = 0;
    nglobals = 0;
    fn_depth = 0;
    out_len = 0;
    steps = 0;
    threaded_jumps = fused_ops = 0;

    tokenize();
    if (err) return err;
    uint32_t prog = parse_program();
    if (err) return err;

    for (uint32_t b = 0; b < B_COUNT; b++) {
        int g = add_global((const uint8_t *)builtin_names[b], c_len(builtin_names[b]));
        globals[g] = v_obj(V_BUILTIN, b);
    }
    int gn = add_global((const uint8_t *)"N", 1);
    globals[gn] = v_int(script_n[idx]);
    int gm = add_global((const uint8_t *)"M", 1);
    globals[gm] = v_int(script_m[idx]);

    compile_function(0, prog, -1);
    if (err) return err;
    Value r = run(0);
    if (err) return err;

    uint64_t x = ck(*h, idx);
    x = ck(x, hash_value(r, 0));
    x = fnv1a(ck(x, out_len), out, out_len);
    x = ck(x, ntoks);
    x = ck(x, nnodes);
    x = ck(x, folds);
    x = ck(x, code_len);
    x = ck(x, nconsts);
    x = ck(x, nprotos);
    x = ck(x, fused_ops);
    x = ck(x, threaded_jumps);
    x = ck(x, steps);
    x = ck(x, gc_count);
    x = ck(x, gc_freed);
    *h = x;
    return 0;
}

#ifdef SCRIPT_TRACE
#include <stdio.h>
#endif

EXPORT("bench") int64_t bench(void) {
    uint64_t h = FNV_OFFSET;
    for (uint32_t i = 0; i < 7; i++) {
        int64_t e = run_script(i, &h);
#ifdef SCRIPT_TRACE
        fprintf(stderr, "script %u: err %d line %u steps %llu gc %u code %u consts %u nodes %u\n", i, (int)e,
                err_line, (unsigned long long)steps, gc_count, code_len, nconsts, nnodes);
        fwrite(out, 1, out_len, stderr);
#endif
        if (e) return e * 1000 - (int64_t)i;
    }
    return (int64_t)(h & 0x7FFFFFFFFFFFFFFFULL);
}

EXPORT("expected") int64_t expected(void) {
    return 6115564467830157379LL;
}
