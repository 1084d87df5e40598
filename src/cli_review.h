/* Batch commands of the annual review and backups (internal). */
#ifndef REGDESK_CLI_REVIEW_H
#define REGDESK_CLI_REVIEW_H

#include "cli.h"

int cli_review_command(struct database *db, const struct cli_options *options, int argc, char **argv);
/* backup FILE: no login needed; the database file's permissions guard it (notice §5.3). */
int cli_backup_command(struct database *db, const struct cli_options *options, int argc, char **argv);
int cli_restore_command(struct database *db, const struct cli_options *options, int argc, char **argv);
/* check: integrity, references and audit chain, for scheduled jobs; prints no personal data. */
int cli_check_command(struct database *db, const struct cli_options *options, int argc, char **argv);

#endif
