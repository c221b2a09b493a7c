/*
 * Message table "cli": what the commands print on standard output, in Swedish and
 * English (ids "cli.KEY"). See include/tiacheck/i18n.h. Messages on standard error
 * and --help stay in English.
 *
 *   cli.fetch.*      `tiacheck fetch`: one line per document, the totals
 *   cli.run.*        the summary of `tiacheck run`
 *   cli.history.*    `tiacheck history`; cli.state.* a decision's state
 *   cli.diff.*       the headings of `tiacheck diff`
 *   cli.ack.*, cli.adopt.*, cli.check.*, cli.gc.*, cli.init.*, cli.mail.*,
 *   cli.reextract.*  the other commands' lines
 *
 * Texts with % are printf formats: the same conversions, in the same order, in both
 * languages.
 */
#include <inttypes.h>

#include "tiacheck/i18n.h"

const tc_msg tc_msgs_cli[] = {
	/* fetch: the outcome column, then the rest of the line */
	{ "cli.fetch.changed", "ändrad", "changed" },
	{ "cli.fetch.failed", "misslyckad", "failed" },
	{ "cli.fetch.new", "ny", "new" },
	{ "cli.fetch.moved", "flyttad", "moved" },
	{ "cli.fetch.change", "ändring %" PRId64 " (granska: tiacheck diff %s/%s)",
	  "change %" PRId64 " (review: tiacheck diff %s/%s)" },
	{ "cli.fetch.first", "första ögonblicksbilden", "first snapshot" },
	{ "cli.fetch.now_at", "finns nu på %s", "now at %s" },
	{ "cli.fetch.gone", "borta (HTTP 404/410): uppdatera adressen i katalogen",
	  "gone (HTTP 404/410): update the URL in the catalogue" },
	{ "cli.fetch.totals", "%zu dokument: %zu nya, %zu oförändrade, %zu ändrade, %zu misslyckade",
	  "%zu documents: %zu new, %zu unchanged, %zu changed, %zu failed" },

	/* run */
	{ "cli.run.totals",
	  "körning %" PRId64 ": %zu dokument: %zu nya, %zu oförändrade, %zu ändrade, "
	  "%zu misslyckade",
	  "run %" PRId64 ": %zu documents: %zu new, %zu unchanged, %zu changed, %zu failed" },
	{ "cli.run.flows", "flöden: %zu, varav till länder utanför EU/EES: %zu",
	  "flows: %zu, leaving the EU/EEA: %zu" },
	{ "cli.run.review",
	  "att granska: %.0f öppna punkter, %.0f med hög allvarlighetsgrad, %.0f försenade "
	  "(rapportens åtgärdslista; tiacheck ack / adopt PUNKT)",
	  "to review: %.0f open item(s), %.0f of high severity, %.0f overdue (the report's "
	  "action list; tiacheck ack / adopt ITEM)" },
	{ "cli.run.report", "rapport: %s", "report: %s" },

	/* history */
	{ "cli.history.failing",
	  "misslyckas: %d hämtning(ar) i rad sedan %s; den senaste goda ögonblicksbilden gäller",
	  "failing: %d fetch(es) in a row since %s; the last good snapshot stands" },
	{ "cli.history.no_snapshot", "ingen ögonblicksbild ännu", "no snapshot yet" },
	{ "cli.history.snapshot", "ögonblicksbild", "snapshot" },
	{ "cli.history.not_modified", "(oförändrad enligt servern)", "(not modified)" },
	{ "cli.history.text", "text", "text" },
	{ "cli.history.change", "ändring %" PRId64 "%s: +%d -%d ~%d block",
	  "change %" PRId64 "%s: +%d -%d ~%d blocks" },
	{ "cli.history.decided_by", "beslutad av %s", "decided by %s" },
	{ "cli.history.open", "öppen", "open" },
	{ "cli.history.change_item", "ändring", "change" },
	{ "cli.history.by_at", "av %s %s", "by %s at %s" },
	{ "cli.history.with", "(med %s)", "(with %s)" },
	{ "cli.history.cosmetic_links", "(kosmetisk: länkmål tillagda; ingen avisering)",
	  "(cosmetic: link targets added; no alert)" },
	{ "cli.history.cosmetic_flip", "(kosmetisk: tillbaka till en nyligen sedd version; "
	  "ingen avisering)", "(cosmetic: back to a recent version; no alert)" },
	{ "cli.history.cosmetic_stamp", "(kosmetisk: en föränderlig stämpel; ingen avisering)",
	  "(cosmetic: a volatile stamp; no alert)" },
	{ "cli.history.technical_rules", "(teknisk: dokumentets textregler ändrades)",
	  "(technical: the document's text rules changed)" },
	{ "cli.history.technical", "(teknisk: nya extraheringsregler)",
	  "(technical: new extraction rules)" },
	{ "cli.state.open", "öppen", "open" },
	{ "cli.state.acknowledged", "kvitterad", "acknowledged" },
	{ "cli.state.adopted", "införd i katalogen", "adopted" },
	{ "cli.state.objected", "invändning gjord", "objected" },

	/* diff */
	{ "cli.diff.change", "ändring %" PRId64 ": %s/%s%s%s %s",
	  "change %" PRId64 ": %s/%s%s%s %s" },
	{ "cli.diff.technical", "(teknisk: nya extraheringsregler)",
	  "(technical: new extraction rules)" },
	{ "cli.diff.acknowledged", "(kvitterad)", "(acknowledged)" },
	{ "cli.diff.open", "(öppen)", "(open)" },
	{ "cli.diff.snapshots", "ögonblicksbilder %" PRId64 " -> %" PRId64,
	  "snapshots %" PRId64 " -> %" PRId64 },
	{ "cli.diff.counts",
	  "ögonblicksbild %" PRId64 " (%s) -> ögonblicksbild %" PRId64 " (%s): %zu tillagda, "
	  "%zu borttagna, %zu ändrade",
	  "snapshot %" PRId64 " (%s) -> snapshot %" PRId64 " (%s): %zu added, %zu removed, "
	  "%zu changed" },
	{ "cli.diff.empty", "(ingen skillnad i den normaliserade texten)",
	  "(no difference in the normalised text)" },
	{ "cli.diff.none", "%s/%s: ingen ändring registrerad", "%s/%s: no change recorded" },

	/* ack, adopt */
	{ "cli.ack.change_acknowledged", "ändring %s kvitterad av %s",
	  "change %s acknowledged by %s" },
	{ "cli.ack.item_acknowledged", "punkt %s kvitterad av %s", "item %s acknowledged by %s" },
	{ "cli.ack.change_objected", "ändring %s: invändning registrerad av %s",
	  "change %s objected by %s" },
	{ "cli.ack.item_objected", "punkt %s: invändning registrerad av %s",
	  "item %s objected by %s" },
	{ "cli.adopt.dry_run",
	  "provkörning: inget skrivet; utan --dry-run lägger detta till '%s' i %s",
	  "dry run: nothing written; without --dry-run this adds '%s' to %s" },
	{ "cli.adopt.done", "%s infört: '%s' är nu ett känt underbiträde till %s (%s)",
	  "%s adopted: '%s' is now a known sub-processor of %s (%s)" },

	/* check */
	{ "cli.check.summary", "%s: %zu %s, %zu %s, %zu %s", "%s: %zu %s, %zu %s, %zu %s" },
	{ "cli.check.service", "tjänst", "service" },
	{ "cli.check.services", "tjänster", "services" },
	{ "cli.check.error", "fel", "error" },
	{ "cli.check.errors", "fel", "errors" },
	{ "cli.check.warning", "varning", "warning" },
	{ "cli.check.warnings", "varningar", "warnings" },

	/* gc */
	{ "cli.gc.keep", "store.keep = %s", "store.keep = %s" },
	{ "cli.gc.folded",
	  "%" PRId64 " bekräftelse(r) äldre än %d veckor sammanslagna till en ögonblicksbild "
	  "per dokument och månad; %" PRId64 " oanvända blob(bar) borttagna",
	  "%" PRId64 " confirmation(s) older than %d weeks folded into one snapshot per "
	  "document and month; %" PRId64 " unused blob(s) removed" },
	{ "cli.gc.all_kept", "alla ögonblicksbilder behålls", "every snapshot kept" },
	{ "cli.gc.before", "databasens storlek före:  %s", "database size before: %s" },
	{ "cli.gc.after", "databasens storlek efter: %s", "database size after:  %s" },
	{ "cli.gc.size", "%" PRId64 " byte (%.1f MB)", "%" PRId64 " bytes (%.1f MB)" },

	/* init, mail, reextract */
	{ "cli.init.created", "skapade %s", "created %s" },
	{ "cli.mail.test_sent", "testmeddelande skickat till %zu mottagare via %s",
	  "test message sent to %zu recipient(s) through %s" },
	{ "cli.mail.pending_sent", "%d väntande avisering(ar) skickade",
	  "%d pending alert(s) sent" },
	{ "cli.reextract.technical",
	  "teknisk ändring %" PRId64 "  %s/%s  (nya extraherings- eller textregler; ingen "
	  "avisering)",
	  "technical change %" PRId64 "  %s/%s  (new extraction or text rules; no alert)" },
	{ "cli.reextract.totals", "%zu dokument extraherade på nytt, %zu med en teknisk ändring",
	  "%zu documents re-extracted, %zu with a technical change" },
	{ NULL, NULL, NULL }
};
