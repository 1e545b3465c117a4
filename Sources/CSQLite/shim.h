#ifndef CAREWIRE_CSQLITE_SHIM_H
#define CAREWIRE_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast macro: bind functions copy the bytes before returning.
static inline sqlite3_destructor_type cw_sqlite_transient(void) { return SQLITE_TRANSIENT; }
static inline sqlite3_destructor_type cw_sqlite_static(void) { return SQLITE_STATIC; }
#endif
