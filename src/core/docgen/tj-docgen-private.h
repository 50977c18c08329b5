/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Internals shared by the template parser, the evaluator and the two
 * renderers. A template is parsed once into a tree of TjTNode; evaluating
 * it against a model gives a TjDocument, a flat list of blocks made of
 * plain runs, which the PDF and DOCX writers both consume: one layout
 * decision (what text, which style) and two output formats. */

#include "tj-docgen.h"

G_BEGIN_DECLS

/* ---- template tree ---- */

typedef enum {
  TN_ROOT,
  TN_TEXT,
  TN_FIELD,
  TN_BOLD,
  TN_UNDERLINE,
  TN_BLANK,
  TN_BR,
  TN_IF,
  TN_EACH,
  TN_TITLE,
  TN_SUBTITLE,
  TN_HEADING,
  TN_PARAGRAPH,
  TN_TABLE,
  TN_HEADER,
  TN_ROW,
  TN_CELL,
  TN_SIGNATURES,
  TN_SIGNATURE,
  TN_PAGEBREAK,
  TN_SPACER,
} TjTNodeKind;

typedef enum {
  TJ_FORMAT_NONE,
  TJ_FORMAT_MONEY,
  TJ_FORMAT_MONEY_UPPER,
  TJ_FORMAT_DATE_CN,
  TJ_FORMAT_MASKED_ID,
  TJ_FORMAT_MASKED_PHONE,
  TJ_FORMAT_COUNT,
  TJ_FORMAT_LABEL,
  TJ_FORMAT_CN_NUMBER,
  TJ_FORMAT_CN_COUNT,
} TjFormat;

typedef enum {
  TJ_ALIGN_DEFAULT,
  TJ_ALIGN_LEFT,
  TJ_ALIGN_CENTER,
  TJ_ALIGN_RIGHT,
  TJ_ALIGN_JUSTIFY,
} TjAlign;

typedef enum {
  TJ_MARK_SIGN        = 1 << 0,
  TJ_MARK_SEAL        = 1 << 1,
  TJ_MARK_FINGERPRINT = 1 << 2,
} TjMarks;

typedef struct _TjTNode TjTNode;
struct _TjTNode {
  TjTNodeKind kind;
  int         line;
  char       *text;       /* TN_TEXT */
  char       *path;       /* TN_FIELD, TN_IF, TN_EACH */
  TjFormat    format;     /* TN_FIELD */
  gboolean    optional;   /* TN_FIELD */
  int         blank;      /* TN_FIELD (when absent), TN_BLANK: width in characters */
  char       *as;         /* TN_EACH */
  char       *index;      /* TN_EACH: name bound to the 1-based position */
  char       *equals;     /* TN_IF */
  char       *contains;   /* TN_IF */
  gboolean    negate;     /* TN_IF not="true" */
  TjAlign     align;
  double      indent;     /* TN_PARAGRAPH: first-line indent in characters; < 0 = style default */
  gboolean    bold;       /* TN_CELL, TN_PARAGRAPH */
  gboolean    small;      /* TN_PARAGRAPH style="small" */
  guint       span;       /* TN_CELL */
  double     *widths;     /* TN_TABLE */
  double      min_row_mm; /* TN_TABLE: least height of a body row */
  guint       n_cols;     /* TN_TABLE */
  double      height_mm;  /* TN_SPACER, TN_SIGNATURE (space left to sign) */
  guint       marks;      /* TN_SIGNATURE */
  gboolean    date;       /* TN_SIGNATURE */
  guint       columns;    /* TN_SIGNATURES */
  GPtrArray  *children;   /* of TjTNode */
  GPtrArray  *otherwise;  /* TN_IF: the <else> children */
};

struct _TjTemplate {
  gatomicrefcount ref_count;
  char    *name;
  char    *title;
  char    *source;
  char    *file_name;
  TjTNode *root;
};

/* ---- evaluated document ---- */

typedef enum {
  TJ_RUN_BOLD      = 1 << 0,
  TJ_RUN_UNDERLINE = 1 << 1,
  TJ_RUN_BREAK     = 1 << 2,   /* a line break; text is NULL */
} TjRunFlags;

typedef struct {
  char  *text;
  guint  flags;
} TjRun;

typedef enum {
  TJ_STYLE_BODY,
  TJ_STYLE_TITLE,
  TJ_STYLE_SUBTITLE,
  TJ_STYLE_HEADING,
  TJ_STYLE_SMALL,
  TJ_STYLE_CELL,
} TjStyle;

typedef struct {
  GPtrArray *runs;     /* of TjRun */
  TjStyle    style;
  TjAlign    align;    /* resolved, never DEFAULT */
  double     indent;   /* first-line indent in characters */
  gboolean   bold;     /* whole paragraph */
} TjPara;

typedef struct {
  TjPara *para;
  guint   span;
} TjCell;

typedef struct {
  GPtrArray *cells;    /* of TjCell */
} TjRow;

typedef struct {
  guint      n_cols;
  double    *widths;   /* fractions summing to 1 */
  TjRow     *header;   /* nullable; repeated on every page */
  double     min_row_mm;
  GPtrArray *rows;     /* of TjRow */
} TjTable;

typedef struct {
  TjPara *label;
  guint   marks;
  gboolean date;
  double  space_mm;
} TjSignature;

typedef enum {
  TJ_BLOCK_PARA,
  TJ_BLOCK_TABLE,
  TJ_BLOCK_SIGNATURES,
  TJ_BLOCK_PAGEBREAK,
  TJ_BLOCK_SPACER,
} TjBlockKind;

typedef struct {
  TjBlockKind kind;
  TjPara     *para;
  TjTable    *table;
  GPtrArray  *signatures;  /* of TjSignature */
  guint       columns;
  double      height_mm;
} TjBlock;

struct _TjDocument {
  char      *title;
  GPtrArray *blocks;   /* of TjBlock */
};

/* Words for the marks line of a signature: "签名/盖章/捺印". */
char       *tj_signature_marks_text   (guint marks);

/* "日期：　　年　月　日", as wide as a column of @chars characters allows. */
const char *tj_signature_date_text    (double chars);

void        tj_tnode_free             (TjTNode *node);

/* TJ_ERROR_INVALID "Template FILE, line N: reason", for the parser and
 * the evaluator alike. */
void        tj_template_set_line_error_valist (GError     **error,
                                               const char  *file_name,
                                               int          line,
                                               const char  *format,
                                               va_list      args) G_GNUC_PRINTF (4, 0);

/* Text of a paragraph, runs concatenated (tests, DOCX). */
char       *tj_para_plain_text        (TjPara *para);

G_END_DECLS
