/* suggest.h -- "did you mean" for names: one rule for every message that suggests a column,
 * a function or a keyword. Internal; never installed. */
#ifndef PG_SUGGEST_H
#define PG_SUGGEST_H

#include <stddef.h>

/*
 * The candidate most like word, or NULL if none is a plausible typo of it.
 *   d(word, c) = Levenshtein distance (insert, delete, substitute one byte) with ASCII letters
 *                compared case-insensitively ("Age" is 0 from "age");
 *                a candidate that begins with word ("size" of "size_cm") counts as d = 1.
 *   The candidate with the smallest d wins, the earlier one on ties; it is returned when
 *   d < strlen(word) and (d <= 2 or 3 d <= strlen(word)): at most two edits, or a third of the
 *   word for long names, and never more edits than the word has characters.
 * Words or candidates of more than 255 bytes are never matched. Allocates nothing; the result
 * is one of the candidates (or NULL). Thread-safe.
 */
const char *pg_suggest(const char *word, const char *const *candidates, size_t n);

/* The same rule for a value that is not one of a column's levels, comparing loose keys: accents
 * of Latin-1 letters dropped, case folded, runs of blanks as one and none at the ends. A level
 * whose key equals the word's ("Si" for "Sí", "muerto por Enfermedad " for "Muerto por
 * enfermedad") is always suggested; otherwise the rule above, with the swap of two adjacent
 * characters counted as one edit ("ADW" for "AWD"), except that a word of at most four
 * characters is suggested a level at one edit only (DOD is not a typo of AWD). */
const char *pg_suggest_level(const char *word, const char *const *levels, size_t n);

/* The loose key pg_suggest_level compares (accents of Latin-1 letters dropped, ASCII case
 * folded, runs of blanks as one space, none at the ends), written to key (PG_LOOSE_KEY_MAX + 1
 * bytes). Returns its length, or 0 if s is longer than PG_LOOSE_KEY_MAX or blank. */
#define PG_LOOSE_KEY_MAX 255
size_t pg_loose_key(const char *s, char *key);

#endif
