/* fax-t4.c: compressing bilevel pages for TIFF-F (T.4 and T.6)
 *
 * The document converter compresses every page it renders.  libtiff's
 * encoder finds runs one byte at a time and writes codes one bit field at
 * a time, and it can only be reached through a TIFF handle; this one
 * scans 64 pixels per step and keeps a 64-bit accumulator, and runs in
 * the converter's page workers.  Its output is what TIFF-F asks for:
 *
 *   - G3 1D (MH): EOL before every row, padded so the EOL ends on a byte
 *     boundary (Group3Options FILLBITS), no RTC;
 *   - G3 2D (MR): the same, each EOL followed by the tag bit (1: the row is
 *     coded 1D), one 1D row every @k_factor rows;
 *   - G4 (MMR): rows coded against the previous one (the first against a
 *     white line), no EOLs, EOFB at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fax-t4-private.h"

typedef struct
{
  guint16 code;
  guint8  length;
} Code;

/* T.4 table 2: terminating codes, run lengths 0 to 63 */
static const char *const white_terminating[64] = {
  "00110101", "000111", "0111", "1000", "1011", "1100", "1110", "1111",
  "10011", "10100", "00111", "01000", "001000", "000011", "110100", "110101",
  "101010", "101011", "0100111", "0001100", "0001000", "0010111", "0000011", "0000100",
  "0101000", "0101011", "0010011", "0100100", "0011000", "00000010", "00000011", "00011010",
  "00011011", "00010010", "00010011", "00010100", "00010101", "00010110", "00010111", "00101000",
  "00101001", "00101010", "00101011", "00101100", "00101101", "00000100", "00000101", "00001010",
  "00001011", "01010010", "01010011", "01010100", "01010101", "00100100", "00100101", "01011000",
  "01011001", "01011010", "01011011", "01001010", "01001011", "00110010", "00110011", "00110100",
};

static const char *const black_terminating[64] = {
  "0000110111", "010", "11", "10", "011", "0011", "0010", "00011",
  "000101", "000100", "0000100", "0000101", "0000111", "00000100", "00000111", "000011000",
  "0000010111", "0000011000", "0000001000", "00001100111", "00001101000", "00001101100", "00000110111", "00000101000",
  "00000010111", "00000011000", "000011001010", "000011001011", "000011001100", "000011001101", "000001101000", "000001101001",
  "000001101010", "000001101011", "000011010010", "000011010011", "000011010100", "000011010101", "000011010110", "000011010111",
  "000001101100", "000001101101", "000011011010", "000011011011", "000001010100", "000001010101", "000001010110", "000001010111",
  "000001100100", "000001100101", "000001010010", "000001010011", "000000100100", "000000110111", "000000111000", "000000100111",
  "000000101000", "000001011000", "000001011001", "000000101011", "000000101100", "000001011010", "000001100110", "000001100111",
};

/* T.4 table 3: make-up codes for 64 to 1728 (index n for 64 * n) */
static const char *const white_makeup[28] = {
  NULL, "11011", "10010", "010111", "0110111", "00110110", "00110111", "01100100",
  "01100101", "01101000", "01100111", "011001100", "011001101", "011010010", "011010011", "011010100",
  "011010101", "011010110", "011010111", "011011000", "011011001", "011011010", "011011011", "010011000",
  "010011001", "010011010", "011000", "010011011",
};

static const char *const black_makeup[28] = {
  NULL, "0000001111", "000011001000", "000011001001", "000001011011", "000000110011", "000000110100", "000000110101",
  "0000001101100", "0000001101101", "0000001001010", "0000001001011", "0000001001100", "0000001001101", "0000001110010", "0000001110011",
  "0000001110100", "0000001110101", "0000001110110", "0000001110111", "0000001010010", "0000001010011", "0000001010100", "0000001010101",
  "0000001011010", "0000001011011", "0000001100100", "0000001100101",
};

/* Extended make-up codes, both colours: 1792 to 2560 (index 28 to 40) */
static const char *const extended_makeup[13] = {
  "00000001000", "00000001100", "00000001101", "000000010010", "000000010011", "000000010100", "000000010101",
  "000000010110", "000000010111", "000000011100", "000000011101", "000000011110", "000000011111",
};

#define MAX_MAKEUP  40          /* 2560 */
#define EOL_CODE    0x001
#define EOL_LENGTH  12

/* Two-dimensional mode codes */
#define PASS_CODE   0x1         /* 0001 */
#define PASS_LENGTH 4
#define HORIZ_CODE  0x1         /* 001 */
#define HORIZ_LENGTH 3

