/*
 * rotate: this node's key rotation and its key file (docs/operations.md,
 * "Key rotation"; docs/protocol.md section 4).
 *
 *   rotate_startup   at start, after the store is open and before the
 *                    writer exists: reconcile key_file with the node's
 *                    own log. It finishes a rotation that a crash cut
 *                    between the key entry and the key file, removes a
 *                    staged key that was never announced, and refuses a
 *                    key the log does not name as the current one (the
 *                    node would sign entries its peers reject).
 *   rotate_run       POST /api/v1/admin/key/rotate (node/admin.c): stage
 *                    the new seed, commit the key entry signed by the
 *                    current key, replace key_file, switch.
 *   rotate_keys_json this node's keys as its log says, for GET
 *                    /api/v1/node.
 *
 * The files: key_file holds the current seed; KEY_FILE.next (the staged
 * seed) exists only during a rotation, or after a crash in one;
 * KEY_FILE.first (public) names the key that signed seq 1, from the
 * first rotation on, so a node whose database is lost can check its own
 * log when it fetches it back from its peers. The old
 * seed is not kept: after the rename the old file's inode is overwritten
 * with zeros (when no other link holds it) and is gone.
 *
 * Everything runs on the loop thread; nothing here is kept between calls
 * but the files.
 */
#ifndef ROTATE_H
#define ROTATE_H

#include <jansson.h>

#include "keys.h"
#include "nferr.h"
#include "store.h"

struct node;

#define ROTATE_STAGED_SUFFIX ".next"
#define ROTATE_FIRST_SUFFIX ".first"  /* the public key of seq 1, kept */

/*
 * key holds the seed read from key_file; on return it holds the key the
 * node must sign with (the staged one when an interrupted rotation was
 * finished). first gets the public key (pk and id only, no secret) that
 * signed the own log's seq 1, as the own key entries say: the sync
 * keyring starts the own origin from it. -1 with err when the node must
 * not start (err->msg names both keys and what to do).
 */
int rotate_startup(const char *key_file, struct store *store,
    const char *origin, struct nf_key *key, struct nf_key *first,
    struct nferr *err);

/*
 * Rotate n's key. new_key_file NULL: a fresh key from libsodium; else the
 * absolute path of a seed file on the node's machine (nordfedctl keygen).
 * *out (new reference) describes the rotation. Error codes: same_key,
 * key_reused, key_file_changed (409); key_file, key_file_mode (the new
 * key file, 422); key_file_write (500: nothing changed); busy and the
 * store's codes (503: nothing changed).
 */
int rotate_run(struct node *n, const char *new_key_file, json_t **out,
    struct nferr *err);

/*
 * [{"key_id","public_key","from_seq","until_seq"|null}] oldest first:
 * the key that signed seq 1 (the one peers pin), then one per rotation.
 * New reference, NULL when the store fails.
 */
json_t *rotate_keys_json(struct node *n);

#endif
