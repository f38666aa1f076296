/*
 * admin: the operator endpoints behind nordfedctl (resync, fork
 * resolution). Placeholder until the admin tools land: no routes.
 */
#include "node.h"

int
admin_register(struct node *n)
{
	(void)n;
	return 0;
}