/* Vertical modes by a1 - b1, from -3 (VL3) to 3 (VR3) */
static const Code vertical[7] = {
  { 0x02, 7 }, { 0x02, 6 }, { 0x2, 3 }, { 0x1, 1 }, { 0x3, 3 }, { 0x03, 6 }, { 0x03, 7 },
};

typedef struct
{
  Code terminating[2][64];
  Code makeup[2][MAX_MAKEUP + 1];
  guint8 reversed[256];
} Tables;

static Code
parse_code (const char *bits)
{
  Code code = { 0, 0 };

  for (const char *p = bits; *p != '\0'; p++)
    {
      code.code = (code.code << 1) | (*p == '1');
      code.length++;
    }
  return code;
}

static const Tables *
get_tables (void)
{
  static Tables tables;
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < 64; i++)
        {
          tables.terminating[0][i] = parse_code (white_terminating[i]);
          tables.terminating[1][i] = parse_code (black_terminating[i]);
        }
      for (guint i = 1; i < 28; i++)
        {
          tables.makeup[0][i] = parse_code (white_makeup[i]);
          tables.makeup[1][i] = parse_code (black_makeup[i]);
        }
      for (guint i = 28; i <= MAX_MAKEUP; i++)
        tables.makeup[0][i] = tables.makeup[1][i] = parse_code (extended_makeup[i - 28]);
      for (guint i = 0; i < 256; i++)
        {
          guint8 r = 0;

          for (guint bit = 0; bit < 8; bit++)
            if (i & (1u << bit))
              r |= 0x80 >> bit;
          tables.reversed[i] = r;
        }
      g_once_init_leave (&done, 1);
    }
  return &tables;
}

typedef struct
{
  guint8  *data;
  gsize    length;
  gsize    capacity;
  guint64  acc;         /* the low @n bits are not written yet */
  guint    n;
} BitWriter;

static void
reserve (BitWriter *w,
         gsize      size)
{
  if (w->capacity - w->length >= size)
    return;
  w->capacity = MAX (w->capacity * 2, w->length + size);
  w->data = g_realloc (w->data, w->capacity);
}

/* @length is at most 32; the caller has reserved room */
static inline void
put_bits (BitWriter *w,
          guint32    code,
          guint      length)
{
  w->acc = (w->acc << length) | code;
  w->n += length;
  if (w->n >= 32)
    {
      guint32 out;

      w->n -= 32;
      out = GUINT32_TO_BE ((guint32)(w->acc >> w->n));
      memcpy (w->data + w->length, &out, 4);
      w->length += 4;
    }
}

static inline void
put_code (BitWriter *w,
          Code       code)
{
  put_bits (w, code.code, code.length);
}

static void
flush_bits (BitWriter *w)
{
  guint pad = (8 - (w->n & 7)) & 7;

  put_bits (w, 0, pad);
  while (w->n > 0)
    {
      w->n -= 8;
      w->data[w->length++] = (guint8)(w->acc >> w->n);
    }
}

static inline void
put_eol (BitWriter *w)
{
  /* Fill bits: the EOL ends on a byte boundary */
  put_bits (w, 0, (8 - ((w->n + EOL_LENGTH) & 7)) & 7);
  put_bits (w, EOL_CODE, EOL_LENGTH);
}

static inline void
put_run (BitWriter    *w,
         const Tables *t,
         guint         color,
         guint         run)
{
  while (run >= 64 * MAX_MAKEUP + 64)
    {
      put_code (w, t->makeup[color][MAX_MAKEUP]);
      run -= 64 * MAX_MAKEUP;
    }
  if (run >= 64)
    {
      put_code (w, t->makeup[color][run >> 6]);
      run &= 63;
    }
  put_code (w, t->terminating[color][run]);
}

/* The first pixel at or after @pos that is not @color (1 = black), or
 * @width.  @row holds 64 pixels a word, the leftmost in the high bit. */
static inline guint
find_change (const guint64 *row,
             guint          pos,
             guint          width,
             guint          color)
{
  guint64 flip = color ? ~G_GUINT64_CONSTANT (0) : 0;

  while (pos < width)
    {
      guint64 word = (row[pos >> 6] ^ flip) << (pos & 63);

      if (word != 0)
        return MIN (pos + (guint)__builtin_clzll (word), width);
      pos = (pos | 63) + 1;
    }
  return width;
}

static void
encode_1d (BitWriter     *w,
           const Tables  *t,
           const guint64 *cur,
           guint          width)
{
  guint a0 = 0;
  guint color = 0;

  do
    {
      guint a1 = find_change (cur, a0, width, color);

      put_run (w, t, color, a1 - a0);
      a0 = a1;
      color ^= 1;
    }
  while (a0 < width);
}

/* T.4 section 4.2 / T.6: each changing element of the coding line is
 * coded against the reference line @ref */
