#include "status.h"
#include "i18n.h"

static const char *const status_messages[] = {
#define STATUS_MESSAGE(name, message) message,
	STATUS_CODES(STATUS_MESSAGE)
#undef STATUS_MESSAGE
};

const char *status_message(enum status status)
{
	if ((unsigned)status >= sizeof status_messages / sizeof status_messages[0])
		return _("unknown error");
	return _(status_messages[status]);
}
