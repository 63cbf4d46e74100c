/* fuzz-main.c: runs a libFuzzer target without libFuzzer
 *
 *   fuzz-TARGET CORPUS_DIR SECONDS
 *
 * Feeds every file of the seed corpus, then random mutations of them
 * (byte changes, cuts, splices; fixed seed) until SECONDS have passed.
 * Built in every build so that the targets run under ASan+UBSan in the
 * test suite; -Dfuzzing=true builds the real libFuzzer binaries instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 deadline;
  guint runs = 0;

  /* Criticals that image loaders print about broken files are theirs to
   * fix, not crashes of ours: only errors abort here */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR);
  g_log_set_fatal_mask ("GdkPixbuf", G_LOG_LEVEL_ERROR);

  if (argc != 3)
    {
      g_printerr ("usage: %s CORPUS_DIR SECONDS\n", argv[0]);
      return 2;
    }
  dir = g_dir_open (argv[1], 0, NULL);
  if (dir == NULL)
    {
      g_printerr ("cannot open %s\n", argv[1]);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (argv[1], name, NULL);
      char *data = NULL;
      gsize len = 0;

      if (g_file_get_contents (path, &data, &len, NULL))
        {
          GBytes *bytes = g_bytes_new_take (data, len);

          LLVMFuzzerTestOneInput (g_bytes_get_data (bytes, NULL), len);
          runs++;
          g_ptr_array_add (seeds, bytes);
        }
    }
  if (seeds->len == 0)
    {
      g_printerr ("no seeds in %s\n", argv[1]);
      return 2;
    }

  deadline = g_get_monotonic_time () + (gint64)atoi (argv[2]) * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      gsize len = g_bytes_get_size (seed);
      g_autofree guint8 *copy = g_malloc (len + 1);
      guint changes = g_rand_int_range (rand, 1, 16);

      memcpy (copy, g_bytes_get_data (seed, NULL), len);
      for (guint i = 0; i < changes && len > 0; i++)
        {
          gsize at = g_rand_int_range (rand, 0, len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0: copy[at] = g_rand_int_range (rand, 0, 256); break;
            case 1: copy[at] ^= 1 << g_rand_int_range (rand, 0, 8); break;
            case 2: copy[at] = (guint8[]) { 0, 0xff, 0x7f, 0x80 }[g_rand_int_range (rand, 0, 4)]; break;
            default: len = MAX (at, 1); break;   /* cut */
            }
        }
      LLVMFuzzerTestOneInput (copy, len);
      runs++;
    }
  g_print ("%u inputs run without a crash\n", runs);
  return 0;
}