static void
encode_2d (BitWriter     *w,
           const Tables  *t,
           const guint64 *cur,
           const guint64 *ref,
           guint          width)
{
  guint color = 0;                        /* the colour of a0 */
  guint a0 = 0;                           /* first: the imaginary white pixel before the row */
  guint a1 = find_change (cur, 0, width, 0);
  guint b1 = find_change (ref, 0, width, 0);

  for (;;)
    {
      guint b2 = find_change (ref, b1, width, color ^ 1);

      if (b2 < a1)
        {
          put_bits (w, PASS_CODE, PASS_LENGTH);
          a0 = b2;
        }
      else if (a1 + 3 >= b1 && b1 + 3 >= a1)
        {
          put_code (w, vertical[3 + (int)a1 - (int)b1]);
          a0 = a1;
          color ^= 1;
        }
      else
        {
          guint a2 = find_change (cur, a1, width, color ^ 1);

          put_bits (w, HORIZ_CODE, HORIZ_LENGTH);
          put_run (w, t, color, a1 - a0);
          put_run (w, t, color ^ 1, a2 - a1);
          a0 = a2;
        }
      if (a0 >= width)
        break;

      /* Pixel a0 has the colour @color; a1 and b1 lie strictly to its right */
      a1 = find_change (cur, a0, width, color);
      b1 = find_change (ref, find_change (ref, a0, width, color ^ 1), width, color);
    }
}

/* Copies one row into 64-pixel words, the leftmost pixel in the high bit */
static void
load_row (guint64      *words,
          guint         n_words,
          const guint8 *row,
          gsize         row_bytes)
{
  words[n_words - 1] = 0;
  memcpy (words, row, row_bytes);
  for (guint i = 0; i < n_words; i++)
    words[i] = GUINT64_FROM_BE (words[i]);
}

/**
 * _fax_t4_encode:
 * @bits: the page, one bit a pixel, 1 for black, the leftmost pixel of
 *   each byte in its high bit
 * @width: pixels a row
 * @height: rows
 * @stride: bytes from one row to the next (at least (@width + 7) / 8)
 * @compression: G3 1D, G3 2D or G4
 * @k_factor: for G3 2D, one row in @k_factor is coded 1D
 * @lsb_first: bit order of the output (TIFF FillOrder 2 when %TRUE)
 *
 * Returns: the page's compressed data, as one TIFF strip
 */
GBytes *
_fax_t4_encode (const guint8   *bits,
                guint           width,
                guint           height,
                gsize           stride,
                FaxCompression  compression,
                guint           k_factor,
                gboolean        lsb_first)
{
  const Tables *t = get_tables ();
  gsize row_bytes = (width + 7) / 8;
  guint n_words = (width + 63) / 64;
  g_autofree guint64 *words_a = g_new0 (guint64, n_words);
  g_autofree guint64 *words_b = g_new0 (guint64, n_words);   /* white: the line above the first */
  guint64 *cur = words_a, *ref = words_b;
  BitWriter w = { 0, };

  g_return_val_if_fail (width > 0 && stride >= row_bytes, NULL);

  k_factor = MAX (k_factor, 1);
  reserve (&w, row_bytes * 4 + 64);
  for (guint y = 0; y < height; y++)
    {
      guint64 *swap;

      /* At most 8 bits a pixel (VR3 or VL3 for each), plus the EOL */
      reserve (&w, width + 16);
      load_row (cur, n_words, bits + (gsize)y * stride, row_bytes);
      switch (compression)
        {
        case FAX_COMPRESSION_G3_1D:
          put_eol (&w);
          encode_1d (&w, t, cur, width);
          break;
        case FAX_COMPRESSION_G3_2D:
          put_eol (&w);
          if (y % k_factor == 0)
            {
              put_bits (&w, 1, 1);
              encode_1d (&w, t, cur, width);
            }
          else
            {
              put_bits (&w, 0, 1);
              encode_2d (&w, t, cur, ref, width);
            }
          break;
        case FAX_COMPRESSION_G4:
        default:
          encode_2d (&w, t, cur, ref, width);
          break;
        }
      swap = ref;
      ref = cur;
      cur = swap;
    }
  reserve (&w, 16);
  if (compression == FAX_COMPRESSION_G4)
    {
      /* EOFB */
      put_bits (&w, EOL_CODE, EOL_LENGTH);
      put_bits (&w, EOL_CODE, EOL_LENGTH);
    }
  flush_bits (&w);

  if (lsb_first)
    for (gsize i = 0; i < w.length; i++)
      w.data[i] = t->reversed[w.data[i]];
  return g_bytes_new_take (g_realloc (w.data, MAX (w.length, 1)), w.length);
}
