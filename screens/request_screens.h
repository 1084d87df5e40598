/* What the request screens pass each other. */
#ifndef REGDESK_REQUEST_SCREENS_H
#define REGDESK_REQUEST_SCREENS_H

/* One request at the desk (request_screen). */
struct request_argument {
	long long request_id;
};

/* The access report of one linked contact for one request (report_screen). */
struct report_argument {
	long long request_id;
	long long contact_id;
};

#endif
