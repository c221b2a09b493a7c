/*
 * Message table "vocab": the words for the coded values every output shows (roles,
 * classifications, mechanisms, location kinds, severities, statuses, finding and
 * failure kinds, document kinds). JSON keeps the codes; these are their labels.
 */
#include "tiacheck/i18n.h"

const tc_msg tc_msgs_vocab[] = {
	/* run status */
	{ "run_status.ok", "OK", "OK" },
	{ "run_status.partial", "delvis: vissa hämtningar misslyckades", "partial: some fetches failed" },
	{ "run_status.failed", "misslyckad", "failed" },
	/* severity */
	{ "severity.high", "hög", "high" },
	{ "severity.medium", "medel", "medium" },
	{ "severity.info", "info", "info" },
	/* classification of a flow */
	{ "class.eu", "EU", "EU" },
	{ "class.eea", "EES", "EEA" },
	{ "class.adequate", "adekvat skyddsnivå (beslut)", "adequacy decision" },
	{ "class.partial_covered", "delvis adekvat, omfattas", "partial adequacy, covered" },
	{ "class.partial_not_covered", "delvis adekvat, omfattas inte: tredjeland",
	  "partial adequacy, not covered: third country" },
	{ "class.third", "tredjeland", "third country" },
	/* country status in the reference data */
	{ "country_status.EU", "EU", "EU" },
	{ "country_status.EEA", "EES", "EEA" },
	{ "country_status.ADEQUATE", "adekvat skyddsnivå", "adequate" },
	{ "country_status.ADEQUATE_PARTIAL", "delvis adekvat skyddsnivå", "partially adequate" },
	{ "country_status.ADEQUATE_IO", "adekvat skyddsnivå (internationell organisation)",
	  "adequate (international organisation)" },
	{ "country_status.THIRD", "tredjeland", "third country" },
	/* transfer mechanisms */
	{ "mechanism.dpf", "EU-US Data Privacy Framework (DPF)", "EU-US Data Privacy Framework (DPF)" },
	{ "mechanism.scc", "standardavtalsklausuler (SCC)", "standard contractual clauses (SCC)" },
	{ "mechanism.bcr", "bindande företagsbestämmelser (BCR)", "binding corporate rules (BCR)" },
	{ "mechanism.art49", "undantag enligt art. 49", "Art. 49 derogation" },
	{ "mechanism.adequacy", "beslut om adekvat skyddsnivå", "adequacy decision" },
	{ "mechanism.none", "saknas", "none" },
	/* roles */
	{ "role.processor", "personuppgiftsbiträde", "processor" },
	{ "role.subprocessor", "underbiträde", "sub-processor" },
	{ "role.controller", "personuppgiftsansvarig", "controller" },
	{ "role.parent", "moderbolag", "parent company" },
	/* location kinds */
	{ "location_kind.storage", "lagring", "storage" },
	{ "location_kind.processing", "behandling", "processing" },
	{ "location_kind.remote_access", "fjärråtkomst", "remote access" },
	{ "location_kind.support", "support", "support" },
	{ "location_kind.parent", "moderbolag", "parent company" },
	/* status of a participant on the Data Privacy Framework List */
	{ "dpf_status.active", "aktiv", "active" },
	{ "dpf_status.inactive", "inaktiv", "inactive" },
	{ "dpf_status.withdrawn", "utträdd", "withdrawn" },
	{ "dpf_status.unknown", "okänd", "unknown" },
	/* TIA rating */
	{ "rating.green", "grön", "green" },
	{ "rating.amber", "gul", "amber" },
	{ "rating.red", "röd", "red" },
	/* fetch failure kinds (http_NNN other than 404/410 use failure.http_error) */
	{ "failure.http_404", "sidan finns inte (HTTP 404)", "not found (HTTP 404)" },
	{ "failure.http_410", "sidan är borttagen (HTTP 410)", "gone (HTTP 410)" },
	{ "failure.http_error", "HTTP-fel", "HTTP error" },
	{ "failure.timeout", "tidsgränsen överskreds", "timed out" },
	{ "failure.dns", "namnet kunde inte slås upp", "name could not be resolved" },
	{ "failure.connect", "ingen anslutning", "could not connect" },
	{ "failure.tls", "TLS-fel", "TLS error" },
	{ "failure.too_large", "för stort svar", "response too large" },
	{ "failure.challenge", "blockerad av bot-kontroll", "blocked by a bot challenge" },
	{ "failure.consent_wall", "blockerad av samtyckesruta", "blocked by a consent wall" },
	{ "failure.empty", "ingen text kunde extraheras", "no text could be extracted" },
	{ "failure.too_small", "för lite text extraherades", "too little text extracted" },
	{ "failure.no_match", "urvalet i katalogen träffade inget", "the catalogue's selection matched nothing" },
	{ "failure.unsupported", "format som inte stöds", "unsupported format" },
	{ "failure.needs_browser", "sidan måste renderas men Chromium saknas eller kan inte köras (apt-get install chromium)", "the page must be rendered and Chromium is missing or cannot run (apt-get install chromium)" },
	/* finding kinds */
	{ "finding.subprocessor_added", "nytt underbiträde", "sub-processor added" },
	{ "finding.subprocessor_removed", "underbiträde borttaget", "sub-processor removed" },
	{ "finding.subprocessor_location_changed", "underbiträdets plats ändrad",
	  "sub-processor location changed" },
	{ "finding.subprocessor_reworded", "underbiträdets rad omformulerad", "sub-processor row reworded" },
	{ "finding.country_added", "nytt land", "country added" },
	{ "finding.country_removed", "land borttaget", "country removed" },
	{ "finding.term_added", "nytt nyckelbegrepp", "key term added" },
	{ "finding.term_removed", "nyckelbegrepp borttaget", "key term removed" },
	{ "finding.undeclared_transfer", "odeklarerad tredjelandsöverföring", "undeclared transfer" },
	{ "finding.dpa_version_changed", "ny version av personuppgiftsbiträdesavtalet",
	  "new DPA version" },
	{ "finding.stale_mechanism", "inaktuell skyddsåtgärd", "stale mechanism" },
	{ "finding.dpf_status_changed", "ändrad DPF-status", "DPF status changed" },
	{ "finding.dpf_hr_changed", "ändrad DPF-certifiering för HR-uppgifter",
	  "DPF coverage of HR data changed" },
	/* document kinds, and the possessive phrase of an alert subject */
	{ "doc.dpa", "personuppgiftsbiträdesavtal (DPA)", "data processing agreement (DPA)" },
	{ "doc.privacy", "integritetspolicy", "privacy policy" },
	{ "doc.subprocessors", "lista över underbiträden", "sub-processor list" },
	{ "doc.terms", "villkor", "terms" },
	{ "doc.dpf", "deltagarsida på DPF-listan", "page on the DPF List" },
	{ "doc_its.dpa", "sitt personuppgiftsbiträdesavtal (DPA)", "its DPA" },
	{ "doc_its.privacy", "sin integritetspolicy", "its privacy policy" },
	{ "doc_its.subprocessors", "sin lista över underbiträden", "its sub-processor list" },
	{ "doc_its.terms", "sina villkor", "its terms" },
	{ "doc_its.dpf", "sin deltagarsida på DPF-listan", "its page on the DPF List" },
	{ NULL, NULL, NULL }
};
