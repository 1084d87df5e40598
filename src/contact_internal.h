/* Contact storage for other core modules (internal). */
#ifndef REGDESK_CONTACT_INTERNAL_H
#define REGDESK_CONTACT_INTERNAL_H

#include "contact.h"
#include "database_internal.h"

/* contact_save without its permission check: for core modules that checked
 * a narrower permission themselves (a trainer adding a participant to their
 * own session). Validation, the lost-update check and the audit still apply. */
enum status contact_store_save_checked(struct session *session, struct contact *contact, bool duplicate_confirmed,
				       struct contact_conflict *conflict);

/* contact_save of a new contact (id 0) that the caller has just passed
 * through contact_validate and not changed since, except for its
 * organisation_id (a CSV import row): the same permission check, keys,
 * categories and audit, without validating twice. Its organisation_name is
 * the organisation's name in the register, as the caller read it in the same
 * transaction (the search words take it from there). With categories_later
 * the categories are not written: the caller writes them for all its new
 * contacts at once with contact_store_add_categories before it commits. A
 * contact with an id goes through contact_save unchanged. */
enum status contact_store_add_validated(struct session *session, struct contact *contact, bool categories_later);

/* Gives every contact from first_id on the categories (a bit per enum
 * contact_category): the categories contact_store_add_validated left for
 * later. Inside the caller's transaction. */
enum status contact_store_add_categories(struct database *db, long long first_id, unsigned categories);

/* contact_find_duplicates without its permission check: the caller shows
 * the result only to users allowed to see the register. */
int contact_find_duplicates_checked(struct session *session, const struct contact *contact,
				    struct contact_duplicate *found, int max);

/* How many contacts (up to max) contact_find_duplicates would find, with
 * their ids in no particular order: the same permission check and keys, but
 * no names or order. When it finds one, contact_find_duplicates finds
 * exactly that one; -1 on error or when refused. */
int contact_store_duplicate_probe(struct session *session, const struct contact *contact, long long *ids, int max);
/* contact_store_duplicate_probe that also tells, per id found, whether its
 * name equals the contact's (accents and case aside): same_name[i]. Ids of
 * the same name come first within each rule; the name is read only from the
 * records an index seek found, so a row that matches nothing costs no more. */
int contact_store_duplicate_probe_names(struct session *session, const struct contact *contact, long long *ids,
					bool *same_name, int max);

/* Flags contact_id as a possible duplicate of other_id (match: the rule,
 * "e-mail", "phone" or "name"), inside the caller's transaction; audited
 * on contact_id without naming the other. */
enum status contact_store_flag_possible_duplicate(struct database *db, long long account_id, long long contact_id,
						  long long other_id, const char *match);

/* organisation_save without its permission check (an organisation named
 * by a participant a trainer adds). */
struct organisation;
enum status organisation_save_checked(struct session *session, struct organisation *organisation);

/* STATUS_OK when new data may be attached to the contact: it exists, is not
 * merged away, and is not restricted under a legal hold (GDPR Art. 18);
 * otherwise the reason in db->error. */
enum status contact_require_writable(struct database *db, long long contact_id);

/* After an erasure under a legal hold blanked the fields no hold keeps:
 * makes the record's sort, search and duplicate keys again from what is
 * kept and puts its search words back in the index (the caller took the old
 * ones out), so that no erased word stays searchable. */
enum status contact_store_index_restricted(struct database *db, long long id);

/* Phone digits in Finnish national form, as stored for search and
 * duplicates: "+358 40 123 4567" becomes "0401234567". */
void contact_phone_key(const char *phone, char *out, size_t out_size);

/* Markers shown on list rows at the desk (contact_marker_symbol/label). One
 * mechanism: each feature adds a row here with the SQL condition over the
 * contact row "c"; SQL stays in the core. */
#define CONTACT_MARKERS(_) \
	_(BAN, "B", N_("a ban (objection) in force"), \
	  "EXISTS (SELECT 1 FROM consent_standing e WHERE e.contact_id = c.id AND e.state = 'objection')") \
	_(REQUEST, "R", N_("a data-subject request is open"), \
	  "EXISTS (SELECT 1 FROM request_contact rc JOIN subject_request r ON r.id = rc.request_id " \
	  "WHERE rc.contact_id = c.id AND r.status NOT IN ('completed', 'refused'))") \
	_(ENDED, "E", N_("relationship ended"), \
	  "c.relationship_end <> '' AND c.relationship_end <= local_today()") \
	_(DUPLICATE, "D", N_("possible duplicate of another record: check, merge or dismiss"), \
	  "EXISTS (SELECT 1 FROM possible_duplicate p WHERE p.contact_id = c.id)") \
	_(HELD, "H", N_("erased but held by law: restricted, used for nothing"), "c.restricted_until <> ''")

/* Tests: the number of hits up to which a search fetches its hits through
 * the word index and sorts them (0: always walk the Finnish order; -1: the
 * default), to run either plan on a small register. */
void contact_search_set_few_hits(long long cap);

#endif
