/*
 * web: the cross-border browsing page served at / (see issue 6) and the
 * per-network iCalendar feed. Placeholder until the page lands: it
 * registers no routes.
 */
#include "node.h"

int
web_register(struct node *n)
{
	(void)n;
	return 0;
}
